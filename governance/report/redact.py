"""Keep credentials out of every report: access key ids shortened, secrets removed."""

from __future__ import annotations

import re
from typing import Any

ACCESS_KEY_ID = re.compile(
    r"\b((?:AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{4})[A-Z0-9]{8}([A-Z0-9]{4})\b")
SECRET_KEY = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])")
SECRET_FIELDS = re.compile(r"secret|password|token|privatekey|private_key", re.IGNORECASE)


def redact_text(text: str) -> str:
    text = ACCESS_KEY_ID.sub(lambda m: f"{m.group(1)}…{m.group(2)}", text)
    return SECRET_KEY.sub("[redacted]", text)


def redact(value: Any) -> Any:
    """A copy with access key ids shortened (first 8, last 4) and secrets replaced."""
    if isinstance(value, dict):
        return {key: "[redacted]" if SECRET_FIELDS.search(str(key)) and isinstance(item, str)
                else redact(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redact(item) for item in value]
    if isinstance(value, str):
        return redact_text(value)
    return value
