"""The CIS AWS Foundations editions (governance/catalog/frameworks/cis_aws_v3.toml ...
cis_aws_v7.toml) as the benchmark publishes them, and the ``same_as`` chain between them.

The counts, statuses, levels and changed items are pinned from Prowler 5.46.0's
prowler/compliance/aws/cis_{3.0,4.0,5.0,6.0,7.0}_aws.json (Requirements[].Id, Description,
Attributes[0].AssessmentStatus / Profile / AuditProcedure), checked against the catalog
when it was written; the Security Hub CSPM list is its CIS v5.0.0 standard
(/work/shared/CIS-VERSIONS.md). Each rule is a function returning the problems it finds,
proven here on the catalog (none) and on a deliberately broken copy (found).
"""

from __future__ import annotations

from importlib import resources
from itertools import pairwise

import pytest

from governance.catalog import catalog
from governance.catalog.frameworks import (
    EARLIER_EDITION,
    NEWEST_CIS,
    REPORTED_FRAMEWORKS,
    Framework,
    FrameworkItem,
    frameworks,
)

EDITIONS = ("cis_aws_v3", "cis_aws_v4", "cis_aws_v5", "cis_aws_v6", "cis_aws_v7")

# key: (version, items, Automated, Level 1, sections)
SHAPE = {
    "cis_aws_v3": ("v3.0.0", 62, 54, 42, {"1", "2", "3", "4", "5"}),
    "cis_aws_v4": ("v4.0.1", 64, 37, 42, {"1", "2", "3", "4", "5"}),
    "cis_aws_v5": ("v5.0.0", 63, 35, 41, {"1", "2", "3", "4", "5"}),
    "cis_aws_v6": ("v6.0.0", 63, 35, 41, {"2", "3", "4", "5", "6"}),
    "cis_aws_v7": ("v7.0.0", 70, 34, 41, {"2", "3", "4", "5", "6"}),
}

# Items whose title, Automated/Manual status or audit procedure changed from the previous
# edition, or that are new: they have no same_as (every other item has one).
CHANGED = {
    "cis_aws_v5": {"1.4", "1.5",  # root MFA: also passes with the root password removed
                   "1.19",  # retitled External Access Analyzer, console path External Access
                   "3.1", "3.4", "4.1",  # Automated -> Manual, audit text unchanged
                   "4.10",  # the filter pattern adds ModifySecurityGroupRules
                   "5.1.2"},  # Manual -> Automated, the query tests ToPort 445
    "cis_aws_v6": {"2.19"},  # list-analyzers --type ORGANIZATION
    "cis_aws_v7": {"2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.1.5", "2.1.6", "2.21", "4.10", "6.8",
                   "2.2"},  # new items; 2.2 retitled "Maintain current AWS account contact details"
}
# Of those, the ones whose audit text is the previous item's word for word (a status flip or
# a retitle): (item, previous item).
SAME_AUDIT = {"cis_aws_v5": {"3.1": "3.1", "3.4": "3.4", "4.1": "4.1"},
              "cis_aws_v7": {"2.2": "2.1"}}

# Security Hub CSPM's CIS v5.0.0 standard: requirement -> controls.
SECURITYHUB_V5 = {
    "1.2": ("Account.1",), "1.3": ("IAM.4",), "1.4": ("IAM.9",), "1.5": ("IAM.6",),
    "1.7": ("IAM.15",), "1.8": ("IAM.16",), "1.9": ("IAM.5",), "1.11": ("IAM.22",),
    "1.13": ("IAM.3",), "1.14": ("IAM.2",), "1.16": ("IAM.18",), "1.18": ("IAM.26",),
    "1.19": ("IAM.28",), "1.21": ("IAM.27",),
    "2.1.1": ("S3.5",), "2.1.2": ("S3.20",), "2.1.4": ("S3.1", "S3.8"), "2.2.1": ("RDS.3",),
    "2.2.2": ("RDS.13",), "2.2.3": ("RDS.2",), "2.2.4": ("RDS.5", "RDS.15"),
    "2.3.1": ("EFS.1", "EFS.8"),
    "3.1": ("CloudTrail.1",), "3.2": ("CloudTrail.4",), "3.3": ("Config.1",),
    "3.4": ("CloudTrail.7",), "3.5": ("CloudTrail.2",), "3.6": ("KMS.4",), "3.7": ("EC2.6",),
    "3.8": ("S3.22",), "3.9": ("S3.23",),
    "5.1.1": ("EC2.7",), "5.2": ("EC2.21",), "5.3": ("EC2.53",), "5.4": ("EC2.54",),
    "5.5": ("EC2.2",), "5.7": ("EC2.8",),
}


