"""The onboarding of an existing account on moto, step by step, as ``make demo-adopt`` and
tests/apply/test_adoption.py run it: adopt (governance.adopt) in a sandbox stack's root,
apply, offboard with the removed blocks adoption wrote.

Each step is one function over a :class:`harness.terraform.TerraformStack` whose root was
initialised (``stack.init()``): the adoption's terraform commands run in that root with the
stack's environment (the provider mirror, the sandbox endpoints)."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from governance.adopt import files
from governance.adopt.run import AdoptSettings, adopt
from governance.exceptions import Waiver
from governance.model import Status

ONBOARDING_REGIONS = ["us-east-1", "eu-west-1"]  # examples/complete on moto: home, secondary
# What offboarding removes from the root: the baseline's calls and the import blocks.
BASELINE_CALL_FILES = ("main.tf", "outputs.tf", files.IMPORTS_FILE)


@dataclass(frozen=True)
class AdoptResult:
    exit_code: int
    report: dict[str, Any]  # adoption-report.json
    output: Path

    @property
    def pending(self) -> list[str]:
        return list(self.report["pending"])


def run_adopt(stack: Any, output: Path, *, accept: tuple[str, ...] = (),
              adopt_trail: str | None = None) -> AdoptResult:
    """``python -m governance adopt`` in the stack's root, reading the sandbox account."""
    account = stack.account
    settings = AdoptSettings(root=stack.root, output=output, terraform=stack.tf.binary,
                             accept_weakening=frozenset(accept), adopt_trail=adopt_trail,
                             endpoint_url=account.endpoint, terraform_env=dict(stack.tf.env))
    code = adopt(account.collector(ONBOARDING_REGIONS), settings)
    report = json.loads((output / "adoption-report.json").read_text())
    return AdoptResult(code, report, output)


def offboard(stack: Any, output: Path) -> None:
    """Offboarding as examples/complete/README.md says: the baseline's calls leave the root,
    offboard.tf (removed blocks, destroy = false) comes in, terraform apply: the baseline's
    own resources are destroyed, the adopted ones forgotten and left in place."""
    for name in BASELINE_CALL_FILES:
        (stack.root / name).unlink(missing_ok=True)
    shutil.copy(output / files.OFFBOARD_FILE, stack.root / files.OFFBOARD_FILE)
    stack.apply()


def kept_resources(report: dict[str, Any], customer: Any) -> dict[str, str]:
    """What the customer keeps as it is after onboarding, resource ARN -> why: each trail
    adoption left untouched that the every-trail controls FAIL, with its bucket, and the
    customer's own IAM group (harness/brownfield.py)."""
    kept = {}
    for decision in report["decisions"]:
        if decision["type"] == "aws_cloudtrail" and decision["action"] == "untouched" and \
                "will FAIL" in decision["reason"]:
            kept[decision["existing"]] = ("customer trail kept at onboarding (governance adopt: "
                                          "untouched); the baseline's own trail meets the "
                                          "control; the customer hardens or retires this one")
    kept[f"arn:aws:s3:::{customer.trail_bucket}"] = (
        "the kept customer trail's bucket, the customer's to harden or retire with its trail")
    kept[f"arn:aws:iam::{customer.account_id}:group/{customer.group}"] = (
        "the customer's legacy administrators group, kept at onboarding: its members move to "
        "the baseline's groups (MFA enforced, no wildcards)")
    return kept


def onboarding_waivers(findings: list[Any], kept: dict[str, str], account_id: str,
                       ) -> list[Waiver]:
    """What the partner's reviewer signs: each FAIL on a resource the customer keeps becomes
    WAIVED (never PASS), one exception per control and resource, with reason, owner and a
    review date; a FAIL anywhere else stays a FAIL."""
    waivers: dict[tuple[str, str], Waiver] = {}
    for finding in findings:
        if finding.status is Status.FAIL and finding.resource in kept:
            waivers[(finding.control_id, finding.resource)] = Waiver(
                control=finding.control_id, account=account_id, resource=finding.resource,
                reason=kept[finding.resource], owner="onboarding@partner.example",
                expires=date(2027, 3, 31))
    return list(waivers.values())


def waivers_toml(waivers: list[Waiver]) -> str:
    """The waivers as an --exceptions file (governance/exceptions.py), for the evidence."""
    text = "# Onboarding exceptions signed by the partner's reviewer (make demo-adopt).\n"
    for waiver in waivers:
        text += (f'\n[[exception]]\ncontrol = "{waiver.control}"\naccount = "{waiver.account}"\n'
                 f'resource = "{waiver.resource}"\nreason = {json.dumps(waiver.reason)}\n'
                 f'owner = "{waiver.owner}"\nexpires = {waiver.expires.isoformat()}\n')
    return text
