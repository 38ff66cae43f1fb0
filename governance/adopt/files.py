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
GUARD_RESOURCE = "terraform_data.governance_adoption_review"


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


def _header(account_id: str, what: str) -> str:
    return (f"# Written by `python -m governance adopt` for account {account_id}: {what}.\n"
            "# Each run writes it anew; review adoption-report.md before terraform apply.\n\n")


def imports_text(adoption: Adoption, account_id: str, report: ChangeReport | None) -> str:
    text = _header(account_id, "the existing resources the baseline adopts")
    for decision in sorted(adoption.imports, key=lambda d: d.address):
        text += (f"# {decision.reason}\nimport {{\n  to = {decision.address}\n"
                 f"  id = {hcl(decision.import_id)}\n}}\n\n")
    pending = report.pending if report else []
    if pending:
        message = ("governance adopt: the apply weakens customer settings nobody accepted: "
                   "${jsonencode(local.governance_adoption_unaccepted_weakenings)}. Review "
                   "adoption-report.md, then run governance adopt again with --accept-weakening "
                   "ITEM for each change you accept.")
        text += ("# Blocks every plan and apply while a weakening change is unaccepted.\n"
                 "locals {\n  governance_adoption_unaccepted_weakenings = "
                 f"{hcl([a.item for _, a in pending])}\n}}\n\n"
                 'resource "terraform_data" "governance_adoption_review" {\n'
                 "  lifecycle {\n    precondition {\n      condition     = length("
                 "local.governance_adoption_unaccepted_weakenings) == 0\n"
                 f"      error_message = {json.dumps(message)}\n    }}\n  }}\n}}\n")
    return text


def variables_text(adoption: Adoption, account_id: str) -> str:
    text = _header(account_id, "the customer's names the baseline keeps")
    for name in sorted(adoption.variables):
        text += f"# {adoption.variable_reasons.get(name, '')}\n{name} = " \
                f"{hcl(adoption.variables[name])}\n\n"
    return text


def offboard_text(adoption: Adoption, account_id: str) -> str:
    text = ("# Offboarding the baseline from account " + account_id + " without harm to what\n"
            "# it adopted: delete the root's main.tf, outputs.tf and adopt.tf (the baseline's\n"
            "# calls), keep providers.tf, variables.tf and versions.tf, put this file in the\n"
            "# root and run terraform apply (Terraform >= 1.7). The plan destroys what the\n"
            "# baseline created and lists these as \"will no longer be managed\": they stay as\n"
            "# they are, with the baseline's values: an adopted recorder or delivery channel still\n"
            "# names the baseline's Config role and audit bucket, which this apply destroys, so\n"
            "# point them back first. IMDS defaults were not importable: offboarding resets them.\n"
            "# Every value before adoption is in adoption-report.json.\n\n")
    for address in sorted({without_instance_keys(d.address) for d in adoption.imports}):
        text += (f"removed {{\n  from = {address}\n\n  lifecycle {{\n"
                 "    destroy = false\n  }\n}\n\n")
    return text


def write_root_files(root: Path, adoption: Adoption, account_id: str,
                     report: ChangeReport | None) -> list[Path]:
    written = [root / IMPORTS_FILE]
    (root / IMPORTS_FILE).write_text(imports_text(adoption, account_id, report))
    if adoption.variables:
        (root / VARIABLES_FILE).write_text(variables_text(adoption, account_id))
        written.append(root / VARIABLES_FILE)
    else:
        (root / VARIABLES_FILE).unlink(missing_ok=True)
    return written


def remove_root_files(root: Path) -> None:
    for name in (IMPORTS_FILE, VARIABLES_FILE):
        (root / name).unlink(missing_ok=True)
