"""Least-privilege lint for IAM policy documents: wildcard actions and resources.

Used by the ``iam-policies-no-wildcards`` check on live accounts and by the plan
tests on every policy our Terraform would create.

Rules, for ``Allow`` statements only (a ``Deny`` statement is a guard and may be broad).
Patterns are read with IAM's own wildcard semantics (governance/iam_patterns.py), so every
spelling of a wildcard counts: ``*:*``, ``?*``, ``IAM:*``, ``?am:*``, ``Resource "arn:*"``.

* ``NotAction`` or ``NotResource`` grant everything not listed: always a violation.
* An action pattern that reaches every action of a service or more (``*``, ``*:*``,
  ``iam:*``, ``?am:*``, ``*:Get*``, ``iam*``) is a violation. In ``strict`` mode (our own
  modules) any ``*`` or ``?`` inside an action name, such as ``iam:Get*``, is one too.
* A Resource list that matches every ARN (``*``, ``arn:*``, ``arn:aws:*:*:*:*``...) is a
  violation unless every action of the statement is one that accepts nothing but ``*``
  (:data:`RESOURCE_STAR_ONLY_ACTIONS`, each with why).

Full administrator (CIS 1.16, :func:`grants_full_admin`): an Allow statement whose actions
match every action (or a ``NotAction`` that leaves IAM in: it grants every action it does
not list, IAM's included, so the holder can grant itself the rest; PowerUserAccess's
``NotAction: iam:*, organizations:*, account:*`` is not administrator) on
resources that match every ARN (or a ``NotResource``). A Condition does not make such a
statement less than administrator: it only says when the grant applies.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from governance.iam_patterns import (
    covers_every_action,
    covers_every_resource,
    covers_service,
    service_wide,
)

# Actions that do not support resource-level permissions: IAM only accepts
# Resource "*" for them (Service Authorization Reference, "Resource types" column empty).
RESOURCE_STAR_ONLY_ACTIONS: dict[str, str] = {
    "iam:listusers": "lists every user of the account; no resource-level permission",
    "iam:listgroups": "lists every group of the account; no resource-level permission",
    "iam:listroles": "lists every role of the account; no resource-level permission",
    "iam:listpolicies": "lists every managed policy; no resource-level permission",
    "iam:getaccountpasswordpolicy": "account-wide setting; no resource-level permission",
    "iam:getaccountsummary": "account-wide summary; no resource-level permission",
    "iam:listaccountaliases": "account-wide setting; no resource-level permission",
    "iam:generatecredentialreport": "account-wide report; no resource-level permission",
    "iam:getcredentialreport": "account-wide report; no resource-level permission",
    "iam:listvirtualmfadevices": "lists every MFA device; no resource-level permission",
    "iam:getaccountauthorizationdetails": "account-wide read; no resource-level permission",
    "iam:listsamlproviders": "lists every SAML provider; no resource-level permission",
    "sts:getcalleridentity": "identifies the caller; needs no permission and takes no resource",
    "cloudtrail:describetrails": "lists trails; no resource-level permission",
    "cloudtrail:listtrails": "lists trails; no resource-level permission",
    "config:describeconfigurationrecorders": "account-wide; no resource-level permission",
    "config:describeconfigurationrecorderstatus": "account-wide; no resource-level permission",
    "config:describedeliverychannels": "account-wide; no resource-level permission",
    "s3:listallmybuckets": "lists every bucket; no resource-level permission",
    "kms:listkeys": "lists every key; no resource-level permission",
    "kms:listaliases": "lists every alias; no resource-level permission",
    "sns:listtopics": "lists every topic; no resource-level permission",
}


@dataclass(frozen=True)
class Violation:
    """One Allow statement that grants more than least privilege allows."""

    sid: str
    problem: str

    def __str__(self) -> str:
        return f"statement {self.sid}: {self.problem}"


def parse_document(document: str | dict[str, Any]) -> dict[str, Any]:
    """A policy document as a dict, from JSON text, URL-encoded JSON (IAM API) or a dict."""
    if isinstance(document, dict):
        return document
    text = document.strip()
    if not text.startswith("{"):
        text = unquote(text)
    return json.loads(text)


def statements(document: str | dict[str, Any]) -> list[dict[str, Any]]:
    body = parse_document(document).get("Statement", [])
    return [body] if isinstance(body, dict) else list(body)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def wildcard_violations(document: str | dict[str, Any], *, strict: bool = False) -> list[Violation]:
    """Every least-privilege violation of the document's Allow statements."""
    found: list[Violation] = []
    for index, statement in enumerate(statements(document)):
        if statement.get("Effect") != "Allow":
            continue
        sid = statement.get("Sid") or f"#{index + 1}"
        if "NotAction" in statement:
            found.append(Violation(sid, "Allow with NotAction grants every action not listed"))
        if "NotResource" in statement:
            found.append(Violation(sid, "Allow with NotResource grants every resource not listed"))
        actions = _as_list(statement.get("Action"))
        for action in actions:
            if service_wide(action):
                found.append(Violation(sid, f"wildcard action {action!r}"))
            elif strict and ("*" in action or "?" in action):
                found.append(Violation(sid, f"wildcard in action name {action!r}"))
        resources = _as_list(statement.get("Resource"))
        if resources and actions and covers_every_resource(resources):
            broad = sorted(a for a in actions if a.lower() not in RESOURCE_STAR_ONLY_ACTIONS)
            if broad:
                spelled = "'*'" if "*" in resources else f"{resources!r} (every resource)"
                found.append(Violation(sid, f"Resource {spelled} for {', '.join(broad)}"))
    return found


def statement_grants_full_admin(statement: dict[str, Any]) -> bool:
    """An Allow statement granting every action on every resource, however it is spelled."""
    if statement.get("Effect") != "Allow":
        return False
    if "NotAction" in statement:
        # every action but those listed: administrator in practice while IAM is left in
        # (the holder can grant itself the rest); PowerUserAccess's NotAction iam:* is not
        excluded = _as_list(statement["NotAction"])
        every_action = not covers_service(excluded, "iam")
    else:
        every_action = bool(_as_list(statement.get("Action"))) and covers_every_action(
            _as_list(statement.get("Action")))
    if "NotResource" in statement:
        every_resource = not covers_every_resource(_as_list(statement["NotResource"]))
    else:
        every_resource = bool(_as_list(statement.get("Resource"))) and covers_every_resource(
            _as_list(statement.get("Resource")))
    return every_action and every_resource


def grants_full_admin(document: str | dict[str, Any]) -> bool:
    """True when an Allow statement grants every action on every resource (CIS 1.16):
    ``*``, ``*:*``, ``["?*:*"]``, a NotAction, on ``*``, ``arn:*``, a NotResource..."""
    return any(statement_grants_full_admin(statement) for statement in statements(document))
