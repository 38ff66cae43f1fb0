"""Least-privilege lint for IAM policy documents: wildcard actions and resources.

Used by the ``iam-policies-no-wildcards`` check on live accounts and by the plan
tests on every policy our Terraform would create.

Rules, for ``Allow`` statements only (a ``Deny`` statement is a guard and may be broad):

* ``NotAction`` or ``NotResource`` grant everything not listed: always a violation.
* ``*`` or ``service:*`` as an action is a violation. In ``strict`` mode (our own
  modules) any ``*`` inside an action name, such as ``iam:Get*``, is one too.
* ``Resource: "*"`` is a violation unless every action of the statement is one
  that accepts nothing but ``*`` (:data:`RESOURCE_STAR_ONLY_ACTIONS`, each with why).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

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


def _is_service_wildcard(action: str) -> bool:
    return action == "*" or bool(re.fullmatch(r"[A-Za-z0-9-]+:\*", action))


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
            if _is_service_wildcard(action):
                found.append(Violation(sid, f"wildcard action {action!r}"))
            elif strict and "*" in action:
                found.append(Violation(sid, f"wildcard in action name {action!r}"))
        resources = _as_list(statement.get("Resource"))
        if "*" in resources and actions:
            broad = sorted(a for a in actions if a.lower() not in RESOURCE_STAR_ONLY_ACTIONS)
            if broad:
                found.append(Violation(sid, f"Resource '*' for {', '.join(broad)}"))
    return found


def grants_full_admin(document: str | dict[str, Any]) -> bool:
    """True when an Allow statement grants '*' on '*' (CIS 1.16)."""
    for statement in statements(document):
        if statement.get("Effect") != "Allow":
            continue
        if "*" in _as_list(statement.get("Action")) and "*" in _as_list(statement.get("Resource")):
            return True
    return False
