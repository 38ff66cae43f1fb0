"""A realistic account for the evidence report: the compliant hand-built snapshots of every
concern merged, then broken the ways auditors meet: a short password policy (FAIL), a denied
read (ERROR), an emulator gap (NOT_PROVABLE), a waived admin role (WAIVED, with reason, owner
and expiry), an expired exception; no account alias."""

from __future__ import annotations

from datetime import date

from governance.checks import evaluate
from governance.exceptions import Waiver, apply_control_waivers
from governance.model import AccountSnapshot, Finding
from tests.unit import snapshots, snapshots_identity, snapshots_logging, snapshots_storage_network

WAIVER = Waiver(reason="break-glass administration: MFA-only trust, 1 h sessions, alarmed",
                owner="platform-security@example.com", expires=date(2999, 6, 30),
                control="iam-no-full-admin-policy-attached", resource="*:role/platform-admin")
EXPIRED = Waiver(reason="legacy CI user, migration ticket SEC-7", owner="ci-team",
                 expires=date(2020, 1, 31), control="iam-no-shared-users")


def sample_account(*, alias: bool = False) -> tuple[AccountSnapshot, list[Finding]]:
    """(snapshot, findings with the control waiver applied)."""
    snapshot = snapshots_identity.identity_compliant()
    for other in (snapshots_logging.compliant(), snapshots_storage_network.compliant(),
                  snapshots.compliant()):
        for key, read in other.reads.items():
            snapshot.reads.setdefault(key, read)
    snapshot.record("iam:ListAccountAliases", ["example-prod"] if alias else [])
    policy = snapshot.get("iam:GetAccountPasswordPolicy")
    snapshot.record("iam:GetAccountPasswordPolicy", {**policy, "MinimumPasswordLength": 8})
    snapshot.record("guardduty:ListDetectors", error="AccessDeniedException: not authorized",
                    region="eu-west-1")
    snapshot.record("access-analyzer:ListAnalyzers", error="not implemented by the emulator",
                    region="eu-west-1", emulator_gap=True)
    snapshot.emulator_endpoint = "http://127.0.0.1:5000"
    findings = apply_control_waivers(evaluate(snapshot), [WAIVER], snapshot.account_id)
    return snapshot, findings
