"""Catalog meta-tests: every control is well-formed, checked, implemented and tested."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.catalog import VERIFY_ONLY, CatalogError, Control, catalog, load_controls
from governance.checks import REGISTRY
from tests.unit.unit_cases import check_cases

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
    assert sorted(check_cases("FAIL_CASES")) == sorted(catalog())
    assert sorted(check_cases("PASS_CASES")) == sorted(catalog())


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


def _answering(key: str, item: str) -> list[str]:
    return sorted(c.id for c in catalog().values() if item in getattr(c.frameworks, key))


@pytest.mark.parametrize("key", ["cis_aws_v4", "cis_aws_v5", "cis_aws_v6", "cis_aws_v7"])
def test_a_later_edition_borrows_only_items_whose_procedure_is_unchanged(key):
    """A later edition's ``same_as`` item takes the earlier item's controls (followed edition
    by edition), and only those, with its manual flag and its uncovered reason; the others
    are mapped explicitly, manual, or uncovered with the reason."""
    from governance.catalog.frameworks import EARLIER_EDITION, frameworks

    later, earlier = frameworks()[key], frameworks()[EARLIER_EDITION[key]]
    for item in later.items:
        if not item.same_as:
            continue
        target = earlier.item(item.same_as)
        assert target is not None, f"{key} {item.id}: same_as {item.same_as}"
        assert target.manual == item.manual, f"{key} {item.id}"
        assert bool(target.uncovered) == bool(item.uncovered), f"{key} {item.id}"
        assert _answering(key, item.id) == _answering(earlier.key, item.same_as), f"{key} {item.id}"


def test_items_whose_earlier_control_judges_otherwise_have_their_own_control():
    """v4.0.1 2.1.1 (TLS-version alternative), 3.8/3.9 (per trail) and 1.18 (now Automated),
    and the later items that carry them: judged by the control that implements the v4.0.1
    procedure, never by the v3.0.0 control that judges otherwise; no CIS item is uncovered."""
    from governance.catalog.frameworks import frameworks

    own = {"2.1.1": ("s3-bucket-policy-denies-insecure-transport", "s3-bucket-policy-denies-http"),
           "3.8": ("cloudtrail-every-trail-s3-data-events-write", "cloudtrail-s3-data-events-write"),
           "3.9": ("cloudtrail-every-trail-s3-data-events-read", "cloudtrail-s3-data-events-read"),
           "1.18": ("ec2-instances-use-instance-profiles", None)}
    carried = {v4_item: [("cis_aws_v4", v4_item)] for v4_item in own}
    for key in ("cis_aws_v5", "cis_aws_v6", "cis_aws_v7"):
        earlier = {ids[-1][1]: v4_item for v4_item, ids in carried.items()}
        for item in frameworks()[key].items:
            if item.same_as in earlier:
                carried[earlier[item.same_as]].append((key, item.id))
    assert {v4_item: [item for key, item in ids if key == "cis_aws_v7"]
            for v4_item, ids in carried.items()} == {
        "2.1.1": ["3.1.1"], "3.8": ["4.8"], "3.9": ["4.9"], "1.18": ["2.16"]}
    for v4_item, (control, v3_control) in own.items():
        assert len(carried[v4_item]) == 4, carried[v4_item]
        for key, item in carried[v4_item]:
            assert not frameworks()[key].item(item).uncovered, (key, item)
            assert _answering(key, item) == [control], (key, item)
        assert list(catalog()[control].frameworks.cis_aws_v4) == [v4_item]
        if v3_control:
            assert v4_item not in catalog()[v3_control].frameworks.cis_aws_v4
    for key in ("cis_aws_v3", "cis_aws_v4", "cis_aws_v5", "cis_aws_v6", "cis_aws_v7"):
        assert [i.id for i in frameworks()[key].items if i.uncovered] == [], key


def test_a_control_maps_a_carried_item_through_the_earliest_edition():
    """A control names the earliest edition's item; an item with ``same_as`` takes its
    controls from there, so mapping it explicitly too would hide which edition it answers."""
    from governance.catalog.frameworks import frameworks

    explicit = [f"{control.id}: {key} {item}" for control in load_controls().values()
                for key, item in control.frameworks.items()
                if key in frameworks() and (found := frameworks()[key].item(item)) is not None
                and found.same_as]
    assert explicit == []
