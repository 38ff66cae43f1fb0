"""Benchmark: `python -m governance audit --organization` over 10, 100 and 1,000 accounts.

One moto server (harness/moto_sandbox.py, in this process) holds one organization per
size: a management account and N members, a mix of governed (a compliant password
policy), broken (a weak one) and bare accounts. The audit runs in a child process, as a
user runs it, in 2 regions with the default concurrency; measured: wall time, accounts
per second, the child's peak RSS (its VmHWM), API calls per account (from the roll-up).
The single-account audit time is the median per-account time of a --concurrency 1 run
over fresh accounts (the same cold moto backends as the big runs).

Seeding: Organizations CreateAccount through boto3 (one call per account), the password
policy through moto's IAM backend. moto builds an account's backends lazily, on its first
request; an IAM backend with AWS managed policies loaded costs 0.35 s and ~5.6 MB each
(1,000 accounts: ~6 min, ~5.6 GB), so this benchmark's server does not load them
(MOTO_IAM_LOAD_MANAGED_POLICIES=false); likewise moto's EC2 backend loads its catalogue
of default AMIs, with an EBS snapshot each, for every account and region the audit first
reads (MOTO_EC2_LOAD_DEFAULT_AMIS=false: no check reads AMIs). Real AWS has no such cost.

    .venv/bin/python -m bench.bench_organization                     # 10, 100, 1000
    .venv/bin/python -m bench.bench_organization --sizes 10 --sweep 1,2,4,8,16

Writes bench/results/organization.md and bench/results/organization.json (keeping the
"latency" part bench/bench_organization_latency.py writes there; render() draws its
"Latency as on AWS" section).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness.guard import sandbox_only
from harness.moto_sandbox import MotoSandbox

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
REGIONS = "us-east-1,eu-west-1"
STRONG = {"MinimumPasswordLength": 14, "PasswordReusePrevention": 24, "MaxPasswordAge": 90,
          "RequireSymbols": True, "RequireNumbers": True, "RequireUppercaseCharacters": True,
          "RequireLowercaseCharacters": True, "AllowUsersToChangePassword": True}
WEAK = {**STRONG, "MinimumPasswordLength": 8, "PasswordReusePrevention": 3}


def make_organization(sandbox: MotoSandbox, members: int) -> tuple[object, list[str], float]:
    """A management account with ``members`` accounts: 2/4 governed, 1/4 broken, 1/4 bare."""
    from moto.iam.models import iam_backends

    started = time.perf_counter()
    management = sandbox.new_account()
    organizations = management.client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    ids = []
    for index in range(members):
        status = organizations.create_account(AccountName=f"member-{index:04d}",
                                              Email=f"member-{index:04d}@example.com")
        ids.append(status["CreateAccountStatus"]["AccountId"])
    for index, account_id in enumerate(ids):
        kind = index % 4
        if kind in (0, 1, 2):
            policy = STRONG if kind in (0, 1) else WEAK
            iam_backends[account_id]["global"].update_account_password_policy(
                allow_change_password=policy["AllowUsersToChangePassword"],
                hard_expiry=False, max_password_age=policy["MaxPasswordAge"],
                minimum_password_length=policy["MinimumPasswordLength"],
                password_reuse_prevention=policy["PasswordReusePrevention"],
                require_lowercase_characters=True, require_numbers=True,
                require_symbols=True, require_uppercase_characters=True)
    return management, ids, time.perf_counter() - started


# The audit, as `python -m governance`, reporting its own peak RSS (VmHWM) when it ends.
# (os.wait4's ru_maxrss is no good here: Linux carries the parent's RSS at fork, and the
# parent is the moto server, into the child's maximum.)
CHILD = """
import sys
from governance.cli.main import main
code = main(sys.argv[1:])
with open("/proc/self/status") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
print(f"VmHWM {peak}", file=sys.stderr)
sys.exit(code)
"""


def audit(sandbox: MotoSandbox, management: object, output: Path, *extra: str) -> dict[str, object]:
    """Run the CLI in a child process; wall time and the child's own peak RSS."""
    credentials = management.session.get_credentials().get_frozen_credentials()  # type: ignore[attr-defined]
    env = {**os.environ, "AWS_ACCESS_KEY_ID": credentials.access_key,
           "AWS_SECRET_ACCESS_KEY": credentials.secret_key,
           "AWS_SESSION_TOKEN": credentials.token, "AWS_DEFAULT_REGION": "us-east-1"}
    argv = [sys.executable, "-c", CHILD, "audit", "--organization", "--endpoint-url",
            sandbox.endpoint, "--regions", REGIONS, "--output", str(output), *extra]
    started = time.perf_counter()
    child = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    stderr_tail: list[str] = []
    peak_kb = 0
    assert child.stderr is not None
    for line in child.stderr:
        if line.startswith("VmHWM "):
            peak_kb = int(line.split()[1])
        else:
            stderr_tail = [*stderr_tail[-5:], line.rstrip()]
    child.wait()
    wall = time.perf_counter() - started
    rollup = json.loads((output / "rollup.json").read_text())
    accounts = rollup["accounts"]
    calls = [a["api_calls"] for a in accounts if a["outcome"] == "AUDITED"]
    seconds = [a["seconds"] for a in accounts if a["outcome"] == "AUDITED"]
    return {"accounts": len(accounts), "audited": rollup["summary"]["audited"],
            "errored": rollup["summary"]["errored"],
            "wall_s": round(wall, 1), "accounts_per_s": round(len(accounts) / wall, 2),
            "exit_code": child.returncode, "peak_rss_mb": round(peak_kb / 1024, 1),
            "calls_per_account": {"min": min(calls), "median": statistics.median(calls),
                                  "max": max(calls)},
            "account_s_median": round(statistics.median(seconds), 2),
            "worst": sorted({a["worst"] for a in accounts}), "stderr_tail": stderr_tail[-2:]}


