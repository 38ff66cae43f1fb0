"""Benchmark: the whole suite against one lifecycle of the largest stack, in one run.

    .venv/bin/python bench/bench_suite.py [--workers 2]      (make bench-suite)
    .venv/bin/python bench/bench_suite.py --analyse build/timeline.json   (no run)

First one lifecycle of examples/complete (init, apply, re-plan, destroy) on a moto account
through the harness the tests use, then the suite exactly as ``make test`` runs it
(``pytest -n WORKERS --dist loadgroup --no-loadscope-reorder``) with
``-p harness.timeline``, which records every test phase's worker, start and stop. Prints and
writes bench/results/suite.md (and .json):
both wall times, their ratio (the target: the suite at most 2x the lifecycle), the slowest
tests, the time per tier and per xdist group, and each worker's busy and idle time.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
LARGEST_STACK = "examples/complete"
TARGET_RATIO = 2.0
TIERS = ("unit", "seeded", "plan", "apply", "live")


def lifecycle() -> dict[str, float]:
    """init, apply, re-plan and destroy of the largest stack, each timed."""
    from harness.examples import sandbox_stack
    from harness.guard import sandbox_only
    from harness.moto_sandbox import MotoSandbox
    from harness.terraform import quiet_tftest
    from harness.toolchain import discover

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    quiet_tftest()
    timings: dict[str, float] = {}
    with sandbox_only(), tempfile.TemporaryDirectory(prefix="governance-bench-suite-") as scratch:
        sandbox = MotoSandbox()
        try:
            stack = sandbox_stack(LARGEST_STACK, Path(scratch), discover(), sandbox.new_account())
            for label, step in (("init", stack.init), ("apply", stack.apply),
                                ("re-plan", stack.pending_changes), ("destroy", stack.destroy)):
                started = time.perf_counter()
                result = step()
                timings[label] = round(time.perf_counter() - started, 1)
                print(f"lifecycle {label}: {timings[label]} s", flush=True)
                if label == "re-plan" and result:
                    raise RuntimeError(f"the re-plan of {LARGEST_STACK} is not empty: {result}")
        finally:
            sandbox.stop()
    timings["total"] = round(sum(timings.values()), 1)
    return timings


def run_suite(workers: int, timeline: Path) -> tuple[float, str, int]:
    """The suite as `make test` runs it; (wall seconds, pytest's summary line, exit code)."""
    command = [sys.executable, "-m", "pytest", "-n", str(workers), "--dist", "loadgroup",
               "--no-loadscope-reorder", "-p", "harness.timeline", "-q"]
    print("suite:", " ".join(command[1:]), flush=True)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env={**os.environ, "TIMELINE_PATH": str(timeline)},
                            capture_output=True, text=True, check=False)
    wall = round(time.perf_counter() - started, 1)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    summary = next((line.strip("= ") for line in reversed(lines)
                    if re.search(r"\d+ (passed|failed|error)", line)), "no summary")
    if result.returncode != 0:
        print(result.stdout[-4000:], result.stderr[-2000:], sep="\n")
    return wall, summary, result.returncode


def tier_of(nodeid: str) -> str:
    parts = nodeid.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "tests" and parts[1] in TIERS else "other"


def analyse(timeline: dict[str, Any]) -> dict[str, Any]:
    """Where the time went, from harness.timeline records."""
    records = timeline["records"]
    start, stop = timeline["session_start"], timeline["session_stop"]
    tests: dict[str, dict[str, Any]] = {}
    for record in records:
        test = tests.setdefault(record["nodeid"], {"seconds": 0.0, "worker": record["worker"],
                                                   "start": record["start"], "stop": record["stop"]})
        test["seconds"] += record["stop"] - record["start"]
        test["start"] = min(test["start"], record["start"])
        test["stop"] = max(test["stop"], record["stop"])
    per_tier: dict[str, dict[str, Any]] = defaultdict(lambda: {"tests": 0, "seconds": 0.0,
                                                               "first_start": None, "last_stop": 0.0})
    per_worker: dict[str, dict[str, Any]] = defaultdict(lambda: {"tests": 0, "busy": 0.0,
                                                                 "first": None, "last": 0.0})
    per_module: dict[str, float] = defaultdict(float)
    for nodeid, test in tests.items():
        tier = per_tier[tier_of(nodeid)]
        tier["tests"] += 1
        tier["seconds"] += test["seconds"]
        tier["first_start"] = min(filter(None, (tier["first_start"], test["start"] - start)))
        tier["last_stop"] = max(tier["last_stop"], test["stop"] - start)
        worker = per_worker[test["worker"]]
        worker["tests"] += 1
        worker["busy"] += test["seconds"]
        worker["first"] = min(filter(None, (worker["first"], test["start"] - start)))
        worker["last"] = max(worker["last"], test["stop"] - start)
        per_module[nodeid.split("::")[0]] += test["seconds"]
    wall = stop - start
    for worker in per_worker.values():
        worker["idle"] = wall - worker["busy"]
    slowest = sorted(tests.items(), key=lambda item: -item[1]["seconds"])[:25]
    return {
        "session_wall_s": round(wall, 1),
        "tests": len(tests),
        "per_tier": {name: {key: round(value, 1) if isinstance(value, float) else value
                            for key, value in tier.items()} for name, tier in sorted(per_tier.items())},
        "per_worker": {name: {key: round(value, 1) if isinstance(value, float) else value
                              for key, value in worker.items()}
                       for name, worker in sorted(per_worker.items())},
        "per_module": {name: round(seconds, 1) for name, seconds in
                       sorted(per_module.items(), key=lambda item: -item[1])},
        "slowest": [{"test": nodeid, "seconds": round(test["seconds"], 1), "worker": test["worker"],
                     "start_s": round(test["start"] - start, 1)} for nodeid, test in slowest],
    }


