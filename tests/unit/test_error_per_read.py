"""A read that could not be made turns the control that needs it to ERROR, read by read.

For every control, its first PASS snapshot (tests/unit/cases_*.py) has each of its
reads failed on its own (AccessDenied, as a missing permission or an SCP gives): the control
must then be ERROR if it uses that read, and unchanged if it does not. Never PASS on what
it could not see, never FAIL for it. Denying every read at once could hide a check that
silently skips one of them; this cannot.
"""

from __future__ import annotations

import copy

import pytest

from governance.checks import run_check, verdict
from governance.model import ApiRead, Status
from tests.unit.unit_cases import check_cases

PASSING = {control_id: passing[0][1] for control_id, passing in check_cases("PASS_CASES").items()}


@pytest.mark.parametrize("control_id", sorted(PASSING))
def test_each_failed_read_alone_makes_error_or_changes_nothing(control_id):
    snapshot = PASSING[control_id]()
    assert verdict(run_check(control_id, snapshot), control_id) is Status.PASS
    used = []
    for key in sorted(snapshot.reads):
        if key.startswith("governance:"):  # audit settings, not an AWS read
            continue
        denied = copy.copy(snapshot)
        denied.reads = {**snapshot.reads,
                        key: ApiRead(error="AccessDenied: not authorized (denied alone)")}
        status = verdict(run_check(control_id, denied), control_id)
        assert status in (Status.ERROR, Status.PASS), (
            f"{control_id} is {status.value} when only {key} could not be read")
        if status is Status.ERROR:
            used.append(key)
    assert used, f"{control_id} turned ERROR on no failed read: does it read anything?"
