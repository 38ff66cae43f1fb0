"""The comparison's reports: per edition bench/results/<report>.md (wall times, agreement
per account, every account's item table, each disagreement with its judgement and the
words of the audit procedure it rests on) and bench/results/vs-prowler.json (everything
measured and judged, both editions). ``write_all`` judges (verdicts.compare) and writes.
"""

from __future__ import annotations

import json
import statistics
from typing import Any

from bench.prowler.catalogs import our_cis_items, prowler_framework
from bench.prowler.judge import Edition, editions
from bench.prowler.scope import REGIONS, RESULTS
from bench.prowler.seed import BREAKS
from bench.prowler.verdicts import SILENT, compare


def _cell(verdict: dict[str, Any]) -> str:
    return verdict["verdict"]


def _procedure(requirement: dict[str, Any] | None) -> str:
    if not requirement:
        return ""
    return " ".join(requirement["Attributes"][0].get("AuditProcedure", "").split())


def _judgement_lines(lines: list[str], judgement: dict[str, Any] | None,
                     requirement: dict[str, Any] | None, table: str, edition: Edition) -> int:
    """Append the judgement (or UNEXPLAINED); 1 when unexplained."""
    if judgement is None:
        lines.append("- **UNEXPLAINED**: no judgement for this kind of disagreement in "
                     f"{table} (bench/prowler/judgements.toml)")
        return 1
    carried = judgement.get("carried_from")
    lines.append(f"- right: **{judgement['right']}**. {judgement['why']}"
                 + (f" *(Judgement carried from CIS {carried}: this item takes it over "
                    "unchanged (same_as) and Prowler judges both with the same checks; item "
                    "numbers in the text are v3.0.0's.)*" if carried else ""))
    procedure = _procedure(requirement)
    quote = judgement["quote"]
    if quote:
        found = " ".join(quote.split()) in procedure
        lines += [f"- CIS {edition.version} audit procedure, quoted"
                  + ("" if found or not procedure else
                     " (NOT found verbatim in Prowler's copy)") + ":", "", f"  > {quote}"]
    return 0


def _of_kind_line(row: dict[str, Any], requirement: dict[str, Any] | None,
                  edition: Edition) -> str:
    status = (requirement or {}).get("Attributes", [{}])[0].get("AssessmentStatus", "")
    listed = f"CIS {edition.version} lists the item as {status}" if status else \
        f"the item is not in Prowler's {edition.prowler}.json"
    checks = ", ".join((requirement or {}).get("Checks", [])) or "none"
    if row["ours"]["verdict"] == "MANUAL":
        return (f"- a disagreement of kind, not of state: {listed}; ours leaves it to a person "
                f"(MANUAL), Prowler decides it with its checks ({checks}).")
    return (f"- a disagreement of kind, not of state: {listed}; ours decides it with its "
            "controls, Prowler leaves it to a person (MANUAL"
            + ("" if checks == "none" else f"; its checks: {checks}") + ").")


