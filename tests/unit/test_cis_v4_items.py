"""CIS AWS Foundations v4.0.1 items (governance/catalog/frameworks/cis_aws_v4.toml): well
formed, complete, in numeric order, and ``same_as`` names real v3.0.0 items. Reported with
the other CIS editions (REPORTED_FRAMEWORKS); the rules every edition shares are in
tests/unit/test_cis_editions.py."""

from __future__ import annotations

import tomllib
from importlib import resources

from governance.catalog.frameworks import REPORTED_FRAMEWORKS, Framework, frameworks


def _v4() -> Framework:
    text = resources.files("governance.catalog").joinpath("frameworks/cis_aws_v4.toml").read_text(
        encoding="utf-8")
    return Framework.model_validate(tomllib.loads(text))


def _number(item_id: str) -> list[int]:
    return [int(part) for part in item_id.split(".")]


def test_v4_items_are_complete_and_in_numeric_order():
    v4 = _v4()
    assert v4.key == "cis_aws_v4" and "v4.0.1" in v4.name
    ids = [item.id for item in v4.items]
    assert ids == sorted(ids, key=_number) and len(ids) == len(set(ids)) == 64
    sections = {item_id.split(".")[0] for item_id in ids}
    assert sections == {"1", "2", "3", "4", "5"}
    assert all(item.audit for item in v4.items)
    assert all(item.note for item in v4.items if item.manual)
    assert "cis_aws_v4" in REPORTED_FRAMEWORKS


def test_same_as_names_a_v3_item():
    v3 = frameworks()["cis_aws_v3"]
    for item in _v4().items:
        if not item.same_as:
            continue
        earlier = v3.item(item.same_as)
        assert earlier is not None, f"{item.id}: same_as {item.same_as} is not a v3.0.0 item"


def test_renumbered_v4_items_point_at_their_v3_items():
    same = {item.id: item.same_as for item in _v4().items}
    assert same["2.2.1"] == "2.3.1" and same["2.3.1"] == "2.4.1" and same["5.1.1"] == "2.2.1"
    assert same["5.2"] == "5.1" and same["5.7"] == "5.6"
    assert same["2.1.1"] == "" and same["2.1.2"] == ""  # TLS-version alternative; now Manual
