"""Live values for the evidence document (governance/report/document.py): per partner
checklist item, the tables that stand where a console screenshot used to (the trail's general
details, the root user's security state, the groups and their policies, the roles with their
session length and trust conditions, the Identity Center permission sets and assignments, the
alarms and EventBridge rules with their targets...).

A value comes only from a read of the snapshot. A read missing or failed in this run (or an
entry the read lacks) shows :data:`NOT_READ`, and the table lists the read and its reason:
never an invented value, never a verdict (verdicts come from the checks). Every value
passes through :mod:`governance.report.redact`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from governance.checks.access import AWS_MANAGED_ROLE_PATHS, is_human_assumable
from governance.checks.root import CREDENTIAL_REPORT_TIME
from governance.model import AccountSnapshot, ReadFailed
from governance.policy_lint import statements
from governance.report.evidence import Requirement
from governance.report.redact import redact_text

NOT_READ = "not read in this run"
ROOT_USER = "<root_account>"
ALTERNATE_CONTACT_TYPES = ("SECURITY", "OPERATIONS", "BILLING")
LIST_LIMIT = 12  # names shown in one cell before "(+N more)"

@dataclass(frozen=True)
class Missing:
    """A value this run did not read: the read failed, was not made, or lacks the entry."""

    api: str
    region: str | None
    reason: str

    def __str__(self) -> str:
        return NOT_READ

    @property
    def line(self) -> str:
        """``api in region: reason`` (a snapshot's reason already ending "in <region>" loses
        that ending: the region is said once, after the API)."""
        if not self.region:
            return f"{self.api}: {self.reason}"
        return f"{self.api} in {self.region}: {self.reason.removesuffix(f' in {self.region}')}"


@dataclass
class LiveTable:
    """Live values of one requirement: ``rows`` of cells under ``columns``; ``fields`` is a
    two-column (field, value) table of one resource. ``missing``: why some cell (or, with
    ``not_read``, the whole table) shows NOT_READ."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    fields: bool = False
    note: str = ""
    empty: str = "none"
    missing: list[str] = field(default_factory=list)
    not_read: bool = False


class _Reads:
    """Snapshot reads for one table, noting each one that was not read."""

    def __init__(self, snapshot: AccountSnapshot) -> None:
        self.snapshot = snapshot
        self.missing: list[Missing] = []

    def __call__(self, api: str, region: str | None = None) -> Any:
        """The read's data, or a :class:`Missing` (noted)."""
        try:
            return self.snapshot.get(api, region)
        except ReadFailed as error:
            return self.note(Missing(api, region, redact_text(error.reason)))

    def note(self, missing: Missing) -> Missing:
        if missing not in self.missing:
            self.missing.append(missing)
        return missing

    def entry(self, api: str, region: str | None, key: str, what: str) -> Any:
        """One resource's entry in a per-resource read (``{key: data}``) of ``region``."""
        if region is not None and region not in self.snapshot.regions:
            return self.note(Missing(api, region, f"{region} was not audited in this run"))
        data = self(api, region)
        if isinstance(data, Missing):
            return data
        if not isinstance(data, dict) or key not in data:
            return self.note(Missing(api, region, f"the read holds no entry for {what}"))
        return data[key]

    def table(self, key: str, title: str, columns: list[str], rows: list[list[Any]],
              **options: Any) -> LiveTable:
        return LiveTable(key, title, columns, [[cell(value) for value in row] for row in rows],
                         missing=[m.line for m in self.missing], **options)

    def unread(self, key: str, title: str, columns: list[str], **options: Any) -> LiveTable:
        return LiveTable(key, title, columns, missing=[m.line for m in self.missing],
                         not_read=True, **options)


def cell(value: Any) -> str:
    """A value as the document shows it: NOT_READ for a missing read, ``none`` for nothing
    set, yes/no, a list joined (long ones cut with a count); credentials redacted."""
    if isinstance(value, Missing):
        return NOT_READ
    if value is None or value == "" or value == []:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        shown = [cell(item) for item in value[:LIST_LIMIT]]
        more = f" (+{len(value) - LIST_LIMIT} more)" if len(value) > LIST_LIMIT else ""
        return ", ".join(shown) + more
    return redact_text(str(value))


