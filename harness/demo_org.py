"""``make demo-org``: an organization on moto, guarded and audited account by account.

Applies terraform/examples/organization/management to a disposable moto management account
(the organization, the Security and Workloads OUs, log-archive + audit + two workload
accounts, the guardrail SCPs on the root, the delegated administrators moto can hold), then
examples/organization/member (the account baseline, through the member role) in the first
``--governed-members`` workload accounts, runs ``python -m governance audit --organization``
over every account, prints the roll-up and the CIS v7.0.0 organization items judged in the
management account (2.1.1 centralized root access, 2.1.2 guardrails, 2.1.5 policy
delegation, 2.1.6 delegated admins, 2.18 the organization analyzer), writes it under
build/demo-org/ (rollup.html, rollup.md, rollup.json, rollup.junit.xml, the organization's
evidence document rollup-document.html and rollup.pdf, accounts/<id>/ evidence with each
account's evidence-document.html and evidence.pdf: ``--format document``), then destroys it
all.

The accounts left without the member baseline show what an ungoverned account looks like:
their FAILs are the point. Exit code: 0 when every governed member and the organization
layer hold (no FAIL or ERROR among the controls the applied modules implement), else 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from harness.demo import _show_progress
from harness.examples import sandbox_stack
from harness.guard import sandbox_only
from harness.moto_sandbox import MotoSandbox
from harness.organization import MEMBER_EXAMPLE, MEMBER_ROLE_NAME, applied_organization
from harness.terraform import TerraformError, modules_applied
from harness.toolchain import ToolchainMissing, discover

DEFAULT_OUTPUT = Path("build/demo-org")


@contextmanager
def _credentials_of(session: Any, region: str) -> Iterator[None]:
    """The management account's credentials in the environment for the audit (as a caller
    running it from the management account would have them)."""
    frozen = session.get_credentials().get_frozen_credentials()
    values = {"AWS_ACCESS_KEY_ID": frozen.access_key, "AWS_SECRET_ACCESS_KEY": frozen.secret_key,
              "AWS_SESSION_TOKEN": frozen.token or "", "AWS_DEFAULT_REGION": region}
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run(output: Path, governed_members: int) -> int:
    from governance.cli.main import main as governance_main

    started = time.monotonic()
    try:
        toolchain = discover()
    except ToolchainMissing as missing:
        print(f"error: {missing}", file=sys.stderr)
        return 2
    _show_progress()
    sandbox = MotoSandbox()
    print(f"moto sandbox at {sandbox.endpoint}")
    code = 2
    applied: dict[str, set[str]] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="governance-demo-org-") as workdir, \
                applied_organization(sandbox, toolchain, Path(workdir) / "management",
                                     on_output=lambda line: print(f"==> {line}", flush=True),
                                     ) as org, ExitStack() as members:
            print(f"organization {org.organization_id}: management {org.management_account_id}, "
                  + ", ".join(f"{name} {i}" for name, i in sorted(org.account_ids.items())))
            governed = org.member_account_ids[:governed_members]
            for account_id in governed:
                print(f"==> member baseline in {account_id} through {MEMBER_ROLE_NAME}")
                member = sandbox.account(account_id)
                stack = sandbox_stack(MEMBER_EXAMPLE, Path(workdir) / account_id, toolchain,
                                      member, {"account_id": account_id},
                                      on_output=lambda line: print(f"==> {line}", flush=True))
                members.callback(lambda s=stack: s.applied and s.destroy())
                stack.init()
                stack.apply()
                applied[account_id] = modules_applied(stack.root, stack.state_file)
            region = org.management.region
            print(f"==> audit --organization ({region}; read-only; one unit per account)")
            with _credentials_of(org.management.session, region):
                code = governance_main([
                    "audit", "--organization", "--endpoint-url", sandbox.endpoint,
                    "--regions", region, "--member-role", MEMBER_ROLE_NAME,
                    "--format", "document", "--output", str(output)])
            _print_rollup(output, org.management_account_id, governed)
            _print_organization_items(output, org.management_account_id)
    except (TerraformError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        sandbox.stop()
    print(f"audit exit code {code} (0 PASS, 1 some FAIL, 2 some ERROR: the ungoverned "
          f"accounts are expected to FAIL); {time.monotonic() - started:.0f} s in all")
    return 0 if _governed_hold(output, applied) else 1


def _print_rollup(output: Path, management: str, governed: list[str]) -> None:
    rollup = json.loads((output / "rollup.json").read_text())
    print()
    print(f"{'account':<14} {'name':<14} {'role':<11} {'outcome':<8} worst   counts")
    for account in rollup["accounts"]:
        role = ("management" if account["account_id"] == management else
                "governed" if account["account_id"] in governed else account["role"])
        counts = " ".join(f"{k}={v}" for k, v in sorted(account["counts"].items()))
        print(f"{account['account_id']:<14} {account['name'][:14]:<14} {role:<11} "
              f"{account['outcome']:<8} {account['worst']:<7} {counts or account['error']}")
    print()
    for key, figures in rollup["summary"]["per_framework"].items():
        print(f"{key}: {figures['compliant_accounts']} of {rollup['summary']['audited']} "
              f"audited accounts compliant")
    print(f"\nRoll-up: {(output / 'rollup.html').resolve()} (rollup.md, rollup.json, "
          f"rollup.junit.xml beside it; each account's evidence under accounts/<id>/)")
    print(f"Evidence document: {(output / 'rollup-document.html').resolve()} (rollup.pdf "
          f"beside it; each account's evidence-document.html and evidence.pdf)")


# The organization items of CIS v7.0.0 (and the organization analyzer), judged once in the
# management account's unit.
ORGANIZATION_ITEMS = ("2.1.1", "2.1.2", "2.1.5", "2.1.6", "2.18")


def _print_organization_items(output: Path, management: str) -> None:
    """The management account's verdict of each CIS v7.0.0 organization item, with the
    one-line reason of each control that answers it (the roll-up's items of that account)."""
    from governance.catalog import catalog

    rollup = json.loads((output / "rollup.json").read_text())
    account = next(a for a in rollup["accounts"] if a["account_id"] == management)
    items = (account.get("items") or {}).get("cis_aws_v7") or {}
    findings = json.loads((output / "accounts" / management / "findings.json").read_text(
        ))["findings"] if account["outcome"] == "AUDITED" else []
    print("CIS v7.0.0 organization items, judged in the management account:")
    for item in ORGANIZATION_ITEMS:
        print(f"  {item:<6} {items.get(item, 'NOT_ASSESSED')}")
        controls = sorted(c.id for c in catalog().values() if item in c.frameworks.cis_aws_v7)
        for control in controls:
            reasons = sorted({f["reason"] for f in findings if f["control_id"] == control
                              and f["status"] != "PASS"}) or sorted(
                {f["reason"] for f in findings if f["control_id"] == control})
            if reasons:
                print(f"         {control}: {reasons[0][:150]}"
                      + (f" (+{len(reasons) - 1} more)" if len(reasons) > 1 else ""))
    print()


def _governed_hold(output: Path, applied: dict[str, set[str]]) -> bool:
    """The organization layer (judged in the management account) and every governed member
    (account id => the modules in its member state): no FAIL or ERROR among the controls
    those modules implement. One finding is the organization's, not the member baseline's:
    the trust of the role Organizations made in the member (MEMBER_ROLE_NAME, trusting the
    management account without MFA). It stays FAIL in the evidence and is named here."""
    from governance.catalog import catalog

    controls = [c for c in catalog().values() if not c.emulator_gap]
    organization_layer = {c.id for c in controls if c.implemented_by == "organization-guardrails"}
    rollup = json.loads((output / "rollup.json").read_text())
    holds = True
    management = rollup["organization"]["management_account_id"]
    for account in rollup["accounts"]:
        account_id = account["account_id"]
        wanted = (organization_layer if account_id == management else
                  {c.id for c in controls if c.implemented_by in applied[account_id]}
                  if account_id in applied else set())
        bad = sorted(c for c in wanted if account["controls"].get(c) in ("FAIL", "ERROR"))
        findings = json.loads((output / "accounts" / account_id / "findings.json").read_text(
            ))["findings"] if bad else []
        organizations_own = [c for c in bad if _only_the_member_role(findings, c)]
        if organizations_own:
            print(f"  {account_id}: {', '.join(organizations_own)} FAIL on {MEMBER_ROLE_NAME} "
                  "alone (made by Organizations, outside the member baseline; see its evidence)")
        bad = [c for c in bad if c not in organizations_own]
        if bad:
            holds = False
            print(f"  {account_id}: {', '.join(bad)} did not hold")
    return holds


def _only_the_member_role(findings: list[dict[str, Any]], control_id: str) -> bool:
    """Every problem of the control's FAIL findings (an account's findings.json) names the
    member role."""
    failed = [f for f in findings if f["control_id"] == control_id and f["status"] == "FAIL"]
    problems: list[str] = []
    for finding in failed:
        listed = (finding.get("evidence") or {}).get("problems") or {}  # {count, items}
        if not listed.get("items") or listed.get("count") != len(listed["items"]):
            return False  # none listed, or more than the evidence lists
        problems += listed["items"]
    return bool(problems) and all(p.startswith(f"{MEMBER_ROLE_NAME}:") for p in problems)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.demo_org", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help=f"where the roll-up and evidence go (default {DEFAULT_OUTPUT})")
    parser.add_argument("--governed-members", type=int, default=1, choices=range(0, 3),
                        help="workload accounts that get the member baseline (0-2, default 1)")
    args = parser.parse_args(argv)
    with sandbox_only():
        return run(args.output, args.governed_members)


if __name__ == "__main__":
    sys.exit(main())
