"""Checks of CIS v3.0 section 4 (metric filter -> alarm -> SNS topic with a subscriber, on
the log group of a logging multi-region trail) and of the real-time IAM policy-change
alert (EventBridge rule -> SNS topic).

Whether a deployed pattern "catches the CIS events" is decided by evaluating it, with
:mod:`governance.filter_pattern` and :mod:`governance.event_pattern`, against the sample
events of the catalog (governance/catalog/data): it must match every ``must_match`` sample
and none of the ``must_not_match`` ones. Dropping one event name from a pattern fails the
control and names the missed event.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from governance.catalog.samples import iam_policy_change_events, metric_filter_items
from governance.checks import check
from governance.checks.trails import delivery_problem, log_group, logging_multi_region, trails
from governance.event_pattern import EventPatternError
from governance.event_pattern import matches as event_matches
from governance.filter_pattern import PatternError
from governance.filter_pattern import matches as filter_matches
from governance.model import AccountSnapshot, Finding, Status

IAM_EVENTS_REGION = "us-east-1"


@cache
def changed_metric_filter_items() -> dict[str, dict[str, Any]]:
    """The CIS v5.0.0 section 4 items whose prescribed pattern changed
    (governance/catalog/data/cis-v5-metric-filters.json), keyed by control id: each is the
    deployed item it ``extends`` (same filter name, metric, alarm) with its own pattern and
    the samples the new pattern adds."""
    text = resources.files("governance.catalog").joinpath(
        "data", "cis-v5-metric-filters.json").read_text("utf-8")
    deployed = metric_filter_items()
    items = {}
    for item in json.loads(text)["items"]:
        base = deployed[item["extends"]]
        items[item["control_id"]] = {
            **base, "control_id": item["control_id"], "extends": item["extends"],
            "id": item["id"], "cis_version": item["cis_version"],
            "description": item["description"], "pattern": item["pattern"],
            "note": item["note"], "cis_text_variants": [],
            "must_match": [*base["must_match"], *item["also_must_match"]],
            "must_not_match": [*base["must_not_match"], *item["also_must_not_match"]]}
    return items


def metric_alarm_items() -> dict[str, dict[str, Any]]:
    """Every metric-alarm item the checks judge: the deployed CIS v3.0.0 items and the
    v5.0.0 items whose pattern changed."""
    return {**metric_filter_items(), **changed_metric_filter_items()}


def sample_misses(matcher: Any, pattern: Any, item: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(must_match samples the pattern misses, must_not_match samples it matches)."""
    missed = [s["name"] for s in item["must_match"] if not matcher(pattern, s["event"])]
    extra = [s["name"] for s in item["must_not_match"] if matcher(pattern, s["event"])]
    return missed, extra


def describe_misses(missed: list[str], extra: list[str]) -> str:
    parts = []
    if missed:
        parts.append(f"misses {', '.join(missed[:8])}" + (" ..." if len(missed) > 8 else ""))
    if extra:
        parts.append(f"also matches {', '.join(extra[:3])}")
    return " and ".join(parts)


def confirmed_subscriptions(snapshot: AccountSnapshot, topic_arn: str) -> list[str]:
    region = topic_arn.split(":")[3]
    return [s["SubscriptionArn"] for s in snapshot.get("sns:ListSubscriptions", region) or []
            if s.get("TopicArn") == topic_arn and str(s.get("SubscriptionArn", "")).startswith("arn:")]


def _sns_topics(actions: list[str]) -> list[str]:
    return [arn for arn in actions if arn.startswith("arn:") and arn.split(":")[2] == "sns"]