def render(results: dict) -> str:
    """bench/results/organization.md from organization.json."""
    single = results.get("single", {})
    lines = [
        "# Organization audit benchmark", "",
        f"Measured {results['when']} on {results['machine']}; moto in the benchmark process, "
        f"the audit in a child process (`python -m governance audit --organization`), regions "
        f"{results['regions']}, default concurrency {results['default_concurrency']}. "
        "Command: `make bench-org` (`.venv/bin/python -m bench.bench_organization`).", "",
        "The load average (`uptime`, 2 CPUs) is beside each figure: on an otherwise idle "
        "machine it is the benchmark's own moto server and audit.", "",
        f"Single-account audit time (median per-account time of a `--concurrency 1` run over "
        f"{single.get('accounts', '?')} fresh accounts): **{single.get('account_s_median', '?')} s** "
        f"(load: {single.get('load', '?').split('load average:')[-1].strip()}).", "",
        "| members | accounts | wall (s) | accounts/s | peak RSS (MB) | API calls per account "
        "(min/median/max) | per-account s (median) | target wall (s) | seed (s) | load before -> after |",
        "|---|---|---|---|---|---|---|---|---|---|"]
    for run in results.get("runs", []):
        calls = run["calls_per_account"]
        before = run["load_before"].split("load average:")[-1].strip()
        after = run["load_after"].split("load average:")[-1].strip()
        lines.append(f"| {run['members']} | {run['accounts']} | {run['wall_s']} | "
                     f"{run['accounts_per_s']} | {run['peak_rss_mb']} | {calls['min']}/"
                     f"{calls['median']}/{calls['max']} | {run['account_s_median']} | "
                     f"{run['target_wall_s']} | {run['seed_s']} | {before} -> {after} |")
    lines += ["", "target wall = 1.2 x single-account time x accounts / default concurrency "
              "(the issue's target). Accounts = members + the management account; every run's "
              "accounts were all AUDITED (governed PASS/FAIL mix: exit code 1)."]
    sweep = results.get("sweep") or results.get("sweep_earlier") or []
    if sweep:
        lines += ["", "## Choosing the default concurrency", "",
                  results.get("sweep_note", "The same audit of one organization per value, "
                              "`--concurrency N`:"), "",
                  "| concurrency | accounts | wall (s) | accounts/s | per-account s (median) | load |",
                  "|---|---|---|---|---|---|"]
        for run in sweep:
            load = run["load"].split("load average:")[-1].strip()
            lines.append(f"| {run['concurrency']} | {run['accounts']} | {run['wall_s']} | "
                         f"{run['accounts_per_s']} | {run['account_s_median']} | {load} |")
    lines += ["", *results.get("notes", [])]
    if results.get("latency"):
        lines += ["", *render_latency(results["latency"])]
    return "\n".join(lines) + "\n"


