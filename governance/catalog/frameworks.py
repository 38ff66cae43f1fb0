"""Framework items (the partner checklist, ACCT, CIS AWS Foundations v3.0.0 to v7.0.0, FTR):
id and requirement text.

One TOML file per framework under ``frameworks/``; the evidence report lists, per
framework, every item with the controls that answer it. An item no control can check
(a manual process, such as CIS 1.3 security questions) says so with ``manual`` and a note.
A later CIS edition's item whose title, status and procedure are unchanged names its
predecessor (``same_as``) and takes its controls. The names a user may give a framework
(:func:`framework_names`, ``FRAMEWORK_ALIASES``: ``cis`` is the newest edition) are here too,
for the exceptions file and the verdicts alike.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# In the order reports show them: the newest CIS edition first.
REPORTED_FRAMEWORKS = ("cis_aws_v7", "cis_aws_v6", "cis_aws_v5", "cis_aws_v4", "cis_aws_v3",
                       "partner_checklist", "acct", "ftr")
# A later edition and the earlier one its ``same_as`` items point to, oldest step first.
EARLIER_EDITION = {"cis_aws_v4": "cis_aws_v3", "cis_aws_v5": "cis_aws_v4",
                   "cis_aws_v6": "cis_aws_v5", "cis_aws_v7": "cis_aws_v6"}
# What ``--framework cis`` means: the newest CIS edition.
NEWEST_CIS = "cis_aws_v7"
# Names a user may give instead of a framework key: ``cis`` is the newest CIS edition.
FRAMEWORK_ALIASES = {"cis": NEWEST_CIS}
# Frameworks without an item file: their items are the ids the controls name.
MAPPED_ONLY_FRAMEWORKS = {"securityhub": "AWS Security Hub controls",
                          "config_rule": "AWS Config managed rules"}


class FrameworkItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str = Field(min_length=5)
    manual: bool = False
    note: str = ""
    audit: str = Field(
        default="",
        description="the item's own audit procedure, in short: what it reads and what it "
                    "demands (for CIS, the benchmark's Audit section). A control mapped to "
                    "the item must implement this procedure, no stricter and no looser.",
    )
    same_as: str = Field(
        default="",
        description="for an item of a later edition: the id of the previous edition's item "
                    "(EARLIER_EDITION: cis_aws_v3 for cis_aws_v4 ... cis_aws_v6 for cis_aws_v7) "
                    "whose title, assessment status and audit procedure are unchanged, "
                    "so the controls mapped to that item answer this one too; empty otherwise",
    )
    assessment: Literal["", "Automated", "Manual"] = Field(
        default="",
        description="the benchmark's own assessment status (CIS: Automated or Manual), as "
                    "published; independent of ``manual``, which says that no control of this "
                    "tool judges the item",
    )
    level: Literal[0, 1, 2] = Field(
        default=0, description="the benchmark's profile (CIS Level 1 or 2); 0 where it has none")
    securityhub: tuple[str, ...] = Field(
        default=(),
        description="the AWS Security Hub CSPM controls that judge this item in Security Hub's "
                    "own standard for this edition (CIS v5.0.0), e.g. S3.5",
    )
    uncovered: str = Field(
        default="",
        description="why no control of this tool judges an automated item yet (e.g. its "
                    "procedure changed and no control implements the new one); the item is "
                    "reported NOT_ASSESSED with this reason, never borrowed from another item",
    )


class Framework(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    name: str
    version: str = Field(default="", description="the edition, e.g. v7.0.0")
    published: str = Field(
        default="", description="when the edition was published, as precisely as is known")
    items: tuple[FrameworkItem, ...]

    def item(self, item_id: str) -> FrameworkItem | None:
        return next((item for item in self.items if item.id == item_id), None)


@cache
def frameworks() -> dict[str, Framework]:
    """The reported frameworks, by key (REPORTED_FRAMEWORKS)."""
    folder = resources.files(__package__).joinpath("frameworks")
    loaded = {}
    for key in REPORTED_FRAMEWORKS:
        text = folder.joinpath(f"{key}.toml").read_text(encoding="utf-8")
        framework = Framework.model_validate(tomllib.loads(text))
        if framework.key != key:
            raise ValueError(f"frameworks/{key}.toml declares key {framework.key!r}")
        loaded[key] = framework
    return loaded


def framework_names() -> dict[str, str]:
    """Every framework key the catalog maps to, with its display name: the reported
    frameworks (their files), then the mapped-only ones (MAPPED_ONLY_FRAMEWORKS)."""
    names = {key: framework.name for key, framework in frameworks().items()}
    return {**names, **MAPPED_ONLY_FRAMEWORKS}


def derived_framework_ids() -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(framework key, item) -> [(later key, item)] for every ``same_as`` item, followed
    through every later edition (a v7.0.0 item borrowing a v6.0.0 item that borrows a v5.0.0
    one ...): the controls of the earlier item answer the later ones too
    (governance.catalog.catalog). An item mapped explicitly in an edition passes its
    controls on only through that edition's own ``same_as`` chain."""
    step: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key, earlier in EARLIER_EDITION.items():
        for item in frameworks()[key].items:
            if item.same_as:
                if frameworks()[earlier].item(item.same_as) is None:
                    raise ValueError(f"frameworks/{key}.toml {item.id}: same_as {item.same_as!r} "
                                     f"is not an item of {earlier}")
                step.setdefault((earlier, item.same_as), []).append((key, item.id))

    def later(source: tuple[str, str]) -> list[tuple[str, str]]:
        found = []
        for target in step.get(source, []):
            found += [target, *later(target)]
        return found

    return {source: later(source) for source in step}