def lines(values: Any) -> Any:
    """Several values in one cell, one a line (a Missing or an empty list as cell shows it)."""
    if isinstance(values, Missing | str) or not values:
        return values
    shown = [cell(value) for value in values[:LIST_LIMIT]]
    if len(values) > LIST_LIMIT:
        shown.append(f"(+{len(values) - LIST_LIMIT} more)")
    return "\n".join(shown)


def _flag(value: Any) -> Any:
    """A credential-report or account-summary flag ("true", 1) as yes/no; others as they are."""
    if isinstance(value, Missing) or value is None:
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    text = str(value).lower()
    return {"true": True, "false": False}.get(text, value)


def _report_value(value: Any) -> Any:
    """A credential-report date: N/A and no_information are IAM's words for none."""
    return "none" if value in ("N/A", "no_information") else value


# --- CloudTrail ------------------------------------------------------------------------------

def _trails(reads: _Reads) -> dict[str, dict[str, Any]] | None:
    """Every trail of the audited regions by ARN (its home region's view when read there);
    None when DescribeTrails was read in no region."""
    found: dict[str, dict[str, Any]] = {}
    read_somewhere = False
    for region in reads.snapshot.regions:
        data = reads("cloudtrail:DescribeTrails", region)
        if isinstance(data, Missing):
            continue
        read_somewhere = True
        for trail in data or []:
            arn = str(trail.get("TrailARN", ""))
            if arn not in found or trail.get("HomeRegion") == region:
                found[arn] = trail
    return found if read_somewhere else None


def _log_group_name(arn: Any) -> str | None:
    if not isinstance(arn, str) or ":log-group:" not in arn:
        return None
    name = arn.split(":log-group:", 1)[1]
    return name[:-2] if name.endswith(":*") else name


def trail_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    """The trail's general details, one field table per trail (as the console's page)."""
    reads = _Reads(snapshot)
    trails = _trails(reads)
    columns = ["Field", "Value"]
    if trails is None:
        return [reads.unread("trails", "Trails", columns, fields=True)]
    if not trails:
        return [reads.table("trails", "Trails", columns, [], fields=True,
                            empty="no trail in the audited regions")]
    tables = []
    for arn, trail in sorted(trails.items()):
        one = _Reads(snapshot)
        home = trail.get("HomeRegion")
        status = one.entry("cloudtrail:GetTrailStatus", home, arn, f"trail {trail.get('Name')}")
        def status_field(name: str, status: Any = status) -> Any:
            return status if isinstance(status, Missing) else (status or {}).get(name)
        prefix = trail.get("S3KeyPrefix")
        rows: list[list[Any]] = [
            ["Trail name", trail.get("Name")],
            ["Trail ARN", arn],
            ["Home region", home],
            ["Multi-region trail", trail.get("IsMultiRegionTrail")],
            ["Organization trail", trail.get("IsOrganizationTrail")],
            ["Logging", status_field("IsLogging")],
            ["Log file validation", trail.get("LogFileValidationEnabled")],
            ["KMS key", trail.get("KmsKeyId")],
            ["S3 bucket", f"{trail.get('S3BucketName')}/{prefix}" if prefix
             else trail.get("S3BucketName")],
            ["CloudWatch Logs group", _log_group_name(trail.get("CloudWatchLogsLogGroupArn"))],
            ["Global service events", trail.get("IncludeGlobalServiceEvents")],
            ["Latest delivery time", status_field("LatestDeliveryTime")],
        ]
        if not isinstance(status, Missing) and (status or {}).get("LatestDeliveryError"):
            rows.append(["Latest delivery error", status_field("LatestDeliveryError")])
        tables.append(one.table(f"trail-{trail.get('Name')}", f"Trail {trail.get('Name')}",
                                columns, rows, fields=True))
    return tables


def _public_access_block(value: Any) -> Any:
    if isinstance(value, Missing) or value is None:
        return value
    return [f"{name} {'on' if value.get(name) else 'off'}" for name in (
        "BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")]


def _policy_statements(value: Any) -> Any:
    if isinstance(value, Missing) or value is None:
        return value
    try:
        found = statements(value)
    except (ValueError, TypeError, AttributeError):
        return "present (not readable as a policy document)"
    return [f"{s.get('Sid') or '(no Sid)'} ({s.get('Effect')})" for s in found
            if isinstance(s, dict)]


