"""A realistic account for the evidence report: the compliant hand-built snapshots of every
concern merged, then broken the ways auditors meet: a short password policy (FAIL), a denied
read (ERROR), an emulator gap (NOT_PROVABLE), a waived admin role (WAIVED, with reason, owner
and expiry), an expired exception; no account alias."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date
from typing import Any

from governance.checks import evaluate
from governance.exceptions import Waiver, apply_control_waivers
from governance.model import AccountSnapshot, Finding, Status
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
    snapshot.record("organizations:DescribeOrganization", None)  # a standalone account
    policy = snapshot.get("iam:GetAccountPasswordPolicy")
    snapshot.record("iam:GetAccountPasswordPolicy", {**policy, "MinimumPasswordLength": 8})
    snapshot.record("guardduty:ListDetectors", error="AccessDeniedException: not authorized",
                    region="eu-west-1")
    snapshot.record("access-analyzer:ListAnalyzers", error="not implemented by the emulator",
                    region="eu-west-1", emulator_gap=True)
    snapshot.emulator_endpoint = "http://127.0.0.1:5000"
    findings = apply_control_waivers(evaluate(snapshot), [WAIVER], snapshot.account_id)
    return snapshot, findings


def _account_entry(account_id: str, name: str, ou_path: str, findings: list[Finding],
                   role: str = "member") -> dict[str, Any]:
    from governance.catalog.frameworks import frameworks
    from governance.model import worst
    from governance.verdicts import item_verdicts

    by_control: dict[str, list[Finding]] = {}
    for finding in findings:
        by_control.setdefault(finding.control_id, []).append(finding)
    verdicts = item_verdicts(findings, frameworks(), account_id=account_id)
    return {"account_id": account_id, "name": name, "email": f"aws+{name}@example.com",
            "ou_path": ou_path, "role": role, "outcome": "AUDITED", "error": None,
            "worst": worst(f.status for f in findings).value,
            "controls": {c: worst(f.status for f in found).value
                         for c, found in sorted(by_control.items())},
            "items": {key: {row.item_id: row.status for row in rows}
                      for key, rows in verdicts.items()},
            "counts": dict(Counter(f.status.value for f in findings)),
            "evidence": {"html": f"accounts/{account_id}/evidence.html",
                         "json": f"accounts/{account_id}/findings.json"}}


def sample_rollup() -> dict[str, Any]:
    """The roll-up dict (schema governance.rollup/1) of six accounts: a compliant one, the
    sample account, two with one FAIL each, the management account, and one whose role is
    missing (ERROR with its one-line error)."""
    from governance.catalog import catalog
    from governance.catalog.frameworks import frameworks

    snapshot, broken = sample_account()
    clean = [f for f in broken if f.status.value in ("PASS", "NOT_APPLICABLE")]
    clean += [replace(f, status=Status.PASS) for f in broken
              if f.status.value not in ("PASS", "NOT_APPLICABLE")]
    one_fail = [replace(f, status=Status.FAIL) if f.control_id == "cloudtrail-log-file-validation"
                else f for f in clean]
    other_fail = [replace(f, status=Status.FAIL) if f.control_id == "s3-account-public-access-block"
                  else f for f in clean]
    accounts = [
        _account_entry("111111111111", "management", "Root", one_fail, role="management"),
        _account_entry("222222222222", "workload-a", "Root/Workloads/Prod", clean),
        _account_entry("333333333333", "workload-b", "Root/Workloads/Prod", broken),
        _account_entry("444444444444", "sandbox-c", "Root/Sandbox", other_fail),
        _account_entry("555555555555", "log-archive", "Root/Security", clean),
        {"account_id": "666666666666", "name": "legacy-d", "email": "aws+legacy-d@example.com",
         "ou_path": "Root/Legacy", "role": "member", "outcome": "ERROR",
         "error": "AccessDenied: sts:AssumeRole on arn:aws:iam::666666666666:role/"
                  "OrganizationAccountAccessRole (the member role is missing)",
         "worst": "ERROR", "controls": {}, "items": {}, "counts": {}, "evidence": {}},
    ]
    audited = [a for a in accounts if a["outcome"] == "AUDITED"]
    per_framework: dict[str, dict[str, int]] = {}
    for key, framework in frameworks().items():
        figures = Counter(status for a in audited for status in a["items"][key].values())
        compliant = sum(1 for a in audited
                        if not {"FAIL", "ERROR"} & set(a["items"][key].values()))
        per_framework[key] = {"items": len(framework.items), "compliant_accounts": compliant,
                              **{s: figures.get(s, 0) for s in (
                                  "PASS", "FAIL", "ERROR", "MANUAL", "WAIVED", "NOT_PROVABLE",
                                  "NOT_ASSESSED")}}
    return {
        "schema": "governance.rollup/1", "generated_at": "2026-12-02T18:00:00+00:00",
        "organization": {"id": "o-abc123defg", "management_account_id": "111111111111"},
        "regions": list(snapshot.regions),
        "frameworks": [{"key": key, "title": framework.name}
                       for key, framework in frameworks().items()],
        "controls": [{"id": c.id, "title": c.title, "severity": c.severity.value}
                     for c in catalog().values()],
        "accounts": accounts,
        "summary": {"accounts": len(accounts), "audited": len(audited),
                    "errored": len(accounts) - len(audited), "per_framework": per_framework},
    }
