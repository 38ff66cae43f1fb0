"""Each framework item is judged only by controls that implement its own audit procedure.

For every automated CIS item: the catalog carries the procedure (``audit``), and every
control mapped to the item PASSes each snapshot the procedure accepts and FAILs each one it
rejects (tests/unit/items_*.py). A stricter house rule mapped onto an item fails here on a
compliant case; a looser check, on a non-compliant one.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from governance.catalog import catalog
from governance.catalog.frameworks import frameworks
from governance.checks import run_check, verdict
from governance.model import Status
from tests.unit.item_cases import ItemCase

CHECKED_FRAMEWORKS = ("cis_aws_v3", "cis_aws_v4")


def _item_cases() -> dict[tuple[str, str], ItemCase]:
    found: dict[tuple[str, str], ItemCase] = {}
    for path in sorted(Path(__file__).parent.glob("items_*.py")):
        found.update(importlib.import_module(f"tests.unit.{path.stem}").ITEM_CASES)
    return found


def _with_later_editions(cases: dict[tuple[str, str], ItemCase]) -> dict[tuple[str, str], ItemCase]:
    """A v4.0.1 item whose procedure is unchanged (same_as) or matches the v3.0.0 item of
    the same number (mapped explicitly) is read by the same cases."""
    later = dict(cases)
    for item in frameworks()["cis_aws_v4"].items:
        earlier = ("cis_aws_v3", item.same_as or item.id)
        if ("cis_aws_v4", item.id) not in later and earlier in cases and not item.manual:
            later[("cis_aws_v4", item.id)] = cases[earlier]
    return later


ITEM_CASES = _with_later_editions(_item_cases())


def _controls_of(key: str, item: str) -> list[str]:
    return sorted(c.id for c in catalog().values() if item in getattr(c.frameworks, key))


def _automated_items() -> list[tuple[str, str]]:
    return [(key, item.id) for key in CHECKED_FRAMEWORKS for item in frameworks()[key].items
            if not item.manual and _controls_of(key, item.id)]


@pytest.mark.parametrize(("key", "item"), _automated_items(), ids=lambda v: v)
def test_every_automated_item_states_its_procedure_and_has_cases_both_ways(key, item):
    assert frameworks()[key].item(item).audit, f"{key} {item}: no audit procedure in the catalog"
    case = ITEM_CASES.get((key, item))
    assert case is not None, f"{key} {item}: no procedure cases in tests/unit/items_*.py"
    assert case.compliant and case.non_compliant


def _runs() -> list[tuple[str, str, str, str, bool, object]]:
    runs = []
    for (key, item), case in sorted(ITEM_CASES.items()):
        for control_id in _controls_of(key, item):
            runs += [(key, item, control_id, name, True, make) for name, make in case.compliant]
            runs += [(key, item, control_id, name, False, make)
                     for name, make in case.non_compliant]
    return runs


@pytest.mark.parametrize(("key", "item", "control_id", "case", "compliant", "make"), _runs(),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_mapped_control_follows_the_item_procedure(key, item, control_id, case, compliant, make):
    findings = run_check(control_id, make())
    expected = Status.PASS if compliant else Status.FAIL
    assert verdict(findings, control_id) is expected, (
        f"{control_id} is mapped to {key} {item} but judges '{case}' "
        f"{verdict(findings, control_id).value}, the procedure says {expected.value}: "
        + "; ".join(f.reason for f in findings))


def test_a_stricter_house_rule_mapped_onto_an_item_is_caught():
    """The meta-test's own proof: the deny-unless-MFA group rule (ACCT) judged as CIS 1.10
    FAILs the compliant 1.10 case, as the old mapping did."""
    case = ITEM_CASES[("cis_aws_v3", "1.10")]
    name, make = case.compliant[0]
    assert verdict(run_check("iam-human-groups-enforce-mfa", make()),
                   "iam-human-groups-enforce-mfa") is Status.FAIL, name
    strong = ITEM_CASES[("cis_aws_v3", "1.8")].compliant[0][1]()
    assert verdict(run_check("iam-password-policy-strong", strong),
                   "iam-password-policy-strong") is Status.FAIL