def _logging(value: Any) -> Any:
    if isinstance(value, Missing) or value is None:
        return value
    enabled = value.get("LoggingEnabled")
    if not enabled:
        return "off"
    return f"to {enabled.get('TargetBucket')}/{enabled.get('TargetPrefix', '')}"


def _versioning(value: Any) -> Any:
    if isinstance(value, Missing) or value is None:
        return value
    status = value.get("Status") or "never enabled"
    return f"{status}, MFA delete {value['MFADelete']}" if value.get("MFADelete") else status


def _encryption(value: Any) -> Any:
    if isinstance(value, Missing) or value is None:
        return value
    rules = []
    for rule in value.get("Rules", []):
        default = rule.get("ApplyServerSideEncryptionByDefault") or {}
        key = default.get("KMSMasterKeyID")
        rules.append(f"{default.get('SSEAlgorithm')}" + (f" with {key}" if key else ""))
    return rules


def bucket_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    """Each trail bucket (of the trails homed in an audited region) as S3 shows it."""
    reads = _Reads(snapshot)
    trails = _trails(reads)
    columns = ["Field", "Value"]
    if trails is None:
        return [reads.unread("trail-buckets", "Trail buckets", columns, fields=True)]
    buckets: dict[tuple[str, str], list[str]] = {}
    for trail in trails.values():
        if trail.get("S3BucketName") and trail.get("HomeRegion") in snapshot.regions:
            buckets.setdefault((trail["S3BucketName"], trail["HomeRegion"]), []).append(
                str(trail.get("Name")))
    if not buckets:
        return [reads.table("trail-buckets", "Trail buckets", columns, [], fields=True,
                            empty="no trail homed in an audited region delivers to a bucket")]
    tables = []
    for (bucket, home), names in sorted(buckets.items()):
        one = _Reads(snapshot)
        def entry(api: str, one: _Reads = one, bucket: str = bucket, home: str = home) -> Any:
            return one.entry(api, home, bucket, f"bucket {bucket}")
        ownership = entry("s3:GetBucketOwnershipControls")
        rows: list[list[Any]] = [
            ["Bucket", bucket],
            ["Trails delivering here", names],
            ["Block public access", _public_access_block(entry("s3:GetPublicAccessBlock"))],
            ["Bucket policy statements", lines(_policy_statements(entry("s3:GetBucketPolicy")))],
            ["Server access logging", _logging(entry("s3:GetBucketLogging"))],
            ["Versioning", _versioning(entry("s3:GetBucketVersioning"))],
            ["Default encryption", _encryption(entry("s3:GetBucketEncryption"))],
            ["Object ownership", ownership if isinstance(ownership, Missing) or ownership is None
             else [r.get("ObjectOwnership") for r in ownership.get("Rules", [])]],
        ]
        tables.append(one.table(f"bucket-{bucket}", f"Trail bucket {bucket}", columns, rows,
                                fields=True))
    return tables


# --- root user, contacts ---------------------------------------------------------------------

def _credential_rows(reads: _Reads) -> Any:
    return reads("iam:GetCredentialReport")


def _report_generated(reads: _Reads) -> Any:
    data = reads(CREDENTIAL_REPORT_TIME)
    if isinstance(data, Missing) or data is None:
        return data
    return data.get("GeneratedTime")


def root_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    """The root user's security recommendations: MFA, access keys, last use."""
    reads = _Reads(snapshot)
    rows_read = _credential_rows(reads)
    summary = reads("iam:GetAccountSummary")
    columns = ["Field", "Value"]
    root: Any
    if isinstance(rows_read, Missing):
        root = rows_read
    else:
        root = next((row for row in rows_read or [] if row.get("user") == ROOT_USER), None)
        if root is None:
            root = reads.note(Missing("iam:GetCredentialReport", None,
                                      "the credential report has no <root_account> row"))

    def root_field(name: str) -> Any:
        return root if isinstance(root, Missing) else _report_value(root.get(name))

    def summary_field(name: str) -> Any:
        if isinstance(summary, Missing):
            return summary
        if name not in (summary or {}):
            return reads.note(Missing("iam:GetAccountSummary", None, f"no {name} in the read"))
        return _flag(summary[name])

    rows: list[list[Any]] = [
        ["MFA active (credential report)", _flag(root_field("mfa_active"))],
        ["Access key 1 active", _flag(root_field("access_key_1_active"))],
        ["Access key 2 active", _flag(root_field("access_key_2_active"))],
        ["Password last used", root_field("password_last_used")],
        ["Account MFA enabled (account summary)", summary_field("AccountMFAEnabled")],
        ["Root access keys present (account summary)", summary_field("AccountAccessKeysPresent")],
        ["Credential report generated at", _report_generated(reads)],
    ]
    if not isinstance(summary, Missing) and "AccountPasswordPresent" in (summary or {}):
        rows.insert(6, ["Root password present (account summary)",
                        summary_field("AccountPasswordPresent")])
    return [reads.table("root-user", "Root user", columns, rows, fields=True)]


