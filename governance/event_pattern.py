"""An EventBridge event-pattern matcher for the subset governance rules use.

``matches(pattern, event)`` says whether an EventBridge rule with ``pattern`` (a dict or
its JSON text) matches ``event`` (an EventBridge event dict). Supported: nested objects,
lists of exact values (string, number, boolean, null), and the content filters
``prefix``, ``suffix``, ``equals-ignore-case``, ``wildcard``, ``exists`` and
``anything-but`` (a value, a list, or a ``prefix``). An array in the event matches when
any of its elements matches. Other filters (numeric, cidr, $or) raise
:class:`EventPatternError`.
"""

from __future__ import annotations

import fnmatch
import json
from typing import Any

_MISSING = object()


class EventPatternError(ValueError):
    """The pattern uses a filter this matcher does not implement."""


def _value_matches(rule: Any, value: Any) -> bool:
    if isinstance(rule, dict):
        if len(rule) != 1:
            raise EventPatternError(f"unsupported content filter {rule}")
        (kind, argument), = rule.items()
        if kind == "exists":
            return (value is not _MISSING) == bool(argument)
        if value is _MISSING:
            return False
        if kind == "prefix":
            return isinstance(value, str) and isinstance(argument, str) \
                and value.startswith(argument)
        if kind == "suffix":
            return isinstance(value, str) and value.endswith(argument)
        if kind == "equals-ignore-case":
            return isinstance(value, str) and value.lower() == str(argument).lower()
        if kind == "wildcard":
            return isinstance(value, str) and fnmatch.fnmatchcase(value, argument)
        if kind == "anything-but":
            if isinstance(argument, dict):
                return not _value_matches(argument, value)
            excluded = argument if isinstance(argument, list) else [argument]
            return value not in excluded
        raise EventPatternError(f"unsupported content filter {kind!r}")
    if value is _MISSING:
        return False
    return (type(rule) is type(value) and rule == value) or (
        rule is None and value is None)


def _field_matches(rules: list[Any], value: Any) -> bool:
    values = value if isinstance(value, list) and value else [value]
    return any(_value_matches(rule, item) for rule in rules for item in values)


def _object_matches(pattern: dict[str, Any], event: Any) -> bool:
    for key, rule in pattern.items():
        if key.startswith("$"):
            raise EventPatternError(f"unsupported pattern operator {key!r}")
        value = event.get(key, _MISSING) if isinstance(event, dict) else _MISSING
        if isinstance(rule, dict):
            if not _object_matches(rule, value if isinstance(value, dict) else {}):
                return False
        elif isinstance(rule, list):
            if not _field_matches(rule, value):
                return False
        else:
            raise EventPatternError(f"pattern field {key!r} must be an object or a list")
    return True


def matches(pattern: dict[str, Any] | str, event: dict[str, Any]) -> bool:
    """True when an EventBridge rule with ``pattern`` matches ``event``."""
    parsed = json.loads(pattern) if isinstance(pattern, str) else pattern
    if not isinstance(parsed, dict):
        raise EventPatternError("an event pattern is a JSON object")
    return _object_matches(parsed, event)
