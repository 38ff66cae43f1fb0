"""CIS v7.0.0 2.21: resource-based policies do not allow a wildcard principal unless a
restrictive condition limits it to trusted principals or services. One finding per
resource (S3 bucket, SQS queue, SNS topic, Lambda function, KMS key, Secrets Manager
secret) with its ARN; the FAIL reason names the statement (Sid, or #n counted from 1).

How each statement is read (wildcard principals, restrictive conditions, operators and
values) is in resource_policy_statements.py; here the resources are listed from the
snapshot and judged, one finding each.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from governance.checks import check
from governance.checks.resource_policy_statements import (  # statement_gap: re-exported
    policy_gaps,
    statement_gap,
)
from governance.model import AccountSnapshot, Finding, ReadFailed, Status

CONTROL = "resource-policies-no-public-principal"
__all__ = ["CONTROL", "Resource", "judge", "policy_gaps", "resource_policies_no_public_principal",
           "statement_gap"]

S3_LIST, S3_LOCATION, S3_POLICY = "s3:ListBuckets", "s3:GetBucketLocation", "s3:GetBucketPolicy"
QUEUES, QUEUE_ATTRIBUTES = "sqs:ListQueues", "sqs:GetQueueAttributes"
TOPICS, TOPIC_ATTRIBUTES = "sns:ListTopics", "sns:GetTopicAttributes"
FUNCTIONS, FUNCTION_VERSIONS = "lambda:ListFunctions", "lambda:ListVersionsByFunction"
FUNCTION_ALIASES, FUNCTION_POLICY = "lambda:ListAliases", "lambda:GetPolicy"
KEYS, KEY_POLICY = "kms:ListKeys", "kms:GetKeyPolicy"
SECRETS, SECRET_POLICY = "secretsmanager:ListSecrets", "secretsmanager:GetResourcePolicy"


# --- resources ---------------------------------------------------------------------------

MISSING: dict[str, Any] = {"error": "not in the read (the collector did not answer it)",
                           "emulator_gap": False}


@dataclass(frozen=True)
class Resource:
    """One resource and its policies: (qualifier label, read entry); an entry is
    ``{"Policy": text or None}``, None (deleted since listed) or ``{"error", "emulator_gap"}``."""

    kind: str
    name: str
    arn: str
    region: str
    policies: tuple[tuple[str, Any], ...]


def _partition(snapshot: AccountSnapshot) -> str:
    parts = snapshot.caller_arn.split(":")
    return parts[1] if len(parts) > 2 and parts[1] else "aws"


def _parse(text: Any) -> Any:
    return json.loads(text) if isinstance(text, str) else text


def judge(resource: Resource, emulator: bool) -> Finding:
    """One finding for one resource: FAIL when a readable policy allows a wildcard
    principal unrestricted, else ERROR (NOT_PROVABLE for an emulator's gap) when a part
    could not be read, else PASS."""
    where = f"{resource.kind} {resource.name} in {resource.region}"
    gaps: list[dict[str, str]] = []
    restricted: list[dict[str, str]] = []
    unread: list[tuple[str, str, bool]] = []
    with_policy = 0
    for label, entry in resource.policies:
        if entry is None or (isinstance(entry, dict) and "Policy" in entry
                             and entry["Policy"] is None):
            continue
        if not isinstance(entry, dict) or "Policy" not in entry:
            error = entry.get("error") if isinstance(entry, dict) else None
            gap = bool(entry.get("emulator_gap")) if isinstance(entry, dict) else False
            unread.append((label, str(error or f"unexpected read {entry!r:.60}"), gap))
            continue
        try:
            found, fine = policy_gaps(_parse(entry["Policy"]))
        except ValueError as error:  # json.JSONDecodeError is a ValueError
            unread.append((label, f"policy is not JSON: {error}", False))
            continue
        with_policy += 1
        gaps += [{"statement": sid, "qualifier": label, "gap": gap} for sid, gap in found]
        restricted += [{"statement": sid, "qualifier": label, "restriction": restriction}
                       for sid, restriction in fine]
    evidence: dict[str, Any] = {}
    if unread:
        evidence["unread"] = [{"qualifier": label, "error": error} for label, error, _ in unread]
    if gaps:
        first = gaps[0]
        more = f" (and {len(gaps) - 1} more)" if len(gaps) > 1 else ""
        return Finding(CONTROL, Status.FAIL,
                       f"{where}: statement {first['statement']}{_label(first['qualifier'])} "
                       f"{first['gap']}{more}", resource=resource.arn, region=resource.region,
                       evidence={**evidence, "statements": gaps[:10]})
    if unread:
        label, error, gap = unread[0]
        status = Status.NOT_PROVABLE if emulator and all(g for *_, g in unread) else Status.ERROR
        return Finding(CONTROL, status, f"{where}: could not read its policy{_label(label)}: "
                       f"{error}", resource=resource.arn, region=resource.region,
                       evidence=evidence)
    if not with_policy:
        return Finding(CONTROL, Status.PASS, f"{where}: no resource policy (nothing allows "
                       "anyone)", resource=resource.arn, region=resource.region)
    if restricted:
        first = restricted[0]
        reason = (f"{where}: every wildcard-principal statement is restricted (statement "
                  f"{first['statement']}{_label(first['qualifier'])} by {first['restriction']})")
    else:
        reason = f"{where}: no statement allows a wildcard principal"
    return Finding(CONTROL, Status.PASS, reason, resource=resource.arn, region=resource.region,
                   evidence={"restricted": restricted[:10]} if restricted else {})


def _label(qualifier: str) -> str:
    return f" ({qualifier})" if qualifier else ""


def _read_error(failure: ReadFailed, region: str, what: str) -> Finding:
    status = Status.NOT_PROVABLE if failure.emulator_gap else Status.ERROR
    verb = "the emulator does not implement" if failure.emulator_gap else "could not read"
    return Finding(CONTROL, status, f"{what} in {region}: {verb} {failure.api}: "
                   f"{failure.reason}", region=region,
                   evidence={"api": failure.api, "error": failure.reason})


def _buckets(snapshot: AccountSnapshot) -> Iterator[Resource]:
    names = sorted(bucket["Name"] for bucket in snapshot.get(S3_LIST) or [])
    if not names:
        return
    regions = snapshot.get(S3_LOCATION) or {}
    policies = snapshot.get(S3_POLICY) or {}
    for name in names:
        if not regions.get(name):
            continue  # NoSuchBucket: deleted since listed
        entry = {"Policy": policies[name]} if name in policies else MISSING
        yield Resource("S3 bucket", name, f"arn:{_partition(snapshot)}:s3:::{name}",
                       regions[name], (("", entry),))


def _queues(snapshot: AccountSnapshot, region: str) -> Iterator[Resource]:
    urls = snapshot.get(QUEUES, region) or []
    if not urls:
        return
    attributes = snapshot.get(QUEUE_ATTRIBUTES, region) or {}
    for url in urls:
        path = str(url).rstrip("/").split("/")
        name, account = path[-1], path[-2] if len(path) > 1 else snapshot.account_id
        entry = attributes.get(url, MISSING)
        arn = (entry or {}).get("QueueArn") or f"arn:{_partition(snapshot)}:sqs:{region}:" \
            f"{account}:{name}"
        yield Resource("SQS queue", name, arn, region, (("", entry),))


def _topics(snapshot: AccountSnapshot, region: str) -> Iterator[Resource]:
    arns = snapshot.get(TOPICS, region) or []
    if not arns:
        return
    attributes = snapshot.get(TOPIC_ATTRIBUTES, region) or {}
    for arn in arns:
        yield Resource("SNS topic", str(arn).rsplit(":", 1)[-1], arn, region,
                       (("", attributes.get(arn, MISSING)),))


def _functions(snapshot: AccountSnapshot, region: str) -> Iterator[Resource]:
    functions = snapshot.get(FUNCTIONS, region) or []
    if not functions:
        return
    versions = snapshot.get(FUNCTION_VERSIONS, region) or {}
    aliases = snapshot.get(FUNCTION_ALIASES, region) or {}
    policies = snapshot.get(FUNCTION_POLICY, region) or {}
    for function in functions:
        name = function["FunctionName"]
        parts: list[tuple[str, Any]] = [("", policies.get(name, MISSING))]
        for word, listed in (("version", versions.get(name, MISSING)),
                             ("alias", aliases.get(name, MISSING))):
            if isinstance(listed, list):
                parts += [(f"{word} {qualifier}", policies.get(f"{name}:{qualifier}", MISSING))
                          for qualifier in listed]
            elif listed is not None:  # None: the function is gone
                parts.append((f"{word} list", listed))
        yield Resource("Lambda function", name, function["FunctionArn"], region, tuple(parts))


def _keys(snapshot: AccountSnapshot, region: str) -> Iterator[Resource]:
    keys = snapshot.get(KEYS, region) or []
    if not keys:
        return
    policies = snapshot.get(KEY_POLICY, region) or {}
    for key in keys:
        key_id = key["KeyId"]
        arn = key.get("KeyArn") or f"arn:{_partition(snapshot)}:kms:{region}:" \
            f"{snapshot.account_id}:key/{key_id}"
        yield Resource("KMS key", key_id, arn, region, (("", policies.get(key_id, MISSING)),))


def _secrets(snapshot: AccountSnapshot, region: str) -> Iterator[Resource]:
    secrets = snapshot.get(SECRETS, region) or []
    if not secrets:
        return
    policies = snapshot.get(SECRET_POLICY, region) or {}
    for secret in secrets:
        yield Resource("secret", secret["Name"], secret["ARN"], region,
                       (("", policies.get(secret["ARN"], MISSING)),))


REGIONAL = (("SQS queues", _queues), ("SNS topics", _topics), ("Lambda functions", _functions),
            ("KMS keys", _keys), ("secrets", _secrets))


def _collect(findings: list[Finding], resources: Iterable[Resource], emulator: bool,
             region: str, what: str) -> None:
    """Judge every resource into ``findings``; a failed read (every reader reads its lists
    before it yields a resource) becomes one ERROR finding for ``what`` in ``region``."""
    try:
        for resource in resources:
            findings.append(judge(resource, emulator))
    except ReadFailed as failure:
        findings.append(_read_error(failure, region, what))


@check(CONTROL)
def resource_policies_no_public_principal(snapshot: AccountSnapshot) -> list[Finding]:
    emulator = bool(snapshot.emulator_endpoint)
    findings: list[Finding] = []
    _collect(findings, _buckets(snapshot), emulator, "global", "S3 buckets")
    for region in snapshot.regions:
        for what, resources in REGIONAL:
            _collect(findings, resources(snapshot, region), emulator, region, what)
    if not findings:
        return [Finding(CONTROL, Status.NOT_APPLICABLE, "no S3 bucket, SQS queue, SNS topic, "
                        "Lambda function, KMS key or secret in the audited regions",
                        evidence={"regions": list(snapshot.regions)})]
    return findings