def _named_alarms(requirement: Requirement) -> set[str]:
    """The alarms the item's findings name (a metric-alarm PASS names its alarm)."""
    return {str(f.evidence["alarm"]) for result in requirement.results for f in result.findings
            if isinstance(f.evidence, dict) and f.evidence.get("alarm")}


def root_use_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = _Reads(snapshot)
    rows_read = _credential_rows(reads)
    root: Any = rows_read
    if not isinstance(rows_read, Missing):
        root = next((row for row in rows_read or [] if row.get("user") == ROOT_USER), None) \
            or reads.note(Missing("iam:GetCredentialReport", None,
                                  "the credential report has no <root_account> row"))

    def root_field(name: str) -> Any:
        return root if isinstance(root, Missing) else _report_value(root.get(name))

    rows: list[list[Any]] = [
        ["Password last used", root_field("password_last_used")],
        ["Access key 1 last used", root_field("access_key_1_last_used_date")],
        ["Access key 2 last used", root_field("access_key_2_last_used_date")],
        ["Credential report generated at", _report_generated(reads)],
    ]
    return [reads.table("root-use", "Root user activity", ["Field", "Value"], rows, fields=True),
            alarms_table(snapshot, _named_alarms(requirement), "root-use-alarms",
                         "Alarm on root user activity")]


def contacts_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = _Reads(snapshot)
    contacts = reads("account:GetAlternateContact")
    columns = ["Type", "Name", "Title", "Email", "Phone"]
    if isinstance(contacts, Missing):
        return [reads.unread("contacts", "Alternate contacts", columns)]
    rows: list[list[Any]] = []
    for kind in ALTERNATE_CONTACT_TYPES:
        contact = (contacts or {}).get(kind)
        if contact is None:
            rows.append([kind.title(), "not set", "", "", ""])
        else:
            rows.append([kind.title(), contact.get("Name"), contact.get("Title"),
                         contact.get("EmailAddress"), contact.get("PhoneNumber")])
    return [reads.table("contacts", "Alternate contacts", columns, rows)]


# --- Config ----------------------------------------------------------------------------------

def _recording(recorder: dict[str, Any]) -> str:
    group = recorder.get("recordingGroup") or {}
    if group.get("allSupported", True):
        globals_ = "with" if group.get("includeGlobalResourceTypes") else "without"
        return f"all supported types, {globals_} global types"
    types = group.get("resourceTypes") or []
    return f"{len(types)} resource type(s): {cell(types)}"


def config_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = _Reads(snapshot)
    rows: list[list[Any]] = []
    for region in snapshot.regions:
        recorders = reads("config:DescribeConfigurationRecorders", region)
        statuses = reads("config:DescribeConfigurationRecorderStatus", region)
        channels = reads("config:DescribeDeliveryChannels", region)
        channel = channels if isinstance(channels, Missing) else \
            [f"{c.get('name')} -> s3://{c.get('s3BucketName')}" for c in channels or []]
        if isinstance(recorders, Missing):
            rows.append([region, recorders, recorders, recorders, recorders, channel])
            continue
        if not recorders:
            rows.append([region, "no recorder", "", "", "", channel])
        for recorder in recorders or []:
            status = statuses if isinstance(statuses, Missing) else next(
                (s for s in statuses or [] if s.get("name") == recorder.get("name")), None)
            recording = status if isinstance(status, Missing) else (status or {}).get("recording")
            last = status if isinstance(status, Missing) else (status or {}).get("lastStatus")
            rows.append([region, recorder.get("name"), recording, last, _recording(recorder),
                         channel])
    return [reads.table("config", "AWS Config recorders",
                        ["Region", "Recorder", "Recording", "Last status", "Records",
                         "Delivery channel"], rows)]


