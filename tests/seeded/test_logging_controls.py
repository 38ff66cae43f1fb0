"""Logging and monitoring controls (CIS v3.0 sections 3 and 4, ACCT-001 trail bucket and
alerts) through the CLI on seeded moto accounts: PASS, FAIL with the reason, and ERROR when
the read is denied. Every PASS runs on the whole stack the baseline modules build
(tests/seeded/logging_stack.py); every FAIL breaks one part of it."""

from __future__ import annotations

from governance.catalog.samples import metric_filter_items
from tests.seeded.cases import SeededCase, cli_verdict_tests
from tests.seeded.logging_stack import seed_stack, without_event

# Patterns a careless edit would leave, for the CIS items that are not eventName lists.
BROKEN_PATTERNS = {
    "4.1": ('{ ($.errorCode = "*UnauthorizedOperation") }', "misses errorCode AccessDenied"),
    "4.2": ('{ $.eventName = "ConsoleLogin" }', "also matches ConsoleLogin with MFA"),
    "4.3": ('{ $.userIdentity.type = "Root" && $.eventType != "AwsServiceEvent" }',
            "also matches root call invoked by an AWS service"),
    "4.6": ("{ ($.eventName = ConsoleLogin) }", "also matches ConsoleLogin success"),
}


def _case(broken: set[str], reason: str, denied: str, **kwargs) -> SeededCase:
    return SeededCase(seed_pass=seed_stack,
                      seed_fail=lambda account: seed_stack(account, broken, **kwargs),
                      fail_reason=reason, denied_action=denied)


def _metric_alarm_case(item: dict) -> SeededCase:
    if item["id"] in BROKEN_PATTERNS:
        pattern, reason = BROKEN_PATTERNS[item["id"]]
    else:
        dropped = item["must_match"][-1]["name"]
        pattern, reason = without_event(item["pattern"], dropped), f"misses {dropped}"
    return _case(set(), reason, "logs:DescribeMetricFilters", patterns={item["id"]: pattern})


SEEDED: dict[str, SeededCase] = {
    "cloudtrail-multi-region-logging": _case(
        {"trail-not-logging"}, "governance-trail: not logging", "cloudtrail:GetTrailStatus"),
    "cloudtrail-log-file-validation": _case(
        {"trail-validation-off"}, "governance-trail (validation off)", "cloudtrail:DescribeTrails"),
    "cloudtrail-kms-encryption": _case(
        {"trail-no-kms"}, "governance-trail (no KMS key", "cloudtrail:DescribeTrails"),
    "cloudtrail-cloudwatch-logs-integration": _case(
        {"trail-no-cloudwatch-logs"}, "governance-trail (no CloudWatch Logs log group)",
        "logs:DescribeLogGroups"),
    "cloudtrail-bucket-access-logging": _case(
        {"bucket-access-logging-off"}, "has no server access logging", "s3:GetBucketLogging"),
    "cloudtrail-bucket-protected": _case(
        {"bucket-no-tls-deny"}, "no bucket policy statement denies aws:SecureTransport false",
        "s3:GetBucketPolicy"),
    "cloudtrail-s3-data-events-write": _case(
        {"trail-no-data-events"}, "no S3 object-level write events for all buckets",
        "cloudtrail:GetEventSelectors"),
    "cloudtrail-s3-data-events-read": _case(
        {"trail-advanced-write-only"}, "no S3 object-level read events for all buckets",
        "cloudtrail:GetEventSelectors"),
    "cloudtrail-every-trail-s3-data-events-write": _case(
        {"trail-no-data-events"}, "trail governance-trail: no S3 object-level write events for "
        "all buckets", "cloudtrail:GetEventSelectors"),
    "cloudtrail-every-trail-s3-data-events-read": _case(
        {"trail-advanced-write-only"}, "trail governance-trail: no S3 object-level read events "
        "for all buckets", "cloudtrail:GetEventSelectors"),
    "config-recorder-all-regions": _case(
        {"config-not-recording"}, "recorder governance-recorder is not recording",
        "config:DescribeConfigurationRecorderStatus"),
    "aws-config-managed-rules": _case(
        {"config-rule-missing:cmk-backing-key-rotation-enabled"},
        "missing managed rule(s) cmk-backing-key-rotation-enabled", "config:DescribeConfigRules"),
    "kms-key-rotation": _case(
        {"key-rotation-off"}, "customer-managed key(s) without rotation in us-east-1",
        "kms:GetKeyRotationStatus"),
    "vpc-flow-logs": _case(
        {"flow-log-missing"}, "VPC(s) without a flow log of rejected traffic in us-east-1",
        "ec2:DescribeFlowLogs"),
    "iam-policy-change-alert-realtime": _case(
        {"rule-drop-last-event"}, "IAM policy-change event(s) DetachGroupPolicy",
        "events:ListTargetsByRule"),
    **{control_id: _metric_alarm_case(item) for control_id, item in metric_filter_items().items()},
    # CIS v5.0.0 4.10 on the module's filter left at the v3.0.0/v4.0.1 text.
    "metric-alarm-security-group-rule-changes": _case(
        set(), "misses ModifySecurityGroupRules", "logs:DescribeMetricFilters",
        patterns={"4.10": without_event(metric_filter_items()[
            "metric-alarm-security-group-changes"]["pattern"], "ModifySecurityGroupRules")}),
}


(test_cli_passes_on_a_compliant_account, test_cli_fails_with_the_reason,
 test_cli_errors_when_the_read_is_denied) = cli_verdict_tests(
    SEEDED, "seeded-logging", denied_on_apply=True)


def test_deny_covers_s3_requests():
    """moto authorizes S3 requests through their own hook, which deny() also wraps."""
    from moto.core.authorization import ActionAuthenticatorMixin

    assert getattr(ActionAuthenticatorMixin._authenticate_and_authorize_s3_action, "wrapped", False)


def test_config_never_delivered_on_moto_is_not_provable(sandbox_account, audit_cli):
    """moto leaves a started recorder's lastStatus PENDING: CIS 3.3 needs SUCCESS, which
    moto cannot show, so the audit says NOT_PROVABLE, neither PASS nor FAIL."""
    seed_stack(sandbox_account, {"config-pending"})
    result = audit_cli(sandbox_account, "--controls", "config-recorder-all-regions")
    assert result.statuses("config-recorder-all-regions") == {"NOT_PROVABLE"}
    assert "lastStatus stays PENDING" in result.reasons("config-recorder-all-regions")


def test_trail_with_aws_default_selectors_passes_cis_3_1_and_4_4(sandbox_account, audit_cli):
    """A trail whose event selectors were never set logs all management events (AWS's
    documented default): CIS 3.1 and the 4.x alarm chains hold."""
    seed_stack(sandbox_account, {"trail-default-selectors"})
    result = audit_cli(sandbox_account, "--controls",
                       "cloudtrail-multi-region-logging,metric-alarm-iam-policy-changes")
    assert result.statuses("cloudtrail-multi-region-logging") == {"PASS"}, result.reasons(
        "cloudtrail-multi-region-logging")
    assert result.statuses("metric-alarm-iam-policy-changes") == {"PASS"}
