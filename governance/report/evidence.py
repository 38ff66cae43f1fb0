"""The evidence report an auditor reads: a summary per framework (item verdicts and a chart),
then per framework each item with its verdict and the findings under it (resource, region,
reason, evidence), filters by status, and a print stylesheet. Frameworks in report order
(REPORTED_FRAMEWORKS: the newest CIS edition first), each with its version and publication
date; a CIS item shows the benchmark's own assessment status (Automated/Manual) and level
beside this tool's verdict, and for v5.0.0 the Security Hub CSPM controls that judge it.
Markdown and a self-contained HTML page (jinja2; layout, stylesheet and macros shared with the
organization roll-up, governance.report.rollup_html).

What an auditor reads first: the header (account, when, by whom, regions, control counts, the
emulator endpoint when there is one), then the summary per framework; after it the expired
exceptions and the exceptions in force, then the notes (``notes``), folded: how the emulator's
gaps are proved instead, what is not provable on this endpoint, the verify-only controls. Each
note is one line per cause listing the controls it explains (the twelve SCP controls share one
emulator text: one line), and only for controls that judged something in this run (a finding
other than NOT_APPLICABLE)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from governance.catalog import VERIFY_ONLY, Control, catalog
from governance.catalog.frameworks import frameworks
from governance.checks.root import CREDENTIAL_REPORT_TIME, credential_report_age
from governance.exceptions import Waiver
from governance.model import AccountSnapshot, Finding, ReadFailed, Status, worst
from governance.report.redact import redact, redact_text
from governance.report.rendering import edition_line, environment, ordered_counts, status_rank
from governance.verdicts import NOT_ASSESSED, ItemVerdict, item_verdicts


@dataclass
class ControlResult:
    control: Control
    status: Status
    findings: list[Finding]

    @property
    def evidence_json(self) -> str:
        """The findings' evidence as JSON for a Markdown code fence: a backtick (which could
        close the fence) is written as the JSON escape \\u0060, the same JSON."""
        merged = [redact(finding.evidence) for finding in self.findings if finding.evidence]
        return json.dumps(merged[0] if len(merged) == 1 else merged, indent=1, sort_keys=True,
                          default=str)[:4000].replace("`", "\\u0060")

    @property
    def rows(self) -> list[FindingRow]:
        """Each finding as the report shows it: worst first, credentials redacted."""
        return [FindingRow(f.status.value, f.resource, f.region, redact_text(f.reason),
                           _evidence_text(f.evidence))
                for f in sorted(self.findings, key=lambda f: status_rank(f.status.value))]


@dataclass(frozen=True)
class FindingRow:
    status: str
    resource: str
    region: str
    reason: str
    evidence: str


def _evidence_text(evidence: dict[str, Any]) -> str:
    if not evidence:
        return ""
    return json.dumps(redact(evidence), indent=1, sort_keys=True, default=str)[:4000]


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
    assessment: str = ""  # the benchmark's: Automated or Manual (not this tool's verdict)
    level: int = 0  # the benchmark's profile: 1 or 2
    securityhub: tuple[str, ...] = ()  # Security Hub CSPM controls judging it (CIS v5.0.0)

    @property
    def benchmark(self) -> str:
        """"Automated · L1": the benchmark's assessment status and level; empty if it has none."""
        return " · ".join(part for part in (self.assessment,
                                            f"L{self.level}" if self.level else "") if part)

    @property
    def finding_rows(self) -> list[tuple[FindingRow, ControlResult]]:
        """Every finding of the item, worst first, with the control that made it."""
        rows = [(row, result) for result in self.results for row in result.rows]
        return sorted(rows, key=lambda pair: status_rank(pair[0].status))


@dataclass
class FrameworkSection:
    key: str
    name: str
    requirements: list[Requirement]
    version: str = ""
    published: str = ""

    @property
    def edition(self) -> str:
        """"Version v7.0.0 · published before 2026-04-14 (...)"; empty when unknown."""
        return edition_line(self.version, self.published)

    @property
    def benchmark(self) -> bool:
        """Whether the items carry the benchmark's assessment status or level (CIS)."""
        return any(requirement.benchmark for requirement in self.requirements)

    @property
    def securityhub_items(self) -> int:
        """Items that Security Hub CSPM's own standard for this edition judges."""
        return sum(1 for requirement in self.requirements if requirement.securityhub)

    @property
    def counts(self) -> dict[str, int]:
        """Items per verdict, worst first."""
        return dict(ordered_counts(Counter(requirement.status for requirement in
                                           self.requirements)))

    @property
    def total(self) -> int:
        return len(self.requirements)


@dataclass(frozen=True)
class NoteLine:
    """One cause (an emulator gap's text, a NOT_PROVABLE reason) and the controls it explains."""

    cause: str
    results: tuple[ControlResult, ...]

    @property
    def control_ids(self) -> list[str]:
        return [result.control.id for result in self.results]


@dataclass(frozen=True)
class NoteGroup:
    """A kind of note (``key``: emulator, not-provable, verify-only), its lines by cause."""

    key: str
    title: str
    intro: str
    lines: tuple[NoteLine, ...]

    @property
    def count(self) -> int:
        """Controls the group names (a control on two lines once)."""
        return len({control_id for line in self.lines for control_id in line.control_ids})


def _by_cause(pairs: Iterable[tuple[str, ControlResult]]) -> tuple[NoteLine, ...]:
    """One line per cause, in the order causes first appear, its controls by id."""
    causes: dict[str, list[ControlResult]] = {}
    for cause, result in pairs:
        causes.setdefault(cause, []).append(result)
    return tuple(NoteLine(cause, tuple(sorted(results, key=lambda r: r.control.id)))
                 for cause, results in causes.items())