# --- alarms and EventBridge ------------------------------------------------------------------

def _confirmed(reads: _Reads, topic: str) -> Any:
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
    reads = _Reads(snapshot)
    columns = ["Region", "Alarm", "Metric and its filter", "SNS topics (confirmed subscriptions)"]
    if only is not None and not only:
        return reads.table(key, title, columns, [], empty="this item's findings name no alarm "
                           "(every alarm of the account is listed under ACCT-001.8)")
    rows: list[list[Any]] = []
    for region in snapshot.regions:
        alarms = reads("cloudwatch:DescribeAlarms", region)
        if isinstance(alarms, Missing):
            rows.append([region, alarms, alarms, alarms])
            continue
        filters = reads("logs:DescribeMetricFilters", region)
        for alarm in alarms or []:
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
    reads = _Reads(snapshot)
    rows: list[list[Any]] = []
    for region in snapshot.regions:
        rules = reads("events:ListRules", region)
        if isinstance(rules, Missing):
            rows.append([region, rules, rules, rules, rules])
            continue
        for rule in rules or []:
            name = str(rule.get("Name"))
            targets = reads.entry("events:ListTargetsByRule", region, name, f"rule {name}")
            shown = targets if isinstance(targets, Missing) else [
                f"{t.get('Arn')} (id {t.get('Id')})" for t in targets or []]
            rows.append([region, name, rule.get("State"), _pattern_summary(rule.get("EventPattern")),
                         lines(shown)])
    return reads.table("event-rules", "EventBridge rules (default event bus)",
                       ["Region", "Rule", "State", "Event pattern", "Targets"], rows,
                       empty="no EventBridge rule")


def iam_change_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    return [rules_table(snapshot), alarms_table(snapshot, _named_alarms(requirement),
                                                "iam-change-alarms",
                                                "Alarm on IAM policy changes")]


def other_alarm_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    return [alarms_table(snapshot, None, "alarms", "Metric alarms")]


# --- IAM -------------------------------------------------------------------------------------

def _details(reads: _Reads) -> Any:
    return reads("iam:GetAccountAuthorizationDetails")


def groups_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = _Reads(snapshot)
    details = _details(reads)
    columns = ["Group", "Attached policies", "Inline policies", "Members"]
    if isinstance(details, Missing):
        return [reads.unread("groups", "IAM groups", columns)]
    users = details.get("UserDetailList", [])
    rows: list[list[Any]] = []
    for group in sorted(details.get("GroupDetailList", []), key=lambda g: str(g.get("GroupName"))):
        name = group.get("GroupName")
        members = sum(1 for user in users if name in (user.get("GroupList") or []))
        rows.append([name, lines([p.get("PolicyName")
                                  for p in group.get("AttachedManagedPolicies", [])]),
                     lines([p.get("PolicyName") for p in group.get("GroupPolicyList", [])]),
                     str(members)])
    direct = sorted(str(u.get("UserName")) for u in users
                    if u.get("AttachedManagedPolicies") or u.get("UserPolicyList"))
    note = (f"users with policies of their own (not through a group): {cell(direct)}"
            if direct else "no user has a policy of their own: permissions come through groups")
    return [reads.table("groups", "IAM groups", columns, rows, note=note, empty="no IAM group")]


def _report_by_user(rows: Any) -> dict[str, dict[str, Any]]:
    return {} if isinstance(rows, Missing) else {
        str(row.get("user")): row for row in rows or [] if row.get("user") != ROOT_USER}


def users_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = _Reads(snapshot)
    details = _details(reads)
    report = _credential_rows(reads)
    by_user = _report_by_user(report)
    columns = ["User", "Groups", "Console password", "MFA", "Active access keys"]
    if isinstance(details, Missing):
        return [reads.unread("users", "IAM users", columns)]
    rows: list[list[Any]] = []
    for user in sorted(details.get("UserDetailList", []), key=lambda u: str(u.get("UserName"))):
        name = str(user.get("UserName"))
        row = by_user.get(name)
        console: Any
        mfa: Any
        keys: Any
        if isinstance(report, Missing):
            console = mfa = keys = report
        elif row is None:
            console = mfa = keys = reads.note(Missing(
                "iam:GetCredentialReport", None, f"no row for user {name}"))
        else:
            console, mfa = _flag(row.get("password_enabled")), _flag(row.get("mfa_active"))
            keys = str(sum(1 for n in ("1", "2") if _flag(row.get(f"access_key_{n}_active")) is True))
        rows.append([name, user.get("GroupList") or [], console, mfa, keys])
    return [reads.table("users", "IAM users", columns, rows, empty="no IAM user")]


