"""The PASS/FAIL verdict tests of the unit check bundles, written once: :func:`verdict_tests`.

A bundle's cases are ``FAIL_CASES`` and ``PASS_CASES`` of tests/unit/cases_<area>.py, dicts
keyed by control id; its tests, tests/unit/test_<area>_checks.py, bind the two verdict tests
at top level::

    test_check_fails_with_reason, test_check_passes = verdict_tests(FAIL_CASES, PASS_CASES)

The house rules, for every finding ``run_check(control_id, make())`` returns:

- it is a finding of that control; its reason is one line and not empty; its resource and
  region are set (non-empty strings);
- a FAIL case ``(name, make, text)`` (or ``(name, make, text, status)``) is judged FAIL (or
  ``status``); exactly one finding FAILs, ``text`` (when not empty) is in its reason, and
  every other finding is PASS or NOT_APPLICABLE (a FAIL case never hides an ERROR);
- a PASS case ``(name, make)`` gives PASS on every finding.

Keyword arguments name the few differences a bundle needs, each for the controls it lists.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import pytest

from governance.checks import run_check, verdict
from governance.model import AccountSnapshot, Finding, Status

Make = Callable[[], AccountSnapshot]
FailCases = Mapping[str, Sequence[tuple[Any, ...]]]
PassCases = Mapping[str, Sequence[tuple[str, Make]]]
WHOLE = (Status.PASS, Status.NOT_APPLICABLE)  # what the other findings of a FAIL case may be


def _ids(value: object) -> str:
    return value if isinstance(value, str) and not isinstance(value, Status) else ""


def _well_formed(control_id: str, findings: list[Finding]) -> None:
    for finding in findings:
        assert finding.control_id == control_id, finding
        assert finding.reason and "\n" not in finding.reason, f"reason not one line: {finding}"
        assert isinstance(finding.resource, str) and finding.resource, f"no resource: {finding}"
        assert isinstance(finding.region, str) and finding.region, f"no region: {finding}"


def verdict_tests(fail_cases: FailCases, pass_cases: PassCases, *,
                  several_fail: Collection[str] = (),
                  not_applicable_beside_pass: Collection[str] = (),
                  regions: Sequence[str] | None = None, fail_region: str | None = None,
                  others_pass: bool = False) -> tuple[Callable[..., None], Callable[..., None]]:
    """``(test_check_fails_with_reason, test_check_passes)``, parametrized over the cases.

    ``several_fail``: controls with one finding per account or resource whose FAIL cases
    may fail several of them (``text`` is then in one FAIL's reason).
    ``not_applicable_beside_pass``: controls whose PASS cases may also hold NOT_APPLICABLE
    findings (a region with nothing to judge), beside at least one PASS.
    ``regions``: a PASS case has one finding in each of these regions. ``fail_region``: the
    region of the FAIL finding. ``others_pass``: a FAIL case also has a PASS finding (the
    resources it did not change) and no NOT_APPLICABLE one.
    """
    fail_params = [(control_id, case[0], case[1], case[2],
                    case[3] if len(case) > 3 else Status.FAIL)
                   for control_id, cases in fail_cases.items() for case in cases]
    pass_params = [(control_id, case, make)
                   for control_id, cases in pass_cases.items() for case, make in cases]

    @pytest.mark.parametrize(("control_id", "case", "make", "reason", "status"), fail_params,
                             ids=_ids)
    def test_check_fails_with_reason(control_id: str, case: str, make: Make, reason: str,
                                     status: Status) -> None:
        findings = run_check(control_id, make())
        _well_formed(control_id, findings)
        assert verdict(findings, control_id) is status, findings
        failed = [f for f in findings if f.status is status]
        if control_id in several_fail:
            assert any(reason in f.reason for f in failed), findings
        else:
            assert len(failed) == 1, f"{case}: more than the changed resource fails: {failed}"
            assert reason in failed[0].reason, failed[0]
        others = {f.status for f in findings if f.status is not status}
        assert others <= set(WHOLE), findings
        if others_pass:
            assert others == {Status.PASS}, findings
        if fail_region is not None:
            assert [f.region for f in failed] == [fail_region], failed

    @pytest.mark.parametrize(("control_id", "case", "make"), pass_params, ids=_ids)
    def test_check_passes(control_id: str, case: str, make: Make) -> None:
        findings = run_check(control_id, make())
        _well_formed(control_id, findings)
        statuses = {f.status for f in findings}
        if control_id in not_applicable_beside_pass:
            assert Status.PASS in statuses and statuses <= set(WHOLE), findings
        else:
            assert statuses == {Status.PASS}, [f for f in findings if f.status is not Status.PASS]
        if regions is not None:
            assert sorted(f.region for f in findings) == sorted(regions), findings

    return test_check_fails_with_reason, test_check_passes
