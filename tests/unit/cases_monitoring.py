"""The unit cases of the monitoring checks: ``FAIL_CASES`` and ``PASS_CASES``,
keyed by control id, with the snapshot builders they use. tests/unit/test_monitoring_checks.py binds
their verdict tests (tests/support/verdicts.py); the item cases of tests/unit/items_*.py,
tests/unit/test_error_per_read.py and tests/support/control_reads.py read them too.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from governance.catalog.samples import metric_filter_items
from governance.checks.monitoring import changed_metric_filter_items
from governance.model import AccountSnapshot
from tests.support.snapshots import changed
from tests.unit.snapshots import as_json_roundtrip
from tests.unit.snapshots_cis_v5_changed import SG_V4_PATTERN, security_group_pattern
from tests.unit.snapshots_logging import (
    HOME,
    IAM_EVENT_NAMES,
    RULE,
    TRAIL_ARN,
    compliant,
    event_rule_pattern,
    trail,
)

FILTERS, ALARMS, SUBS = "logs:DescribeMetricFilters", "cloudwatch:DescribeAlarms", "sns:ListSubscriptions"
ITEMS = metric_filter_items()
V5_ITEMS = changed_metric_filter_items()
SG_RULES = "metric-alarm-security-group-rule-changes"


def without_event(pattern: str, name: str) -> str:
    """The pattern with the ``($.eventName = name)`` term (and its ||) removed."""
    term = rf'\(\s*\$\.eventName\s*=\s*"?{name}"?\s*\)'
    reduced = re.sub(rf"{term}\s*\|\|\s*", "", pattern, count=1)
    if reduced == pattern:
        reduced = re.sub(rf"\s*\|\|\s*{term}", "", pattern, count=1)
    assert reduced != pattern, (pattern, name)
    return reduced


def with_pattern(control_id: str, pattern: str) -> AccountSnapshot:
    item = {**ITEMS, **V5_ITEMS}[control_id]

    def change(filters):
        for metric_filter in filters:
            if metric_filter["metricTransformations"][0]["metricName"] == item["metric_name"]:
                metric_filter["filterPattern"] = pattern
        return filters

    return changed(compliant(), FILTERS, change, HOME)


# The pattern a careless edit would leave, and the sample it then gets wrong.
BROKEN = {
    "4.1": ('{ ($.errorCode = "*UnauthorizedOperation") }', "misses errorCode AccessDenied"),
    "4.2": ('{ $.eventName = "ConsoleLogin" }', "also matches ConsoleLogin with MFA"),
    "4.3": ('{ $.userIdentity.type = "Root" && $.eventType != "AwsServiceEvent" }',
            "also matches root call invoked by an AWS service"),
    "4.6": ("{ ($.eventName = ConsoleLogin) }", "also matches ConsoleLogin success"),
}


def _dropped_event_case(control_id: str) -> tuple[str, Callable[[], AccountSnapshot], str]:
    item = ITEMS[control_id]
    if item["id"] in BROKEN:
        pattern, reason = BROKEN[item["id"]]
        return "broken pattern", lambda: with_pattern(control_id, pattern), reason
    dropped = item["must_match"][-1]["name"]
    return (f"pattern without {dropped}",
            lambda: with_pattern(control_id, without_event(item["pattern"], dropped)),
            f"misses {dropped}")


FAIL_CASES: dict[str, list[tuple[str, Callable[[], AccountSnapshot], str]]] = {
    control_id: [_dropped_event_case(control_id)] for control_id in ITEMS
}
FAIL_CASES["metric-alarm-iam-policy-changes"] += [
    ("no alarm", lambda: changed(compliant(), ALARMS, [], HOME),
     "no alarm watches metric CISBenchmark/iam_changes_metric"),
    ("alarm without SNS action", lambda: changed(compliant(), ALARMS, lambda alarms: [
        {**a, "AlarmActions": []} for a in alarms], HOME), "notifies no SNS topic"),
    ("actions disabled", lambda: changed(compliant(), ALARMS, lambda alarms: [
        {**a, "ActionsEnabled": False} for a in alarms], HOME), "notifies no SNS topic"),
    ("no subscription", lambda: changed(compliant(), SUBS, [], HOME), "has no confirmed subscription"),
    ("pending subscription", lambda: changed(compliant(), SUBS, lambda subs: [
        {**s, "SubscriptionArn": "PendingConfirmation"} for s in subs], HOME),
     "has no confirmed subscription"),
    ("filter on another log group", lambda: changed(compliant(), FILTERS, lambda filters: [
        {**f, "logGroupName": "/other"} for f in filters], HOME),
     "no metric filter on log group /aws/cloudtrail/governance"),
    ("trail not logging", lambda: changed(compliant(), "cloudtrail:GetTrailStatus",
                                          {TRAIL_ARN: {"IsLogging": False}}, HOME),
     "no logging multi-region trail"),
    ("trail without CloudWatch Logs", lambda: changed(
        compliant(), "cloudtrail:DescribeTrails", [trail(CloudWatchLogsLogGroupArn=None)], every_region=True),
     "delivers to CloudWatch Logs"),
    ("text pattern", lambda: with_pattern("metric-alarm-iam-policy-changes", "PutUserPolicy"),
     "pattern not understood"),
    ("no delivery role", lambda: changed(
        compliant(), "cloudtrail:DescribeTrails", [trail(CloudWatchLogsRoleArn=None)], every_region=True),
     "governance-trail: no role for CloudWatch Logs delivery"),
    ("delivery failing", lambda: changed(compliant(), "cloudtrail:GetTrailStatus", {TRAIL_ARN: {
        "IsLogging": True, "LatestCloudWatchLogsDeliveryError": "AccessDeniedException"}}, HOME),
     "CloudWatch Logs delivery error AccessDeniedException"),
]
# CIS v5.0.0 4.10: the v3.0.0/v4.0.1 pattern plus ModifySecurityGroupRules.
FAIL_CASES[SG_RULES] = [
    ("the v3.0.0/v4.0.1 text (no ModifySecurityGroupRules)", lambda: security_group_pattern(
        SG_V4_PATTERN), "CIS v5.0.0 4.10: filter governance-cis-4-10-security-group-changes on "
     "/aws/cloudtrail/governance misses ModifySecurityGroupRules"),
    ("v5.0.0 text without CreateSecurityGroup", lambda: security_group_pattern(without_event(
        V5_ITEMS[SG_RULES]["pattern"], "CreateSecurityGroup")), "misses CreateSecurityGroup"),
    ("a wildcard that also counts the reads", lambda: security_group_pattern(
        '{ ($.eventName = "*SecurityGroup*") }'),
     "also matches read-only DescribeSecurityGroups, read-only DescribeSecurityGroupRules"),
    ("no alarm", lambda: changed(compliant(), ALARMS, lambda alarms: [
        a for a in alarms if a["MetricName"] != "security_group_changes_metric"], HOME),
     "no alarm watches metric CISBenchmark/security_group_changes_metric"),
    ("no subscription", lambda: changed(compliant(), SUBS, [], HOME), "has no confirmed subscription"),
]
FAIL_CASES["iam-policy-change-alert-realtime"] = [
    ("rule without DetachGroupPolicy", lambda: changed(compliant(), "events:ListRules", lambda rules: [
        {**rules[0], "EventPattern": event_rule_pattern(IAM_EVENT_NAMES[:-1])}], HOME),
     "IAM policy-change event(s) DetachGroupPolicy"),
    ("rule disabled", lambda: changed(compliant(), "events:ListRules", lambda rules: [
        {**rules[0], "State": "DISABLED"}], HOME), "DeleteGroupPolicy"),
    ("no SNS target", lambda: changed(compliant(), "events:ListTargetsByRule", {RULE: [
        {"Id": "queue", "Arn": "arn:aws:sqs:us-east-1:111122223333:q"}]}, HOME), "has no SNS target"),
    ("topic without subscriber", lambda: changed(compliant(), SUBS, [], HOME),
     "without a confirmed subscription"),
    ("no rule", lambda: changed(compliant(), "events:ListRules", [], HOME),
     "no enabled EventBridge rule in us-east-1"),
]

PASS_CASES: dict[str, list[tuple[str, Callable[[], AccountSnapshot]]]] = {
    control_id: [("compliant", compliant), ("json roundtrip", lambda: as_json_roundtrip(compliant()))]
    for control_id in FAIL_CASES
}
PASS_CASES["metric-alarm-iam-policy-changes"].append(
    ("trail with AWS's default selectors (none set)", lambda: changed(
        compliant(), "cloudtrail:GetEventSelectors", {TRAIL_ARN: {}}, HOME)))
for _control_id, _item in ITEMS.items():
    for _number, _variant in enumerate(_item["cis_text_variants"]):
        if _item["id"] != "4.1":  # the v3.0.0 literal of 4.1 matches nearly every event
            PASS_CASES[_control_id].append(
                (f"CIS text variant {_number}",
                 lambda c=_control_id, v=_variant: with_pattern(c, v)))
PASS_CASES["metric-alarm-vpc-changes"].append((
    "compact spacing and quoted names", lambda: with_pattern(
        "metric-alarm-vpc-changes", "{" + "||".join(
            f'($.eventName="{s["name"]}")' for s in ITEMS["metric-alarm-vpc-changes"]["must_match"])
        + "}")))
PASS_CASES[SG_RULES].append((
    "compact spacing and quoted names", lambda: security_group_pattern("{" + "||".join(
        f'($.eventName="{s["name"]}")' for s in V5_ITEMS[SG_RULES]["must_match"]) + "}")))
PASS_CASES["iam-policy-change-alert-realtime"] += [
    ("two rules split the events", lambda: changed(
        changed(compliant(), "events:ListRules", lambda rules: [
            {**rules[0], "EventPattern": event_rule_pattern(IAM_EVENT_NAMES[:8])},
            {**rules[0], "Name": "second", "EventPattern": event_rule_pattern(IAM_EVENT_NAMES[8:])}], HOME),
        "events:ListTargetsByRule", lambda targets: {**targets, "second": targets[RULE]}, HOME)),
    ("prefix on detail-type", lambda: changed(compliant(), "events:ListRules", lambda rules: [
        {**rules[0], "EventPattern": rules[0]["EventPattern"].replace(
            '"detail-type": ["AWS API Call via CloudTrail"]',
            '"detail-type": [{"prefix": "AWS API Call"}]')}], HOME)),
]