def keys_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = _Reads(snapshot)
    report = _credential_rows(reads)
    columns = ["User", "Key", "Active", "Last rotated", "Last used"]
    if isinstance(report, Missing):
        return [reads.unread("access-keys", "Access keys (credential report)", columns)]
    rows: list[list[Any]] = []
    for name, row in sorted(_report_by_user(report).items()):
        for n in ("1", "2"):
            active = _flag(row.get(f"access_key_{n}_active"))
            rotated = row.get(f"access_key_{n}_last_rotated")
            if active is True or rotated not in (None, "N/A"):
                rows.append([name, f"access key {n}", active, _report_value(rotated),
                             _report_value(row.get(f"access_key_{n}_last_used_date"))])
    return [reads.table("access-keys", "Access keys (credential report)", columns, rows,
                        note=f"credential report generated at {cell(_report_generated(reads))}",
                        empty="no IAM user has an access key")]


def _duration(seconds: Any) -> str:
    try:
        value = int(seconds)
    except (TypeError, ValueError):
        return cell(seconds)
    return f"{value}\u00a0s ({value / 3600:g}\u00a0h)"


def _trust(role: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(principals, condition lines) of the role's trust policy's Allow statements."""
    principals: list[str] = []
    conditions: list[str] = []
    try:
        found = statements(role.get("AssumeRolePolicyDocument") or {})
    except (ValueError, TypeError, AttributeError):
        return ["trust policy not readable"], []
    for statement in found:
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal")
        if principal == "*":
            principals.append("AWS: *")
        elif isinstance(principal, dict):
            for kind, values in principal.items():
                for value in [values] if isinstance(values, str) else list(values or []):
                    principals.append(f"{kind}: {value}")
        for operator, block in (statement.get("Condition") or {}).items():
            for key, value in (block or {}).items():
                shown = value if isinstance(value, str) else ", ".join(map(str, value)) \
                    if isinstance(value, list) else json.dumps(value)
                conditions.append(f"{operator} {key} = {shown}")
    return principals, conditions


def roles_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = _Reads(snapshot)
    roles = reads("iam:ListRoles")
    columns = ["Role", "Max session", "Trusted principals", "Trust conditions"]
    if isinstance(roles, Missing):
        return [reads.unread("roles", "IAM roles people can assume", columns)]
    shown = [r for r in roles or [] if not str(r.get("Path", "/")).startswith(AWS_MANAGED_ROLE_PATHS)
             and is_human_assumable(r)]
    rows: list[list[Any]] = []
    for role in sorted(shown, key=lambda r: str(r.get("RoleName"))):
        principals, conditions = _trust(role)
        rows.append([role.get("RoleName"), _duration(role.get("MaxSessionDuration", 3600)),
                     lines(principals), lines(conditions) or "none"])
    others = len(roles or []) - len(shown)
    note = (f"{others} other role(s) not listed: service-linked, provisioned by IAM Identity "
            "Center or trusted by AWS services only" if others else "")
    return [reads.table("roles", "IAM roles people can assume", columns, rows, note=note,
                        empty="no role is trusted by an IAM principal or a federated identity")]


def federation_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = _Reads(snapshot)
    rows: list[list[Any]] = []
    for api, kind in (("iam:ListSAMLProviders", "SAML 2.0 provider"),
                      ("iam:ListOpenIDConnectProviders", "OIDC provider")):
        providers = reads(api)
        if isinstance(providers, Missing):
            rows.append([kind, providers, providers])
            continue
        rows += [[kind, p.get("Arn"), f"valid until {p['ValidUntil']}" if p.get("ValidUntil")
                  else ""] for p in providers or []]
    for region in snapshot.regions:
        instances = reads("sso-admin:ListInstances", region)
        if isinstance(instances, Missing):
            rows.append([f"IAM Identity Center ({region})", instances, instances])
            continue
        rows += [[f"IAM Identity Center ({region})", i.get("InstanceArn"),
                  f"identity store {i.get('IdentityStoreId')}, {i.get('Status') or 'status not given'}"]
                 for i in instances or []]
    return [reads.table("federation", "Identity providers", ["Kind", "ARN", "Details"], rows,
                        empty="no SAML or OIDC provider and no IAM Identity Center instance")]


def _assignment(assignment: dict[str, Any]) -> str:
    return f"{assignment.get('PrincipalType')} {assignment.get('PrincipalId')}"


def permission_set_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = _Reads(snapshot)
    rows: list[list[Any]] = []
    for region in snapshot.regions:
        sets = reads("sso-admin:DescribePermissionSet", region)
        if isinstance(sets, Missing):
            rows.append([region, sets, sets, sets, sets])
            continue
        for permission_set in sets or []:
            arn = str(permission_set.get("PermissionSetArn"))
            assigned = reads.entry("sso-admin:ListAccountAssignments", region, arn,
                                   f"permission set {permission_set.get('Name')}")
            rows.append([region, permission_set.get("Name"),
                         permission_set.get("SessionDuration") or "PT1H (the default)",
                         permission_set.get("InstanceArn"),
                         assigned if isinstance(assigned, Missing)
                         else lines([_assignment(a) for a in assigned or []])
                         or "none in this account"])
    return [reads.table("permission-sets", "IAM Identity Center permission sets",
                        ["Region", "Permission set", "Session duration", "Instance",
                         f"Assignments in account {snapshot.account_id}"], rows,
                        empty="no permission set")]


def console_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = _Reads(snapshot)
    report = _credential_rows(reads)
    columns = ["User", "Console password", "Password last used", "MFA active"]
    if isinstance(report, Missing):
        return [reads.unread("console-users", "Console access (credential report)", columns)]
    rows = [[name, _flag(row.get("password_enabled")),
             _report_value(row.get("password_last_used")), _flag(row.get("mfa_active"))]
            for name, row in sorted(_report_by_user(report).items())
            if _flag(row.get("password_enabled")) is True]
    return [reads.table("console-users", "Console access (credential report)", columns, rows,
                        note=f"credential report generated at {cell(_report_generated(reads))}",
                        empty="no IAM user has a console password")]


PASSWORD_FIELDS = (("MinimumPasswordLength", "Minimum length"),
                   ("RequireUppercaseCharacters", "Requires upper case"),
                   ("RequireLowercaseCharacters", "Requires lower case"),
                   ("RequireNumbers", "Requires numbers"),
                   ("RequireSymbols", "Requires symbols"),
                   ("PasswordReusePrevention", "Prevents reuse of the last"),
                   ("MaxPasswordAge", "Expires after (days)"),
                   ("AllowUsersToChangePassword", "Users may change their password"),
                   ("HardExpiry", "Hard expiry"))


def password_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = _Reads(snapshot)
    policy = reads("iam:GetAccountPasswordPolicy")
    columns = ["Field", "Value"]
    if isinstance(policy, Missing):
        return [reads.unread("password-policy", "Account password policy", columns, fields=True)]
    if policy is None:
        return [reads.table("password-policy", "Account password policy", columns, [],
                            fields=True, empty="no password policy is set (IAM's default "
                                               "applies: 8 characters, no reuse prevention)")]
    rows = [[label, policy.get(name, False if name.startswith(("Require", "Allow", "Hard"))
                               else None)]
            for name, label in PASSWORD_FIELDS]
    return [reads.table("password-policy", "Account password policy", columns, rows, fields=True)]


# Each checklist item's live values (an item without an entry shows its findings only).
TABLES: dict[str, Callable[[AccountSnapshot, Requirement], list[LiveTable]]] = {
    "ACCT-001.1": root_tables,
    "ACCT-001.2": root_use_tables,
    "ACCT-001.3": contacts_tables,
    "ACCT-001.4": trail_tables,
    "ACCT-001.5": bucket_tables,
    "ACCT-001.6": config_tables,
    "ACCT-001.7": iam_change_tables,
    "ACCT-001.8": other_alarm_tables,
    "ACCT-002.1": groups_tables,
    "ACCT-002.2": users_tables,
    "ACCT-002.3": keys_tables,
    "ACCT-002.4": roles_tables,
    "ACCT-002.5": federation_tables,
    "ACCT-002.6": permission_set_tables,
    "ACCT-002.7": console_tables,
    "ACCT-002.8": password_tables,
}
