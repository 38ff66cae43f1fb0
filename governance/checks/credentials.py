"""Checks of IAM users' static credentials, from the credential report (bulk, one pass)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from governance.checks import check
from governance.checks.root import ROOT_ROW, audit_time, dated_by_report, report_time
from governance.model import AccountSnapshot, Finding, ReadFailed, Status

EVIDENCE_LIMIT = 50
UNUSED_CREDENTIAL_DAYS = 45  # CIS 1.12
ACCESS_KEY_MAX_AGE_DAYS = 90  # CIS 1.14
CLOUDSHELL_FULL_ACCESS_SUFFIX = ":iam::aws:policy/AWSCloudShellFullAccess"


def _limited(items: list[Any]) -> dict[str, Any]:
    return {"count": len(items), "items": items[:EVIDENCE_LIMIT]}


def _users(snapshot: AccountSnapshot) -> list[dict[str, str]]:
    return [row for row in snapshot.get("iam:GetCredentialReport") if row.get("user") != ROOT_ROW]


def _active_keys(row: dict[str, str]) -> list[str]:
    return [n for n in ("1", "2") if row.get(f"access_key_{n}_active") == "true"]


def _dated(row: dict[str, str], *fields: str) -> datetime:
    """The first readable date among ``fields`` of a credential report row; ReadFailed when
    none is (a credential is never judged on a date nobody could read)."""
    for name in fields:
        when = report_time(row.get(name))
        if when is not None:
            return when
    raise ReadFailed("iam:GetCredentialReport", f"user {row.get('user')}: no readable date in "
                     + ", ".join(f"{name}={row.get(name)!r}" for name in fields))


def _names(items: list[str]) -> str:
    return ", ".join(items[:10]) + (f" (+{len(items) - 10} more)" if len(items) > 10 else "")


@check("iam-no-access-keys-at-setup")
@dated_by_report
def no_access_keys_at_setup(snapshot: AccountSnapshot) -> list[Finding]:
    control = "iam-no-access-keys-at-setup"
    users = _users(snapshot)
    offenders = sorted(
        f"{row['user']} (key {n})" for row in users if row.get("password_enabled") == "true"
        for n in _active_keys(row)
        if report_time(row.get(f"access_key_{n}_last_used_date")) is None)
    if offenders:
        return [Finding(control, Status.FAIL, f"console user(s) with an active, never-used "
                        f"access key: {_names(offenders)}",
                        evidence={"never_used_keys": _limited(offenders)})]
    return [Finding(control, Status.PASS, f"{len(users)} user(s), no console user holds a "
                    "never-used access key", evidence={"users": len(users)})]


@check("iam-unused-credentials-disabled")
@dated_by_report
def unused_credentials_disabled(snapshot: AccountSnapshot) -> list[Finding]:
    control = "iam-unused-credentials-disabled"
    since = audit_time(snapshot) - timedelta(days=UNUSED_CREDENTIAL_DAYS)
    users = _users(snapshot)
    stale = []
    for row in users:
        if row.get("password_enabled") == "true":
            used = report_time(row.get("password_last_used"))
            reference = _dated(row, "password_last_used", "password_last_changed",
                               "user_creation_time")
            if reference < since:
                stale.append(f"{row['user']} password "
                             f"({'last used ' + used.date().isoformat() if used else 'never used'})")
        for n in _active_keys(row):
            used = report_time(row.get(f"access_key_{n}_last_used_date"))
            reference = _dated(row, f"access_key_{n}_last_used_date", f"access_key_{n}_last_rotated",
                               "user_creation_time")
            if reference < since:
                stale.append(f"{row['user']} access key {n} "
                             f"({'last used ' + used.date().isoformat() if used else 'never used'})")
    if stale:
        return [Finding(control, Status.FAIL, f"{len(stale)} credential(s) unused for more than "
                        f"{UNUSED_CREDENTIAL_DAYS} days still enabled: {_names(stale)}",
                        evidence={"stale_credentials": _limited(stale),
                                  "unused_since": since.isoformat()})]
    return [Finding(control, Status.PASS, f"{len(users)} user(s), every enabled credential used "
                    f"within {UNUSED_CREDENTIAL_DAYS} days", evidence={"users": len(users)})]


@check("iam-one-active-access-key")
def one_active_access_key(snapshot: AccountSnapshot) -> list[Finding]:
    control = "iam-one-active-access-key"
    users = _users(snapshot)
    two = sorted(row["user"] for row in users if len(_active_keys(row)) > 1)
    if two:
        return [Finding(control, Status.FAIL,
                        f"user(s) with two active access keys: {_names(two)}",
                        evidence={"users_with_two_active_keys": _limited(two)})]
    return [Finding(control, Status.PASS, f"{len(users)} user(s), none with two active keys",
                    evidence={"users": len(users)})]


@check("iam-access-keys-rotated")
@dated_by_report
def access_keys_rotated(snapshot: AccountSnapshot) -> list[Finding]:
    control = "iam-access-keys-rotated"
    oldest = audit_time(snapshot) - timedelta(days=ACCESS_KEY_MAX_AGE_DAYS)
    users = _users(snapshot)
    old = sorted(
        f"{row['user']} key {n} (created {rotated.date().isoformat()})"
        for row in users for n in _active_keys(row)
        if (rotated := _dated(row, f"access_key_{n}_last_rotated")) < oldest)
    if old:
        return [Finding(control, Status.FAIL, f"{len(old)} active access key(s) older than "
                        f"{ACCESS_KEY_MAX_AGE_DAYS} days: {_names(old)}",
                        evidence={"keys_not_rotated": _limited(old)})]
    keys = sum(len(_active_keys(row)) for row in users)
    return [Finding(control, Status.PASS, f"{keys} active access key(s), all younger than "
                    f"{ACCESS_KEY_MAX_AGE_DAYS} days", evidence={"active_keys": keys})]


@check("iam-expired-certificates-removed")
def expired_certificates_removed(snapshot: AccountSnapshot) -> list[Finding]:
    control = "iam-expired-certificates-removed"
    now = audit_time(snapshot)
    certificates = snapshot.get("iam:ListServerCertificates")
    expired = sorted(
        f"{cert['ServerCertificateName']} (expired {expiry.date().isoformat()})"
        for cert in certificates
        if (expiry := report_time(str(cert.get("Expiration") or ""))) is not None and expiry < now)
    if expired:
        return [Finding(control, Status.FAIL, f"expired server certificate(s) stored in IAM: "
                        f"{_names(expired)}", evidence={"expired": _limited(expired)})]
    return [Finding(control, Status.PASS, f"{len(certificates)} server certificate(s) in IAM, "
                    "none expired", evidence={"certificates": len(certificates)})]


@check("iam-cloudshell-full-access-restricted")
def cloudshell_full_access_restricted(snapshot: AccountSnapshot) -> list[Finding]:
    control = "iam-cloudshell-full-access-restricted"
    details = snapshot.get("iam:GetAccountAuthorizationDetails")
    holders = []
    for kind, list_key, name_key in (("user", "UserDetailList", "UserName"),
                                     ("group", "GroupDetailList", "GroupName"),
                                     ("role", "RoleDetailList", "RoleName")):
        for principal in details[list_key]:
            if any(p["PolicyArn"].endswith(CLOUDSHELL_FULL_ACCESS_SUFFIX)
                   for p in principal.get("AttachedManagedPolicies", [])):
                holders.append(f"{kind}/{principal[name_key]}")
    if holders:
        return [Finding(control, Status.FAIL, f"AWSCloudShellFullAccess is attached to "
                        f"{_names(sorted(holders))}", evidence={"holders": _limited(sorted(holders))})]
    return [Finding(control, Status.PASS, "no user, group or role has AWSCloudShellFullAccess")]
