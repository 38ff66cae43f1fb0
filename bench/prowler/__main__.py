"""Benchmark: our audit against Prowler's CIS v3.0 and v7.0 scans, on the same moto state.

Seeds four moto accounts with boto3 (seed.py: bare; compliant; broken in ways a shallow
check misses; broken-alerts: compliant with a sound trail, only the CIS monitoring chains
broken), runs ``python -m governance audit`` and ``prowler aws --compliance cis_3.0_aws
cis_7.0_aws`` (run.py; one Prowler run: it executes the union of both mappings' checks) on
each, for us-east-1 and eu-west-1, and compares the verdict of every CIS AWS Foundations item
of each edition (verdicts.py: v3.0.0 against our ``cis_aws_v3`` items, v7.0.0 against
``cis_aws_v7``). Prowler lives in its own virtual environment (.venv-prowler, installed here
when missing); it is never a project dependency.

    .venv/bin/python -m bench.prowler          # or: make bench-prowler

Writes bench/results/vs-prowler.md (v3.0.0), bench/results/vs-prowler-v7.md (v7.0.0) and
bench/results/vs-prowler.json (both) (report.py). Our verdicts are never written down here:
the benchmark runs our CLI and takes each item's verdict from its findings.json ("items"), so
a re-run picks up every fix. ``--wait-load 1.5`` waits for a quiet machine before timing;
``--rejudge`` re-judges the last JSON without running. The judgement of each disagreement is
in bench/prowler/judgements.toml (judge.py reads it; a v7 item whose ``same_as`` chain leads
to a v3.0.0 item and whose Prowler checks are the same takes that item's v3.0.0 judgement,
marked as carried); a disagreement without one is printed as UNEXPLAINED.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.prowler.catalogs import our_cis_items, prowler_framework
from bench.prowler.judge import editions
from bench.prowler.report import write_all
from bench.prowler.run import (
    MotoGaps,
    ensure_prowler,
    run_ours,
    run_prowler,
    versions,
    wait_for_load,
)
from bench.prowler.scope import PROWLER_IDS, REGIONS, RESULTS
from bench.prowler.seed import ACCOUNTS
from bench.prowler.verdicts import (
    SILENT,
    our_resources,
    our_verdicts,
    prowler_resources,
    prowler_verdicts,
)
from harness.guard import sandbox_only
from harness.moto_sandbox import MotoSandbox, SandboxAccount


def _unstable(verdict_sets: list[tuple[dict[str, str], dict[str, str]]]
              ) -> dict[str, dict[str, list[str]]]:
    return {tool: {item: [run[index].get(item, SILENT) for run in verdict_sets]
                   for item in verdict_sets[0][index]
                   if len({run[index].get(item, SILENT) for run in verdict_sets}) > 1}
            for index, tool in enumerate(("ours", "prowler"))}


def measure(account: SandboxAccount, name: str, repeat: int, workroot: Path,
            gaps: MotoGaps) -> dict[str, Any]:
    """Both tools ``repeat`` times on one seeded account: times, exits, each edition's
    verdicts (of the last run) and whether they held across the runs."""
    # moto builds a backend per service and region on first use (EC2's default
    # VPCs, ...); one untimed read first, so neither timed tool pays for it.
    account.collector(list(REGIONS)).collect()
    gaps.take()
    ours_times: list[float] = []
    prowler_times: list[float] = []
    ours_gaps: list[str] = []
    prowler_gaps: list[str] = []
    refused: list[str] = []
    verdict_sets: dict[str, list[tuple[dict[str, str], dict[str, str]]]] = {
        key: [] for key in editions()}
    results: dict[str, dict[str, Any]] = {}
    for attempt in range(repeat):
        workdir = workroot / name / f"run{attempt + 1}"
        workdir.mkdir(parents=True, exist_ok=True)
        ours = run_ours(account, workdir)
        ours_gaps += [g for g in gaps.take() if g not in ours_gaps]
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            theirs = run_prowler(account, workdir)  # moto prints what it cannot route
        prowler_gaps += [g for g in gaps.take() + sorted({
            line.split(".Remember")[0] for line in printed.getvalue().splitlines()
            if "Unable to find appropriate backend" in line}) if g not in prowler_gaps]
        refused += [line for line in theirs.refused if line not in refused]
        ours_times.append(ours.seconds)
        prowler_times.append(theirs.seconds)
        for key, edition in editions().items():
            framework = prowler_framework(edition.prowler)
            results[key] = {
                "ours_items": our_verdicts(ours, key, our_cis_items(key)),
                "prowler_items": prowler_verdicts(theirs, framework),
                "ours_resources": our_resources(ours, key),
                "prowler_resources": prowler_resources(theirs, framework)}
            verdict_sets[key].append((
                {k: v["verdict"] for k, v in results[key]["ours_items"].items()},
                {k: v["verdict"] for k, v in results[key]["prowler_items"].items()}))
        print(f"{name} run {attempt + 1}: ours {ours.seconds:.1f} s "
              f"({len(ours.findings)} findings), Prowler {theirs.seconds:.1f} s "
              f"({len(theirs.findings)} findings)", flush=True)
    for key, sets in verdict_sets.items():  # the tables show the last run
        results[key] |= {"verdicts_stable": all(v == sets[0] for v in sets),
                         "unstable": _unstable(sets)}
    return {
        "account_id": account.account_id,
        "ours_s": round(statistics.median(ours_times), 2),
        "prowler_s": round(statistics.median(prowler_times), 2),
        "ours_runs_s": [round(t, 2) for t in ours_times],
        "prowler_runs_s": [round(t, 2) for t in prowler_times],
        "ours_exit": ours.exit_code, "prowler_exit": theirs.exit_code,
        "ours_findings": len(ours.findings), "prowler_findings": len(theirs.findings),
        "ours_errors": ours.errors, "prowler_errors": theirs.errors,
        "moto_unanswered": {"ours": ours_gaps, "prowler": prowler_gaps},
        "real_aws_attempts": refused, "editions": results}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.prowler", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", nargs="*", default=list(ACCOUNTS), choices=list(ACCOUNTS))
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each tool per account; wall time is the median (default 3)")
    parser.add_argument("--keep", type=Path, help="keep both tools' raw outputs in this directory")
    parser.add_argument("--wait-load", type=float, metavar="LOAD",
                        help="before timing, wait until the 1-minute load is below LOAD "
                             "(polled every 60 s, at most --wait-minutes)")
    parser.add_argument("--wait-minutes", type=float, default=25)
    parser.add_argument("--rejudge", action="store_true",
                        help="no run: judge the verdicts of bench/results/vs-prowler.json "
                             "again with bench/prowler/judgements.toml and rewrite the reports")
    args = parser.parse_args()
    if args.rejudge:
        data = json.loads((RESULTS / "vs-prowler.json").read_text())
        if any("editions" not in r for r in data["accounts"].values()):
            raise SystemExit("vs-prowler.json predates the per-edition layout: run the "
                             "benchmark once (make bench-prowler)")
        data.pop("unexplained", None)
        print(f"rewrote {write_all(data)}")
        return 0
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    gaps = MotoGaps()
    logging.basicConfig(handlers=[gaps], level=logging.ERROR, force=True)
    ensure_prowler()
    data: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": platform.machine(),
        "regions": list(REGIONS), "versions": versions(), "accounts": {}, "repeat": args.repeat,
        "editions": {e.key: {"version": e.version, "prowler": e.prowler, "report": e.report}
                     for e in editions().values()},
        "commands": {
            "ours": "python -m governance audit --endpoint-url <moto> --regions "
                    f"{','.join(REGIONS)} --format json --output DIR",
            "prowler": f"prowler aws --compliance {' '.join(PROWLER_IDS.values())} --region "
                       f"{' '.join(REGIONS)} --output-formats json-ocsf --scan-unused-services "
                       "--no-banner --log-level ERROR"}}
    if args.wait_load is not None:
        data["load"] = wait_for_load(args.wait_load, args.wait_minutes)
    # absolute: Prowler runs in the work directory and writes where it is told, relative to it
    workroot = Path(args.keep or tempfile.mkdtemp(prefix="vs-prowler-")).resolve()
    with sandbox_only():
        sandbox = MotoSandbox()
        try:
            for name in args.accounts:
                account = sandbox.new_account()
                ACCOUNTS[name](account)
                data["accounts"][name] = measure(account, name, args.repeat, workroot, gaps)
        finally:
            sandbox.stop()
    print(f"wrote {write_all(data)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
