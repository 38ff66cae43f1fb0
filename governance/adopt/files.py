"""What adoption writes: adopt.tf (import blocks, and the review guard while a weakening is
unaccepted) and adopt.auto.tfvars in the root module; offboard.tf beside the report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from governance.adopt.changes import ChangeReport
from governance.adopt.decide import Adoption
from governance.adopt.plan import without_instance_keys

IMPORTS_FILE = "adopt.tf"
VARIABLES_FILE = "adopt.auto.tfvars"
OFFBOARD_FILE = "offboard.tf"


def hcl(value: Any, indent: int = 0) -> str:
    """A tfvars value: strings JSON-quoted with Terraform's template sequences escaped."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        return json.dumps(value).replace("${", "$${").replace("%{", "%%{")
    if isinstance(value, dict):
        pad = "  " * (indent + 1)
        body = "".join(f"{pad}{hcl(str(k))} = {hcl(v, indent + 1)}\n"
                       for k, v in sorted(value.items()))
        return "{\n" + body + "  " * indent + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(hcl(v, indent) for v in value) + "]"
    raise TypeError(f"no tfvars form for {type(value).__name__}")


HEADER = "# Written by `python -m governance adopt`"
# adopt.tf's last line: what earlier runs adopted and kept, read back by the next run (after
# an apply, the adopted resources are in the state and the plan creates them no more).
STATE_PREFIX = "# governance-adopt-state: "
INCOMPLETE = "adoption-review-incomplete"
# Set only by adopt's own plan of the adopted configuration (the plan the change report comes
# from): the guard blocks every other plan and apply while a weakening is unaccepted.
PLANNING_VARIABLE = "governance_adopt_planning"


def _header(account_id: str, what: str) -> str:
    return (f"{HEADER} for account {account_id}: {what}.\n"
            "# Each run writes it anew; review adoption-report.md before terraform apply.\n\n")


def _guard(items: list[str]) -> str:
    message = ("governance adopt: the apply weakens customer settings nobody accepted: "
               "${jsonencode(local.governance_adoption_unaccepted_weakenings)}. Review "
               "adoption-report.md, then run governance adopt again with --accept-weakening "
               "ITEM for each change you accept.")
    return ("# Blocks every plan and apply while a weakening change is unaccepted.\n"
            "locals {\n  governance_adoption_unaccepted_weakenings = "
            f"{hcl(items)}\n}}\n\n"
            f'variable "{PLANNING_VARIABLE}" {{\n'
            '  description = "Set only by governance adopt\'s own plan of the adopted '
            'configuration."\n  type        = bool\n  default     = false\n}\n\n'
            'resource "terraform_data" "governance_adoption_review" {\n'
            "  lifecycle {\n    precondition {\n      condition     = var."
            f"{PLANNING_VARIABLE} || length("
            "local.governance_adoption_unaccepted_weakenings) == 0\n"
            f"      error_message = {json.dumps(message)}\n    }}\n  }}\n}}\n\n")


def imports_text(adoption: Adoption, account_id: str, report: ChangeReport | None) -> str:
    """The import blocks, and the review guard: while ``report`` is None (the change report
    is not made yet) the guard blocks with ``adoption-review-incomplete``, so an interrupted
    run never leaves imports an apply could take unreviewed."""
    text = _header(account_id, "the existing resources the baseline adopts")
    for decision in sorted(adoption.imports, key=lambda d: d.address):
        text += (f"# {decision.reason}\nimport {{\n  to = {decision.address}\n"
                 f"  id = {hcl(decision.import_id)}\n}}\n\n")
    pending = [a.item for _, a in report.pending] if report else [INCOMPLETE]
    if pending:
        text += _guard(pending)
    state = {"imports": {d.address: {"id": d.import_id, "type": d.resource_type,
                                     "region": d.region} for d in adoption.imports},
             "variables": adoption.variables}
    return text + STATE_PREFIX + json.dumps(state, sort_keys=True) + "\n"


