"""What the apply tier proves on live state, so the seeded tier does not prove it again.

The applied stacks (examples/complete, examples/human-access) show every control of their
modules PASS after apply, FAIL after a drift made behind Terraform's back, and (complete)
ERROR when its read is denied. A seeded CLI test of the same control and verdict would
re-prove that on a hand-seeded account at ~2-7 s a test; the seeded tier keeps only the
cases no applied stack covers (tests/seeded/cases.py), and
tests/seeded/test_no_duplicate_proofs.py checks against the apply tests' own parameters
that each dropped case really is proved there.

Imports no test module, so the seeded modules can use it while being imported.
"""

from __future__ import annotations

from governance.catalog import catalog, controls_implemented_by
from harness.terraform import modules_called
from tests.apply.complete_drifts import DRIFTS as COMPLETE_DRIFTS

COMPLETE_MODULES = modules_called("examples/complete")
# Controls of the modules examples/complete calls that moto can prove on live state.
COMPLETE_PROVABLE = sorted(c.id for c in catalog().values()
                           if c.implemented_by in COMPLETE_MODULES and not c.emulator_gap)
# FAILs on the applied example by design (its full-admin roles): WAIVED there, not PASS.
NOT_PASSING_ON_COMPLETE = {"iam-no-full-admin-policy-attached"}
HUMAN_ACCESS_CONTROLS = sorted(c.id for c in controls_implemented_by("iam-human-access"))

PASS_ON_APPLIED_STACKS = (set(COMPLETE_PROVABLE) - NOT_PASSING_ON_COMPLETE) | set(HUMAN_ACCESS_CONTROLS)
# test_human_access checks that every control of its module has a drift.
FAIL_ON_APPLIED_STACKS = set(COMPLETE_DRIFTS) | set(HUMAN_ACCESS_CONTROLS)
# test_complete_baseline denies the reads of the identity and logging seeded cases (their
# ``denied_action``) on the applied stack in one audit; only provable controls count.
ERROR_ON_APPLIED_STACKS = set(COMPLETE_PROVABLE)


def seeded_ids_to_run(ids: list[str], verdict: str, *, denied_on_apply: bool) -> list[str]:
    """The seeded cases of ``verdict`` (PASS, FAIL, ERROR) no applied stack proves."""
    proven = {"PASS": PASS_ON_APPLIED_STACKS, "FAIL": FAIL_ON_APPLIED_STACKS,
              "ERROR": ERROR_ON_APPLIED_STACKS if denied_on_apply else set()}[verdict]
    return [control_id for control_id in ids if control_id not in proven]
