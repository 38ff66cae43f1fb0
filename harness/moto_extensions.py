"""Test-only extensions of the in-process moto server: every patch of moto in one place.

Each entry answers a read that the aws provider or the tests need and stock moto lacks.
``install()`` records which ones stock moto really lacked, so a test
(tests/unit/test_moto_extensions.py) fails when a moto upgrade implements one and the
patch can go.

Extensions (moto 5.2.5):

* IAM ``ListMFADeviceTags``: read by aws_iam_virtual_mfa_device after create; stock moto
  answers 500 (not implemented). Answered with no tags.
* IAM ``ListServiceSpecificCredentials``: read by aws_iam_user with force_destroy = true
  before delete; stock moto answers 500. Answered with no credentials.

Sandbox state that no moto API can set (used by tests, never by the engine):

* :func:`set_root_state`: the root user's MFA, access keys and last use (account summary,
  virtual MFA device list, a ``<root_account>`` credential report row).
* :func:`deny`: answer AccessDenied for chosen actions in one account.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from moto.core.responses import ActionResult
from moto.iam.responses import IamResponse


def _list_mfa_device_tags(self: IamResponse) -> ActionResult:
    return ActionResult({"Tags": [], "IsTruncated": False})


def _list_service_specific_credentials(self: IamResponse) -> ActionResult:
    return ActionResult({"ServiceSpecificCredentials": []})


# (moto response class, method name, implementation, why)
EXTENSIONS: list[tuple[type, str, Callable[..., Any], str]] = [
    (IamResponse, "list_mfa_device_tags", _list_mfa_device_tags,
     "aws_iam_virtual_mfa_device reads ListMFADeviceTags after create"),
    (IamResponse, "list_service_specific_credentials", _list_service_specific_credentials,
     "aws_iam_user with force_destroy lists service-specific credentials before delete"),
]

MISSING_IN_STOCK_MOTO: dict[str, bool] = {}


def install() -> None:
    """Patch moto in this process (idempotent)."""
    _install_state_extensions()
    for response_class, name, implementation, _ in EXTENSIONS:
        key = f"{response_class.__name__}.{name}"
        if key not in MISSING_IN_STOCK_MOTO:
            MISSING_IN_STOCK_MOTO[key] = name not in vars(response_class)
        if MISSING_IN_STOCK_MOTO[key]:
            setattr(response_class, name, implementation)


# --- Root user state -----------------------------------------------------------------
#
# moto's IAM account summary always reports AccountMFAEnabled and
# AccountAccessKeysPresent as 0, no API changes them, root access keys cannot be made,
# and the credential report has no <root_account> row. Real accounts have all of these,
# and the root controls (CIS 1.4-1.7) read them; set_root_state gives a sandbox account
# the root user a real account could have, so PASS and FAIL go through boto3 and the
# collector like any other read.

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


def set_root_state(account_id: str, *, mfa: str = "none", access_keys: bool = False,
                   password_last_used: str = "N/A",
                   access_key_last_used: str = "N/A") -> None:
    """Give a sandbox account's root user its state.

    ``mfa``: "none", "virtual" (a virtual MFA device assigned to root, as real accounts list
    it) or "hardware" (MFA on, no virtual device). ``password_last_used`` and
    ``access_key_last_used``: ISO 8601 times or "N/A"/"no_information", as the credential
    report writes them.
    """
    from moto.iam.models import VirtualMfaDevice, iam_backends

    if mfa not in {"none", "virtual", "hardware"}:
        raise ValueError(f"mfa must be none, virtual or hardware, not {mfa!r}")
    backend = iam_backends[account_id]["global"]
    backend.account_summary._account_mfa_enabled = 0 if mfa == "none" else 1
    backend.account_summary._account_access_keys_present = 1 if access_keys else 0
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
    return get_credential_report


# --- Denied APIs -----------------------------------------------------------------------
#
# A customer's audit role may lack a permission, or an SCP may deny it. deny() makes the
# sandbox answer AccessDenied for chosen actions in one account, as AWS would, so tests
# prove that a denied read turns its controls to ERROR, never PASS.

DENIED: set[tuple[str, str]] = set()


@contextmanager
def deny(account_id: str, *actions: str) -> Iterator[None]:
    """Within: ``service:Action`` (e.g. ``iam:GetAccountPasswordPolicy``) is denied in the
    account. Service names are moto's (iam, cloudtrail, config, logs, s3, ...)."""
    added = {(account_id, action.lower()) for action in actions}
    DENIED.update(added)
    try:
        yield
    finally:
        DENIED.difference_update(added)


def _json_protocol(service: str) -> bool:
    import botocore.session

    try:
        model = botocore.session.get_session().get_service_model(service)
    except Exception:  # an unknown name: answer as the query (XML) protocol does
        return False
    return model.protocol in {"json", "rest-json"}


def _authorize_with_denials(original: Callable[..., None]) -> Callable[..., None]:
    from moto.core.exceptions import AccessDeniedError, JsonRESTError

    def authorize(self: Any, resource: str = "*") -> None:
        if DENIED:
            action = f"{self.service_name}:{self._get_action()}".lower()
            account = self.current_account
            if (account, action) in DENIED:
                message = (f"User: arn:aws:sts::{account}:assumed-role/audit/governance is not "
                           f"authorized to perform: {action} (denied by the test harness)")
                if _json_protocol(self.service_name):
                    raise JsonRESTError("AccessDeniedException", message)
                raise AccessDeniedError(f"arn:aws:sts::{account}:assumed-role/audit/governance",
                                        action)
        original(self, resource)

    authorize.wrapped = True  # type: ignore[attr-defined]
    return authorize


def _install_state_extensions() -> None:
    from moto.core.authorization import ActionAuthenticatorMixin
    from moto.iam.models import IAMBackend

    if not getattr(IAMBackend.get_credential_report, "wrapped", False):
        IAMBackend.get_credential_report = _credential_report_with_root(  # type: ignore[method-assign]
            IAMBackend.get_credential_report)
    method = ActionAuthenticatorMixin._authenticate_and_authorize_normal_action
    if not getattr(method, "wrapped", False):
        ActionAuthenticatorMixin._authenticate_and_authorize_normal_action = (  # type: ignore[method-assign]
            _authorize_with_denials(method))
