"""Every unit case of every control, collected from the non-test modules of tests/unit.

``check_cases``: the ``FAIL_CASES`` / ``PASS_CASES`` of tests/unit/cases_*.py (each bound to
its verdict tests by tests/unit/test_<area>_checks.py). ``ITEM_CASES``: the framework item
cases of tests/unit/items_*.py, a later edition's item read by the cases of the earlier item
it continues (``same_as`` or ``SAME_PROCEDURE``); ``item_runs``: each (item, mapped control,
case) to judge. Read by tests/unit/test_item_procedures.py, test_catalog.py,
test_error_per_read.py and tests/support/control_reads.py; never imports a test module.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from governance.catalog import catalog
from governance.catalog.frameworks import EARLIER_EDITION, frameworks
from tests.unit.item_cases import ItemCase

HERE = Path(__file__).parent


def check_cases(table: str) -> dict[str, list[tuple[Any, ...]]]:
    """Control id -> its cases in the ``table`` (FAIL_CASES or PASS_CASES) of every
    tests/unit/cases_*.py; a control's cases live in one module only."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    for path in sorted(HERE.glob("cases_*.py")):
        cases = getattr(importlib.import_module(f"tests.unit.{path.stem}"), table)
        twice = sorted(set(found) & set(cases))
        if twice:
            raise ValueError(f"{path.stem} repeats the {table} of {twice}")
        found.update(cases)
    return found


CHECKED_FRAMEWORKS = ("cis_aws_v3", "cis_aws_v4", "cis_aws_v5", "cis_aws_v6", "cis_aws_v7")

# Items without ``same_as`` that a control answers by an explicit mapping because their
# procedure (what is read and what passes) is the earlier edition's item's: they are read by
# that item's cases. Each entry says why; tests/unit/test_item_procedures.py
# (test_same_procedure_borrowing_is_explicit) checks it.
# (v4.0.1 3.1 has cases of its own, tests/unit/items_cis_v5.py: it also reads advanced
# selectors.)
SAME_PROCEDURE: dict[tuple[str, str], tuple[tuple[str, str], str]] = {
    ("cis_aws_v4", "1.6"): (("cis_aws_v3", "1.6"), "v4.0.1 marks it Manual; same procedure"),
    ("cis_aws_v4", "1.14"): (("cis_aws_v3", "1.14"), "v4.0.1 rewords the console steps; the "
                             "credential report test (each active key's last_rotated) is v3.0.0's"),
    ("cis_aws_v4", "3.3"): (("cis_aws_v3", "3.3"), "v4.0.1 says 'every recorder allSupported, at "
                            "least one with global types': with one recorder per region, as AWS "
                            "allows, that is v3.0.0's 'a recorder with both'; both say the console's "
                            "global-resources box is needed in one region only"),
    **{("cis_aws_v4", f"4.{n}"): (("cis_aws_v3", f"4.{n}"), "v4.0.1 prefixes 'If you are using "
                                  "CloudTrail trails and CloudWatch' (4.2-4.15 Manual); the filter "
                                  "pattern, alarm and subscriber test is v3.0.0's")
       for n in range(1, 16)},
    ("cis_aws_v5", "3.1"): (("cis_aws_v4", "3.1"), "v5.0.0 marks it Manual; audit text unchanged"),
    ("cis_aws_v5", "3.4"): (("cis_aws_v4", "3.4"), "v5.0.0 marks it Manual; audit text unchanged"),
    ("cis_aws_v5", "4.1"): (("cis_aws_v4", "4.1"), "v5.0.0 marks it Manual; audit text unchanged"),
}


def item_cases_in(modules: list[str] | None = None) -> dict[tuple[str, str], ItemCase]:
    """ITEM_CASES of every tests/unit/items_*.py; an item's cases live in one module only."""
    found: dict[tuple[str, str], ItemCase] = {}
    for stem in modules or sorted(path.stem for path in HERE.glob("items_*.py")):
        cases = importlib.import_module(f"tests.unit.{stem}").ITEM_CASES
        twice = sorted(set(found) & set(cases))
        if twice:
            raise ValueError(f"{stem} repeats the cases of {twice}")
        found.update(cases)
    return found


def with_later_editions(cases: dict[tuple[str, str], ItemCase]) -> dict[tuple[str, str], ItemCase]:
    """A later edition's item is read by the cases of the earlier item it continues: its
    ``same_as`` target (followed edition by edition, v3.0.0 -> v7.0.0) or its SAME_PROCEDURE
    entry. An item with cases of its own keeps them."""
    later = dict(cases)
    for key in CHECKED_FRAMEWORKS[1:]:
        earlier_key = EARLIER_EDITION[key]
        for item in frameworks()[key].items:
            if (key, item.id) in later or item.manual:
                continue
            source = ((earlier_key, item.same_as) if item.same_as
                      else SAME_PROCEDURE.get((key, item.id), (None, ""))[0])
            if source in later:
                later[(key, item.id)] = later[source]
    return later


ITEM_CASES = with_later_editions(item_cases_in())


def controls_of(key: str, item: str) -> list[str]:
    """The controls mapped to framework ``key``'s item ``item``."""
    return sorted(c.id for c in catalog().values() if item in getattr(c.frameworks, key))


def item_runs() -> list[tuple[str, str, str, str, bool, object]]:
    """(framework, item, mapped control, case name, compliant?, make snapshot) per run."""
    runs = []
    for (key, item), case in sorted(ITEM_CASES.items()):
        for control_id in controls_of(key, item):
            runs += [(key, item, control_id, name, True, make) for name, make in case.compliant]
            runs += [(key, item, control_id, name, False, make)
                     for name, make in case.non_compliant]
    return runs
