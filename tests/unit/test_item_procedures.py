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
from governance.catalog.frameworks import EARLIER_EDITION, frameworks
from governance.checks import run_check, verdict
from governance.model import Status
from tests.unit.item_cases import ItemCase

CHECKED_FRAMEWORKS = ("cis_aws_v3", "cis_aws_v4", "cis_aws_v5", "cis_aws_v6", "cis_aws_v7")

# Items without ``same_as`` that a control answers by an explicit mapping because their
# procedure (what is read and what passes) is the earlier edition's item's: they are read by
# that item's cases. Each entry says why; test_same_procedure_borrowing_is_explicit checks it.
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


def _item_cases(modules: list[str] | None = None) -> dict[tuple[str, str], ItemCase]:
    """ITEM_CASES of every tests/unit/items_*.py; an item's cases live in one module only."""
    found: dict[tuple[str, str], ItemCase] = {}
    for stem in modules or sorted(path.stem for path in Path(__file__).parent.glob("items_*.py")):
        cases = importlib.import_module(f"tests.unit.{stem}").ITEM_CASES
        twice = sorted(set(found) & set(cases))
        if twice:
            raise ValueError(f"{stem} repeats the cases of {twice}")
        found.update(cases)
    return found


def _with_later_editions(cases: dict[tuple[str, str], ItemCase]) -> dict[tuple[str, str], ItemCase]:
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
    controls = _controls_of(key, item_id)
    assert controls and set(controls) <= set(_controls_of(*source)), controls
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
        _item_cases(["items_cis_v3", "items_duplicate"])
