"""Framework items (ACCT, CIS AWS Foundations v3.0, FTR): id and requirement text.

One TOML file per framework under ``frameworks/``; the evidence report lists, per
framework, every item with the controls that answer it. An item no control can check
(a manual process, such as CIS 1.3 security questions) says so with ``manual`` and a note.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

REPORTED_FRAMEWORKS = ("acct", "cis_aws_v3", "cis_aws_v4", "ftr")
# A later edition and the earlier one its ``same_as`` items point to.
EARLIER_EDITION = {"cis_aws_v4": "cis_aws_v3"}


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
        description="for an item of a later edition: the id of the earlier edition's item "
                    "(CIS v3.0.0 for cis_aws_v4) whose title and audit procedure are unchanged, "
                    "so the controls mapped to that item answer this one too; empty otherwise",
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
    items: tuple[FrameworkItem, ...]

    def item(self, item_id: str) -> FrameworkItem | None:
        return next((item for item in self.items if item.id == item_id), None)


@cache
def frameworks() -> dict[str, Framework]:
    """The reported frameworks, by key (acct, cis_aws_v3, cis_aws_v4, ftr)."""
    folder = resources.files(__package__).joinpath("frameworks")
    loaded = {}
    for key in REPORTED_FRAMEWORKS:
        text = folder.joinpath(f"{key}.toml").read_text(encoding="utf-8")
        framework = Framework.model_validate(tomllib.loads(text))
        if framework.key != key:
            raise ValueError(f"frameworks/{key}.toml declares key {framework.key!r}")
        loaded[key] = framework
    return loaded


def derived_framework_ids() -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(earlier framework key, item) -> [(later key, item)] for every ``same_as`` item: the
    controls of the earlier item answer the later one too (governance.catalog.catalog)."""
    derived: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key, earlier in EARLIER_EDITION.items():
        for item in frameworks()[key].items:
            if item.same_as:
                derived.setdefault((earlier, item.same_as), []).append((key, item.id))
    return derived
