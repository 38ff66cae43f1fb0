"""The partner's evidence document for one account (``--format document``): what an auditor
used to get as console screenshots, as live values read in this run.

A cover (account, alias, who collected, when, from which endpoint, which regions, which
framework and benchmark versions, the checklist's verdicts), then one section per item of
the AWS Partner checklist (``frameworks/partner_checklist.toml``) in the file's order: its
verdict, the sentence of what was verified (the item's ``audit``), the findings of its
controls and its live values (governance/report/live_values/: read from the snapshot,
"not read in this run" where a read is missing). Then the exceptions in force (reason,
owner, expiry) and an appendix per reported framework (item, title, verdict).

Verdicts, waivers and totals come from :func:`governance.report.evidence.build_report` (one
computation for every report). The HTML is self-contained with a print stylesheet (A4, a
page per section); governance/report/pdf.py prints it with headless Chromium.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from governance.catalog.frameworks import frameworks
from governance.exceptions import Waiver
from governance.model import AccountSnapshot, Finding
from governance.report.evidence import FrameworkSection, Requirement, build_report
from governance.report.live_values import NOT_READ, TABLES, LiveTable
from governance.report.rendering import environment

DOCUMENT_FRAMEWORK = "partner_checklist"


@dataclass
class DocumentSection:
    """One checklist requirement: its verdict and findings (from the evidence report) and
    its live values."""

    requirement: Requirement
    tables: list[LiveTable]


def build_document(findings: Iterable[Finding], snapshot: AccountSnapshot, *,
                   waivers: Iterable[Waiver] = (), expired: Iterable[Waiver] = ()) -> dict[str, Any]:
    """Everything document.html.j2 shows, as plain objects."""
    report = build_report(findings, snapshot, waivers=waivers, expired=expired)
    sections: list[FrameworkSection] = report["sections"]
    checklist = next(section for section in sections if section.key == DOCUMENT_FRAMEWORK)
    framework = frameworks()[DOCUMENT_FRAMEWORK]
    requirements = [DocumentSection(requirement, TABLES.get(requirement.id, _no_tables)(
        snapshot, requirement)) for requirement in checklist.requirements]
    endpoint = (f"{snapshot.emulator_endpoint} (an emulator, not a real AWS account)"
                if snapshot.emulator_endpoint else "AWS (the SDK's default regional endpoints)")
    return {
        "title": framework.name,
        "framework_key": DOCUMENT_FRAMEWORK,
        "account_id": report["account_id"],
        "account_alias": report["account_alias"],
        "caller_arn": report["caller_arn"],
        "collected_at": report["collected_at"],
        "regions": report["regions"],
        "emulator_endpoint": report["emulator_endpoint"],
        "endpoint": endpoint,
        "credential_report": report["credential_report"],
        "totals": report["totals"],
        "checklist": checklist,
        "requirements": requirements,
        "frameworks": [{"key": s.key, "name": s.name, "version": s.version or "",
                        "published": s.published or "", "item_count": s.total} for s in sections],
        "appendix": sections,
        "waivers": report["waivers"],
        "expired_exceptions": report["expired_exceptions"],
        "not_read": NOT_READ,
        "wbr": breakable,
        "page_footer": css_string(f"Account {report['account_id']} · partner checklist evidence "
                                  f"· collected {report['collected_at']}"),
    }


def breakable(value: object) -> Markup:
    """``value`` escaped, with a line-break opportunity (``<wbr>``) after each ``:`` and ``/``:
    an ARN wraps at its separators in a narrow column, not at any letter, and a short word
    never splits (the cells wrap words only); copied text has no trace of it."""
    text = str(escape("" if value is None else value))
    return Markup(text.replace(":", ":<wbr>").replace("/", "/<wbr>"))


def css_string(text: str) -> str:
    """``text`` for the inside of a CSS string (the page footer): anything but letters,
    digits and a few plain signs as a CSS escape, so no quote, backslash or ``</style>``
    from a snapshot's values can end the string or the style element."""
    return "".join(char if char.isalnum() or char in " -:.+·_" else f"\\{ord(char):x} "
                   for char in text)


def _no_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    return []


def render_document(findings: Iterable[Finding], snapshot: AccountSnapshot, *,
                    waivers: Iterable[Waiver] = (), expired: Iterable[Waiver] = ()) -> str:
    """The evidence document as one self-contained HTML page (print it with
    governance.report.pdf.print_pdf)."""
    return environment().get_template("document.html.j2").render(
        **build_document(findings, snapshot, waivers=waivers, expired=expired))
