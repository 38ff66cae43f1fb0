"""Verdicts per framework item: the unit an auditor reads.

A control is the unit of checking; a framework item (CIS v7.0.0 2.8, ACCT-002, Security Hub
IAM.15, ...) gets its verdict only from the controls mapped to it, which implement that
item's own audit procedure (tests/unit/test_item_procedures.py holds them to it). The
item's verdict is the worst status of those controls' findings; an item no control
answers is MANUAL (with the framework file's note) or NOT_ASSESSED (its controls were not
run, e.g. narrowed with --controls).

Frameworks come in ``REPORTED_FRAMEWORKS`` order (the newest CIS edition first), then the
mapped-only ones; what a user names (``--framework``) is resolved here (:func:`framework_key`,
:func:`parse_framework_filter`): ``cis`` is the newest CIS edition (``NEWEST_CIS``). The
names themselves (``framework_names``, ``FRAMEWORK_ALIASES``) live in
governance/catalog/frameworks.py, which the exceptions file reads too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from governance.catalog import catalog
from governance.catalog.frameworks import (
    FRAMEWORK_ALIASES,
    FrameworkItem,
    framework_names,
    frameworks,
)
from governance.exceptions import Waiver, waived
from governance.model import Finding, Status, worst

MANUAL = "MANUAL"
NOT_ASSESSED = "NOT_ASSESSED"


class FrameworkKeyError(ValueError):
    """A framework key or item a user named that is not one: one line, listing the keys."""


@dataclass
class ItemVerdict:
    framework: str
    item_id: str
    title: str
    status: str
    controls: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    note: str = ""
    # The benchmark's own view of the item (CIS: Automated/Manual, Level 1/2), apart from
    # ``status``, this tool's verdict: a Manual item may still be judged by a control.
    assessment: str = ""
    level: int = 0
    # Security Hub CSPM controls that judge the item in its own standard (CIS v5.0.0).
    securityhub: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"framework": self.framework, "item": self.item_id, "title": self.title,
                "status": self.status, "controls": self.controls, "note": self.note,
                "assessment": self.assessment or None, "level": self.level or None,
                "securityhub": list(self.securityhub)}


def _item_sort_key(item_id: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in
            item_id.replace("-", ".").split(".")]


def framework_key(name: str) -> str:
    """The framework key a user means: ``cis`` is the newest CIS edition (NEWEST_CIS), an
    edition key (``cis_aws_v3``) that edition; anything else is a FrameworkKeyError."""
    key = FRAMEWORK_ALIASES.get(name, name)
    if key not in framework_names():
        raise FrameworkKeyError(f"unknown framework {name!r}: choose from "
                                f"{', '.join([*FRAMEWORK_ALIASES, *framework_names()])}")
    return key


def _framework_item_ids(key: str) -> set[str]:
    """Every item id of ``key``: the framework file's, or for a mapped-only framework (Security
    Hub, Config rules) the ids the catalog's controls name."""
    if key in frameworks():
        return {item.id for item in frameworks()[key].items}
    return {item for control in catalog().values() for k, item in control.frameworks.items()
            if k == key}


def parse_framework_filter(text: str) -> tuple[str, str]:
    """(framework key, item id or "" for the whole framework) of one ``--framework`` value:
    a key (``cis``, ``cis_aws_v3``, ``acct``, ``securityhub``), ``KEY:ITEM`` (``cis:2.8``,
    ``cis_aws_v3:1.8``) or an item id that only one framework has (``ACCT-001``, ``IAM.7``).
    A bare CIS number (``1.8``) means different items in different editions: name the edition."""
    text = text.strip()
    if ":" in text:
        name, _, item_id = text.partition(":")
        key = framework_key(name)
        if item_id not in _framework_item_ids(key):
            raise FrameworkKeyError(f"{item_id!r} is not an item of {key}")
        return key, item_id
    if text in FRAMEWORK_ALIASES or text in framework_names():
        return framework_key(text), ""
    having = [key for key in framework_names() if text in _framework_item_ids(key)]
    if not having:
        raise FrameworkKeyError(f"{text!r} is neither a framework nor an item id; frameworks: "
                                f"{', '.join([*FRAMEWORK_ALIASES, *framework_names()])}")
    if len(having) > 1:
        raise FrameworkKeyError(f"item {text!r} is in several frameworks "
                                f"({', '.join(having)}): name one, e.g. {having[0]}:{text}")
    return having[0], text


def item_verdicts(findings: Iterable[Finding], framework_keys: Iterable[str] | None = None, *,
                  waivers: Iterable[Waiver] = (), account_id: str = "") -> dict[str, list[ItemVerdict]]:
    """Per framework key, every item with its verdict (items of the framework file in its
    order; for Security Hub and Config rules, the ids the controls name, sorted).

    ``waivers``: in-force exceptions; those naming an item (``cis_aws_v7:2.14``) turn the
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
            items = [(item, item.title) for item in frameworks()[key].items]
        else:  # the ids the controls name, titled by themselves
            ids = sorted({item for (k, item) in answering if k == key}, key=_item_sort_key)
            items = [(FrameworkItem(id=item_id, title=f"{key} {item_id}"), item_id)
                     for item_id in ids]
        rows = []
        for item, title in items:
            controls = sorted(answering.get((key, item.id), []))
            found = [f for control_id in controls for f in by_control.get(control_id, [])]
            for waiver in item_waivers.get(f"{key}:{item.id}", []):
                found = [waived(f, waiver) if waiver.covers(f, account_id) else f for f in found]
            # No finding: a manual item, or one not run / no control judges yet (``uncovered``).
            fallback = MANUAL if item.manual else NOT_ASSESSED
            status = worst(f.status for f in found).value if found else fallback
            rows.append(ItemVerdict(key, item.id, title, status, controls, found,
                                    item.uncovered or item.note, item.assessment, item.level,
                                    item.securityhub))
        verdicts[key] = rows
    return verdicts


def counts(rows: Iterable[ItemVerdict]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for row in rows:
        totals[row.status] = totals.get(row.status, 0) + 1
    return totals


__all__ = ["FRAMEWORK_ALIASES", "MANUAL", "NOT_ASSESSED", "FrameworkKeyError", "ItemVerdict",
           "Status", "counts", "framework_key", "framework_names", "item_verdicts",
           "parse_framework_filter"]
