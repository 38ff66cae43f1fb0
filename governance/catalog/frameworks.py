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

REPORTED_FRAMEWORKS = ("acct", "cis_aws_v3", "ftr")


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


class Framework(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    name: str
    items: tuple[FrameworkItem, ...]

    def item(self, item_id: str) -> FrameworkItem | None:
        return next((item for item in self.items if item.id == item_id), None)


@cache
def frameworks() -> dict[str, Framework]:
    """The reported frameworks, by key (acct, cis_aws_v3, ftr)."""
    folder = resources.files(__package__).joinpath("frameworks")
    loaded = {}
    for key in REPORTED_FRAMEWORKS:
        text = folder.joinpath(f"{key}.toml").read_text(encoding="utf-8")
        framework = Framework.model_validate(tomllib.loads(text))
        if framework.key != key:
            raise ValueError(f"frameworks/{key}.toml declares key {framework.key!r}")
        loaded[key] = framework
    return loaded
