"""A terminal table of findings: control, status, reason."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterable

from governance.model import Finding, Status

MARKS = {Status.PASS: "PASS", Status.FAIL: "FAIL", Status.ERROR: "ERROR",
         Status.NOT_APPLICABLE: "N/A"}


def render_table(findings: Iterable[Finding], width: int | None = None) -> str:
    rows = list(findings)
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
