"""Root, account-contact, credential, access and guardrail controls through the CLI on
seeded moto accounts: PASS, FAIL with the reason, and ERROR when the read is denied.

moto cannot hold some of this state by itself; the harness supplies it
(harness/moto_extensions.py): root user state (set_root_state), old credentials
(age_credentials), IAM Access Analyzer analyzers (set_access_analyzers: moto has no
accessanalyzer backend) and Security Hub standards (set_enabled_standards: moto has no
standards endpoints).
"""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from harness.moto_extensions import (
    MISSING_IN_STOCK_MOTO,
    age_credentials,
    set_access_analyzers,
    set_enabled_standards,
    set_root_state,
)
from tests.seeded.cases import SeededCase, cli_verdict_tests

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
CIS = "cis-aws-foundations-benchmark/v/3.0.0"
FSBP = "aws-foundational-security-best-practices/v/1.0.0"
ROOT = Path(__file__).resolve().parents[2]
SAML_METADATA = ROOT / "terraform/modules/saml-federation/test-fixtures/idp-metadata.xml"


def _days_ago(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")


def _contacts(account, *kinds: str) -> None:
    client = account.client("account")
    for kind in kinds:
        client.put_alternate_contact(AlternateContactType=kind, Name=f"{kind.title()} Team",
                                     Title="Team", EmailAddress=f"{kind.lower()}@example.com",
                                     PhoneNumber="+1 206 555 0100")


def _user(account, name: str = "jane.doe", *, console: bool = False, mfa: bool = False,
          keys: int = 0, age_days: int | None = None,
          key_used_days_ago: int | None = None) -> None:
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


def _role(account, name: str, trust_statement: dict, *, max_session: int = 3600,
          policies: tuple[str, ...] = ()) -> None:
    iam = account.client("iam")
    iam.create_role(RoleName=name, MaxSessionDuration=max_session,
                    AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17",
                                                         "Statement": [trust_statement]}))
    for arn in policies:
        iam.attach_role_policy(RoleName=name, PolicyArn=arn)


def _own_root(account, *, mfa: bool) -> dict:
    statement = {"Effect": "Allow", "Action": "sts:AssumeRole",
                 "Principal": {"AWS": f"arn:aws:iam::{account.account_id}:root"}}
    if mfa:
        statement["Condition"] = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    return statement


def _group_with(account, policy_arn: str | None) -> None:
    """The Developers group (made unless another seed of the account made it) with the policy."""
    iam = account.client("iam")
    with contextlib.suppress(iam.exceptions.EntityAlreadyExistsException):
        iam.create_group(GroupName="Developers")
    if policy_arn:
        iam.attach_group_policy(GroupName="Developers", PolicyArn=policy_arn)


def _permission_set(account, duration: str) -> None:
    sso = account.client("sso-admin")
    instance = sso.list_instances()["Instances"][0]["InstanceArn"]
    sso.create_permission_set(Name="Developers", InstanceArn=instance, SessionDuration=duration)


def _public_access_block(account, restrict: bool) -> None:
    account.client("s3control").put_public_access_block(
        AccountId=account.account_id, PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
            "RestrictPublicBuckets": restrict})


def _bucket(account, *, blocked: bool) -> None:
    """A bucket with (or without) its own public access block; no account-level block."""
    name = f"data-{account.account_id}"  # bucket names are global in moto
    s3 = account.client("s3")
    s3.create_bucket(Bucket=name)
    if blocked:
        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True})


def _security_hub(account, *standards: str) -> None:
    account.client("securityhub").enable_security_hub(EnableDefaultStandards=False)
    set_enabled_standards(account.account_id, account.region, list(standards))


def _upload_certificate(account) -> None:
    # moto gives every uploaded server certificate an expiry in 2012
    account.client("iam").upload_server_certificate(
        ServerCertificateName="old-www",
        CertificateBody="-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
        PrivateKey="-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----")


def _root_password_removed(account) -> None:
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


