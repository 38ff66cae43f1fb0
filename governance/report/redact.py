"""Keep credentials out of every report and every saved snapshot, and nothing else.

Redaction is by what a secret is, never by a word in a field's name: a field is redacted
when its name is one of :data:`SECRET_FIELDS` exactly (``SecretAccessKey``, ``SessionToken``,
``Password``...), access key ids are shortened (first 8, last 4), and a 40-character secret
access key is removed where an access key id stands beside it or where it looks random
(:func:`_looks_random`). ``HttpTokens``
("required"), ``password_last_used``, ``PasswordPolicy`` or a 40-character role name keep
their values: they are evidence.

At collection (:func:`redact_endpoint`, :func:`redact_target`): SNS subscription endpoints
keep their scheme and host but lose their path, query and user info (webhook URLs carry
their token there: hooks.slack.com/services/T/B/XXX, events.pagerduty.com/integration/KEY);
EventBridge targets lose their Input, InputTransformer template and HTTP header and query
values (where a target's token sits), each replaced by a note of how long it was.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

REDACTED = "[redacted]"
ACCESS_KEY_ID = re.compile(
    r"\b((?:AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{4})[A-Z0-9]{8}([A-Z0-9]{4})\b")
SECRET_KEY = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])")
# Field names whose value is a credential (compared case-insensitively, whole name only).
SECRET_FIELDS = frozenset(name.lower() for name in (
    "SecretAccessKey", "aws_secret_access_key", "SessionToken", "aws_session_token",
    "Password", "NewPassword", "OldPassword", "PrivateKey", "CertificatePrivateKey",
    "SecretString", "SecretBinary", "ClientSecret", "ApiKey", "ApiKeyValue", "Authorization",
    "AccessToken", "RefreshToken", "IdToken", "Token", "WebhookUrl"))


def _looks_random(token: str) -> bool:
    """A secret access key is random base64: three or more of upper case, lower case,
    digits and ``/+=``; a 40-character name (``GovernanceAuditRoleForProductionAccounts``)
    is not."""
    classes = (r"[A-Z]", r"[a-z]", r"[0-9]", r"[/+=]")
    return sum(bool(re.search(pattern, token)) for pattern in classes) >= 3


def redact_text(text: str) -> str:
    beside_a_key = ACCESS_KEY_ID.search(text) is not None
    text = SECRET_KEY.sub(lambda m: REDACTED if beside_a_key or _looks_random(m.group(0))
                          else m.group(0), text)
    return ACCESS_KEY_ID.sub(lambda m: f"{m.group(1)}…{m.group(2)}", text)


def redact(value: Any) -> Any:
    """A copy with access key ids shortened and credentials replaced."""
    if isinstance(value, dict):
        return {key: REDACTED if str(key).lower() in SECRET_FIELDS and isinstance(item, str)
                else redact(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redact(item) for item in value]
    if isinstance(value, str):
        return redact_text(value)
    return value


def redact_endpoint(endpoint: str) -> str:
    """A URL endpoint as scheme and host only (``https://hooks.slack.com/[redacted]``);
    anything else (an email address, an ARN, a phone number) as it is."""
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", endpoint or ""):
        return endpoint
    parts = urlsplit(endpoint)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    hidden = parts.path not in ("", "/") or parts.query or parts.fragment or \
        parts.username or parts.password
    return f"{parts.scheme}://{host}{port}" + (f"/{REDACTED}" if hidden else "/")


def _length_note(value: Any) -> str:
    return f"{REDACTED} ({len(str(value))} characters)"


def redact_target(target: dict[str, Any]) -> dict[str, Any]:
    """An EventBridge target without the values that may hold a token."""
    kept = dict(target)
    if "Input" in kept:
        kept["Input"] = _length_note(kept["Input"])
    transformer = kept.get("InputTransformer")
    if isinstance(transformer, dict) and "InputTemplate" in transformer:
        kept["InputTransformer"] = {**transformer,
                                    "InputTemplate": _length_note(transformer["InputTemplate"])}
    http = kept.get("HttpParameters")
    if isinstance(http, dict):
        kept["HttpParameters"] = {
            name: ({key: REDACTED for key in values} if isinstance(values, dict)
                   else [REDACTED for _ in values] if isinstance(values, list) else values)
            for name, values in http.items()}
    return redact(kept)


def redact_subscription(subscription: dict[str, Any]) -> dict[str, Any]:
    """An SNS subscription whose endpoint keeps only its scheme and host."""
    kept = dict(subscription)
    if isinstance(kept.get("Endpoint"), str):
        kept["Endpoint"] = redact_endpoint(kept["Endpoint"])
    return kept
