"""Does a service control policy deny a request? A small evaluator of explicit Deny statements.

Given the SCP documents effective for an account (attached to the root, to each OU on the
account's path and to the account itself) and a request (principal ARN, action, resource,
context keys such as ``aws:RequestedRegion``, ``ec2:MetadataHttpTokens`` or the
multi-valued ``kms:ResourceAliases``), :func:`denying_statement` names the first Deny
statement that applies, or None. SCPs never grant: only an explicit Deny (or a missing
Allow, which the guardrails do not rely on) restricts, so Deny statements are what the
organization controls judge.

Why not a library: the Python packages that read IAM policies do not evaluate a request
against conditions. policyuniverse (Netflix) expands and matches actions and ARNs but
ignores Condition blocks; parliament and iam-policy-validator lint policy text;
policy_sentry writes policies; policyglass (last release 2022) computes effective
permission sets, not a verdict for one request with context values; iam-ape evaluates an
account's authorization details, not SCP documents with request context. The maintained
request simulator (@cloud-copilot/iam-simulate) is a JavaScript package, and IAM's
SimulateCustomPolicy needs a real AWS endpoint (moto does not implement it). What the
guardrails need is small and exact, so it is written here and tested operator by operator
(tests/unit/test_scp_evaluator.py).

Supported: Effect Deny; Action / NotAction and Resource / NotResource with ``*`` and
``?`` wildcards (actions case-insensitive, resources case-sensitive); the condition
operators String(Not)Equals(IgnoreCase), String(Not)Like, Arn(Not)Equals, Arn(Not)Like,
Bool and Null, each with the ``ForAnyValue:`` / ``ForAllValues:`` qualifiers and the
``IfExists`` suffix. Condition keys are case-insensitive, as in IAM. Anything else (another
operator, a policy variable such as ``${aws:username}``, a Principal element, which SCPs
do not allow) raises :class:`UnsupportedPolicy`: the evaluator never guesses.

Missing keys follow IAM: a positive operator is false, a negated operator (String/ArnNot...)
is true, ``...IfExists`` is true, ``ForAnyValue:`` is false, ``ForAllValues:`` is true,
``Null`` tests presence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

ContextValue = str | list[str]


class UnsupportedPolicy(ValueError):
    """A policy uses a construct this evaluator does not implement (one line says which)."""


@dataclass(frozen=True)
class Request:
    """One request to judge. ``aws:PrincipalArn`` and ``aws:PrincipalAccount`` are derived
    from ``principal_arn`` unless ``context`` sets them."""

    principal_arn: str
    action: str
    resource: str = "*"
    context: Mapping[str, ContextValue] = field(default_factory=dict)

    def context_values(self) -> dict[str, ContextValue]:
        """The request context, keys lower-cased (IAM condition keys are case-insensitive)."""
        values: dict[str, ContextValue] = {"aws:principalarn": self.principal_arn}
        parts = self.principal_arn.split(":")
        if len(parts) > 4 and parts[4]:
            values["aws:principalaccount"] = parts[4]
        values.update({key.lower(): value for key, value in self.context.items()})
        return values


@dataclass(frozen=True)
class Denial:
    """The statement that denies a request: its policy's name and its Sid (or index)."""

    policy: str
    sid: str


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


@cache
def _wildcard(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    if "${" in pattern:
        raise UnsupportedPolicy(f"policy variables are not supported: {pattern!r}")
    body = "".join(".*" if char == "*" else "." if char == "?" else re.escape(char)
                   for char in pattern)
    return re.compile(body, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def wildcard_match(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """IAM wildcard matching: ``*`` any run of characters, ``?`` one character."""
    return _wildcard(pattern, ignore_case).fullmatch(value) is not None


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


@cache
def _alternation(patterns: tuple[str, ...], ignore_case: bool) -> re.Pattern[str]:
    """One regular expression for a list of wildcard patterns (Action, Resource lists)."""
    return re.compile("|".join(f"(?:{_wildcard(p, ignore_case).pattern})" for p in patterns),
                      re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def _matches_any(patterns: Any, value: str, *, ignore_case: bool) -> bool:
    key = tuple(str(pattern) for pattern in _as_list(patterns))
    return _alternation(key, ignore_case).fullmatch(value) is not None


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
    return [dict(statement) for statement in _as_list(parsed["Statement"])]


def denying_statement(policies: Iterable[tuple[str, str | Mapping[str, Any]]],
                      request: Request) -> Denial | None:
    """The first Deny statement of ``policies`` ((name, document) pairs) that applies to
    ``request``, or None when no explicit Deny does."""
    context = request.context_values()
    for name, document in policies:
        try:
            for index, statement in enumerate(parse(document)):
                if str(statement.get("Effect", "")).lower() != "deny":
                    continue
                if statement_applies(statement, request, context):
                    return Denial(name, str(statement.get("Sid") or f"#{index}"))
        except (UnsupportedPolicy, json.JSONDecodeError) as error:
            raise UnsupportedPolicy(f"policy {name}: {error}") from error
    return None


def is_denied(policies: Iterable[tuple[str, str | Mapping[str, Any]]], request: Request) -> bool:
    return denying_statement(policies, request) is not None
