"""Benchmark: the organization audit with every API call answered as slowly as AWS answers it.

bench/bench_organization.py measures on a moto server that answers at once, so an account's
time there is CPU. Here the harness's latency fault (``POST /_harness/latency?low=A&high=B&
seed=N``, harness/moto/faults.py) makes the server wait a uniform random time in [A, B]
seconds (default 20-80 ms, seeded) before each answer, as a real AWS endpoint's round trip
does, and the same audit (``python -m governance audit --organization``, default
concurrency) runs over 100 and 1,000 member accounts. Reported per size: wall time; the
ideal, one account's time at that latency (median per-account time of a ``--concurrency 1``
run over fresh accounts) x accounts / concurrency; their ratio (target within 1.2x); peak
RSS of the audit process (its VmHWM) and of the benchmark process holding moto
(getrusage); the CPU seconds of both (where the time goes when the ratio is off); and, from
the calls per account the audit made (counted in the audit process, per service and
operation), the concurrency at which an API rate quota of AWS would throttle.

    .venv/bin/python -m bench.bench_organization_latency                   # 100 and 1,000
    .venv/bin/python -m bench.bench_organization_latency --sizes 100 --estimate 1000

``--estimate N`` extrapolates size N from the largest size measured instead of running it
(marked as an estimate in the report). Writes the "latency" part of
bench/results/organization.json and re-renders bench/results/organization.md (its "Latency
as on AWS" section; bench/bench_organization.py keeps the rest).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.bench_organization import REGIONS, RESULTS, ROOT, make_organization, render, uptime
from harness.guard import sandbox_only
from harness.moto.faults import LATENCY_PATH
from harness.moto_sandbox import MotoSandbox

# The audit as `python -m governance`, reporting when it ends: its peak RSS (VmHWM), its
# own CPU seconds (all threads) and every API call it made by service:operation (botocore's
# _make_api_call: one per logical call, retries not counted again).
CHILD = """
import collections, json, resource, sys, threading
import botocore.client
calls, lock = collections.Counter(), threading.Lock()
original = botocore.client.BaseClient._make_api_call
def counted(self, operation, params):
    with lock:
        calls[f"{self.meta.service_model.service_name}:{operation}"] += 1
    return original(self, operation, params)