def _number(item_id: str) -> list[int]:
    return [int(part) for part in item_id.split(".")]


def _title(text: str) -> str:
    """Quotes around a term ("*:*", "least access") are typography, not a retitle."""
    return text.replace('"', "")


def _answering(key: str, item_id: str) -> list[str]:
    return sorted(c.id for c in catalog().values() if item_id in getattr(c.frameworks, key))


def shape_problems(framework: Framework) -> list[str]:
    version, total, automated, level1, sections = SHAPE[framework.key]
    items = framework.items
    ids = [item.id for item in items]
    problems = []
    if framework.version != version or version not in framework.name:
        problems.append(f"version {framework.version!r} / name {framework.name!r}")
    if not framework.published:
        problems.append("no published date")
    if ids != sorted(ids, key=_number) or len(set(ids)) != len(ids):
        problems.append("ids not unique and in numeric order")
    if {item_id.split(".")[0] for item_id in ids} != sections:
        problems.append("sections")
    counts = (len(items), sum(i.assessment == "Automated" for i in items),
              sum(i.level == 1 for i in items))
    if counts != (total, automated, level1):
        problems.append(f"items/Automated/Level 1 {counts} != {(total, automated, level1)}")
    problems += [f"{i.id}: no assessment or level" for i in items if not i.assessment or not i.level]
    problems += [f"{i.id}: no audit" for i in items if not i.audit]
    problems += [f"{i.id}: CURATE left" for i in items
                 if "CURATE" in f"{i.audit} {i.note} {i.uncovered}"]
    problems += [f"{i.id}: manual without a note" for i in items if i.manual and not i.note]
    problems += [f"{i.id}: uncovered but the benchmark marks it Manual" for i in items
                 if i.uncovered and i.assessment != "Automated"]
    problems += [f"{i.id}: both manual and uncovered" for i in items if i.manual and i.uncovered]
    return problems


def same_as_problems(later: Framework, earlier: Framework) -> list[str]:
    """same_as names an item of the previous edition with the same assessment; from v5.0.0
    on also the same title (quotes aside) and the very same audit text; and it is set on
    every item not in CHANGED, and on none in it."""
    problems = []
    changed = CHANGED.get(later.key, set())
    for item in later.items:
        if not item.same_as:
            if later.key in CHANGED and item.id not in changed:
                problems.append(f"{item.id}: no same_as, but nothing changed")
            continue
        target = earlier.item(item.same_as)
        if target is None:
            problems.append(f"{item.id}: same_as {item.same_as} is not an item of {earlier.key}")
            continue
        if item.id in changed:
            problems.append(f"{item.id}: changed since {earlier.key} but same_as {item.same_as}")
        if target.assessment != item.assessment:
            problems.append(f"{item.id}: {item.assessment}, same_as {target.id} {target.assessment}")
        if later.key != "cis_aws_v4":  # v3.0.0 and v4.0.1 texts were worded apart
            if _title(target.title) != _title(item.title):
                problems.append(f"{item.id}: title differs from {target.id}")
            if target.audit != item.audit:
                problems.append(f"{item.id}: audit differs from {target.id}")
    return problems


@pytest.mark.parametrize("key", EDITIONS)
def test_edition_is_complete_as_published(key):
    assert shape_problems(frameworks()[key]) == []


@pytest.mark.parametrize("key", EDITIONS[1:])
def test_same_as_chain_is_exactly_where_nothing_changed(key):
    assert same_as_problems(frameworks()[key], frameworks()[EARLIER_EDITION[key]]) == []


@pytest.mark.parametrize("key", ("cis_aws_v5", "cis_aws_v6", "cis_aws_v7"))
def test_changed_items_are_curated(key):
    """Every changed item is present, has its own audit, and the audit of one whose
    procedure text is unchanged is the previous item's, word for word."""
    framework, earlier = frameworks()[key], frameworks()[EARLIER_EDITION[key]]
    for item_id in CHANGED[key]:
        assert framework.item(item_id) is not None, item_id
    for item_id, earlier_id in SAME_AUDIT.get(key, {}).items():
        assert framework.item(item_id).audit == earlier.item(earlier_id).audit, item_id


