"""A terminal table of findings: control, status, reason."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterable

from governance.exceptions import Waiver
from governance.model import Finding, Status
from governance.report.rendering import framework_title, ordered_counts
from governance.verdicts import ItemVerdict, counts, item_verdicts

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
    """Per framework with an item file, in report order (the newest CIS edition first, then
    ACCT and FTR): its name with its version and its counts (worst first), then each item
    that was judged, with its verdict and the controls behind it."""
    from governance.catalog.frameworks import frameworks

    lines = []
    verdicts = item_verdicts(findings, frameworks(), waivers=waivers, account_id=account_id)
    for key, rows in verdicts.items():
        judged = [row for row in rows if row.findings]
        if not judged:
            continue
        lines.append(framework_headline(key, rows))
        lines += [f"  {row.item_id:<8} {row.status:<13} {', '.join(row.controls)}" for row in judged]
    return "\n".join(lines)


def framework_headline(key: str, rows: Iterable[ItemVerdict], *, published: bool = False) -> str:
    """"CIS ... Benchmark v7.0.0: 2 FAIL, 30 PASS, 38 NOT_ASSESSED": a framework's item
    verdicts, worst first (``published``: its publication date after its name)."""
    from governance.catalog.frameworks import frameworks

    framework = frameworks()[key]
    title = framework_title(framework.name, framework.version)
    if published and framework.published:
        title += f" (published {framework.published})"
    summary = ", ".join(f"{n} {status}" for status, n in ordered_counts(counts(rows)))
    return f"{title}: {summary}"


def newest_cis_line(findings: Iterable[Finding], *, waivers: Iterable[Waiver] = (),
                    account_id: str = "") -> str:
    """The newest CIS edition's headline with its publication date (what the demo prints
    under the evidence report): "CIS ... v7.0.0 (published before ...): 2 FAIL, 30 PASS"."""
    from governance.catalog.frameworks import NEWEST_CIS

    [rows] = item_verdicts(list(findings), [NEWEST_CIS], waivers=waivers,
                           account_id=account_id).values()
    return framework_headline(NEWEST_CIS, rows, published=True)


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
