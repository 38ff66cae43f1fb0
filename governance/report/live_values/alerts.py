"""Live values of the alerts: metric alarms with the metric filter publishing each and the
SNS topics notified (ACCT-001.8, and the alarms an item's findings name for ACCT-001.2 and
ACCT-001.7), and the EventBridge rules with their targets (ACCT-001.7).
"""

from __future__ import annotations

import json
from typing import Any

from governance.model import AccountSnapshot
from governance.report.evidence import Requirement
from governance.report.live_values.reads import (
    NOT_READ,
    LiveTable,
    Missing,
    Reads,
    cell,
    lines,
    regional_rows,
)


def named_alarms(requirement: Requirement) -> set[str]:
    """The alarms the item's findings name (a metric-alarm PASS names its alarm)."""
    return {str(f.evidence["alarm"]) for result in requirement.results for f in result.findings
            if isinstance(f.evidence, dict) and f.evidence.get("alarm")}


def _confirmed(reads: Reads, topic: str) -> Any:
    region = topic.split(":")[3] if topic.count(":") >= 5 else None
    subscriptions = reads("sns:ListSubscriptions", region)
    if isinstance(subscriptions, Missing):
        return subscriptions
    return sum(1 for s in subscriptions or [] if s.get("TopicArn") == topic
               and str(s.get("SubscriptionArn", "")).startswith("arn:"))


def alarms_table(snapshot: AccountSnapshot, only: set[str] | None, key: str,
                 title: str) -> LiveTable:
    """Metric alarms of every audited region (``only``: those named): the metric, the metric
    filter that publishes it, the SNS topics notified and their confirmed subscriptions."""
    reads = Reads(snapshot)
    columns = ["Region", "Alarm", "Metric and its filter", "SNS topics (confirmed subscriptions)"]
    if only is not None and not only:
        return reads.table(key, title, columns, [], empty="this item's findings name no alarm "
                           "(every alarm of the account is listed under ACCT-001.8)")

    def alarm_rows(region: str, alarms: list[Any]) -> list[list[Any]]:
        filters = reads("logs:DescribeMetricFilters", region)
        rows: list[list[Any]] = []
        for alarm in alarms:
            if only is not None and alarm.get("AlarmName") not in only:
                continue
            source = [f"{alarm.get('Namespace')}/{alarm.get('MetricName')}"]
            if isinstance(filters, Missing):
                source.append(f"filter: {NOT_READ}")
            else:
                source += [f"from filter {f.get('filterName')} on {f.get('logGroupName')}"
                           for f in filters or [] if any(
                               t.get("metricName") == alarm.get("MetricName")
                               and t.get("metricNamespace") == alarm.get("Namespace")
                               for t in f.get("metricTransformations", []))] \
                    or ["published by no metric filter"]
            topics = [arn for arn in alarm.get("AlarmActions", [])
                      if str(arn).startswith("arn:") and str(arn).split(":")[2] == "sns"]
            actions = [f"{topic} ({cell(_confirmed(reads, topic))})" for topic in topics]
            if alarm.get("ActionsEnabled") is False:
                actions.append("(actions disabled)")
            rows.append([region, alarm.get("AlarmName"), "\n".join(source), lines(actions)])
        return rows

    rows = regional_rows(reads, "cloudwatch:DescribeAlarms", 4, alarm_rows)
    return reads.table(key, title, columns, rows,
                       note="" if only is None else "the alarms this item's findings name",
                       empty="no metric alarm" if only is None else "no alarm named")


def _pattern_summary(pattern: Any) -> str:
    """An event pattern as ``path: values`` lines (detail.eventName: 16 names ...)."""
    if not pattern:
        return "none (scheduled rule)"
    try:
        parsed = json.loads(pattern) if isinstance(pattern, str) else pattern
    except ValueError:
        return f"{str(pattern)[:200]} (not JSON)"
    parts: list[str] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for name, inner in value.items():
                walk(f"{prefix}.{name}" if prefix else str(name), inner)
        elif isinstance(value, list):
            shown = [json.dumps(v) if isinstance(v, dict) else str(v) for v in value]
            count = f"{len(shown)} values: " if len(shown) > 3 else ""
            parts.append(f"{prefix}: {count}{', '.join(shown)}")  # all of them: the evidence
        else:
            parts.append(f"{prefix}: {value}")
    walk("", parsed)
    return "\n".join(parts)


def rules_table(snapshot: AccountSnapshot) -> LiveTable:
    reads = Reads(snapshot)

    def rule_rows(region: str, rules: list[Any]) -> list[list[Any]]:
        rows: list[list[Any]] = []
        for rule in rules:
            name = str(rule.get("Name"))
            targets = reads.entry("events:ListTargetsByRule", region, name, f"rule {name}")
            shown = targets if isinstance(targets, Missing) else [
                f"{t.get('Arn')} (id {t.get('Id')})" for t in targets or []]
            rows.append([region, name, rule.get("State"),
                         _pattern_summary(rule.get("EventPattern")), lines(shown)])
        return rows

    rows = regional_rows(reads, "events:ListRules", 5, rule_rows)
    return reads.table("event-rules", "EventBridge rules (default event bus)",
                       ["Region", "Rule", "State", "Event pattern", "Targets"], rows,
                       empty="no EventBridge rule")


def iam_change_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    return [rules_table(snapshot), alarms_table(snapshot, named_alarms(requirement),
                                                "iam-change-alarms",
                                                "Alarm on IAM policy changes")]


def other_alarm_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    return [alarms_table(snapshot, None, "alarms", "Metric alarms")]
