"""A terminal table of findings: control, status, reason."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterable

from governance.exceptions import Waiver
from governance.model import Finding, Status
from governance.verdicts import counts, item_verdicts

MARKS = {Status.PASS: "PASS", Status.FAIL: "FAIL", Status.ERROR: "ERROR",
         Status.NOT_APPLICABLE: "N/A", Status.NOT_PROVABLE: "NOPROOF", Status.WAIVED: "WAIVED"}


def render_table(findings: Iterable[Finding], width: int | None = None, *,
                 waivers: Iterable[Waiver] = (), account_id: str = "",
                 items: bool = True, api_retries: int | None = None) -> str:
    """Findings, one row each; then (``items``) each framework item's verdict.
    ``api_retries``: the collector's retry count, shown under the counts when given."""
    rows = list(findings)
    text = _findings_table(rows, width)
    if api_retries is not None:
        text += f"\nAPI retries: {api_retries}"
    return text + ("\n\n" + render_items(rows, waivers=waivers, account_id=account_id)
                   if items and rows else "")


def render_items(findings: list[Finding], *, waivers: Iterable[Waiver] = (),
                 account_id: str = "") -> str:
    """Per framework with an item file (ACCT, CIS, FTR): its counts, then each item that was
    judged, with its verdict and the controls behind it."""
    from governance.catalog.frameworks import frameworks

    lines = []
    verdicts = item_verdicts(findings, frameworks(), waivers=waivers, account_id=account_id)
    for key, rows in verdicts.items():
        judged = [row for row in rows if row.findings]
        if not judged:
            continue
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts(rows).items()))
        lines.append(f"{frameworks()[key].name}: {summary}")
        lines += [f"  {row.item_id:<8} {row.status:<13} {', '.join(row.controls)}" for row in judged]
    return "\n".join(lines)


def _findings_table(rows: list[Finding], width: int | None) -> str:
    width = width or shutil.get_terminal_size((120, 20)).columns
    id_width = max([len("CONTROL"), *(len(f.control_id) for f in rows)])
    where_width = max([len("WHERE"), *(len(_where(f)) for f in rows)])
    reason_width = max(30, width - id_width - where_width - 12)
    lines = [f"{'CONTROL':<{id_width}}  {'STATUS':<6}  {'WHERE':<{where_width}}  EVIDENCE",
             "-" * min(width, id_width + where_width + reason_width + 12)]
    for finding in rows:
        wrapped = textwrap.wrap(finding.reason, reason_width) or [""]
        lines.append(f"{finding.control_id:<{id_width}}  {MARKS[finding.status]:<6}  "
                     f"{_where(finding):<{where_width}}  {wrapped[0]}")
        indent = " " * (id_width + where_width + 12)
        lines += [indent + more for more in wrapped[1:]]
    counts = {status: sum(1 for f in rows if f.status is status) for status in Status}
    lines.append("")
    lines.append(", ".join(f"{n} {MARKS[s]}" for s, n in counts.items() if n) or "no findings")
    return "\n".join(lines)


def _where(finding: Finding) -> str:
    return finding.region if finding.resource == "account" else \
        f"{finding.region}:{finding.resource}"
