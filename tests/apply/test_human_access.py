"""examples/human-access on a disposable moto account: every IAM control on live state.

Order matters and xdist keeps it (one group, one worker): apply, every control PASS,
re-plan empty, each drift flips its control to FAIL and back, destroy leaves nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from governance.catalog import controls_implemented_by
from governance.checks import verdict
from governance.model import Status

pytestmark = pytest.mark.xdist_group("human-access")

MODULE = "iam-human-access"
CONTROL_IDS = [control.id for control in controls_implemented_by(MODULE)]
STRONG_PASSWORD_POLICY = {
    "MinimumPasswordLength": 14, "PasswordReusePrevention": 24, "MaxPasswordAge": 90,
    "RequireSymbols": True, "RequireNumbers": True, "RequireUppercaseCharacters": True,
    "RequireLowercaseCharacters": True, "AllowUsersToChangePassword": True,
}
WILDCARD_POLICY = {"Version": "2012-10-17", "Statement": [
    {"Sid": "DriftEverything", "Effect": "Allow", "Action": "*", "Resource": "*"}]}


@pytest.fixture(scope="module")
def stack(stack_factory):
    stack = stack_factory("examples/human-access")
    stack.apply()
    return stack


@pytest.fixture(scope="module")
def iam(stack):
    return stack.account.client("iam")


def _mfa_policy_arn(iam) -> str:
    policies = iam.list_policies(Scope="Local")["Policies"]
    return next(p["Arn"] for p in policies if p["PolicyName"].endswith("-enforce-mfa"))


@dataclass(frozen=True)
class Drift:
    """A change made behind Terraform's back, what the FAIL reason must name, and its undo."""

    apply: Callable[[Any], None]
    undo: Callable[[Any], None]
    reason_names: str


def _weaken_password_policy(iam) -> None:
    iam.update_account_password_policy(**{**STRONG_PASSWORD_POLICY, "MinimumPasswordLength": 8})


def _attach_wildcard_policy(iam) -> None:
    arn = iam.create_policy(PolicyName="drift-wildcard",
                            PolicyDocument=json.dumps(WILDCARD_POLICY))["Policy"]["Arn"]
    iam.attach_group_policy(GroupName="Developers", PolicyArn=arn)


def _remove_wildcard_policy(iam) -> None:
    arn = next(p["Arn"] for p in iam.list_policies(Scope="Local")["Policies"]
               if p["PolicyName"] == "drift-wildcard")
    iam.detach_group_policy(GroupName="Developers", PolicyArn=arn)
    iam.delete_policy(PolicyArn=arn)


CLOUDSHELL = "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"


def _console_user_with_unused_key(iam) -> None:
    iam.create_login_profile(UserName="john.smith", Password="Correct-Horse-Battery-9")
    iam.create_access_key(UserName="john.smith")


def _remove_console_and_keys(iam) -> None:
    iam.delete_login_profile(UserName="john.smith")
    for key in iam.list_access_keys(UserName="john.smith")["AccessKeyMetadata"]:
        iam.delete_access_key(UserName="john.smith", AccessKeyId=key["AccessKeyId"])


def _stale_access_key(iam) -> None:
    from harness.moto import age_credentials

    iam.create_access_key(UserName="ana.lima")
    account_id = iam.get_user(UserName="ana.lima")["User"]["Arn"].split(":")[4]
    age_credentials(account_id, "ana.lima", days=120, key_last_used_days_ago=100)


def _remove_keys_of_ana(iam) -> None:
    for key in iam.list_access_keys(UserName="ana.lima")["AccessKeyMetadata"]:
        iam.delete_access_key(UserName="ana.lima", AccessKeyId=key["AccessKeyId"])


