"""Seeded accounts shared within a test module.

PASS and ERROR tests of a control only read the account (ERROR denies a read with
``harness.moto.deny``, which changes no state), so they share the account
seeded by the control's ``seed_pass``; controls whose cases share one seeding function
(the logging stack) share one account. FAIL tests always seed a fresh account.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture(scope="module")
def passing_account(moto_sandbox: Any) -> Callable[[Any], Any]:
    seeded: dict[Callable[[Any], None], Any] = {}

    def get(case: Any) -> Any:
        if case.seed_pass not in seeded:
            account = moto_sandbox.new_account()
            case.seed_pass(account)
            seeded[case.seed_pass] = account
        return seeded[case.seed_pass]

    return get


@pytest.fixture(scope="module")
def shared_audits() -> Callable[[Any, Callable[[], Any]], Any]:
    """``shared_audits(key, run)``: ``run()``'s result, run once per key in the module (the
    PASS and ERROR cases of tests/seeded/cases.py that one CLI run judges together)."""
    made: dict[Any, Any] = {}

    def get(key: Any, run: Callable[[], Any]) -> Any:
        if key not in made:
            made[key] = run()
        return made[key]

    return get
