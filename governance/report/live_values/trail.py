"""Live values of the trail (ACCT-001.4: the trail's general details, one field table per
trail) and of its buckets (ACCT-001.5: each trail bucket as S3 shows it).
"""

from __future__ import annotations

from typing import Any

from governance.model import AccountSnapshot
from governance.policy_lint import statements
from governance.report.evidence import Requirement
from governance.report.live_values.reads import LiveTable, Missing, Reads, lines


def _trails(reads: Reads) -> dict[str, dict[str, Any]] | None:
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
    reads = Reads(snapshot)
    trails = _trails(reads)
    columns = ["Field", "Value"]
    if trails is None:
        return [reads.unread("trails", "Trails", columns, fields=True)]
    if not trails:
        return [reads.table("trails", "Trails", columns, [], fields=True,
                            empty="no trail in the audited regions")]
    tables = []
    for arn, trail in sorted(trails.items()):
        one = Reads(snapshot)
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
    reads = Reads(snapshot)
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
        one = Reads(snapshot)
        def entry(api: str, one: Reads = one, bucket: str = bucket, home: str = home) -> Any:
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
