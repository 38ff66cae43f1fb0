"""``make demo-adopt``: onboard an existing customer account on moto, audit -> adopt ->
apply -> audit, then offboard without harm.

1. Seeds a sandbox account the way a customer's looks before onboarding (harness/brownfield.py:
   Config recorder and channel ``default``, GuardDuty at SIX_HOURS and Security Hub in two
   regions, a weak password policy, 1 of 4 S3 public access blocks, EBS encryption off, an
   alias, a customer trail without KMS, users and a group), and audits it (the FAILs).
2. ``governance adopt`` on examples/complete: import blocks, kept names, the change report.
   The first run stops at the weakening changes (the Config delivery channel moving to the
   audit bucket in each region); the demo, as the partner's reviewer, accepts those and runs
   adopt again.
3. terraform apply, then a re-plan that must be empty; exactly one recorder, detector and hub
   per region, the customer's trail still there.
4. The audit again: the CIS and ACCT controls the baseline implements PASS, or are WAIVED by
   the example's exceptions and the reviewer's onboarding exceptions (the kept customer
   trail), or are NOT_PROVABLE on moto (listed with why).
5. Offboarding: the baseline's calls leave the root, offboard.tf's removed blocks come in,
   terraform apply; the customer's singletons are still there afterwards.

Everything is written to build/demo-adopt/. Exit 0 only when every step held.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from governance.catalog import catalog
from governance.checks import evaluate, verdict
from governance.exceptions import apply_control_waivers
from governance.model import Status
from governance.report.evidence import render_html, render_markdown
from harness.adoption import (
    ONBOARDING_REGIONS,
    kept_resources,
    offboard,
    onboarding_waivers,
    run_adopt,
    waivers_toml,
)
from harness.brownfield import customer_values, seed_customer_account
from harness.demo import _show_progress, example_exceptions
from harness.examples import sandbox_stack
from harness.guard import sandbox_only
from harness.moto_sandbox import MotoSandbox
from harness.terraform import TerraformError, modules_called
from harness.toolchain import ToolchainMissing, discover

EXAMPLE = "examples/complete"
DEFAULT_OUTPUT = Path("build/demo-adopt")


def singleton_counts(values: dict[str, Any]) -> dict[str, dict[str, int]]:
    """region -> how many recorders, detectors and hubs it holds (customer_values' read)."""
    return {region: {"recorders": len(found["config"]["recorders"]),
                     "detectors": len(found["guardduty"]["detectors"]),
                     "hubs": int(bool(found["securityhub"]["enabled"]))}
            for region, found in values["regions"].items()}


def _audit(account: Any, waivers: list[Any]) -> tuple[list[Any], Any]:
    snapshot = account.collector(ONBOARDING_REGIONS).collect()
    return apply_control_waivers(evaluate(snapshot), waivers, snapshot.account_id), snapshot


def _step(text: str) -> None:
    print(f"\n==> {text}", flush=True)


def run(output: Path) -> int:
    started = time.monotonic()
    try:
        toolchain = discover()
    except ToolchainMissing as missing:
        print(f"error: {missing}", file=sys.stderr)
        return 2
    _show_progress()
    sandbox = MotoSandbox()
    account = sandbox.new_account()
    output.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    _step(f"seed account {account.account_id} as a customer's ({', '.join(ONBOARDING_REGIONS)})")
    customer = seed_customer_account(account, ONBOARDING_REGIONS)
    findings, _ = _audit(account, [])
    failing = sorted({f.control_id for f in findings if f.status is Status.FAIL})
    print(f"audit before onboarding: {len(failing)} controls FAIL, e.g. {', '.join(failing[:6])}")
    with tempfile.TemporaryDirectory(prefix="governance-demo-adopt-") as workdir:
        stack = sandbox_stack(EXAMPLE, Path(workdir), toolchain, account,
                              on_output=lambda line: print(f"==> {line}", flush=True))
        stack.init()
        _step("governance adopt (read-only: reads, terraform plan, change report)")
        first = run_adopt(stack, output / "first-run")
        print((output / "first-run" / "adoption-report.md").read_text())
        accept: tuple[str, ...] = ()
        if first.exit_code == 1:
            accept = tuple(first.pending)
            print(f"the reviewer accepts: {', '.join(accept)}")
        elif first.exit_code != 0:
            problems.append(f"adopt exited {first.exit_code}")
        adopted = run_adopt(stack, output, accept=accept)
        if adopted.exit_code != 0:
            problems.append(f"adopt with the acceptances exited {adopted.exit_code}")
        try:
            if not problems:
                _step("terraform apply of the adopted configuration")
                stack.apply()
                left = stack.pending_changes()
                print(f"re-plan: {left or 'no changes'}")
                if left:
                    problems.append(f"the re-plan is not empty: {left}")
                values = customer_values(account, ONBOARDING_REGIONS)
                counts = singleton_counts(values)
                print(f"singletons per region: {counts}")
                if any(n != 1 for region in counts.values() for n in region.values()):
                    problems.append(f"not one recorder, detector and hub per region: {counts}")
                if customer.trail_name not in {t["name"] for t in values["global"]["trails"]}:
                    problems.append(f"the customer's trail {customer.trail_name} is gone")
                problems += _audit_after(account, kept_resources(adopted.report, customer),
                                         output)
        except TerraformError as error:
            problems.append(str(error))
        finally:
            if stack.applied:
                _step("offboarding: removed blocks (destroy = false), terraform apply")
                try:
                    offboard(stack, output)
                except TerraformError as error:
                    problems.append(f"offboarding failed: {error}")
                else:
                    problems += _still_there(account, customer)
    sandbox.stop()
    print()
    for problem in problems:
        print(f"FAILED: {problem}")
    print(f"{'demo-adopt held every step' if not problems else 'demo-adopt FAILED'}; reports in "
          f"{output.resolve()}; {time.monotonic() - started:.0f} s in all")
    return 0 if not problems else 1


def _audit_after(account: Any, kept: dict[str, str], output: Path) -> list[str]:
    waivers = example_exceptions(EXAMPLE).in_force
    found, snapshot = _audit(account, waivers)  # one collection: the reviewer signs on it
    onboarding = onboarding_waivers(found, kept, account.account_id)
    (output / "onboarding-exceptions.toml").write_text(waivers_toml(onboarding))
    findings = apply_control_waivers(found, onboarding, account.account_id)
    for name, render in (("evidence.html", render_html), ("evidence.md", render_markdown)):
        (output / name).write_text(render(findings, snapshot, waivers=[*waivers, *onboarding]))
    modules = modules_called(EXAMPLE)
    baseline = [c for c in catalog().values() if c.implemented_by in modules and not c.emulator_gap]
    verdicts = {c.id: verdict(findings, c.id) for c in baseline}
    failing = sorted(c for c, s in verdicts.items() if s in (Status.FAIL, Status.ERROR))
    shown = {s.value: sum(1 for v in verdicts.values() if v is s) for s in set(verdicts.values())}
    print(f"audit after onboarding, the {len(baseline)} controls the baseline implements: {shown}")
    for waiver in onboarding:
        print(f"  WAIVED by the reviewer's onboarding exceptions: {waiver.control} "
              f"({waiver.resource})")
    return [f"after onboarding these controls FAIL or ERROR: {', '.join(failing)}"] \
        if failing else []


def _still_there(account: Any, customer: Any) -> list[str]:
    values = customer_values(account, ONBOARDING_REGIONS)
    counts = singleton_counts(values)
    print(f"after offboarding, singletons per region: {counts}")
    problems = [f"offboarding removed a singleton: {counts}"] if any(
        n != 1 for region in counts.values() for n in region.values()) else []
    glob = values["global"]
    if glob["password_policy"] is None or not glob["account_aliases"] or \
            glob["public_access_block"] is None:
        problems.append("offboarding removed the password policy, the alias or the BPA")
    if any(not region["ebs_encryption_by_default"] for region in values["regions"].values()):
        problems.append("offboarding switched EBS default encryption off")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.demo_adopt", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help=f"where the reports go (default {DEFAULT_OUTPUT})")
    args = parser.parse_args(argv)
    with sandbox_only():
        return run(args.output)


if __name__ == "__main__":
    sys.exit(main())
