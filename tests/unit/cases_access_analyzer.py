"""The unit cases of the access analyzer checks: ``FAIL_CASES`` and ``PASS_CASES``,
keyed by control id, with the snapshot builders they use. tests/unit/test_access_analyzer_checks.py binds
their verdict tests (tests/support/verdicts.py); the item cases of tests/unit/items_*.py,
tests/unit/test_error_per_read.py and tests/support/control_reads.py read them too.
"""

from __future__ import annotations

from collections.abc import Callable

from governance.model import AccountSnapshot
from tests.support.snapshots import changed
from tests.unit.snapshots_identity import REGIONS, identity_compliant

EU = REGIONS[1]
ANALYZERS = "access-analyzer:ListAnalyzers"


def _in_eu(*analyzers: dict) -> Callable[[], AccountSnapshot]:
    return lambda: changed(identity_compliant(), ANALYZERS, list(analyzers), EU)


def _analyzer(type_: str, status: str = "ACTIVE", name: str = "a") -> dict:
    return {"name": name, "type": type_, "status": status}


FAIL_CASES: dict[str, list[tuple[str, Callable[[], AccountSnapshot], str]]] = {
    "access-analyzer-external-access": [
        ("no analyzer in eu", _in_eu(),
         f"no ACTIVE external access analyzer (ACCOUNT or ORGANIZATION) in {EU}"),
        ("an unused-access analyzer only: not External Access", _in_eu(
            _analyzer("ACCOUNT_UNUSED_ACCESS", name="unused")),
         f"in {EU}; other analyzers: unused (ACCOUNT_UNUSED_ACCESS, ACTIVE)"),
        ("the account analyzer still CREATING", _in_eu(_analyzer("ACCOUNT", "CREATING")),
         f"no ACTIVE external access analyzer (ACCOUNT or ORGANIZATION) in {EU}"),
        ("an organization unused-access analyzer only", _in_eu(
            _analyzer("ORGANIZATION_UNUSED_ACCESS")), "ORGANIZATION_UNUSED_ACCESS"),
    ],
}
PASS_CASES: dict[str, list[tuple[str, Callable[[], AccountSnapshot]]]] = {
    "access-analyzer-external-access": [
        ("an ACTIVE account analyzer in each region", identity_compliant),
        ("an ACTIVE organization analyzer in eu", _in_eu(_analyzer("ORGANIZATION"))),
        ("an unused-access analyzer beside the account one", _in_eu(
            _analyzer("ACCOUNT_UNUSED_ACCESS"), _analyzer("ACCOUNT", name="b"))),
    ],
}
