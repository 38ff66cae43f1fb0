"""The pieces every live-value table is built of: :class:`Reads` (the snapshot's reads for
one table, noting each that was not read), :class:`Missing` (a value not read, shown as
:data:`NOT_READ`), :class:`LiveTable`, the cell formatting (:func:`cell`, :func:`lines`, IAM's
flags and report dates) and :func:`regional_rows`, the shape of every per-region table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from governance.checks.root import CREDENTIAL_REPORT_TIME
from governance.model import AccountSnapshot, ReadFailed
from governance.report.redact import redact_text

NOT_READ = "not read in this run"
ROOT_USER = "<root_account>"
LIST_LIMIT = 12  # names shown in one cell before "(+N more)"


@dataclass(frozen=True)
class Missing:
    """A value this run did not read: the read failed, was not made, or lacks the entry."""

    api: str
    region: str | None
    reason: str

    def __str__(self) -> str:
        return NOT_READ

    @property
    def line(self) -> str:
        """``api in region: reason`` (a snapshot's reason already ending "in <region>" loses
        that ending: the region is said once, after the API)."""
        if not self.region:
            return f"{self.api}: {self.reason}"
        return f"{self.api} in {self.region}: {self.reason.removesuffix(f' in {self.region}')}"


@dataclass
class LiveTable:
    """Live values of one requirement: ``rows`` of cells under ``columns``; ``fields`` is a
    two-column (field, value) table of one resource. ``missing``: why some cell (or, with
    ``not_read``, the whole table) shows NOT_READ."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    fields: bool = False
    note: str = ""
    empty: str = "none"
    missing: list[str] = field(default_factory=list)
    not_read: bool = False


class Reads:
    """Snapshot reads for one table, noting each one that was not read."""

    def __init__(self, snapshot: AccountSnapshot) -> None:
        self.snapshot = snapshot
        self.missing: list[Missing] = []

    def __call__(self, api: str, region: str | None = None) -> Any:
        """The read's data, or a :class:`Missing` (noted)."""
        try:
            return self.snapshot.get(api, region)
        except ReadFailed as error:
            return self.note(Missing(api, region, redact_text(error.reason)))

    def note(self, missing: Missing) -> Missing:
        if missing not in self.missing:
            self.missing.append(missing)
        return missing

    def entry(self, api: str, region: str | None, key: str, what: str) -> Any:
        """One resource's entry in a per-resource read (``{key: data}``) of ``region``."""
        if region is not None and region not in self.snapshot.regions:
            return self.note(Missing(api, region, f"{region} was not audited in this run"))
        data = self(api, region)
        if isinstance(data, Missing):
            return data
        if not isinstance(data, dict) or key not in data:
            return self.note(Missing(api, region, f"the read holds no entry for {what}"))
        return data[key]

    def table(self, key: str, title: str, columns: list[str], rows: list[list[Any]],
              **options: Any) -> LiveTable:
        return LiveTable(key, title, columns, [[cell(value) for value in row] for row in rows],
                         missing=[m.line for m in self.missing], **options)

    def unread(self, key: str, title: str, columns: list[str], **options: Any) -> LiveTable:
        return LiveTable(key, title, columns, missing=[m.line for m in self.missing],
                         not_read=True, **options)


def cell(value: Any) -> str:
    """A value as the document shows it: NOT_READ for a missing read, ``none`` for nothing
    set, yes/no, a list joined (long ones cut with a count); credentials redacted."""
    if isinstance(value, Missing):
        return NOT_READ
    if value is None or value == "" or value == []:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        shown = [cell(item) for item in value[:LIST_LIMIT]]
        more = f" (+{len(value) - LIST_LIMIT} more)" if len(value) > LIST_LIMIT else ""
        return ", ".join(shown) + more
    return redact_text(str(value))


def lines(values: Any) -> Any:
    """Several values in one cell, one a line (a Missing or an empty list as cell shows it)."""
    if isinstance(values, Missing | str) or not values:
        return values
    shown = [cell(value) for value in values[:LIST_LIMIT]]
    if len(values) > LIST_LIMIT:
        shown.append(f"(+{len(values) - LIST_LIMIT} more)")
    return "\n".join(shown)


def flag(value: Any) -> Any:
    """A credential-report or account-summary flag ("true", 1) as yes/no; others as they are."""
    if isinstance(value, Missing) or value is None:
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    text = str(value).lower()
    return {"true": True, "false": False}.get(text, value)


def report_value(value: Any) -> Any:
    """A credential-report date: N/A and no_information are IAM's words for none."""
    return "none" if value in ("N/A", "no_information") else value


def credential_rows(reads: Reads) -> Any:
    return reads("iam:GetCredentialReport")


def report_generated(reads: Reads) -> Any:
    data = reads(CREDENTIAL_REPORT_TIME)
    if isinstance(data, Missing) or data is None:
        return data
    return data.get("GeneratedTime")


def regional_rows(reads: Reads, api: str, width: int,
                  rows_of: Callable[[str, list[Any]], list[list[Any]]], *,
                  label: Callable[[str], str] = str,
                  unread_row: Callable[[str, Missing], list[Any]] | None = None
                  ) -> list[list[Any]]:
    """The rows of a per-region table of ``width`` columns. In each audited region the list
    ``api`` is read: a read not made gives one row, the region's ``label`` then the Missing
    in every other cell (or ``unread_row(region, missing)``); else ``rows_of(region,
    entries)``, which may read per entry (``reads.entry(..., key)``)."""
    rows: list[list[Any]] = []
    for region in reads.snapshot.regions:
        data = reads(api, region)
        if isinstance(data, Missing):
            rows.append(unread_row(region, data) if unread_row
                        else [label(region), *[data] * (width - 1)])
        else:
            rows += rows_of(region, data or [])
    return rows