botocore.client.BaseClient._make_api_call = counted
from governance.cli.main import main
code = main(sys.argv[1:])
with open("/proc/self/status") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
usage = resource.getrusage(resource.RUSAGE_SELF)
print(f"VmHWM {peak}", file=sys.stderr)
print(f"CPU {usage.ru_utime + usage.ru_stime:.2f}", file=sys.stderr)
print("CALLS " + json.dumps(calls), file=sys.stderr)
sys.exit(code)
"""
# The AWS API rate quotas this audit's calls would meet first, with where they are
# documented; None where the documentation searched does not state the number.
QUOTAS: dict[str, dict[str, Any]] = {
    "sts:AssumeRole": {
        "per_second": None, "applies_to": "the caller's account (the management account "
        "assumes every member role)",
        "source": "not found: https://docs.aws.amazon.com/IAM/latest/UserGuide/"
                  "reference_iam-quotas.html (IAM and AWS STS quotas) lists object quotas, "
                  "no request rate; https://repost.aws/knowledge-center/iam-sts-throttling-"
                  "error says API calls 'contribute to a maximum rate quota for your AWS "
                  "account' without the figure"},
    "organizations:*": {
        "per_second": None, "applies_to": "the organization (Organizations is global, "
        "hosted in us-east-1)",
        "source": "not found: https://docs.aws.amazon.com/organizations/latest/userguide/"
                  "orgs_reference_limits.html has a 'Throttling limits' section, but the "
                  "stored copy searched does not give its figures"},
}


def set_latency(endpoint: str, low: float, high: float, seed: int) -> dict[str, Any]:
    """The harness's drawn latency on the server at ``endpoint`` (0, 0: off)."""
    request = urllib.request.Request(
        f"{endpoint}{LATENCY_PATH}?low={low}&high={high}&seed={seed}", method="POST")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return dict(json.loads(answer.read()))


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def audit(sandbox: MotoSandbox, management: Any, output: Path, *extra: str) -> dict[str, Any]:
    """The CLI in a child process: wall time, per-account times, calls, CPU and peak RSS of
    the child, and the CPU the moto server (this process) spent meanwhile."""
    credentials = management.session.get_credentials().get_frozen_credentials()
    env = {**os.environ, "AWS_ACCESS_KEY_ID": credentials.access_key,
           "AWS_SECRET_ACCESS_KEY": credentials.secret_key,
           "AWS_SESSION_TOKEN": credentials.token, "AWS_DEFAULT_REGION": "us-east-1"}
    argv = [sys.executable, "-c", CHILD, "audit", "--organization", "--endpoint-url",
            sandbox.endpoint, "--regions", REGIONS, "--output", str(output), *extra]
    server_cpu = _own_cpu()
    started = time.perf_counter()
    child = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    peak_kb, child_cpu, calls, tail = 0, 0.0, {}, []
    assert child.stderr is not None
    for line in child.stderr:
        if line.startswith("VmHWM "):
            peak_kb = int(line.split()[1])
        elif line.startswith("CPU "):
            child_cpu = float(line.split()[1])
        elif line.startswith("CALLS "):
            calls = json.loads(line[len("CALLS "):])
        else:
            tail = [*tail[-5:], line.rstrip()]
    child.wait()
    wall = time.perf_counter() - started
    server_cpu = _own_cpu() - server_cpu
    rollup = json.loads((output / "rollup.json").read_text())
    accounts = rollup["accounts"]
    audited = [a for a in accounts if a["outcome"] == "AUDITED"]
    seconds = sorted(a["seconds"] for a in audited)
    by_service: dict[str, int] = {}
    for name, count in calls.items():
        by_service[name.split(":")[0]] = by_service.get(name.split(":")[0], 0) + count
    return {
        "accounts": len(accounts), "audited": len(audited),
        "errored": rollup["summary"]["errored"], "exit_code": child.returncode,
        "wall_s": round(wall, 1), "accounts_per_s": round(len(accounts) / wall, 2),
        "account_s": {"median": round(statistics.median(seconds), 2),
                      "p90": round(seconds[int(0.9 * (len(seconds) - 1))], 2),
                      "max": round(seconds[-1], 2)} if seconds else {},
        "calls_per_account_median": statistics.median(a["api_calls"] for a in audited)
        if audited else 0,
        "calls": {"total": sum(calls.values()), "by_service": by_service,
                  "sts:AssumeRole": calls.get("sts:AssumeRole", 0),
                  "organizations": by_service.get("organizations", 0),
                  "organizations_by_operation": {k.split(":")[1]: v for k, v in calls.items()
                                                 if k.startswith("organizations:")}},
        "audit_peak_rss_mb": round(peak_kb / 1024, 1),
        "audit_cpu_s": round(child_cpu, 1), "server_cpu_s": round(server_cpu, 1),
        "server_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "stderr_tail": tail[-2:]}


def throttling(run: dict[str, Any], single_s: float, concurrency: int) -> dict[str, Any]:
    """Per quota: the calls per account, the rate each account in flight adds (calls per
    account / one account's time), the rate at the default concurrency, and the
    concurrency at which the documented quota would be reached (None: quota not found)."""
    accounts = run["accounts"]
    counted = {"sts:AssumeRole": run["calls"]["sts:AssumeRole"],
               "organizations:*": run["calls"]["organizations"]}
    out = {}
    for name, quota in QUOTAS.items():
        per_account = counted[name] / accounts
        per_slot = per_account / single_s if single_s else 0.0
        limit = quota["per_second"]
        out[name] = {"calls": counted[name], "per_account": round(per_account, 3),
                     "per_second_per_account_in_flight": round(per_slot, 3),
                     "per_second_at_default": round(per_slot * concurrency, 2),
                     "throttles_at_concurrency": round(limit / per_slot) if limit and per_slot
                     else None, **quota}
    return out


def judge(run: dict[str, Any], single_s: float, concurrency: int) -> None:
    """The run's ideal (single account x accounts / concurrency), its ratio to the wall
    time, and the throttling estimate."""
    run["ideal_s"] = round(single_s * run["accounts"] / concurrency, 1)
    run["ratio"] = round(run["wall_s"] / run["ideal_s"], 2) if run["ideal_s"] else None
    run["within_target"] = bool(run["ratio"] and run["ratio"] <= 1.2)
    run["throttling"] = throttling(run, single_s, concurrency)


def estimate(measured: dict[str, Any], members: int) -> dict[str, Any]:
    """Size ``members`` extrapolated linearly from a measured run (wall, CPU and calls per
    account held; RSS as measured, the audit keeping no per-account state)."""
    scale = (members + 1) / measured["accounts"]
    return {"members": members, "accounts": members + 1, "estimated_from": measured["members"],
            "wall_s": round(measured["wall_s"] * scale, 1),
            "audit_cpu_s": round(measured["audit_cpu_s"] * scale, 1),
            "server_cpu_s": round(measured["server_cpu_s"] * scale, 1),
            "ideal_s": round(measured["ideal_s"] * scale, 1), "ratio": measured["ratio"],
            "audit_peak_rss_mb": measured["audit_peak_rss_mb"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="member counts to measure")
    parser.add_argument("--estimate", default="",
                        help="member counts to extrapolate from the largest measured size")
    parser.add_argument("--low", type=float, default=0.020, help="shortest wait per call (s)")
    parser.add_argument("--high", type=float, default=0.080, help="longest wait per call (s)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--single-size", type=int, default=8,
                        help="fresh members audited with --concurrency 1 for one account's time")
    args = parser.parse_args()
    from governance.organization.run import DEFAULT_CONCURRENCY

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    part: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "regions": REGIONS, "latency_s": {"low": args.low, "high": args.high, "seed": args.seed},
        "default_concurrency": DEFAULT_CONCURRENCY, "runs": [], "estimates": []}
    with sandbox_only(), tempfile.TemporaryDirectory(prefix="bench-org-latency-") as scratch:
        sandbox = MotoSandbox()
        # as bench_organization.py: backends moto builds lazily per account, cheaper
        os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "false"
        os.environ["MOTO_EC2_LOAD_DEFAULT_AMIS"] = "false"
        try:
            management, _, _ = make_organization(sandbox, args.single_size)
            part["latency_in_force"] = set_latency(sandbox.endpoint, args.low, args.high, args.seed)
            single = audit(sandbox, management, Path(scratch, "single"), "--concurrency", "1")
            single.update(load=uptime())
            part["single"] = single
            single_s = single["account_s"]["median"]
            print(f"single: {single}", file=sys.stderr)
            for size in [int(s) for s in args.sizes.split(",") if s]:
                set_latency(sandbox.endpoint, 0, 0, args.seed)  # seeding at moto's own speed
                management, _, seeded = make_organization(sandbox, size)
                set_latency(sandbox.endpoint, args.low, args.high, args.seed)
                load_before = uptime()
                run = audit(sandbox, management, Path(scratch, f"org-{size}"))
                run.update(members=size, seed_s=round(seeded, 1), load_before=load_before,
                           load_after=uptime())
                judge(run, single_s, DEFAULT_CONCURRENCY)
                part["runs"].append(run)
                print(f"size {size}: {run}", file=sys.stderr)
                save(part)
            for size in [int(s) for s in args.estimate.split(",") if s]:
                part["estimates"].append(estimate(part["runs"][-1], size))
        finally:
            sandbox.stop()
    save(part)
    print(json.dumps(part, indent=1))


def save(part: dict[str, Any]) -> None:
    """organization.json with this part under "latency" (the rest as bench_organization.py
    wrote it), and organization.md rendered from it."""
    path = RESULTS / "organization.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    results["latency"] = part
    path.write_text(json.dumps(results, indent=1))
    (RESULTS / "organization.md").write_text(render(results))


if __name__ == "__main__":
    main()