def test_what_the_changed_procedures_demand_is_in_the_audit_text():
    v5, v6 = frameworks()["cis_aws_v5"], frameworks()["cis_aws_v6"]
    assert "AccountPasswordPresent 0" in v5.item("1.4").audit
    assert "password_enabled FALSE" in v5.item("1.4").audit
    assert "AccountPasswordPresent is 1" in v5.item("1.5").audit
    assert "External Access" in v5.item("1.19").audit and "External" in v5.item("1.19").title
    assert "ModifySecurityGroupRules" in v5.item("4.10").audit
    assert "ModifySecurityGroupRules" not in frameworks()["cis_aws_v4"].item("4.10").audit
    assert "ToPort 445" in v5.item("5.1.2").audit
    assert "--type ORGANIZATION" in v6.item("2.19").audit
    assert "--type ORGANIZATION" not in v5.item("1.19").audit
    assert frameworks()["cis_aws_v7"].item("2.2").title == "Maintain current AWS account contact details"


def test_renumbered_items_point_at_their_predecessors():
    same = {key: {item.id: item.same_as for item in frameworks()[key].items}
            for key in ("cis_aws_v5", "cis_aws_v6", "cis_aws_v7")}
    # v5.0.0 drops 1.3 (security questions): IAM 1.4-1.22 become 1.3-1.21
    assert same["cis_aws_v5"]["1.3"] == "1.4" and same["cis_aws_v5"]["1.21"] == "1.22"
    assert same["cis_aws_v5"]["5.1.1"] == "5.1.1" and same["cis_aws_v5"]["2.3.1"] == "2.3.1"
    # v6.0.0: every section number one higher, the rest of the id unchanged
    for item_id, earlier in same["cis_aws_v6"].items():
        if earlier:
            first, _, rest = item_id.partition(".")
            assert earlier == f"{int(first) - 1}.{rest}", item_id
    # v7.0.0 drops v6.0.0 2.10 and 2.12 and adds 2.1.x: the IAM ids shift again
    assert same["cis_aws_v7"]["2.4"] == "2.3" and same["cis_aws_v7"]["2.11"] == "2.11"
    assert same["cis_aws_v7"]["2.12"] == "2.13" and same["cis_aws_v7"]["2.20"] == "2.21"
    assert same["cis_aws_v7"]["2.14"] == "2.15"  # title quotes "*:*" only
    assert same["cis_aws_v7"]["6.6"] == "6.6" and same["cis_aws_v7"]["6.7"] == "6.7"
    assert same["cis_aws_v6"]["2.10"] == "1.10" and same["cis_aws_v6"]["2.12"] == "1.12"
    carried = set(same["cis_aws_v7"].values()) - {""}
    assert {"2.10", "2.12"} & carried == set()


def test_security_hub_controls_are_its_cis_v5_standard():
    v5 = frameworks()["cis_aws_v5"]
    found = {item.id: item.securityhub for item in v5.items if item.securityhub}
    assert found == SECURITYHUB_V5
    assert len(found) == 37 and sum(len(ids) for ids in found.values()) == 40
    assert not [item_id for item_id in found if item_id.startswith("4.")]
    for key in ("cis_aws_v3", "cis_aws_v4", "cis_aws_v6", "cis_aws_v7"):
        assert not [item.id for item in frameworks()[key].items if item.securityhub], key


def test_manual_means_no_control_judges_the_item():
    for key in EDITIONS:
        judged_manual = [item.id for item in frameworks()[key].items
                         if item.manual and _answering(key, item.id)]
        assert judged_manual == [], key


def test_decisions_on_manual_items():
    """Manual in the benchmark but judged by the tool (its procedure read whole), or manual
    because a person must judge: as the catalog decided, edition by edition."""
    v4, v5, v7 = (frameworks()[key] for key in ("cis_aws_v4", "cis_aws_v5", "cis_aws_v7"))
    for framework, ids in ((v5, ("3.1", "3.4")), (frameworks()["cis_aws_v7"], ("4.1", "4.4"))):
        for item_id in ids:
            item = framework.item(item_id)
            assert item.assessment == "Manual" and not item.manual, item_id
            assert "Manual since v5.0.0" in item.note and "unchanged" in item.note, item_id
    assert v4.item("1.6").assessment == "Manual" and not v4.item("1.6").manual
    for item_id in ("2.1.3", "2.1.4", "2.2", "3.1.2", "3.1.3", "3.2.4", "6.6"):
        assert v7.item(item_id).manual and v7.item(item_id).note, item_id
    for item_id in ("2.1.1", "2.1.2", "2.1.5", "2.1.6", "2.21", "4.10", "6.8"):
        item = v7.item(item_id)
        assert item.assessment == "Manual" and not item.manual and not item.uncovered, item_id


@pytest.mark.parametrize(("key", "section"), [("cis_aws_v4", "4"), ("cis_aws_v5", "4"),
                                              ("cis_aws_v6", "5"), ("cis_aws_v7", "5")])