def write_report(data: dict[str, Any], edition: Edition) -> None:
    """bench/results/<edition.report>.md from the judged ``data``; counts the UNEXPLAINED
    disagreements into data["unexplained"][edition.key]."""
    framework = prowler_framework(edition.prowler)
    ours_items = our_cis_items(edition.key)
    requirements = {r["Id"]: r for r in framework["Requirements"]}
    others = [e for e in editions().values() if e is not edition]
    lines = [f"# Our audit vs Prowler, CIS AWS Foundations {edition.version}, on moto", "",
             f"Measured {data['date']} on {data['machine']} (2 cores shared), "
             "`make bench-prowler`. Both tools read the same moto server (in-process "
             "ThreadedMotoServer) in the same run, for regions " + ", ".join(REGIONS) + ". "
             "The same runs judge the other edition"
             + "".join(f" (CIS {e.version}: bench/results/{e.report}.md)" for e in others)
             + ".", "",
             "| tool | version |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in data["versions"].items()]
    lines += ["", "Commands (credentials of the sandbox account in the environment; https "
              "to a closed port so nothing reaches AWS):", "",
              f"- ours: `{data['commands']['ours']}`",
              f"- Prowler: `{data['commands']['prowler']}` with `AWS_ENDPOINT_URL` and "
              "`HTTP_PROXY` set to the moto endpoint", "",
              "## Wall time per account (one account, two regions)", "",
              "| account | ours (s) | Prowler (s) | Prowler / ours | ours runs (s) | Prowler runs (s) |"
              f" ours exit | Prowler exit | Prowler findings | {edition.version} verdicts same in "
              "every run |", "|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in data["accounts"].items():
        stable = r["editions"][edition.key]["verdicts_stable"]
        lines.append(f"| {name} | {r['ours_s']:.1f} | {r['prowler_s']:.1f} | "
                     f"{r['prowler_s'] / r['ours_s']:.1f}x | "
                     f"{', '.join(f'{t:.1f}' for t in r['ours_runs_s'])} | "
                     f"{', '.join(f'{t:.1f}' for t in r['prowler_runs_s'])} | {r['ours_exit']} | "
                     f"{r['prowler_exit']} | {r['prowler_findings']} | "
                     f"{'yes' if stable else '**no**'} |")
    ratios = {name: r["prowler_s"] / r["ours_s"] for name, r in data["accounts"].items()}
    load = data.get("load", {})
    lines += ["", "Speed ratio for one account in two regions (Prowler / ours, medians of "
              f"{data['repeat']} runs per tool): **{statistics.median(ratios.values()):.1f}x** "
              "(median over the accounts; per account " + ", ".join(
                  f"{name} {ratio:.1f}x" for name, ratio in ratios.items()) + "). Each time is "
              "the wall time of one CLI process from start to exit, interpreter start-up "
              "included; Prowler runs the union of the checks of its mappings "
              + " and ".join(f"`{e.prowler}`" for e in editions().values())
              + " (one run, `--compliance` with both), ours every control (it reports every "
              "edition from one read). Before the timed runs one untimed read of the account "
              "builds moto's per-region backends, so neither tool pays for them. Prowler's "
              "time includes its retries of what moto answers with HTTP 500 (listed per "
              "account below); the tools alternate on a 2-core machine shared with other "
              "work, so single figures move by tens of percent."
              + (f" Load before the timed runs: 1-minute load {load['start']:.2f} after "
                 f"waiting {load['waited_s'] / 60:.0f} min for it to drop below "
                 f"{load['threshold']}"
                 + ("." if load["start"] < load["threshold"] else
                    " (**it never did**: the figures are from a busier machine).")
                 if load else ""), ""]
    lines += ["## Agreement per account", "",
              "A verdict is judged when it is PASS or FAIL. Disagreements split into: verdicts "
              "differ (PASS against FAIL), one side judged (PASS or FAIL against MANUAL, "
              "NOT_ASSESSED, NOT_PROVABLE, ERROR or silent), neither judged (two different "
              "open verdicts, e.g. MANUAL against silent).", "",
              "| account | items | agree | disagree | verdicts differ | one side judged | "
              "neither judged |", "|---|---|---|---|---|---|---|"]
    for name, r in data["accounts"].items():
        a = r["editions"][edition.key]["agreement"]
        lines.append(f"| {name} | {a['items']} | {a['agree']} | {a['disagree']} | "
                     f"{a['verdicts differ']} | {a['one side judged']} | "
                     f"{a['neither judged']} |")
    lines += ["", "Judgements of the disagreements (which side is right; see Disagreements). "
              "Of kind: one side MANUAL (left to a person), the other PASS or FAIL; carried: "
              "the judgement of the v3.0.0 item this one takes over unchanged.", "",
              "| account | ours | Prowler | both defensible | neither | UNEXPLAINED | of kind | "
              "carried | resource-level (in agreeing items) |",
              "|---|---|---|---|---|---|---|---|---|"]
    for name, account in data["accounts"].items():
        r = account["editions"][edition.key]
        disagreeing = [row for row in r["rows"] if not row["agree"]]
        sides = [row["judgement"]["right"] if row.get("judgement") else "UNEXPLAINED"
                 for row in disagreeing]
        r["judgements"] = {side: sides.count(side)
                           for side in ("ours", "Prowler", "both", "neither", "UNEXPLAINED")}
        r["of_kind"] = sum(bool(row.get("of_kind")) for row in disagreeing)
        r["carried"] = sum(bool((row.get("judgement") or {}).get("carried_from"))
                           for row in disagreeing)
        hidden = r.get("hidden", [])
        r["hidden_unexplained"] = sum(h.get("judgement") is None for h in hidden)
        lines.append(f"| {name} | " + " | ".join(str(n) for n in r["judgements"].values())
                     + f" | {r['of_kind']} | {r['carried']} | {len(hidden)} "
                     f"({r['hidden_unexplained']} UNEXPLAINED) |")
    lines += ["", "Verdicts: PASS, FAIL, ERROR, NOT_PROVABLE (ours only: the emulator cannot "
              "show what the procedure needs), MANUAL (no automated check: ours on purpose, "
              "Prowler where its mapping has no check or its check says MANUAL), NOT_ASSESSED "
              "(ours only: no control of ours judges the item yet; the reason is the framework "
              "file's), silent (no finding for the item). Ours is the item's own verdict "
              f"from our `findings.json` (`items.{edition.key}`; NOT_APPLICABLE shown as PASS, "
              "WAIVED as FAIL); Prowler's is its worst finding of the item's checks, FAIL > "
              f"MANUAL > PASS. Items are the union of our catalog's CIS {edition.version} items "
              f"(`governance/catalog/frameworks/{edition.key}.toml`) and Prowler's "
              f"`{edition.prowler}.json`.", ""]
    for name, account in data["accounts"].items():
        r = account["editions"][edition.key]
        lines += [f"## Account: {name}", ""]
        if name in BREAKS:
            lines += ["What it breaks (item numbers of CIS v3.0.0):", ""] + [
                f"- {b}" for b in BREAKS[name]] + [""]
        if name in edition.broken_items:
            lines += ["Both tools' reasons for the items it breaks:", ""]
            for item in edition.broken_items[name]:
                for tool, label in (("ours_items", "ours"), ("prowler_items", "Prowler")):
                    v = r[tool].get(item, {})
                    lines.append(f"- {item} {label} {v.get('verdict', SILENT)}: "
                                 f"{v.get('detail', '')}")
            lines.append("")
        lines += ["| CIS item | ours | Prowler | agree? |", "|---|---|---|---|"]
        for row in r["rows"]:
            lines.append(f"| {row['item']} | {_cell(row['ours'])} | {_cell(row['prowler'])} | "
                         f"{'yes' if row['agree'] else '**no**'} |")
        attempts = account.get("real_aws_attempts", [])
        lines += ["", "Prowler's log names no real AWS endpoint and no request refused by the "
                  "https guard." if not attempts else
                  "**Prowler's log names a real AWS endpoint** (refused by the https guard): "
                  + "; ".join(f"`{a[:160]}`" for a in attempts)]
        for tool, label in (("ours", "Ours"), ("prowler", "Prowler")):
            changed = r.get("unstable", {}).get(tool, {})
            if changed:
                lines += ["", f"{label} gave different verdicts in the {data['repeat']} runs "
                          "on the same state (the table shows the last run): " + "; ".join(
                              f"{item} ({', '.join(v)})" for item, v in changed.items()) + "."]
        if account["prowler_errors"]:
            lines += ["", f"What failed in Prowler's run ({len(account['prowler_errors'])} "
                      "distinct error lines of its log):", ""]
            lines += [f"- `{e}`" for e in account["prowler_errors"]]
        for tool, label in (("prowler", "Prowler"), ("ours", "ours")):
            unanswered = account["moto_unanswered"][tool]
            if unanswered:
                lines += ["", f"What moto could not answer during {label}'s run:", ""]
                lines += [f"- `{e}`" for e in unanswered]
        lines.append("")
    lines += ["## Prowler verdicts that depend on thread timing", "",
              "Seen while building this benchmark (re-runs on one unchanged moto state):", ""]
    lines += [f"- {race}" for race in edition.races] or ["- none recorded for this edition"]
    lines += ["", "## Disagreements", "",
              f"Per disagreement: which side is right and why, with the words of the CIS "
              f"{edition.version} audit procedure (as Prowler's `{edition.prowler}.json` quotes "
              "it). Judged on the code of this commit; where ours is wrong, it is a bug to "
              "fix.", ""]
    table = f"editions.{edition.key}.judgement"
    unexplained = 0
    for name, account in data["accounts"].items():
        for row in account["editions"][edition.key]["rows"]:
            if row["agree"]:
                continue
            item = row["item"]
            title = (ours_items.get(item, {}).get("title")
                     or (requirements.get(item, {}).get("Description") or "")).strip()
            lines.append(f"### {name} / {item} {title}: ours {row['ours']['verdict']}, "
                         f"Prowler {row['prowler']['verdict']}")
            lines.append("")
            if row["ours"].get("detail"):
                lines.append(f"- ours: {row['ours']['detail']}")
            if row["prowler"].get("detail"):
                lines.append(f"- Prowler: {row['prowler']['detail']}")
            if row.get("of_kind"):
                lines.append(_of_kind_line(row, requirements.get(item), edition))
            unexplained += _judgement_lines(lines, row.get("judgement"),
                                            requirements.get(item), table, edition)
            lines.append("")
    hidden = [(name, h) for name, a in data["accounts"].items()
              for h in a["editions"][edition.key].get("hidden", [])]
    lines += ["## Same item verdict, different resource verdict", "",
              "Resources (by ARN) that both tools judged, inside an item on which they agree, "
              "with different verdicts: the item-level agreement hides them.", ""]
    if not hidden:
        lines += ["None.", ""]
    for name, h in hidden:
        ours_v, theirs_v = h["kind"].split("/")
        lines += [f"### {name} / {h['item']} `{h['resource']}`: ours {ours_v}, Prowler "
                  f"{theirs_v}", ""]
        unexplained += _judgement_lines(lines, h.get("judgement"), requirements.get(h["item"]),
                                        f"editions.{edition.key}.resource_judgement", edition)
        lines.append("")
    if unexplained:
        lines += [f"**{unexplained} disagreement(s) UNEXPLAINED.**", ""]
    lines += ["## Where ours is still wrong beyond the verdict columns", ""]
    lines += [f"- {n}" for n in edition.our_faults] or ["- nothing recorded"]
    lines += ["", "## What this comparison does not show", ""]
    lines += [f"- {n}" for n in edition.not_covered]
    data.setdefault("unexplained", {})[edition.key] = unexplained
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{edition.report}.md").write_text("\n".join(lines) + "\n")


def write_all(data: dict[str, Any]) -> str:
    """Judge and write every edition's report and the JSON; one line saying what was written."""
    for edition in editions().values():
        compare(data["accounts"], edition)
        write_report(data, edition)
    (RESULTS / "vs-prowler.json").write_text(json.dumps(data, indent=2) + "\n")
    return "; ".join(f"{RESULTS / f'{e.report}.md'}: {data['unexplained'][e.key]} UNEXPLAINED"
                     for e in editions().values())

