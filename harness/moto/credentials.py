"""IAM credential state no moto API can set: the root user's, and old credentials.

moto's IAM account summary always reports AccountMFAEnabled and AccountAccessKeysPresent
as 0, no API changes them, root access keys cannot be made, the credential report has no
``<root_account>`` row and moto 5.2.5's summary has no AccountPasswordPresent at all. Real
accounts have all of these and the root controls (CIS 1.4-1.7) read them:
:func:`set_root_state` gives a sandbox account the root user a real account could have, so
PASS and FAIL go through boto3 and the collector like any other read (test:
tests/unit/test_harness.py::test_root_state_reaches_boto3_reads).

moto creates users and access keys "now" and never records a use; the unused-credential
(45 days) and key-rotation (90 days) controls need older ones: :func:`age_credentials`.

Tests that fail when stock moto no longer needs these:
tests/seeded/test_identity_controls.py (AccountPasswordPresent) and
tests/unit/test_moto_gaps.py (no ``<root_account>`` row in stock moto's credential report).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

ROOT_REPORT_FIELDS = (
    "user", "arn", "user_creation_time", "password_enabled", "password_last_used",
    "password_last_changed", "password_next_rotation", "mfa_active", "access_key_1_active",
    "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_1_last_used_region",
    "access_key_1_last_used_service", "access_key_2_active", "access_key_2_last_rotated",
    "access_key_2_last_used_date", "access_key_2_last_used_region",
    "access_key_2_last_used_service", "cert_1_active", "cert_1_last_rotated", "cert_2_active",
    "cert_2_last_rotated",
)
ROOT_STATE: dict[str, dict[str, Any]] = {}


def reset() -> None:
    """Forget the root states set (moto's own IAM state is moto's)."""
    ROOT_STATE.clear()


def set_root_state(account_id: str, *, mfa: str = "none", access_keys: bool = False,
                   password_last_used: str = "N/A",
                   access_key_last_used: str = "N/A", password: bool = True) -> None:
    """Give a sandbox account's root user its state.

    ``mfa``: "none", "virtual" (a virtual MFA device assigned to root, as real accounts list
    it) or "hardware" (MFA on, no virtual device). ``password_last_used`` and
    ``access_key_last_used``: ISO 8601 times or "N/A"/"no_information", as the credential
    report writes them. ``password``: False when the root password was removed (as
    centralized root access does): the account summary's AccountPasswordPresent is 0.
    """
    from moto.iam.models import VirtualMfaDevice, iam_backends

    if mfa not in {"none", "virtual", "hardware"}:
        raise ValueError(f"mfa must be none, virtual or hardware, not {mfa!r}")
    backend = iam_backends[account_id]["global"]
    backend.account_summary._account_mfa_enabled = 0 if mfa == "none" else 1
    backend.account_summary._account_access_keys_present = 1 if access_keys else 0
    backend.account_summary._account_password_present = 1 if password else 0  # type: ignore[attr-defined]
    root_serial = f"arn:aws:iam::{account_id}:mfa/root-account-mfa-device"
    backend.virtual_mfa_devices.pop(root_serial, None)
    if mfa == "virtual":
        device = VirtualMfaDevice(account_id, "us-east-1", "/root-account-mfa-device")
        device.enable_date = datetime.now(UTC)
        device.user = SimpleNamespace(  # type: ignore[assignment]
            path="/", name="<root_account>", user_name="<root_account>", id=account_id,
            user_id=account_id, arn=f"arn:aws:iam::{account_id}:root",
            create_date=datetime(2020, 1, 1, tzinfo=UTC), created=datetime(2020, 1, 1, tzinfo=UTC))
        backend.virtual_mfa_devices[root_serial] = device
    ROOT_STATE[account_id] = {
        "user": "<root_account>", "arn": f"arn:aws:iam::{account_id}:root",
        "user_creation_time": "2020-01-01T00:00:00+00:00", "password_enabled": "not_supported",
        "password_last_used": password_last_used, "password_last_changed": "not_supported",
        "password_next_rotation": "not_supported", "mfa_active": str(mfa != "none").lower(),
        "access_key_1_active": str(access_keys).lower(),
        "access_key_1_last_rotated": "2020-01-01T00:00:00+00:00" if access_keys else "N/A",
        "access_key_1_last_used_date": access_key_last_used if access_keys else "N/A",
        "access_key_1_last_used_region": "us-east-1" if access_keys else "N/A",
        "access_key_1_last_used_service": "iam" if access_keys else "N/A",
        "access_key_2_active": "false", "access_key_2_last_rotated": "N/A",
        "access_key_2_last_used_date": "N/A", "access_key_2_last_used_region": "N/A",
        "access_key_2_last_used_service": "N/A", "cert_1_active": "false",
        "cert_1_last_rotated": "N/A", "cert_2_active": "false", "cert_2_last_rotated": "N/A",
    }


def _credential_report_with_root(original: Callable[..., str]) -> Callable[..., str]:
    def get_credential_report(self: Any) -> str:
        report = original(self)
        root = ROOT_STATE.get(self.account_id)
        if root is None:
            return report
        header, _, rows = report.partition("\n")
        root_row = ",".join(root[field] for field in header.split(","))
        return f"{header}\n{root_row}\n{rows}"

    get_credential_report.wrapped = True  # type: ignore[attr-defined]
    get_credential_report.original = original  # type: ignore[attr-defined]
    return get_credential_report


# moto 5.2.5's account summary has no AccountPasswordPresent at all (AWS reports it: 1 when
# the root user has a password, 0 once it was removed, e.g. by centralized root access;
# CIS v5.0.0 1.4 and 1.5 read it). The summary of an account given a root state by
# set_root_state carries it; other accounts keep moto's summary as it is.
# tests/seeded/test_identity_controls.py fails when stock moto starts reporting it.
def _summary_with_root_password(original: property) -> property:
    def summary_map(self: Any) -> dict[str, Any]:
        summary = dict(original.fget(self))  # type: ignore[misc]
        present = getattr(self, "_account_password_present", None)
        if present is not None:
            summary["AccountPasswordPresent"] = present
        return summary

    summary_map.wrapped = True  # type: ignore[attr-defined]
    summary_map.original = original.fget  # type: ignore[attr-defined]
    return property(summary_map)


# --- Credential age ----------------------------------------------------------------------
#
# moto creates users and access keys "now" and never records a use; the unused-credential
# (45 days) and key-rotation (90 days) controls need older ones.


def age_credentials(account_id: str, user_name: str, *, days: int,
                    key_last_used_days_ago: int | None = None) -> None:
    """Back-date a sandbox user's creation and access keys by ``days``; optionally record
    the keys' last use ``key_last_used_days_ago`` days ago."""
    from datetime import timedelta

    from moto.core.utils import utcnow
    from moto.iam.models import iam_backends

    user = iam_backends[account_id]["global"].users[user_name]
    now = utcnow()
    user.create_date = now - timedelta(days=days)
    for key in user.access_keys:
        key.create_date = now - timedelta(days=days)
        if key_last_used_days_ago is not None:
            key.last_used = now - timedelta(days=key_last_used_days_ago)


def install() -> None:
    """The root row of the credential report and AccountPasswordPresent (idempotent)."""
    from moto.iam.models import AccountSummary, IAMBackend

    if not getattr(IAMBackend.get_credential_report, "wrapped", False):
        IAMBackend.get_credential_report = _credential_report_with_root(  # type: ignore[method-assign]
            IAMBackend.get_credential_report)
    if not getattr(AccountSummary.summary_map.fget, "wrapped", False):
        AccountSummary.summary_map = _summary_with_root_password(  # type: ignore[method-assign]
            AccountSummary.summary_map)
