"""Checks of CIS v3.0 section 2 (storage) and v4.0.1 2.1.1: S3 bucket policies and MFA
Delete, RDS DB instances, EFS file systems. One finding per bucket, DB instance or file
system."""

from __future__ import annotations

import json
from collections.abc import Callable
from fnmatch import fnmatchcase
from typing import Any

from governance.checks import check
from governance.iam_patterns import covers_service
from governance.model import AccountSnapshot, Finding, Status

TLS_OPERATORS = {"bool", "boolifexists"}  # aws:SecureTransport is always present: equivalent


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _buckets(snapshot: AccountSnapshot) -> tuple[list[str], dict[str, str]]:
    names = sorted(bucket["Name"] for bucket in snapshot.get("s3:ListBuckets") or [])
    regions = snapshot.get("s3:GetBucketLocation") or {}
    return [name for name in names if regions.get(name)], regions


def _bucket_finding(control: str, status: Status, reason: str, bucket: str, region: str,
                    evidence: dict[str, Any] | None = None) -> Finding:
    return Finding(control, status, reason, resource=f"arn:aws:s3:::{bucket}", region=region,
                   evidence=evidence or {})


def _no_bucket(control: str) -> list[Finding]:
    return [Finding(control, Status.NOT_APPLICABLE, "no S3 bucket in the account")]


def _everyone(principal: Any) -> bool:
    if principal == "*":
        return True
    return isinstance(principal, dict) and "*" in _as_list(principal.get("AWS"))


def _covers_objects(resources: Any, bucket: str) -> bool:
    """A Resource pattern (IAM wildcards * and ?) matches the bucket's objects."""
    return any(fnmatchcase(f"arn:aws:s3:::{bucket}/any-object-key", str(pattern))
               for pattern in _as_list(resources))


def http_deny_gap(statement: dict[str, Any], bucket: str) -> str | None:
    """Why a Deny statement on aws:SecureTransport false does not deny every HTTP request
    (None: it does). CIS 2.1.1's pattern: Effect Deny, Principal "*", Action "s3:*", the
    bucket's objects as Resource, Condition Bool aws:SecureTransport "false"."""
    if not _everyone(statement.get("Principal")):
        return "not for Principal \"*\""
    if not {"s3:*", "*"} & set(_as_list(statement.get("Action"))):
        return f"denies only {', '.join(map(str, _as_list(statement.get('Action')))) or 'NotAction'}"
    if not _covers_objects(statement.get("Resource"), bucket):
        return "Resource does not cover the bucket's objects"
    others = [f"{operator} {key}" for operator, conditions in statement["Condition"].items()
              for key in conditions
              if not (operator.lower() in TLS_OPERATORS and key.lower() == "aws:securetransport")]
    if others:
        return f"also conditioned on {', '.join(others)}"
    return None


def _secure_transport_false(statement: dict[str, Any]) -> bool:
    if statement.get("Effect") != "Deny":
        return False
    for operator, conditions in (statement.get("Condition") or {}).items():
        if operator.lower() not in TLS_OPERATORS or not isinstance(conditions, dict):
            continue
        for key, value in conditions.items():
            if key.lower() == "aws:securetransport" and \
                    [str(v).lower() for v in _as_list(value)] == ["false"]:
                return True
    return False


def _bucket_policies(snapshot: AccountSnapshot) -> list[tuple[str, str, list[dict[str, Any]] | None]]:
    """(bucket, region, its bucket policy's statements, or None without a policy) for every
    bucket, in name order."""
    names, regions = _buckets(snapshot)
    policies = snapshot.get("s3:GetBucketPolicy") or {}
    found: list[tuple[str, str, list[dict[str, Any]] | None]] = []
    for bucket in names:
        policy = policies.get(bucket)
        document = (json.loads(policy) if isinstance(policy, str) else policy) if policy else None
        found.append((bucket, regions[bucket], None if document is None else [
            s for s in _as_list(document.get("Statement")) if isinstance(s, dict)]))
    return found


def _no_bucket_policy(control: str, bucket: str, region: str) -> Finding:
    return _bucket_finding(control, Status.FAIL, f"bucket {bucket} has no bucket policy, so "
                           "HTTP requests are not denied", bucket, region)


@check("s3-bucket-policy-denies-http")
def bucket_policy_denies_http(snapshot: AccountSnapshot) -> list[Finding]:
    control = "s3-bucket-policy-denies-http"
    buckets = _bucket_policies(snapshot)
    if not buckets:
        return _no_bucket(control)
    findings = []
    for bucket, region, statements in buckets:
        if statements is None:
            findings.append(_no_bucket_policy(control, bucket, region))
            continue
        candidates = [s for s in statements if _secure_transport_false(s)]
        gaps = {str(s.get("Sid", f"#{n}")): http_deny_gap(s, bucket)
                for n, s in enumerate(candidates)}
        good = sorted(sid for sid, gap in gaps.items() if gap is None)
        if good:
            findings.append(_bucket_finding(control, Status.PASS,
                                            f"bucket {bucket}: statement {good[0]} denies s3:* "
                                            "to everyone when aws:SecureTransport is false",
                                            bucket, region, {"statements": good}))
        elif gaps:
            detail = "; ".join(f"{sid}: {gap}" for sid, gap in sorted(gaps.items()))
            findings.append(_bucket_finding(control, Status.FAIL,
                                            f"bucket {bucket}: no statement denies every HTTP "
                                            f"request ({detail})", bucket, region,
                                            {"gaps": gaps}))
        else:
            findings.append(_bucket_finding(control, Status.FAIL,
                                            f"bucket {bucket}: no policy statement denies "
                                            "requests with aws:SecureTransport false",
                                            bucket, region))
    return findings


