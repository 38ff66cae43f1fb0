"""The organization roll-up, built from what is on disk (``accounts/<id>/summary.json``).

rollup.json (schema ``governance.rollup/1``), rollup.md (accounts x controls matrix and
per-framework compliance), rollup.junit.xml (a testsuite per account), rollup.html
(:func:`governance.report.rollup_html.render_rollup_html`), rollup-document.html (the
organization's evidence document, a section per partner checklist item linking to each
account's: :func:`governance.report.rollup_document.render_rollup_document`) and, only when
asked (``--format document``), rollup.pdf: that document printed by headless Chromium, so a
roll-up without Chromium still has every other file. Accounts are read one at a time; only
their small summaries are held.

An account is compliant with a framework when every automatable item of it is judged
(PASS, WAIVED or NOT_APPLICABLE) and none fails; items only a person can judge (MANUAL) or
that no control answers are not automatable. An account whose run judged fewer (a
``--controls`` subset, an ERROR, NOT_PROVABLE on an emulator) is shown "judged k of n".
expected.json (written before the units run) lists the accounts of the run: one without a
summary is ERROR, never dropped.
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

from governance.organization.unit import SUMMARY, _write, error_summary

ROLLUP_SCHEMA = "governance.rollup/1"
ITEM_STATUSES = ("PASS", "FAIL", "ERROR", "MANUAL", "WAIVED", "NOT_PROVABLE", "NOT_ASSESSED",
                 "NOT_APPLICABLE")
ACCOUNT_FIELDS = ("account_id", "name", "email", "ou_path", "role", "outcome", "error", "worst",
                  "controls", "items", "counts", "evidence", "api_calls", "seconds")
EXPECTED = "expected.json"
EXPECTED_SCHEMA = "governance.expected-accounts/1"
# Item verdicts that judge the item (the others: not judged, or not automatable).
JUDGED = frozenset({"PASS", "FAIL", "WAIVED", "NOT_APPLICABLE"})
_STRINGS: dict[str, str] = {}


def _shared(value: Any) -> Any:
    """Control ids, item ids and statuses repeat in every account: keep one copy of each."""
    if isinstance(value, str):
        return _STRINGS.setdefault(value, value)
    if isinstance(value, dict):
        return {_shared(key): _shared(item) for key, item in value.items()}
    return value


def write_expected(output: Path, accounts: list[dict[str, Any]], *, organization: dict[str, Any],
                   regions: list[str], run_id: str) -> None:
    """expected.json: the accounts this run audits (before any unit runs), so a roll-up
    built later reports a missing one as ERROR."""
    _write(output / EXPECTED, json.dumps({
        "schema": EXPECTED_SCHEMA, "run_id": run_id, "organization": organization,
        "regions": regions, "accounts": accounts}, indent=1))


def read_expected(output: Path) -> dict[str, Any] | None:
    """expected.json of ``output`` (None when the directory has none: units run one by one
    with ``audit-account``); an unreadable one is an OSError/ValueError."""
    path = output / EXPECTED
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    if not isinstance(data, dict) or data.get("schema") != EXPECTED_SCHEMA or \
            not isinstance(data.get("accounts"), list):
        raise ValueError(f"{path}: not a {EXPECTED_SCHEMA} file")
    return data


def account_summaries(output: Path, account_ids: Iterable[str] | None = None, *,
                      expected: Iterable[dict[str, Any]] = ()) -> Iterator[dict[str, Any]]:
    """Each account's summary.json under ``output/accounts`` (sorted by id), or only those
    of ``account_ids``; an account without one is ERROR (named from ``expected``, the
    accounts the run listed, when it is there)."""
    root = output / "accounts"
    identities = {account["account_id"]: account for account in expected}
    ids = sorted(account_ids) if account_ids is not None else \
        sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    for account_id in ids:
        path = root / account_id / SUMMARY
        try:
            yield json.loads(path.read_text())
        except (OSError, ValueError) as error:
            reason = "not audited: no summary.json" if isinstance(error, FileNotFoundError) \
                else f"no readable summary: {error}"
            yield error_summary(identities.get(account_id, {"account_id": account_id}), reason)


def _automatable() -> set[tuple[str, str]]:
    """(framework key, item id) of every item some catalog control answers."""
    from governance.catalog import catalog

    return {(key, item) for control in catalog().values()
            for key, item in control.frameworks.items()}


def judged(key: str, items: dict[str, str], automatable: set[tuple[str, str]]) -> tuple[int, int]:
    """(items judged, automatable items) of one account's verdicts for framework ``key``."""
    counted = [status for item, status in items.items()
               if status != "MANUAL" and (status != "NOT_ASSESSED" or (key, item) in automatable)]
    return sum(status in JUDGED for status in counted), len(counted)


def is_compliant(key: str, items: dict[str, str], automatable: set[tuple[str, str]]) -> bool:
    """Every automatable item judged and none failing."""
    done, total = judged(key, items, automatable)
    return done == total and "FAIL" not in items.values()


