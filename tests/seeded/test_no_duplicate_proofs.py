"""No verdict is proved twice at the cost of a CLI run: where the live-proof ledger
(tests/live_proofs.toml) names an applied stack as the proof of a control's verdict, it names
no seeded CLI verdict test for it too. tests/unit/test_live_proof_ledger.py checks the rest
(every control proved, every node real, no seeded case that no test runs).

Also: a read the applied examples/complete stack's audit denies (its own table,
tests/apply/complete_denied_reads.py) is carried by no seeded case of that control.
"""

from __future__ import annotations

import importlib

import pytest

from tests.seeded.cases import ERROR_TEST, FAIL_TEST, PASS_TEST
from tests.support.ledger import ROOT, VERDICTS, live_proofs, proofs

VERDICT_TESTS = (PASS_TEST, FAIL_TEST, ERROR_TEST)
DENIED_READS = ("tests/apply/test_complete_baseline.py::"
                "test_denied_reads_turn_controls_to_error_never_pass")
SEEDED_MODULES = sorted(path.stem for path in (ROOT / "tests" / "seeded").glob("test_*_controls.py"))


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


@pytest.mark.parametrize("module", SEEDED_MODULES)
def test_no_seeded_case_denies_a_read_the_applied_stack_denies(module):
    """A seeded case's ``denied_action`` exists for a seeded test that denies it; where the
    applied stack's denied-read audit is the control's ERROR proof, the case has none."""
    seeded = importlib.import_module(f"tests.seeded.{module}").SEEDED
    assert seeded
    both = sorted(control_id for control_id, case in seeded.items()
                  if case.denied_action is not None and DENIED_READS in proofs(control_id, "ERROR"))
    assert both == []