def _load(text: str) -> str:
    return text.split("load average:")[-1].strip()


def render_latency(part: dict) -> list[str]:
    """The "Latency as on AWS" section, from organization.json's "latency" (written by
    bench/bench_organization_latency.py)."""
    wait, single = part["latency_s"], part["single"]
    lines = [
        "## Latency as on AWS", "",
        f"Measured {part['when']} on {part['machine']}: the same audit, every API call answered "
        f"after a uniform random wait of {wait['low'] * 1000:.0f}-{wait['high'] * 1000:.0f} ms "
        f"(seed {wait['seed']}; the harness's latency fault, `POST /_harness/latency`), default "
        f"concurrency {part['default_concurrency']}. Command: `make bench-org` "
        "(`.venv/bin/python -m bench.bench_organization_latency`).", "",
        f"One account's time at this latency (median per-account time of a `--concurrency 1` "
        f"run over {single['accounts']} fresh accounts): **{single['account_s']['median']} s** "
        f"({single['calls_per_account_median']} calls per account; audit CPU "
        f"{single['audit_cpu_s']} s, moto CPU {single['server_cpu_s']} s for the "
        f"{single['accounts']} accounts; load {_load(single['load'])}).", "",
        "| members | accounts | wall (s) | ideal (s) | wall / ideal | per-account s (median / p90) "
        "| audit CPU (s) | moto CPU (s) | audit peak RSS (MB) | moto process peak RSS (MB) "
        "| load before -> after |",
        "|---|---|---|---|---|---|---|---|---|---|---|"]
    for run in part["runs"]:
        lines.append(
            f"| {run['members']} | {run['accounts']} | {run['wall_s']} | {run['ideal_s']} | "
            f"**{run['ratio']}x** | {run['account_s']['median']} / {run['account_s']['p90']} | "
            f"{run['audit_cpu_s']} | {run['server_cpu_s']} | {run['audit_peak_rss_mb']} | "
            f"{run['server_peak_rss_mb']} | {_load(run['load_before'])} -> "
            f"{_load(run['load_after'])} |")
    for est in part.get("estimates", []):
        lines.append(
            f"| {est['members']} | {est['accounts']} | ~{est['wall_s']} (**estimate**) | "
            f"{est['ideal_s']} | ~{est['ratio']}x (**estimate**) | - | ~{est['audit_cpu_s']} | "
            f"~{est['server_cpu_s']} | - | - | not run: extrapolated linearly from "
            f"{est['estimated_from']} members |")
    lines += ["", "ideal = one account's time at this latency x accounts / concurrency; target: "
              "wall / ideal within 1.2x. Audit CPU: the audit process's own CPU seconds (all its "
              "threads, one GIL); moto CPU: the benchmark process's, which holds the moto server. "
              "Peak RSS: the audit process's VmHWM; the moto process's getrusage maximum (moto "
              "keeps every account's state, so it grows with accounts: not the audit's memory).",
              "", "### Where AWS would throttle", ""]
    last = part["runs"][-1] if part["runs"] else None
    if last:
        lines += ["| API | calls (run of the largest size) | per account | calls/s per account "
                  "in flight | calls/s at the default concurrency | documented quota | "
                  "throttles at concurrency |", "|---|---|---|---|---|---|---|"]
        for name, t in last["throttling"].items():
            quota = f"{t['per_second']}/s ({t['applies_to']})" if t["per_second"] else \
                f"not found ({t['applies_to']})"
            at = t["throttles_at_concurrency"] if t["throttles_at_concurrency"] else \
                "quota x one account's time / calls per account: no figure without the quota"
            lines.append(f"| {name} | {t['calls']} | {t['per_account']} | "
                         f"{t['per_second_per_account_in_flight']} | {t['per_second_at_default']} | "
                         f"{quota} | {at} |")
        lines += ["", "Sources searched for the quotas:", ""]
        lines += [f"- {name}: {t['source']}" for name, t in last["throttling"].items()]
        ops = last["calls"]["organizations_by_operation"]
        lines += ["", "Organizations calls of that run by operation: " + (", ".join(
            f"{op} {n}" for op, n in sorted(ops.items())) or "none") + "."]
    lines += ["", *part.get("notes", [])]
    return lines


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "(uptime unavailable)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--sweep", default="", help="concurrency values to compare on --sweep-size accounts")
    parser.add_argument("--sweep-size", type=int, default=24)
    parser.add_argument("--single-size", type=int, default=8,
                        help="fresh accounts audited with --concurrency 1 for the single-account time")
    parser.add_argument("--render", action="store_true",
                        help="only rewrite organization.md from organization.json")
    args = parser.parse_args()
    if args.render:
        results = json.loads((RESULTS / "organization.json").read_text())
        (RESULTS / "organization.md").write_text(render(results))
        return
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    RESULTS.mkdir(exist_ok=True)
    earlier = RESULTS / "organization.json"
    # bench_organization_latency.py's part of the file stays as it measured it
    latency = json.loads(earlier.read_text()).get("latency") if earlier.exists() else None
    results: dict[str, object] = {"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                                  "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
                                             f"Python {platform.python_version()}",
                                  "regions": REGIONS, "runs": [], "sweep": []}
    from governance.organization.run import DEFAULT_CONCURRENCY

    results["default_concurrency"] = DEFAULT_CONCURRENCY
    if latency:
        results["latency"] = latency
    with sandbox_only(), tempfile.TemporaryDirectory(prefix="bench-org-") as scratch:
        sandbox = MotoSandbox()
        # see the module docstring: backends moto builds lazily per account, cheaper
        os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "false"
        os.environ["MOTO_EC2_LOAD_DEFAULT_AMIS"] = "false"
        try:
            management, _, seeded = make_organization(sandbox, args.single_size)
            single = audit(sandbox, management, Path(scratch, "single"), "--concurrency", "1")
            single.update(seed_s=round(seeded, 1), load=uptime())
            results["single"] = single
            print(f"single: {single}", file=sys.stderr)
            for concurrency in [int(c) for c in args.sweep.split(",") if c]:
                management, _, seeded = make_organization(sandbox, args.sweep_size)
                run = audit(sandbox, management, Path(scratch, f"sweep-{concurrency}"),
                            "--concurrency", str(concurrency))
                run.update(concurrency=concurrency, seed_s=round(seeded, 1), load=uptime())
                results["sweep"].append(run)  # type: ignore[union-attr]
                print(f"sweep {concurrency}: {run}", file=sys.stderr)
            for size in [int(s) for s in args.sizes.split(",") if s]:
                management, _, seeded = make_organization(sandbox, size)
                load_before = uptime()
                run = audit(sandbox, management, Path(scratch, f"org-{size}"))
                run.update(members=size, seed_s=round(seeded, 1), load_before=load_before,
                           load_after=uptime())
                run["target_wall_s"] = round(1.2 * single["account_s_median"] * run["accounts"]
                                             / DEFAULT_CONCURRENCY, 1)
                results["runs"].append(run)  # type: ignore[union-attr]
                print(f"size {size}: {run}", file=sys.stderr)
                (RESULTS / "organization.json").write_text(json.dumps(results, indent=1))
        finally:
            sandbox.stop()
    (RESULTS / "organization.json").write_text(json.dumps(results, indent=1))
    (RESULTS / "organization.md").write_text(render(results))
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