def build_rollup(output: Path, *, organization: dict[str, Any], regions: list[str],
                 account_ids: Iterable[str] | None = None,
                 expected: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    """The rollup.json dict from the summaries on disk."""
    from governance.catalog import catalog
    from governance.catalog.frameworks import framework_names

    names = framework_names()
    per_framework: dict[str, dict[str, int]] = {}
    accounts = []
    audited = errored = 0
    automatable = _automatable()
    for summary in account_summaries(output, account_ids, expected=expected):
        account = _shared({key: summary.get(key) for key in ACCOUNT_FIELDS})
        account["judged"] = {key: dict(zip(("judged", "of"), judged(key, items, automatable),
                                           strict=True))
                             for key, items in (account["items"] or {}).items()}
        accounts.append(account)
        if account["outcome"] == "AUDITED":
            audited += 1
        else:
            errored += 1
        for key, items in (account["items"] or {}).items():
            totals = per_framework.setdefault(key, {"items": len(items), "compliant_accounts": 0,
                                                    "judged_items": 0, "automatable_items": 0,
                                                    **dict.fromkeys(ITEM_STATUSES, 0)})
            totals["items"] = max(totals["items"], len(items))
            for status in items.values():
                totals[status] = totals.get(status, 0) + 1
            totals["judged_items"] += account["judged"][key]["judged"]
            totals["automatable_items"] += account["judged"][key]["of"]
            if is_compliant(key, items, automatable):
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
    """0/1/2 as governance/cli/main.py documents, over every account (an expected account
    with no summary is ERROR: 2)."""
    worst = {account["worst"] for account in rollup["accounts"]}
    if "ERROR" in worst:
        return 2
    return 1 if "FAIL" in worst else 0


def render_markdown(rollup: dict[str, Any]) -> str:
    org = rollup["organization"]
    summary = rollup["summary"]
    accounts = rollup["accounts"]
    lines = [f"# Organization audit {_cell(org.get('id') or '')}".rstrip(), "",
             f"Management account {_cell(org.get('management_account_id') or '(unknown)')}; "
             f"regions {_cell(', '.join(rollup['regions']) or '(default)')}; generated "
             f"{_cell(rollup['generated_at'])}.",
             "", f"{summary['accounts']} accounts: {summary['audited']} audited, "
             f"{summary['errored']} errored.", "", "## Accounts", "",
             "| Account | Name | OU | Role | Outcome | Worst | Error | Judged |",
             "|---|---|---|---|---|---|---|---|"]
    for a in accounts:
        lines.append(f"| {_cell(a['account_id'])} | {_cell(a['name'])} | {_cell(a['ou_path'])} | "
                     f"{_cell(a['role'])} | {_cell(a['outcome'])} | {_cell(a['worst'])} | "
                     f"{_cell(a['error'] or '')} | {_cell(judged_text(a))} |")
    titles = {f["key"]: f["title"] for f in rollup["frameworks"]}
    lines += ["", "## Compliance per framework", "",
              "Compliant: every automatable item judged (PASS, WAIVED, NOT_APPLICABLE) and none "
              "failing.", "",
              "| Framework | Items | Judged | Compliant accounts | " + " | ".join(ITEM_STATUSES) + " |",
              "|---|---|---|---|" + "---|" * len(ITEM_STATUSES)]
    for key, totals in rollup["summary"]["per_framework"].items():
        lines.append(f"| {_cell(titles.get(key, key))} | {totals['items']} | "
                     f"{totals.get('judged_items', 0)} of {totals.get('automatable_items', 0)} | "
                     f"{totals['compliant_accounts']}/{summary['accounts']} | "
                     + " | ".join(str(totals.get(s, 0)) for s in ITEM_STATUSES) + " |")
    lines += ["", "## Controls x accounts", "",
              "| Control | " + " | ".join(_cell(a["account_id"]) for a in accounts) + " |",
              "|---|" + "---|" * len(accounts)]
    for control in rollup["controls"]:
        row = [a["controls"].get(control["id"], "ERROR" if a["outcome"] == "ERROR" else "-")
               for a in accounts]
        lines.append(f"| {_cell(control['id'])} | " + " | ".join(map(_cell, row)) + " |")
    return "\n".join(lines) + "\n"


def judged_text(account: dict[str, Any]) -> str:
    """"cis_aws_v3 2 of 45, acct 2 of 30": an account's judged items per framework."""
    return ", ".join(f"{key} {figures['judged']} of {figures['of']}"
                     for key, figures in (account.get("judged") or {}).items())


def _cell(text: Any) -> str:
    """A value as Markdown text (every value rollup.md interpolates): the evidence pages'
    escaping, so a name, OU path or error from an account cannot make a link or a column."""
    from governance.report.rendering import markdown_text

    return markdown_text(text)


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


DOCUMENT = "rollup-document.html"
PDF = "rollup.pdf"
PDF_SECONDS_PER_ACCOUNT = 0.5


def write_rollup(output: Path, rollup: dict[str, Any], *, pdf: bool = False) -> list[Path]:
    """Every roll-up file; ``pdf``: rollup.pdf too (last, after every other file is written;
    a print that fails raises governance.report.pdf's one-line error)."""
    from governance.report.rollup_document import render_rollup_document
    from governance.report.rollup_html import render_rollup_html

    partial = output / ".rollup.json.partial"
    with partial.open("w") as stream:  # streamed: no second copy of the roll-up as text
        json.dump(rollup, stream, indent=1)
    os.replace(partial, output / "rollup.json")
    written = [output / "rollup.json"]
    for name, render in (("rollup.md", render_markdown), ("rollup.junit.xml", render_junit),
                         ("rollup.html", render_rollup_html), (DOCUMENT, render_rollup_document)):
        _write(output / name, render(rollup))
        written.append(output / name)
    print(f"wrote {', '.join(str(p) for p in written)}", file=sys.stderr)
    if pdf:
        from governance.report.pdf import PRINT_TIMEOUT_SECONDS, print_pdf

        # a section per checklist item lists every account: ~16 rows per account to lay out
        timeout = max(PRINT_TIMEOUT_SECONDS, PDF_SECONDS_PER_ACCOUNT * len(rollup["accounts"]))
        print_pdf(output / DOCUMENT, output / PDF, timeout=timeout)
        written.append(output / PDF)
        print(f"wrote {output / PDF}", file=sys.stderr)
    else:  # an earlier run's PDF would contradict the document just written
        (output / PDF).unlink(missing_ok=True)
    return written
