"""CIS v3.0 section 4 alarm chains and the real-time IAM policy-change alert on hand-built
snapshots. Dropping one event name from a deployed pattern FAILS and names the event."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from governance.catalog.samples import metric_filter_items
from governance.checks import run_check, verdict
from governance.checks.monitoring import changed_metric_filter_items
from governance.model import AccountSnapshot, Status
from tests.unit.snapshots import as_json_roundtrip
from tests.unit.snapshots_cis_v5_changed import SG_V4_PATTERN, security_group_pattern
from tests.unit.snapshots_logging import (
    IAM_EVENT_NAMES,
    RULE,
    TRAIL_ARN,
    changed,
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

    return changed(compliant(), FILTERS, change)


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
    ("no alarm", lambda: changed(compliant(), ALARMS, []),
     "no alarm watches metric CISBenchmark/iam_changes_metric"),
    ("alarm without SNS action", lambda: changed(compliant(), ALARMS, lambda alarms: [
        {**a, "AlarmActions": []} for a in alarms]), "notifies no SNS topic"),
    ("actions disabled", lambda: changed(compliant(), ALARMS, lambda alarms: [
        {**a, "ActionsEnabled": False} for a in alarms]), "notifies no SNS topic"),
    ("no subscription", lambda: changed(compliant(), SUBS, []), "has no confirmed subscription"),
    ("pending subscription", lambda: changed(compliant(), SUBS, lambda subs: [
        {**s, "SubscriptionArn": "PendingConfirmation"} for s in subs]),
     "has no confirmed subscription"),
    ("filter on another log group", lambda: changed(compliant(), FILTERS, lambda filters: [
        {**f, "logGroupName": "/other"} for f in filters]),
     "no metric filter on log group /aws/cloudtrail/governance"),
    ("trail not logging", lambda: changed(compliant(), "cloudtrail:GetTrailStatus",
                                          {TRAIL_ARN: {"IsLogging": False}}),
     "no logging multi-region trail"),
    ("trail without CloudWatch Logs", lambda: changed(
        compliant(), "cloudtrail:DescribeTrails", [trail(CloudWatchLogsLogGroupArn=None)], None),
     "delivers to CloudWatch Logs"),
    ("text pattern", lambda: with_pattern("metric-alarm-iam-policy-changes", "PutUserPolicy"),
     "pattern not understood"),
    ("no delivery role", lambda: changed(
        compliant(), "cloudtrail:DescribeTrails", [trail(CloudWatchLogsRoleArn=None)], None),
     "governance-trail: no role for CloudWatch Logs delivery"),
    ("delivery failing", lambda: changed(compliant(), "cloudtrail:GetTrailStatus", {TRAIL_ARN: {
        "IsLogging": True, "LatestCloudWatchLogsDeliveryError": "AccessDeniedException"}}),
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
        a for a in alarms if a["MetricName"] != "security_group_changes_metric"]),
     "no alarm watches metric CISBenchmark/security_group_changes_metric"),
    ("no subscription", lambda: changed(compliant(), SUBS, []), "has no confirmed subscription"),
]
FAIL_CASES["iam-policy-change-alert-realtime"] = [
    ("rule without DetachGroupPolicy", lambda: changed(compliant(), "events:ListRules", lambda rules: [
        {**rules[0], "EventPattern": event_rule_pattern(IAM_EVENT_NAMES[:-1])}]),
     "IAM policy-change event(s) DetachGroupPolicy"),
    ("rule disabled", lambda: changed(compliant(), "events:ListRules", lambda rules: [
        {**rules[0], "State": "DISABLED"}]), "DeleteGroupPolicy"),
    ("no SNS target", lambda: changed(compliant(), "events:ListTargetsByRule", {RULE: [
        {"Id": "queue", "Arn": "arn:aws:sqs:us-east-1:111122223333:q"}]}), "has no SNS target"),
    ("topic without subscriber", lambda: changed(compliant(), SUBS, []),
     "without a confirmed subscription"),
    ("no rule", lambda: changed(compliant(), "events:ListRules", []),
     "no enabled EventBridge rule in us-east-1"),
]

PASS_CASES: dict[str, list[tuple[str, Callable[[], AccountSnapshot]]]] = {
    control_id: [("compliant", compliant), ("json roundtrip", lambda: as_json_roundtrip(compliant()))]
    for control_id in FAIL_CASES
}
PASS_CASES["metric-alarm-iam-policy-changes"].append(
    ("trail with AWS's default selectors (none set)", lambda: changed(
        compliant(), "cloudtrail:GetEventSelectors", {TRAIL_ARN: {}})))
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
            {**rules[0], "Name": "second", "EventPattern": event_rule_pattern(IAM_EVENT_NAMES[8:])}]),
        "events:ListTargetsByRule", lambda targets: {**targets, "second": targets[RULE]})),
    ("prefix on detail-type", lambda: changed(compliant(), "events:ListRules", lambda rules: [
        {**rules[0], "EventPattern": rules[0]["EventPattern"].replace(
            '"detail-type": ["AWS API Call via CloudTrail"]',
            '"detail-type": [{"prefix": "AWS API Call"}]')}])),
]


@pytest.mark.parametrize(("control_id", "case", "make", "reason"), [
    (control_id, case, make, reason)
    for control_id, cases in FAIL_CASES.items() for case, make, reason in cases
], ids=lambda v: v if isinstance(v, str) else "")
def test_check_fails_with_reason(control_id, case, make, reason):
    findings = run_check(control_id, make())
    assert verdict(findings, control_id) is Status.FAIL, findings
    assert reason in findings[0].reason
    assert "\n" not in findings[0].reason


@pytest.mark.parametrize(("control_id", "case", "make"), [
    (control_id, case, make) for control_id, cases in PASS_CASES.items() for case, make in cases
], ids=lambda v: v if isinstance(v, str) else "")
def test_check_passes(control_id, case, make):
    findings = run_check(control_id, make())
    assert verdict(findings, control_id) is Status.PASS, findings



@pytest.mark.parametrize("control_id", sorted(c for c, item in ITEMS.items()
                                        if item["id"] not in BROKEN))
def test_each_dropped_event_name_fails_and_is_named(control_id):
    """Every event name of every eventName-list item, dropped in turn, fails the control."""
    item = ITEMS[control_id]
    for sample in item["must_match"]:
        findings = run_check(control_id, with_pattern(control_id,
                                                      without_event(item["pattern"], sample["name"])))
        assert findings[0].status is Status.FAIL
        assert f"misses {sample['name']}" in findings[0].reason


def test_cis_4_1_v3_literal_text_is_refused_because_it_matches_everything():
    item = ITEMS["metric-alarm-unauthorized-api-calls"]
    findings = run_check(item["control_id"], with_pattern(item["control_id"],
                                                          item["cis_text_variants"][0]))
    assert findings[0].status is Status.FAIL
    assert "also matches unrelated read" in findings[0].reason


def test_an_item_whose_own_filter_moved_away_says_so_not_another_items_filter():
    """CIS 4.6's filter on another log group: the reason says no filter on the trail's group
    catches 4.6, instead of naming 4.2's console filter as if it were 4.6's."""
    control_id = next(c for c, item in ITEMS.items() if item["id"] == "4.6")
    metric = ITEMS[control_id]["metric_name"]

    def move(filters):
        for metric_filter in filters:
            if metric_filter["metricTransformations"][0]["metricName"] == metric:
                metric_filter["logGroupName"] = "/aws/other/app"
        return filters

    findings = run_check(control_id, changed(compliant(), FILTERS, move))
    assert verdict(findings, control_id) is Status.FAIL
    assert findings[0].reason.startswith(
        "CIS 4.6: no metric filter on log group /aws/cloudtrail/governance catches the CIS 4.6 "
        f"events or publishes {metric} (a filter publishing it sits on /aws/other/app, which "
        "no logging multi-region trail delivers to); closest: "), findings[0].reason


@pytest.mark.parametrize("control_id", sorted(V5_ITEMS))
def test_each_dropped_event_name_of_a_v5_item_fails_and_is_named(control_id):
    item = V5_ITEMS[control_id]
    for sample in item["must_match"]:
        findings = run_check(control_id, with_pattern(control_id,
                                                      without_event(item["pattern"], sample["name"])))
        assert findings[0].status is Status.FAIL
        assert f"misses {sample['name']}" in findings[0].reason


def test_v3_security_group_control_passes_both_texts_v5_only_the_new_one():
    """The module deploys the v5.0.0 text: CIS v3.0.0 4.10 still PASSes on it (a pattern
    counting more events misses none of its samples), and on the older text; CIS v5.0.0
    4.10 PASSes on the new text only."""
    old = "metric-alarm-security-group-changes"
    assert ITEMS[old]["pattern"] == V5_ITEMS[SG_RULES]["pattern"]
    assert ITEMS[old]["cis_text_variants"] == [SG_V4_PATTERN]
    assert "ModifySecurityGroupRules" in ITEMS[old]["pattern"]
    assert "ModifySecurityGroupRules" not in SG_V4_PATTERN
    new_text, old_text = compliant(), security_group_pattern(SG_V4_PATTERN)
    assert verdict(run_check(old, new_text), old) is Status.PASS
    assert verdict(run_check(old, old_text), old) is Status.PASS
    assert verdict(run_check(SG_RULES, new_text), SG_RULES) is Status.PASS
    assert verdict(run_check(SG_RULES, old_text), SG_RULES) is Status.FAIL


def test_a_v5_item_extends_its_deployed_item():
    for control_id, item in V5_ITEMS.items():
        base = ITEMS[item["extends"]]
        assert (item["id"], item["metric_name"], item["name"]) == (
            base["id"], base["metric_name"], base["name"])
        assert item["must_match"][:len(base["must_match"])] == base["must_match"]
        assert len(item["must_match"]) > len(base["must_match"]), control_id
        assert run_check(control_id, compliant())[0].reason.startswith(
            f"CIS {item['cis_version']} {item['id']}: filter ")
