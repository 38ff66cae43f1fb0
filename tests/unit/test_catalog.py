"""Catalog meta-tests: every control is well-formed, checked, implemented and tested."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.catalog import VERIFY_ONLY, CatalogError, Control, catalog, load_controls
from governance.checks import REGISTRY

ROOT = Path(__file__).resolve().parents[2]


def test_catalog_loads_and_is_sorted():
    controls = load_controls()
    assert controls
    assert list(controls) == sorted(controls)


def test_every_control_has_a_check_and_every_check_a_control():
    assert sorted(REGISTRY) == sorted(catalog())


@pytest.mark.parametrize("control_id", sorted(catalog()))
def test_control_is_implemented_by_a_module_or_verify_only(control_id):
    module = catalog()[control_id].implemented_by
    assert module == VERIFY_ONLY or (ROOT / "terraform" / "modules" / module / "main.tf").is_file()


@pytest.mark.parametrize("control_id", sorted(catalog()))
def test_control_answers_at_least_one_framework_item(control_id):
    assert list(catalog()[control_id].frameworks.items())


@pytest.mark.parametrize(("field", "value", "message"), [
    ("id", "Bad_Id", "lowercase words"),
    ("frameworks", {"cis_aws_v3": ["one.two"]}, "not a CIS"),
    ("frameworks", {"acct": ["ACCT-009"]}, "not ACCT-001 or ACCT-002"),
    ("frameworks", {"nist": ["AC-2"]}, "Extra inputs are not permitted"),
    ("severity", "urgent", "severity"),
])
def test_malformed_control_metadata_is_refused(field, value, message):
    good = catalog()["iam-password-policy-strong"].model_dump()
    with pytest.raises(ValueError, match=message):
        Control.model_validate({**good, field: value})


def test_a_malformed_catalog_file_names_the_file(tmp_path, monkeypatch):
    import governance.catalog as module

    folder = tmp_path / "controls"
    folder.mkdir()
    (folder / "broken.toml").write_text('id = "broken"\ntitle = 3\n')
    monkeypatch.setattr(module.resources, "files", lambda _: tmp_path)
    with pytest.raises(CatalogError, match=r"catalog file broken\.toml"):
        load_controls()


def _collected(folder: str, pattern: str, name: str) -> dict[str, object]:
    """Union of the dicts named ``name`` in the test modules tests/<folder>/<pattern>."""
    import importlib

    found: dict[str, object] = {}
    for path in sorted((ROOT / "tests" / folder).glob(pattern)):
        module = importlib.import_module(f"tests.{folder}.{path.stem}")
        found.update(getattr(module, name, {}))
    return found


def test_every_control_has_pass_and_fail_cases_on_snapshots():
    assert sorted(_collected("unit", "test_*_checks.py", "FAIL_CASES")) == sorted(catalog())
    assert sorted(_collected("unit", "test_*_checks.py", "PASS_CASES")) == sorted(catalog())


def test_every_control_has_pass_and_fail_on_live_state():
    """Seeded moto accounts through the CLI (SEEDED) or drift on an applied stack (DRIFTS)."""
    live = set(_collected("seeded", "test_*.py", "SEEDED")) | set(
        _collected("apply", "test_*.py", "DRIFTS"))
    assert sorted(set(catalog()) - live) == []


def test_every_framework_id_of_a_control_is_a_known_framework_item():
    from governance.catalog.frameworks import frameworks

    unknown = [f"{control.id}: {key} {item}" for control in catalog().values()
               for key, item in control.frameworks.items()
               if key in frameworks() and frameworks()[key].item(item) is None]
    assert unknown == []


def test_every_framework_item_maps_to_a_control_or_is_marked_manual():
    from governance.catalog.frameworks import frameworks

    answered = {(key, item) for control in catalog().values()
                for key, item in control.frameworks.items()}
    orphans = [f"{key} {item.id}" for key, framework in frameworks().items()
               for item in framework.items
               if not item.manual and not item.uncovered and (key, item.id) not in answered]
    assert orphans == []
    for framework in frameworks().values():
        for item in framework.items:
            assert not item.manual or item.note, f"{item.id} is manual without a note"
            assert not (item.uncovered and (framework.key, item.id) in answered), (
                f"{framework.key} {item.id} is uncovered but a control answers it")


def test_a_later_edition_borrows_only_items_whose_procedure_is_unchanged():
    """cis_aws_v4 items with same_as take the v3.0.0 item's controls; the others are mapped
    explicitly, manual, or uncovered with the reason."""
    from governance.catalog.frameworks import frameworks

    v3, v4 = frameworks()["cis_aws_v3"], frameworks()["cis_aws_v4"]
    for item in v4.items:
        if item.same_as:
            earlier = v3.item(item.same_as)
            assert earlier is not None and earlier.manual == item.manual, item.id
            assert sorted(c.id for c in catalog().values() if item.id in c.frameworks.cis_aws_v4
                          ) == sorted(c.id for c in catalog().values()
                                      if item.same_as in c.frameworks.cis_aws_v3), item.id
    assert v4.item("2.1.1").uncovered and not [
        c.id for c in catalog().values() if "2.1.1" in c.frameworks.cis_aws_v4]
