"""No verdict is proved twice at the cost of a CLI run: where the live-proof ledger
(tests/live_proofs.toml) names an applied stack as the proof of a control's verdict, it names
no seeded CLI verdict test for it too. tests/unit/test_live_proof_ledger.py checks the rest
(every control proved, every node real, no seeded case that no test runs).

Also: the reads the applied examples/complete stack denies are those of the seeded identity
and logging cases, so each of their ERROR verdicts is proved there.
"""

from __future__ import annotations

import pytest

from tests.apply import test_complete_baseline as complete
from tests.seeded import test_identity_controls, test_logging_controls
from tests.seeded.cases import ERROR_TEST, FAIL_TEST, PASS_TEST
from tests.support.ledger import VERDICTS, live_proofs

VERDICT_TESTS = (PASS_TEST, FAIL_TEST, ERROR_TEST)


@pytest.mark.parametrize("verdict", VERDICTS)
def test_no_verdict_is_proved_by_an_applied_stack_and_a_seeded_cli_test(verdict):
    twice = {}
    for control_id, entry in live_proofs().items():
        nodes = entry.get(verdict, [])
        applied = [n for n in nodes if n.startswith("tests/apply/")]
        seeded = [n for n in nodes if n.startswith("tests/seeded/")
                  and n.split("::")[1].split("[")[0] in VERDICT_TESTS]
        if applied and seeded:
            twice[control_id] = seeded
    assert twice == {}, "proved twice"


def test_the_denied_reads_of_the_applied_stack_are_the_seeded_cases_of_two_modules():
    assert set(complete.DENIED_READS) == set(test_identity_controls.SEEDED) | set(
        test_logging_controls.SEEDED)
    assert all(complete.DENIED_READS[c] == case.denied_action for c, case in {
        **test_identity_controls.SEEDED, **test_logging_controls.SEEDED}.items())
