"""The unit cases of the iam checks: ``FAIL_CASES`` and ``PASS_CASES``,
keyed by control id, with the snapshot builders they use. tests/unit/test_iam_checks.py binds
their verdict tests (tests/support/verdicts.py); the item cases of tests/unit/items_*.py,
tests/unit/test_error_per_read.py and tests/support/control_reads.py read them too.
"""

from __future__ import annotations

from collections.abc import Callable

from governance.model import AccountSnapshot
from tests.support.snapshots import changed
from tests.unit.snapshots import as_json_roundtrip, compliant, policy, report_row, user

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
