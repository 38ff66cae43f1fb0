"""The partner checklist (ACCT-001.1 ... ACCT-002.8) and FTR as frameworks of one verdict per
requirement: coverage, one item per control, the coarse ACCT mapping kept, verdicts per item
from hand-made findings, the ``--framework`` names, and an FTR control to flip each FTR item.
The same on moto: tests/seeded/test_partner_checklist.py."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pytest

from governance.catalog import CatalogError, Control, catalog, load_controls
from governance.catalog.frameworks import frameworks
from governance.cli.main import main
from governance.cli.options import select_controls
from governance.model import Finding, Status
from governance.verdicts import (
    NOT_ASSESSED,
    FrameworkKeyError,
    item_verdicts,
    parse_framework_filter,
)

ROOT = Path(__file__).resolve().parents[2]
CHECKLIST = "partner_checklist"
# Controls of the checklist without the coarse ACCT item of their requirement, and why.
NOT_IN_ACCT = {
    "root-mfa-enabled-or-password-removed":
        "the CIS v5.0.0 procedure (a removed root password counts as protected), which the "
        "checklist's ACCT-001.1 audit describes; the coarse ACCT-001 keeps root-mfa-enabled",
}


def _controls_of(key: str) -> dict[str, list[str]]:
    """Item id -> the controls answering it."""
    answering: dict[str, list[str]] = {}
    for control in catalog().values():
        for item in getattr(control.frameworks, key):
            answering.setdefault(item, []).append(control.id)
    return answering


def _checklist_controls() -> list[str]:
    return sorted(c.id for c in catalog().values() if c.frameworks.partner_checklist)


def _automated_ftr() -> list[str]:
    return [item.id for item in frameworks()["ftr"].items if not item.manual]


def _passing(control_ids: list[str]) -> list[Finding]:
    return [Finding(control_id, Status.PASS, "holds") for control_id in control_ids]


def test_checklist_items_are_the_sixteen_requirements_in_order():
    ids = [item.id for item in frameworks()[CHECKLIST].items]
    assert ids == [f"ACCT-00{part}.{n}" for part in (1, 2) for n in range(1, 9)]
    rows = item_verdicts([], [CHECKLIST])[CHECKLIST]
    assert [row.item_id for row in rows] == ids  # reports follow the checklist's order


def test_every_non_manual_checklist_item_has_a_control():
    answered = _controls_of(CHECKLIST)
    orphans = [item.id for item in frameworks()[CHECKLIST].items
               if not item.manual and not answered.get(item.id)]
    assert orphans == []


def test_every_control_answers_one_checklist_item_at_most():
    assert {c.id: c.frameworks.partner_checklist for c in catalog().values()
            if len(c.frameworks.partner_checklist) > 1} == {}


def test_a_control_answering_two_checklist_items_is_refused_in_one_line(tmp_path, monkeypatch):
    good = catalog()["roles-limited-session"].model_dump()
    two = {**good, "frameworks": {**good["frameworks"],
                                  CHECKLIST: ["ACCT-002.4", "ACCT-002.6"]}}
    with pytest.raises(pydantic.ValidationError) as refused:
        Control.model_validate(two)
    messages = [error["msg"] for error in refused.value.errors()]
    assert messages == ["Value error, ACCT-002.4, ACCT-002.6: a control answers one checklist "
                        "item at most"]
    # the catalog file that says so is named
    import governance.catalog as module

    text = (ROOT / "governance/catalog/controls/roles-limited-session.toml").read_text()
    assert 'partner_checklist = ["ACCT-002.4"]' in text
    folder = tmp_path / "controls"
    folder.mkdir()
    (folder / "roles-limited-session.toml").write_text(text.replace(
        'partner_checklist = ["ACCT-002.4"]', 'partner_checklist = ["ACCT-002.4", "ACCT-002.6"]'))
    monkeypatch.setattr(module.resources, "files", lambda _: tmp_path)
    with pytest.raises(CatalogError, match=r"(?s)catalog file roles-limited-session\.toml: .*"
                       r"ACCT-002\.4, ACCT-002\.6: a control answers one checklist item at most"):
        load_controls()


@pytest.mark.parametrize("bad", ["ACCT-003.1", "ACCT-001", "acct-001.1"])
def test_a_checklist_id_of_the_wrong_shape_is_refused(bad):
    good = catalog()["roles-limited-session"].model_dump()
    with pytest.raises(ValueError, match=r"is not a checklist item such as ACCT-001\.1"):
        Control.model_validate({**good, "frameworks": {**good["frameworks"], CHECKLIST: [bad]}})


def test_checklist_controls_keep_the_coarse_acct_item_of_their_requirement():
    """A control of requirement ACCT-001.x still answers the coarse ACCT-001 (ACCT-002.y:
    ACCT-002), so the acct framework keeps its verdicts; NOT_IN_ACCT names the exceptions."""
    wrong = {}
    for control_id in _checklist_controls():
        control = catalog()[control_id]
        parent = control.frameworks.partner_checklist[0].split(".")[0]
        expected = () if control_id in NOT_IN_ACCT else (parent,)
        if control.frameworks.acct != expected:
            wrong[control_id] = control.frameworks.acct
    assert wrong == {}
    assert set(NOT_IN_ACCT) <= set(_checklist_controls())
    acct = {row.item_id: row.controls for row in item_verdicts([], ["acct"])["acct"]}
    for control_id in set(_checklist_controls()) - set(NOT_IN_ACCT):
        parent = catalog()[control_id].frameworks.partner_checklist[0].split(".")[0]
        assert control_id in acct[parent]


@pytest.mark.parametrize("control_id", _checklist_controls())
def test_a_failing_control_fails_only_its_checklist_item(control_id):
    controls = _checklist_controls()
    findings = [Finding(c, Status.FAIL if c == control_id else Status.PASS,
                        "broken" if c == control_id else "holds") for c in controls]
    rows = item_verdicts(findings, [CHECKLIST])[CHECKLIST]
    item = catalog()[control_id].frameworks.partner_checklist[0]
    assert {row.item_id: row.status for row in rows} == {
        row.item_id: "FAIL" if row.item_id == item else "PASS" for row in rows}
    failing = next(row for row in rows if row.item_id == item)
    assert control_id in failing.controls
    assert [f.control_id for f in failing.findings if f.status is Status.FAIL] == [control_id]


def test_an_item_is_judged_only_by_its_own_controls():
    """Findings of ACCT-001.4's controls only: that item has a verdict, the others are not
    assessed (no finding of theirs), however many findings the audit has."""
    trail = _controls_of(CHECKLIST)["ACCT-001.4"]
    rows = item_verdicts(_passing(trail), [CHECKLIST])[CHECKLIST]
    assert {row.item_id: row.status for row in rows} == {
        row.item_id: "PASS" if row.item_id == "ACCT-001.4" else NOT_ASSESSED for row in rows}
    assert sorted(next(r for r in rows if r.item_id == "ACCT-001.4").controls) == sorted(trail)


@pytest.mark.parametrize(("text", "expected"), [
    ("partner_checklist:ACCT-001.4", (CHECKLIST, "ACCT-001.4")),
    ("ACCT-001.4", (CHECKLIST, "ACCT-001.4")),
    ("partner_checklist", (CHECKLIST, "")),
    ("ACCT-001", ("acct", "ACCT-001")),  # the coarse item stays its own framework's
])
def test_framework_filter_names_checklist_items(text, expected):
    assert parse_framework_filter(text) == expected


def test_framework_filter_selects_the_controls_of_one_requirement():
    assert select_controls(None, ["partner_checklist:ACCT-001.4"]) == sorted(
        _controls_of(CHECKLIST)["ACCT-001.4"])
    assert select_controls(None, ["ACCT-002.8"]) == sorted(_controls_of(CHECKLIST)["ACCT-002.8"])


def test_an_unknown_checklist_item_is_a_one_line_framework_key_error(capsys):
    with pytest.raises(FrameworkKeyError) as refused:
        parse_framework_filter("partner_checklist:ACCT-009.1")
    assert str(refused.value) == "'ACCT-009.1' is not an item of partner_checklist"
    assert main(["audit", "--framework", "partner_checklist:ACCT-009.1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "error: --framework: 'ACCT-009.1' is not an item of partner_checklist"


@pytest.mark.parametrize("item", _automated_ftr())
def test_every_automated_ftr_item_has_a_control_answering_it_alone(item):
    """So one change flips that FTR item only (tests/seeded/test_partner_checklist.py does it
    on moto); a control answering two FTR items (iam-unused-credentials-disabled: IAM-002 and
    IAM-007) cannot be the one."""
    alone = [control_id for control_id in _controls_of("ftr").get(item, [])
             if catalog()[control_id].frameworks.ftr == (item,)]
    assert alone, f"no control answers FTR {item} alone"
    everything = sorted({c for controls in _controls_of("ftr").values() for c in controls})
    findings = [Finding(c, Status.FAIL if c == alone[0] else Status.PASS, "x") for c in everything]
    rows = item_verdicts(findings, ["ftr"])["ftr"]
    assert {row.item_id: row.status for row in rows if row.status != "MANUAL"} == {
        ftr_item: "FAIL" if ftr_item == item else "PASS" for ftr_item in _automated_ftr()}
