"""Which controls the applied examples/complete stack can prove on live state (moto).

tests/apply/test_complete_baseline.py proves PASS after apply for ``COMPLETE_PROVABLE`` minus
``NOT_PASSING_ON_COMPLETE``, FAIL after each drift of tests/apply/complete_drifts.py, and
ERROR with the reads denied. Where each verdict of each control is proved, on an applied stack
or on a seeded account, is the live-proof ledger's to say (tests/live_proofs.toml, read by
tests/support/ledger.py); the seeded tier no longer filters its cases from here.
"""

from __future__ import annotations

from governance.catalog import catalog
from harness.terraform import modules_called

COMPLETE_MODULES = modules_called("examples/complete")
# Controls of the modules examples/complete calls that moto can prove on live state.
COMPLETE_PROVABLE = sorted(c.id for c in catalog().values()
                           if c.implemented_by in COMPLETE_MODULES and not c.emulator_gap)
# FAILs on the applied example by design (its full-admin roles): WAIVED there, not PASS.
NOT_PASSING_ON_COMPLETE = {"iam-no-full-admin-policy-attached"}
