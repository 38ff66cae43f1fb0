"""Verdicts per framework item: the unit an auditor reads.

A control is the unit of checking; a framework item (CIS 1.8, ACCT-002, Security Hub
IAM.15, ...) gets its verdict only from the controls mapped to it, which implement that
item's own audit procedure (tests/unit/test_item_procedures.py holds them to it). The
item's verdict is the worst status of those controls' findings; an item no control
answers is MANUAL (with the framework file's note) or NOT_ASSESSED (its controls were not
run, e.g. narrowed with --controls).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from governance.catalog import catalog
from governance.catalog.frameworks import frameworks
from governance.exceptions import Waiver, waived
from governance.model import Finding, Status, worst

MANUAL = "MANUAL"
NOT_ASSESSED = "NOT_ASSESSED"
# Frameworks without an item file: their items are the ids the controls name.
MAPPED_ONLY_FRAMEWORKS = {"securityhub": "AWS Security Hub controls",
                          "config_rule": "AWS Config managed rules"}


@dataclass
class ItemVerdict:
    framework: str
    item_id: str
    title: str
    status: str
    controls: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"framework": self.framework, "item": self.item_id, "title": self.title,
                "status": self.status, "controls": self.controls, "note": self.note}


def _item_sort_key(item_id: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in
            item_id.replace("-", ".").split(".")]


def framework_names() -> dict[str, str]:
    """Every framework key the catalog maps to, with its display name."""
    names = {key: framework.name for key, framework in frameworks().items()}
    return {**names, **MAPPED_ONLY_FRAMEWORKS}


def item_verdicts(findings: Iterable[Finding], framework_keys: Iterable[str] | None = None, *,
                  waivers: Iterable[Waiver] = (), account_id: str = "") -> dict[str, list[ItemVerdict]]:
    """Per framework key, every item with its verdict (items of the framework file in its
    order; for Security Hub and Config rules, the ids the controls name, sorted).

    ``waivers``: in-force exceptions; those naming an item (``cis_aws_v3:1.16``) turn the
    FAIL findings they cover WAIVED for that item's verdict only."""
    item_waivers: dict[str, list[Waiver]] = {}
    for waiver in waivers:
        if waiver.item:
            item_waivers.setdefault(waiver.item, []).append(waiver)
    by_control: dict[str, list[Finding]] = {}
    for finding in findings:
        by_control.setdefault(finding.control_id, []).append(finding)
    keys = list(framework_keys) if framework_keys is not None else list(framework_names())
    answering: dict[tuple[str, str], list[str]] = {}
    for control in catalog().values():
        for key, item in control.frameworks.items():
            answering.setdefault((key, item), []).append(control.id)
    verdicts: dict[str, list[ItemVerdict]] = {}
    for key in keys:
        if key in frameworks():
            items = [(item.id, item.title, item.manual, item.uncovered or item.note)
                     for item in frameworks()[key].items]
        else:
            ids = sorted({item for (k, item) in answering if k == key}, key=_item_sort_key)
            items = [(item_id, item_id, False, "") for item_id in ids]
        rows = []
        for item_id, title, manual, note in items:
            controls = sorted(answering.get((key, item_id), []))
            found = [f for control_id in controls for f in by_control.get(control_id, [])]
            for waiver in item_waivers.get(f"{key}:{item_id}", []):
                found = [waived(f, waiver) if waiver.covers(f, account_id) else f for f in found]
            # No finding: a manual item, or one not run / no control judges yet (``uncovered``).
            fallback = MANUAL if manual else NOT_ASSESSED
            status = worst(f.status for f in found).value if found else fallback
            rows.append(ItemVerdict(key, item_id, title, status, controls, found, note))
        verdicts[key] = rows
    return verdicts


def counts(rows: Iterable[ItemVerdict]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for row in rows:
        totals[row.status] = totals.get(row.status, 0) + 1
    return totals


__all__ = ["MANUAL", "NOT_ASSESSED", "ItemVerdict", "Status", "counts", "framework_names",
           "item_verdicts"]
