"""The unit cases of the identity checks: ``FAIL_CASES`` and ``PASS_CASES``,
keyed by control id, with the snapshot builders they use. tests/unit/test_identity_checks.py binds
their verdict tests (tests/support/verdicts.py); the item cases of tests/unit/items_*.py,
tests/unit/test_error_per_read.py and tests/support/control_reads.py read them too.
"""

from __future__ import annotations

from collections.abc import Callable

from governance.model import AccountSnapshot
from tests.support.snapshots import changed
from tests.unit.snapshots import as_json_roundtrip
from tests.unit.snapshots_cis_v5_changed import ABSENT, root_state
from tests.unit.snapshots_identity import (
    MFA,
    OLD,
    RECENT,
    REGIONS,
    contact,
    credential_row,
    identity_compliant,
    role,
    role_detail,
    root_report_row,
    trust,
)

REPORT = "iam:GetCredentialReport"
SUMMARY = "iam:GetAccountSummary"
ROLES = "iam:ListRoles"
DETAILS = "iam:GetAccountAuthorizationDetails"
EU = REGIONS[1]


def _report_with(*rows):
    return lambda: changed(identity_compliant(), REPORT, lambda r: [*r, *rows])


def _root_row(**fields):
    return lambda: changed(identity_compliant(), REPORT, lambda rows: [
        root_report_row(**fields), *rows[1:]])


def _add_role(new_role, *policy_arns):
    def make():
        snapshot = changed(identity_compliant(), ROLES, lambda roles: [*roles, new_role])
        return changed(snapshot, DETAILS, lambda d: {
            **d, "RoleDetailList": [*d["RoleDetailList"],
                                    role_detail(new_role["RoleName"], *policy_arns)]})
    return make


def _attach(kind_key, index, arn):
    def change(details):
        details[kind_key][index].setdefault("AttachedManagedPolicies", []).append(
            {"PolicyName": arn.rsplit("/", 1)[-1], "PolicyArn": arn})
        return details
    return lambda: changed(identity_compliant(), DETAILS, change)


ROOT_ARN = {"AWS": "arn:aws:iam::111122223333:root"}
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"

