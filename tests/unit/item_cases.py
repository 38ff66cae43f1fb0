"""The shape of an item's procedure cases: snapshots that a framework item's own audit
procedure (the ``audit`` text of the item in governance/catalog/frameworks/) judges
compliant and non-compliant.

Every control mapped to the item must PASS on each ``compliant`` snapshot and FAIL on each
``non_compliant`` one (tests/unit/test_item_procedures.py). A control stricter than the
item (a house rule) FAILs a compliant case and so cannot be mapped to it; a looser one
PASSes a non-compliant case. Cases are collected from ``ITEM_CASES`` in the modules
``tests/unit/items_*.py`` (tests/unit/unit_cases.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from governance.model import AccountSnapshot

Make = Callable[[], AccountSnapshot]


@dataclass(frozen=True)
class ItemCase:
    """``compliant`` and ``non_compliant``: (case name, make snapshot) pairs, each as the
    item's audit procedure reads it (name the procedure step a case exercises)."""

    compliant: list[tuple[str, Make]] = field(default_factory=list)
    non_compliant: list[tuple[str, Make]] = field(default_factory=list)