# The PASS seeds of the controls the partner checklist and FTR map compose in one account
# (tests/seeded/test_partner_checklist.py seeds them all together, then one FAIL): each makes
# a user of its own name (the FAILs use jane.doe), a console user has MFA, and the root seeds
# leave one another's MFA on.
SEEDED: dict[str, SeededCase] = {
    "root-no-access-keys": SeededCase(
        seed_pass=lambda a: set_root_state(a.account_id, mfa="hardware"),
        seed_fail=lambda a: set_root_state(a.account_id, mfa="hardware", access_keys=True),
        fail_reason="the root user has access keys",
        denied_action="iam:GetAccountSummary"),
    "root-mfa-enabled": SeededCase(
        seed_pass=lambda a: set_root_state(a.account_id, mfa="virtual"),
        seed_fail=lambda a: set_root_state(a.account_id, mfa="none"),
        fail_reason="no MFA device",
        denied_action="iam:GetAccountSummary"),
    "root-hardware-mfa": SeededCase(
        seed_pass=lambda a: set_root_state(a.account_id, mfa="hardware"),
        seed_fail=lambda a: set_root_state(a.account_id, mfa="virtual"),
        fail_reason="is a virtual device",
        denied_action="iam:ListVirtualMFADevices"),
    # CIS v5.0.0 1.4/1.5: a root user whose password was removed (centralized root access)
    # passes without MFA; one with a password and no MFA fails.
    "root-mfa-enabled-or-password-removed": SeededCase(
        seed_pass=_root_password_removed,
        seed_fail=lambda a: set_root_state(a.account_id, mfa="none"),
        fail_reason="the root user has a password and no MFA device (AccountMFAEnabled=0, "
                    "AccountPasswordPresent=1)",
        denied_action="iam:GetAccountSummary"),
    "root-hardware-mfa-or-password-removed": SeededCase(
        seed_pass=_root_password_removed,
        seed_fail=lambda a: set_root_state(a.account_id, mfa="virtual"),
        fail_reason="is a virtual device",
        denied_action="iam:GetAccountSummary"),
    "root-used-only-by-exception": SeededCase(
        seed_pass=lambda a: set_root_state(a.account_id, mfa="hardware",
                                           password_last_used=_days_ago(200)),
        seed_fail=lambda a: set_root_state(a.account_id, mfa="hardware",
                                           password_last_used=_days_ago(2)),
        fail_reason="the root user's password was used on",
        denied_action="iam:GetCredentialReport"),
    "account-security-contact": SeededCase(
        seed_pass=lambda a: _contacts(a, "SECURITY"),
        seed_fail=lambda a: _contacts(a, "BILLING"),
        fail_reason="no SECURITY alternate contact",
        denied_action="account:GetAlternateContact"),
    "account-alternate-contacts": SeededCase(
        seed_pass=lambda a: _contacts(a, "OPERATIONS", "BILLING"),
        seed_fail=lambda a: _contacts(a, "OPERATIONS"),
        fail_reason="no BILLING alternate contact",
        denied_action="account:GetAlternateContact"),
    "iam-no-access-keys-at-setup": SeededCase(
        seed_pass=lambda a: _user(a, "ana.silva", console=True, mfa=True),
        seed_fail=lambda a: _user(a, console=True, keys=1),
        fail_reason="jane.doe (key 1)",
        denied_action="iam:GetCredentialReport"),
    "iam-unused-credentials-disabled": SeededCase(
        seed_pass=lambda a: _user(a, "li.wei", keys=1, age_days=60, key_used_days_ago=3),
        seed_fail=lambda a: _user(a, keys=1, age_days=60),
        fail_reason="jane.doe access key 1 (never used)",
        denied_action="iam:GetCredentialReport"),
    "iam-one-active-access-key": SeededCase(
        seed_pass=lambda a: _user(a, "omar.haddad", keys=1),
        seed_fail=lambda a: _user(a, keys=2),
        fail_reason="two active access keys: jane.doe",
        denied_action="iam:GetCredentialReport"),
    "iam-access-keys-rotated": SeededCase(
        seed_pass=lambda a: _user(a, "sara.berg", keys=1, age_days=30, key_used_days_ago=1),
        seed_fail=lambda a: _user(a, keys=1, age_days=100, key_used_days_ago=1),
        fail_reason="jane.doe key 1 (created",
        denied_action="iam:GetCredentialReport"),
    "iam-expired-certificates-removed": SeededCase(
        seed_pass=lambda a: _user(a, "ken.ito"),
        seed_fail=_upload_certificate,
        fail_reason="old-www (expired 2012",
        denied_action="iam:ListServerCertificates"),
    "iam-cloudshell-full-access-restricted": SeededCase(
        seed_pass=lambda a: _group_with(a, "arn:aws:iam::aws:policy/ReadOnlyAccess"),
        seed_fail=lambda a: _group_with(a, "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"),
        fail_reason="AWSCloudShellFullAccess is attached to group/Developers",
        denied_action="iam:GetAccountAuthorizationDetails"),
    "iam-support-role": SeededCase(
        seed_pass=lambda a: _role(a, "aws-support", _own_root(a, mfa=True),
                                  policies=("arn:aws:iam::aws:policy/AWSSupportAccess",)),
        seed_fail=lambda a: _role(a, "aws-support", _own_root(a, mfa=True)),
        fail_reason="no IAM role has the AWSSupportAccess policy attached",
        denied_action="iam:GetAccountAuthorizationDetails"),
    "roles-limited-session": SeededCase(
        seed_pass=lambda a: _role(a, "ops-admin", _own_root(a, mfa=True), policies=(ADMIN,)),
        seed_fail=lambda a: _role(a, "ops-admin", _own_root(a, mfa=True), max_session=7200,
                                  policies=(ADMIN,)),
        fail_reason="admin role ops-admin allows 7200 s sessions (limit 3600 s)",
        denied_action="iam:ListRoles"),
    "roles-trust-requires-mfa-or-federation": SeededCase(
        seed_pass=lambda a: _role(a, "ops", _own_root(a, mfa=True)),
        seed_fail=lambda a: _role(a, "ops", _own_root(a, mfa=False)),
        fail_reason="ops: trusts arn:aws:iam::",
        denied_action="iam:ListRoles"),
    "federation-configured": SeededCase(
        seed_pass=lambda a: a.client("iam").create_saml_provider(
            Name="corp-idp", SAMLMetadataDocument=SAML_METADATA.read_text()),
        seed_fail=lambda a: _user(a),
        fail_reason="identities are not managed centrally",
        denied_action="iam:ListSAMLProviders"),
    "identity-center-permission-set-session": SeededCase(
        seed_pass=lambda a: _permission_set(a, "PT1H"),
        seed_fail=lambda a: _permission_set(a, "PT12H"),
        fail_reason="Developers (PT12H)",
        denied_action="sso-admin:ListInstances"),
    "s3-public-access-blocked": SeededCase(
        seed_pass=lambda a: _bucket(a, blocked=True),
        seed_fail=lambda a: _bucket(a, blocked=False),
        fail_reason="public access block has BlockPublicAcls, IgnorePublicAcls, "
                    "BlockPublicPolicy, RestrictPublicBuckets off",
        # moto names the bucket-level GetPublicAccessBlock request ListBucket (its action map
        # looks for "public_access_block" in a query string that says "publicAccessBlock").
        denied_action="s3:ListBucket"),
    "s3-account-public-access-block": SeededCase(
        seed_pass=lambda a: _public_access_block(a, restrict=True),
        seed_fail=lambda a: _public_access_block(a, restrict=False),
        fail_reason="RestrictPublicBuckets off",
        denied_action="s3control:GetPublicAccessBlock"),
    "ebs-default-encryption": SeededCase(
        seed_pass=lambda a: a.client("ec2").enable_ebs_encryption_by_default(),
        seed_fail=lambda a: a.client("ec2").disable_ebs_encryption_by_default(),
        fail_reason="EBS encryption by default is off in us-east-1",
        denied_action="ec2:GetEbsEncryptionByDefault"),
    "access-analyzer-enabled": SeededCase(
        seed_pass=lambda a: set_access_analyzers(a.account_id, a.region, [
            {"name": "account-analyzer", "type": "ACCOUNT", "status": "ACTIVE"}]),
        seed_fail=lambda a: set_access_analyzers(a.account_id, a.region, [
            {"name": "account-analyzer", "type": "ACCOUNT", "status": "DISABLED"}]),
        fail_reason="no ACTIVE IAM Access Analyzer in us-east-1",
        denied_action="access-analyzer:ListAnalyzers"),
    "guardduty-enabled": SeededCase(
        seed_pass=lambda a: a.client("guardduty").create_detector(Enable=True),
        seed_fail=lambda a: a.client("guardduty").create_detector(Enable=False),
        fail_reason="suspended",
        denied_action="guardduty:ListDetectors"),
    "securityhub-enabled": SeededCase(
        seed_pass=lambda a: _security_hub(a),  # no standard: CIS 4.16 asks only for the hub
        seed_fail=lambda a: None,  # a fresh account: Security Hub never enabled
        fail_reason="Security Hub is not enabled in us-east-1",
        denied_action="securityhub:DescribeHub"),
    "securityhub-enabled-with-standards": SeededCase(
        seed_pass=lambda a: _security_hub(a, CIS, FSBP),
        seed_fail=lambda a: _security_hub(a, FSBP),
        fail_reason="not subscribed to CIS AWS Foundations v3.0.0",
        denied_action="securityhub:DescribeHub"),
}