def test_monitoring_items_are_judged_on_the_cloudwatch_path(key, section):
    """4.1-4.15 (v6.0.0 on: 5.1-5.15) begin 'If you are using CloudTrail trails and
    CloudWatch': judged on that path, with the item waiver named for another solution."""
    framework = frameworks()[key]
    for n in range(1, 16):
        item = framework.item(f"{section}.{n}")
        assert not item.manual and not item.uncovered, item.id
        assert item.audit.startswith("if CloudTrail trails and CloudWatch are used"), item.id
        if item.assessment == "Manual":
            assert f'item = "{key}:{item.id}"' in item.note, item.id
        assert _answering(key, item.id), f"{key} {item.id}: no control"


def test_the_v4_security_group_control_does_not_answer_the_changed_v5_item():
    assert "metric-alarm-security-group-changes" in _answering("cis_aws_v4", "4.10")
    for key, item_id in (("cis_aws_v5", "4.10"), ("cis_aws_v6", "5.10"), ("cis_aws_v7", "5.10")):
        assert "metric-alarm-security-group-changes" not in _answering(key, item_id)


def test_every_edition_is_reported_newest_first():
    assert [key for key in REPORTED_FRAMEWORKS if key.startswith("cis_")] == list(reversed(EDITIONS))
    assert EDITIONS[-1] == NEWEST_CIS
    assert list(EARLIER_EDITION) == list(EDITIONS[1:])
    assert all(EARLIER_EDITION[later] == earlier for earlier, later in pairwise(EDITIONS))


def test_no_framework_file_says_curate():
    folder = resources.files("governance.catalog").joinpath("frameworks")
    for key in EDITIONS:
        assert "CURATE" not in folder.joinpath(f"{key}.toml").read_text(encoding="utf-8"), key


# -- the rules catch a broken map -------------------------------------------------------


def _with(framework: Framework, item_id: str, **changes: object) -> Framework:
    items = tuple(item.model_copy(update=changes) if item.id == item_id else item
                  for item in framework.items)
    return framework.model_copy(update={"items": items})


def _without(framework: Framework, item_id: str) -> Framework:
    return framework.model_copy(update={"items": tuple(
        item for item in framework.items if item.id != item_id)})


@pytest.mark.parametrize(("key", "break_it", "expected"), [
    ("cis_aws_v5", lambda f: _with(f, "1.3", same_as="1.5"), "1.3: title differs from 1.5"),
    ("cis_aws_v5", lambda f: _with(f, "1.3", same_as="1.99"), "1.99 is not an item"),
    ("cis_aws_v5", lambda f: _with(f, "1.4", same_as="1.5"), "1.4: changed since"),
    ("cis_aws_v5", lambda f: _with(f, "1.7", same_as=""), "1.7: no same_as, but nothing"),
    ("cis_aws_v6", lambda f: _with(f, "2.3", audit=f.item("2.3").audit + " (edited)"),
     "2.3: audit differs from 1.3"),
    ("cis_aws_v7", lambda f: _with(f, "2.2", same_as="2.1"), "2.2: changed since"),
    ("cis_aws_v5", lambda f: _with(f, "4.2", assessment="Automated"), "4.2: Automated, same_as"),
])
def test_same_as_rule_finds_a_broken_map(key, break_it, expected):
    broken = break_it(frameworks()[key])
    problems = same_as_problems(broken, frameworks()[EARLIER_EDITION[key]])
    assert [p for p in problems if expected in p], problems


@pytest.mark.parametrize(("break_it", "expected"), [
    (lambda f: _with(f, "2.5", audit="CURATE: later"), "2.5: CURATE left"),
    (lambda f: _with(f, "2.5", assessment="Manual"), "items/Automated/Level 1"),
    (lambda f: _with(f, "2.5", level=2), "items/Automated/Level 1"),
    (lambda f: _without(f, "6.8"), "items/Automated/Level 1"),
    (lambda f: _with(f, "2.1.3", note=""), "2.1.3: manual without a note"),
    (lambda f: _with(f, "2.1.3", uncovered="x"), "2.1.3: uncovered but the benchmark"),
    (lambda f: f.model_copy(update={"published": ""}), "no published date"),
    (lambda f: f.model_copy(update={"items": (*f.items[1:], f.items[0])}), "numeric order"),
    (lambda f: f.model_copy(update={"items": (*f.items, FrameworkItem(
        id="7.1", title="Ensure a seventh section", audit="x", assessment="Manual", level=1))}),
     "sections"),
])
def test_shape_rule_finds_a_broken_edition(break_it, expected):
    problems = shape_problems(break_it(frameworks()["cis_aws_v7"]))
    assert [p for p in problems if expected in p], problems