def variables_text(adoption: Adoption, account_id: str) -> str:
    text = _header(account_id, "the customer's names the baseline keeps")
    for name in sorted(adoption.variables):
        text += f"# {adoption.variable_reasons.get(name, '')}\n{name} = " \
                f"{hcl(adoption.variables[name])}\n\n"
    return text


def offboard_text(adoption: Adoption, account_id: str, instances: dict[str, list[str]],
                  ) -> str:
    """``removed`` blocks for every adopted resource. ``instances``: every instance address
    of the plan by its address without keys: a removed block forgets all instances of a
    resource, so where the baseline created some of them (a user imported, another made),
    the adopted instances are listed for ``terraform state rm`` instead."""
    text = ("# Offboarding the baseline from account " + account_id + " without harm to what\n"
            "# it adopted: delete the root's main.tf, outputs.tf and adopt.tf (the baseline's\n"
            "# calls), keep providers.tf, variables.tf and versions.tf, put this file in the\n"
            "# root and run terraform apply (Terraform >= 1.7). The plan destroys what the\n"
            "# baseline created and lists these as \"will no longer be managed\": they stay as\n"
            "# they are, with the baseline's values: an adopted recorder or delivery channel still\n"
            "# names the baseline's Config role and audit bucket, which this apply destroys, so\n"
            "# point them back first. IMDS defaults were not importable: offboarding resets them.\n"
            "# Every value before adoption is in adoption-report.json.\n\n")
    adopted: dict[str, list[str]] = {}
    for decision in adoption.imports:
        adopted.setdefault(without_instance_keys(decision.address), []).append(decision.address)
    mixed = []
    for address in sorted(adopted):
        if set(instances.get(address, adopted[address])) - set(adopted[address]):
            mixed += adopted[address]
            continue
        text += (f"removed {{\n  from = {address}\n\n  lifecycle {{\n"
                 "    destroy = false\n  }\n}\n\n")
    if mixed:
        text += ("# These adopted instances share a resource with instances the baseline created\n"
                 "# (a removed block would forget those too): before the offboarding apply, run\n"
                 + "".join(f"#   terraform state rm '{address}'\n" for address in sorted(mixed)))
    return text


def previous_state(root: Path) -> dict[str, Any]:
    """What the last run in ``root`` adopted and kept (empty without an adopt.tf of ours)."""
    path = root / IMPORTS_FILE
    if not _ours(path):
        return {"imports": {}, "variables": {}}
    for line in reversed(path.read_text().splitlines()):
        if line.startswith(STATE_PREFIX):
            return dict(json.loads(line[len(STATE_PREFIX):]))
    return {"imports": {}, "variables": {}}


def _ours(path: Path) -> bool:
    try:
        with path.open() as opened:
            return opened.readline().startswith(HEADER)
    except OSError:
        return False


def _refuse_foreign(*paths: Path) -> None:
    for path in paths:
        if path.exists() and not _ours(path):
            raise FileExistsError(f"{path} exists and was not written by governance adopt: "
                                  "move it away first")


def write_variables(root: Path, adoption: Adoption, account_id: str) -> None:
    """adopt.auto.tfvars with the kept names (none: no file)."""
    _refuse_foreign(root / VARIABLES_FILE)
    if adoption.variables:
        (root / VARIABLES_FILE).write_text(variables_text(adoption, account_id))
    else:
        (root / VARIABLES_FILE).unlink(missing_ok=True)


def write_root_files(root: Path, adoption: Adoption, account_id: str,
                     report: ChangeReport | None) -> None:
    _refuse_foreign(root / IMPORTS_FILE, root / VARIABLES_FILE)
    (root / IMPORTS_FILE).write_text(imports_text(adoption, account_id, report))
    write_variables(root, adoption, account_id)


def remove_root_files(root: Path, *, keep_variables: bool = False) -> None:
    """Remove adopt.tf (and adopt.auto.tfvars unless ``keep_variables``), only if ours."""
    names = (IMPORTS_FILE,) if keep_variables else (IMPORTS_FILE, VARIABLES_FILE)
    for name in names:
        if _ours(root / name):
            (root / name).unlink()
