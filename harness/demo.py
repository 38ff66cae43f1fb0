"""``make demo``: the whole baseline on a disposable moto account, proved control by control.

Applies examples/complete (every module) to a fresh sandbox account, audits every governed
region with the read-only collector, prints the per-control table, writes the evidence
report (HTML, Markdown), the partner's evidence document (evidence-document.html and its PDF,
evidence.pdf, printed by headless Chromium) and the findings (JSON, JUnit) under build/demo/,
then destroys.
Exit code 0 only when no control the baseline implements FAILs or ERRORs: each PASSes, is
WAIVED by the exceptions the example ships (terraform/<example>/exceptions.toml: reason,
owner, expiry), or is NOT_PROVABLE on moto (listed, with why). Verify-only controls (what
Terraform cannot set, such as root MFA) are listed apart.
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

from governance import audit as pipeline
from governance.catalog import VERIFY_ONLY, catalog
from governance.checks import verdict
from governance.model import Status
from governance.report.pdf import ChromiumMissing, PrintFailed, find_chromium
from governance.report.table import newest_cis_line
from harness.examples import sandbox_stack
from harness.guard import sandbox_only
from harness.moto_sandbox import MotoSandbox
from harness.terraform import TerraformError, modules_called
from harness.toolchain import ToolchainMissing, discover

DEFAULT_EXAMPLE = "examples/complete"
DEFAULT_OUTPUT = Path("build/demo")


class ProgressPrinter(logging.Handler):
    """Turns tftest's streamed ``terraform -json`` lines into one progress line per resource."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = json.loads(record.getMessage())
        except (ValueError, TypeError):
            return
        if not isinstance(message, dict):
            return
        kind = message.get("type")
        resource = message.get("hook", {}).get("resource", {}).get("resource", "")
        if resource.startswith("data."):
            return
        if kind in {"apply_complete", "change_summary"} or (
                kind == "diagnostic" and message.get("@level") == "error"):
            print(f"    {message.get('@message', '')}", flush=True)


def _show_progress() -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    tftest_log = logging.getLogger("tftest")
    tftest_log.setLevel(logging.INFO)
    tftest_log.propagate = False
    tftest_log.addHandler(ProgressPrinter())


EXCEPTIONS_FILE = "exceptions.toml"
# The evidence the demo writes under --output (file names: governance.audit.FILES); the
# table is printed, and the document's PDF printed after them.
DEMO_FORMATS = ("html", "markdown", "document", "json", "junit")


def example_exceptions(example: str) -> pipeline.Waivers:
    """The exceptions the example ships (terraform/<example>/exceptions.toml), in force and
    expired."""
    path = Path(__file__).resolve().parents[1] / "terraform" / example / EXCEPTIONS_FILE
    return pipeline.load_waivers(path if path.is_file() else None)


def run(example: str, output: Path) -> int:
    started = time.monotonic()
    try:
        toolchain = discover()
    except ToolchainMissing as missing:
        print(f"error: {missing}", file=sys.stderr)
        return 2
    try:
        find_chromium()  # the PDF of the evidence document: known before anything is applied
    except ChromiumMissing as missing:
        print(f"error: {missing}", file=sys.stderr)
        return 2
    _show_progress()
    print(f"Terraform {toolchain.terraform_version}; hashicorp/aws from "
          f"{toolchain.provider_mirror or 'the registry (no local mirror found)'}")
    sandbox = MotoSandbox()
    account = sandbox.new_account()
    print(f"moto sandbox at {sandbox.endpoint}; disposable account {account.account_id}")
    modules = modules_called(example)
    baseline = sorted(c.id for c in catalog().values()
                      if c.implemented_by in modules and not c.emulator_gap)
    waivers = example_exceptions(example)
    for waiver in waivers.expired:
        print(f"warning: exception for {waiver.target} expired on {waiver.expires}: ignored")
    findings = []
    printed = True  # the evidence document's PDF (False when Chromium failed to print it)
    with tempfile.TemporaryDirectory(prefix="governance-demo-") as workdir:
        stack = sandbox_stack(example, Path(workdir), toolchain, account,
                              on_output=lambda line: print(f"==> {line}", flush=True))
        try:
            stack.init()
            stack.apply()
            regions = stack.outputs().get("governed_regions") or [account.region]
            print(f"==> audit of {', '.join(regions)} (read-only collector, then checks)")
            snapshot = pipeline.collect(account.session, regions=regions,
                                        endpoint_url=account.endpoint, proxies=account.proxies)
            output.mkdir(parents=True, exist_ok=True)
            # as `governance audit` does: organization-only controls left out of this
            # single-account run (the example manages no organization)
            findings = pipeline.run(snapshot, waivers=waivers, formats=DEMO_FORMATS,
                                    output=output, single_account=True).findings
            print()
            print(pipeline.render(findings, snapshot, "table", waivers=waivers))
            printing = time.monotonic()
            pdf = pipeline.print_pdf(output)
            print(f"==> evidence.pdf: {pdf.stat().st_size // 1024} KiB, printed by headless "
                  f"Chromium in {time.monotonic() - printing:.1f} s")
        except (TerraformError, PrintFailed) as error:
            print(f"error: {error}", file=sys.stderr)
            printed = not isinstance(error, PrintFailed)
        finally:
            if stack.applied:
                stack.destroy()
    sandbox.stop()
    if not findings or not printed:
        return 1
    verdicts = {c: verdict(findings, c) for c in baseline}
    failing = [c for c, status in verdicts.items() if status in (Status.FAIL, Status.ERROR)]
    waived = [c for c, status in verdicts.items() if status is Status.WAIVED]
    unprovable = [c for c, status in verdicts.items() if status is Status.NOT_PROVABLE]
    print()
    print(f"Evidence report: {(output / 'evidence.html').resolve()} (and evidence.md, "
          "evidence-document.html, evidence.pdf, findings.json, findings.junit.xml beside it)")
    print(f"  {newest_cis_line(findings, waivers=waivers.in_force, account_id=account.account_id)}")
    for control in sorted(catalog().values(), key=lambda c: c.id):
        if control.implemented_by == VERIFY_ONLY:
            status = verdict(findings, control.id).value
            print(f"  verify-only (Terraform cannot set it): {control.id} {status}")
        elif control.implemented_by in modules and control.emulator_gap:
            print(f"  proved at plan level only on moto: {control.id}: {control.emulator_gap}")
    for control_id in waived:
        print(f"  WAIVED by {EXCEPTIONS_FILE} of {example} (reason, owner, expiry in the "
              f"report): {control_id}")
    for control_id in unprovable:
        print(f"  NOT_PROVABLE on moto (see the reason in the report): {control_id}")
    passed = len(baseline) - len(waived) - len(unprovable)
    summary = (f"no FAIL or ERROR among the {len(baseline)} controls the baseline implements "
               f"({passed} PASS, {len(waived)} WAIVED, {len(unprovable)} NOT_PROVABLE)"
               if not failing else f"NOT every baseline control held: {', '.join(failing)}")
    print(f"{summary}; {len(stack.commands)} terraform commands; "
          f"{time.monotonic() - started:.0f} s in all")
    return 0 if not failing else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.demo", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--example", default=DEFAULT_EXAMPLE,
                        help=f"root module under terraform/ (default {DEFAULT_EXAMPLE})")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help=f"where the evidence report goes (default {DEFAULT_OUTPUT})")
    args = parser.parse_args(argv)
    with sandbox_only():
        return run(args.example, args.output)


if __name__ == "__main__":
    sys.exit(main())
