"""IAM checks on hand-built snapshots: PASS, FAIL with a reason naming the cause, ERROR."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from governance.checks import evaluate, run_check, verdict
from governance.model import AccountSnapshot, Status
from tests.unit.snapshots import as_json_roundtrip, changed, compliant, policy, report_row, user

DETAILS = "iam:GetAccountAuthorizationDetails"


def _add_user(details, name, **fields):
    details["UserDetailList"].append({**user(name), **fields})
    return details


def _wildcard(details):
    details["Policies"][1]["PolicyVersionList"][0]["Document"]["Statement"][0]["Action"] = "s3:*"
    return details


def _inline_wildcard(details):
    details["GroupDetailList"][1]["GroupPolicyList"].append({
        "PolicyName": "inline-all", "PolicyDocument": {"Statement": [
            {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}})
    return details


def _no_mfa_policy(details):
    details["GroupDetailList"][1]["AttachedManagedPolicies"] = []
    return details


ADMIN_ACCESS = {"PolicyName": "AdministratorAccess",
                "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}
STAR_DOCUMENT = {"Statement": [{"Sid": "All", "Effect": "Allow", "Action": "*", "Resource": "*"}]}


def _password(**changes):
    return lambda: changed(compliant(), "iam:GetAccountPasswordPolicy",
                           lambda p: {**p, **changes})


def _admin_role(details):
    details["RoleDetailList"].append({"RoleName": "ops-admin",
                                      "Arn": "arn:aws:iam::111122223333:role/ops-admin",
                                      "RolePolicyList": [],
                                      "AttachedManagedPolicies": [ADMIN_ACCESS]})
    return details


def _star_policy(*, attached_to_group: bool, document=STAR_DOCUMENT):
    def change(details):
        details["Policies"].append(policy("everything", document))
        if attached_to_group:
            details["GroupDetailList"][1]["AttachedManagedPolicies"].append({
                "PolicyName": "everything",
                "PolicyArn": "arn:aws:iam::111122223333:policy/everything"})
        return details
    return lambda: changed(compliant(), DETAILS, change)


# control id -> [(case name, make failing snapshot, text the reason must contain)]
FAIL_CASES: dict[str, list[tuple[str, Callable[[], AccountSnapshot], str]]] = {
    "iam-password-policy-strong": [
        ("short", lambda: changed(compliant(), "iam:GetAccountPasswordPolicy",
                                  lambda p: {**p, "MinimumPasswordLength": 8}),
         "MinimumPasswordLength is 8"),
        ("reuse", lambda: changed(compliant(), "iam:GetAccountPasswordPolicy",
                                  lambda p: {**p, "PasswordReusePrevention": 5}),
         "PasswordReusePrevention is 5"),
        ("no expiry", lambda: changed(compliant(), "iam:GetAccountPasswordPolicy",
                                      lambda p: {k: v for k, v in p.items()
                                                 if k != "MaxPasswordAge"}),
         "MaxPasswordAge is None"),
        ("no symbols", lambda: changed(compliant(), "iam:GetAccountPasswordPolicy",
                                       lambda p: {**p, "RequireSymbols": False}),
         "RequireSymbols is off"),
        ("no policy", lambda: changed(compliant(), "iam:GetAccountPasswordPolicy", None),
         "no account password policy"),
    ],
    "iam-password-policy-min-length": [
        ("short", _password(MinimumPasswordLength=8), "MinimumPasswordLength is 8, needs >= 14"),
        ("no policy: IAM default 8", lambda: changed(compliant(), "iam:GetAccountPasswordPolicy",
                                                     None), "IAM's default applies"),
    ],
    "iam-password-policy-reuse": [
        ("reuse 5", _password(PasswordReusePrevention=5), "PasswordReusePrevention is 5, needs 24"),
        ("no policy: no reuse prevention", lambda: changed(
            compliant(), "iam:GetAccountPasswordPolicy", None), "PasswordReusePrevention is None"),
    ],
    "iam-no-full-admin-policy-attached": [
        ("AdministratorAccess on a role", lambda: changed(compliant(), DETAILS, _admin_role),
         "role/ops-admin has AdministratorAccess attached"),
        ("customer *:* on a group", _star_policy(attached_to_group=True),
         "group/Developers has everything attached"),
    ],
    "iam-customer-policies-no-full-admin": [
        ("unattached customer *:*", _star_policy(attached_to_group=False),
         "arn:aws:iam::111122223333:policy/everything"),
    ],
    "iam-human-groups-enforce-mfa": [
        ("group without", lambda: changed(compliant(), DETAILS, _no_mfa_policy), "Developers"),
    ],
    "iam-console-users-have-mfa": [
        ("console no mfa", lambda: changed(compliant(), "iam:GetCredentialReport",
                                           lambda rows: [*rows, report_row("ana", console=True)]),
         "ana"),
    ],
    "iam-policies-no-wildcards": [
        ("service wildcard", lambda: changed(compliant(), DETAILS, _wildcard),
         "wildcard action 's3:*'"),
        ("inline NotAction", lambda: changed(compliant(), DETAILS, _inline_wildcard),
         "NotAction"),
        ("AdministratorAccess on user", lambda: changed(compliant(), DETAILS, lambda d: _add_user(
            d, "bob.ray", AttachedManagedPolicies=[{
                "PolicyName": "AdministratorAccess",
                "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}])),
         "AdministratorAccess"),
    ],
    "iam-user-permissions-through-groups-only": [
        ("inline user policy", lambda: changed(compliant(), DETAILS, lambda d: _add_user(
            d, "bob.ray", UserPolicyList=[{"PolicyName": "mine", "PolicyDocument": {}}])),
         "bob.ray (mine)"),
    ],
    "iam-no-shared-users": [
        ("shared", lambda: changed(compliant(), DETAILS, lambda d: _add_user(d, "shared-ops")),
         "shared-ops"),
        ("generic", lambda: changed(compliant(), DETAILS, lambda d: _add_user(d, "admin2")),
         "admin2"),
    ],
}

# Full administrator written another way (issue 16): IAM reads these as '*' on '*'.
ADMIN_SPELLINGS = {
    "*:*": {"Action": "*:*", "Resource": "*"},
    "?*:* on arn:*": {"Action": ["s3:GetObject", "?*:*"], "Resource": "arn:*"},
    "** on arn:aws:*:*:*:*": {"Action": "**", "Resource": ["arn:aws:s3:::x", "arn:aws:*:*:*:*"]},
    "NotAction with a condition": {"NotAction": "iam:CreateUser", "Resource": "*",
                                   "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
}


def _spelled_admin_policy(statement, *, attached_to_group: bool):
    return _star_policy(attached_to_group=attached_to_group, document={
        "Statement": [{"Sid": "All", "Effect": "Allow", **statement}]})


for _name, _statement in ADMIN_SPELLINGS.items():
    FAIL_CASES["iam-no-full-admin-policy-attached"].append((
        f"attached {_name}", _spelled_admin_policy(_statement, attached_to_group=True),
        "group/Developers has everything attached"))
    FAIL_CASES["iam-customer-policies-no-full-admin"].append((
        f"unattached {_name}", _spelled_admin_policy(_statement, attached_to_group=False),
        "arn:aws:iam::111122223333:policy/everything"))
FAIL_CASES["iam-policies-no-wildcards"] += [
    ("?am:* service wildcard", lambda: changed(compliant(), DETAILS, lambda d: _add_user(
        d, "eve.lee", UserPolicyList=[{"PolicyName": "iam-ish", "PolicyDocument": {
            "Statement": [{"Sid": "S", "Effect": "Allow", "Action": "?am:*",
                           "Resource": "arn:aws:iam::111122223333:user/eve.lee"}]}}])),
     "wildcard action '?am:*'"),
    ("arn:* resource", lambda: changed(compliant(), DETAILS, lambda d: _add_user(
        d, "eve.lee", UserPolicyList=[{"PolicyName": "any-object", "PolicyDocument": {
            "Statement": [{"Sid": "S", "Effect": "Allow", "Action": "s3:GetObject",
                           "Resource": "arn:*"}]}}])),
     "(every resource) for s3:GetObject"),
]

PASS_CASES: dict[str, list[tuple[str, Callable[[], AccountSnapshot]]]] = {
    control_id: [("compliant", compliant), ("json roundtrip",
                                            lambda: as_json_roundtrip(compliant()))]
    for control_id in FAIL_CASES
}
PASS_CASES["iam-policies-no-wildcards"].append((
    "partial wildcard and read-only star", lambda: changed(compliant(), DETAILS, lambda d: {
        **d, "Policies": [*d["Policies"], policy("audit", {"Statement": [
            {"Sid": "Families", "Effect": "Allow", "Action": ["iam:Get*"],
             "Resource": "arn:aws:iam::*:user/*"},
            {"Sid": "Lists", "Effect": "Allow", "Action": ["iam:ListUsers"], "Resource": "*"},
            {"Sid": "Guard", "Effect": "Deny", "Action": "*", "Resource": "*"}]})]})))
PASS_CASES["iam-password-policy-min-length"].append(
    ("length 14, reuse 5: only 1.9 fails", _password(PasswordReusePrevention=5)))
PASS_CASES["iam-password-policy-reuse"].append(
    ("reuse 24, length 8: only 1.8 fails", _password(MinimumPasswordLength=8)))
PASS_CASES["iam-no-full-admin-policy-attached"].append(
    ("unattached customer *:* is not attached", _star_policy(attached_to_group=False)))
PASS_CASES["iam-customer-policies-no-full-admin"].append(
    ("AWS managed AdministratorAccess on a role is not a customer policy",
     lambda: changed(compliant(), DETAILS, _admin_role)))
PASS_CASES["iam-no-shared-users"].append((
    "people with job words", lambda: changed(compliant(), DETAILS, lambda d: _add_user(
        d, "jane-admin"))))


def _iam_controls():
    return sorted(FAIL_CASES)


@pytest.mark.parametrize(("control_id", "case", "make", "reason"), [
    (control_id, case, make, reason)
    for control_id, cases in FAIL_CASES.items() for case, make, reason in cases
], ids=lambda v: v if isinstance(v, str) else "")
def test_check_fails_with_reason(control_id, case, make, reason):
    findings = run_check(control_id, make())
    assert verdict(findings, control_id) is Status.FAIL, findings
    # per-resource controls (one finding per group or policy): the reason is a FAIL's
    assert any(reason in f.reason for f in findings if f.status is Status.FAIL), findings


@pytest.mark.parametrize(("control_id", "case", "make"), [
    (control_id, case, make) for control_id, cases in PASS_CASES.items() for case, make in cases
], ids=lambda v: v if isinstance(v, str) else "")
def test_check_passes(control_id, case, make):
    findings = run_check(control_id, make())
    assert verdict(findings, control_id) is Status.PASS, findings



def test_full_admin_gives_one_finding_per_holder_with_its_arn():
    snapshot = changed(changed(compliant(), DETAILS, _admin_role), DETAILS, lambda d: _add_user(
        d, "bob.ray", AttachedManagedPolicies=[ADMIN_ACCESS]))
    findings = run_check("iam-no-full-admin-policy-attached", snapshot)
    assert sorted(f.resource for f in findings) == [
        "arn:aws:iam::111122223333:role/ops-admin", "arn:aws:iam::111122223333:user/bob.ray"]
    assert {f.status for f in findings} == {Status.FAIL}


def test_a_policy_without_a_readable_default_document_is_error_not_pass():
    def drop_document(details):
        details["Policies"][1]["PolicyVersionList"][0]["Document"] = None
        return details
    snapshot = changed(compliant(), DETAILS, drop_document)
    for control_id in ("iam-policies-no-wildcards", "iam-no-full-admin-policy-attached",
                       "iam-customer-policies-no-full-admin", "iam-human-groups-enforce-mfa"):
        findings = run_check(control_id, snapshot)
        assert [f.status for f in findings] == [Status.ERROR], control_id
        assert "no default version document" in findings[0].reason


def test_no_groups_is_not_applicable():
    snapshot = changed(compliant(), DETAILS, lambda d: {**d, "GroupDetailList": []})
    assert verdict(run_check("iam-human-groups-enforce-mfa", snapshot),
                   "iam-human-groups-enforce-mfa") is Status.NOT_APPLICABLE


def test_ten_thousand_users_are_checked_in_bulk():
    snapshot = compliant()
    details = copy.deepcopy(snapshot.get(DETAILS))
    details["UserDetailList"] = [user(f"person{i:05d}.x", "Developers") for i in range(10_000)]
    snapshot.record(DETAILS, details)
    snapshot.record("iam:GetCredentialReport",
                    [report_row(f"person{i:05d}.x", console=True, mfa=i != 4242)
                     for i in range(10_000)])
    findings = {f.control_id: f for f in evaluate(snapshot)}
    assert findings["iam-console-users-have-mfa"].status is Status.FAIL
    assert "person04242.x" in findings["iam-console-users-have-mfa"].reason
    assert findings["iam-console-users-have-mfa"].evidence["console_users_without_mfa"][
        "count"] == 1
    assert findings["iam-user-permissions-through-groups-only"].status is Status.PASS