def report(lifecycle_s: dict[str, float] | None, suite: dict[str, Any] | None,
           where: dict[str, Any]) -> str:
    lines = ["# Suite benchmark: `make test` against one lifecycle of the largest stack", ""]
    if lifecycle_s and suite:
        ratio = round(suite["wall_s"] / lifecycle_s["total"], 2)
        verdict = "within" if ratio <= TARGET_RATIO else "over"
        lines += [
            f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with "
            "`make bench-suite` (`bench/bench_suite.py`), one run, on this machine "
            f"({os.cpu_count()} cores, shared).", "",
            "| measure | seconds |", "|---|---|",
            *[f"| lifecycle of {LARGEST_STACK}: {label} | {value} |"
              for label, value in lifecycle_s.items()],
            f"| `make test` (`pytest -n {suite['workers']} --dist loadgroup "
            "--no-loadscope-reorder`), wall | "
            f"{suite['wall_s']} |", "",
            f"**Ratio: {ratio}x** the lifecycle ({verdict} the {TARGET_RATIO:.0f}x target). "
            f"Suite: {suite['summary']}.", ""]
    lines += ["## Per tier", "", "| tier | tests | test seconds (setup+call+teardown) | "
              "first start (s into the run) | last stop |", "|---|---|---|---|---|"]
    lines += [f"| {name} | {tier['tests']} | {tier['seconds']} | {tier['first_start']} | "
              f"{tier['last_stop']} |" for name, tier in where["per_tier"].items()]
    lines += ["", f"## Per worker (session wall {where['session_wall_s']} s)", "",
              "| worker | tests | busy s | idle s | first start | last stop |",
              "|---|---|---|---|---|---|"]
    lines += [f"| {name} | {w['tests']} | {w['busy']} | {w['idle']} | {w['first']} | {w['last']} |"
              for name, w in where["per_worker"].items()]
    lines += ["", "## Test modules by total seconds", "", "| module | seconds |", "|---|---|"]
    lines += [f"| {name} | {seconds} |" for name, seconds in list(where["per_module"].items())[:12]]
    lines += ["", "## Slowest tests (setup+call+teardown; a module's first test carries its "
              "stack's apply)", "", "| test | seconds | worker | started at s |", "|---|---|---|---|"]
    lines += [f"| `{t['test']}` | {t['seconds']} | {t['worker']} | {t['start_s']} |"
              for t in where["slowest"]]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--analyse", type=Path, default=None,
                        help="only print where the time went in an existing timeline file")
    args = parser.parse_args()
    if args.analyse:
        print(report(None, None, analyse(json.loads(args.analyse.read_text()))))
        return 0
    lifecycle_s = lifecycle()
    timeline = ROOT / "build" / "bench-suite-timeline.json"
    wall, summary, code = run_suite(args.workers, timeline)
    suite = {"workers": args.workers, "wall_s": wall, "summary": summary, "exit_code": code}
    where = analyse(json.loads(timeline.read_text()))
    text = report(lifecycle_s, suite, where)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "suite.md").write_text(text)
    (RESULTS / "suite.json").write_text(json.dumps(
        {"lifecycle_s": lifecycle_s, "suite": suite,
         "ratio": round(wall / lifecycle_s["total"], 2), "where": where}, indent=2))
    return code


if __name__ == "__main__":
    sys.exit(main())
