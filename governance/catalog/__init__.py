"""The control catalog: one TOML file per control under ``controls/``, validated on load.

The catalog drives everything else: which checks must exist, which tests are
generated, what the reports list and which framework items each control answers.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from enum import StrEnum
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

CONTROL_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
VERIFY_ONLY = "verify-only"


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFORMATIONAL = "informational"


class Scope(StrEnum):
    ACCOUNT = "account"
    REGION = "region"


class FrameworkIds(BaseModel):
    """The framework items a control answers, by framework key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    acct: tuple[str, ...] = ()
    partner_checklist: tuple[str, ...] = ()
    cis_aws_v3: tuple[str, ...] = ()
    cis_aws_v4: tuple[str, ...] = ()
    cis_aws_v5: tuple[str, ...] = ()
    cis_aws_v6: tuple[str, ...] = ()
    cis_aws_v7: tuple[str, ...] = ()
    securityhub: tuple[str, ...] = ()
    config_rule: tuple[str, ...] = ()
    ftr: tuple[str, ...] = ()

    @field_validator("acct")
    @classmethod
    def _acct(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            if not re.fullmatch(r"ACCT-00[12]", item):
                raise ValueError(f"{item!r} is not ACCT-001 or ACCT-002")
        return value

    @field_validator("partner_checklist")
    @classmethod
    def _partner_checklist(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(value) > 1:  # one requirement per control: a change flips one item only
            raise ValueError(f"{', '.join(value)}: a control answers one checklist item at most")
        for item in value:
            if not re.fullmatch(r"ACCT-00[12]\.\d+", item):
                raise ValueError(f"{item!r} is not a checklist item such as ACCT-001.1")
        return value

    @field_validator("cis_aws_v3", "cis_aws_v4", "cis_aws_v5", "cis_aws_v6", "cis_aws_v7")
    @classmethod
    def _cis(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            if not re.fullmatch(r"[1-6](\.\d+){1,2}", item):
                raise ValueError(f"{item!r} is not a CIS AWS Foundations item number")
        return value

    @field_validator("securityhub")
    @classmethod
    def _securityhub(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            if not re.fullmatch(r"[A-Za-z0-9]+\.\d+", item):
                raise ValueError(f"{item!r} is not a Security Hub control id such as IAM.7")
        return value

    @field_validator("config_rule")
    @classmethod
    def _config_rule(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", item):
                raise ValueError(f"{item!r} is not an AWS Config managed rule name")
        return value

    def items(self) -> Iterable[tuple[str, str]]:
        """(framework key, item id) pairs."""
        for key in type(self).model_fields:
            for item in getattr(self, key):
                yield key, item


class Control(BaseModel):
    """Metadata of one governance control."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str = Field(min_length=10)
    severity: Severity
    rationale: str = Field(min_length=20)
    remediation: str = Field(min_length=20)
    scope: Scope = Scope.ACCOUNT
    implemented_by: str = Field(
        description="terraform/modules/<name> that implements it, or 'verify-only'"
    )
    frameworks: FrameworkIds = FrameworkIds()
    emulator_gap: str = Field(
        default="",
        description="why an emulator (moto) cannot prove this control on live state, and "
                    "how it is proved instead; empty when it can",
    )
    organization_only: bool = Field(
        default=False,
        description="judged only from an organization's management (or delegated "
                    "administrator) account, NOT_APPLICABLE in any other: a single-account "
                    "audit of another account leaves it out unless asked for "
                    "(governance.selection.single_account_controls)",
    )

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not CONTROL_ID.fullmatch(value):
            raise ValueError(f"control id {value!r} must be lowercase words joined by '-'")
        return value


class CatalogError(ValueError):
    """A catalog file is malformed."""


def load_controls() -> dict[str, Control]:
    """Every control of the catalog, sorted by id; raises CatalogError on a bad file."""
    controls: dict[str, Control] = {}
    folder = resources.files(__package__).joinpath("controls")
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".toml"):
            continue
        try:
            control = Control.model_validate(tomllib.loads(entry.read_text(encoding="utf-8")))
        except ValidationError as error:  # one line per file: each field and what is wrong
            problems = "; ".join(f"{'.'.join(map(str, problem['loc']))}: {problem['msg']}"
                                 for problem in error.errors())
            raise CatalogError(f"catalog file {entry.name}: {problems}") from error
        except (tomllib.TOMLDecodeError, ValueError) as error:
            raise CatalogError(f"catalog file {entry.name}: "
                               f"{' '.join(str(error).split())}") from error
        if entry.name != f"{control.id}.toml":
            raise CatalogError(f"catalog file {entry.name} holds control {control.id!r}")
        controls[control.id] = control
    return dict(sorted(controls.items()))


@cache
def catalog() -> dict[str, Control]:
    """The loaded catalog (cached), with the ids a later framework edition takes over
    unchanged (``same_as`` in frameworks/cis_aws_v4.toml ... cis_aws_v7.toml, followed through
    every edition) added to each control."""
    from governance.catalog.frameworks import derived_framework_ids

    derived = derived_framework_ids()
    controls = {}
    for control_id, control in load_controls().items():
        extra: dict[str, list[str]] = {}
        for key, item in control.frameworks.items():
            for later_key, later_item in derived.get((key, item), []):
                taken = extra.setdefault(later_key, [])
                if later_item not in getattr(control.frameworks, later_key) + tuple(taken):
                    taken.append(later_item)
        extra = {key: items for key, items in extra.items() if items}
        if extra:
            ids = control.frameworks.model_dump()
            ids.update({key: tuple(ids[key]) + tuple(items) for key, items in extra.items()})
            control = control.model_copy(update={"frameworks": FrameworkIds(**ids)})
        controls[control_id] = control
    return controls


def controls_implemented_by(module: str) -> list[Control]:
    return [control for control in catalog().values() if control.implemented_by == module]
