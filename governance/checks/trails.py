"""What the logging checks need to know about CloudTrail trails, read from the snapshot.

A trail is listed once however many regions return it (shadow trails); its status, event
selectors, bucket and log group are looked up in its home region's reads.
"""

from __future__ import annotations

import json
import re
from typing import Any

from governance.model import AccountSnapshot, ReadFailed

READ, WRITE = "read", "write"
ALL_S3_BUCKETS = re.compile(r"^arn:[a-z-]+:s3(:::)?$")


def trails(snapshot: AccountSnapshot) -> list[dict[str, Any]]:
    """Every trail the audited regions return, once each, sorted by ARN."""
    found: dict[str, dict[str, Any]] = {}
    for region in snapshot.regions:
        for trail in snapshot.get("cloudtrail:DescribeTrails", region) or []:
            found.setdefault(trail["TrailARN"], trail)
    return [found[arn] for arn in sorted(found)]


def home_read(snapshot: AccountSnapshot, api: str, trail: dict[str, Any], key: str) -> Any:
    """One resource's entry in a per-resource read of the trail's home region."""
    home = trail.get("HomeRegion") or snapshot.home_region
    data = snapshot.get(api, home) or {}
    if key not in data:
        raise ReadFailed(api, f"{key} was not read in {home}")
    return data[key]


def status(snapshot: AccountSnapshot, trail: dict[str, Any]) -> dict[str, Any]:
    return home_read(snapshot, "cloudtrail:GetTrailStatus", trail, trail["TrailARN"]) or {}


def selectors(snapshot: AccountSnapshot, trail: dict[str, Any]) -> dict[str, Any]:
    return home_read(snapshot, "cloudtrail:GetEventSelectors", trail, trail["TrailARN"]) or {}


def management_coverage(selected: dict[str, Any]) -> set[str]:
    """Which management events (read, write) the trail logs, all event sources included.

    A trail with neither basic nor advanced event selectors logs all read and write
    management events: AWS's documented default ("By default, trails created without
    specific event selectors are configured to log all read and write management events")."""
    if not selected.get("EventSelectors") and not selected.get("AdvancedEventSelectors"):
        return {READ, WRITE}
    covered: set[str] = set()
    for selector in selected.get("EventSelectors") or []:
        if not selector.get("IncludeManagementEvents", True):
            continue
        if selector.get("ExcludeManagementEventSources"):
            continue
        covered |= _read_write(selector.get("ReadWriteType", "All"))
    for selector in selected.get("AdvancedEventSelectors") or []:
        fields = {field["Field"]: field for field in selector.get("FieldSelectors", [])}
        if fields.get("eventCategory", {}).get("Equals") != ["Management"]:
            continue
        if set(fields) - {"eventCategory", "readOnly"}:
            continue  # narrowed to some event sources
        covered |= _advanced_read_write(fields.get("readOnly"))
    return covered


def s3_data_coverage(selected: dict[str, Any], *, all_events_template: bool = False) -> set[str]:
    """Which S3 object-level events (read, write) the trail logs for every bucket.

    ``all_events_template``: an advanced selector counts only when it logs read and write
    events (the console's "Log all events" template, as CIS v4.0.1 3.8/3.9 read it); a
    basic selector's ReadWriteType counts as it is ("Write: Enabled", "Read: Enabled")."""
    covered: set[str] = set()
    for selector in selected.get("EventSelectors") or []:
        for resource in selector.get("DataResources") or []:
            if resource.get("Type") == "AWS::S3::Object" and any(
                    ALL_S3_BUCKETS.match(value) for value in resource.get("Values", [])):
                covered |= _read_write(selector.get("ReadWriteType", "All"))
    for selector in selected.get("AdvancedEventSelectors") or []:
        fields = {field["Field"]: field for field in selector.get("FieldSelectors", [])}
        if fields.get("eventCategory", {}).get("Equals") != ["Data"] or \
                fields.get("resources.type", {}).get("Equals") != ["AWS::S3::Object"]:
            continue
        arn = fields.get("resources.ARN")
        if arn is not None and not (set(arn) == {"Field", "StartsWith"}
                                    and all(ALL_S3_BUCKETS.match(v) for v in arn["StartsWith"])):
            continue  # some buckets only
        if set(fields) - {"eventCategory", "resources.type", "readOnly", "resources.ARN"}:
            continue  # narrowed to some event names or identities
        logged = _advanced_read_write(fields.get("readOnly"))
        if all_events_template and logged != {READ, WRITE}:
            continue  # a read-only or write-only selector, not "Log all events"
        covered |= logged
    return covered


def _read_write(read_write_type: str) -> set[str]:
    return {"All": {READ, WRITE}, "ReadOnly": {READ}, "WriteOnly": {WRITE}}.get(read_write_type, set())


def _advanced_read_write(field: dict[str, Any] | None) -> set[str]:
    if field is None:
        return {READ, WRITE}
    if set(field) != {"Field", "Equals"}:
        return set()
    return {READ if value == "true" else WRITE for value in field["Equals"]}


def describe_management(covered: set[str]) -> str:
    if covered == {READ, WRITE}:
        return "read and write management events"
    if not covered:
        return "no management events"
    return f"{next(iter(covered))} management events only"


def logging_multi_region(snapshot: AccountSnapshot, trail: dict[str, Any]) -> list[str]:
    """Why the trail is not a logging multi-region trail with all management events ([] = it is)."""
    problems = []
    if not trail.get("IsMultiRegionTrail"):
        problems.append("not multi-region")
    if not status(snapshot, trail).get("IsLogging"):
        problems.append("not logging")
    covered = management_coverage(selectors(snapshot, trail))
    if covered != {READ, WRITE}:
        problems.append(describe_management(covered))
    return problems


def delivery_problem(snapshot: AccountSnapshot, trail: dict[str, Any]) -> str | None:
    """Why the trail's events do not reach its CloudWatch Logs group, where AWS tells: no
    delivery role, or the delivery error GetTrailStatus reports (None = delivering)."""
    if not trail.get("CloudWatchLogsRoleArn"):
        return "no role for CloudWatch Logs delivery"
    error = status(snapshot, trail).get("LatestCloudWatchLogsDeliveryError")
    return f"CloudWatch Logs delivery error {error}" if error else None


def log_group(trail: dict[str, Any]) -> tuple[str, str] | None:
    """(region, name) of the trail's CloudWatch Logs group, from CloudWatchLogsLogGroupArn."""
    arn = trail.get("CloudWatchLogsLogGroupArn") or ""
    if ":log-group:" not in arn:
        return None
    name = arn.split(":log-group:", 1)[1]
    return arn.split(":")[3], name[:-2] if name.endswith(":*") else name


def bucket_read(snapshot: AccountSnapshot, api: str, trail: dict[str, Any]) -> Any:
    return home_read(snapshot, api, trail, trail["S3BucketName"])


def policy_document(policy: Any) -> dict[str, Any]:
    if not policy:
        return {}
    return json.loads(policy) if isinstance(policy, str) else policy


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