DRIFTS: dict[str, Drift] = {
    "iam-cloudshell-full-access-restricted": Drift(
        apply=lambda iam: iam.attach_group_policy(GroupName="Developers", PolicyArn=CLOUDSHELL),
        undo=lambda iam: iam.detach_group_policy(GroupName="Developers", PolicyArn=CLOUDSHELL),
        reason_names="AWSCloudShellFullAccess is attached to"),
    "iam-no-access-keys-at-setup": Drift(
        apply=_console_user_with_unused_key, undo=_remove_console_and_keys,
        reason_names="john.smith"),
    "iam-unused-credentials-disabled": Drift(
        apply=_stale_access_key, undo=_remove_keys_of_ana, reason_names="ana.lima"),
    "iam-password-policy-strong": Drift(
        apply=_weaken_password_policy,
        undo=lambda iam: iam.update_account_password_policy(**STRONG_PASSWORD_POLICY),
        reason_names="MinimumPasswordLength is 8"),
    "iam-password-policy-min-length": Drift(
        apply=_weaken_password_policy,
        undo=lambda iam: iam.update_account_password_policy(**STRONG_PASSWORD_POLICY),
        reason_names="MinimumPasswordLength is 8, needs >= 14"),
    "iam-password-policy-reuse": Drift(
        apply=lambda iam: iam.update_account_password_policy(
            **{**STRONG_PASSWORD_POLICY, "PasswordReusePrevention": 5}),
        undo=lambda iam: iam.update_account_password_policy(**STRONG_PASSWORD_POLICY),
        reason_names="PasswordReusePrevention is 5, needs 24"),
    "iam-no-full-admin-policy-attached": Drift(
        apply=_attach_wildcard_policy, undo=_remove_wildcard_policy,
        reason_names="group/Developers has drift-wildcard attached"),
    "iam-customer-policies-no-full-admin": Drift(
        apply=_attach_wildcard_policy, undo=_remove_wildcard_policy,
        reason_names="policy/drift-wildcard"),
    "iam-human-groups-enforce-mfa": Drift(
        apply=lambda iam: iam.detach_group_policy(GroupName="Developers",
                                                  PolicyArn=_mfa_policy_arn(iam)),
        undo=lambda iam: iam.attach_group_policy(GroupName="Developers",
                                                 PolicyArn=_mfa_policy_arn(iam)),
        reason_names="Developers"),
    "iam-console-users-have-mfa": Drift(
        apply=lambda iam: iam.create_login_profile(UserName="john.smith",
                                                   Password="Correct-Horse-Battery-9"),
        undo=lambda iam: iam.delete_login_profile(UserName="john.smith"),
        reason_names="john.smith"),
    "iam-policies-no-wildcards": Drift(
        apply=_attach_wildcard_policy, undo=_remove_wildcard_policy,
        reason_names="wildcard action '*'"),
    "iam-user-permissions-through-groups-only": Drift(
        apply=lambda iam: iam.put_user_policy(
            UserName="jane.doe", PolicyName="drift-direct",
            PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
                {"Sid": "Direct", "Effect": "Allow", "Action": "iam:GetUser",
                 "Resource": "arn:aws:iam::*:user/jane.doe"}]})),
        undo=lambda iam: iam.delete_user_policy(UserName="jane.doe", PolicyName="drift-direct"),
        reason_names="jane.doe (drift-direct)"),
    "iam-no-shared-users": Drift(
        apply=lambda iam: iam.create_user(UserName="shared-ops"),
        undo=lambda iam: iam.delete_user(UserName="shared-ops"),
        reason_names="shared-ops"),
}


def test_every_control_of_the_module_has_a_drift_case():
    assert sorted(DRIFTS) == sorted(CONTROL_IDS)


@pytest.mark.parametrize("control_id", CONTROL_IDS)
def test_control_passes_after_apply(stack, audit, control_id):
    findings = audit(stack.account, [control_id])
    assert verdict(findings, control_id) is Status.PASS, findings


def test_second_plan_shows_no_changes(stack):
    assert stack.pending_changes() == []


@pytest.mark.parametrize("control_id", sorted(DRIFTS))
def test_drift_flips_control_to_fail(stack, iam, audit, control_id):
    drift = DRIFTS[control_id]
    drift.apply(iam)
    try:
        findings = audit(stack.account, [control_id])
    finally:
        drift.undo(iam)
    failed = [f for f in findings if f.status is Status.FAIL]
    assert failed, f"{control_id} did not FAIL after drift: {findings}"
    assert drift.reason_names in failed[0].reason
    assert verdict(audit(stack.account, [control_id]), control_id) is Status.PASS, \
        f"{control_id} did not PASS again after the drift was undone"


def test_console_user_with_mfa_passes(stack, iam, audit):
    """A console user who enabled a virtual MFA device keeps the MFA control PASS."""
    control_id = "iam-console-users-have-mfa"
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="ana.lima")[
        "VirtualMFADevice"]["SerialNumber"]
    iam.enable_mfa_device(UserName="ana.lima", SerialNumber=serial,
                          AuthenticationCode1="123456", AuthenticationCode2="654321")
    iam.create_login_profile(UserName="ana.lima", Password="Correct-Horse-Battery-9")
    try:
        findings = audit(stack.account, [control_id])
        assert verdict(findings, control_id) is Status.PASS, findings
        assert "1 console user(s), all with MFA" in findings[0].reason
    finally:
        iam.delete_login_profile(UserName="ana.lima")
        iam.deactivate_mfa_device(UserName="ana.lima", SerialNumber=serial)
        iam.delete_virtual_mfa_device(SerialNumber=serial)


def test_destroy_leaves_no_created_resources(stack, iam):
    stack.destroy()
    assert iam.list_groups()["Groups"] == []
    assert iam.list_users()["Users"] == []
    assert iam.list_policies(Scope="Local")["Policies"] == []
    assert iam.list_account_aliases()["AccountAliases"] == []
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_account_password_policy()
