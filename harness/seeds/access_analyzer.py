"""IAM Access Analyzer analyzers of a sandbox account, as ListAnalyzers answers them (moto has
no accessanalyzer backend: harness.harness_moto.set_access_analyzers stands in)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, get_args

from harness.moto import set_access_analyzers

if TYPE_CHECKING:
    from harness.moto_sandbox import SandboxAccount

AnalyzerType = Literal["ACCOUNT", "ORGANIZATION", "ACCOUNT_UNUSED_ACCESS",
                       "ORGANIZATION_UNUSED_ACCESS"]
AnalyzerStatus = Literal["ACTIVE", "CREATING", "DISABLED", "FAILED"]


def checked_analyzer_type(kind: str) -> str:
    """``kind`` if it is an analyzer type AWS knows, else ValueError."""
    if kind not in get_args(AnalyzerType):
        raise ValueError(f"unknown analyzer type {kind!r}: one of {get_args(AnalyzerType)}")
    return kind


def analyzer(name: str, kind: AnalyzerType, status: AnalyzerStatus = "ACTIVE") -> dict[str, str]:
    """One analyzer as set_access_analyzers takes it."""
    if status not in get_args(AnalyzerStatus):
        raise ValueError(f"unknown analyzer status {status!r}: one of {get_args(AnalyzerStatus)}")
    return {"name": name, "type": checked_analyzer_type(kind), "status": status}


def active_analyzers(*analyzers: tuple[str, AnalyzerType]) -> Callable[[SandboxAccount], None]:
    """A seed giving the account's region these ACTIVE analyzers, as (name, type) pairs."""
    made = [analyzer(name, kind) for name, kind in analyzers]

    def seed(account: SandboxAccount) -> None:
        set_access_analyzers(account.account_id, account.region, made)

    return seed
