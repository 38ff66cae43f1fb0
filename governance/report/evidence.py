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
from governance.exceptions import Waiver
from governance.model import AccountSnapshot, Finding, ReadFailed, Status, worst
from governance.report.redact import redact, redact_text
from governance.verdicts import ItemVerdict, item_verdicts


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
    """One framework item: its verdict (governance.verdicts) and the controls behind it."""

    id: str
    title: str
    manual: bool
    note: str
    status: str
    audit: str = ""
    results: list[ControlResult] = field(default_factory=list)


@dataclass
class FrameworkSection:
    key: str
    name: str
    requirements: list[Requirement]

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(requirement.status for requirement in self.requirements))


def _result(control_id: str, found: list[Finding]) -> ControlResult:
    return ControlResult(catalog()[control_id], worst(f.status for f in found), found)


def build_report(findings: Iterable[Finding], snapshot: AccountSnapshot, *,
                 waivers: Iterable[Waiver] = (), expired: Iterable[Waiver] = ()) -> dict[str, Any]:
    """Everything the templates show, as plain objects. Each framework item's verdict comes
    from governance.verdicts (item exceptions applied there)."""
    findings = list(findings)
    by_control: dict[str, list[Finding]] = {}
    for finding in findings:
        by_control.setdefault(finding.control_id, []).append(finding)
    results = {control_id: _result(control_id, found) for control_id, found in by_control.items()}
    verdicts = item_verdicts(findings, frameworks(), waivers=waivers,
                             account_id=snapshot.account_id)
    sections = []
    for key, framework in frameworks().items():
        requirements = []
        for item, verdict in zip(framework.items, verdicts[key], strict=True):
            requirements.append(_requirement(item.manual, item.audit, verdict))
        sections.append(FrameworkSection(key, framework.name, requirements))
    try:
        aliases = snapshot.get("iam:ListAccountAliases") or []
    except ReadFailed:
        aliases = []
    totals = Counter(result.status.value for result in results.values())
    not_provable = [results[c] for c in sorted(results) if results[c].status is Status.NOT_PROVABLE]
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
        "not_provable": not_provable,
        "expired_exceptions": [waiver.to_dict() for waiver in expired],
    }


def _requirement(manual: bool, audit: str, verdict: ItemVerdict) -> Requirement:
    """The item's verdict with the control results of its own (item-waived) findings."""
    by_control: dict[str, list[Finding]] = {}
    for finding in verdict.findings:
        by_control.setdefault(finding.control_id, []).append(finding)
    return Requirement(verdict.item_id, verdict.title, manual, verdict.note, verdict.status,
                       audit, [_result(c, found) for c, found in sorted(by_control.items())])


def _environment() -> Environment:
    return Environment(loader=PackageLoader("governance.report", "templates"),
                       autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def render_markdown(findings: Iterable[Finding], snapshot: AccountSnapshot, *,
                    waivers: Iterable[Waiver] = (), expired: Iterable[Waiver] = ()) -> str:
    return _environment().get_template("evidence.md.j2").render(
        **build_report(findings, snapshot, waivers=waivers, expired=expired))


def render_html(findings: Iterable[Finding], snapshot: AccountSnapshot, *,
                waivers: Iterable[Waiver] = (), expired: Iterable[Waiver] = ()) -> str:
    return _environment().get_template("evidence.html.j2").render(
        **build_report(findings, snapshot, waivers=waivers, expired=expired))
