"""The shape of a seeded control case: how to make a moto account PASS, how to make it FAIL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SeededCase:
    """``seed_pass(account)`` makes the control hold; ``seed_fail(account)`` breaks it, and
    the FAIL reason must contain ``fail_reason``; denying ``denied_action`` (moto's
    ``service:Action``) must turn the control to ERROR."""

    seed_pass: Callable[[Any], None]
    seed_fail: Callable[[Any], None]
    fail_reason: str
    denied_action: str


def cli_verdict_tests(seeded: dict[str, SeededCase], group: str, *,
                      denied_on_apply: bool = False,
                      failed_together: frozenset[str] = frozenset()) -> tuple[Any, Any, Any]:
    """The three tests every seeded module runs, over its ``SEEDED`` cases:
    PASS on a compliant account, FAIL with the reason, ERROR when the read is denied.

    A case whose verdict an applied stack already proves on live state (tests/apply/proven.py;
    ``denied_on_apply``: the complete stack denies this module's reads) is not run again
    here; a test none of whose cases is left is None (not collected). ``failed_together``:
    cases whose FAIL the module proves in one account broken for all of them at once.
    PASS and ERROR share the seeded accounts (``passing_account``), so they run on one
    xdist worker (``group``); the cases with the same seeding (and, for ERROR, the same
    denied action) are judged by one CLI run over all of their controls (``shared_audits``:
    same account, same reads, one collection instead of one per control); FAIL seeds a
    fresh account per control.
    """
    import pytest

    from harness.moto_extensions import deny
    from tests.apply.proven import seeded_ids_to_run

    ids = sorted(seeded)
    pass_ids = seeded_ids_to_run(ids, "PASS", denied_on_apply=denied_on_apply)
    fail_ids = [control_id for control_id in seeded_ids_to_run(
        ids, "FAIL", denied_on_apply=denied_on_apply) if control_id not in failed_together]
    error_ids = seeded_ids_to_run(ids, "ERROR", denied_on_apply=denied_on_apply)

    @pytest.mark.xdist_group(group)
    @pytest.mark.parametrize("control_id", pass_ids)
    def test_cli_passes_on_a_compliant_account(passing_account, shared_audits, audit_cli,
                                               control_id):
        case = seeded[control_id]
        together = [i for i in pass_ids if seeded[i].seed_pass is case.seed_pass]
        result = shared_audits((case.seed_pass, None), lambda: audit_cli(
            passing_account(case), "--controls", ",".join(together)))
        assert result.statuses(control_id) == {"PASS"}, result.reasons(control_id)
        if all(result.statuses(i) == {"PASS"} for i in together):
            assert result.exit_code == 0

    @pytest.mark.parametrize("control_id", fail_ids)
    def test_cli_fails_with_the_reason(sandbox_account, audit_cli, control_id):
        case = seeded[control_id]
        case.seed_fail(sandbox_account)
        result = audit_cli(sandbox_account, "--controls", control_id)
        assert result.statuses(control_id) == {"FAIL"}, result.reasons(control_id)
        assert case.fail_reason in result.reasons(control_id)
        assert result.exit_code == 1

    @pytest.mark.xdist_group(group)
    @pytest.mark.parametrize("control_id", error_ids)
    def test_cli_errors_when_the_read_is_denied(passing_account, shared_audits, audit_cli,
                                                control_id):
        case = seeded[control_id]
        together = [i for i in error_ids if seeded[i].seed_pass is case.seed_pass
                    and seeded[i].denied_action == case.denied_action]

        def denied_audit() -> Any:
            account = passing_account(case)
            with deny(account.account_id, case.denied_action):
                return audit_cli(account, "--controls", ",".join(together))

        result = shared_audits((case.seed_pass, case.denied_action), denied_audit)
        assert result.statuses(control_id) == {"ERROR"}, result.reasons(control_id)
        assert "AccessDenied" in result.reasons(control_id)
        if all(result.statuses(i) == {"ERROR"} for i in together):
            assert result.exit_code == 2

    return (test_cli_passes_on_a_compliant_account if pass_ids else None,
            test_cli_fails_with_the_reason if fail_ids else None,
            test_cli_errors_when_the_read_is_denied if error_ids else None)