# control id -> [(case name, make failing snapshot, text the reason must contain)]
FAIL_CASES: dict[str, list[tuple[str, Callable[[], AccountSnapshot], str]]] = {
    "root-no-access-keys": [
        ("summary", lambda: changed(identity_compliant(), SUMMARY,
                                    lambda s: {**s, "AccountAccessKeysPresent": 1}),
         "root user has access keys"),
        ("report row", _root_row(keys=True), "active keys: ['1']"),
    ],
    "root-mfa-enabled": [
        ("no mfa", lambda: changed(identity_compliant(), SUMMARY,
                                   lambda s: {**s, "AccountMFAEnabled": 0}), "no MFA device"),
    ],
    "root-hardware-mfa": [
        ("virtual", lambda: changed(identity_compliant(), "iam:ListVirtualMFADevices",
                                    lambda d: [*d, {"SerialNumber": "arn:aws:iam::111122223333:"
                                                    "mfa/root-account-mfa-device",
                                                    "UserArn": "arn:aws:iam::111122223333:root"}]),
         "virtual device"),
        ("none", lambda: changed(identity_compliant(), SUMMARY,
                                 lambda s: {**s, "AccountMFAEnabled": 0}), "no MFA device at all"),
    ],
    "root-used-only-by-exception": [
        ("password", _root_row(password_last_used=RECENT), "password was used on 2026-11-20"),
        ("access key", _root_row(keys=True, key_last_used="2026-11-27T00:00:00Z"),
         "access key was used"),
    ],
    "account-security-contact": [
        ("absent", lambda: changed(identity_compliant(), "account:GetAlternateContact",
                                   lambda c: {**c, "SECURITY": None}),
         "no SECURITY alternate contact"),
        ("no email", lambda: changed(identity_compliant(), "account:GetAlternateContact",
                                     lambda c: {**c, "SECURITY": {**contact("SECURITY"),
                                                                  "EmailAddress": ""}}),
         "SECURITY contact lacks EmailAddress"),
    ],
    "account-alternate-contacts": [
        ("billing absent", lambda: changed(identity_compliant(), "account:GetAlternateContact",
                                           lambda c: {**c, "BILLING": None}),
         "no BILLING alternate contact"),
    ],
    "iam-no-access-keys-at-setup": [
        ("never used", _report_with(credential_row("ana.lima", keys=((RECENT, "N/A"),))),
         "ana.lima (key 1)"),
    ],
    "iam-unused-credentials-disabled": [
        ("old password", _report_with(credential_row("ana.lima", password_last_used=OLD)),
         "ana.lima password (last used 2026-06-01)"),
        ("never used key", _report_with(credential_row("bot.x", console=False,
                                                       keys=((OLD, "N/A"),))),
         "bot.x access key 1 (never used)"),
        ("never used password", _report_with(credential_row(
            "ana.lima", password_last_used="no_information")), "ana.lima password (never used)"),
    ],
    "iam-one-active-access-key": [
        ("two keys", _report_with(credential_row("ana.lima", keys=((RECENT, RECENT),
                                                                   (RECENT, RECENT)))),
         "ana.lima"),
    ],
    "iam-access-keys-rotated": [
        ("old key", _report_with(credential_row("ana.lima", keys=((OLD, RECENT),))),
         "ana.lima key 1 (created 2026-06-01)"),
    ],
    "iam-expired-certificates-removed": [
        ("expired", lambda: changed(identity_compliant(), "iam:ListServerCertificates",
                                    lambda c: [*c, {"ServerCertificateName": "old-www",
                                                    "Expiration": "2012-05-08T01:02:03+00:00"}]),
         "old-www (expired 2012-05-08)"),
    ],
    "iam-cloudshell-full-access-restricted": [
        ("group", _attach("GroupDetailList", 1, "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"),
         "group/Developers"),
        ("role", _attach("RoleDetailList", 2, "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"),
         "role/developer"),
    ],
    "iam-support-role": [
        ("none", lambda: changed(identity_compliant(), DETAILS, lambda d: {
            **d, "RoleDetailList": d["RoleDetailList"][1:]}), "AWSSupportAccess"),
    ],
    "roles-limited-session": [
        ("admin 2h", _add_role(role("ops-admin", trust(ROOT_ARN, condition=MFA),
                                    max_session=7200), ADMIN),
         "admin role ops-admin allows 7200 s sessions (limit 3600 s)"),
        ("other 12h", _add_role(role("dev2", trust(ROOT_ARN, condition=MFA), max_session=43200)),
         "role dev2 allows 43200 s sessions (limit 14400 s)"),
        ("federated admin", _add_role(role("saml-admin", trust(
            {"Federated": "arn:aws:iam::111122223333:saml-provider/corp-idp"},
            "sts:AssumeRoleWithSAML", {"StringEquals": {"SAML:aud": "x"}}), max_session=14400),
            ADMIN), "saml-admin"),
    ],
    "roles-trust-requires-mfa-or-federation": [
        ("same account no mfa", _add_role(role("ops", trust(ROOT_ARN))),
         "ops: trusts arn:aws:iam::111122223333:root without aws:MultiFactorAuthPresent"),
        ("bool if exists", _add_role(role("ops", trust(ROOT_ARN, condition={
            "BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}))), "ops: trusts"),
        ("any principal", _add_role(role("open", trust({"AWS": "*"}))),
         "open: trusts any principal"),
        ("cross account", _add_role(role("vendor", trust({"AWS": "444455556666"}))),
         "vendor: cross-account trust of 444455556666 without sts:ExternalId"),
        ("saml no aud", _add_role(role("fed", trust(
            {"Federated": "arn:aws:iam::111122223333:saml-provider/corp-idp"},
            "sts:AssumeRoleWithSAML"))), "fed: SAML trust"),
        ("oidc no aud", _add_role(role("gha", trust(
            {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions."
                          "githubusercontent.com"}, "sts:AssumeRoleWithWebIdentity"))),
         "gha: web identity trust"),
    ],
    "federation-configured": [
        ("nothing", lambda: changed(changed(changed(
            identity_compliant(), "iam:ListSAMLProviders", []), "sso-admin:DescribePermissionSet",
            [], REGIONS[0]), "sso-admin:ListInstances", [], REGIONS[0]),
         "identities are not managed centrally"),
        ("instance without permission sets", lambda: changed(changed(
            identity_compliant(), "iam:ListSAMLProviders", []), "sso-admin:DescribePermissionSet",
            [], REGIONS[0]), "an Identity Center instance exists but grants nothing"),
    ],
    "identity-center-permission-set-session": [
        ("12h", lambda: changed(identity_compliant(), "sso-admin:DescribePermissionSet",
                                   lambda p: [*p, {"Name": "Dev",
                                                               "SessionDuration": "PT12H"}], REGIONS[0]),
         "Dev (PT12H)"),
    ],
    "s3-public-access-blocked": [
        ("account block off and one bucket without its own", lambda: changed(changed(
            identity_compliant(), "s3control:GetPublicAccessBlock", None),
            "s3:GetPublicAccessBlock", lambda blocks: {**blocks, "app-logs": None}),
         "bucket app-logs: public access block has BlockPublicAcls, IgnorePublicAcls, "
         "BlockPublicPolicy, RestrictPublicBuckets off"),
    ],
    "s3-account-public-access-block": [
        ("absent", lambda: changed(identity_compliant(), "s3control:GetPublicAccessBlock", None),
         "no account-level S3 public access block"),
        ("one off", lambda: changed(identity_compliant(), "s3control:GetPublicAccessBlock",
                                    lambda c: {**c, "RestrictPublicBuckets": False}),
         "RestrictPublicBuckets off"),
    ],
    "ebs-default-encryption": [
        ("eu off", lambda: changed(identity_compliant(), "ec2:GetEbsEncryptionByDefault", False,
                                      EU), f"off in {EU}"),
    ],
    "access-analyzer-enabled": [
        ("none in eu", lambda: changed(identity_compliant(), "access-analyzer:ListAnalyzers",
                                          [], EU), f"IAM Access Analyzer in {EU}"),
        ("none active", lambda: changed(
            identity_compliant(), "access-analyzer:ListAnalyzers",
            [{"name": "u", "type": "ACCOUNT", "status": "CREATING"}], EU),
         f"no ACTIVE IAM Access Analyzer in {EU}"),
    ],
    "guardduty-enabled": [
        ("none", lambda: changed(identity_compliant(), "guardduty:ListDetectors", [], EU),
         f"no detector in {EU}"),
        ("suspended", lambda: changed(identity_compliant(), "guardduty:ListDetectors",
                                      [{"DetectorId": "d", "Status": "DISABLED"}], EU),
         "suspended"),
    ],
    "securityhub-enabled": [
        ("off", lambda: changed(identity_compliant(), "securityhub:DescribeHub", None, EU),
         f"Security Hub is not enabled in {EU}"),
    ],
    "securityhub-enabled-with-standards": [
        ("off", lambda: changed(changed(identity_compliant(), "securityhub:DescribeHub", None,
                                              EU), "securityhub:GetEnabledStandards", None, EU),
         f"Security Hub is not enabled in {EU}"),
        ("no cis", lambda: changed(identity_compliant(), "securityhub:GetEnabledStandards", lambda s: s[1:],
                                      EU), "CIS AWS Foundations v3.0.0"),
    ],
}

# Trust actions and admin grants written another way (issue 16): IAM reads them with its
# wildcards, so these roles are assumable and admin, not NOT_APPLICABLE and not "other".
FAIL_CASES["roles-trust-requires-mfa-or-federation"] += [
    (f"any principal with {action}", _add_role(role("open", trust({"AWS": "*"}, action))),
     "open: trusts any principal")
    for action in ("sts:Assume*", "sts:AssumeRol?", "STS:*", ["s3:GetObject", "*"])
] + [
    ("any principal with NotAction", _add_role(role("open", {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "NotAction": "sts:TagSession"}]})),
     "open: trusts any principal"),
]


def _inline_admin_role(name, statement, max_session):
    def make():
        snapshot = _add_role(role(name, trust(ROOT_ARN, condition=MFA),
                                  max_session=max_session))()
        return changed(snapshot, DETAILS, lambda d: {**d, "RoleDetailList": [
            *d["RoleDetailList"][:-1], {**d["RoleDetailList"][-1], "RolePolicyList": [
                {"PolicyName": "all", "PolicyDocument": {"Statement": [
                    {"Effect": "Allow", **statement}]}}]}]})
    return make


FAIL_CASES["roles-limited-session"] += [
    ("inline *:* admin 2h", _inline_admin_role("ops-admin", {"Action": "*:*", "Resource": "arn:*"},
                                               7200),
     "admin role ops-admin allows 7200 s sessions (limit 3600 s)"),
    ("inline NotAction admin 2h", _inline_admin_role(
        "ops-admin", {"NotAction": "iam:CreateUser", "Resource": "*"}, 7200),
     "admin role ops-admin allows 7200 s sessions (limit 3600 s)"),
]

# CIS v5.0.0 1.4 and 1.5: MFA, or no root password (AccountPasswordPresent 0). The live
# account summary decides; the credential report's root row only when the summary cannot.
FAIL_CASES["root-mfa-enabled-or-password-removed"] = [
    ("password and no MFA", lambda: root_state(mfa=0, password=1, row_mfa="false"),
     "has a password and no MFA device (AccountMFAEnabled=0, AccountPasswordPresent=1)"),
    ("summary says password and no MFA, a cached report still shows MFA", lambda: root_state(
        mfa=0, password=1, row_mfa="true"),
     "the credential report <root_account> row: mfa_active=true, password_enabled=not_supported "
     "says otherwise: judged by the live account summary"),
    ("console step: report row with a password and no MFA, summary without AccountPasswordPresent",
     lambda: root_state(mfa=0, password=ABSENT, row_mfa="false", row_password="true"),
     "has a password and no MFA device (credential report <root_account> row: mfa_active=false, "
     "password_enabled=true; the account summary cannot tell)"),
]
FAIL_CASES["root-hardware-mfa-or-password-removed"] = [
    ("password and no MFA", lambda: root_state(mfa=0, password=1),
     "has a password and no MFA device (AccountMFAEnabled=0, AccountPasswordPresent=1)"),
    ("virtual root device", lambda: root_state(virtual=True),
     "the root user's MFA is a virtual device (arn:aws:iam::111122223333:mfa/"
     "root-account-mfa-device)"),
    ("virtual root device left behind after the password was removed", lambda: root_state(
        password=0, virtual=True), "is a virtual device"),
]

PASS_CASES: dict[str, list[tuple[str, Callable[[], AccountSnapshot]]]] = {
    control_id: [("compliant", identity_compliant),
                 ("json roundtrip", lambda: as_json_roundtrip(identity_compliant()))]
    for control_id in FAIL_CASES
}
PASS_CASES["root-mfa-enabled-or-password-removed"] += [
    ("password removed (centralized root access), no MFA", lambda: root_state(
        mfa=0, password=0, row_mfa="false")),
    ("MFA, password field absent", lambda: root_state(mfa=1, password=ABSENT)),
    ("console step: report row password_enabled FALSE, summary without AccountPasswordPresent",
     lambda: root_state(mfa=0, password=ABSENT, row_mfa="false", row_password="false")),
    ("summary says MFA, a cached report still shows a password and no MFA", lambda: root_state(
        mfa=1, row_mfa="false", row_password="true")),
]
PASS_CASES["root-hardware-mfa-or-password-removed"] += [
    ("password removed (centralized root access), no MFA", lambda: root_state(mfa=0, password=0)),
    ("hardware MFA, password present", lambda: root_state(mfa=1, password=1)),
]
PASS_CASES["root-used-only-by-exception"].append(
    ("key used long ago", _root_row(keys=True, key_last_used=OLD)))
PASS_CASES["iam-unused-credentials-disabled"].append(
    ("new user never signed in", _report_with(credential_row(
        "new.hire", password_last_used="no_information", created=RECENT))))
PASS_CASES["roles-trust-requires-mfa-or-federation"].append(
    ("cross account with mfa", _add_role(role("hub", trust({"AWS": "444455556666"},
                                                           condition=MFA)))))
PASS_CASES["federation-configured"].append(
    ("identity center roles only", lambda: changed(changed(changed(changed(
        identity_compliant(), "iam:ListSAMLProviders", []), "sso-admin:DescribePermissionSet",
        [], REGIONS[0]), "sso-admin:ListInstances", [], REGIONS[0]), ROLES, lambda r: [*r, role(
            "AWSReservedSSO_Admin_0123", trust({"Federated": "x"}),
            path="/aws-reserved/sso.amazonaws.com/")])))
PASS_CASES["s3-public-access-blocked"] += [
    ("no account block, every bucket blocked on its own (2.1.4's bucket-level reading)",
     lambda: changed(identity_compliant(), "s3control:GetPublicAccessBlock", None)),
    ("account block on, buckets without their own", lambda: changed(
        identity_compliant(), "s3:GetPublicAccessBlock", lambda b: dict.fromkeys(b))),
]
PASS_CASES["access-analyzer-enabled"].append(
    ("an ACTIVE unused-access analyzer: CIS 1.20 asks any ACTIVE analyzer", lambda: changed(
        identity_compliant(), "access-analyzer:ListAnalyzers",
        [{"name": "u", "type": "ACCOUNT_UNUSED_ACCESS", "status": "ACTIVE"}], EU)))
PASS_CASES["securityhub-enabled"].append(
    ("hub without standards: CIS 4.16 asks only that it is set up", lambda: changed(
        identity_compliant(), "securityhub:GetEnabledStandards", [], EU)))
PASS_CASES["securityhub-enabled-with-standards"].append(
    ("extra standard", lambda: changed(identity_compliant(), "securityhub:GetEnabledStandards",
                                          lambda s: [*s, {"StandardsArn": "x/nist",
                                                              "StandardsStatus": "READY"}], EU)))
