"""Benchmark: audit a moto account with N users, 200 roles and 500 customer policies.

For each size it seeds a fresh sandbox account (through moto's backend, which is not what
is measured), then measures the read-only collection of every enabled region and the
evaluation of the whole catalog: wall time, API calls sent, and the largest calls.

    .venv/bin/python -m bench.bench_collector            # 100, 1000, 10000 users
    .venv/bin/python -m bench.bench_collector --users 1000

Writes bench/results/collector.md and bench/results/collector.json.
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import sys
import time
from collections import Counter
from pathlib import Path

from governance.checks import evaluate
from governance.collect import Collector
from harness.guard import sandbox_only
from harness.moto_sandbox import MotoSandbox

RESULTS = Path(__file__).resolve().parent / "results"
ROLES, POLICIES, GROUPS = 200, 500, 10
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Sid": "ReadOwnUser", "Effect": "Allow", "Action": ["iam:GetUser"],
     "Resource": "arn:aws:iam::*:user/${aws:username}"}]})
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
     "Action": "sts:AssumeRole"}]})


def seed(account_id: str, users: int) -> None:
    """Users in groups (every tenth a console user with MFA), roles, customer policies."""
    from moto.iam.models import iam_backends

    backend = iam_backends[account_id]["global"]
    for index in range(GROUPS):
        backend.create_group(f"Job{index:02d}")
    for index in range(POLICIES):
        backend.create_policy(description="", path="/", policy_document=POLICY,
                              policy_name=f"job-policy-{index:04d}", tags=[])
    for index in range(ROLES):
        backend.create_role(role_name=f"workload-{index:04d}", assume_role_policy_document=TRUST,
                            path="/", permissions_boundary=None, description="", tags=[],
                            max_session_duration="3600", linked_service=None)
    for index in range(users):
        name = f"person{index:05d}.example"
        backend.create_user("us-east-1", name)
        backend.add_user_to_group(f"Job{index % GROUPS:02d}", name)
        if index % 10 == 0:
            backend.create_login_profile(name, "Correct-Horse-Battery-9")


def measure(sandbox: MotoSandbox, users: int) -> dict[str, object]:
    account = sandbox.new_account()
    account.client("iam").list_groups()  # the first IAM call loads moto's managed policies
    started = time.perf_counter()
    seed(account.account_id, users)
    seeded = time.perf_counter() - started
    collector = Collector(account.session, endpoint_url=account.endpoint, proxies=account.proxies)
    calls: Counter[str] = Counter()
    original = collector.client

    def counting_client(service: str, region: str | None = None):
        client = original(service, region)
        if not getattr(client, "_bench_counted", False):
            client.meta.events.register(
                "before-call.*.*", lambda model, **_: calls.update([f"{service}:{model.name}"]))
            client._bench_counted = True
        return client

    collector.client = counting_client  # type: ignore[method-assign]
    started = time.perf_counter()
    collector.collect()  # moto builds its per-region backends on first use (AWS does not)
    first = time.perf_counter() - started
    calls.clear()
    started = time.perf_counter()
    snapshot = collector.collect()
    collected = time.perf_counter() - started
    started = time.perf_counter()
    findings = evaluate(snapshot)
    evaluated = time.perf_counter() - started
    return {
        "users": users, "roles": ROLES, "customer_policies": POLICIES,
        "regions": len(snapshot.regions), "seed_s": round(seeded, 2),
        "first_collect_s": round(first, 2), "collect_s": round(collected, 2),
        "evaluate_s": round(evaluated, 3),
        "api_calls": sum(calls.values()), "distinct_apis": len(calls),
        "top_calls": calls.most_common(5), "findings": len(findings),
        "users_collected": len(snapshot.get("iam:GetAccountAuthorizationDetails")["UserDetailList"]),
        "roles_collected": len(snapshot.get("iam:GetAccountAuthorizationDetails")["RoleDetailList"]),
        "read_errors": sorted(k for k, r in snapshot.reads.items() if r.error)[:10],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, nargs="*", default=[100, 1000, 10000])
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    rows = []
    with sandbox_only():
        sandbox = MotoSandbox()
        for users in args.users:
            row = measure(sandbox, users)
            print(json.dumps(row), flush=True)
            rows.append(row)
        sandbox.stop()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "collector.json").write_text(json.dumps(rows, indent=2))
    lines = [
        "# Collector benchmark",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, Python "
        f"{platform.python_version()}, moto in-process (`make bench`). Seeding is not timed "
        "as part of the audit. Every enabled region of the moto account is read.",
        "",
        "| users | roles | customer policies | regions | collect (s) | first collect (s) |"
        " evaluate (s) | API calls | distinct APIs |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [f"| {r['users']} | {r['roles']} | {r['customer_policies']} | {r['regions']} | "
              f"{r['collect_s']} | {r['first_collect_s']} | {r['evaluate_s']} | {r['api_calls']} |"
              f" {r['distinct_apis']} |" for r in rows]
    lines += ["", "collect: a read of the account with moto's backends already built; first "
              "collect: the same read on a fresh sandbox account, which also pays for moto "
              "building a backend per service and region on first use (EC2's default VPCs, ...), "
              "a cost real AWS does not have. API calls do not grow with users: per-user facts "
              "come from GetAccountAuthorizationDetails and the credential report."]
    lines += ["", "Most frequent calls per size:", ""]
    lines += [f"- {r['users']} users: " + ", ".join(f"{name} x{n}" for name, n in r["top_calls"])
              for r in rows]
    (RESULTS / "collector.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {RESULTS / 'collector.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
