"""Checks: one pure function per control, snapshot in, findings out.

A check that needs an API read the collector could not make raises ReadFailed
(through ``snapshot.get``); :func:`evaluate` turns that into an ERROR finding
naming the API and the reason, never a PASS.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable

from governance.catalog import catalog
from governance.model import AccountSnapshot, Finding, ReadFailed, Status, worst

Check = Callable[[AccountSnapshot], list[Finding]]

REGISTRY: dict[str, Check] = {}


def check(control_id: str) -> Callable[[Check], Check]:
    """Register the function as the check of one catalog control."""

    def register(function: Check) -> Check:
        if control_id in REGISTRY:
            raise ValueError(f"two checks for control {control_id}")
        REGISTRY[control_id] = function
        return function

    return register


def run_check(control_id: str, snapshot: AccountSnapshot) -> list[Finding]:
    try:
        findings = REGISTRY[control_id](snapshot)
    except ReadFailed as failure:
        return [
            Finding(
                control_id,
                Status.ERROR,
                f"could not read {failure.api}: {failure.reason}",
                evidence={"api": failure.api, "error": failure.reason},
            )
        ]
    if not findings:
        raise AssertionError(f"check {control_id} returned no finding")
    return findings


def evaluate(snapshot: AccountSnapshot, control_ids: Iterable[str] | None = None) -> list[Finding]:
    """Findings of the given controls (all of the catalog by default), in catalog order."""
    wanted = list(control_ids) if control_ids is not None else list(catalog())
    findings: list[Finding] = []
    for control_id in wanted:
        findings.extend(run_check(control_id, snapshot))
    return findings


def verdict(findings: Iterable[Finding], control_id: str) -> Status:
    """The worst status among one control's findings (governance.model.SEVERITY_ORDER:
    ERROR > FAIL > NOT_PROVABLE > WAIVED > PASS > N/A)."""
    statuses = {finding.status for finding in findings if finding.control_id == control_id}
    if not statuses:
        raise KeyError(f"no finding for control {control_id}")
    return worst(statuses)


# Register every check: every module of this package is loaded (for its @check functions).
for _module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    importlib.import_module(f"{__name__}.{_module.name}")
