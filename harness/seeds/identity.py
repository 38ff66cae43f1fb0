"""Seeding for the root, account-contact, credential, access and guardrail controls: root
user state, alternate contacts, users with keys and their age, roles and their trust,
Identity Center permission sets, public access blocks, Security Hub and its standards.

moto cannot hold some of this state by itself; harness.moto supplies it (root user state
and old credentials: harness/moto/credentials.py; Security Hub standards: routes.py).
"""

from __future__ import annotations

import contextlib
import json
import re
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.moto import age_credentials, set_enabled_standards, set_root_state

if TYPE_CHECKING:
    from harness.moto_sandbox import SandboxAccount

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
CIS = "cis-aws-foundations-benchmark/v/3.0.0"
FSBP = "aws-foundational-security-best-practices/v/1.0.0"
ROOT = Path(__file__).resolve().parents[2]
SAML_METADATA = ROOT / "terraform/modules/saml-federation/test-fixtures/idp-metadata.xml"


class Contact(StrEnum):
    """The alternate contact types of an AWS account."""

    SECURITY = "SECURITY"
    BILLING = "BILLING"
    OPERATIONS = "OPERATIONS"


def days_ago(days: int) -> str:
    """The moment ``days`` days ago, as the credential report writes it."""
    return (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")


def contacts(account: SandboxAccount, *kinds: Contact | str) -> None:
    """An alternate contact of each kind (a :class:`Contact`; a string is checked)."""
    client = account.client("account")
    for kind in map(Contact, kinds):
        client.put_alternate_contact(AlternateContactType=kind.value, Name=f"{kind.title()} Team",
                                     Title="Team", EmailAddress=f"{kind.lower()}@example.com",
                                     PhoneNumber="+1 206 555 0100")


def user(account: SandboxAccount, name: str = "jane.doe", *, console: bool = False,
         mfa: bool = False, keys: int = 0, age_days: int | None = None,
         key_used_days_ago: int | None = None) -> None:
    """An IAM user with a console password, a virtual MFA device and ``keys`` access keys
    as asked, back-dated ``age_days`` (its keys last used ``key_used_days_ago``)."""
    iam = account.client("iam")
    iam.create_user(UserName=name)
    if console:
        iam.create_login_profile(UserName=name, Password="Correct-Horse-Battery-9")
    if mfa:
        serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"][
            "SerialNumber"]
        iam.enable_mfa_device(UserName=name, SerialNumber=serial, AuthenticationCode1="123456",
                              AuthenticationCode2="654321")
    for _ in range(keys):
        iam.create_access_key(UserName=name)
    if age_days is not None:
        age_credentials(account.account_id, name, days=age_days,
                        key_last_used_days_ago=key_used_days_ago)


def role(account: SandboxAccount, name: str, trust_statement: dict[str, Any], *,
         max_session: int = 3600, policies: tuple[str, ...] = ()) -> None:
    """A role trusting ``trust_statement``, with the managed ``policies`` attached."""
    iam = account.client("iam")
    iam.create_role(RoleName=name, MaxSessionDuration=max_session,
                    AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17",
                                                         "Statement": [trust_statement]}))
    for arn in policies:
        iam.attach_role_policy(RoleName=name, PolicyArn=arn)


def own_root(account: SandboxAccount, *, mfa: bool) -> dict[str, Any]:
    """A trust statement letting the account's own root assume the role (with MFA if asked)."""
    statement: dict[str, Any] = {"Effect": "Allow", "Action": "sts:AssumeRole",
                                 "Principal": {"AWS": f"arn:aws:iam::{account.account_id}:root"}}
    if mfa:
        statement["Condition"] = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    return statement


def group_with(account: SandboxAccount, policy_arn: str | None) -> None:
    """The Developers group (made unless another seed of the account made it) with the policy."""
    iam = account.client("iam")
    with contextlib.suppress(iam.exceptions.EntityAlreadyExistsException):
        iam.create_group(GroupName="Developers")
    if policy_arn:
        iam.attach_group_policy(GroupName="Developers", PolicyArn=policy_arn)


def permission_set(account: SandboxAccount, duration: str) -> None:
    """An Identity Center permission set whose sessions last ``duration`` (ISO 8601, PT1H)."""
    if not re.fullmatch(r"PT(\d+H)?(\d+M)?", duration) or duration == "PT":
        raise ValueError(f"{duration!r} is not an ISO 8601 session duration such as PT1H")
    sso = account.client("sso-admin")
    instance = sso.list_instances()["Instances"][0]["InstanceArn"]
    sso.create_permission_set(Name="Developers", InstanceArn=instance, SessionDuration=duration)


def account_public_access_block(account: SandboxAccount, *, restrict: bool) -> None:
    """The account-level S3 public access block, RestrictPublicBuckets on or off."""
    account.client("s3control").put_public_access_block(
        AccountId=account.account_id, PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
            "RestrictPublicBuckets": restrict})


def security_hub(account: SandboxAccount, *standards: str) -> None:
    """Security Hub enabled without default standards, subscribed to ``standards``."""
    account.client("securityhub").enable_security_hub(EnableDefaultStandards=False)
    set_enabled_standards(account.account_id, account.region, list(standards))


def upload_certificate(account: SandboxAccount) -> None:
    """A server certificate named old-www (moto gives every uploaded one an expiry in 2012)."""
    account.client("iam").upload_server_certificate(
        ServerCertificateName="old-www",
        CertificateBody="-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
        PrivateKey="-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----")


def root_password_removed(account: SandboxAccount) -> None:
    """The root user of a member account whose root credentials the organization removed:
    no password (AccountPasswordPresent 0), its MFA as it was (none in a fresh account), so
    that another root seed's MFA in the same account survives."""
    iam = account.client("iam")
    mfa = "none"
    if iam.get_account_summary()["SummaryMap"].get("AccountMFAEnabled"):
        serials = [d["SerialNumber"] for d in iam.list_virtual_mfa_devices()["VirtualMFADevices"]]
        mfa = "virtual" if any(s.endswith(":mfa/root-account-mfa-device") for s in serials) \
            else "hardware"
    set_root_state(account.account_id, mfa=mfa, password=False)