# --- CIS v4.0.1 2.1.1: deny HTTP, or deny TLS below a site-chosen version ----------------

TLS_VERSION_KEY = "s3:tlsversion"
# NumericLessThanIfExists also denies a request without the key: more than NumericLessThan.
TLS_VERSION_OPERATORS = {"numericlessthan", "numericlessthanifexists"}


def _covers_bucket(resources: Any, bucket: str) -> bool:
    """A Resource pattern (IAM wildcards * and ?) matches the bucket itself."""
    return any(fnmatchcase(f"arn:aws:s3:::{bucket}", str(pattern))
               for pattern in _as_list(resources))


def _numeric(values: list[Any]) -> bool:
    try:
        return bool(values) and all(float(str(v)) >= 0 for v in values)
    except ValueError:
        return False


def insecure_transport_condition(statement: dict[str, Any]) -> tuple[str, str, str] | None:
    """(form, operator, key) of the condition by which a Deny statement is one of CIS v4.0.1
    2.1.1's two patterns: "SecureTransport" (Bool aws:SecureTransport false) or "TlsVersion"
    (NumericLessThan s3:TlsVersion with a numeric value, any: the benchmark leaves the
    version to the site). None: neither."""
    if statement.get("Effect") != "Deny":
        return None
    for operator, conditions in (statement.get("Condition") or {}).items():
        if not isinstance(conditions, dict):
            continue
        for key, value in conditions.items():
            values = [str(v).lower() for v in _as_list(value)]
            if operator.lower() in TLS_OPERATORS and key.lower() == "aws:securetransport" \
                    and values == ["false"]:
                return "SecureTransport", operator, key
            if operator.lower() in TLS_VERSION_OPERATORS and key.lower() == TLS_VERSION_KEY \
                    and _numeric(values):
                return "TlsVersion", operator, key
    return None


def insecure_transport_gap(statement: dict[str, Any], bucket: str,
                           condition: tuple[str, str, str]) -> str | None:
    """Why a Deny statement with one of the 2.1.1 conditions is not the v4.0.1 pattern for
    the bucket (None: it is): Principal "*", actions covering every s3 action, Resource the
    bucket's objects (the TlsVersion pattern lists the bucket too), no other condition."""
    form, operator, key = condition
    if not _everyone(statement.get("Principal")):
        return "not for Principal \"*\""
    actions = [str(a) for a in _as_list(statement.get("Action"))]
    if not covers_service(actions, "s3"):
        return f"denies only {', '.join(actions) or 'NotAction'}"
    if not _covers_objects(statement.get("Resource"), bucket):
        return "Resource does not cover the bucket's objects"
    if form == "TlsVersion" and not _covers_bucket(statement.get("Resource"), bucket):
        return "Resource does not cover the bucket itself"
    others = [f"{op} {name}" for op, conditions in statement["Condition"].items()
              for name in conditions if not (op == operator and name == key)]
    if others:
        return f"also conditioned on {', '.join(others)}"
    return None


@check("s3-bucket-policy-denies-insecure-transport")
def bucket_policy_denies_insecure_transport(snapshot: AccountSnapshot) -> list[Finding]:
    control = "s3-bucket-policy-denies-insecure-transport"
    buckets = _bucket_policies(snapshot)
    if not buckets:
        return _no_bucket(control)
    findings = []
    for bucket, region, statements in buckets:
        if statements is None:
            findings.append(_no_bucket_policy(control, bucket, region))
            continue
        gaps: dict[str, str | None] = {}
        forms: dict[str, str] = {}
        for n, statement in enumerate(statements):
            condition = insecure_transport_condition(statement)
            if condition is None:
                continue
            sid = str(statement.get("Sid", f"#{n}"))
            gaps[sid] = insecure_transport_gap(statement, bucket, condition)
            forms[sid] = f"{condition[1]} {condition[2]}"
        good = sorted(sid for sid, gap in gaps.items() if gap is None)
        if good:
            findings.append(_bucket_finding(control, Status.PASS,
                                            f"bucket {bucket}: statement {good[0]} denies s3:* "
                                            f"to everyone on {forms[good[0]]}", bucket, region,
                                            {"statements": {sid: forms[sid] for sid in good}}))
        elif gaps:
            detail = "; ".join(f"{sid}: {gap}" for sid, gap in sorted(gaps.items()))
            findings.append(_bucket_finding(control, Status.FAIL,
                                            f"bucket {bucket}: no statement denies insecure "
                                            f"transport to everyone ({detail})", bucket,
                                            region, {"gaps": gaps}))
        else:
            findings.append(_bucket_finding(control, Status.FAIL,
                                            f"bucket {bucket}: no policy statement denies "
                                            "aws:SecureTransport false or s3:TlsVersion below "
                                            "a minimum", bucket, region))
    return findings


