"""IAM seeding for the IAM controls (CIS 1.x password policy, MFA, admin and customer
policies, users): the account password policy, groups with the deny-unless-MFA policy,
users, admin roles and customer managed policies."""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from harness.moto_sandbox import SandboxAccount

STRONG: dict[str, Any] = {
    "MinimumPasswordLength": 14, "PasswordReusePrevention": 24, "MaxPasswordAge": 90,
    "RequireSymbols": True, "RequireNumbers": True, "RequireUppercaseCharacters": True,
    "RequireLowercaseCharacters": True, "AllowUsersToChangePassword": True}
MFA_DENY: dict[str, Any] = {"Version": "2012-10-17", "Statement": [{
    "Sid": "DenyWithoutMFA", "Effect": "Deny", "NotAction": ["iam:ChangePassword"],
    "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]}
ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess"


def strong_password_policy(account: SandboxAccount) -> None:
    """The policy all three password controls pass on: one seed for them, as one account
    has one password policy (each CIS item read on its own: tests/unit/items_cis_v3.py)."""
    account.client("iam").update_account_password_policy(**STRONG)


def password_policy(account: SandboxAccount, **changes: Any) -> None:
    """The strong policy with ``changes`` (keys of STRONG: a misspelt one raises KeyError)."""
    unknown = set(changes) - set(STRONG)
    if unknown:
        raise KeyError(f"not password policy settings: {sorted(unknown)}")
    account.client("iam").update_account_password_policy(**{**STRONG, **changes})


def group_with_mfa_policy(account: SandboxAccount, *, attach: bool) -> None:
    """The Developers group (made unless another seed of the account made it), with the
    deny-unless-MFA policy attached or not."""
    iam = account.client("iam")
    arn = iam.create_policy(PolicyName="enforce-mfa",
                            PolicyDocument=json.dumps(MFA_DENY))["Policy"]["Arn"]
    with contextlib.suppress(iam.exceptions.EntityAlreadyExistsException):
        iam.create_group(GroupName="Developers")
    if attach:
        iam.attach_group_policy(GroupName="Developers", PolicyArn=arn)


def user(account: SandboxAccount, name: str, *, console: bool = False,
         inline: bool = False) -> None:
    """An IAM user, with a console password and an inline policy of its own if asked."""
    iam = account.client("iam")
    iam.create_user(UserName=name)
    if console:
        iam.create_login_profile(UserName=name, Password="Correct-Horse-Battery-9")
    if inline:
        iam.put_user_policy(UserName=name, PolicyName="own", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser",
                                                    "Resource": "*"}]}))


def console_user_with_mfa(account: SandboxAccount, name: str) -> None:
    """A console user with a virtual MFA device: CIS 1.10 holds because MFA is on, not
    because there is nobody to judge."""
    user(account, name, console=True)
    iam = account.client("iam")
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"][
        "SerialNumber"]
    iam.enable_mfa_device(UserName=name, SerialNumber=serial, AuthenticationCode1="123456",
                          AuthenticationCode2="654321")


def admin_role(account: SandboxAccount, *, policy_arn: str | None, name: str = "ops-admin") -> None:
    """A role the account's root may assume with MFA, with ``policy_arn`` attached if given."""
    iam = account.client("iam")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account.account_id}:root"},
            "Action": "sts:AssumeRole",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}))
    if policy_arn:
        iam.attach_role_policy(RoleName=name, PolicyArn=policy_arn)


def star_policy(account: SandboxAccount, *, attach: bool) -> None:
    """A customer policy allowing '*' on '*', attached to a group or not at all."""
    iam = account.client("iam")
    arn = iam.create_policy(PolicyName="everything", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Sid": "All", "Effect": "Allow", "Action": "*",
                                                "Resource": "*"}]}))["Policy"]["Arn"]
    iam.create_group(GroupName="Operators")
    if attach:
        iam.attach_group_policy(GroupName="Operators", PolicyArn=arn)


def policy(account: SandboxAccount, action: str, name: str = "job") -> None:
    """A customer policy allowing ``action`` on every resource."""
    account.client("iam").create_policy(PolicyName=name, PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Sid": "Job", "Effect": "Allow",
                                                "Action": action, "Resource": "*"}]}))
