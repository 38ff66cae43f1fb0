"""Terraform runs on tftest: copy a root module, inject the target's provider, apply, destroy.

A :class:`TerraformStack` works on a private copy of ``terraform/`` (so relative module
sources resolve and parallel runs never share ``.terraform`` or state), writes the
target's provider override and the variables as ``*.auto.tfvars.json``, and runs as few
terraform commands as the caller asks for: ``init`` + ``apply`` (which plans), then
``plan`` only when a re-plan is wanted, and ``destroy``.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tftest

from harness.toolchain import Toolchain

TERRAFORM_ROOT = Path(__file__).resolve().parent.parent / "terraform"
OVERRIDE_FILE = "harness_provider_override.tf"
VARIABLES_FILE = "harness.auto.tfvars.json"
INTERRUPT_GRACE_SECONDS = 120  # terraform's own wait for in-flight operations after SIGINT
REGISTRY_UNREACHABLE_HINTS = ("Failed to query available provider packages",
                              "could not connect to registry", "Failed to install provider")


class TerraformError(RuntimeError):
    """A terraform command failed; ``diagnostics`` holds its error messages."""

    def __init__(self, message: str, diagnostics: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


@dataclass(frozen=True)
class Diagnostic:
    severity: str
    summary: str
    detail: str
    address: str


def parse_json_lines(output: str) -> list[dict[str, Any]]:
    """The JSON messages of a ``terraform ... -json`` run (other lines are skipped)."""
    messages = []
    for line in output.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                messages.append(json.loads(line))
            except ValueError:
                continue
    return messages


def error_diagnostics(output: str) -> list[Diagnostic]:
    found = []
    for message in parse_json_lines(output):
        diagnostic = message.get("diagnostic")
        if message.get("type") == "diagnostic" and diagnostic and \
                diagnostic.get("severity") == "error":
            found.append(Diagnostic(
                severity="error", summary=diagnostic.get("summary", ""),
                detail=diagnostic.get("detail", ""), address=diagnostic.get("address", ""),
            ))
    return found


class TerraformStack:
    """One root module (an example or a fixture) applied to one target.

    ``example`` is a path under ``terraform/`` (e.g. ``examples/human-access``);
    ``provider_override`` is the text of a provider override (None: the module's own
    provider configuration, e.g. a real account through the user's credentials).
    """

    def __init__(self, example: str, workdir: Path, toolchain: Toolchain, *,
                 provider_override: str | None, variables: dict[str, Any] | None = None,
                 env: dict[str, str] | None = None, account: Any = None,
                 on_output: Callable[[str], None] | None = None) -> None:
        source = TERRAFORM_ROOT / example
        if not (source.is_dir() and any(source.glob("*.tf"))):
            raise ValueError(f"no Terraform root module at terraform/{example}")
        self.example = example
        self.account = account  # the target account (e.g. a SandboxAccount), for callers
        self.workdir = workdir
        copy = workdir / "terraform"
        shutil.copytree(TERRAFORM_ROOT, copy, ignore=shutil.ignore_patterns(
            ".terraform", "*.tfstate*", ".terraform.lock.hcl"))
        self.root = copy / example
        if provider_override is not None:
            (self.root / OVERRIDE_FILE).write_text(provider_override)
        (self.root / VARIABLES_FILE).write_text(json.dumps(variables or {}, indent=2))
        self.commands: list[str] = []
        self.applied = False
        self.destroyed = False
        self._on_output = on_output
        run_env = {**toolchain.environment(workdir / "cli-config"), **(env or {})}
        self.tf = tftest.TerraformTest(str(self.root), binary=toolchain.terraform, env=run_env)

    def add_provider_override(self, name: str, text: str) -> None:
        """Another provider override file (e.g. for an aliased provider)."""
        (self.root / f"harness_{name}_override.tf").write_text(text)

    @property
    def state_file(self) -> Path:
        return self.root / "terraform.tfstate"

    def _run(self, command: str, *args: str) -> tftest.TerraformCommandOutput:
        self.commands.append(command)
        if self._on_output:
            self._on_output(f"terraform {command} ({self.example})")
        try:
            return self.tf.execute_command(command, "-no-color", *args)
        except tftest.TerraformTestError as error:
            output = str(error.args[0]) if error.args else str(error)
            diagnostics = error_diagnostics(output)
            if command == "init" and any(hint in output for hint in REGISTRY_UNREACHABLE_HINTS):
                raise TerraformError(
                    "terraform init could not install hashicorp/aws: no provider mirror was "
                    "found and the registry is unreachable; set TERRAFORM_PROVIDER_MIRROR to a "
                    "filesystem mirror (terraform providers mirror DIR) or connect to the "
                    "internet") from error
            summary = "; ".join(f"{d.summary}: {d.detail}".strip(": ") for d in diagnostics)
            raise TerraformError(
                f"terraform {command} failed in {self.root}: {summary or output[-2000:]}",
                [d.__dict__ for d in diagnostics]) from error

    def init(self) -> None:
        self._run("init", "-input=false")

    def apply(self, *args: str, on_message: Callable[[dict[str, Any]], None] | None = None,
              ) -> None:
        """Plan and apply in one command (``args``: more flags, e.g. ``-parallelism=1``);
        ``on_message`` sees each ``terraform apply -json`` message as it comes.

        Ctrl-C (SIGINT, KeyboardInterrupt) during the apply: terraform is asked to stop
        (one SIGINT: it finishes what is in flight and writes its state), then a destroy is
        attempted; the state path and the destroy's outcome are printed to stderr and the
        KeyboardInterrupt goes on. A failed apply may have created resources: ``applied``
        is then left False, but :meth:`holds_resources` tells from the state file.
        """
        command = ["apply", "-no-color", "-input=false", "-auto-approve", "-json", *args]
        self.commands.append("apply")
        if self._on_output:
            self._on_output(f"terraform apply ({self.example})")
        env = dict(self.tf.env)
        if os.environ.get(PROVIDER_LOG_ENV) == "1":  # .ci/run: why a CI apply failed
            env.update(TF_LOG_PROVIDER="DEBUG", TF_LOG_PATH=str(self.provider_log))
        # Own process group: a terminal's Ctrl-C reaches only the harness, which passes one
        # SIGINT on (two would make terraform exit at once, without writing its state).
        process = subprocess.Popen([self.tf.binary, *command], cwd=self.tf.tfdir,
                                   env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, errors="replace",
                                   start_new_session=True)
        lines: list[str] = []
        progress = logging.getLogger("tftest")  # where tftest logs its lines (make demo)
        try:
            assert process.stdout is not None
            for line in process.stdout:
                lines.append(line)
                progress.info(line.strip())
                if on_message is not None and line.startswith("{"):
                    try:
                        message = json.loads(line)
                    except ValueError:
                        continue
                    on_message(message)
            stderr = process.stderr.read() if process.stderr else ""
            code = process.wait()
        except KeyboardInterrupt:
            self._interrupted(process)
            raise
        except BaseException:
            process.kill()
            process.wait()
            raise
        if code != 0:
            output = "".join(lines) + stderr
            diagnostics = error_diagnostics(output)
            summary = "; ".join(f"{d.summary}: {d.detail}".strip(": ") for d in diagnostics)
            trace = provider_log_excerpt(self.provider_log) if "TF_LOG_PATH" in env else ""
            raise TerraformError(
                f"terraform apply failed in {self.root}: {summary or output[-2000:]} "
                f"-- state kept at {self.state_file}{trace}", [d.__dict__ for d in diagnostics])
        self.applied = True

    @property
    def provider_log(self) -> Path:
        return self.root / "terraform-provider-debug.log"

    def _interrupted(self, process: subprocess.Popen[str]) -> None:
        print(f"\ninterrupted: stopping terraform apply of {self.example}; state at "
              f"{self.state_file}", file=sys.stderr, flush=True)
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.communicate(timeout=INTERRUPT_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
        print(f"interrupted: destroying what the apply created (state {self.state_file})",
              file=sys.stderr, flush=True)
        try:
            self.destroy()
        except TerraformError as error:
            print(f"interrupted: destroy FAILED, resources may remain: {error}",
                  file=sys.stderr, flush=True)
        else:
            print("interrupted: destroy done", file=sys.stderr, flush=True)

    def holds_resources(self) -> bool:
        """True when the state file lists managed resources (e.g. after a failed apply)."""
        try:
            state = json.loads(self.state_file.read_text())
        except (OSError, ValueError):
            return False
        return any(resource.get("mode") == "managed" and resource.get("instances")
                   for resource in state.get("resources", []))

    def plan_json(self) -> dict[str, Any]:
        """The plan as ``terraform show -json`` renders it (two commands: plan, show)."""
        self._run("plan", "-input=false", "-out=harness.tfplan")
        shown = self._run("show", "-json", "harness.tfplan")
        return json.loads(shown.out)

    def pending_changes(self) -> list[str]:
        """Addresses with planned changes (empty after a clean apply)."""
        result = self._run("plan", "-input=false", "-detailed-exitcode", "-json")
        changes = []
        for message in parse_json_lines(result.out):
            if message.get("type") == "planned_change":
                change = message.get("change", {})
                changes.append(f"{change.get('action')} {change.get('resource', {}).get('addr')}")
        if result.retcode == 2 and not changes:
            changes.append("terraform plan exited 2 (changes present)")
        return changes

    def outputs(self) -> dict[str, Any]:
        result = self._run("output", "-json")
        return {name: item["value"] for name, item in json.loads(result.out).items()}

    def destroy(self) -> None:
        """Destroy everything; on failure the state file is kept and its path is given.

        Without a refresh: the harness destroys what its own apply recorded, and a refresh
        costs one more start of every provider process and a read of every resource
        (examples/complete: 31 -> 25 s); a resource already gone is no error to the provider.
        """
        try:
            self._run("destroy", "-input=false", "-auto-approve", "-json", "-refresh=false")
        except TerraformError as error:
            raise TerraformError(
                f"{error} -- state kept at {self.state_file}", error.diagnostics) from error
        self.destroyed = True

    def apply_expecting_failure(self) -> list[Diagnostic]:
        """Run apply that must fail; return its error diagnostics."""
        try:
            self.apply()
        except TerraformError as error:
            return [Diagnostic(**d) for d in error.diagnostics]
        raise AssertionError(f"terraform apply of {self.example} succeeded where it had to fail")


# Set to 1 (.ci/run does) to keep each apply's aws provider debug log in its stack folder and
# to add its retries and error responses to the message of a failed apply.
PROVIDER_LOG_ENV = "GOVERNANCE_PROVIDER_LOG"


def provider_log_excerpt(path: Path, limit: int = 12) -> str:
    """What a provider debug log says about retries and failed calls: each request sent again
    (attempt >= 2) and each response with an HTTP status of 400 or more, as one short line
    each (the last ``limit``); empty when there is none or no log."""
    import re

    if not path.exists():
        return ""
    retries: list[str] = []
    failures: list[str] = []
    fields = re.compile(r"\b(rpc\.service|rpc\.method|http\.status_code)=(\S+)")
    stamp = re.compile(r"^(\d{4}-\d\d-\d\dT[\d:.]+Z) ")

    def judge(entry: str) -> None:
        retried = re.search(r"attempt=([2-9]|\d\d);", entry)
        named = " ".join(f"{k}={v}" for k, v in fields.findall(entry))
        if retried:
            retries.append(f"{entry[:24]} attempt {retried.group(1)} {named}")
        elif re.search(r"\bhttp\.status_code=[45]\d\d\b", entry):
            failures.append(f"{entry[:24]} {named}")

    entry = ""
    with path.open(errors="replace") as log:
        for line in log:  # an entry is a stamped line and the unstamped lines after it
            if stamp.match(line) and entry:
                judge(entry)
                entry = ""
            entry += line
    if entry:
        judge(entry)
    if not (retries or failures):
        return f" -- provider log ({path.name}): no retry and no error response"
    return (f" -- provider log ({path.name}): {len(retries)} retried request(s)"
            + "".join(f"; {r}" for r in retries[-limit:])
            + f"; {len(failures)} error response(s)"
            + "".join(f"; {f}" for f in failures[-(limit // 2):]))


def quiet_tftest() -> None:
    """tftest logs every line of terraform output at INFO; keep it out of test output."""
    logging.getLogger("tftest").setLevel(logging.WARNING)


def modules_called(root_module: str) -> set[str]:
    """Names of the terraform/modules/<name> a root module calls, directly or through other
    local modules (e.g. examples/complete -> baseline -> audit-trail)."""
    import re

    found: set[str] = set()
    pending = [(TERRAFORM_ROOT / root_module).resolve()]
    seen: set[Path] = set()
    while pending:
        folder = pending.pop()
        if folder in seen:
            continue
        seen.add(folder)
        for path in folder.glob("*.tf"):
            for source in re.findall(r'^\s*source\s*=\s*"(\.{1,2}/[^"]+)"', path.read_text(),
                                     re.MULTILINE):
                target = (folder / source).resolve()
                if target.parent == (TERRAFORM_ROOT / "modules").resolve():
                    found.add(target.name)
                pending.append(target)
    return found


def modules_applied(root: Path, state_file: Path) -> set[str]:
    """Names of the terraform/modules/<name> holding at least one resource in the state of the
    root module at ``root``: unlike :func:`modules_called`, a module switched off (count 0,
    e.g. the baseline's human_access with enable_human_access = false) is not counted."""
    import re

    sources: dict[Path, dict[str, str]] = {}  # folder => module call => local source

    def calls_of(folder: Path) -> dict[str, str]:
        if folder not in sources:
            sources[folder] = dict(re.findall(
                r'^module\s+"([\w-]+)"\s*\{\s*source\s*=\s*"(\.{1,2}/[^"]+)"',
                "\n".join(path.read_text() for path in folder.glob("*.tf")), re.MULTILINE))
        return sources[folder]

    found: set[str] = set()
    for address in {r.get("module", "") for r in json.loads(state_file.read_text()).get(
            "resources", [])}:
        folder = root.resolve()
        for call in re.findall(r"module\.([\w-]+)", address):
            if call not in calls_of(folder):
                break
            folder = (folder / calls_of(folder)[call]).resolve()
            if folder.parent.name == "modules":  # terraform/modules/<name>, here or in a copy
                found.add(folder.name)
    return found
