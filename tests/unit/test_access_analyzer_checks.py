"""IAM Access Analyzer external access analyzers (CIS v5.0.0 1.19) on hand-built snapshots:
PASS with an ACTIVE account or organization analyzer in every region, FAIL where a region
has none or only an unused-access one. (access-analyzer-enabled, the v3.0.0 / v4.0.1 1.20
reading that any ACTIVE analyzer passes, is in test_identity_checks.py; the organization
analyzer, v6.0.0 2.19, in test_organization_checks.py.)"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from governance.checks import run_check, verdict
from governance.model import AccountSnapshot, Status
from tests.unit.snapshots_identity import REGIONS, changed_in, identity_compliant

EU = REGIONS[1]
ANALYZERS = "access-analyzer:ListAnalyzers"


def _in_eu(*analyzers: dict) -> Callable[[], AccountSnapshot]:
    return lambda: changed_in(identity_compliant(), ANALYZERS, EU, list(analyzers))


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


@pytest.mark.parametrize(("control_id", "case", "make", "reason"), [
    (control_id, case, make, reason)
    for control_id, cases in FAIL_CASES.items() for case, make, reason in cases
], ids=lambda v: v if isinstance(v, str) else "")
def test_check_fails_with_reason(control_id, case, make, reason):
    findings = run_check(control_id, make())
    assert verdict(findings, control_id) is Status.FAIL, findings
    failed = [f for f in findings if f.status is Status.FAIL]
    assert [f.region for f in failed] == [EU]
    assert reason in failed[0].reason


@pytest.mark.parametrize(("control_id", "case", "make"), [
    (control_id, case, make) for control_id, cases in PASS_CASES.items() for case, make in cases
], ids=lambda v: v if isinstance(v, str) else "")
def test_check_passes(control_id, case, make):
    findings = run_check(control_id, make())
    assert {f.status for f in findings} == {Status.PASS}, findings
    assert sorted(f.region for f in findings) == sorted(REGIONS)


def test_the_v4_reading_passes_what_the_v5_reading_fails():
    """CIS v4.0.1 1.20 (any ACTIVE analyzer) and v5.0.0 1.19 (External Access) differ on an
    unused-access analyzer: each control follows its own item."""
    snapshot = _in_eu(_analyzer("ACCOUNT_UNUSED_ACCESS"))()
    assert verdict(run_check("access-analyzer-enabled", snapshot),
                   "access-analyzer-enabled") is Status.PASS
    assert verdict(run_check("access-analyzer-external-access", snapshot),
                   "access-analyzer-external-access") is Status.FAIL
