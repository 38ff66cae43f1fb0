"""CIS v7.0.0 2.21: resource-based policies do not allow a wildcard principal unless a
restrictive condition limits it to trusted principals or services. One finding per
resource (S3 bucket, SQS queue, SNS topic, Lambda function, KMS key, Secrets Manager
secret) with its ARN; the FAIL reason names the statement (Sid, or #n counted from 1).

How a statement is read (IAM JSON policy reference; each rule has a test):

- Only Allow statements are findings; a Deny never is, and a Deny elsewhere in the policy
  does not make an Allow compliant (the audit procedure judges each Allow statement).
- Wildcard principal: ``"*"``, ``{"AWS": "*"}``, a ``*`` or ``?`` in any principal value
  (``{"AWS": ["arn:aws:iam::111122223333:root", "*"]}``; IAM honours no partial wildcard
  in a principal, so such a value is not proved to name one), an Allow with NotPrincipal
  (it allows everyone but the principals named), or no Principal at all.
- Conditions are ANDed, so one restrictive entry restricts the statement. An entry is
  restrictive when its context key (case-insensitive, as IAM reads key names) names the
  caller or the calling resource, as the procedure lists them: aws:SourceArn,
  aws:SourceAccount, aws:PrincipalArn, and the account-, organization- and network-scoped
  keys the issue accepts (aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalOrgPaths,
  aws:SourceOrgID, aws:SourceOrgPaths, the SNS default policy's AWS:SourceOwner,
  kms:CallerAccount of AWS managed key policies) and aws:SourceVpce / aws:SourceVpc: a
  VPC endpoint or VPC id is one network of one account, the "network boundaries" the
  item's description accepts. Not restrictive: aws:SourceIp (any principal of any
  account, anonymous included, from those addresses), aws:ResourceAccount and
  s3:ResourceAccount (always the owner's own account in its resource policy),
  aws:username / aws:userid (not unique across accounts; ``anonymous`` is a user id),
  kms:ViaService, aws:CalledVia, lambda:FunctionUrlAuthType, aws:SecureTransport,
  aws:CurrentTime and every other key.
- The operator must match the key against named values: StringEquals(IgnoreCase)
  (exact), StringLike (``*``/``?`` over the whole string, so a wildcard before the account
  field of an ARN may span colons), ArnEquals / ArnLike (wildcards within each of the six
  ARN fields). Negated operators (StringNotEquals...) allow every other value; ...IfExists
  is true for a request without the key (anonymous and direct calls carry no
  aws:SourceArn / aws:SourceAccount, anonymous ones no aws:PrincipalArn); ForAllValues is
  true when the key is absent; Null only tests presence. IfExists and ForAllValues count
  when the statement also requires the key (Null ``false``).
- Every value of a restrictive entry (values are ORed) must name its account, ARN,
  organization or network: no wildcard in an account, organization id or network id, in
  the first segment of an organization path, or in the account field of an ARN (or, for
  an ARN without account such as a bucket's, anywhere in it); no policy variable other
  than ${aws:ResourceAccount} / ${aws:ResourceOrgID} (the owner's own).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from governance.checks import check
from governance.model import AccountSnapshot, Finding, ReadFailed, Status

CONTROL = "resource-policies-no-public-principal"

ACCOUNT_KEYS = frozenset({"aws:sourceaccount", "aws:principalaccount", "aws:sourceowner",
                          "kms:calleraccount"})
ARN_KEYS = frozenset({"aws:sourcearn", "aws:principalarn"})
ORGANIZATION_KEYS = frozenset({"aws:principalorgid", "aws:sourceorgid"})
ORGANIZATION_PATH_KEYS = frozenset({"aws:principalorgpaths", "aws:sourceorgpaths"})
NETWORK_KEYS = frozenset({"aws:sourcevpce", "aws:sourcevpc"})
RESTRICTIVE_KEYS = (ACCOUNT_KEYS | ARN_KEYS | ORGANIZATION_KEYS | ORGANIZATION_PATH_KEYS
                    | NETWORK_KEYS)

EXACT_OPERATORS = frozenset({"stringequals", "stringequalsignorecase"})
STRING_GLOB_OPERATORS = frozenset({"stringlike"})
ARN_OPERATORS = frozenset({"arnequals", "arnlike"})
NEGATED_OPERATORS = frozenset({"stringnotequals", "stringnotequalsignorecase", "stringnotlike",
                               "arnnotequals", "arnnotlike"})
SET_QUALIFIERS = frozenset({"foranyvalue", "forallvalues"})
# The resource owner's own account / organization: a value naming them names the owner.
OWNER_VARIABLES = re.compile(r"\$\{aws:(resourceaccount|resourceorgid)\}", re.IGNORECASE)
GLOB_CHARACTERS = frozenset("*?")

S3_LIST, S3_LOCATION, S3_POLICY = "s3:ListBuckets", "s3:GetBucketLocation", "s3:GetBucketPolicy"
QUEUES, QUEUE_ATTRIBUTES = "sqs:ListQueues", "sqs:GetQueueAttributes"
TOPICS, TOPIC_ATTRIBUTES = "sns:ListTopics", "sns:GetTopicAttributes"
FUNCTIONS, FUNCTION_VERSIONS = "lambda:ListFunctions", "lambda:ListVersionsByFunction"
FUNCTION_ALIASES, FUNCTION_POLICY = "lambda:ListAliases", "lambda:GetPolicy"
KEYS, KEY_POLICY = "kms:ListKeys", "kms:GetKeyPolicy"
SECRETS, SECRET_POLICY = "secretsmanager:ListSecrets", "secretsmanager:GetResourcePolicy"


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _has_glob(text: str) -> bool:
    return any(char in GLOB_CHARACTERS for char in text)


# --- one statement -----------------------------------------------------------------------

def wildcard_principal(statement: dict[str, Any]) -> str | None:
    """How an Allow statement reaches principals it does not name, or None when it names
    them all."""
    if "NotPrincipal" in statement:
        return "everyone but its NotPrincipal (Allow with NotPrincipal)"
    if "Principal" not in statement:
        return "principals it does not name (no Principal)"
    principal = statement["Principal"]
    if isinstance(principal, str):
        return f"Principal {json.dumps(principal)}" if _has_glob(principal) else None
    if not isinstance(principal, dict):
        return f"a malformed Principal {json.dumps(principal)[:60]}"
    for kind, values in principal.items():
        for value in _as_list(values):
            if not isinstance(value, str) or _has_glob(value):
                return f"Principal {{{json.dumps(kind)}: {json.dumps(value)}}}"
    return None


@dataclass(frozen=True)
class Operator:
    """A condition operator split as IAM reads it: ``ForAnyValue:StringLikeIfExists``."""

    text: str
    base: str
    qualifier: str | None
    if_exists: bool

    @classmethod
    def parse(cls, text: str) -> Operator:
        lowered = text.lower()
        qualifier = None
        if ":" in lowered:
            qualifier, lowered = lowered.split(":", 1)
        if_exists = lowered.endswith("ifexists") and lowered != "ifexists"
        base = lowered[:-len("ifexists")] if if_exists else lowered
        return cls(text, base, qualifier, if_exists)


def _required_keys(condition: dict[str, Any]) -> set[str]:
    """Keys the statement requires to be present: ``{"Null": {key: "false"}}``."""
    required = set()
    for operator, block in condition.items():
        if str(operator).lower() != "null" or not isinstance(block, dict):
            continue
        for key, values in block.items():
            listed = {str(value).lower() for value in _as_list(values)}
            if listed == {"false"}:
                required.add(str(key).lower())
    return required


def _arn_fields(value: str) -> list[str] | None:
    fields = value.split(":", 5)
    return fields if len(fields) == 6 else None


def value_gap(key: str, base: str, value: str) -> str | None:
    """Why ``value`` of a restrictive ``key`` (lower case) under operator ``base`` does not
    name its account, ARN, organization or network (None: it does)."""
    value = OWNER_VARIABLES.sub("owner", value)
    if "${" in value:
        return "a policy variable is not proved to name a trusted principal"
    if base in EXACT_OPERATORS:
        return None  # exact matching: the value names one account, ARN, org or network
    if key in ARN_KEYS:
        fields = _arn_fields(value)
        if fields is None:
            return ("a wildcard admits any ARN" if _has_glob(value)
                    else "not an ARN of six fields")
        if base in STRING_GLOB_OPERATORS and any(_has_glob(f) for f in fields[:5]):
            return "StringLike wildcards before the resource field may span ':' into any account"
        if _has_glob(fields[4]):
            return "a wildcard in the account field admits other accounts"
        if not fields[4] and (_has_glob(fields[2]) or _has_glob(fields[5])):
            return "a wildcard in an ARN without account (a bucket's) admits anyone's resources"
        return None
    if key in ORGANIZATION_PATH_KEYS:
        return ("a wildcard in the organization id admits other organizations"
                if _has_glob(value.split("/", 1)[0]) else None)
    return "a wildcard admits values it does not name" if _has_glob(value) else None


def entry_gap(operator: Operator, key: str, values: Any, required: set[str]) -> str | None:
    """Why one condition entry does not restrict a wildcard principal (None: it does)."""
    lowered = key.lower()
    what = f"{operator.text} {key}"
    if lowered not in RESTRICTIVE_KEYS:
        return f"{what}: {key} does not name trusted principals"
    if operator.qualifier is not None and operator.qualifier not in SET_QUALIFIERS:
        return f"{what}: unknown operator"
    if operator.base in NEGATED_OPERATORS:
        return f"{what}: a negated operator allows every other value"
    if operator.base not in EXACT_OPERATORS | STRING_GLOB_OPERATORS | ARN_OPERATORS:
        return f"{what}: does not match the key to named values"
    if operator.base in ARN_OPERATORS and lowered not in ARN_KEYS:
        return f"{what}: an ARN operator on a key that is not an ARN"
    present = lowered in required
    if operator.if_exists and not present:
        return f"{what}: ...IfExists is true for requests without the key"
    if operator.qualifier == "forallvalues" and not present:
        return f"{what}: ForAllValues is true for requests without the key"
    listed = _as_list(values)
    if not listed:
        return f"{what}: no value"
    for value in listed:
        if not isinstance(value, str | int) or isinstance(value, bool):
            return f"{what}: value {json.dumps(value)[:60]} is not a string"
        gap = value_gap(lowered, operator.base, str(value))
        if gap is not None:
            return f"{what} {json.dumps(str(value))}: {gap}"
    return None


def condition_verdict(condition: dict[str, Any]) -> tuple[str | None, list[str]]:
    """(the first restrictive entry, or None; why each other entry does not restrict)."""
    required = _required_keys(condition)
    gaps = []
    for operator_text, block in condition.items():
        if not isinstance(block, dict):
            gaps.append(f"{operator_text}: not a key-value object")
            continue
        operator = Operator.parse(str(operator_text))
        for key, values in block.items():
            gap = entry_gap(operator, str(key), values, required)
            if gap is None:
                return f"{operator_text} {key}", gaps
            gaps.append(gap)
    return None, gaps


def statement_gap(statement: Any) -> tuple[str | None, str | None]:
    """(why the statement allows unrestricted access, or None; what restricts its wildcard
    principal, when it has one and it is restricted)."""
    if not isinstance(statement, dict):
        return "is not a JSON object", None
    if str(statement.get("Effect", "")).lower() == "deny":
        return None, None
    who = wildcard_principal(statement)
    if who is None:
        return None, None
    condition = statement.get("Condition")
    if not condition:
        return f"allows {who} with no Condition", None
    if not isinstance(condition, dict):
        return f"allows {who} with a malformed Condition", None
    restriction, gaps = condition_verdict(condition)
    if restriction is not None:
        return None, restriction
    return (f"allows {who} and no condition restricts it to trusted principals "
            f"({'; '.join(gaps[:3])}{'; ...' if len(gaps) > 3 else ''})"), None


def statements(document: Any) -> list[Any]:
    """The statements of a parsed policy document; ValueError when it has none readable."""
    if not isinstance(document, dict):
        raise ValueError("the policy is not a JSON object")
    return _as_list(document.get("Statement"))


def policy_gaps(document: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """([(statement, why it allows unrestricted access)], [(statement, its restriction)])
    of a parsed policy; a statement is its Sid, or #n counted from 1."""
    gaps, restricted = [], []
    for index, statement in enumerate(statements(document), start=1):
        sid = statement.get("Sid") if isinstance(statement, dict) else None
        name = str(sid) if sid not in (None, "") else f"#{index}"
        gap, restriction = statement_gap(statement)
        if gap is not None:
            gaps.append((name, gap))
        elif restriction is not None:
            restricted.append((name, restriction))
    return gaps, restricted


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
