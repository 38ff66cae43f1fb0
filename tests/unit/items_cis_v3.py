"""CIS AWS Foundations v3.0.0 items as their own audit procedures read them (the ``audit``
text of each item in governance/catalog/frameworks/cis_aws_v3.toml).

The cases that tell an item from a stricter house rule are written out here: a compliant
snapshot the procedure accepts although a house rule would not (length 14 with reuse 5 for
1.8, a console user with MFA in a group without an MFA policy for 1.10, a trail with AWS's
default selectors for 3.1 and 4.x, a hub without standards for 4.16, an unused-access
analyzer for 1.20), and a non-compliant one a looser rule would miss (AdministratorAccess
on a role for 1.16, global types off in one region for 3.3). For the other items, whose
control reads exactly what the procedure reads, the control's own compliant snapshot and
first failing case stand in (``_from_control_cases``).
"""

from __future__ import annotations

from collections.abc import Callable

from governance.catalog import catalog
from governance.model import AccountSnapshot
from tests.support.snapshots import changed
from tests.unit import snapshots, snapshots_identity, snapshots_logging
from tests.unit.item_cases import ItemCase
from tests.unit.snapshots_identity import REGIONS, identity_compliant

DETAILS = "iam:GetAccountAuthorizationDetails"
ADMIN = {"PolicyName": "AdministratorAccess",
         "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}
EU = REGIONS[1]


def _password(**changes) -> Callable[[], AccountSnapshot]:
    return lambda: changed(snapshots.compliant(), "iam:GetAccountPasswordPolicy",
                           lambda p: {**p, **changes})


def _no_password_policy() -> AccountSnapshot:
    return changed(snapshots.compliant(), "iam:GetAccountPasswordPolicy", None)


def _role_with_admin_access() -> AccountSnapshot:
    def change(details):
        details["RoleDetailList"].append({
            "RoleName": "ops-admin", "Arn": "arn:aws:iam::111122223333:role/ops-admin",
            "RolePolicyList": [], "AttachedManagedPolicies": [ADMIN]})
        return details
    return changed(snapshots.compliant(), DETAILS, change)


def _console_user_with_mfa_in_group_without_mfa_policy() -> AccountSnapshot:
    def change(details):
        for group in details["GroupDetailList"]:
            group["AttachedManagedPolicies"] = [p for p in group["AttachedManagedPolicies"]
                                                if p["PolicyName"] != "enforce-mfa"]
        return details
    return changed(snapshots.compliant(), DETAILS, change)


def _console_user_without_mfa() -> AccountSnapshot:
    return changed(snapshots.compliant(), "iam:GetCredentialReport", lambda rows: [
        *rows, snapshots.report_row("ana.lima", console=True, mfa=False)])


def _logging_selectors(value) -> Callable[[], AccountSnapshot]:
    return lambda: changed(snapshots_logging.compliant(),
                                             "cloudtrail:GetEventSelectors",
                                             {snapshots_logging.TRAIL_ARN: value}, snapshots_logging.HOME)


def _config(region: str, api: str, value) -> Callable[[], AccountSnapshot]:
    return lambda: changed(snapshots_logging.compliant(), api, value, region)


RECORDERS = "config:DescribeConfigurationRecorders"
RECORDER_STATUS = "config:DescribeConfigurationRecorderStatus"
OTHER = snapshots_logging.OTHER

EXPLICIT: dict[tuple[str, str], ItemCase] = {
    ("cis_aws_v3", "1.8"): ItemCase(
        compliant=[("MinimumPasswordLength 14, reuse 5 (1.8 reads only the length)",
                    _password(PasswordReusePrevention=5)),
                   ("length 14, no character classes, no expiry", _password(
                       RequireSymbols=False, RequireNumbers=False, MaxPasswordAge=None))],
        non_compliant=[("MinimumPasswordLength 13", _password(MinimumPasswordLength=13)),
                       ("no policy: IAM's default length 8", _no_password_policy)]),
    ("cis_aws_v3", "1.9"): ItemCase(
        compliant=[("PasswordReusePrevention 24, length 8 (1.9 reads only reuse)",
                    _password(MinimumPasswordLength=8))],
        non_compliant=[("PasswordReusePrevention 5", _password(PasswordReusePrevention=5)),
                       ("no policy: no reuse prevention", _no_password_policy)]),
    ("cis_aws_v3", "1.10"): ItemCase(
        compliant=[("console user with MFA, group without a deny-unless-MFA policy",
                    _console_user_with_mfa_in_group_without_mfa_policy)],
        non_compliant=[("a console user without MFA", _console_user_without_mfa)]),
    ("cis_aws_v3", "1.16"): ItemCase(
        compliant=[("no attached '*:*' policy", snapshots.compliant),
                   ("a '*:*' customer policy attached to nobody (list-policies --only-attached)",
                    lambda: changed(snapshots.compliant(), DETAILS, lambda d: {
                        **d, "Policies": [*d["Policies"], snapshots.policy("unused", {
                            "Statement": [{"Effect": "Allow", "Action": "*",
                                           "Resource": "*"}]})]}))],
        non_compliant=[("AWS managed AdministratorAccess attached to a role",
                        _role_with_admin_access)]),
    ("cis_aws_v3", "1.20"): ItemCase(
        compliant=[("an ACTIVE unused-access analyzer in each region", lambda: changed(
            identity_compliant(), "access-analyzer:ListAnalyzers",
            [{"name": "u", "type": "ACCOUNT_UNUSED_ACCESS", "status": "ACTIVE"}], EU))],
        non_compliant=[("no analyzer in one region", lambda: changed(
            identity_compliant(), "access-analyzer:ListAnalyzers", [], EU))]),
    ("cis_aws_v3", "3.1"): ItemCase(
        compliant=[("no event selectors set: AWS's default, all management events",
                    _logging_selectors({}))],
        non_compliant=[("management events excluded", _logging_selectors({"EventSelectors": [
            {"ReadWriteType": "All", "IncludeManagementEvents": False}]})),
            ("ReadOnly management events", _logging_selectors({"EventSelectors": [
                {"ReadWriteType": "ReadOnly", "IncludeManagementEvents": True}]}))]),
    ("cis_aws_v3", "3.3"): ItemCase(
        compliant=[("allSupported and global types, recording, SUCCESS in each region",
                    snapshots_logging.compliant)],
        non_compliant=[("includeGlobalResourceTypes false in one region", _config(
            OTHER, RECORDERS, lambda r: [{**r[0], "recordingGroup": {
                "allSupported": True, "includeGlobalResourceTypes": False}}])),
            ("recording but lastStatus PENDING", _config(OTHER, RECORDER_STATUS, [
                {"name": "governance-recorder", "recording": True, "lastStatus": "PENDING"}]))]),
    ("cis_aws_v3", "4.4"): ItemCase(
        compliant=[("the alarm chain on a trail with AWS's default selectors",
                    _logging_selectors({}))],
        non_compliant=[("trail logging ReadOnly management events only", _logging_selectors(
            {"EventSelectors": [{"ReadWriteType": "ReadOnly", "IncludeManagementEvents": True}]}))]),
    ("cis_aws_v3", "4.16"): ItemCase(
        compliant=[("the hub set up without any standard", lambda: changed(
            identity_compliant(), "securityhub:GetEnabledStandards", [], EU))],
        non_compliant=[("no hub in one region", lambda: changed(
            identity_compliant(), "securityhub:DescribeHub", None, EU))]),
    ("cis_aws_v3", "2.1.4"): ItemCase(
        compliant=[("account-level block, all four on", identity_compliant),
                   ("no account-level block; every bucket's own block all four on",
                    lambda: changed(identity_compliant(), "s3control:GetPublicAccessBlock", None))],
        non_compliant=[("no account-level block; a bucket without its own", lambda: changed(
            changed(identity_compliant(), "s3control:GetPublicAccessBlock", None),
            "s3:GetPublicAccessBlock", lambda b: {**b, "app-data": None}))]),
    ("cis_aws_v3", "1.4"): ItemCase(
        compliant=[("AccountAccessKeysPresent 0", identity_compliant)],
        non_compliant=[("AccountAccessKeysPresent 1", lambda: changed(
            identity_compliant(), "iam:GetAccountSummary",
            lambda s: {**s, "AccountAccessKeysPresent": 1}))]),
}


def _from_control_cases() -> dict[tuple[str, str], ItemCase]:
    """Items whose control reads exactly the procedure: the control's compliant snapshot
    and its failing cases (tests/unit/cases_*.py)."""
    from tests.unit import cases_iam, cases_identity, cases_logging, cases_monitoring

    cases: dict[tuple[str, str], ItemCase] = {}
    for module in (cases_iam, cases_identity, cases_logging, cases_monitoring):
        for control_id, failing in module.FAIL_CASES.items():
            passing = module.PASS_CASES[control_id]
            for item in catalog()[control_id].frameworks.cis_aws_v3:
                key = ("cis_aws_v3", item)
                if key in EXPLICIT or key in cases:
                    continue
                cases[key] = ItemCase(compliant=passing[:1],
                                      non_compliant=[(name, make) for name, make, _ in failing])
    return cases


ITEM_CASES: dict[tuple[str, str], ItemCase] = {**_from_control_cases(), **EXPLICIT}

__all__ = ["ITEM_CASES", "snapshots_identity"]
