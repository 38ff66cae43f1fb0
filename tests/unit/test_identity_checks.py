"""Root, account-contact, credential, access and guardrail checks on hand-built snapshots:
PASS, FAIL with a reason naming the cause, ERROR on an unreadable API, NOT_APPLICABLE."""

from __future__ import annotations

import pytest

from governance.checks import evaluate, run_check, verdict
from governance.checks.access import iso_duration_seconds
from governance.checks.root import SETTINGS_API, root_used_only_by_exception
from governance.model import Status
from tests.support.snapshots import changed
from tests.support.verdicts import verdict_tests
from tests.unit.cases_identity import (
    FAIL_CASES,
    PASS_CASES,
    REPORT,
    ROLES,
    ROOT_ARN,
    SUMMARY,
    _report_with,
    _root_row,
)
from tests.unit.snapshots_cis_v5_changed import ABSENT, root_state
from tests.unit.snapshots_identity import (
    MFA,
    OLD,
    RECENT,
    REGIONS,
    credential_row,
    identity_compliant,
    role,
    root_report_row,
    trust,
)

test_check_fails_with_reason, test_check_passes = verdict_tests(FAIL_CASES, PASS_CASES)



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
    snapshot = changed(identity_compliant(), "sso-admin:ListInstances", [], REGIONS[0])
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