def alarm_chain(snapshot: AccountSnapshot, control: str) -> list[Finding]:
    item = metric_alarm_items()[control]
    title = " ".join(["CIS", *([item["cis_version"]] if item.get("cis_version") else []), item["id"]])
    groups = []
    undelivered = []
    for trail in trails(snapshot):
        group = log_group(trail)
        if not group or logging_multi_region(snapshot, trail):
            continue
        if problem := delivery_problem(snapshot, trail):
            undelivered.append(f"{trail['Name']}: {problem}")
            continue
        groups.append((trail["Name"], *group))
    if not groups:
        return [Finding(control, Status.FAIL,
                        "no logging multi-region trail (read and write management events) "
                        "delivers to CloudWatch Logs"
                        + (f" ({'; '.join(undelivered[:3])})" if undelivered else ""),
                        evidence={"cis": item["id"], "undelivered": undelivered})]
    # The furthest step reached, for the FAIL reason: (step, closeness, reason). At the filter
    # step, the closest filter is the one catching the most samples (the item's own metric
    # name breaks ties), so the reason names what the intended filter misses.
    best: tuple[int, int, str] = (0, 0, "")
    own_filter_seen = False
    for trail_name, region, group in groups:
        filters = [f for f in snapshot.get("logs:DescribeMetricFilters", region) or []
                   if f.get("logGroupName") == group]
        alarms = snapshot.get("cloudwatch:DescribeAlarms", region) or []
        if not filters:
            best = max(best, (1, 0, f"no metric filter on log group {group} (trail {trail_name})"))
        for metric_filter in filters:
            name = metric_filter.get("filterName", "?")
            own = int(any(t.get("metricName") == item["metric_name"]
                          for t in metric_filter.get("metricTransformations", [])))
            own_filter_seen = own_filter_seen or bool(own)
            try:
                missed, extra = sample_misses(filter_matches, metric_filter.get("filterPattern", ""),
                                              item)
            except PatternError as error:
                best = max(best, (2, 2 * -1 + own,
                                  f"filter {name} on {group}: pattern not understood ({error})"))
                continue
            if missed or extra:
                caught = len(item["must_match"]) - len(missed)
                closeness = 2 * (caught - len(extra) if caught else -1) + own
                best = max(best, (2, closeness,
                                  f"filter {name} on {group} {describe_misses(missed, extra)}"))
                continue
            for transformation in metric_filter.get("metricTransformations", []):
                metric = f"{transformation.get('metricNamespace')}/{transformation.get('metricName')}"
                watching = [a for a in alarms
                            if a.get("MetricName") == transformation.get("metricName")
                            and a.get("Namespace") == transformation.get("metricNamespace")]
                if not watching:
                    best = max(best, (3, 0, f"filter {name} catches the {title} events but no alarm "
                                         f"watches metric {metric}"))
                for alarm in watching:
                    topics = _sns_topics(alarm.get("AlarmActions", [])) \
                        if alarm.get("ActionsEnabled", True) else []
                    if not topics:
                        best = max(best, (4, 0, f"alarm {alarm['AlarmName']} on {metric} notifies no "
                                             "SNS topic"))
                    for topic in topics:
                        subscribers = confirmed_subscriptions(snapshot, topic)
                        if subscribers:
                            return [Finding(control, Status.PASS,
                                            f"{title}: filter {name} on {group} (trail {trail_name}) "
                                            f"-> alarm {alarm['AlarmName']} -> {topic} "
                                            f"({len(subscribers)} subscriber(s))",
                                            evidence={"cis": item["id"], "filter": name,
                                                      "log_group": group,
                                                      "alarm": alarm["AlarmName"], "topic": topic})]
                        best = max(best, (5, 0, f"alarm {alarm['AlarmName']} notifies {topic}, which "
                                             "has no confirmed subscription"))
    reason = best[2]
    if best[0] == 2 and not own_filter_seen:
        # No filter on the trail's group publishes this item's metric: say so first, so the
        # reason does not read as if another item's filter were this item's.
        names = ", ".join(sorted({g[2] for g in groups}))
        elsewhere = sorted({f.get("logGroupName", "?") for region in {g[1] for g in groups}
                            for f in snapshot.get("logs:DescribeMetricFilters", region) or []
                            if any(t.get("metricName") == item["metric_name"]
                                   for t in f.get("metricTransformations", []))})
        reason = (f"no metric filter on log group {names} catches the {title} events or "
                  f"publishes {item['metric_name']}"
                  + (f" (a filter publishing it sits on {', '.join(elsewhere)}, which no "
                     "logging multi-region trail delivers to)" if elsewhere else "")
                  + f"; closest: {best[2]}")
    return [Finding(control, Status.FAIL, f"{title}: {reason}",
                    evidence={"cis": item["id"], "log_groups": [g[2] for g in groups]})]


def _register(control_id: str) -> None:
    check(control_id)(lambda snapshot: alarm_chain(snapshot, control_id))


for _control_id in metric_alarm_items():
    _register(_control_id)


@check("iam-policy-change-alert-realtime")
def iam_policy_change_alert_realtime(snapshot: AccountSnapshot) -> list[Finding]:
    control = "iam-policy-change-alert-realtime"
    samples = iam_policy_change_events()
    rules = snapshot.get("events:ListRules", IAM_EVENTS_REGION) or []
    targets = snapshot.get("events:ListTargetsByRule", IAM_EVENTS_REGION) or {}
    covered: set[str] = set()
    notes = []
    alerting = []
    for rule in rules:
        name = rule.get("Name", "?")
        if rule.get("State") != "ENABLED" or not rule.get("EventPattern"):
            continue
        try:
            missed, extra = sample_misses(event_matches, rule["EventPattern"], samples)
        except (EventPatternError, ValueError) as error:
            notes.append(f"rule {name}: pattern not understood ({error})")
            continue
        if extra:
            notes.append(f"rule {name} also matches {', '.join(extra[:3])}")
            continue
        caught = {s["name"] for s in samples["must_match"]} - set(missed)
        if not caught:
            continue
        topics = _sns_topics([target.get("Arn", "") for target in targets.get(name) or []])
        if not topics:
            notes.append(f"rule {name} has no SNS target")
            continue
        if not any(confirmed_subscriptions(snapshot, topic) for topic in topics):
            notes.append(f"rule {name} targets {', '.join(topics)} without a confirmed subscription")
            continue
        covered |= caught
        alerting.append(name)
    missed = [name for name in samples["event_names"] if name not in covered]
    if not missed:
        return [Finding(control, Status.PASS,
                        f"EventBridge rule(s) {', '.join(alerting)} in {IAM_EVENTS_REGION} send all "
                        f"{len(samples['event_names'])} IAM policy-change events to a subscribed "
                        "SNS topic", region=IAM_EVENTS_REGION, evidence={"rules": alerting})]
    reason = (f"no enabled EventBridge rule in {IAM_EVENTS_REGION} sends IAM policy-change "
              f"event(s) {', '.join(missed[:8])}{' ...' if len(missed) > 8 else ''} to a subscribed "
              "SNS topic")
    if notes:
        reason += f" ({'; '.join(notes[:3])})"
    return [Finding(control, Status.FAIL, reason, region=IAM_EVENTS_REGION,
                    evidence={"missed_events": missed, "notes": notes, "rules": alerting})]
