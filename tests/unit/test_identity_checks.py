"""Root, account-contact, credential, access and guardrail checks on hand-built snapshots:
PASS, FAIL with a reason naming the cause, ERROR on an unreadable API, NOT_APPLICABLE."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from governance.checks import evaluate, run_check, verdict
from governance.checks.access import iso_duration_seconds
from governance.checks.root import SETTINGS_API, root_used_only_by_exception
from governance.model import AccountSnapshot, Status
from tests.unit.snapshots import as_json_roundtrip, changed
from tests.unit.snapshots_cis_v5_changed import ABSENT, root_state
from tests.unit.snapshots_identity import (
    MFA,
    OLD,
    RECENT,
    REGIONS,
    changed_in,
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
        ("nothing", lambda: changed_in(changed_in(changed(
            identity_compliant(), "iam:ListSAMLProviders", []), "sso-admin:DescribePermissionSet",
            REGIONS[0], []), "sso-admin:ListInstances", REGIONS[0], []),
         "identities are not managed centrally"),
        ("instance without permission sets", lambda: changed_in(changed(
            identity_compliant(), "iam:ListSAMLProviders", []), "sso-admin:DescribePermissionSet",
            REGIONS[0], []), "an Identity Center instance exists but grants nothing"),
    ],
    "identity-center-permission-set-session": [
        ("12h", lambda: changed_in(identity_compliant(), "sso-admin:DescribePermissionSet",
                                   REGIONS[0], lambda p: [*p, {"Name": "Dev",
                                                               "SessionDuration": "PT12H"}]),
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
        ("eu off", lambda: changed_in(identity_compliant(), "ec2:GetEbsEncryptionByDefault", EU,
                                      False), f"off in {EU}"),
    ],
    "access-analyzer-enabled": [
        ("none in eu", lambda: changed_in(identity_compliant(), "access-analyzer:ListAnalyzers",
                                          EU, []), f"IAM Access Analyzer in {EU}"),
        ("none active", lambda: changed_in(
            identity_compliant(), "access-analyzer:ListAnalyzers", EU,
            [{"name": "u", "type": "ACCOUNT", "status": "CREATING"}]),
         f"no ACTIVE IAM Access Analyzer in {EU}"),
    ],
    "guardduty-enabled": [
        ("none", lambda: changed_in(identity_compliant(), "guardduty:ListDetectors", EU, []),
         f"no detector in {EU}"),
        ("suspended", lambda: changed_in(identity_compliant(), "guardduty:ListDetectors", EU,
                                         [{"DetectorId": "d", "Status": "DISABLED"}]),
         "suspended"),
    ],
    "securityhub-enabled": [
        ("off", lambda: changed_in(identity_compliant(), "securityhub:DescribeHub", EU, None),
         f"Security Hub is not enabled in {EU}"),
    ],
    "securityhub-enabled-with-standards": [
        ("off", lambda: changed_in(changed_in(identity_compliant(), "securityhub:DescribeHub", EU,
                                              None), "securityhub:GetEnabledStandards", EU, None),
         f"Security Hub is not enabled in {EU}"),
        ("no cis", lambda: changed_in(identity_compliant(), "securityhub:GetEnabledStandards", EU,
                                      lambda s: s[1:]), "CIS AWS Foundations v3.0.0"),
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
    ("identity center roles only", lambda: changed(changed_in(changed_in(changed(
        identity_compliant(), "iam:ListSAMLProviders", []), "sso-admin:DescribePermissionSet",
        REGIONS[0], []), "sso-admin:ListInstances", REGIONS[0], []), ROLES, lambda r: [*r, role(
            "AWSReservedSSO_Admin_0123", trust({"Federated": "x"}),
            path="/aws-reserved/sso.amazonaws.com/")])))
PASS_CASES["s3-public-access-blocked"] += [
    ("no account block, every bucket blocked on its own (2.1.4's bucket-level reading)",
     lambda: changed(identity_compliant(), "s3control:GetPublicAccessBlock", None)),
    ("account block on, buckets without their own", lambda: changed(
        identity_compliant(), "s3:GetPublicAccessBlock", lambda b: dict.fromkeys(b))),
]
PASS_CASES["access-analyzer-enabled"].append(
    ("an ACTIVE unused-access analyzer: CIS 1.20 asks any ACTIVE analyzer", lambda: changed_in(
        identity_compliant(), "access-analyzer:ListAnalyzers", EU,
        [{"name": "u", "type": "ACCOUNT_UNUSED_ACCESS", "status": "ACTIVE"}])))
PASS_CASES["securityhub-enabled"].append(
    ("hub without standards: CIS 4.16 asks only that it is set up", lambda: changed_in(
        identity_compliant(), "securityhub:GetEnabledStandards", EU, [])))
PASS_CASES["securityhub-enabled-with-standards"].append(
    ("extra standard", lambda: changed_in(identity_compliant(), "securityhub:GetEnabledStandards",
                                          EU, lambda s: [*s, {"StandardsArn": "x/nist",
                                                              "StandardsStatus": "READY"}])))


@pytest.mark.parametrize(("control_id", "case", "make", "reason"), [
    (control_id, case, make, reason)
    for control_id, cases in FAIL_CASES.items() for case, make, reason in cases
], ids=lambda v: v if isinstance(v, str) else "")
def test_check_fails_with_reason(control_id, case, make, reason):
    findings = run_check(control_id, make())
    assert verdict(findings, control_id) is Status.FAIL, findings
    assert any(reason in f.reason for f in findings if f.status is Status.FAIL), findings


@pytest.mark.parametrize(("control_id", "case", "make"), [
    (control_id, case, make) for control_id, cases in PASS_CASES.items() for case, make in cases
], ids=lambda v: v if isinstance(v, str) else "")
def test_check_passes(control_id, case, make):
    findings = run_check(control_id, make())
    assert verdict(findings, control_id) is Status.PASS, findings



def test_regional_controls_give_one_finding_per_region():
    for control_id in ("ebs-default-encryption", "access-analyzer-enabled", "guardduty-enabled",
                       "securityhub-enabled", "securityhub-enabled-with-standards"):
        findings = run_check(control_id, identity_compliant())
        assert sorted(f.region for f in findings) == sorted(REGIONS)


def test_root_keys_unknown_from_both_sources_is_error_not_pass():
    snapshot = changed(changed(identity_compliant(), REPORT, lambda rows: rows[1:]), SUMMARY,
                       lambda s: {k: v for k, v in s.items() if k != "AccountAccessKeysPresent"})
    findings = run_check("root-no-access-keys", snapshot)
    assert [f.status for f in findings] == [Status.ERROR]
    assert "neither AccountAccessKeysPresent" in findings[0].reason


def test_root_keys_judged_from_either_source_alone():
    only_report = changed(identity_compliant(), SUMMARY, lambda s: {
        k: v for k, v in s.items() if k != "AccountAccessKeysPresent"})
    only_summary = changed(identity_compliant(), REPORT, lambda rows: rows[1:])
    assert run_check("root-no-access-keys", only_report)[0].status is Status.PASS
    assert run_check("root-no-access-keys", only_summary)[0].status is Status.PASS
    assert run_check("root-no-access-keys", changed(only_summary, SUMMARY, lambda s: {
        **s, "AccountAccessKeysPresent": 1}))[0].status is Status.FAIL


def test_root_mfa_unknown_is_error_not_fail():
    snapshot = changed(identity_compliant(), SUMMARY, lambda s: {
        k: v for k, v in s.items() if k != "AccountMFAEnabled"})
    for control_id in ("root-mfa-enabled", "root-hardware-mfa"):
        assert [f.status for f in run_check(control_id, snapshot)] == [Status.ERROR]


def test_root_mfa_v5_disagreeing_sources_are_named_and_the_summary_decides():
    finding = run_check("root-mfa-enabled-or-password-removed", root_state(
        mfa=1, row_mfa="false", row_password="true"))[0]
    assert finding.status is Status.PASS and finding.evidence["sources_disagree"] is True
    assert "says otherwise" in finding.reason and "\n" not in finding.reason
    agreeing = run_check("root-mfa-enabled-or-password-removed", root_state(mfa=1))[0]
    assert "sources_disagree" not in agreeing.evidence and "otherwise" not in agreeing.reason


@pytest.mark.parametrize(("control_id", "make", "reason"), [
    ("root-mfa-enabled-or-password-removed",
     lambda: root_state(mfa=0, password=ABSENT, row_mfa="false"),
     "the account summary has no AccountPasswordPresent and the credential report <root_account> "
     "row: mfa_active=false, password_enabled=not_supported cannot tell"),
    ("root-mfa-enabled-or-password-removed",
     lambda: root_state(mfa=0, password=ABSENT, row_mfa=ABSENT),
     "the account summary has no AccountPasswordPresent and the credential report has no "
     "<root_account> row"),
    ("root-mfa-enabled-or-password-removed",
     lambda: root_state(mfa=ABSENT, password=1, row_mfa=ABSENT),
     "the account summary has no AccountMFAEnabled"),
    ("root-hardware-mfa-or-password-removed", lambda: root_state(mfa=0, password=ABSENT),
     "the account summary has no AccountPasswordPresent"),
    ("root-hardware-mfa-or-password-removed", lambda: root_state(mfa=ABSENT, password=0),
     "the account summary has no AccountMFAEnabled"),
])
def test_root_v5_field_missing_is_error_never_pass(control_id, make, reason):
    findings = run_check(control_id, make())
    assert [f.status for f in findings] == [Status.ERROR], findings
    assert reason in findings[0].reason


def test_root_v5_password_field_missing_on_an_emulator_is_not_provable():
    for control_id in ("root-mfa-enabled-or-password-removed",
                       "root-hardware-mfa-or-password-removed"):
        snapshot = root_state(mfa=0, password=ABSENT, row_mfa=ABSENT)
        snapshot.emulator_endpoint = "http://127.0.0.1:5000"
        findings = run_check(control_id, snapshot)
        assert [f.status for f in findings] == [Status.NOT_PROVABLE], findings
        assert "has no AccountPasswordPresent" in findings[0].reason


def test_root_v5_controls_pass_what_the_v3_controls_fail():
    """The centralized-root-access account: CIS v3.0.0/v4.0.1 1.5/1.6 demand MFA, v5.0.0
    1.4/1.5 accept the removed password."""
    snapshot = root_state(mfa=0, password=0, row_mfa="false")
    for old, new in (("root-mfa-enabled", "root-mfa-enabled-or-password-removed"),
                     ("root-hardware-mfa", "root-hardware-mfa-or-password-removed")):
        assert verdict(run_check(old, snapshot), old) is Status.FAIL
        assert verdict(run_check(new, snapshot), new) is Status.PASS


@pytest.mark.parametrize(("control_id", "row"), [
    ("iam-access-keys-rotated", credential_row("ana.lima", keys=(("N/A", RECENT),))),
    ("iam-unused-credentials-disabled", credential_row(
        "ana.lima", password_last_used="no_information", created="N/A")),
    ("iam-unused-credentials-disabled", credential_row(
        "bot.x", console=False, keys=(("N/A", "N/A"),), created="N/A")),
])
def test_a_credential_without_a_readable_date_is_error_not_pass(control_id, row):
    findings = run_check(control_id, _report_with(row)())
    assert [f.status for f in findings] == [Status.ERROR], findings
    assert "no readable date" in findings[0].reason


def test_missing_root_row_is_error_not_pass():
    snapshot = changed(identity_compliant(), REPORT, lambda rows: rows[1:])
    findings = run_check("root-used-only-by-exception", snapshot)
    assert [f.status for f in findings] == [Status.ERROR]
    assert "<root_account>" in findings[0].reason


def test_missing_root_row_on_an_emulator_is_not_provable():
    snapshot = changed(identity_compliant(), REPORT, lambda rows: rows[1:])
    snapshot.emulator_endpoint = "http://127.0.0.1:5000"
    findings = run_check("root-used-only-by-exception", snapshot)
    assert [f.status for f in findings] == [Status.NOT_PROVABLE]
    assert "has no <root_account> row" in findings[0].reason


def test_root_use_window_comes_from_the_snapshot_or_a_parameter():
    snapshot = _root_row(password_last_used=RECENT)()  # used 8 days before collected_at
    assert root_used_only_by_exception(snapshot)[0].status is Status.FAIL
    assert root_used_only_by_exception(snapshot, window_days=7)[0].status is Status.PASS
    snapshot.record(SETTINGS_API, {"root_use_window_days": 5})
    finding = run_check("root-used-only-by-exception", snapshot)[0]
    assert finding.status is Status.PASS and finding.evidence["window_days"] == 5


def test_not_applicable_without_identity_center_or_assumable_roles():
    snapshot = changed_in(identity_compliant(), "sso-admin:ListInstances", REGIONS[0], [])
    assert verdict(run_check("identity-center-permission-set-session", snapshot),
                   "identity-center-permission-set-session") is Status.NOT_APPLICABLE
    snapshot = changed(identity_compliant(), ROLES, lambda roles: roles[-2:])  # service roles
    for control_id in ("roles-limited-session", "roles-trust-requires-mfa-or-federation"):
        assert verdict(run_check(control_id, snapshot), control_id) is Status.NOT_APPLICABLE


@pytest.mark.parametrize(("text", "seconds"), [("PT1H", 3600), ("PT90M", 5400),
                                               ("PT1H30M", 5400), ("PT12H", 43200),
                                               ("P1D", None), ("PT", None),
                                               (3600, None), (None, None)])
def test_iso_duration(text, seconds):
    assert iso_duration_seconds(text) == seconds


def test_ten_thousand_users_and_roles_are_checked_in_bulk():
    snapshot = identity_compliant()
    rows = [credential_row(f"person{i:05d}.x", keys=((RECENT, RECENT),)) for i in range(10_000)]
    rows[4242] = credential_row("person04242.x", keys=((OLD, RECENT), (RECENT, RECENT)))
    snapshot.record(REPORT, [root_report_row(), *rows])
    roles = [role(f"role{i:05d}", trust(ROOT_ARN, condition=MFA)) for i in range(10_000)]
    snapshot.record(ROLES, [*snapshot.get(ROLES), *roles])
    findings = {f.control_id: f for f in evaluate(snapshot, list(FAIL_CASES))}
    assert findings["iam-access-keys-rotated"].status is Status.FAIL
    assert "person04242.x key 1" in findings["iam-access-keys-rotated"].reason
    assert findings["iam-one-active-access-key"].evidence["users_with_two_active_keys"][
        "count"] == 1
    assert findings["roles-trust-requires-mfa-or-federation"].status is Status.PASS