@check("s3-bucket-mfa-delete")
def bucket_mfa_delete(snapshot: AccountSnapshot) -> list[Finding]:
    control = "s3-bucket-mfa-delete"
    names, regions = _buckets(snapshot)
    versioning = snapshot.get("s3:GetBucketVersioning") or {}
    if not names:
        return _no_bucket(control)
    findings = []
    for bucket in names:
        region = regions[bucket]
        state = versioning.get(bucket) or {}
        status, mfa = state.get("Status", "never enabled"), state.get("MFADelete", "Disabled")
        evidence = {"Status": status, "MFADelete": mfa}
        if status == "Enabled" and mfa == "Enabled":
            findings.append(_bucket_finding(control, Status.PASS,
                                            f"bucket {bucket}: versioning and MFA Delete enabled",
                                            bucket, region, evidence))
        elif status != "Enabled":
            findings.append(_bucket_finding(control, Status.FAIL,
                                            f"bucket {bucket}: versioning {status}, so MFA Delete "
                                            "is not enabled", bucket, region, evidence))
        elif snapshot.emulator_endpoint and "MFADelete" not in state:
            findings.append(_bucket_finding(
                control, Status.NOT_PROVABLE,
                f"bucket {bucket}: the emulator's GetBucketVersioning never reports MFADelete",
                bucket, region, evidence))
        else:
            findings.append(_bucket_finding(control, Status.FAIL,
                                            f"bucket {bucket}: MFA Delete {mfa}", bucket, region,
                                            evidence))
    return findings


def _per_resource(snapshot: AccountSnapshot, control: str, api: str, what: str,
                  ident: Callable[[dict[str, Any]], tuple[str, str]],
                  judge: Callable[[dict[str, Any]], tuple[bool, str]]) -> list[Finding]:
    """One finding per resource of ``api`` in every audited region: ``ident(resource)`` is
    (name, ARN); ``judge(resource)`` is (passes, reason naming the setting)."""
    findings = []
    for region in snapshot.regions:
        resources = snapshot.get(api, region) or []
        if not resources:
            findings.append(Finding(control, Status.NOT_APPLICABLE, f"no {what} in {region}",
                                    region=region))
        for resource in resources:
            name, arn = ident(resource)
            passes, reason = judge(resource)
            findings.append(Finding(control, Status.PASS if passes else Status.FAIL,
                                    f"{what} {name} in {region}: {reason}", resource=arn,
                                    region=region))
    return findings


def _db(instance: dict[str, Any]) -> tuple[str, str]:
    return instance["DBInstanceIdentifier"], instance.get("DBInstanceArn",
                                                          instance["DBInstanceIdentifier"])


@check("rds-storage-encrypted")
def rds_storage_encrypted(snapshot: AccountSnapshot) -> list[Finding]:
    return _per_resource(snapshot, "rds-storage-encrypted", "rds:DescribeDBInstances",
                         "RDS DB instance", _db, lambda db: (
                             db.get("StorageEncrypted") is True,
                             "storage encrypted" if db.get("StorageEncrypted") is True
                             else "storage not encrypted (StorageEncrypted false)"))


@check("rds-auto-minor-version-upgrade")
def rds_auto_minor_version_upgrade(snapshot: AccountSnapshot) -> list[Finding]:
    return _per_resource(snapshot, "rds-auto-minor-version-upgrade", "rds:DescribeDBInstances",
                         "RDS DB instance", _db, lambda db: (
                             db.get("AutoMinorVersionUpgrade") is True,
                             "auto minor version upgrade enabled"
                             if db.get("AutoMinorVersionUpgrade") is True
                             else "auto minor version upgrade disabled"))


@check("rds-not-publicly-accessible")
def rds_not_publicly_accessible(snapshot: AccountSnapshot) -> list[Finding]:
    return _per_resource(snapshot, "rds-not-publicly-accessible", "rds:DescribeDBInstances",
                         "RDS DB instance", _db, lambda db: (
                             db.get("PubliclyAccessible") is not True,
                             "publicly accessible (PubliclyAccessible true)"
                             if db.get("PubliclyAccessible") is True
                             else "not publicly accessible"))


@check("efs-encrypted")
def efs_encrypted(snapshot: AccountSnapshot) -> list[Finding]:
    return _per_resource(snapshot, "efs-encrypted", "efs:DescribeFileSystems",
                         "EFS file system",
                         lambda fs: (fs["FileSystemId"], fs.get("FileSystemArn",
                                                                fs["FileSystemId"])),
                         lambda fs: (fs.get("Encrypted") is True,
                                     "encrypted at rest" if fs.get("Encrypted") is True
                                     else "not encrypted at rest (Encrypted false)"))
