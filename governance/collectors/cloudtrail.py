"""CloudTrail (regional), with the reads that depend on the trails homed in the region.

DescribeTrails with shadow trails returns, in every region, the trails homed there and the
multi-region trails homed elsewhere. A trail's status and event selectors are read only in
its home region (``HomeRegion == region``), and so are its bucket (S3) and its CloudWatch
Logs group: each is read once, by the home region's reader. Per-resource reads are kept
as one snapshot entry per API and region: ``{trail ARN | bucket | log group: data}``.
"""

from __future__ import annotations

from typing import Any

from governance.collect import each
from governance.collectors import regional_reader

# S3 reads of each trail bucket: API -> (client call, result key or None, absent error codes).
# NoSuchBucket is recorded as None for every read: GetBucketVersioning and GetBucketLogging
# never answer None otherwise, so a None there means the trail's bucket does not exist.
BUCKET_READS: dict[str, tuple[str, str | None, frozenset[str]]] = {
    "s3:GetBucketVersioning": ("get_bucket_versioning", None, frozenset()),
    "s3:GetPublicAccessBlock": ("get_public_access_block", "PublicAccessBlockConfiguration",
                                frozenset({"NoSuchPublicAccessBlockConfiguration"})),
    "s3:GetBucketPolicy": ("get_bucket_policy", "Policy", frozenset({"NoSuchBucketPolicy"})),
    "s3:GetBucketOwnershipControls": ("get_bucket_ownership_controls", "OwnershipControls",
                                      frozenset({"OwnershipControlsNotFoundError"})),
    "s3:GetBucketLogging": ("get_bucket_logging", None, frozenset()),
    "s3:GetBucketEncryption": ("get_bucket_encryption", "ServerSideEncryptionConfiguration",
                               frozenset({"ServerSideEncryptionConfigurationNotFoundError"})),
}


def log_group_name(arn: str | None) -> str | None:
    """``arn:aws:logs:<region>:<account>:log-group:<name>:*`` -> name."""
    if not arn or ":log-group:" not in arn:
        return None
    name = arn.split(":log-group:", 1)[1]
    return name[:-2] if name.endswith(":*") else name


@regional_reader
def read_cloudtrail(collector: Any, snapshot: Any, region: str) -> None:
    cloudtrail = collector.client("cloudtrail", region)
    trails = collector.read(snapshot, "cloudtrail:DescribeTrails",
                            lambda: cloudtrail.describe_trails(includeShadowTrails=True)["trailList"],
                            region=region)
    if trails is None:
        return
    homed = [trail for trail in trails if trail.get("HomeRegion") == region]
    arns = [trail["TrailARN"] for trail in homed]
    collector.read(snapshot, "cloudtrail:GetTrailStatus",
                   lambda: each(arns, lambda arn: _without_metadata(
                       cloudtrail.get_trail_status(Name=arn))), region=region)
    collector.read(snapshot, "cloudtrail:GetEventSelectors",
                   lambda: each(arns, lambda arn: _without_metadata(
                       cloudtrail.get_event_selectors(TrailName=arn))), region=region)
    _read_trail_buckets(collector, snapshot, region, [t["S3BucketName"] for t in homed
                                                      if t.get("S3BucketName")])
    groups = [name for trail in homed
              if (name := log_group_name(trail.get("CloudWatchLogsLogGroupArn")))]
    collector.read(snapshot, "logs:DescribeLogGroups",
                   lambda: each(groups, lambda name: next(
                       (group for group in collector.paginate(
                           "logs", "describe_log_groups", "logGroups", region,
                           logGroupNamePrefix=name) if group["logGroupName"] == name), None)),
                   region=region)


def _read_trail_buckets(collector: Any, snapshot: Any, region: str, buckets: list[str]) -> None:
    s3 = collector.client("s3", region)
    for api, (method, key, absent) in BUCKET_READS.items():
        if (known := _read_before(snapshot, api, buckets)) is not None:
            snapshot.record(api, known, region=region)
            continue
        def read_one(bucket: str, method: str = method, key: str | None = key) -> Any:
            answer = _without_metadata(getattr(s3, method)(Bucket=bucket))
            return answer.get(key) if key else answer
        collector.read(snapshot, api, lambda read_one=read_one, absent=absent: each(
            buckets, read_one, absent | {"NoSuchBucket"}), region=region)


def _read_before(snapshot: Any, api: str, buckets: list[str]) -> dict[str, Any] | None:
    """The buckets' data from the global bucket reads (governance/collectors/storage.py), when
    that read succeeded and holds every one of them: each API is read once per bucket."""
    read = snapshot.reads.get(api)
    if read is None or read.error is not None or not isinstance(read.data, dict):
        return None
    if not set(buckets) <= set(read.data):
        return None
    return {bucket: read.data[bucket] for bucket in sorted(set(buckets))}


def _without_metadata(answer: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in answer.items() if key != "ResponseMetadata"}
