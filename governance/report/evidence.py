"""The evidence report an auditor reads: per framework, each requirement, its controls'
status and evidence. Markdown and a self-contained HTML page (jinja2)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from governance.catalog import Control, catalog
from governance.catalog.frameworks import frameworks
from governance.model import AccountSnapshot, Finding, ReadFailed, Status
from governance.report.redact import redact, redact_text

STATUS_ORDER = [Status.ERROR, Status.FAIL, Status.PASS, Status.NOT_APPLICABLE]


@dataclass
class ControlResult:
    control: Control
    status: Status
    findings: list[Finding]

    @property
    def evidence_lines(self) -> list[str]:
        lines = []
        for finding in self.findings:
            where = finding.region if finding.resource == "account" else \
                f"{finding.region} {finding.resource}"
            lines.append(f"[{finding.status.value}] {where}: {redact_text(finding.reason)}")
        return lines

    @property
    def evidence_json(self) -> str:
        merged = [redact(finding.evidence) for finding in self.findings if finding.evidence]
        return json.dumps(merged[0] if len(merged) == 1 else merged, indent=1, sort_keys=True,
                          default=str)[:4000]


@dataclass
class Requirement:
    id: str
    title: str
    manual: bool
    note: str
    results: list[ControlResult] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.manual and not self.results:
            return "MANUAL"
        if not self.results:
            return "NOT_ASSESSED"
        statuses = {result.status for result in self.results}
        return next(s.value for s in STATUS_ORDER if s in statuses)


@dataclass
class FrameworkSection:
    key: str
    name: str
    requirements: list[Requirement]

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(requirement.status for requirement in self.requirements))


def build_report(findings: Iterable[Finding], snapshot: AccountSnapshot) -> dict[str, Any]:
    """Everything the templates show, as plain objects."""
    by_control: dict[str, list[Finding]] = {}
    for finding in findings:
        by_control.setdefault(finding.control_id, []).append(finding)
    results = {
        control_id: ControlResult(catalog()[control_id],
                                  next(s for s in STATUS_ORDER
                                       if s in {f.status for f in found}), found)
        for control_id, found in by_control.items()
    }
    sections = []
    for key, framework in frameworks().items():
        requirements = []
        for item in framework.items:
            answering = [result for control_id, result in sorted(results.items())
                         if item.id in getattr(result.control.frameworks, key)]
            requirements.append(Requirement(item.id, item.title, item.manual, item.note,
                                            answering))
        sections.append(FrameworkSection(key, framework.name, requirements))
    try:
        aliases = snapshot.get("iam:ListAccountAliases") or []
    except ReadFailed:
        aliases = []
    totals = Counter(result.status.value for result in results.values())
    emulator_gaps = [results[c] for c in sorted(results) if snapshot.emulator_endpoint
                     and results[c].control.emulator_gap]
    verify_only = [results[c] for c in sorted(results)
                   if results[c].control.implemented_by == "verify-only"]
    return {
        "account_id": snapshot.account_id,
        "account_alias": ", ".join(aliases) or "(none)",
        "caller_arn": snapshot.caller_arn,
        "collected_at": snapshot.collected_at,
        "regions": snapshot.regions,
        "totals": dict(totals),
        "controls": [results[control_id] for control_id in sorted(results)],
        "sections": sections,
        "emulator_endpoint": snapshot.emulator_endpoint,
        "emulator_gaps": emulator_gaps,
        "verify_only": verify_only,
    }


def _environment() -> Environment:
    return Environment(loader=PackageLoader("governance.report", "templates"),
                       autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def render_markdown(findings: Iterable[Finding], snapshot: AccountSnapshot) -> str:
    return _environment().get_template("evidence.md.j2").render(
        **build_report(findings, snapshot))


def render_html(findings: Iterable[Finding], snapshot: AccountSnapshot) -> str:
    return _environment().get_template("evidence.html.j2").render(
        **build_report(findings, snapshot))
