"""One adoption: read, plan, decide, write, plan again, report (python -m governance adopt)."""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from governance.adopt import changes, files
from governance.adopt.decide import IMPORT, Adoption, AdoptionRefused, Decision, Options, decide
from governance.adopt.existing import Existing, ReadError
from governance.adopt.plan import (
    module_regions,
    planned_accounts,
    planned_resources,
    without_instance_keys,
)
from governance.adopt.render import RENDERERS, REPORT_FILES, AdoptionRun
from governance.adopt.terraform import RootModule, TerraformFailed

EXIT_DONE, EXIT_WEAKENING = 0, 1


class AdoptError(Exception):
    """Adoption cannot go on: one line, exit 2; nothing is left in the root module."""


@dataclass(frozen=True)
class AdoptSettings:
    root: Path
    output: Path
    terraform: str
    formats: tuple[str, ...] = ("json", "markdown", "html")
    accept_weakening: frozenset[str] = frozenset()
    adopt_trail: str | None = None
    regions: tuple[str, ...] = ()  # when given: the regions the root must govern
    endpoint_url: str | None = None
    terraform_env: dict[str, str] | None = None  # e.g. the credentials the plan reads with


def declared_variables(root: Path) -> set[str]:
    return set(re.findall(r'^\s*variable\s+"([^"]+)"', "\n".join(
        path.read_text() for path in root.glob("*.tf")), re.MULTILINE))


def _carry_over(adoption: Adoption, previous: dict[str, Any]) -> None:
    """What earlier runs adopted stays adopted: their imports (already in the state after an
    apply, so this plan creates them no more) and their kept names."""
    decided = {d.address for d in adoption.decisions}
    for address, earlier in sorted(previous.get("imports", {}).items()):
        if address not in decided:
            adoption.decisions.append(Decision(
                action=IMPORT, resource_type=earlier["type"], region=earlier["region"],
                reason="adopted by an earlier run of governance adopt", address=address,
                import_id=earlier["id"]))
    for name, value in previous.get("variables", {}).items():
        if isinstance(value, dict):
            adoption.variables[name] = {**value, **adoption.variables.get(name, {})}
        else:
            adoption.variables.setdefault(name, value)
        adoption.variable_reasons.setdefault(name, "kept by an earlier run of governance adopt")


def adopt(session_collector: Any, settings: AdoptSettings) -> int:
    started = time.monotonic()
    existing = Existing(session_collector)
    try:
        account_id = existing.account_id
    except ReadError as error:
        raise AdoptError(f"cannot identify the account (sts:GetCallerIdentity): {error}") \
            from error
    root = RootModule(settings.root, settings.terraform, settings.terraform_env)
    previous = files.previous_state(settings.root)
    try:
        # The first plan is of the configuration as written, with the names earlier runs kept
        # (a plan without them would rename what they adopted).
        files.remove_root_files(settings.root, keep_variables=True)
        files.write_variables(settings.root, Adoption(variables=dict(previous["variables"])),
                              account_id)
    except FileExistsError as error:
        raise AdoptError(str(error)) from error
    try:
        root.init_if_needed()
        plan = root.plan()
    except TerraformFailed as error:
        raise AdoptError(str(error)) from error
    planned_for = planned_accounts(plan)
    if planned_for - {account_id}:
        raise AdoptError(f"the root module plans account(s) {', '.join(sorted(planned_for))}, "
                         f"but the credentials read account {account_id}: adopt reads and "
                         "plans one account")
    try:
        regions = sorted(set(module_regions(plan).values()))
    except ValueError as error:
        raise AdoptError(str(error)) from error
    if settings.regions and set(settings.regions) != set(regions):
        raise AdoptError(f"the root module governs {', '.join(regions)}, not --regions "
                         f"{', '.join(settings.regions)}")
    try:
        adoption = decide(planned_resources(plan), existing, Options(settings.adopt_trail))
    except (AdoptionRefused, ReadError) as error:
        raise AdoptError(str(error)) from error
    _carry_over(adoption, previous)
    run = AdoptionRun(account_id=account_id, regions=regions, root=str(settings.root),
                      generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
                      adoption=adoption, report=None, emulator_endpoint=settings.endpoint_url,
                      emulator_gaps=existing.gaps)
    if adoption.refusals:
        run.refused = [f"{d.resource_type} in {d.region}: {d.reason}" for d in adoption.refusals]
        _write_reports(run, settings, started, root)
        raise AdoptError("refused: " + "; ".join(run.refused))
    missing = sorted(set(adoption.variables) - declared_variables(settings.root))
    if missing:
        raise AdoptError(f"the root module {settings.root} does not declare the variable(s) "
                         f"{', '.join(missing)} that keep the account's names ("
                         + "; ".join(adoption.variable_reasons[m] for m in missing)
                         + "): declare and pass them as terraform/examples/complete does")
    try:
        # Until the change report exists, adopt.tf's guard blocks any apply.
        files.write_root_files(settings.root, adoption, account_id, None)
        adopted = root.plan(f"-var={files.PLANNING_VARIABLE}=true")
        resources = planned_resources(adopted)
        report = changes.build(resources, adoption, existing, settings.accept_weakening)
        unused = changes.unused_acceptances(report)
        if unused:
            flagged = ", ".join(a.item for _, a in report.weakenings) or "none"
            raise AdoptError(f"--accept-weakening {', '.join(unused)}: no such weakening in "
                             f"this plan (flagged: {flagged})")
        files.write_root_files(settings.root, adoption, account_id, report)
    except (TerraformFailed, ReadError) as error:
        files.remove_root_files(settings.root)
        raise AdoptError(f"the adopted configuration does not plan: {error}") from error
    except BaseException:
        files.remove_root_files(settings.root)
        raise
    run.report = report
    _write_reports(run, settings, started, root)
    instances: dict[str, list[str]] = {}
    for resource in resources:
        instances.setdefault(without_instance_keys(resource.address), []).append(
            resource.address)
    (settings.output / files.OFFBOARD_FILE).write_text(
        files.offboard_text(adoption, account_id, instances))
    _summary(run, settings)
    return EXIT_WEAKENING if report.pending else EXIT_DONE


def _write_reports(run: AdoptionRun, settings: AdoptSettings, started: float,
                   root: RootModule) -> None:
    run.terraform_commands = list(root.commands)
    run.seconds = round(time.monotonic() - started, 1)
    settings.output.mkdir(parents=True, exist_ok=True)
    for name in settings.formats:
        (settings.output / REPORT_FILES[name]).write_text(RENDERERS[name](run))


def _summary(run: AdoptionRun, settings: AdoptSettings) -> None:
    assert run.report is not None
    counts: dict[str, int] = {}
    for decision in run.adoption.decisions:
        counts[decision.action] = counts.get(decision.action, 0) + 1
    shown = ", ".join(f"{n} {a}" for a, n in sorted(counts.items()))
    print(f"account {run.account_id} ({', '.join(run.regions)}): {shown}; "
          f"{len(run.report.changes)} customer resource(s) change, "
          f"{len(run.report.weakenings)} weakening ({len(run.report.pending)} not accepted)",
          file=sys.stderr)
    for _, attribute in run.report.pending:
        print(f"  weakens: {attribute.item}: {attribute.weakening} "
              f"({attribute.before!r} -> {attribute.after!r})", file=sys.stderr)
    print(f"wrote {settings.root / files.IMPORTS_FILE}"
          + (f", {settings.root / files.VARIABLES_FILE}" if run.adoption.variables else "")
          + f"; reports and {files.OFFBOARD_FILE} in {settings.output}", file=sys.stderr)
