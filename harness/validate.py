"""``make lint``: ``terraform validate`` on every module and example, each in a private copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from harness.terraform import TERRAFORM_ROOT
from harness.toolchain import ToolchainMissing, discover


def root_modules() -> list[Path]:
    return sorted(p.parent for p in TERRAFORM_ROOT.glob("*/*/versions.tf")) + sorted(
        p.parent for p in TERRAFORM_ROOT.glob("baseline/versions.tf"))


def main() -> int:
    try:
        toolchain = discover()
    except ToolchainMissing as missing:
        print(f"error: {missing}", file=sys.stderr)
        return 2
    failed = []
    with tempfile.TemporaryDirectory(prefix="governance-validate-") as scratch:
        copy = Path(scratch) / "terraform"
        shutil.copytree(TERRAFORM_ROOT, copy, ignore=shutil.ignore_patterns(
            ".terraform", "*.tfstate*", ".terraform.lock.hcl"))
        env = {**os.environ, **toolchain.environment(Path(scratch) / "cli")}
        for module in root_modules():
            where = copy / module.relative_to(TERRAFORM_ROOT)
            name = module.relative_to(TERRAFORM_ROOT)
            for command in (["init", "-backend=false", "-input=false"], ["validate", "-no-color"]):
                result = subprocess.run([toolchain.terraform, *command], cwd=where, env=env,
                                        capture_output=True, text=True, check=False)
                if result.returncode != 0:
                    failed.append(str(name))
                    print(f"FAIL {name}: terraform {command[0]}\n{result.stderr or result.stdout}")
                    break
            else:
                print(f"ok   {name}")
    if failed:
        print(f"terraform validate failed for: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