def judged(result: ControlResult) -> bool:
    """Whether the control judged something in this run: a finding other than NOT_APPLICABLE
    (a note on how a verdict is proved says nothing where there was nothing to judge)."""
    return any(finding.status is not Status.NOT_APPLICABLE for finding in result.findings)


def _notes(results: list[ControlResult], emulator_endpoint: str | None) -> list[NoteGroup]:
    """The folded notes after the summary, each kind grouped by cause; empty kinds left out."""
    ran = [result for result in results if judged(result)]
    groups = []
    if emulator_endpoint:
        groups.append(NoteGroup(
            "emulator", "Notes on the emulator",
            f"What the emulator at {emulator_endpoint} cannot show, and how these controls "
            "are proved instead (at plan level, on seeded answers, on hand-built snapshots, "
            "and on real accounts by the live tier):",
            _by_cause((r.control.emulator_gap, r) for r in ran if r.control.emulator_gap)))
    groups.append(NoteGroup(
        "not-provable", "Not provable on this endpoint",
        "An emulator cannot show these findings; they are never counted as PASS or FAIL:",
        _by_cause(("; ".join(dict.fromkeys(f.reason for f in r.findings
                                           if f.status is Status.NOT_PROVABLE)), r)
                  for r in ran if any(f.status is Status.NOT_PROVABLE for f in r.findings))))
    groups.append(NoteGroup(
        "verify-only", "Verify-only controls",
        "Terraform cannot set them: checked, not managed.",
        _by_cause(("checked, not managed", r) for r in ran
                  if r.control.implemented_by == VERIFY_ONLY)))
    return [group for group in groups if group.lines]


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
        sections.append(FrameworkSection(key, framework.name, requirements, framework.version,
                                         framework.published))
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
    item_statuses = Counter(requirement.status for section in sections
                            for requirement in section.requirements)
    item_findings = [f for rows in verdicts.values() for row in rows for f in row.findings]
    return {
        "account_id": snapshot.account_id,
        "account_alias": ", ".join(aliases),  # empty when the account has none
        "caller_arn": snapshot.caller_arn,
        "collected_at": snapshot.collected_at,
        "regions": snapshot.regions,
        # when the credential report's dates are from (a warning when before the audit)
        "credential_report": credential_report_age(snapshot)
        if CREDENTIAL_REPORT_TIME in snapshot.reads or "iam:GetCredentialReport" in snapshot.reads
        else None,
        "totals": dict(totals),
        "controls": [results[control_id] for control_id in sorted(results)],
        "sections": sections,
        "emulator_endpoint": snapshot.emulator_endpoint,
        "emulator_gaps": emulator_gaps,
        "verify_only": verify_only,
        "not_provable": not_provable,
        # after the summary, folded: one line per cause (governance.report.evidence._notes)
        "notes": _notes([results[c] for c in sorted(results)], snapshot.emulator_endpoint),
        "expired_exceptions": [waiver.to_dict() for waiver in expired],
        "waivers": _waivers_applied([*findings, *item_findings]),
        "statuses": [status for status, _ in ordered_counts(item_statuses)],
    }


def _waivers_applied(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    """Each exception that waived a finding (control or item exception), once, with the
    resources it covered: reason, owner and expiry as the exceptions file gives them."""
    applied: dict[str, dict[str, Any]] = {}
    for finding in findings:
        waiver = finding.evidence.get("waiver") if finding.status is Status.WAIVED else None
        if waiver:
            entry = applied.setdefault(json.dumps(waiver, sort_keys=True),
                                       {**waiver, "resources": []})
            if finding.resource not in entry["resources"]:
                entry["resources"].append(finding.resource)
    return list(applied.values())


def _requirement(manual: bool, audit: str, verdict: ItemVerdict) -> Requirement:
    """The item's verdict with the control results of its own (item-waived) findings."""
    by_control: dict[str, list[Finding]] = {}
    for finding in verdict.findings:
        by_control.setdefault(finding.control_id, []).append(finding)
    return Requirement(verdict.item_id, verdict.title, manual, _note(verdict), verdict.status,
                       audit, [_result(c, found) for c, found in sorted(by_control.items())],
                       verdict.assessment, verdict.level, verdict.securityhub)


ORGANIZATION_ONLY_NOTE = (
    "Answered only by organization controls ({controls}), which this audit did not run: they "
    "are judged from the organization's management (or delegated administrator) account, in "
    "an organization audit (audit --organization) or with --include-organization-controls.")


def _note(verdict: ItemVerdict) -> str:
    """The item's note; for an item no finding judged whose every control is organization-only
    (left out of a single-account audit, governance.selection), why and where it is judged."""
    controls = [catalog()[control_id] for control_id in verdict.controls]
    if verdict.status != NOT_ASSESSED or verdict.findings or not controls or not all(
            control.organization_only for control in controls):
        return verdict.note
    why = ORGANIZATION_ONLY_NOTE.format(controls=", ".join(c.id for c in controls))
    return f"{verdict.note} {why}" if verdict.note else why


def render_markdown(findings: Iterable[Finding], snapshot: AccountSnapshot, *,
                    waivers: Iterable[Waiver] = (), expired: Iterable[Waiver] = ()) -> str:
    return environment().get_template("evidence.md.j2").render(
        **build_report(findings, snapshot, waivers=waivers, expired=expired))


def render_html(findings: Iterable[Finding], snapshot: AccountSnapshot, *,
                waivers: Iterable[Waiver] = (), expired: Iterable[Waiver] = ()) -> str:
    return environment().get_template("evidence.html.j2").render(
        **build_report(findings, snapshot, waivers=waivers, expired=expired))