(test_cli_passes_on_a_compliant_account, test_cli_fails_with_the_reason,
 test_cli_errors_when_the_read_is_denied) = cli_verdict_tests(
    SEEDED, "seeded-identity", denied_on_apply=True)


def test_unseeded_stand_ins_are_not_provable_and_stock_moto_still_lacks_them(sandbox_account,
                                                                             audit_cli):
    """Nothing seeded for the account: the stand-ins answer EmulatorGap and the audit shows
    NOT_PROVABLE (never a PASS or FAIL built from a stand-in); the routed reads exist only
    because stock moto still lacks them."""
    sandbox_account.client("securityhub").enable_security_hub(EnableDefaultStandards=False)
    result = audit_cli(sandbox_account, "--controls",
                       "access-analyzer-enabled,securityhub-enabled-with-standards")
    assert result.statuses("access-analyzer-enabled") == {"NOT_PROVABLE"}
    assert result.statuses("securityhub-enabled-with-standards") == {"NOT_PROVABLE"}
    assert "the emulator does not implement access-analyzer:ListAnalyzers" in result.reasons(
        "access-analyzer-enabled")
    assert result.exit_code == 0  # neither a FAIL nor an ERROR
    assert MISSING_IN_STOCK_MOTO["access-analyzer GET /analyzer"] is True, (
        "moto now has an accessanalyzer backend: drop the routed ListAnalyzers answer")
    assert MISSING_IN_STOCK_MOTO["securityhub POST /standards/get"] is True, (
        "moto now serves GetEnabledStandards: drop the routed answer")


