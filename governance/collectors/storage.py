"""Storage (CIS v3.0 section 2): S3 buckets (global: ListBuckets, then each bucket's
location, policy, versioning and public access block), RDS DB instances and EFS file systems (regional).

Per-bucket reads are kept as one snapshot entry per API: ``{bucket: data}``; a bucket
without a policy is recorded as ``None`` (``NoSuchBucketPolicy``). The CloudTrail reader
reuses these entries for the trail bucket instead of reading them a second time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from governance.collect import each
from governance.collectors import global_reader, regional_reader

BUCKET_POLICY, BUCKET_VERSIONING = "s3:GetBucketPolicy", "s3:GetBucketVersioning"
BUCKET_PUBLIC_ACCESS_BLOCK = "s3:GetPublicAccessBlock"
BUCKET_WORKERS = 8  # per-bucket reads run concurrently (boto3 clients are thread-safe)


def each_bucket(names: Iterable[str], read_one: Callable[[str], Any],
                absent: Iterable[str] = ()) -> dict[str, Any]:
    """``each`` (governance/collect.py) over the buckets, several at a time."""
    ordered = sorted(set(names))
    if len(ordered) < 2:
        return each(ordered, read_one, absent)
    with ThreadPoolExecutor(max_workers=min(BUCKET_WORKERS, len(ordered))) as pool:
        parts = list(pool.map(lambda name: each([name], read_one, absent), ordered))
    return {name: part[name] for name, part in zip(ordered, parts, strict=True)}


def bucket_region(location: dict[str, Any]) -> str:
    """GetBucketLocation's answer as a region name (AWS documents None for us-east-1 and the
    legacy "EU" for eu-west-1)."""
    constraint = location.get("LocationConstraint")
    if not constraint:
        return "us-east-1"
    return "eu-west-1" if constraint == "EU" else str(constraint)


@global_reader
def read_buckets(collector: Any, snapshot: Any) -> None:
    buckets = collector.read(snapshot, "s3:ListBuckets",
                             lambda: collector.paginate("s3", "list_buckets", "Buckets"))
    if buckets is None:
        for api in ("s3:GetBucketLocation", BUCKET_POLICY, BUCKET_VERSIONING,
                    BUCKET_PUBLIC_ACCESS_BLOCK):
            snapshot.record(api, error="not read: s3:ListBuckets failed")
        return
    names = [bucket["Name"] for bucket in buckets]
    s3 = collector.client("s3")
    regions = collector.read(snapshot, "s3:GetBucketLocation", lambda: each_bucket(
        names, lambda name: bucket_region(s3.get_bucket_location(Bucket=name)),
        {"NoSuchBucket"}))
    if regions is None:
        for api in (BUCKET_POLICY, BUCKET_VERSIONING, BUCKET_PUBLIC_ACCESS_BLOCK):
            snapshot.record(api, error="not read: s3:GetBucketLocation failed")
        return
    found = [name for name in names if regions.get(name)]

    def client(name: str) -> Any:
        return collector.client("s3", regions[name])

    collector.read(snapshot, BUCKET_POLICY, lambda: each_bucket(
        found, lambda name: client(name).get_bucket_policy(Bucket=name)["Policy"],
        {"NoSuchBucketPolicy", "NoSuchBucket"}))
    collector.read(snapshot, BUCKET_VERSIONING, lambda: each_bucket(
        found, lambda name: _versioning(client(name).get_bucket_versioning(Bucket=name)),
        {"NoSuchBucket"}))
    collector.read(snapshot, BUCKET_PUBLIC_ACCESS_BLOCK, lambda: each_bucket(
        found, lambda name: client(name).get_public_access_block(Bucket=name)[
            "PublicAccessBlockConfiguration"],
        {"NoSuchPublicAccessBlockConfiguration", "NoSuchBucket"}))


def _versioning(answer: dict[str, Any]) -> dict[str, Any]:
    return {key: answer[key] for key in ("Status", "MFADelete") if key in answer}


@regional_reader
def read_databases_and_file_systems(collector: Any, snapshot: Any, region: str) -> None:
    collector.read(snapshot, "rds:DescribeDBInstances",
                   lambda: collector.paginate("rds", "describe_db_instances", "DBInstances",
                                              region),
                   region=region)
    collector.read(snapshot, "efs:DescribeFileSystems",
                   lambda: collector.paginate("efs", "describe_file_systems", "FileSystems",
                                              region),
                   region=region)
