"""Does the SCP layer allow a request? A small evaluator of service control policies.

Given the SCPs attached at each level of an account's path (the root, each OU down to the
account, the account itself) and a request (principal ARN, action, resource, context keys
such as ``aws:RequestedRegion``, ``ec2:MetadataHttpTokens`` or the multi-valued
``kms:ResourceAliases``), :func:`decide` answers as AWS does for SCPs: the request is allowed
only if no Deny statement of any level applies and, at EVERY level, some attached policy has
an Allow statement that applies (SCPs never grant; a missing Allow at one level is an
implicit deny, e.g. FullAWSAccess replaced by an allow-list). :func:`denying_statement`
names the first Deny statement of a flat list of policies that applies, or None.

Why not a library: the Python packages that read IAM policies do not evaluate a request
against conditions. policyuniverse (Netflix) expands and matches actions and ARNs but
ignores Condition blocks; parliament and iam-policy-validator lint policy text;
policy_sentry writes policies; policyglass (last release 2022) computes effective
permission sets, not a verdict for one request with context values; iam-ape evaluates an
account's authorization details, not SCP documents with request context. The maintained
request simulator (@cloud-copilot/iam-simulate) is a JavaScript package, and IAM's
SimulateCustomPolicy needs a real AWS endpoint (moto does not implement it). What the
guardrails need is small and exact, so it is written here and tested operator by operator
(tests/unit/test_scp_evaluator.py) and by properties (tests/unit/test_scp_properties.py).

Supported: Effect Allow and Deny; Action / NotAction and Resource / NotResource with ``*``
and ``?`` wildcards (governance/iam_patterns.py: actions case-insensitive, resources
case-sensitive); the condition
operators String(Not)Equals(IgnoreCase), String(Not)Like, Arn(Not)Equals, Arn(Not)Like,
Bool and Null, each with the ``ForAnyValue:`` / ``ForAllValues:`` qualifiers and the
``IfExists`` suffix. Condition keys are case-insensitive, as in IAM. Anything else (another
operator, a policy variable such as ``${aws:username}``, a Principal element, which SCPs
do not allow) raises :class:`UnsupportedPolicy`: the evaluator never guesses.

Keys AWS puts in every request, modelled by :class:`Request` for a direct, signed SDK call
(HTTPS) by an IAM principal of the account (``context`` overrides any of them):
``aws:PrincipalArn`` (the role ARN for a role session, as AWS sets it),
``aws:PrincipalAccount`` (from the ARN), ``aws:PrincipalType`` (``Account`` for the root
user, ``AssumedRole`` for a role, ``User``, ``FederatedUser``), ``aws:PrincipalIsAWSService``
``false`` (an IAM principal, not a service principal), ``aws:ViaAWSService`` ``false`` (the
principal calls the API itself, no service calls on its behalf) and ``aws:SecureTransport``
``true`` (the SDKs call the HTTPS endpoints). A Deny written on them (e.g. ``Bool
aws:PrincipalIsAWSService false``) must not be misjudged by a probe that lacks them. The
caller adds what depends on the request or the organization: ``aws:RequestedRegion``,
``aws:PrincipalOrgID`` and ``aws:PrincipalOrgPaths`` (known from the organization read),
``aws:CurrentTime`` / ``aws:EpochTime`` (the audit time; only Null and the string operators
can read them here, Date and Numeric operators are unsupported). Keys whose value the audit
cannot know (``aws:userid``, ``aws:SourceIp``, ``aws:PrincipalTag/...``, ``aws:CalledVia``,
...) stay missing, and missing keys follow IAM: a positive operator is false, a negated
operator (String/ArnNot...) is true, ``...IfExists`` is true, ``ForAnyValue:`` is false,
``ForAllValues:`` is true, ``Null`` tests presence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from governance import iam_patterns

ContextValue = str | list[str]


class UnsupportedPolicy(ValueError):
    """A policy uses a construct this evaluator does not implement (one line says which)."""


PRINCIPAL_TYPES = (("root", "Account"), ("role/", "AssumedRole"), ("assumed-role/", "AssumedRole"),
                   ("user/", "User"), ("federated-user/", "FederatedUser"))


def principal_context(principal_arn: str) -> dict[str, str]:
    """The keys AWS sets on every signed request of this IAM principal (lower-cased)."""
    values = {"aws:principalarn": principal_arn, "aws:viaawsservice": "false",
              "aws:securetransport": "true"}
    parts = principal_arn.split(":", 5)
    if len(parts) == 6 and parts[2] in ("iam", "sts") and parts[4]:
        values["aws:principalaccount"] = parts[4]
        values["aws:principalisawsservice"] = "false"
        kind = next((k for prefix, k in PRINCIPAL_TYPES
                     if parts[5] == prefix or (prefix.endswith("/") and parts[5].startswith(prefix))),
                    None)
        if kind is not None:
            values["aws:principaltype"] = kind
    return values


@dataclass(frozen=True)
class Request:
    """One request to judge. The keys of :func:`principal_context` (``aws:PrincipalArn``,
    ``aws:PrincipalAccount``, ``aws:PrincipalType``, ...) are derived from ``principal_arn``
    unless ``context`` sets them."""

    principal_arn: str
    action: str
    resource: str = "*"
    context: Mapping[str, ContextValue] = field(default_factory=dict)

    def context_values(self) -> dict[str, ContextValue]:
        """The request context, keys lower-cased (IAM condition keys are case-insensitive)."""
        values: dict[str, ContextValue] = dict(principal_context(self.principal_arn))
        values.update({key.lower(): value for key, value in self.context.items()})
        return values


@dataclass(frozen=True)
class Denial:
    """The statement that denies a request: its policy's name and its Sid (or index)."""

    policy: str
    sid: str


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def wildcard_match(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """IAM wildcard matching (governance.iam_patterns, the one matcher of every check); a
    policy variable is refused here, with this module's error."""
    if "${" in pattern:
        raise UnsupportedPolicy(f"policy variables are not supported: {pattern!r}")
    return iam_patterns.wildcard_match(pattern, value, ignore_case=ignore_case)


def arn_like(pattern: str, value: str) -> bool:
    """ArnLike: the six ARN components matched one by one (wildcards stay in a component,
    except in the last, the resource, which may itself hold colons)."""
    pattern_parts = pattern.split(":", 5)
    value_parts = value.split(":", 5)
    if len(pattern_parts) != 6 or len(value_parts) != 6:
        return False
    return all(wildcard_match(p, v) for p, v in zip(pattern_parts, value_parts, strict=True))


def _string_equals(policy: str, value: str) -> bool:
    return policy == value


def _string_equals_ignore_case(policy: str, value: str) -> bool:
    return policy.lower() == value.lower()


def _string_like(policy: str, value: str) -> bool:
    return wildcard_match(policy, value)


def _bool(policy: str, value: str) -> bool:
    return policy.lower() == value.lower()


# operator -> (positive matcher, negated?)
OPERATORS = {
    "stringequals": (_string_equals, False),
    "stringnotequals": (_string_equals, True),
    "stringequalsignorecase": (_string_equals_ignore_case, False),
    "stringnotequalsignorecase": (_string_equals_ignore_case, True),
    "stringlike": (_string_like, False),
    "stringnotlike": (_string_like, True),
    "arnequals": (arn_like, False),
    "arnlike": (arn_like, False),
    "arnnotequals": (arn_like, True),
    "arnnotlike": (arn_like, True),
    "bool": (_bool, False),
}


def _condition_holds(operator: str, key: str, policy_values: list[str],
                     context: Mapping[str, ContextValue]) -> bool:
    name = operator
    qualifier = ""
    if ":" in name:
        qualifier, name = name.split(":", 1)
        qualifier = qualifier.lower()
        if qualifier not in ("foranyvalue", "forallvalues"):
            raise UnsupportedPolicy(f"unknown condition qualifier {operator!r}")
    lowered = name.lower()
    if_exists = lowered.endswith("ifexists")
    if if_exists:
        lowered = lowered[: -len("ifexists")]
    present = key.lower() in context
    raw = context.get(key.lower())
    values = [] if raw is None else [str(v) for v in _as_list(raw)]
    policy_values = [str(v) for v in policy_values]
    if lowered == "null":
        if qualifier or if_exists:
            raise UnsupportedPolicy(f"unsupported condition operator {operator!r}")
        wants_missing = [v.lower() == "true" for v in policy_values]
        return any(wanted == (not present) for wanted in wants_missing)
    if lowered not in OPERATORS:
        raise UnsupportedPolicy(f"unsupported condition operator {operator!r}")
    matcher, negated = OPERATORS[lowered]

    def one(value: str) -> bool:
        matched = any(matcher(policy, value) for policy in policy_values)
        return not matched if negated else matched

    if not present:
        if qualifier == "forallvalues":
            return True
        if qualifier == "foranyvalue":
            return False
        return if_exists or negated
    if qualifier == "forallvalues":
        return all(one(value) for value in values)
    if qualifier == "foranyvalue":
        return any(one(value) for value in values)
    # an unqualified operator on a multi-valued key: any value for a positive operator,
    # no value matching for a negated one
    if negated:
        return all(one(value) for value in values)
    return any(one(value) for value in values)


@lru_cache(maxsize=4096)
def _alternation(patterns: tuple[str, ...], ignore_case: bool) -> re.Pattern[str]:
    """One regular expression for a list of wildcard patterns (Action, Resource lists)."""
    for pattern in patterns:
        if "${" in pattern:
            raise UnsupportedPolicy(f"policy variables are not supported: {pattern!r}")
    return re.compile("|".join(f"(?:{iam_patterns.wildcard_regex(p, ignore_case).pattern})"
                               for p in patterns),
                      re.DOTALL | (re.IGNORECASE if ignore_case else 0))


@lru_cache(maxsize=65536)
def _matches(patterns: tuple[str, ...], value: str, ignore_case: bool) -> bool:
    return _alternation(patterns, ignore_case).fullmatch(value) is not None


def _matches_any(patterns: Any, value: str, *, ignore_case: bool) -> bool:
    if not isinstance(patterns, tuple):
        patterns = tuple(str(pattern) for pattern in _as_list(patterns))
    return _matches(patterns, value, ignore_case)


def statement_applies(statement: Mapping[str, Any], request: Request,
                      context: Mapping[str, ContextValue] | None = None) -> bool:
    """True when the statement's Action/NotAction, Resource/NotResource and every
    condition match the request (the Effect is not looked at). ``context``: the request's
    :meth:`Request.context_values`, when the caller already has them."""
    if "Principal" in statement or "NotPrincipal" in statement:
        raise UnsupportedPolicy("an SCP statement cannot have Principal or NotPrincipal")
    if "Action" in statement:
        if not _matches_any(statement["Action"], request.action, ignore_case=True):
            return False
    elif "NotAction" in statement:
        if _matches_any(statement["NotAction"], request.action, ignore_case=True):
            return False
    else:
        raise UnsupportedPolicy("a statement needs Action or NotAction")
    if "Resource" in statement:
        if not _matches_any(statement["Resource"], request.resource, ignore_case=False):
            return False
    elif "NotResource" in statement and _matches_any(statement["NotResource"], request.resource,
                                                     ignore_case=False):
        return False
    context = request.context_values() if context is None else context
    for operator, block in (statement.get("Condition") or {}).items():
        for key, values in block.items():
            if not _condition_holds(operator, key, _as_list(values), context):
                return False
    return True


@lru_cache(maxsize=1024)
def _parse_text(document: str) -> tuple[Mapping[str, Any], ...]:
    return tuple(parse(json.loads(document)))


def parse(document: str | Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The statements of a policy document (JSON text, parsed once and cached, or data)."""
    if isinstance(document, str):
        return list(_parse_text(document))
    parsed = document
    if not isinstance(parsed, Mapping) or "Statement" not in parsed:
        raise UnsupportedPolicy("a policy document needs a Statement")
    return [_normalized(statement) for statement in _as_list(parsed["Statement"])]


PATTERN_ELEMENTS = ("Action", "NotAction", "Resource", "NotResource")


def _normalized(statement: Any) -> dict[str, Any]:
    """The statement with its pattern elements as tuples of text (matched without copying)."""
    if not isinstance(statement, Mapping):
        raise UnsupportedPolicy("a statement must be an object")
    return {key: tuple(str(v) for v in _as_list(value)) if key in PATTERN_ELEMENTS else value
            for key, value in statement.items()}


Policies = Iterable[tuple[str, str | Mapping[str, Any]]]
Levels = Sequence[tuple[str, Sequence[tuple[str, str | Mapping[str, Any]]]]]


def _first_applying(policies: Policies, request: Request, effect: str,
                    context: Mapping[str, ContextValue]) -> Denial | None:
    for name, document in policies:
        try:
            for index, statement in enumerate(parse(document)):
                if str(statement.get("Effect", "")).lower() != effect:
                    continue
                if statement_applies(statement, request, context):
                    return Denial(name, str(statement.get("Sid") or f"#{index}"))
        except (UnsupportedPolicy, json.JSONDecodeError) as error:
            raise UnsupportedPolicy(f"policy {name}: {error}") from error
    return None


def denying_statement(policies: Policies, request: Request) -> Denial | None:
    """The first Deny statement of ``policies`` ((name, document) pairs) that applies to
    ``request``, or None when no explicit Deny does."""
    return _first_applying(policies, request, "deny", request.context_values())


def allowing_statement(policies: Policies, request: Request) -> Denial | None:
    """The first Allow statement of ``policies`` that applies to ``request``, or None."""
    return _first_applying(policies, request, "allow", request.context_values())


def is_denied(policies: Policies, request: Request) -> bool:
    """An explicit Deny applies (Allow statements are not looked at: see :func:`decide`)."""
    return denying_statement(policies, request) is not None


@dataclass(frozen=True)
class Decision:
    """The SCP layer's answer: ``denial`` names the explicit Deny, ``missing_allow_level``
    the first level (from the root down) where no attached policy allows the request."""

    allowed: bool
    denial: Denial | None = None
    missing_allow_level: str | None = None


def decide(levels: Levels, request: Request) -> Decision:
    """Allowed iff no Deny of any level applies and every level allows the request.
    ``levels``: (level name, its attached (policy name, document) pairs), root first. A level
    with no SCP attached restricts nothing: AWS keeps at least one SCP on every entity while
    SCPs are enabled (the last cannot be detached) and detaches all of them when disabled."""
    context = request.context_values()
    every = [policy for _, policies in levels for policy in policies]
    denial = _first_applying(every, request, "deny", context)
    if denial is not None:
        return Decision(False, denial=denial)
    for level, policies in levels:
        if policies and _first_applying(policies, request, "allow", context) is None:
            return Decision(False, missing_allow_level=level)
    return Decision(True)
