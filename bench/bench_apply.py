"""Benchmark: init, apply, audit, re-plan and destroy of an example on a moto account.

    .venv/bin/python -m bench.bench_apply examples/complete [--var key=json ...]

Reports wall time per terraform command, the floor the apply is compared with (one
provider start-up, measured here as an empty plan, plus the aws provider's fixed
S3 lifecycle consistency wait when the example creates a lifecycle configuration), and
the peak memory of the largest process (terraform or the provider). Writes
bench/results/apply-<example>.md and .json.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import sys
import tempfile
import time
from pathlib import Path

from governance.checks import evaluate
from harness.examples import sandbox_stack
from harness.guard import sandbox_only
from harness.moto_sandbox import MotoSandbox
from harness.plan import planned_resources
from harness.terraform import VARIABLES_FILE, TerraformStack, quiet_tftest
from harness.toolchain import discover

RESULTS = Path(__file__).resolve().parent / "results"
# aws provider 5.100: aws_s3_bucket_lifecycle_configuration waits 10 s, then for 10
# matching reads 5 s apart (MOTO-NOTES.md), whatever the endpoint.
LIFECYCLE_WAIT_S = 55.0


def timed(label: str, timings: dict[str, float], action):
    started = time.perf_counter()
    result = action()
    timings[label] = round(time.perf_counter() - started, 1)
    print(f"{label}: {timings[label]} s", flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("example", help="root module under terraform/, e.g. examples/complete")
    parser.add_argument("--var", action="append", default=[],
                        help="variable as key=<json value> (repeatable)")
    args = parser.parse_args()
    variables = {}
    for item in args.var:
        key, _, value = item.partition("=")
        variables[key] = json.loads(value)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    quiet_tftest()
    timings: dict[str, float] = {}
    with sandbox_only(), tempfile.TemporaryDirectory(prefix="governance-bench-") as scratch:
        toolchain = discover()
        sandbox = MotoSandbox()
        floor_account = sandbox.new_account()
        probe = TerraformStack("examples/human-access", Path(scratch) / "probe", toolchain,
                               provider_override=floor_account.provider_override(),
                               env=floor_account.provider_environment)
        probe.init()
        # An empty-account refresh-only plan: what one provider start-up costs here.
        timed("provider start-up (plan -refresh-only, empty state)", timings,
              lambda: probe._run("plan", "-refresh-only", "-input=false"))
        account = sandbox.new_account()
        stack = sandbox_stack(args.example, Path(scratch) / "bench", toolchain, account, variables)
        variables = json.loads((stack.root / VARIABLES_FILE).read_text())  # as applied
        timed("init", timings, stack.init)
        plan = timed("plan (for the resource count)", timings, stack.plan_json)
        resources = list(planned_resources(plan))
        timed("apply", timings, stack.apply)
        regions = stack.outputs().get("governed_regions") or [account.region]

        def audit() -> int:
            return len(evaluate(account.collector(regions).collect()))

        findings = timed(f"audit ({', '.join(regions)}: collect + evaluate)", timings, audit)
        timed("re-plan", timings, stack.pending_changes)
        timed("destroy", timings, stack.destroy)
        sandbox.stop()
    lifecycle = any(r["type"] == "aws_s3_bucket_lifecycle_configuration" for r in resources)
    startup = timings["provider start-up (plan -refresh-only, empty state)"]
    floor = round(startup + (LIFECYCLE_WAIT_S if lifecycle else 0.0), 1)
    peak_mb = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    row = {"example": args.example, "resources": len(resources), "findings": findings,
           "timings_s": timings,
           "apply_floor_s": floor, "apply_over_floor_s": round(timings["apply"] - floor, 1),
           "peak_process_rss_mb": peak_mb, "variables": variables}
    RESULTS.mkdir(exist_ok=True)
    name = args.example.replace("/", "-")
    (RESULTS / f"apply-{name}.json").write_text(json.dumps(row, indent=2))
    lines = [f"# Apply benchmark: {args.example}", "",
             f"Measured {time.strftime('%Y-%m-%d')} on moto in-process (`bench/bench_apply.py "
             f"{args.example}`), {len(resources)} resources.", "",
             "| step | seconds |", "|---|---|"]
    lines += [f"| {label} | {value} |" for label, value in timings.items()]
    lines += ["", f"Apply floor: {floor} s (provider start-up {startup} s"
              + (f" + S3 lifecycle wait {LIFECYCLE_WAIT_S:.0f} s" if lifecycle else "") + "); "
              f"apply took {timings['apply']} s, {row['apply_over_floor_s']} s over the floor.",
              f"Peak memory of the largest process: {peak_mb} MB."]
    (RESULTS / f"apply-{name}.md").write_text("\n".join(lines) + "\n")
    print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
