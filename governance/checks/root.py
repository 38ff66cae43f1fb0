"""Checks of the root user (verify-only: Terraform cannot set any of them)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from governance.checks import check
from governance.model import AccountSnapshot, Finding, ReadFailed, Status

ROOT_ROW = "<root_account>"
# CIS 1.7 / FTR ARC-001: no root password or access-key use within this many days of the
# audit. Override per audit with the optional snapshot setting
# SETTINGS_API {"root_use_window_days": N} (kept in saved snapshots, so --from-snapshot
# re-evaluates with it), or call root_used_only_by_exception(snapshot, window_days=N).
ROOT_USE_WINDOW_DAYS = 90
SETTINGS_API = "governance:Settings"
NO_DATE = {"", "N/A", "no_information", "not_supported"}


def setting(snapshot: AccountSnapshot, name: str, default: Any) -> Any:
    """An optional audit setting stored in the snapshot (``governance:Settings``)."""
    read = snapshot.reads.get(SETTINGS_API)
    if read is None or read.error is not None or not isinstance(read.data, dict):
        return default
    return read.data.get(name, default)


def audit_time(snapshot: AccountSnapshot) -> datetime:
    """'Now' for age checks: when the snapshot was collected (checks never read the clock)."""
    return datetime.fromisoformat(snapshot.collected_at)


def report_time(value: str | None) -> datetime | None:
    """A credential-report time, or None for N/A, no_information and the like."""
    if value is None or value in NO_DATE:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


# When the credential report was generated (governance/collectors/iam.py): AWS serves a
# cached report up to 4 h old, so its last-used and rotation dates may predate the audit.
CREDENTIAL_REPORT_TIME = "iam:GetCredentialReport:GeneratedTime"


def _duration(delta: timedelta) -> str:
    seconds = int(abs(delta.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    days, hours = divmod(hours, 24)
    parts = [f"{days} d"] * bool(days) + [f"{hours} h"] * bool(hours) + [f"{rest // 60} min"]
    return " ".join(parts) if seconds >= 60 else f"{seconds} s"


def credential_report_age(snapshot: AccountSnapshot) -> dict[str, Any]:
    """When the credential report was generated, its age when the audit started, and a
    warning when it was generated before the audit (AWS's cache): what the report shows of
    last use and rotation is as of that time, not the audit's."""
    read = snapshot.reads.get(CREDENTIAL_REPORT_TIME)
    data = read.data if read is not None and read.error is None else None
    generated = report_time(data.get("GeneratedTime")) if isinstance(data, dict) else None
    if generated is None:
        why = "not recorded" if read is None else read.error or "not in the read"
        return {"generated": None, "stale": True,
                "text": f"credential report generation time unknown ({why}): its last-used "
                        "and rotation dates may predate the audit"}
    age = audit_time(snapshot) - generated
    if age <= timedelta(0):
        return {"generated": generated.isoformat(), "age_seconds": 0, "stale": False,
                "text": f"credential report generated {generated.isoformat()}, during the "
                        "collection (after it started)"}
    if data.get("generated_for_audit") is True:  # AWS made it on request: another clock
        return {"generated": generated.isoformat(), "age_seconds": int(age.total_seconds()),
                "stale": False,
                "text": f"credential report generated {generated.isoformat()}, "
                        f"{_duration(age)} before collection by the collector's clock "
                        "(generated at this audit's request)"}
    return {"generated": generated.isoformat(), "age_seconds": int(age.total_seconds()),
            "stale": True,
            "text": f"credential report generated {generated.isoformat()}, {_duration(age)} "
                    "before collection (warning: AWS served a cached report; credentials "
                    "created, used or rotated since then are not in it)"}


def dated_by_report(function: Callable[..., list[Finding]]) -> Callable[..., list[Finding]]:
    """For a check judging credential report dates: each finding's evidence says when the
    report was generated (``credential_report``), a warning when before the audit."""

    @functools.wraps(function)
    def judged(snapshot: AccountSnapshot, *args: Any, **kwargs: Any) -> list[Finding]:
        findings = function(snapshot, *args, **kwargs)
        note = credential_report_age(snapshot)["text"]
        return [replace(f, evidence={**f.evidence, "credential_report": note}) for f in findings]

    return judged


def root_row(snapshot: AccountSnapshot) -> dict[str, str]:
    report = snapshot.get("iam:GetCredentialReport")
    for row in report:
        if row.get("user") == ROOT_ROW:
            return row
    # AWS always lists the root user; an emulator (moto) lists IAM users only.
    snapshot.emulator_gap("the emulator's credential report has no <root_account> row (AWS "
                          "always lists the root user), so the root user's use cannot be read")
    raise ReadFailed("iam:GetCredentialReport", "the credential report has no <root_account> row")


def _summary(snapshot: AccountSnapshot) -> dict[str, Any]:
    return snapshot.get("iam:GetAccountSummary")


def _mfa_enabled(snapshot: AccountSnapshot) -> int:
    summary = _summary(snapshot)
    if "AccountMFAEnabled" not in summary:
        raise ReadFailed("iam:GetAccountSummary", "the account summary has no AccountMFAEnabled")
    return int(summary["AccountMFAEnabled"] or 0)


@check("root-no-access-keys")
def root_no_access_keys(snapshot: AccountSnapshot) -> list[Finding]:
    control = "root-no-access-keys"
    # CIS 1.4 reads either the account summary (CLI) or the <root_account> row of the
    # credential report (console); with neither, nothing was seen: ERROR, never PASS.
    summary = _summary(snapshot)
    report = snapshot.get("iam:GetCredentialReport")
    row = next((r for r in report if r.get("user") == ROOT_ROW), None)
    if "AccountAccessKeysPresent" not in summary and row is None:
        raise ReadFailed("iam:GetAccountSummary", "neither AccountAccessKeysPresent in the "
                         "account summary nor a <root_account> credential report row was read")
    present = int(summary.get("AccountAccessKeysPresent") or 0)
    active = [n for n in ("1", "2") if (row or {}).get(f"access_key_{n}_active") == "true"]
    evidence = {"AccountAccessKeysPresent": summary.get("AccountAccessKeysPresent"),
                "root_report_row": row is not None, "active_root_keys": active}
    if present or active:
        return [Finding(control, Status.FAIL, "the root user has access keys "
                        f"(AccountAccessKeysPresent={present}, active keys: {active or 'none'})",
                        evidence=evidence)]
    return [Finding(control, Status.PASS, "the root user has no access keys", evidence=evidence)]


@check("root-mfa-enabled")
def root_mfa_enabled(snapshot: AccountSnapshot) -> list[Finding]:
    control = "root-mfa-enabled"
    enabled = _mfa_enabled(snapshot)
    if not enabled:
        return [Finding(control, Status.FAIL, "the root user has no MFA device "
                        "(AccountMFAEnabled=0)", evidence={"AccountMFAEnabled": enabled})]
    return [Finding(control, Status.PASS, "the root user signs in with MFA",
                    evidence={"AccountMFAEnabled": enabled})]


def is_root_virtual_device(device: dict[str, Any]) -> bool:
    serial = str(device.get("SerialNumber") or "")
    owner = str(device.get("UserArn") or "")
    return serial.endswith(":mfa/root-account-mfa-device") or owner.endswith(":root")


@check("root-hardware-mfa")
def root_hardware_mfa(snapshot: AccountSnapshot) -> list[Finding]:
    control = "root-hardware-mfa"
    enabled = _mfa_enabled(snapshot)
    devices = snapshot.get("iam:ListVirtualMFADevices")
    root_virtual = [d["SerialNumber"] for d in devices if is_root_virtual_device(d)]
    evidence = {"AccountMFAEnabled": enabled, "root_virtual_mfa_devices": root_virtual}
    if not enabled:
        return [Finding(control, Status.FAIL, "the root user has no MFA device at all",
                        evidence=evidence)]
    if root_virtual:
        return [Finding(control, Status.FAIL,
                        f"the root user's MFA is a virtual device ({root_virtual[0]}), "
                        "not a hardware one", evidence=evidence)]
    return [Finding(control, Status.PASS, "the root user has MFA and no virtual MFA device "
                    "(hardware MFA)", evidence=evidence)]


@check("root-used-only-by-exception")
@dated_by_report
def root_used_only_by_exception(snapshot: AccountSnapshot,
                                window_days: int | None = None) -> list[Finding]:
    control = "root-used-only-by-exception"
    days = int(window_days if window_days is not None
               else setting(snapshot, "root_use_window_days", ROOT_USE_WINDOW_DAYS))
    row = root_row(snapshot)
    now = audit_time(snapshot)
    since = now - timedelta(days=days)
    uses = {field: report_time(row.get(field)) for field in (
        "password_last_used", "access_key_1_last_used_date", "access_key_2_last_used_date")}
    recent = {field: when.isoformat() for field, when in uses.items()
              if when is not None and when >= since}
    evidence = {"window_days": days, "since": since.isoformat(),
                "last_used": {f: row.get(f) for f in uses}}
    if recent:
        field, when = sorted(recent.items(), key=lambda item: item[1])[-1]
        what = "password" if field == "password_last_used" else "access key"
        return [Finding(control, Status.FAIL,
                        f"the root user's {what} was used on {when}, within the last {days} days",
                        evidence={**evidence, "recent_use": recent})]
    return [Finding(control, Status.PASS,
                    f"no root password or access-key use in the {days} days before {now.date()}",
                    evidence=evidence)]


# --- CIS v5.0.0 1.4 and 1.5: MFA, or no root password ----------------------------------
# From v5.0.0 on, CIS accepts a root user without a password (AccountPasswordPresent 0):
# centralized root access lets an organization delete member accounts' root credentials,
# and a root user that cannot sign in to the console needs no MFA device. The v3.0.0 and
# v4.0.1 procedures (root-mfa-enabled, root-hardware-mfa) still demand MFA.


def _summary_flag(summary: dict[str, Any], name: str) -> int | None:
    value = summary.get(name)
    return None if value is None else int(value)


def _summary_lacks(snapshot: AccountSnapshot, name: str, also: str = "") -> ReadFailed:
    """The ReadFailed for a field the decision needs and the account summary lacks."""
    if name == "AccountPasswordPresent":
        # moto's account summary has no AccountPasswordPresent unless the harness gives the
        # root user its state (harness.moto.set_root_state); AWS reports it.
        snapshot.emulator_gap("the emulator's account summary has no AccountPasswordPresent, "
                              "so whether the root user has a password cannot be read")
    return ReadFailed("iam:GetAccountSummary", f"the account summary has no {name}{also}")


def _report_reading(row: dict[str, str] | None) -> bool | None:
    """What the console step (credential report, <root_account> row) says: True when
    mfa_active is TRUE or password_enabled is FALSE, False when the root user has a
    password and no MFA, None when the row cannot tell (absent, or password_enabled
    not_supported, as AWS documents it for the root user, with mfa_active FALSE)."""
    if row is None:
        return None
    mfa = str(row.get("mfa_active", "")).lower()
    password = str(row.get("password_enabled", "")).lower()
    if mfa == "true" or password == "false":
        return True
    if mfa == "false" and password == "true":
        return False
    return None


@check("root-mfa-enabled-or-password-removed")
def root_mfa_enabled_or_password_removed(snapshot: AccountSnapshot) -> list[Finding]:
    """CIS v5.0.0 1.4: AccountMFAEnabled 1 or AccountPasswordPresent 0 (CLI step), or the
    credential report's root row with mfa_active TRUE or password_enabled FALSE (console
    step). Both reads are made; the live account summary decides when it can (the report
    may be a cached one, up to 4 h old), else the report's root row; a disagreement is
    named in the reason. Neither able to tell: ERROR."""
    control = "root-mfa-enabled-or-password-removed"
    summary = _summary(snapshot)
    report = snapshot.get("iam:GetCredentialReport")
    row = next((r for r in report if r.get("user") == ROOT_ROW), None)
    mfa = _summary_flag(summary, "AccountMFAEnabled")
    password = _summary_flag(summary, "AccountPasswordPresent")
    row_text = "" if row is None else (
        f"credential report <root_account> row: mfa_active={row.get('mfa_active')}, "
        f"password_enabled={row.get('password_enabled')}")
    by_report = _report_reading(row)
    evidence: dict[str, Any] = {
        "AccountMFAEnabled": mfa, "AccountPasswordPresent": password,
        "report_root_row": None if row is None else {
            "mfa_active": row.get("mfa_active"), "password_enabled": row.get("password_enabled")},
        "credential_report": credential_report_age(snapshot)["text"]}
    by_summary: bool | None = None  # the CLI step: AccountMFAEnabled 1 or AccountPasswordPresent 0
    if mfa == 1 or password == 0:
        by_summary = True
    elif (mfa, password) == (0, 1):
        by_summary = False
    if by_summary is None:
        if by_report is None:
            missing = "AccountMFAEnabled" if mfa is None else "AccountPasswordPresent"
            also = (" and the credential report has no <root_account> row" if row is None
                    else f" and the {row_text} cannot tell")
            raise _summary_lacks(snapshot, missing, also)
        if by_report:
            return [Finding(control, Status.PASS, f"the root user has MFA or no password "
                            f"({row_text}; the account summary cannot tell)", evidence=evidence)]
        return [Finding(control, Status.FAIL, f"the root user has a password and no MFA device "
                        f"({row_text}; the account summary cannot tell)", evidence=evidence)]
    disagree = ""
    if by_report is not None and by_report != by_summary:
        disagree = (f"; the {row_text} says otherwise: judged by the live account summary, "
                    "which the procedure's CLI step reads")
        evidence["sources_disagree"] = True
    if by_summary:
        why = ("signs in with MFA (AccountMFAEnabled=1)" if mfa == 1 else
               "has no password (AccountPasswordPresent=0): no console sign-in to protect")
        return [Finding(control, Status.PASS, f"the root user {why}{disagree}", evidence=evidence)]
    return [Finding(control, Status.FAIL, "the root user has a password and no MFA device "
                    f"(AccountMFAEnabled=0, AccountPasswordPresent=1){disagree}",
                    evidence=evidence)]


@check("root-hardware-mfa-or-password-removed")
def root_hardware_mfa_or_password_removed(snapshot: AccountSnapshot) -> list[Finding]:
    """CIS v5.0.0 1.5: AccountMFAEnabled 0 with AccountPasswordPresent 1 is non-compliant;
    AccountPasswordPresent 0 (root console credential removed) with AccountMFAEnabled 0 is
    compliant; AccountMFAEnabled 1 goes on to the virtual-device test of root-hardware-mfa
    (the root user's serial in list-virtual-mfa-devices: non-compliant)."""
    control = "root-hardware-mfa-or-password-removed"
    enabled = _mfa_enabled(snapshot)
    if not enabled:
        password = _summary_flag(_summary(snapshot), "AccountPasswordPresent")
        evidence = {"AccountMFAEnabled": enabled, "AccountPasswordPresent": password}
        if password is None:
            raise _summary_lacks(snapshot, "AccountPasswordPresent")
        if password:
            return [Finding(control, Status.FAIL, "the root user has a password and no MFA "
                            "device (AccountMFAEnabled=0, AccountPasswordPresent=1)",
                            evidence=evidence)]
        return [Finding(control, Status.PASS, "the root user has no password and no MFA device "
                        "(AccountPasswordPresent=0: the root console credential was removed)",
                        evidence=evidence)]
    devices = snapshot.get("iam:ListVirtualMFADevices")
    root_virtual = [d["SerialNumber"] for d in devices if is_root_virtual_device(d)]
    evidence = {"AccountMFAEnabled": enabled, "root_virtual_mfa_devices": root_virtual}
    if root_virtual:
        return [Finding(control, Status.FAIL,
                        f"the root user's MFA is a virtual device ({root_virtual[0]}), "
                        "not a hardware one", evidence=evidence)]
    return [Finding(control, Status.PASS, "the root user has MFA and no virtual MFA device "
                    "(hardware MFA)", evidence=evidence)]
