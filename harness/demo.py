"""``make demo``: apply an example to a disposable moto account, audit it, print, destroy.

Exit code 0 only when every control of the example's modules PASSes.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from governance.catalog import catalog
from governance.checks import evaluate
from governance.collect import Collector
from governance.model import Status
from governance.report.table import render_table
from harness.guard import sandbox_only
from harness.moto_sandbox import MotoSandbox
from harness.terraform import TerraformError, TerraformStack
from harness.toolchain import ToolchainMissing, discover

DEFAULT_EXAMPLE = "examples/human-access"


class ProgressPrinter(logging.Handler):
    """Turns tftest's streamed ``terraform -json`` lines into one progress line per resource."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = json.loads(record.getMessage())
        except (ValueError, TypeError):
            return
        kind = message.get("type")
        resource = message.get("hook", {}).get("resource", {}).get("resource", "")
        if resource.startswith("data."):
            return
        if kind in {"apply_complete", "change_summary"} or (
                kind == "diagnostic" and message.get("@level") == "error"):
            print(f"    {message.get('@message', '')}", flush=True)


def modules_of(example: str) -> set[str]:
    """The terraform/modules/<name> an example calls (from its module sources)."""
    root = Path(__file__).resolve().parent.parent / "terraform" / example
    text = "\n".join(path.read_text() for path in root.glob("*.tf"))
    return {line.split("modules/")[1].split('"')[0] for line in text.splitlines()
            if "source" in line and "modules/" in line}


def run(example: str) -> int:
    started = time.monotonic()
    try:
        toolchain = discover()
    except ToolchainMissing as missing:
        print(f"error: {missing}", file=sys.stderr)
        return 2
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    tftest_log = logging.getLogger("tftest")
    tftest_log.setLevel(logging.INFO)
    tftest_log.propagate = False
    tftest_log.addHandler(ProgressPrinter())
    mirror = toolchain.provider_mirror or "registry (no local mirror found)"
    print(f"Terraform {toolchain.terraform_version}; hashicorp/aws from {mirror}")
    sandbox = MotoSandbox()
    account = sandbox.new_account()
    print(f"moto sandbox at {sandbox.endpoint}; disposable account {account.account_id}")
    controls = sorted(c.id for c in catalog().values() if c.implemented_by in modules_of(example))
    with tempfile.TemporaryDirectory(prefix="governance-demo-") as workdir:
        stack = TerraformStack(example, Path(workdir), toolchain,
                               provider_override=account.provider_override(), account=account,
                               on_output=lambda line: print(f"==> {line}", flush=True))
        try:
            stack.init()
            stack.apply()
            print("==> audit (read-only collector, then checks)")
            collector = Collector(account.session, endpoint_url=account.endpoint,
                                  proxies=account.proxies, regions=[account.region])
            findings = evaluate(collector.collect(), controls)
            print()
            print(render_table(findings))
            print()
        except TerraformError as error:
            print(f"error: {error}", file=sys.stderr)
            findings = []
        finally:
            if stack.applied:
                stack.destroy()
    sandbox.stop()
    passed = bool(findings) and all(f.status is Status.PASS for f in findings)
    verdict = "every control PASS" if passed else "NOT every control passed"
    print(f"{verdict}; {len(stack.commands)} terraform commands; "
          f"{time.monotonic() - started:.0f} s in all")
    return 0 if passed else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.demo", description=__doc__)
    parser.add_argument("--example", default=DEFAULT_EXAMPLE,
                        help=f"root module under terraform/ (default {DEFAULT_EXAMPLE})")
    args = parser.parse_args(argv)
    with sandbox_only():
        return run(args.example)


if __name__ == "__main__":
    sys.exit(main())
