"""IAM controls through the CLI on seeded moto accounts: PASS, FAIL, and ERROR when denied."""

from __future__ import annotations

import contextlib
import json

from tests.seeded.cases import SeededCase, cli_verdict_tests

STRONG = {"MinimumPasswordLength": 14, "PasswordReusePrevention": 24, "MaxPasswordAge": 90,
          "RequireSymbols": True, "RequireNumbers": True, "RequireUppercaseCharacters": True,
          "RequireLowercaseCharacters": True, "AllowUsersToChangePassword": True}
MFA_DENY = {"Version": "2012-10-17", "Statement": [{
    "Sid": "DenyWithoutMFA", "Effect": "Deny", "NotAction": ["iam:ChangePassword"],
    "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]}


def _strong_password_policy(account) -> None:
    """The policy all three password controls pass on: one seed for them, as one account
    has one password policy (each CIS item read on its own: tests/unit/items_cis_v3.py)."""
    account.client("iam").update_account_password_policy(**STRONG)


def _group_with_mfa_policy(account, *, attach: bool) -> None:
    """The Developers group (made unless another seed of the account made it), with the
    deny-unless-MFA policy attached or not."""
    iam = account.client("iam")
    arn = iam.create_policy(PolicyName="enforce-mfa",
                            PolicyDocument=json.dumps(MFA_DENY))["Policy"]["Arn"]
    with contextlib.suppress(iam.exceptions.EntityAlreadyExistsException):
        iam.create_group(GroupName="Developers")
    if attach:
        iam.attach_group_policy(GroupName="Developers", PolicyArn=arn)


def _user(account, name: str, *, console: bool = False, inline: bool = False) -> None:
    iam = account.client("iam")
    iam.create_user(UserName=name)
    if console:
        iam.create_login_profile(UserName=name, Password="Correct-Horse-Battery-9")
    if inline:
        iam.put_user_policy(UserName=name, PolicyName="own", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser",
                                                    "Resource": "*"}]}))


def _console_user_with_mfa(account, name: str) -> None:
    """A console user with a virtual MFA device: CIS 1.10 holds because MFA is on, not
    because there is nobody to judge."""
    _user(account, name, console=True)
    iam = account.client("iam")
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"][
        "SerialNumber"]
    iam.enable_mfa_device(UserName=name, SerialNumber=serial, AuthenticationCode1="123456",
                          AuthenticationCode2="654321")


def _admin_role(account, *, policy_arn: str | None, name: str = "ops-admin") -> None:
    iam = account.client("iam")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account.account_id}:root"},
            "Action": "sts:AssumeRole",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}))
    if policy_arn:
        iam.attach_role_policy(RoleName=name, PolicyArn=policy_arn)


def _star_policy(account, *, attach: bool) -> None:
    """A customer policy allowing '*' on '*', attached to a group or not at all."""
    iam = account.client("iam")
    arn = iam.create_policy(PolicyName="everything", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Sid": "All", "Effect": "Allow", "Action": "*",
                                                "Resource": "*"}]}))["Policy"]["Arn"]
    iam.create_group(GroupName="Operators")
    if attach:
        iam.attach_group_policy(GroupName="Operators", PolicyArn=arn)


def _policy(account, action: str, name: str = "job") -> None:
    account.client("iam").create_policy(PolicyName=name, PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Sid": "Job", "Effect": "Allow",
                                                "Action": action, "Resource": "*"}]}))


# The PASS seeds of the controls the partner checklist and FTR map compose in one account
# (tests/seeded/test_partner_checklist.py seeds them all together, then one FAIL): each makes
# users, roles and policies of its own names (the FAILs use jane.doe, job), and the one group
# has the MFA policy.
SEEDED: dict[str, SeededCase] = {
    "iam-password-policy-strong": SeededCase(
        seed_pass=_strong_password_policy,
        seed_fail=lambda a: a.client("iam").update_account_password_policy(
            **{**STRONG, "PasswordReusePrevention": 3}),
        fail_reason="PasswordReusePrevention is 3",
        denied_action="iam:GetAccountPasswordPolicy"),
    "iam-password-policy-min-length": SeededCase(
        seed_pass=_strong_password_policy,
        seed_fail=lambda a: a.client("iam").update_account_password_policy(
            **{**STRONG, "MinimumPasswordLength": 12}),
        fail_reason="MinimumPasswordLength is 12, needs >= 14",
        denied_action="iam:GetAccountPasswordPolicy"),
    "iam-password-policy-reuse": SeededCase(
        seed_pass=_strong_password_policy,
        seed_fail=lambda a: a.client("iam").update_account_password_policy(
            **{**STRONG, "PasswordReusePrevention": 5}),
        fail_reason="PasswordReusePrevention is 5, needs 24",
        denied_action="iam:GetAccountPasswordPolicy"),
    "iam-no-full-admin-policy-attached": SeededCase(
        seed_pass=lambda a: (_admin_role(a, policy_arn="arn:aws:iam::aws:policy/ReadOnlyAccess"),
                             _star_policy(a, attach=False)),
        seed_fail=lambda a: _admin_role(a, policy_arn="arn:aws:iam::aws:policy/AdministratorAccess"),
        fail_reason="role/ops-admin has AdministratorAccess attached",
        denied_action="iam:GetAccountAuthorizationDetails"),
    "iam-customer-policies-no-full-admin": SeededCase(
        seed_pass=lambda a: (_admin_role(a, policy_arn="arn:aws:iam::aws:policy/AdministratorAccess",
                                         name="break-glass"),
                             _policy(a, "iam:ListUsers", name="user-directory")),
        seed_fail=lambda a: _star_policy(a, attach=False),
        fail_reason="policy/everything",
        denied_action="iam:GetAccountAuthorizationDetails"),
    "iam-human-groups-enforce-mfa": SeededCase(
        seed_pass=lambda a: _group_with_mfa_policy(a, attach=True),
        seed_fail=lambda a: _group_with_mfa_policy(a, attach=False),
        fail_reason="Developers",
        denied_action="iam:GetAccountAuthorizationDetails"),
    "iam-console-users-have-mfa": SeededCase(
        seed_pass=lambda a: _console_user_with_mfa(a, "mei.chen"),
        seed_fail=lambda a: _user(a, "jane.doe", console=True),
        fail_reason="jane.doe",
        denied_action="iam:GetCredentialReport"),
    "iam-policies-no-wildcards": SeededCase(
        seed_pass=lambda a: _policy(a, "iam:ListUsers"),
        seed_fail=lambda a: _policy(a, "ec2:*"),
        fail_reason="wildcard action 'ec2:*'",
        denied_action="iam:GetAccountAuthorizationDetails"),
    "iam-user-permissions-through-groups-only": SeededCase(
        seed_pass=lambda a: _user(a, "noah.klein"),
        seed_fail=lambda a: _user(a, "jane.doe", inline=True),
        fail_reason="jane.doe (own)",
        denied_action="iam:GetAccountAuthorizationDetails"),
    "iam-no-shared-users": SeededCase(
        seed_pass=lambda a: _user(a, "priya.nair"),
        seed_fail=lambda a: _user(a, "team-shared"),
        fail_reason="team-shared",
        denied_action="iam:GetAccountAuthorizationDetails"),
}


(test_cli_passes_on_a_compliant_account, test_cli_fails_with_the_reason,
 test_cli_errors_when_the_read_is_denied) = cli_verdict_tests(SEEDED, "seeded-iam")
