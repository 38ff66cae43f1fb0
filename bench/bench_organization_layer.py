"""Benchmark: the organization layer's cost, on moto and in the evaluator.

1. On a moto management account (organization of 2 members, the 12 guardrail SCPs, an
   organization trail, delegated admins, an aggregator) and on one of its member accounts:
   API calls the collector sends per account (counted with a botocore hook), by service.
   A member must send exactly one organizations call (DescribeOrganization).
2. Pure evaluation of the 12 SCP controls on a hand-built management snapshot with N
   member accounts (every guardrail attached at the root): wall time and findings.

    .venv/bin/python -m bench.bench_organization_layer            # N = 10, 100, 1000

Writes bench/results/organization-layer.md and .json.
"""

from __future__ import annotations

import argparse
import copy
import json
import logging
import platform
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from governance.checks import evaluate  # noqa: E402
from governance.checks.organization import guardrails  # noqa: E402
from harness.guard import sandbox_only  # noqa: E402
from harness.moto_sandbox import MotoSandbox  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SCP_CONTROLS = [f"scp-{gid}" for gid in guardrails()]


def count_calls(collector) -> Counter:
    calls: Counter = Counter()
    original = collector.client

    def client(service, region=None, **kwargs):
        made = original(service, region, **kwargs)
        if not getattr(made, "_bench_counted", False):
            made.meta.events.register("before-call.*.*", lambda model, **_: calls.update(
                [f"{model.service_model.service_name}:{model.name}"]))
            made._bench_counted = True
        return made

    collector.client = client
    return calls


def moto_calls() -> dict:
    from harness.seeds.organization import member_account as _member
    from harness.seeds.organization import seed_organization

    sandbox = MotoSandbox()
    try:
        management = sandbox.new_account()
        ids = seed_organization(management)
        out = {}
        for label, account in (("management", management),
                               ("member", _member(sandbox, ids["workload"])),
                               ("outside an organization", sandbox.new_account())):
            collector = account.collector()
            calls = count_calls(collector)
            started = time.perf_counter()
            collector.collect()
            seconds = time.perf_counter() - started
            out[label] = {"calls": sum(calls.values()), "seconds": round(seconds, 2),
                          "organization_calls": {k: v for k, v in sorted(calls.items())
                                                 if k.split(":")[0] in (
                                                     "organizations", "guardduty",
                                                     "securityhub", "config")
                                                 and ("Organization" in k or "Aggregator" in k
                                                      or k.startswith("organizations"))}}
        return out
    finally:
        sandbox.stop()


def snapshot_with_members(members: int):
    from tests.support.snapshots_organization import PROD, organization

    snapshot = organization()
    accounts = copy.deepcopy(snapshot.get("organizations:ListAccounts"))
    placed = copy.deepcopy(snapshot.get("organizations:ListAccountsForParent"))
    for index in range(members):
        account_id = f"3{index:011d}"
        accounts.append({"Id": account_id, "Name": f"member-{index}", "Status": "ACTIVE",
                         "Arn": f"arn:aws:organizations::1:account/o-x/{account_id}"})
        placed[PROD].append(account_id)
    snapshot.record("organizations:ListAccounts", accounts)
    snapshot.record("organizations:ListAccountsForParent", placed)
    return snapshot


def evaluation(sizes: list[int]) -> list[dict]:
    rows = []
    for size in sizes:
        snapshot = snapshot_with_members(size)
        started = time.perf_counter()
        findings = evaluate(snapshot, SCP_CONTROLS)
        seconds = time.perf_counter() - started
        assert {f.status.value for f in findings} == {"PASS"}
        rows.append({"members": size + 2, "findings": len(findings),
                     "seconds": round(seconds, 2),
                     "ms_per_account": round(1000 * seconds / (size + 2), 2)})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, nargs="*", default=[10, 100, 1000])
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with sandbox_only():
        calls = moto_calls()
    rows = evaluation(args.members)
    result = {"machine": f"{platform.machine()} {platform.python_version()}",
              "collector_calls": calls, "scp_evaluation": rows}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "organization-layer.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = ["# Organization layer: API calls per account and SCP evaluation time", "",
             "`.venv/bin/python -m bench.bench_organization_layer` "
             f"({result['machine']}, 2 shared cores, moto in-process, home region only)", "",
             "## Collector calls per audited account", "",
             "| account | API calls | seconds | organization-layer calls |", "|---|---|---|---|"]
    for label, row in calls.items():
        org = ", ".join(f"{k} {v}" for k, v in row["organization_calls"].items()) or "none"
        lines.append(f"| {label} | {row['calls']} | {row['seconds']} | {org} |")
    lines += ["", "## The 12 SCP controls on one management snapshot (pure evaluation)", "",
              "| member accounts | findings | seconds | ms per account |", "|---|---|---|---|"]
    lines += [f"| {r['members']} | {r['findings']} | {r['seconds']} | {r['ms_per_account']} |"
              for r in rows]
    (RESULTS / "organization-layer.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
