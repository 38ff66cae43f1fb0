"""Logging and monitoring controls (CIS v3.0 sections 3 and 4, ACCT-001 trail bucket and
alerts) on seeded moto accounts: the cases the applied examples/complete stack does not prove
(tests/live_proofs.toml: it proves PASS, FAIL and ERROR of every control here, so the three
CLI verdict tests run none of them), and the seeded cases the partner checklist composes.
Every PASS seed is the whole stack the baseline modules build (harness/seeds/logging_stack.py);
every FAIL seed breaks one part of it."""

from __future__ import annotations

from governance.catalog.samples import metric_filter_items
from harness.seeds.logging_stack import Break, seed_stack
from tests.seeded.cases import SeededCase, cli_verdict_tests

# The logging controls the partner checklist and FTR map (tests/seeded/test_partner_checklist.py
# composes their PASS seeds in one account). The applied examples/complete stack proves their
# PASS (its apply), FAIL (its drifts, tests/apply/complete_drifts.py) and ERROR (its denied
# reads, tests/apply/complete_denied_reads.py).
COMPOSED: tuple[str, ...] = (
    "cloudtrail-multi-region-logging",
    "cloudtrail-log-file-validation",
    "cloudtrail-kms-encryption",
    "cloudtrail-cloudwatch-logs-integration",
    "cloudtrail-bucket-access-logging",
    "cloudtrail-bucket-protected",
    "config-recorder-all-regions",
    "iam-policy-change-alert-realtime",
    *metric_filter_items(),
)
# The stack broken for one control, for the partner checklist's flip of the item the control
# answers (tests/seeded/test_partner_checklist.py): (break, patterns, the FAIL reason).
BROKEN_FOR_PARTNER_CHECKLIST: dict[str, tuple[frozenset[str], dict[str, str], str]] = {
    "cloudtrail-log-file-validation": (
        frozenset({Break.TRAIL_VALIDATION_OFF}), {}, "governance-trail (validation off)"),
    "cloudtrail-bucket-protected": (
        frozenset({Break.BUCKET_NO_TLS_DENY}), {},
        "no bucket policy statement denies aws:SecureTransport false"),
    "config-recorder-all-regions": (
        frozenset({Break.CONFIG_NOT_RECORDING}), {},
        "recorder governance-recorder is not recording"),
    "iam-policy-change-alert-realtime": (
        frozenset({Break.RULE_DROP_LAST_EVENT}), {},
        "IAM policy-change event(s) DetachGroupPolicy"),
    # A pattern a careless edit would leave (CIS 4.1 is not an eventName list).
    "metric-alarm-unauthorized-api-calls": (
        frozenset(), {"4.1": '{ ($.errorCode = "*UnauthorizedOperation") }'},
        "misses errorCode AccessDenied"),
}


def _case(control_id: str) -> SeededCase:
    if control_id not in BROKEN_FOR_PARTNER_CHECKLIST:
        return SeededCase(seed_pass=seed_stack)
    broken, patterns, reason = BROKEN_FOR_PARTNER_CHECKLIST[control_id]
    return SeededCase(seed_pass=seed_stack,
                      seed_fail=lambda account: seed_stack(account, broken, patterns=patterns),
                      fail_reason=reason)


SEEDED: dict[str, SeededCase] = {control_id: _case(control_id) for control_id in COMPOSED}


(test_cli_passes_on_a_compliant_account, test_cli_fails_with_the_reason,
 test_cli_errors_when_the_read_is_denied) = cli_verdict_tests(
    SEEDED, "seeded-logging", test_file=__file__)


def test_deny_covers_s3_requests():
    """moto authorizes S3 requests through their own hook, which deny() also wraps."""
    from moto.core.authorization import ActionAuthenticatorMixin

    assert getattr(ActionAuthenticatorMixin._authenticate_and_authorize_s3_action, "wrapped", False)


def test_config_never_delivered_on_moto_is_not_provable(sandbox_account, audit_cli):
    """moto leaves a started recorder's lastStatus PENDING: CIS 3.3 needs SUCCESS, which
    moto cannot show, so the audit says NOT_PROVABLE, neither PASS nor FAIL."""
    seed_stack(sandbox_account, {Break.CONFIG_PENDING})
    result = audit_cli(sandbox_account, "--controls", "config-recorder-all-regions")
    assert result.statuses("config-recorder-all-regions") == {"NOT_PROVABLE"}
    assert "lastStatus stays PENDING" in result.reasons("config-recorder-all-regions")


def test_trail_with_aws_default_selectors_passes_cis_3_1_and_4_4(sandbox_account, audit_cli):
    """A trail whose event selectors were never set logs all management events (AWS's
    documented default): CIS 3.1 and the 4.x alarm chains hold."""
    seed_stack(sandbox_account, {Break.TRAIL_DEFAULT_SELECTORS})
    result = audit_cli(sandbox_account, "--controls",
                       "cloudtrail-multi-region-logging,metric-alarm-iam-policy-changes")
    assert result.statuses("cloudtrail-multi-region-logging") == {"PASS"}, result.reasons(
        "cloudtrail-multi-region-logging")
    assert result.statuses("metric-alarm-iam-policy-changes") == {"PASS"}
