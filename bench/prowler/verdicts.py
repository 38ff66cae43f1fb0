"""Each CIS item's verdict by both tools on one scale, and their comparison per account.

The scale: PASS, FAIL, ERROR, NOT_PROVABLE (ours only: the emulator cannot show what the
procedure needs), MANUAL, silent (no finding for the item). NOT_ASSESSED (ours: an item no
control judges yet, its ``uncovered`` reason) stays apart from MANUAL (an item left to a
person on purpose): only the latter is a verdict of kind. Our statuses map onto it by
[our_verdict_scale] of judgements.toml. ``compare`` adds to each account's result the rows
of both verdicts with the judgement of every disagreement (judge.py).
"""

from __future__ import annotations

from typing import Any

from bench.prowler.catalogs import item_key, our_cis_items, prowler_framework
from bench.prowler.judge import Edition, judge, our_verdict_scale
from bench.prowler.run import Run

SILENT = "silent"
JUDGED = ("PASS", "FAIL")  # a verdict on the item; anything else leaves it open
CLASSES = ("agree", "verdicts differ", "one side judged", "neither judged")


def our_verdicts(run: Run, key: str, items: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each item's verdict of edition ``key`` as our CLI wrote it (findings.json "items"),
    with the reasons of the findings that decided it (the item's status, on its controls)."""
    verdicts: dict[str, dict[str, Any]] = {}
    for row in run.items.get(key, []):
        status = row["status"]
        decided = [f for f in run.findings if f["control_id"] in row["controls"]
                   and row["item"] in f["frameworks"].get(key, [])
                   and f["status"] == status]
        detail = "; ".join(sorted({f"{f['control_id']}: {f['reason']}" for f in decided}))
        verdicts[row["item"]] = {"verdict": our_verdict_scale().get(status, status),
                                 "status": status,
                                 "detail": (detail or row.get("note", ""))[:400]}
    for item in items.keys() - verdicts.keys():
        verdicts[item] = {"verdict": SILENT, "detail": "not in findings.json items"}
    return verdicts


def _merge(statuses: dict[str, dict[str, str]], item: str, resource: str, status: str) -> None:
    """One verdict per (item, resource): FAIL over anything else, then the first seen."""
    held = statuses.setdefault(item, {}).get(resource)
    if held is None or (status == "FAIL" and held != "FAIL"):
        statuses[item][resource] = status


def our_resources(run: Run, key: str) -> dict[str, dict[str, str]]:
    """item of edition ``key`` -> resource ARN -> our verdict of that resource (shared scale)."""
    statuses: dict[str, dict[str, str]] = {}
    for finding in run.findings:
        if finding.get("resource", "").startswith("arn:"):
            for item in finding["frameworks"].get(key, []):
                _merge(statuses, item, finding["resource"],
                       our_verdict_scale().get(finding["status"], finding["status"]))
    return statuses


def prowler_resources(run: Run, framework: dict[str, Any]) -> dict[str, dict[str, str]]:
    """item -> resource ARN -> Prowler's verdict of that resource."""
    items_of: dict[str, list[str]] = {}
    for requirement in framework["Requirements"]:
        for check in requirement["Checks"]:
            items_of.setdefault(check, []).append(requirement["Id"])
    statuses: dict[str, dict[str, str]] = {}
    for finding in run.findings:
        for item in items_of.get(finding["metadata"]["event_code"], []):
            for resource in finding.get("resources", []):
                if str(resource.get("uid", "")).startswith("arn:"):
                    _merge(statuses, item, resource["uid"], finding["status_code"])
    return statuses


def prowler_verdicts(run: Run, framework: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each item's verdict by Prowler: its worst finding of the item's checks (FAIL >
    MANUAL > PASS, MUTED as PASS), MANUAL where the mapping has no check."""
    by_check: dict[str, list[dict[str, Any]]] = {}
    for finding in run.findings:
        by_check.setdefault(finding["metadata"]["event_code"], []).append(finding)
    verdicts: dict[str, dict[str, Any]] = {}
    for requirement in framework["Requirements"]:
        item, checks = requirement["Id"], requirement["Checks"]
        found = [f for check in checks for f in by_check.get(check, [])]
        if not checks:
            verdicts[item] = {"verdict": "MANUAL", "detail": "no check in Prowler's mapping"}
            continue
        if not found:
            verdicts[item] = {"verdict": SILENT,
                              "detail": f"no finding from {', '.join(checks)}"}
            continue
        statuses = {f["status_code"] for f in found}
        status = next(s for s in ("FAIL", "MANUAL", "PASS", "MUTED") if s in statuses)
        worst = [f for f in found if f["status_code"] == status]
        detail = "; ".join(sorted({
            f"{f['metadata']['event_code']}: {f.get('status_detail', '')}"
            f" [{f.get('cloud', {}).get('region', '')}]" for f in worst}))
        verdicts[item] = {"verdict": "PASS" if status == "MUTED" else status,
                          "status": status, "detail": detail[:400]}
    return verdicts


def classify(ours: str, theirs: str) -> str:
    """agree; verdicts differ (PASS against FAIL); one side judged (PASS or FAIL against
    MANUAL, NOT_ASSESSED, NOT_PROVABLE, ERROR or silence); neither judged (both open)."""
    if ours == theirs:
        return "agree"
    judged = (ours in JUDGED) + (theirs in JUDGED)
    return {2: "verdicts differ", 1: "one side judged", 0: "neither judged"}[judged]


def compare(accounts: dict[str, dict[str, Any]], edition: Edition) -> None:
    """Per account of ``accounts``: the rows of both tools' verdicts of every item of the
    edition, the counts per class, and the resources judged apart inside agreeing items."""
    ours_items = our_cis_items(edition.key)
    prowler_items = {r["Id"]: r for r in prowler_framework(edition.prowler)["Requirements"]}
    items = sorted(ours_items.keys() | prowler_items.keys(), key=item_key)
    for name, account in accounts.items():
        result = account["editions"][edition.key]
        rows = []
        for item in items:
            ours = result["ours_items"].get(item, {"verdict": SILENT, "detail": ""})
            theirs = result["prowler_items"].get(item, {"verdict": SILENT, "detail": ""})
            agree = ours["verdict"] == theirs["verdict"]
            row: dict[str, Any] = {"item": item, "ours": ours, "prowler": theirs, "agree": agree,
                                   "class": classify(ours["verdict"], theirs["verdict"])}
            if not agree:
                row["judgement"] = judge(edition, item, name,
                                         f"{ours['verdict']}/{theirs['verdict']}")
                # One side leaves the item to a person, the other decides it: a difference
                # of kind (what the item is), not of what the account's state is.
                row["of_kind"] = ("MANUAL" in (ours["verdict"], theirs["verdict"])
                                  and row["class"] == "one side judged")
            rows.append(row)
        result["rows"] = rows
        result["agreement"] = {"items": len(rows), "disagree": sum(not r["agree"] for r in rows),
                               **{c: sum(r["class"] == c for r in rows) for c in CLASSES}}
        # Items both tools judge alike can still hide a resource they judge differently.
        hidden = []
        for row in rows:
            if not row["agree"] or row["ours"]["verdict"] not in JUDGED:
                continue
            item = row["item"]
            ours_r = result.get("ours_resources", {}).get(item, {})
            theirs_r = result.get("prowler_resources", {}).get(item, {})
            for resource in sorted(ours_r.keys() & theirs_r.keys()):
                kind = f"{ours_r[resource]}/{theirs_r[resource]}"
                if ours_r[resource] != theirs_r[resource]:
                    hidden.append({"item": item, "resource": resource, "kind": kind,
                                   "judgement": judge(edition, item, name, kind, resource=True)})
        result["hidden"] = hidden
