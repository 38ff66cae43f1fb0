"""How one resource-based policy statement is read for CIS v7.0.0 2.21 (the check and the
resources it reads are in resource_policies.py): :func:`statement_gap` says whether an Allow
statement lets a wildcard principal in unrestricted, :func:`policy_gaps` does it for every
statement of a document.

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
from dataclasses import dataclass
from typing import Any

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
