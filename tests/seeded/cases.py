"""The shape of a seeded control case: how to make a moto account PASS, how to make it FAIL,
which read to deny for ERROR; and the three CLI verdict tests every seeded module runs over
its cases, each verdict where the live-proof ledger (tests/live_proofs.toml) names it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class SeededCase:
    """``seed_pass(account)`` makes the control hold; ``seed_fail(account)`` breaks it, and
    the FAIL reason must contain ``fail_reason``; denying ``denied_action`` (moto's
    ``service:Action``) must turn the control to ERROR.

    ``seed_fail`` and ``fail_reason`` are None where no seeded test breaks the control: the
    ledger names the FAIL proof elsewhere (an applied stack's drift, with its own reason).
    ``denied_action`` is None where no seeded test denies the control's read: the ledger
    names the ERROR proof elsewhere (the applied stack's denied-read audit).
    """

    seed_pass: Callable[[Any], None]
    denied_action: str | None = None
    seed_fail: Callable[[Any], None] | None = None
    fail_reason: str | None = None

    def __post_init__(self) -> None:
        if (self.seed_fail is None) != (self.fail_reason is None):
            raise ValueError("seed_fail and fail_reason go together: give both or neither")


PASS_TEST = "test_cli_passes_on_a_compliant_account"
FAIL_TEST = "test_cli_fails_with_the_reason"
ERROR_TEST = "test_cli_errors_when_the_read_is_denied"


def cli_verdict_tests(seeded: dict[str, SeededCase], group: str, *,
                      test_file: str | Path) -> tuple[Any, Any, Any]:
    """The three tests every seeded module (``test_file``: its ``__file__``) runs over its
    ``SEEDED`` cases: PASS on a compliant account, FAIL with the reason, ERROR when the read
    is denied.

    Each test runs the cases whose verdict tests/live_proofs.toml says it proves
    (``<test_file>::<test>[<control id>]``); a verdict an applied stack proves is named
    there instead and not run again here, and so is a FAIL the module proves otherwise (the
    organization's guardrails, all broken in one account). A test none of whose cases is
    left is None (not collected). PASS and ERROR share the seeded accounts (``passing_account``),
    so they run on one xdist worker (``group``); the cases with the same seeding (and, for
    ERROR, the same denied action) are judged by one CLI run over all of their controls
    (``shared_audits``: same account, same reads, one collection instead of one per
    control); FAIL seeds a fresh account per control.
    """
    import pytest

    from harness.moto import deny
    from tests.support.ledger import proved_here

    ids = sorted(seeded)
    pass_ids = proved_here(ids, "PASS", test_file, PASS_TEST)
    fail_ids = proved_here(ids, "FAIL", test_file, FAIL_TEST)
    error_ids = proved_here(ids, "ERROR", test_file, ERROR_TEST)
    without_fail_seed = [i for i in fail_ids if seeded[i].seed_fail is None]
    if without_fail_seed:
        raise ValueError(f"the ledger names {FAIL_TEST} for cases without seed_fail: "
                         f"{without_fail_seed}")
    without_denied_action = [i for i in error_ids if seeded[i].denied_action is None]
    if without_denied_action:
        raise ValueError(f"the ledger names {ERROR_TEST} for cases without denied_action: "
                         f"{without_denied_action}")

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
        assert case.seed_fail is not None and case.fail_reason is not None
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
        denied_action = case.denied_action
        assert denied_action is not None
        together = [i for i in error_ids if seeded[i].seed_pass is case.seed_pass
                    and seeded[i].denied_action == denied_action]

        def denied_audit() -> Any:
            account = passing_account(case)
            with deny(account.account_id, denied_action):
                return audit_cli(account, "--controls", ",".join(together))

        result = shared_audits((case.seed_pass, denied_action), denied_audit)
        assert result.statuses(control_id) == {"ERROR"}, result.reasons(control_id)
        assert "AccessDenied" in result.reasons(control_id)
        if all(result.statuses(i) == {"ERROR"} for i in together):
            assert result.exit_code == 2

    return (test_cli_passes_on_a_compliant_account if pass_ids else None,
            test_cli_fails_with_the_reason if fail_ids else None,
            test_cli_errors_when_the_read_is_denied if error_ids else None)
