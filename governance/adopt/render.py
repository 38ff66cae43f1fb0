"""The adoption report as JSON (for CI), Markdown and HTML (the evidence reports' style and
jinja2 environment)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from governance.adopt.changes import ChangeReport
from governance.adopt.decide import Adoption

REPORT_FILES = {"json": "adoption-report.json", "markdown": "adoption-report.md",
                "html": "adoption-report.html"}
FRAMEWORKS_SHOWN = ("cis_aws_v7", "cis_aws_v3", "acct", "securityhub")


@dataclass
class AdoptionRun:
    """Everything one adoption found and did, for the reports."""

    account_id: str
    regions: list[str]
    root: str
    generated_at: str
    adoption: Adoption
    report: ChangeReport | None
    emulator_endpoint: str | None = None
    emulator_gaps: list[str] = field(default_factory=list)
    terraform_commands: list[tuple[str, float]] = field(default_factory=list)
    seconds: float = 0.0
    refused: list[str] = field(default_factory=list)  # one line per refusal


def _shown(value: Any) -> str:
    if value is None:
        return "(not set)"
    if isinstance(value, list | dict):
        return json.dumps(value, sort_keys=True)
    return str(value)


def _framework_items(control_ids: tuple[str, ...]) -> list[str]:
    from governance.catalog import catalog

    items: list[str] = []
    for control_id in control_ids:
        control = catalog().get(control_id)
        if control is None:
            continue
        ids = control.frameworks.model_dump()
        for key in FRAMEWORKS_SHOWN:
            items += [f"{key}:{item}" for item in ids.get(key, ()) if f"{key}:{item}" not in items]
    return items


def as_dict(run: AdoptionRun) -> dict[str, Any]:
    changes = []
    accepted = run.report.accepted if run.report else frozenset()
    for change in run.report.changes if run.report else []:
        changes.append({
            "address": change.address, "type": change.resource_type, "region": change.region,
            "action": change.action, "note": change.note,
            "decision": change.decision.action if change.decision else None,
            "controls": list(change.controls), "framework_items": _framework_items(
                change.controls),
            "attributes": [{"name": a.name, "before": a.before, "after": a.after,
                            "weakening": a.weakening, "item": a.item,
                            "accepted": bool(a.item) and a.item in accepted}
                           for a in change.attributes]})
    weakenings = [{"item": a.item, "address": c.address, "attribute": a.name,
                   "before": a.before, "after": a.after, "why": a.weakening,
                   "accepted": a.item in accepted}
                  for c, a in (run.report.weakenings if run.report else [])]
    return {
        "account_id": run.account_id, "regions": run.regions, "root": run.root,
        "generated_at": run.generated_at, "emulator_endpoint": run.emulator_endpoint,
        "refused": run.refused,
        "decisions": [d.as_dict() for d in run.adoption.decisions],
        "variables": run.adoption.variables,
        "changes": changes, "weakening": weakenings,
        "pending": [w["item"] for w in weakenings if not w["accepted"]],
        "created": run.report.created if run.report else 0,
        "emulator_gaps": run.emulator_gaps,
        "terraform_commands": [{"command": c, "seconds": s} for c, s in run.terraform_commands],
        "seconds": run.seconds,
    }


def render_json(run: AdoptionRun) -> str:
    return json.dumps(as_dict(run), indent=2, sort_keys=True, default=str) + "\n"


def _context(run: AdoptionRun) -> dict[str, Any]:
    data = as_dict(run)
    order = {"refuse": 0, "reuse": 1, "import": 2, "untouched": 3, "create": 4}
    data["decisions"] = sorted(data["decisions"], key=lambda d: (
        order.get(d["action"], 9), d["region"] or "", d["type"]))
    data["shown"] = _shown
    return data


def render_markdown(run: AdoptionRun) -> str:
    from governance.report.rendering import environment

    return environment().get_template("adoption.md.j2").render(**_context(run))


def render_html(run: AdoptionRun) -> str:
    from governance.report.rendering import environment

    return environment().get_template("adoption.html.j2").render(**_context(run))


RENDERERS = {"json": render_json, "markdown": render_markdown, "html": render_html}
