"""Every seeded case the seeded tier does not run is proved by an apply test on live state.

Read from the apply tests' own parameters (not from tests/apply/proven.py, which decides
what to drop), so a control taken out of an apply test brings its seeded case back or
fails here. And every seeded control still has PASS and FAIL on live state somewhere.
"""

from __future__ import annotations

import pytest

from tests.apply import test_complete_baseline as complete
from tests.apply import test_human_access as human_access
from tests.seeded import (
    test_iam_controls,
    test_identity_controls,
    test_logging_controls,
    test_storage_network_controls,
)

SEEDED_MODULES = (test_iam_controls, test_identity_controls, test_logging_controls,
                  test_storage_network_controls)
# Cases with tests of their own instead of the three verdict tests, and why.
OWN_TESTS = {"s3-bucket-mfa-delete": "moto never reports MFADelete: FAIL, NOT_PROVABLE (never "
             "PASS) and ERROR have their own tests in test_storage_network_controls"}
VERDICT_TESTS = {"PASS": "test_cli_passes_on_a_compliant_account",
                 "FAIL": "test_cli_fails_with_the_reason",
                 "ERROR": "test_cli_errors_when_the_read_is_denied"}


def _parameters(test) -> set[str]:
    if test is None:
        return set()
    marks = [m for m in getattr(test, "pytestmark", []) if m.name == "parametrize"]
    return {value for mark in marks for value in mark.args[1]}


def _applied() -> dict[str, set[str]]:
    denied = set(complete.DENIED_READS) & set(complete.PROVABLE)
    return {
        "PASS": _parameters(complete.test_control_passes_after_apply)
        | _parameters(human_access.test_control_passes_after_apply),
        "FAIL": _parameters(complete.test_drift_flips_control_to_fail)
        | _parameters(human_access.test_drift_flips_control_to_fail),
        "ERROR": denied,
    }


@pytest.mark.parametrize("module", SEEDED_MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
@pytest.mark.parametrize("verdict", sorted(VERDICT_TESTS))
def test_each_seeded_case_not_run_is_proved_on_an_applied_stack(module, verdict):
    run = _parameters(getattr(module, VERDICT_TESTS[verdict]))
    dropped = set(module.SEEDED) - run - set(OWN_TESTS)
    assert sorted(dropped - _applied()[verdict]) == []
    assert sorted(run & _applied()[verdict]) == [], "proved twice"


def test_every_seeded_control_has_pass_and_fail_on_live_state():
    applied = _applied()
    for module in SEEDED_MODULES:
        for verdict in ("PASS", "FAIL"):
            run = _parameters(getattr(module, VERDICT_TESTS[verdict]))
            missing = set(module.SEEDED) - run - applied[verdict] - set(OWN_TESTS)
            assert sorted(missing) == [], (module, verdict)


def test_the_denied_reads_of_the_applied_stack_are_the_seeded_cases_of_two_modules():
    assert set(complete.DENIED_READS) == set(test_identity_controls.SEEDED) | set(
        test_logging_controls.SEEDED)
