"""``make lint``: ``terraform validate`` on every module and example, each in a private copy."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from harness.terraform import TERRAFORM_ROOT
from harness.toolchain import ToolchainMissing, discover


def root_modules() -> list[Path]:
    """Every module and example, including examples made of several root modules (e.g.
    examples/organization/management and .../member)."""
    return sorted(p.parent for p in TERRAFORM_ROOT.glob("*/*/versions.tf")) + sorted(
        p.parent for p in TERRAFORM_ROOT.glob("examples/*/*/versions.tf")) + sorted(
        p.parent for p in TERRAFORM_ROOT.glob("baseline/versions.tf"))


def alias_stubs(module: Path) -> str:
    """Empty provider blocks for the aliases a module declares in configuration_aliases
    (a caller passes them; validated on its own, the module needs them declared)."""
    text = "".join(path.read_text() for path in module.glob("*.tf"))
    aliases = sorted({alias for block in re.findall(r"configuration_aliases\s*=\s*\[([^\]]*)\]", text)
                      for alias in re.findall(r"aws\.(\w+)", block)})
    return "".join(f'provider "aws" {{\n  alias = "{alias}"\n}}\n' for alias in aliases)


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
            stubs = alias_stubs(where)
            if stubs:  # only in the scratch copy
                (where / "validate_alias_stubs.tf").write_text(stubs)
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
