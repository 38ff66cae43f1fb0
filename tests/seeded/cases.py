"""The shape of a seeded control case: how to make a moto account PASS, how to make it FAIL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SeededCase:
    """``seed_pass(account)`` makes the control hold; ``seed_fail(account)`` breaks it, and
    the FAIL reason must contain ``fail_reason``; denying ``denied_action`` (moto's
    ``service:Action``) must turn the control to ERROR."""

    seed_pass: Callable[[Any], None]
    seed_fail: Callable[[Any], None]
    fail_reason: str
    denied_action: str
