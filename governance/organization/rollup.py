"""The organization roll-up, built from what is on disk (``accounts/<id>/summary.json``).

rollup.json (schema ``governance.rollup/1``), rollup.md (accounts x controls matrix and
per-framework compliance), rollup.junit.xml (a testsuite per account) and rollup.html
(:func:`governance.report.rollup_html.render_rollup_html`). Accounts are read one at a
time; only their small summaries are held.
"""

from __future__ import annotations

import json
import os
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from governance.organization.unit import SUMMARY, _write

ROLLUP_SCHEMA = "governance.rollup/1"
ITEM_STATUSES = ("PASS", "FAIL", "ERROR", "MANUAL", "WAIVED", "NOT_PROVABLE", "NOT_ASSESSED",
                 "NOT_APPLICABLE")
ACCOUNT_FIELDS = ("account_id", "name", "email", "ou_path", "role", "outcome", "error", "worst",
                  "controls", "items", "counts", "evidence", "api_calls", "seconds")
_STRINGS: dict[str, str] = {}


def _shared(value: Any) -> Any:
    """Control ids, item ids and statuses repeat in every account: keep one copy of each."""
    if isinstance(value, str):
        return _STRINGS.setdefault(value, value)
    if isinstance(value, dict):
        return {_shared(key): _shared(item) for key, item in value.items()}
    return value


