"""The few terraform commands adoption runs in the user's root module: ``init`` when the
root was never initialised, then ``plan -out`` and ``show -json`` (read-only: a plan writes
no state and changes nothing in the account)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

TERRAFORM_BINARY_ENV = "TERRAFORM_BINARY"  # as harness/toolchain.py
PLAN_FILE = "governance-adopt.tfplan"


class TerraformFailed(RuntimeError):
    """A terraform command failed; the message holds its error lines."""


def find_terraform(named: str | None = None) -> str:
    binary = named or os.environ.get(TERRAFORM_BINARY_ENV) or shutil.which("terraform")
    if not binary or not os.access(binary, os.X_OK):
        raise TerraformFailed("terraform is not on PATH: install Terraform >= 1.7 or pass "
                              f"--terraform /path/to/terraform (or set {TERRAFORM_BINARY_ENV})")
    return binary


class RootModule:
    """terraform in ``root`` with ``env`` added to this process's environment."""

    def __init__(self, root: Path, binary: str, env: dict[str, str] | None = None) -> None:
        self.root = root
        self.binary = binary
        self.env = {**os.environ, "TF_IN_AUTOMATION": "1", "TF_INPUT": "0",
                    "CHECKPOINT_DISABLE": "1", **(env or {})}
        if "AWS_ACCESS_KEY_ID" in (env or {}):
            # the keys given win: no profile of the environment may pick other credentials
            for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
                self.env.pop(name, None)
            if not self.env.get("AWS_SESSION_TOKEN"):
                self.env.pop("AWS_SESSION_TOKEN", None)
        self.commands: list[tuple[str, float]] = []  # (command, seconds)

    def _run(self, *args: str) -> str:
        started = time.monotonic()
        result = subprocess.run([self.binary, *args], cwd=self.root, env=self.env,
                                capture_output=True, text=True, errors="replace", check=False)
        self.commands.append((args[0], round(time.monotonic() - started, 1)))
        if result.returncode != 0:
            lines = [line.strip(" │╷╵") for line in (result.stderr or result.stdout).splitlines()]
            summary = " ".join(line for line in lines if line)[:1500]
            raise TerraformFailed(f"terraform {args[0]} failed in {self.root}: {summary}")
        return result.stdout

    def init_if_needed(self) -> None:
        if not (self.root / ".terraform").is_dir():
            self._run("init", "-input=false", "-no-color")

    def plan(self, *args: str) -> dict[str, Any]:
        """The plan of the root as ``terraform show -json`` gives it (``args``: more flags)."""
        try:
            # -lock=false: a plan changes nothing, and read-only backend credentials cannot
            # take the state lock (a lock file or item would be a write)
            self._run("plan", "-input=false", "-no-color", "-lock=false", f"-out={PLAN_FILE}",
                      *args)
            return json.loads(self._run("show", "-json", PLAN_FILE))
        finally:
            (self.root / PLAN_FILE).unlink(missing_ok=True)
