"""Each framework item is judged only by controls that implement its own audit procedure.

For every automated CIS item: the catalog carries the procedure (``audit``), and every
control mapped to the item PASSes each snapshot the procedure accepts and FAILs each one it
rejects (tests/unit/items_*.py). A stricter house rule mapped onto an item fails here on a
compliant case; a looser check, on a non-compliant one.
"""

from __future__ import annotations

import pytest

from governance.catalog.frameworks import EARLIER_EDITION, frameworks
from governance.checks import run_check, verdict
from governance.model import Status
from tests.unit.item_cases import ItemCase
from tests.unit.unit_cases import (
    CHECKED_FRAMEWORKS,
    ITEM_CASES,
    SAME_PROCEDURE,
    controls_of,
    item_cases_in,
    item_runs,
)


def _automated_items() -> list[tuple[str, str]]:
    return [(key, item.id) for key in CHECKED_FRAMEWORKS for item in frameworks()[key].items
            if not item.manual and controls_of(key, item.id)]


@pytest.mark.parametrize(("key", "item"), _automated_items(), ids=lambda v: v)
def test_every_automated_item_states_its_procedure_and_has_cases_both_ways(key, item):
    assert frameworks()[key].item(item).audit, f"{key} {item}: no audit procedure in the catalog"
    case = ITEM_CASES.get((key, item))
    assert case is not None, f"{key} {item}: no procedure cases in tests/unit/items_*.py"
    assert case.compliant and case.non_compliant


@pytest.mark.parametrize(("key", "item", "control_id", "case", "compliant", "make"), item_runs(),
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


def _title(text: str) -> str:
    """A title as the editions compare it: quotes around a term ("*:*") are typography."""
    return text.replace('"', "")


@pytest.mark.parametrize(("later", "source"), sorted(
    (later, source) for later, (source, _) in SAME_PROCEDURE.items()), ids=str)
def test_same_procedure_borrowing_is_explicit(later, source):
    """An entry borrows only between consecutive editions, for an item without same_as that
    a control answers explicitly, from an item with cases that the same controls answer."""
    key, item_id = later
    item, earlier = frameworks()[key].item(item_id), frameworks()[source[0]].item(source[1])
    assert item is not None and earlier is not None
    assert EARLIER_EDITION[key] == source[0]
    assert not item.same_as and not item.manual and not item.uncovered
    if key == "cis_aws_v4":
        # v3.0.0 and v4.0.1 titles and audits are worded apart (v4.0.1 4.3 "usage of the 'root'
        # account"); these items keep their v3.0.0 numbers.
        assert item_id == source[1]
    else:  # later editions carry the text: the same title and the same audit
        assert _title(item.title) == _title(earlier.title)
        assert item.audit == earlier.audit
    controls = controls_of(key, item_id)
    assert controls and set(controls) <= set(controls_of(*source)), controls
    assert SAME_PROCEDURE[later][1]
    assert ITEM_CASES[later] is ITEM_CASES[source]


def test_later_editions_borrow_by_continuity_never_by_number():
    """v5.0.0 1.4 (root MFA, password removed allowed) is v4.0.1 1.5, not v4.0.1 1.4 (root
    access keys); a renumbered item takes its own predecessor's cases."""
    assert ITEM_CASES[("cis_aws_v5", "1.3")] is ITEM_CASES[("cis_aws_v3", "1.4")]
    assert ITEM_CASES.get(("cis_aws_v5", "1.4")) is not ITEM_CASES[("cis_aws_v4", "1.4")]
    assert ITEM_CASES[("cis_aws_v7", "2.4")] is ITEM_CASES[("cis_aws_v3", "1.4")]
    assert ITEM_CASES[("cis_aws_v7", "4.1")] is ITEM_CASES[("cis_aws_v4", "3.1")]
    assert ITEM_CASES[("cis_aws_v7", "5.3")] is ITEM_CASES[("cis_aws_v3", "4.3")]
    assert ("cis_aws_v7", "2.1.3") not in ITEM_CASES  # manual: nothing to borrow


def test_item_cases_are_defined_once(monkeypatch):
    """Two modules with cases for one item would let the later silently win."""
    import sys
    import types

    duplicate = types.ModuleType("tests.unit.items_duplicate")
    duplicate.ITEM_CASES = {("cis_aws_v3", "1.8"): ItemCase()}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tests.unit.items_duplicate", duplicate)
    with pytest.raises(ValueError, match=r"items_duplicate repeats the cases of \[\('cis_aws_v3', '1.8'\)\]"):
        item_cases_in(["items_cis_v3", "items_duplicate"])