def account_summaries(output: Path, account_ids: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
    """Each account's summary.json under ``output/accounts`` (sorted by id), or only those
    of ``account_ids``."""
    root = output / "accounts"
    ids = sorted(account_ids) if account_ids is not None else \
        sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    for account_id in ids:
        path = root / account_id / SUMMARY
        try:
            yield json.loads(path.read_text())
        except (OSError, ValueError) as error:
            yield {"account_id": account_id, "name": "", "email": "", "ou_path": "",
                   "role": "member", "outcome": "ERROR", "worst": "ERROR",
                   "error": f"no readable summary: {error}", "controls": {}, "items": {},
                   "counts": {}, "evidence": {}, "api_calls": 0, "seconds": 0.0}


def build_rollup(output: Path, *, organization: dict[str, Any], regions: list[str],
                 account_ids: Iterable[str] | None = None) -> dict[str, Any]:
    """The rollup.json dict from the summaries on disk."""
    from governance.catalog import catalog
    from governance.verdicts import framework_names

    names = framework_names()
    per_framework: dict[str, dict[str, int]] = {}
    accounts = []
    audited = errored = 0
    for summary in account_summaries(output, account_ids):
        account = _shared({key: summary.get(key) for key in ACCOUNT_FIELDS})
        accounts.append(account)
        if account["outcome"] == "AUDITED":
            audited += 1
        else:
            errored += 1
        for key, items in (account["items"] or {}).items():
            totals = per_framework.setdefault(key, {"items": len(items), "compliant_accounts": 0,
                                                    **dict.fromkeys(ITEM_STATUSES, 0)})
            totals["items"] = max(totals["items"], len(items))
            for status in items.values():
                totals[status] = totals.get(status, 0) + 1
            if not {"FAIL", "ERROR"} & set(items.values()):
                totals["compliant_accounts"] += 1
    return {
        "schema": ROLLUP_SCHEMA,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "organization": {"id": organization.get("id"),
                         "management_account_id": organization.get("management_account_id")},
        "regions": regions,
        "frameworks": [{"key": key, "title": title} for key, title in names.items()],
        "controls": [{"id": c.id, "title": c.title, "severity": c.severity.value}
                     for c in catalog().values()],
        "accounts": accounts,
        "summary": {"accounts": len(accounts), "audited": audited, "errored": errored,
                    "per_framework": per_framework},
    }


def exit_code(rollup: dict[str, Any]) -> int:
    """0/1/2 as governance/__main__.py documents, over every account."""
    worst = {account["worst"] for account in rollup["accounts"]}
    if "ERROR" in worst:
        return 2
    return 1 if "FAIL" in worst else 0


def render_markdown(rollup: dict[str, Any]) -> str:
    org = rollup["organization"]
    summary = rollup["summary"]
    accounts = rollup["accounts"]
    lines = [f"# Organization audit {org.get('id') or ''}".rstrip(), "",
             f"Management account {org.get('management_account_id') or '(unknown)'}; regions "
             f"{', '.join(rollup['regions']) or '(default)'}; generated {rollup['generated_at']}.",
             "", f"{summary['accounts']} accounts: {summary['audited']} audited, "
             f"{summary['errored']} errored.", "", "## Accounts", "",
             "| Account | Name | OU | Role | Outcome | Worst | Error |", "|---|---|---|---|---|---|---|"]
    for a in accounts:
        lines.append(f"| {a['account_id']} | {_cell(a['name'])} | {_cell(a['ou_path'])} | "
                     f"{a['role']} | {a['outcome']} | {a['worst']} | {_cell(a['error'] or '')} |")
    titles = {f["key"]: f["title"] for f in rollup["frameworks"]}
    lines += ["", "## Compliance per framework", "",
              "| Framework | Items | Compliant accounts | " + " | ".join(ITEM_STATUSES) + " |",
              "|---|---|---|" + "---|" * len(ITEM_STATUSES)]
    for key, totals in rollup["summary"]["per_framework"].items():
        lines.append(f"| {_cell(titles.get(key, key))} | {totals['items']} | "
                     f"{totals['compliant_accounts']}/{summary['accounts']} | "
                     + " | ".join(str(totals.get(s, 0)) for s in ITEM_STATUSES) + " |")
    lines += ["", "## Controls x accounts", "",
              "| Control | " + " | ".join(a["account_id"] for a in accounts) + " |",
              "|---|" + "---|" * len(accounts)]
    for control in rollup["controls"]:
        row = [a["controls"].get(control["id"], "ERROR" if a["outcome"] == "ERROR" else "-")
               for a in accounts]
        lines.append(f"| {control['id']} | " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_junit(rollup: dict[str, Any]) -> str:
    """A testsuite per account, a testcase per control (an errored account: one error)."""
    name = f"organization {rollup['organization'].get('id') or ''}".rstrip()
    suites = ET.Element("testsuites", {"name": name})
    for account in rollup["accounts"]:
        controls = account["controls"]
        suite = ET.SubElement(suites, "testsuite", {
            "name": f"account {account['account_id']} {account['name']}".strip(),
            "tests": str(len(controls) or 1),
            "failures": str(sum(s == "FAIL" for s in controls.values())),
            "errors": str(sum(s == "ERROR" for s in controls.values())
                          + (account["outcome"] == "ERROR")),
            "skipped": str(sum(s not in ("PASS", "FAIL", "ERROR") for s in controls.values())),
        })
        if account["outcome"] == "ERROR":
            case = ET.SubElement(suite, "testcase", {"classname": f"account.{account['account_id']}",
                                                     "name": "audit"})
            ET.SubElement(case, "error", {"message": account["error"] or "ERROR"})
            continue
        for control_id, status in controls.items():
            case = ET.SubElement(suite, "testcase", {
                "classname": f"account.{account['account_id']}", "name": control_id})
            if status == "FAIL":
                ET.SubElement(case, "failure", {"message": f"{control_id}: FAIL"})
            elif status == "ERROR":
                ET.SubElement(case, "error", {"message": f"{control_id}: ERROR"})
            elif status != "PASS":
                ET.SubElement(case, "skipped", {"message": status})
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)


def write_rollup(output: Path, rollup: dict[str, Any]) -> list[Path]:
    from governance.report.rollup_html import render_rollup_html

    partial = output / ".rollup.json.partial"
    with partial.open("w") as stream:  # streamed: no second copy of the roll-up as text
        json.dump(rollup, stream, indent=1)
    os.replace(partial, output / "rollup.json")
    written = [output / "rollup.json"]
    for name, render in (("rollup.md", render_markdown), ("rollup.junit.xml", render_junit),
                         ("rollup.html", render_rollup_html)):
        _write(output / name, render(rollup))
        written.append(output / name)
    print(f"wrote {', '.join(str(p) for p in written)}", file=sys.stderr)
    return written