def test_stock_moto_has_no_account_password_present(sandbox_account):
    """moto's account summary lacks AccountPasswordPresent (AWS reports it): set_root_state
    supplies it (harness/moto_extensions.py). This fails when moto starts reporting it."""
    iam = sandbox_account.client("iam")
    assert "AccountPasswordPresent" not in iam.get_account_summary()["SummaryMap"]
    set_root_state(sandbox_account.account_id, mfa="hardware", password=False)
    assert iam.get_account_summary()["SummaryMap"]["AccountPasswordPresent"] == 0
    set_root_state(sandbox_account.account_id, mfa="hardware")
    assert iam.get_account_summary()["SummaryMap"]["AccountPasswordPresent"] == 1


def test_root_v5_controls_pass_on_mfa_and_the_v3_ones_fail_on_a_removed_password(
        sandbox_account, audit_cli):
    """The same account through the CLI: no password and no MFA fails CIS v3.0.0 1.5/1.6
    and passes CIS v5.0.0 1.4/1.5 (their PASS cases above); a hardware MFA passes both."""
    _root_password_removed(sandbox_account)
    controls = ("root-mfa-enabled,root-hardware-mfa,root-mfa-enabled-or-password-removed,"
                "root-hardware-mfa-or-password-removed")
    result = audit_cli(sandbox_account, "--controls", controls)
    assert result.statuses("root-mfa-enabled") == {"FAIL"}
    assert result.statuses("root-hardware-mfa") == {"FAIL"}
    assert result.statuses("root-mfa-enabled-or-password-removed") == {"PASS"}
    set_root_state(sandbox_account.account_id, mfa="hardware")
    result = audit_cli(sandbox_account, "--controls", controls)
    names = controls.split(",")
    assert {c: result.statuses(c) for c in names} == {c: {"PASS"} for c in names}
