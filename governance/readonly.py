"""Read-only by construction: a botocore hook that refuses every call that is not a read."""

from __future__ import annotations

from typing import Any

READ_PREFIXES = ("Describe", "Get", "List", "Lookup")

# Read calls whose names do not start with a read prefix, each with why it is safe.
READ_CALLS_WITH_OTHER_NAMES: dict[str, str] = {
    "GenerateCredentialReport": (
        "asks IAM to compile the credential report from existing data; it changes no "
        "identity, policy or setting, and GetCredentialReport cannot work without it"
    ),
}


class WriteAttempted(RuntimeError):
    """The collector was about to send an operation that is not a read."""


def is_read_operation(name: str) -> bool:
    return name.startswith(READ_PREFIXES) or name in READ_CALLS_WITH_OTHER_NAMES


def refuse_writes(model: Any, **_: Any) -> None:
    """botocore ``before-call`` handler: raise before any non-read request leaves the process."""
    if not is_read_operation(model.name):
        raise WriteAttempted(
            f"refused {model.service_model.service_name}:{model.name}: the collector is "
            "read-only (Describe/Get/List/Lookup and GenerateCredentialReport only)"
        )
