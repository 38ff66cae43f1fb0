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
* SSO Admin ``ListTagsForResource``: read by aws_ssoadmin_permission_set after create;
  stock moto answers 500. Answered with the tags moto stored at CreatePermissionSet.
* SSO Admin ``DescribePermissionSetProvisioningStatus``: polled by
  aws_ssoadmin_managed_policy_attachment after ProvisionPermissionSet (which moto
  completes at once); stock moto answers 500. Answered SUCCEEDED.
* Security Hub ``UpdateSecurityHubConfiguration``: sent by aws_securityhub_account for
  control_finding_generator / auto_enable_controls; stock moto answers 500. Answered
  with an empty reply (moto's DescribeHub already reports SECURITY_CONTROL and
  auto-enabled controls, the values the account-guardrails module sets).
* EC2 ``ModifyInstanceMetadataDefaults`` and ``GetInstanceMetadataDefaults``: the
  account-level IMDS defaults of a region, written and read by
  aws_ec2_instance_metadata_defaults (network-baseline, CIS 5.6); stock moto answers 500
  to both. Answered from per-account, per-region state: Modify stores the values sent
  (``no-preference`` and -1 clear a value, as on AWS), Get returns the values set.

* Organization-level features (CIS v7.0.0 2.1.1, 2.1.5, 2.1.6; section "Organization-level
  features moto lacks"): IAM ListOrganizationsFeatures / Enable- / DisableOrganizationsRoot*,
  Organizations Put- / Describe- / DeleteResourcePolicy (and the delegation policy's tags),
  CloudTrail Register- / DeregisterOrganizationDelegatedAdmin, answered per organization as
  AWS does (who may call, trusted access required); iam.amazonaws.com accepted as a trusted
  service and cloudtrail / iam / sso as delegated-administrator principals (stock moto
  refuses them). :data:`ORGANIZATIONS_FEATURES`, :data:`RESOURCE_POLICIES` hold the state.

Sandbox state that no moto API can set (used by tests, never by the engine):

* :func:`set_root_state`: the root user's MFA, access keys, password (present or removed)
  and last use (account summary, virtual MFA device list, a ``<root_account>`` credential
  report row).
* :func:`deny`: answer AccessDenied for chosen actions in one account (S3 included).
* :func:`refuse_assume_role`: STS AssumeRole of a role (or any role) in chosen accounts
  answers AccessDenied, as AWS does for a role that does not exist or does not trust the
  caller (moto's AssumeRole succeeds for any role ARN), or Throttling (a caller throttled
  out). And always, as on AWS: AssumeRole into an account its organization has closed
  (CloseAccount: SUSPENDED) answers AccessDenied; and AssumeRole of a role that exists is
  judged by its trust policy (the caller's account, the sts:ExternalId condition):
  :func:`trust_refusal`.
* Organizations as AWS answers each caller (always on; ``AS_AWS``): GuardDuty and Security
  Hub ``ListOrganizationAdminAccounts`` only from the management account; Organizations
  reads from a delegated administrator only those AWS allows it (answered from the
  organization's data), from a plain member only DescribeOrganization; AccessDeniedException
  otherwise (:func:`organization_refusal`). moto answers them all, from anyone.
* :func:`deliver_config_snapshot`: AWS Config's recorder status as after a delivered
  configuration snapshot (lastStatus SUCCESS); moto leaves it PENDING forever, which the
  audit shows as NOT_PROVABLE (CIS 3.3 needs SUCCESS).
* :func:`age_credentials`: back-date an IAM user's creation, access keys and last use
  (moto stamps everything "now"; the 45- and 90-day credential controls need old ones).

Faults a real run meets (used by tests/seeded/test_faults.py):

* :func:`throttle`: answer a share of one account's requests (e.g. 30%) with the throttling
  error its protocol uses (Throttling, ThrottlingException, SlowDown,
  RequestLimitExceeded), seeded so a run is repeatable; counts what it injected.
* :func:`reset_connections`: close the connection of every request of one account to one
  service without an answer (a reset mid-audit, as a dropped network path looks to
  botocore: ConnectionClosedError).
* Latency: ``POST /_harness/latency?seconds=S`` makes the server wait S seconds before each
  later answer (0 turns it off): a window to interrupt a Terraform apply in, on a server
  in its own process (harness.moto_sandbox.MotoServerProcess.set_latency).

Lost answers (every request, always on):

* A retried SDK request (``amz-sdk-request: attempt=N``, N > 1, the ``amz-sdk-invocation-id``
  of an operation the server already answered 2xx) gets that answer again instead of being
  run twice. Between the aws provider and moto, about one answer in 10^5 is lost on the
  way (read: use of closed network connection; aws-sdk-go-v2 retries it, as on AWS); run
  again, a create then fails with "already exists" (a role, a network ACL rule) and the
  whole stack with it. AWS makes such retries safe with client tokens; moto cannot, so
  the server keeps the last 2xx answers by invocation id (at most :data:`ANSWERED_KEPT`
  answers and :data:`ANSWERED_BYTES` bytes; an answer over :data:`ANSWER_KEPT_AT_MOST`, a
  read's page, is not kept and its retry reads again) and lists the replays in
  :data:`REPLAYED`. Throttled, failed and reset requests are never kept: their retries run
  for real.

Routed answers (moto has no route at all for these reads; answered from harness-held
state before moto's dispatcher, only while stock moto lacks them):

* IAM Access Analyzer ``ListAnalyzers`` (``GET /analyzer``): moto has no accessanalyzer
  backend (the request 500s). Answered from :func:`set_access_analyzers`; where a test
  seeded nothing, answered 501 ``EmulatorGap``, so the audit shows NOT_PROVABLE (what an
  emulator cannot show), never a PASS or FAIL built from a stand-in.
* Security Hub ``GetEnabledStandards`` (``POST /standards/get``): moto's securityhub
  backend has no standards endpoints (404). Answered from :func:`set_enabled_standards`
  (InvalidAccessException while the hub is not enabled in moto, as AWS answers); where a
  test seeded nothing, 501 ``EmulatorGap`` as above.
* Security Hub ``ListOrganizationAdminAccounts`` (``GET /organization/admin``): moto
  implements EnableOrganizationAdminAccount but not the list (404). Answered from what
  moto stored at EnableOrganizationAdminAccount (moto keeps one admin per organization,
  AWS one per region); AWSOrganizationsNotInUseException outside an organization.
* GuardDuty ``GetMasterAccount`` (``GET /detector/<id>/master``, deprecated): moto has no
  route (404). Answered from :func:`set_guardduty_administrator`, as GetAdministratorAccount.

Brownfield adoption as AWS answers it (always on; section "Brownfield adoption"): a second
GuardDuty detector, a second EnableSecurityHub and a trail name taken are refused;
DescribeTrails honours trailNameList and DeleteTrail takes an ARN; a member sees its
organization's trail and cannot change it; an empty exclusionByResourceTypes is accepted;
:func:`set_guardduty_administrator` makes an account a GuardDuty member (its administrator
answered, its finding publishing frequency refused).
"""

from __future__ import annotations

import json
import random
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from moto.core.responses import ActionResult
from moto.ec2.responses import EC2Response
from moto.iam.responses import IamResponse
from moto.securityhub.responses import SecurityHubResponse
from moto.ssoadmin.responses import SSOAdminResponse


def _list_mfa_device_tags(self: IamResponse) -> ActionResult:
    return ActionResult({"Tags": [], "IsTruncated": False})


def _list_service_specific_credentials(self: IamResponse) -> ActionResult:
    return ActionResult({"ServiceSpecificCredentials": []})


def _sso_list_tags_for_resource(self: SSOAdminResponse) -> str:
    params = json.loads(self.body or "{}")
    tags: list[dict[str, str]] = []
    for permission_set in self.ssoadmin_backend.permission_sets:
        if permission_set.permission_set_arn == params.get("ResourceArn"):
            tags = permission_set.tags or []
    return json.dumps({"Tags": tags})


def _sso_describe_permission_set_provisioning_status(self: SSOAdminResponse) -> str:
    params = json.loads(self.body or "{}")
    return json.dumps({"PermissionSetProvisioningStatus": {
        "AccountId": self.current_account, "Status": "SUCCEEDED",
        "RequestId": params.get("ProvisionPermissionSetRequestId", "")}})


def _update_security_hub_configuration(self: SecurityHubResponse) -> str:
    return json.dumps({})


# (account id, region) -> the account-level instance metadata defaults set there.
INSTANCE_METADATA_DEFAULTS: dict[tuple[str, str], dict[str, Any]] = {}
_IMDS_FIELDS = ("HttpTokens", "HttpEndpoint", "InstanceMetadataTags")


def _modify_instance_metadata_defaults(self: EC2Response) -> ActionResult:
    defaults = INSTANCE_METADATA_DEFAULTS.setdefault((self.current_account, self.region), {})
    for name in _IMDS_FIELDS:
        value = self._get_param(name)
        if value == "no-preference":
            defaults.pop(name, None)
        elif value is not None:
            defaults[name] = value
    hop_limit = self._get_int_param("HttpPutResponseHopLimit")
    if hop_limit == -1:
        defaults.pop("HttpPutResponseHopLimit", None)
    elif hop_limit is not None:
        defaults["HttpPutResponseHopLimit"] = hop_limit
    return ActionResult({"Return": True})


def _get_instance_metadata_defaults(self: EC2Response) -> ActionResult:
    defaults = INSTANCE_METADATA_DEFAULTS.get((self.current_account, self.region), {})
    return ActionResult({"AccountLevel": dict(defaults)})


# (moto response class, method name, implementation, why)
EXTENSIONS: list[tuple[type, str, Callable[..., Any], str]] = [
    (IamResponse, "list_mfa_device_tags", _list_mfa_device_tags,
     "aws_iam_virtual_mfa_device reads ListMFADeviceTags after create"),
    (IamResponse, "list_service_specific_credentials", _list_service_specific_credentials,
     "aws_iam_user with force_destroy lists service-specific credentials before delete"),
    (SSOAdminResponse, "list_tags_for_resource", _sso_list_tags_for_resource,
     "aws_ssoadmin_permission_set reads its tags with sso-admin ListTagsForResource"),
    (SSOAdminResponse, "describe_permission_set_provisioning_status",
     _sso_describe_permission_set_provisioning_status,
     "aws_ssoadmin_managed_policy_attachment waits for the permission set provisioning"),
    (SecurityHubResponse, "update_security_hub_configuration",
     _update_security_hub_configuration,
     "aws_securityhub_account sets control_finding_generator and auto_enable_controls"),
    (EC2Response, "modify_instance_metadata_defaults", _modify_instance_metadata_defaults,
     "aws_ec2_instance_metadata_defaults sets the region's IMDS defaults (IMDSv2 required)"),
    (EC2Response, "get_instance_metadata_defaults", _get_instance_metadata_defaults,
     "aws_ec2_instance_metadata_defaults reads the region's IMDS defaults back"),
]

MISSING_IN_STOCK_MOTO: dict[str, bool] = {}


def install() -> None:
    """Patch moto in this process (idempotent)."""
    _install_state_extensions()
    _install_assume_role_refusals()
    _install_organizations_as_aws()
    _install_organization_features()
    _install_brownfield_as_aws()
    _install_routed_answers()
    for response_class, name, implementation, _ in EXTENSIONS:
        key = f"{response_class.__name__}.{name}"
        if key not in MISSING_IN_STOCK_MOTO:
            # hasattr, not vars(): EC2Response inherits its actions from mixins.
            MISSING_IN_STOCK_MOTO[key] = not hasattr(response_class, name)
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


def _protocol(service: str) -> str:
    import botocore.session

    try:
        return str(botocore.session.get_session().get_service_model(service).protocol)
    except Exception:  # an unknown name
        return "query"


def _rest_xml_access_denied() -> type:
    from moto.core.exceptions import AccessDeniedError

    class RestXmlAccessDenied(AccessDeniedError):
        """AccessDenied as rest-xml services (S3 Control) answer it: <Error> at the root."""

        def __init__(self, message: str) -> None:
            super().__init__("", "")
            self.message = message
            self.description = (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
                                f"AccessDenied</Code><Message>{message}</Message></Error>")

    return RestXmlAccessDenied


def _rest_xml_denied(message: str) -> Exception:
    return _rest_xml_access_denied()(message)


def _authorize_with_denials(original: Callable[..., None]) -> Callable[..., None]:
    from moto.core.exceptions import AccessDeniedError, JsonRESTError

    def authorize(self: Any, resource: str = "*") -> None:
        if self.service_name in AS_AWS_SERVICES:
            _refuse_as_organizations_does(self)
        if DENIED:
            action = f"{self.service_name}:{self._get_action()}".lower()
            account = self.current_account
            if (account, action) in DENIED:
                message = (f"User: arn:aws:sts::{account}:assumed-role/audit/governance is not "
                           f"authorized to perform: {action} (denied by the test harness)")
                if _json_protocol(self.service_name):
                    raise JsonRESTError("AccessDeniedException", message)
                if _protocol(self.service_name) == "rest-xml":  # S3 Control: a bare <Error>
                    raise _rest_xml_denied(message)
                raise AccessDeniedError(f"arn:aws:sts::{account}:assumed-role/audit/governance",
                                        action)
        original(self, resource)

    authorize.wrapped = True  # type: ignore[attr-defined]
    return authorize


def _authorize_s3_with_denials(original: Callable[..., None]) -> Callable[..., None]:
    """S3 requests authorize through their own hook; deny() covers them as well, so a denied
    S3 read (e.g. s3:GetBucketLogging) answers AccessDenied as AWS would."""
    from moto.s3.exceptions import S3AccessDeniedError

    def authorize(self: Any, bucket_name: str | None = None, key_name: str | None = None) -> None:
        if DENIED:
            try:
                action = f"s3:{self._get_action()}".lower()
            except Exception:  # a request moto's router cannot name: nothing to deny
                action = ""
            account = self.current_account
            if (account, action) in DENIED:
                raise S3AccessDeniedError()
        original(self, bucket_name=bucket_name, key_name=key_name)

    authorize.wrapped = True  # type: ignore[attr-defined]
    return authorize


def _install_state_extensions() -> None:
    from moto.core.authorization import ActionAuthenticatorMixin
    from moto.iam.models import AccountSummary, IAMBackend

    if not getattr(IAMBackend.get_credential_report, "wrapped", False):
        IAMBackend.get_credential_report = _credential_report_with_root(  # type: ignore[method-assign]
            IAMBackend.get_credential_report)
    if not getattr(AccountSummary.summary_map.fget, "wrapped", False):
        AccountSummary.summary_map = _summary_with_root_password(  # type: ignore[method-assign]
            AccountSummary.summary_map)
    method = ActionAuthenticatorMixin._authenticate_and_authorize_normal_action
    if not getattr(method, "wrapped", False):
        ActionAuthenticatorMixin._authenticate_and_authorize_normal_action = (  # type: ignore[method-assign]
            _authorize_with_denials(method))
    s3_method = ActionAuthenticatorMixin._authenticate_and_authorize_s3_action
    if not getattr(s3_method, "wrapped", False):
        ActionAuthenticatorMixin._authenticate_and_authorize_s3_action = (  # type: ignore[method-assign]
            _authorize_s3_with_denials(s3_method))


# --- AssumeRole refused ------------------------------------------------------------------
#
# moto's STS AssumeRole succeeds for any role ARN in any account. An organization audit
# meets accounts where the member role is missing (AccessDenied), callers throttled out
# (Throttling), and accounts closed mid-run; refuse_assume_role() makes the sandbox answer
# as AWS does.

# (account id, role name or None for any role) -> error code
REFUSED_ROLES: dict[tuple[str, str | None], str] = {}


@contextmanager
def refuse_assume_role(account_ids: list[str] | str, role_name: str | None = None, *,
                       code: str = "AccessDenied") -> Iterator[None]:
    """Within: AssumeRole of ``role_name`` (any role when None) in these accounts answers
    ``code``: "AccessDenied" (a missing or untrusting role) or "Throttling"."""
    if code not in {"AccessDenied", "Throttling"}:
        raise ValueError(f"code must be AccessDenied or Throttling, not {code!r}")
    ids = [account_ids] if isinstance(account_ids, str) else list(account_ids)
    added = {(account_id, role_name): code for account_id in ids}
    REFUSED_ROLES.update(added)
    try:
        yield
    finally:
        for key in added:
            REFUSED_ROLES.pop(key, None)


def _closed_in_organization(account_id: str) -> bool:
    from moto.organizations.models import organizations_backends

    owner = organizations_backends.master_accounts.get(account_id)
    if owner is None:
        return False
    backend = organizations_backends[owner[0]][owner[1]]
    return any(account.id == account_id and account.status != "ACTIVE"
               for account in backend.accounts)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _trusts(statement: dict[str, Any], caller_account: str, external_id: str | None, *,
            external_id_checked: bool = True) -> bool:
    """An Allow statement of a trust policy lets the caller's account assume the role: its
    action covers sts:AssumeRole, its AWS principal is ``*``, the account id or an ARN in it,
    and its sts:ExternalId condition (StringEquals / StringLike) names the id sent."""
    import fnmatch

    if statement.get("Effect") != "Allow" or not any(
            fnmatch.fnmatchcase("sts:assumerole", action.lower())
            for action in _as_list(statement.get("Action"))):
        return False
    principal = statement.get("Principal")
    principals = ["*"] if principal == "*" else _as_list((principal or {}).get("AWS"))
    if not any(p == "*" or p == caller_account or (p.split(":")[4:5] == [caller_account])
               for p in principals):
        return False
    for operator, keys in (statement.get("Condition") or {}).items() if external_id_checked else ():
        for key, values in keys.items():
            if key.lower() == "sts:externalid" and operator in {"StringEquals", "StringLike"} \
                    and (external_id is None or not any(
                        fnmatch.fnmatchcase(external_id, value) if operator == "StringLike"
                        else external_id == value for value in _as_list(values))):
                return False
    return True


def trust_refusal(caller_account: str, account_id: str, role_name: str,
                  external_id: str | None) -> str | None:
    """Why AWS refuses AssumeRole of an existing role by its trust policy (None: trusted).

    moto assumes any role ARN, existing or not, whatever its trust policy. A role that
    exists in the sandbox is judged by its trust policy as AWS does for the parts the tests
    use: an Allow of sts:AssumeRole to the caller's account (an AWS principal ``*``, the
    account id or any ARN in it: the caller's own role name is not checked) and its
    sts:ExternalId condition (a missing or wrong external id is refused). A role that does
    not exist keeps moto's answer: the sandbox reaches every fresh account by assuming a role
    no one created (tests refuse missing roles with :func:`refuse_assume_role`). The sandbox
    operator (moto's default account, ``SANDBOX_CALLER_KEYS``: it seeds every account, it is
    never an audited caller) is trusted everywhere."""
    from urllib.parse import unquote

    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.iam.models import iam_backends

    if not AS_AWS["assume_role_trust"] or not account_id or account_id not in iam_backends:
        return None
    if caller_account == DEFAULT_ACCOUNT_ID:  # the sandbox operator (SANDBOX_CALLER_KEYS)
        return None
    backend = iam_backends[account_id]["global"]
    role = next((r for r in backend.roles.values() if r.name == role_name), None)
    if role is None:
        return None
    try:
        document = json.loads(unquote(role.assume_role_policy_document or "{}"))
    except ValueError:
        return "the role's trust policy cannot be read"
    statements = _as_list(document.get("Statement"))
    if any(_trusts(statement, caller_account, external_id) for statement in statements):
        return None
    if any(_trusts(statement, caller_account, None, external_id_checked=False)
           for statement in statements):
        return "the trust policy's sts:ExternalId condition is not met"
    return f"the role's trust policy does not trust account {caller_account}"


def _assume_role_with_refusals(original: Callable[..., Any]) -> Callable[..., Any]:
    from moto.core.exceptions import AccessDeniedError, _RESTError

    class Throttling(_RESTError):
        code = 400

    def assume_role(self: Any, region_name: str, role_session_name: str, role_arn: str,
                    *args: Any, **kwargs: Any) -> Any:
        parts = role_arn.split(":")
        account_id = parts[4] if len(parts) > 5 else ""
        role_name = parts[5].rsplit("/", 1)[-1] if len(parts) > 5 else ""
        code = REFUSED_ROLES.get((account_id, role_name)) or REFUSED_ROLES.get((account_id, None))
        if code == "Throttling":
            raise Throttling("Throttling", "Rate exceeded")
        caller = f"arn:aws:sts::{self.account_id}:assumed-role/caller/governance"
        if code == "AccessDenied":
            raise AccessDeniedError(caller, f"sts:AssumeRole on resource: {role_arn}")
        if _closed_in_organization(account_id):
            raise AccessDeniedError(caller, f"sts:AssumeRole on resource: {role_arn} (account "
                                            f"{account_id} is SUSPENDED: closed)")
        untrusted = trust_refusal(self.account_id, account_id, role_name,
                                  kwargs.get("external_id"))
        if untrusted is not None:
            raise AccessDeniedError(caller, f"sts:AssumeRole on resource: {role_arn} ({untrusted})")
        return original(self, region_name, role_session_name, role_arn, *args, **kwargs)

    assume_role.wrapped = True  # type: ignore[attr-defined]
    return assume_role


def _install_assume_role_refusals() -> None:
    from moto.sts.models import STSBackend

    if not getattr(STSBackend.assume_role, "wrapped", False):
        STSBackend.assume_role = _assume_role_with_refusals(  # type: ignore[method-assign]
            STSBackend.assume_role)


# --- Organizations as AWS answers each caller ----------------------------------------------
#
# moto answers every Organizations call from any account, from that account's own backend (a
# member's ListAccounts lists nothing, a member may attach SCPs), and the GuardDuty and
# Security Hub ListOrganizationAdminAccounts from any account. AWS (API reference): GuardDuty
# and Security Hub ListOrganizationAdminAccounts only from the management account; the
# Organizations reads below "only from the organization's management account or by a member
# account that is a delegated administrator for an AWS service"; a plain member only
# DescribeOrganization and its own handshakes. Refused calls answer AccessDeniedException
# (Organizations: "You don't have permissions to access this resource."). A delegated
# administrator's allowed reads are answered from the management account's backend (the
# organization's data, as on AWS). Always on; AS_AWS["organizations"] = False (and
# AS_AWS["assume_role_trust"] = False for trust_refusal, AS_AWS["brownfield"] = False for the
# brownfield section below) restores moto's leniency: only the tests that prove stock moto
# still needs them do it.

AS_AWS: dict[str, bool] = {"organizations": True, "assume_role_trust": True, "brownfield": True}
AS_AWS_SERVICES = frozenset({"organizations", "guardduty"})
NO_PERMISSION = "You don't have permissions to access this resource."
MANAGEMENT_ONLY_ADMIN_LISTS = frozenset({"guardduty:listorganizationadminaccounts",
                                         "securityhub:listorganizationadminaccounts"})
DELEGATED_ADMIN_READS = frozenset(name.lower() for name in (
    "DescribeAccount", "DescribeCreateAccountStatus",
    "DescribeOrganizationalUnit", "DescribePolicy", "DescribeResourcePolicy",
    "ListAWSServiceAccessForOrganization", "ListAccounts", "ListAccountsForParent",
    "ListChildren", "ListCreateAccountStatus", "ListDelegatedAdministrators",
    "ListDelegatedServicesForAccount", "ListHandshakesForOrganization",
    "ListOrganizationalUnitsForParent", "ListParents", "ListPolicies", "ListPoliciesForTarget",
    "ListRoots", "ListTagsForResource", "ListTargetsForPolicy"))
# Any account of the organization (DescribeEffectivePolicy: a member for itself only).
MEMBER_CALLS = frozenset(name.lower() for name in (
    "DescribeOrganization", "DescribeEffectivePolicy", "LeaveOrganization",
    "ListHandshakesForAccount",
    "DescribeHandshake", "AcceptHandshake", "DeclineHandshake", "CreateOrganization"))


def organization_position(account_id: str) -> tuple[str, str | None]:
    """(``management`` | ``delegated-admin`` | ``member`` | ``none``, the management account
    id) of an account, from what moto's Organizations backends hold."""
    from moto.organizations.models import organizations_backends

    owner = organizations_backends.master_accounts.get(account_id)
    if owner is None:
        if account_id in organizations_backends and any(
                backend.org is not None for backend in organizations_backends[account_id].values()):
            return "management", account_id
        return "none", None
    backend = organizations_backends[owner[0]][owner[1]]
    if any(admin.account.id == account_id and admin.services for admin in backend.admins):
        return "delegated-admin", owner[0]
    return "member", owner[0]


def organization_refusal(service: str, action: str, account_id: str) -> str | None:
    """Why AWS refuses ``service:action`` from ``account_id`` (None: AWS answers it)."""
    if not AS_AWS["organizations"]:
        return None
    name = f"{service}:{action}".lower()
    if name in MANAGEMENT_ONLY_ADMIN_LISTS:
        position, _ = organization_position(account_id)
        if position in ("management", "none"):  # outside an organization: the service says so
            return None
        return (f"User: arn:aws:sts::{account_id}:assumed-role/audit/governance is not authorized "
                f"to perform: {service}:{action}: only the organization's management account may "
                "call it")
    if service != "organizations" or action.lower() in MEMBER_CALLS:
        return None
    position, _ = organization_position(account_id)
    if position in ("management", "none"):
        return None
    if position == "delegated-admin" and action.lower() in DELEGATED_ADMIN_READS:
        return None
    return NO_PERMISSION


def _refuse_as_organizations_does(response: Any) -> None:
    from moto.core.exceptions import JsonRESTError

    message = organization_refusal(response.service_name, response._get_action(),
                                   response.current_account)
    if message is not None:
        raise JsonRESTError("AccessDeniedException", message)


def _organizations_backend_as_aws(original: Any) -> Any:
    """A delegated administrator's allowed reads see the organization's data (the management
    account's backend); every other call keeps the caller's own backend."""
    from moto.organizations.models import organizations_backends

    def backend(self: Any) -> Any:
        if AS_AWS["organizations"] and self._get_action().lower() in DELEGATED_ADMIN_READS:
            position, management = organization_position(self.current_account)
            if position == "delegated-admin" and management is not None:
                return organizations_backends[management][self.partition]
        return original.fget(self)

    as_aws = property(backend)
    as_aws.fget.wrapped = True  # type: ignore[attr-defined]
    return as_aws


def _install_organizations_as_aws() -> None:
    from moto.organizations.responses import OrganizationsResponse

    current = OrganizationsResponse.organizations_backend
    if not getattr(current.fget, "wrapped", False):
        OrganizationsResponse.organizations_backend = (  # type: ignore[method-assign]
            _organizations_backend_as_aws(current))


# --- Organization-level features moto lacks (CIS v7.0.0 2.1.1, 2.1.5, 2.1.6) ----------------
#
# Each answers as the AWS API reference says, from state the harness keeps per organization,
# so the organization-guardrails module applies and the seeded PASS / FAIL / ERROR are real:
#
# * IAM centralized root access: ``ListOrganizationsFeatures`` (the management account or the
#   IAM delegated administrator), ``EnableOrganizationsRootCredentialsManagement`` /
#   ``EnableOrganizationsRootSessions`` (the management account only) and their Disable
#   (management or IAM delegated administrator). Outside an organization
#   OrganizationNotFoundException; without all features OrganizationNotInAllFeaturesMode;
#   without IAM trusted access (iam.amazonaws.com) ServiceAccessNotEnabledException; from a
#   member AccountNotManagementOrDelegatedAdministratorException, Enable from the delegated
#   administrator CallerIsNotManagementAccountException. moto has no such IAM actions (500).
# * Organizations resource-based delegation policy: ``PutResourcePolicy`` /
#   ``DeleteResourcePolicy`` (management account only: the Organizations refusals above
#   refuse anyone else) and ``DescribeResourcePolicy`` (management account or a delegated
#   administrator), ResourcePolicyNotFoundException when there is none; its tags (an
#   ``rp-`` id) through Organizations TagResource / ListTagsForResource / UntagResource. moto
#   has none of them (500).
# * CloudTrail ``RegisterOrganizationDelegatedAdmin`` / ``DeregisterOrganizationDelegatedAdmin``
#   (management account only, CloudTrail trusted access on, a member account): registers
#   cloudtrail.amazonaws.com in Organizations' delegated administrators, as CloudTrail does.
# * Principals stock moto refuses: trusted access for iam.amazonaws.com (moto's list of
#   trusted services lacks it) and delegated administrators for cloudtrail.amazonaws.com,
#   iam.amazonaws.com and sso.amazonaws.com (all three supported by AWS).

ROOT_ACCESS_FEATURES = ("RootCredentialsManagement", "RootSessions")
# organization id -> the centralized root access features enabled
ORGANIZATIONS_FEATURES: dict[str, set[str]] = {}
# management account id -> {"Id", "Arn", "Content", "Tags"} of its delegation policy
RESOURCE_POLICIES: dict[str, dict[str, Any]] = {}
TRUSTED_SERVICES_ADDED = ("iam.amazonaws.com",)
DELEGATED_ADMIN_SERVICES_ADDED = ("cloudtrail.amazonaws.com", "iam.amazonaws.com",
                                  "sso.amazonaws.com")


def _organization_of(account_id: str) -> tuple[str, Any] | None:
    """(position, the management account's Organizations backend) of an account, or None
    outside an organization."""
    from moto.organizations.models import organizations_backends

    position, management = organization_position(account_id)
    if management is None:
        return None
    backend = organizations_backends[management]["aws"]
    if backend.org is None:
        return None
    return position, backend


def _iam_delegated_admin(backend: Any, account_id: str) -> bool:
    return any(admin.account.id == account_id and "iam.amazonaws.com" in admin.services
               for admin in backend.admins)


def _root_access_organization(account_id: str, *, enable: bool) -> str:
    """The organization id whose root access features ``account_id`` may read or change, or
    the ServiceException AWS answers."""
    from moto.iam.exceptions import IAMException

    found = _organization_of(account_id)
    if found is None:
        raise IAMException("OrganizationNotFoundException", "The request was rejected "
                               "because no organization is associated with your account.")
    position, backend = found
    if backend.org.feature_set != "ALL":
        raise IAMException("OrganizationNotInAllFeaturesModeException", "The request was "
                               "rejected because your organization does not have All features "
                               "enabled.")
    management = position == "management"
    if not management and not _iam_delegated_admin(backend, account_id):
        raise IAMException("AccountNotManagementOrDelegatedAdministratorException",
                               "The request was rejected because the account making the "
                               "request is not the management account or delegated "
                               "administrator account for centralized root access.")
    if enable and not management:
        raise IAMException("CallerIsNotManagementAccountException", "The request was "
                               "rejected because the account making the request is not the "
                               "management account for the organization.")
    if not any(s["ServicePrincipal"] == "iam.amazonaws.com" for s in backend.services):
        raise IAMException("ServiceAccessNotEnabledException", "The request was rejected "
                               "because trusted access is not enabled for IAM in "
                               "Organizations.")
    return str(backend.org.id)


def _features_answer(organization_id: str) -> ActionResult:
    return ActionResult({"OrganizationId": organization_id, "EnabledFeatures": [
        f for f in ROOT_ACCESS_FEATURES if f in ORGANIZATIONS_FEATURES.get(organization_id, set())]})


def _list_organizations_features(self: IamResponse) -> ActionResult:
    return _features_answer(_root_access_organization(self.current_account, enable=False))


def _set_root_access_feature(feature: str, on: bool) -> Callable[[IamResponse], ActionResult]:
    def change(self: IamResponse) -> ActionResult:
        organization_id = _root_access_organization(self.current_account, enable=on)
        features = ORGANIZATIONS_FEATURES.setdefault(organization_id, set())
        if on:
            features.add(feature)
        else:
            features.discard(feature)
        return _features_answer(organization_id)

    change.__name__ = f"{'enable' if on else 'disable'}_{feature}"
    return change


def _policy_not_found() -> Exception:
    from moto.core.exceptions import JsonRESTError

    return JsonRESTError("ResourcePolicyNotFoundException",
                         "We can't find a resource policy request with the ID that you "
                         "specified.")


def _policy_organization(account_id: str) -> Any:
    from moto.organizations.exceptions import AWSOrganizationsNotInUseException

    found = _organization_of(account_id)
    if found is None:
        raise AWSOrganizationsNotInUseException
    return found[1]


def _resource_policy_answer(policy: dict[str, Any]) -> str:
    return json.dumps({"ResourcePolicy": {
        "ResourcePolicySummary": {"Id": policy["Id"], "Arn": policy["Arn"]},
        "Content": policy["Content"]}})


def _put_resource_policy(self: Any) -> str:
    from moto.core.exceptions import JsonRESTError

    backend = _policy_organization(self.current_account)
    content = self.request_params.get("Content", "")
    try:
        document = json.loads(content)
    except ValueError:
        raise JsonRESTError("InvalidInputException", "The provided policy document does not "
                            "meet the requirements of the specified policy type.") from None
    if not isinstance(document, dict) or not document.get("Statement"):
        raise JsonRESTError("InvalidInputException", "The provided policy document does not "
                            "meet the requirements of the specified policy type.")
    management = backend.account_id
    policy = RESOURCE_POLICIES.get(management)
    if policy is None:
        policy_id = "rp-" + "".join(random.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=8))
        policy = {"Id": policy_id, "Tags": {},
                  "Arn": f"arn:aws:organizations::{management}:resourcepolicy/"
                         f"{backend.org.id}/{policy_id}"}
        RESOURCE_POLICIES[management] = policy
    policy["Content"] = content
    policy["Tags"].update({t["Key"]: t["Value"] for t in self.request_params.get("Tags", [])})
    return _resource_policy_answer(policy)


def _describe_resource_policy(self: Any) -> str:
    backend = _policy_organization(self.current_account)
    policy = RESOURCE_POLICIES.get(backend.account_id)
    if policy is None:
        raise _policy_not_found()
    return _resource_policy_answer(policy)


def _delete_resource_policy(self: Any) -> str:
    backend = _policy_organization(self.current_account)
    if RESOURCE_POLICIES.pop(backend.account_id, None) is None:
        raise _policy_not_found()
    return "{}"


def _resource_policy_tagging(original: Callable[..., Any]) -> Callable[..., Any]:
    """Organizations tagging of the delegation policy (an ``rp-`` id) next to moto's own."""

    def get_resource_for_tagging(self: Any, resource_id: str) -> Any:
        policy = RESOURCE_POLICIES.get(self.account_id)
        if policy is not None and resource_id == policy["Id"]:
            return SimpleNamespace(tags=policy["Tags"])
        return original(self, resource_id)

    get_resource_for_tagging.wrapped = True  # type: ignore[attr-defined]
    return get_resource_for_tagging


def _cloudtrail_organization(self: Any) -> Any:
    from moto.core.exceptions import JsonRESTError

    found = _organization_of(self.current_account)
    if found is None:
        raise JsonRESTError("OrganizationsNotInUseException", "This account is not a member "
                            "of an organization.")
    position, backend = found
    if position != "management":
        raise JsonRESTError("NotOrganizationManagementAccountException", "This operation can "
                            "be performed only with the management account of an "
                            "organization.")
    if not any(s["ServicePrincipal"] == "cloudtrail.amazonaws.com" for s in backend.services):
        raise JsonRESTError("CloudTrailAccessNotEnabledException", "Trusted access for "
                            "CloudTrail is not enabled in AWS Organizations.")
    return backend


def _register_organization_delegated_admin(self: Any) -> str:
    from moto.core.exceptions import JsonRESTError
    from moto.organizations.exceptions import (
        AccountAlreadyRegisteredException,
        AccountNotFoundException,
    )

    backend = _cloudtrail_organization(self)
    try:
        backend.register_delegated_administrator(
            AccountId=self._get_param("MemberAccountId"),
            ServicePrincipal="cloudtrail.amazonaws.com")
    except AccountNotFoundException:
        raise JsonRESTError("AccountNotFoundException", "This account was not found in the "
                            "organization.") from None
    except AccountAlreadyRegisteredException:
        raise JsonRESTError("AccountRegisteredException", "This account is already "
                            "registered as delegated administrator.") from None
    return "{}"


def _deregister_organization_delegated_admin(self: Any) -> str:
    from moto.core.exceptions import JsonRESTError

    backend = _cloudtrail_organization(self)
    account_id = self._get_param("DelegatedAdminAccountId")
    admin = next((a for a in backend.admins if a.account.id == account_id
                  and "cloudtrail.amazonaws.com" in a.services), None)
    if admin is None:
        raise JsonRESTError("AccountNotRegisteredException", "This account is not registered "
                            "as a CloudTrail delegated administrator.")
    backend.deregister_delegated_administrator(AccountId=account_id,
                                               ServicePrincipal="cloudtrail.amazonaws.com")
    return "{}"


def _organizations_response() -> type:
    from moto.organizations.responses import OrganizationsResponse

    return OrganizationsResponse


def _cloudtrail_response() -> type:
    from moto.cloudtrail.responses import CloudTrailResponse

    return CloudTrailResponse


EXTENSIONS.extend([
    (IamResponse, "list_organizations_features", _list_organizations_features,
     "CIS v7.0.0 2.1.1: centralized root access (aws_iam_organizations_features reads it)"),
    (IamResponse, "enable_organizations_root_credentials_management",
     _set_root_access_feature("RootCredentialsManagement", True),
     "aws_iam_organizations_features enables root credentials management"),
    (IamResponse, "enable_organizations_root_sessions",
     _set_root_access_feature("RootSessions", True),
     "aws_iam_organizations_features enables privileged root sessions"),
    (IamResponse, "disable_organizations_root_credentials_management",
     _set_root_access_feature("RootCredentialsManagement", False),
     "aws_iam_organizations_features disables root credentials management on destroy"),
    (IamResponse, "disable_organizations_root_sessions",
     _set_root_access_feature("RootSessions", False),
     "aws_iam_organizations_features disables privileged root sessions on destroy"),
    (_organizations_response(), "put_resource_policy", _put_resource_policy,
     "CIS v7.0.0 2.1.5: aws_organizations_resource_policy writes the delegation policy"),
    (_organizations_response(), "describe_resource_policy", _describe_resource_policy,
     "CIS v7.0.0 2.1.5: the audit and aws_organizations_resource_policy read it"),
    (_organizations_response(), "delete_resource_policy", _delete_resource_policy,
     "aws_organizations_resource_policy deletes the delegation policy on destroy"),
    (_cloudtrail_response(), "register_organization_delegated_admin",
     _register_organization_delegated_admin,
     "CIS v7.0.0 2.1.6: aws_cloudtrail_organization_delegated_admin_account"),
    (_cloudtrail_response(), "deregister_organization_delegated_admin",
     _deregister_organization_delegated_admin,
     "aws_cloudtrail_organization_delegated_admin_account on destroy"),
])


def _install_organization_features() -> None:
    """The principal lists stock moto lacks, and tagging of the delegation policy."""
    from moto.organizations.models import (
        FakeDelegatedAdministrator,
        FakeServiceAccess,
        OrganizationsBackend,
    )

    for principal in TRUSTED_SERVICES_ADDED:
        key = f"organizations trusted service {principal}"
        if key not in MISSING_IN_STOCK_MOTO:
            MISSING_IN_STOCK_MOTO[key] = principal not in FakeServiceAccess.TRUSTED_SERVICES
        if principal not in FakeServiceAccess.TRUSTED_SERVICES:
            FakeServiceAccess.TRUSTED_SERVICES.append(principal)
    for principal in DELEGATED_ADMIN_SERVICES_ADDED:
        key = f"organizations delegated administrator {principal}"
        if key not in MISSING_IN_STOCK_MOTO:
            MISSING_IN_STOCK_MOTO[key] = (
                principal not in FakeDelegatedAdministrator.SUPPORTED_SERVICES)
        if principal not in FakeDelegatedAdministrator.SUPPORTED_SERVICES:
            FakeDelegatedAdministrator.SUPPORTED_SERVICES.append(principal)
    method = OrganizationsBackend._get_resource_for_tagging
    if not getattr(method, "wrapped", False):
        OrganizationsBackend._get_resource_for_tagging = (  # type: ignore[method-assign]
            _resource_policy_tagging(method))


# --- Brownfield adoption: existing singletons as AWS answers them -------------------------
#
# Adopting an existing account (../shared/BROWNFIELD-NOTES.md) meets singletons that exist
# already. moto 5.2.5 is laxer than AWS there, so a missing import would go unseen; or
# stricter, so an adopted resource could not be applied. Always on (AS_AWS["brownfield"];
# tests/seeded/test_brownfield_as_aws.py proves each answer and that stock moto still
# differs):
#
# * GuardDuty CreateDetector with a detector in the account and region: HTTP 400
#   BadRequestException "The request is rejected because a detector already exists for the
#   current account." (terraform-provider-aws #11780, nozaq/terraform-aws-secure-baseline #35;
#   the body's type InvalidInputException: ministryofjustice/modernisation-platform #854).
#   moto creates a second detector.
# * Security Hub EnableSecurityHub with the hub enabled: HTTP 409 ResourceConflictException
#   "Account is already subscribed to Security Hub" (nozaq/terraform-aws-secure-baseline #110,
#   #135). moto answers {}.
# * CloudTrail CreateTrail with the name of a trail of the account in the region:
#   TrailAlreadyExistsException "Trail <name> already exists for customer: <account>"
#   (trussworks/terraform-aws-logs #269, nozaq/terraform-aws-secure-baseline #306). moto
#   replaces the trail (its multi-region flag and its logging status are lost).
# * CloudTrail DescribeTrails honours trailNameList: ARNs name any trail the call returns,
#   names only the caller's trails homed in the region (the API reference's TrailNameList).
#   moto returns every trail. DeleteTrail by ARN (the aws provider's trail id) deletes the
#   trail, and an unknown trail is TrailNotFoundException as on AWS; moto deletes by name
#   only and answers 200 for anything else. GetTrailStatus, GetEventSelectors, GetTrail,
#   UpdateTrail and PutEventSelectors by ARN already work in stock moto (not patched).
# * An organization trail seen from a member (a delegated administrator included): its
#   DescribeTrails and ListTrails with shadow trails list the management account's
#   organization trails (TrailARN in the management account, its HomeRegion), and
#   GetTrailStatus by that ARN answers (the API reference's IncludeShadowTrails;
#   aws-samples/service-screener-v2 #201, turbot/steampipe-plugin-aws #1068: a member's
#   GetTrailStatus answers). Member accounts "can see the organization trail, but can't
#   modify or delete it" (Organizations user guide, CloudTrail integration): UpdateTrail,
#   DeleteTrail and PutEventSelectors addressed by another account's trail ARN answer
#   CloudTrailARNInvalidException "AccountID in ARN is wrong, you can only access resources
#   with AccountID <caller>." (the error AWS gives a member for another account's trail ARN:
#   turbot/steampipe-plugin-aws #577, cloudquery/cq-provider-aws #405, prowler #2025). Not
#   emulated: a CloudTrail delegated administrator managing the organization's trails (AWS
#   lets it; here it is refused like any member), and GetEventSelectors from a member (stock
#   moto's TrailNotFoundException kept; AWS refuses it too, joshlarsen/aws-recon #22, with a
#   code not found). moto shows an organization trail to its management account only.
# * AWS Config PutConfigurationRecorder with an empty exclusionByResourceTypes (the aws
#   provider sends ``{}`` after an import, BROWNFIELD-NOTES section 3): dropped before moto
#   validates the recording group, which refuses it (InvalidRecordingGroupException).
# * GuardDuty membership, seeded with :func:`set_guardduty_administrator`: the member's
#   GetAdministratorAccount (and the routed GetMasterAccount, which moto lacks) answer the
#   administrator, RelationshipStatus Enabled; an account without one answers no
#   administrator. moto answers from the caller's own organization admin list, in keys that
#   do not match the API's (boto3 reads nothing). UpdateDetector from such a member changing
#   FindingPublishingFrequency is refused: BadRequestException "The request is rejected
#   because the finding publishing frequency of a member account is set by its administrator
#   account <id>." AWS's exact error was not found; the behaviour is documented by the aws
#   provider (aws_guardduty_detector: "Cannot be modified for GuardDuty member accounts",
#   terraform-provider-aws #7804) and aws-samples/amazon-guardduty-multiaccount-scripts #37
#   ("can only be set by the Master"). moto updates it.

# (member account id, region) -> the administrator as GetAdministratorAccount answers it
GUARDDUTY_ADMINISTRATORS: dict[tuple[str, str], dict[str, str]] = {}


def set_guardduty_administrator(member_account_id: str, region: str,
                                administrator_account_id: str) -> None:
    """Make ``administrator_account_id`` the GuardDuty administrator of the member's detector
    in ``region`` (as an organization's auto-enable or an accepted invitation leaves it):
    GetAdministratorAccount and GetMasterAccount answer it (RelationshipStatus Enabled), and
    UpdateDetector changing FindingPublishingFrequency answers BadRequestException, "... set
    by its administrator account <id>". That message is the harness's: AWS's exact error was
    not found; the refusal itself is documented by the aws provider's aws_guardduty_detector
    ("Cannot be modified for GuardDuty member accounts", terraform-provider-aws #7804) and
    aws-samples/amazon-guardduty-multiaccount-scripts #37."""
    GUARDDUTY_ADMINISTRATORS[(member_account_id, region)] = {
        "accountId": administrator_account_id, "relationshipStatus": "Enabled",
        "invitedAt": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")}


def _guardduty_bad_request(message: str) -> Exception:
    """GuardDuty's 400: X-Amzn-ErrorType BadRequestException, body type InvalidInputException
    (what SDKs report as BadRequestException), as moto's DetectorNotFoundException."""
    from moto.guardduty.exceptions import GuardDutyException

    class BadRequest(GuardDutyException):
        code = 400

        def get_headers(self, *args: Any, **kwargs: Any) -> list[tuple[str, str]]:
            return [("X-Amzn-ErrorType", "BadRequestException"),
                    ("Content-Type", "application/json")]

    return BadRequest("InvalidInputException", message)


def _one_detector(original: Callable[..., str]) -> Callable[..., str]:
    def create_detector(self: Any, *args: Any, **kwargs: Any) -> str:
        if AS_AWS["brownfield"] and self.detectors:
            raise _guardduty_bad_request("The request is rejected because a detector already "
                                         "exists for the current account.")
        return original(self, *args, **kwargs)

    return create_detector


def _administrator_of_member(original: Callable[..., Any]) -> Callable[..., Any]:
    def get_administrator_account(self: Any, detector_id: str) -> dict[str, Any]:
        if not AS_AWS["brownfield"]:
            return original(self, detector_id)
        self.get_detector(detector_id)
        administrator = GUARDDUTY_ADMINISTRATORS.get((self.account_id, self.region_name))
        return {"administrator": administrator} if administrator else {}

    return get_administrator_account


def _frequency_set_by_administrator(original: Callable[..., None]) -> Callable[..., None]:
    def update_detector(self: Any, detector_id: str, enable: Any, frequency: Any,
                        *args: Any) -> None:
        administrator = GUARDDUTY_ADMINISTRATORS.get((self.account_id, self.region_name))
        if AS_AWS["brownfield"] and administrator and frequency is not None and \
                frequency != self.get_detector(detector_id).finding_publish_freq:
            raise _guardduty_bad_request(
                "The request is rejected because the finding publishing frequency of a member "
                f"account is set by its administrator account {administrator['accountId']}.")
        original(self, detector_id, enable, frequency, *args)

    return update_detector


def _one_hub(original: Callable[..., Any]) -> Callable[..., Any]:
    from moto.core.exceptions import JsonRESTError

    def enable_security_hub(self: Any, *args: Any, **kwargs: Any) -> Any:
        if AS_AWS["brownfield"] and self.enabled:
            conflict = JsonRESTError("ResourceConflictException",
                                     "Account is already subscribed to Security Hub")
            conflict.code = 409
            raise conflict
        return original(self, *args, **kwargs)

    return enable_security_hub


def _unique_trail_names(original: Callable[..., Any]) -> Callable[..., Any]:
    from moto.core.exceptions import JsonRESTError

    def create_trail(self: Any, name: str, *args: Any) -> Any:
        if AS_AWS["brownfield"] and name in self.trails:
            raise JsonRESTError("TrailAlreadyExistsException",
                                f"Trail {name} already exists for customer: {self.account_id}")
        return original(self, name, *args)

    return create_trail


def _refuse_foreign_trail(account_id: str, name_or_arn: str | None) -> None:
    """CloudTrailARNInvalidException for a trail ARN of another account (an organization
    trail seen from a member)."""
    from moto.core.exceptions import JsonRESTError

    parts = (name_or_arn or "").split(":")
    if len(parts) < 6 or parts[4] == account_id:
        return
    raise JsonRESTError("CloudTrailARNInvalidException", "AccountID in ARN is wrong, you can "
                        f"only access resources with AccountID {account_id}.")


def _refusing_foreign_trails(original: Callable[..., Any]) -> Callable[..., Any]:
    """UpdateTrail (``name=``) and PutEventSelectors (``trail_name=``) as AWS answers them."""

    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        if AS_AWS["brownfield"]:
            _refuse_foreign_trail(self.account_id, kwargs.get("name", kwargs.get("trail_name")))
        return original(self, *args, **kwargs)

    return call


def _delete_trail_by_name_or_arn(original: Callable[..., None]) -> Callable[..., None]:
    def delete_trail(self: Any, name: str) -> None:
        if not AS_AWS["brownfield"]:
            return original(self, name)
        _refuse_foreign_trail(self.account_id, name)
        del self.trails[self.get_trail(name).trail_name]  # TrailNotFoundException if unknown
        return None

    return delete_trail


def _with_organization_trails(original: Callable[..., Any]) -> Callable[..., Any]:
    """A member's trails with shadow trails include its organization's trails (the
    management account's, multi-region or homed in the region)."""
    from moto.cloudtrail.models import cloudtrail_backends

    def describe_trails(self: Any, include_shadow_trails: bool) -> list[Any]:
        trails = list(original(self, include_shadow_trails))
        found = _organization_of(self.account_id) if AS_AWS["brownfield"] else None
        if include_shadow_trails and found is not None and found[0] != "management":
            trails += [trail for backend in cloudtrail_backends[found[1].account_id].values()
                       for trail in backend.trails.values() if trail.is_org_trail
                       and (trail.is_multi_region or trail.region_name == self.region_name)]
        return trails

    return describe_trails


def _trail_name_list(original: Callable[..., str]) -> Callable[..., str]:
    def describe_trails(self: Any) -> str:
        wanted = self._get_param("trailNameList") or []
        if not AS_AWS["brownfield"] or not wanted:
            return original(self)
        answer = json.loads(original(self))
        answer["trailList"] = [
            trail for trail in answer["trailList"] if trail["TrailARN"] in wanted
            or (trail["Name"] in wanted and trail["HomeRegion"] == self.region
                and trail["TrailARN"].split(":")[4] == self.current_account)]
        return json.dumps(answer)

    return describe_trails


def _without_empty_exclusions(original: Callable[..., None]) -> Callable[..., None]:
    def put_configuration_recorder(self: Any, config_recorder: dict[str, Any]) -> None:
        group = (config_recorder or {}).get("recordingGroup")
        if AS_AWS["brownfield"] and isinstance(group, dict) and "exclusionByResourceTypes" in \
                group and not (group["exclusionByResourceTypes"] or {}).get("resourceTypes"):
            group = {k: v for k, v in group.items() if k != "exclusionByResourceTypes"}
            config_recorder = {**config_recorder, "recordingGroup": group}
        original(self, config_recorder)

    return put_configuration_recorder


def _install_brownfield_as_aws() -> None:
    from moto.cloudtrail.models import CloudTrailBackend
    from moto.config.models import ConfigBackend
    from moto.guardduty.models import GuardDutyBackend
    from moto.securityhub.models import SecurityHubBackend

    for owner, name, wrap in (
            (GuardDutyBackend, "create_detector", _one_detector),
            (GuardDutyBackend, "get_administrator_account", _administrator_of_member),
            (GuardDutyBackend, "update_detector", _frequency_set_by_administrator),
            (SecurityHubBackend, "enable_security_hub", _one_hub),
            (CloudTrailBackend, "create_trail", _unique_trail_names),
            (CloudTrailBackend, "delete_trail", _delete_trail_by_name_or_arn),
            (CloudTrailBackend, "update_trail", _refusing_foreign_trails),
            (CloudTrailBackend, "put_event_selectors", _refusing_foreign_trails),
            (CloudTrailBackend, "describe_trails", _with_organization_trails),
            (_cloudtrail_response(), "describe_trails", _trail_name_list),
            (ConfigBackend, "put_configuration_recorder", _without_empty_exclusions)):
        method = getattr(owner, name)
        if not getattr(method, "wrapped", False):
            wrapped = wrap(method)
            wrapped.wrapped = True  # type: ignore[attr-defined]
            setattr(owner, name, wrapped)


# --- AWS Config delivery -------------------------------------------------------------------


def deliver_config_snapshot(account_id: str, region: str, recorder: str) -> None:
    """Mark a started recorder's last delivery SUCCESS, as AWS does after delivering."""
    from moto.config.models import config_backends

    status = config_backends[account_id][region].recorders[recorder].status
    if not status.recording:
        raise ValueError(f"recorder {recorder} is not recording: start it first")
    status.last_status = "SUCCESS"


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


# --- Routed answers ------------------------------------------------------------------------
#
# (signing service, HTTP method, path, action for deny(), handler(account, region, query))
# Each handler returns (HTTP status, JSON body). deny() applies to them as to moto's own. The
# path is a regular expression matched on the whole path; its named groups join the query.

ACCESS_ANALYZERS: dict[tuple[str, str], list[dict[str, Any]]] = {}
ENABLED_STANDARDS: dict[tuple[str, str], list[str]] = {}
ROUTED_ANSWERS: list[tuple[str, str, str, str, Callable[..., tuple[int, Any]]]] = []


def set_access_analyzers(account_id: str, region: str, analyzers: list[dict[str, str]]) -> None:
    """The analyzers ListAnalyzers answers in one account and region: dicts with name,
    type (ACCOUNT, ORGANIZATION, ...) and status (ACTIVE, CREATING, DISABLED, FAILED)."""
    ACCESS_ANALYZERS[(account_id, region)] = [{
        "arn": f"arn:aws:access-analyzer:{region}:{account_id}:analyzer/{a['name']}",
        "createdAt": "2026-01-01T00:00:00Z", "status": "ACTIVE", **a} for a in analyzers]


def set_enabled_standards(account_id: str, region: str, standards: list[str]) -> None:
    """The standards GetEnabledStandards answers (READY), as the part after ``standards/``
    of the ARN, e.g. ``cis-aws-foundations-benchmark/v/3.0.0``."""
    ENABLED_STANDARDS[(account_id, region)] = list(standards)


def _emulator_gap(what: str) -> tuple[int, Any]:
    return 501, {"__type": "EmulatorGap",
                 "Message": f"moto has no {what}; the test harness answers only what a test "
                            "seeded, and nothing was seeded for this account and region"}


def _list_analyzers(account: str, region: str, query: dict[str, list[str]]) -> tuple[int, Any]:
    if (account, region) not in ACCESS_ANALYZERS:
        return _emulator_gap("IAM Access Analyzer backend")
    analyzers = ACCESS_ANALYZERS[(account, region)]
    wanted = query.get("type")
    if wanted:
        analyzers = [a for a in analyzers if a.get("type") in wanted]
    return 200, {"analyzers": analyzers}


def _get_enabled_standards(account: str, region: str,
                           query: dict[str, list[str]]) -> tuple[int, Any]:
    from moto.securityhub.models import securityhub_backends

    if not securityhub_backends[account][region].enabled:
        return 401, {"__type": "InvalidAccessException",
                     "Message": "Account is not subscribed to AWS Security Hub"}
    if (account, region) not in ENABLED_STANDARDS:
        return _emulator_gap("Security Hub standards endpoints")
    return 200, {"StandardsSubscriptions": [{
        "StandardsSubscriptionArn": f"arn:aws:securityhub:{region}:{account}:subscription/{part}",
        "StandardsArn": f"arn:aws:securityhub:{region}::standards/{part}",
        "StandardsInput": {}, "StandardsStatus": "READY"}
        for part in ENABLED_STANDARDS.get((account, region), [])]}


def _list_securityhub_admins(account: str, region: str,
                             query: dict[str, list[str]]) -> tuple[int, Any]:
    from moto.organizations.exceptions import AWSOrganizationsNotInUseException
    from moto.securityhub.models import securityhub_backends

    refused = organization_refusal("securityhub", "ListOrganizationAdminAccounts", account)
    if refused is not None:
        return 403, {"__type": "AccessDeniedException", "Message": refused}
    try:
        config = securityhub_backends[account][region]._get_org_config()
    except AWSOrganizationsNotInUseException:
        return 400, {"__type": "AWSOrganizationsNotInUseException",
                     "Message": "Your account is not a member of an organization."}
    admin = config.get("admin_account_id")
    return 200, {"AdminAccounts": [{"AccountId": admin, "Status": "ENABLED"}] if admin else []}


def _guardduty_master(account: str, region: str,
                      query: dict[str, list[str]]) -> tuple[int, Any]:
    """GetMasterAccount (deprecated for GetAdministratorAccount), from the same state."""
    from moto.guardduty.models import guardduty_backends

    if query["detectorId"][0] not in guardduty_backends[account][region].detectors:
        return 400, {"__type": "BadRequestException", "message": "The request is rejected "
                     "because the input detectorId is not owned by the current account."}
    master = GUARDDUTY_ADMINISTRATORS.get((account, region))
    return 200, {"master": master} if master else {}


def _guardduty_detector_of(account: str, region: str, arn: str) -> Any:
    from moto.guardduty.models import guardduty_backends

    detector_id = arn.rsplit("/", 1)[-1]
    return guardduty_backends[account][region].detectors.get(detector_id)


def _guardduty_tags(account: str, region: str, query: dict[str, list[str]]) -> tuple[int, Any]:
    """TagResource / UntagResource / ListTagsForResource on a detector: the aws provider tags
    an imported detector in place (stock moto keeps only the tags CreateDetector was given)."""
    import json

    detector = _guardduty_detector_of(account, region, query["resourceArn"][0])
    if detector is None:
        return 400, {"__type": "BadRequestException",
                     "message": "The request is rejected because the input resourceArn is not "
                                "owned by the current account."}
    if "_body" in query:  # TagResource
        detector.tags.update(json.loads(query["_body"][0] or "{}").get("tags", {}))
        return 200, {}
    if "tagKeys" in query:  # UntagResource
        for key in query["tagKeys"]:
            detector.tags.pop(key, None)
        return 200, {}
    return 200, {"tags": detector.tags}


def _stock_moto_lacks_guardduty_tagging() -> bool:
    from moto.guardduty import urls

    return not any("tags" in path for path in urls.url_paths)


def _stock_moto_lacks_guardduty_master() -> bool:
    from moto.guardduty import urls

    return not any(path.endswith("/master$") for path in urls.url_paths)


def _stock_moto_lacks_securityhub_org_admins() -> bool:
    from moto.securityhub import urls

    return not any(path.endswith("/organization/admin$") for path in urls.url_paths)


def _stock_moto_lacks_access_analyzer() -> bool:
    import importlib.util

    return importlib.util.find_spec("moto.accessanalyzer") is None


def _stock_moto_lacks_securityhub_standards() -> bool:
    from moto.securityhub import urls

    return not any("standards" in path for path in urls.url_paths)


ROUTES: list[tuple[str, str, str, str, Callable[..., tuple[int, Any]], Callable[[], bool]]] = [
    ("access-analyzer", "GET", "/analyzer", "access-analyzer:ListAnalyzers", _list_analyzers,
     _stock_moto_lacks_access_analyzer),
    ("securityhub", "POST", "/standards/get", "securityhub:GetEnabledStandards",
     _get_enabled_standards, _stock_moto_lacks_securityhub_standards),
    ("securityhub", "GET", "/organization/admin", "securityhub:ListOrganizationAdminAccounts",
     _list_securityhub_admins, _stock_moto_lacks_securityhub_org_admins),
    ("guardduty", "GET", "/detector/(?P<detectorId>[^/]+)/master", "guardduty:GetMasterAccount",
     _guardduty_master, _stock_moto_lacks_guardduty_master),
    ("guardduty", "POST", "/tags/(?P<resourceArn>arn:.+)", "guardduty:TagResource",
     _guardduty_tags, _stock_moto_lacks_guardduty_tagging),
    ("guardduty", "DELETE", "/tags/(?P<resourceArn>arn:.+)", "guardduty:UntagResource",
     _guardduty_tags, _stock_moto_lacks_guardduty_tagging),
    ("guardduty", "GET", "/tags/(?P<resourceArn>arn:.+)", "guardduty:ListTagsForResource",
     _guardduty_tags, _stock_moto_lacks_guardduty_tagging),
]


def _signing(environ: dict[str, Any]) -> tuple[str, str, str]:
    """(access key, region, service) from the SigV4 Authorization header."""
    import re

    match = re.search(r"Credential=([^/]+)/[^/]+/([^/]+)/([^/]+)/",
                      environ.get("HTTP_AUTHORIZATION", ""))
    return match.groups() if match else ("", "", "")  # type: ignore[return-value]


# --- Faults: throttling and dropped connections ---------------------------------------------


@dataclass
class Throttling:
    """Throttling injected into one account: ``rate`` of its requests answered with a
    throttling error; ``injected`` counts them, ``requests`` counts all of its requests."""

    account_id: str
    rate: float
    random: random.Random
    injected: int = 0
    requests: int = 0


THROTTLED: dict[str, Throttling] = {}
RESET_SERVICES: set[tuple[str, str]] = set()
LATENCY = {"seconds": 0.0}
LATENCY_PATH = "/_harness/latency"
_FAULT_LOCK = threading.Lock()


@contextmanager
def throttle(account_id: str, rate: float = 0.3, seed: int = 0) -> Iterator[Throttling]:
    """Within: each request of the account is throttled with probability ``rate`` (a seeded
    draw, so a run is repeatable), answered as AWS throttles that protocol."""
    if not 0 < rate < 1:
        raise ValueError(f"rate must be between 0 and 1, not {rate}")
    state = Throttling(account_id, rate, random.Random(seed))
    THROTTLED[account_id] = state
    try:
        yield state
    finally:
        THROTTLED.pop(account_id, None)


@contextmanager
def reset_connections(account_id: str, service: str) -> Iterator[None]:
    """Within: every request of the account to ``service`` (its SigV4 signing name, e.g.
    cloudtrail, iam, s3) has its connection closed without an answer."""
    RESET_SERVICES.add((account_id, service))
    try:
        yield
    finally:
        RESET_SERVICES.discard((account_id, service))


def _throttled_answer(environ: dict[str, Any], service: str) -> tuple[str, list[Any], bytes]:
    """(status, headers, body) of a throttling error in the request's protocol."""
    message = "Rate exceeded (throttled by the test harness)"
    if environ.get("HTTP_X_AMZ_TARGET"):  # JSON protocol
        return ("400 Bad Request", [("Content-Type", "application/x-amz-json-1.1")],
                json.dumps({"__type": "ThrottlingException", "message": message}).encode())
    if service == "ec2":
        return ("503 Service Unavailable", [("Content-Type", "text/xml")], (
            "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>"
            f"{message}</Message></Error></Errors><RequestID>throttled</RequestID></Response>"
        ).encode())
    if service in {"s3", "s3control"}:
        return ("503 Slow Down", [("Content-Type", "application/xml")], (
            f"<Error><Code>SlowDown</Code><Message>{message}</Message>"
            "<RequestId>throttled</RequestId></Error>").encode())
    if "x-www-form-urlencoded" in environ.get("CONTENT_TYPE", ""):  # query protocol
        return ("400 Bad Request", [("Content-Type", "text/xml")], (
            "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>"
            f"{message}</Message></Error><RequestId>throttled</RequestId></ErrorResponse>"
        ).encode())
    return ("429 Too Many Requests", [("Content-Type", "application/json"),  # rest-json
                                      ("x-amzn-ErrorType", "ThrottlingException")],
            json.dumps({"message": message}).encode())


def _fault(environ: dict[str, Any], access_key: str, service: str,
           start_response: Any) -> list[bytes] | None:
    """The answer of an injected fault for this request, or None (no fault)."""
    if not (THROTTLED or RESET_SERVICES) or not access_key:
        return None
    from moto.iam.models import get_account_id_from

    account = get_account_id_from(access_key)
    if (account, service) in RESET_SERVICES:
        import socket

        connection = environ.get("werkzeug.socket")
        if connection is not None:
            connection.shutdown(socket.SHUT_RDWR)
            connection.close()
        raise ConnectionResetByHarness(f"{service} request of {account} reset")
    state = THROTTLED.get(account)
    if state is None:
        return None
    with _FAULT_LOCK:
        state.requests += 1
        hit = state.random.random() < state.rate
        state.injected += hit
    if not hit:
        return None
    status, headers, body = _throttled_answer(environ, service)
    start_response(status, headers)
    return [body]


class ConnectionResetByHarness(ConnectionError):
    """Raised after closing a request's connection (werkzeug then has nothing to answer)."""


ANSWERED_KEPT = 4096
ANSWERED_BYTES = 32 * 1024 * 1024
ANSWER_KEPT_AT_MOST = 256 * 1024
ANSWERED: OrderedDict[str, tuple[str, list[tuple[str, str]], bytes]] = OrderedDict()
_ANSWERED_SIZE = [0]  # bytes of the bodies in ANSWERED
REPLAYED: list[tuple[str, str]] = []  # (invocation id, operation) answered again, in order
_ANSWERED_LOCK = threading.Lock()
_ATTEMPT = re.compile(r"attempt=(\d+)")


def _operation(environ: dict[str, Any], answer: bytes) -> str:
    """The operation of a request, for the run's summary: its X-Amz-Target, else the root of
    its XML answer (query protocol: ``AttachRolePolicyResponse``), else method and path."""
    named = re.match(rb"\s*(?:<\?xml[^>]*>\s*)?<(\w+?)(?:Response|Result)?[\s>]", answer)
    return (environ.get("HTTP_X_AMZ_TARGET") or (named and named.group(1).decode())
            or f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}")


def _replaying(dispatch: Callable[..., Any]) -> Callable[..., Any]:
    """``dispatch`` with lost answers replayed (see the module docstring)."""

    def __call__(self: Any, environ: dict[str, Any], start_response: Any) -> Any:
        invocation = environ.get("HTTP_AMZ_SDK_INVOCATION_ID")
        if not invocation:
            return dispatch(self, environ, start_response)
        attempt = _ATTEMPT.search(environ.get("HTTP_AMZ_SDK_REQUEST", ""))
        if attempt and int(attempt.group(1)) > 1:
            with _ANSWERED_LOCK:
                kept = ANSWERED.get(invocation)
                if kept is not None:
                    REPLAYED.append((invocation, _operation(environ, kept[2])))
            if kept is not None:
                status, headers, body = kept
                start_response(status, list(headers))
                return [body]
        answer: dict[str, Any] = {}

        def recording(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            answer.update(status=status, headers=list(headers))
            return start_response(status, headers, *exc_info)

        chunks = dispatch(self, environ, recording)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        if str(answer.get("status", "")).startswith("2") and len(body) <= ANSWER_KEPT_AT_MOST:
            with _ANSWERED_LOCK:
                if invocation in ANSWERED:
                    _ANSWERED_SIZE[0] -= len(ANSWERED.pop(invocation)[2])
                ANSWERED[invocation] = (answer["status"], answer["headers"], body)
                _ANSWERED_SIZE[0] += len(body)
                while len(ANSWERED) > ANSWERED_KEPT or _ANSWERED_SIZE[0] > ANSWERED_BYTES:
                    _ANSWERED_SIZE[0] -= len(ANSWERED.popitem(last=False)[1][2])
        return [body]

    return __call__


def _answer_routes(original: Callable[..., Any]) -> Callable[..., Any]:
    import json
    from urllib.parse import parse_qs

    def __call__(self: Any, environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") == LATENCY_PATH and environ.get("REQUEST_METHOD") == "POST":
            LATENCY["seconds"] = float(parse_qs(environ.get("QUERY_STRING", "")).get(
                "seconds", ["0"])[0])
            start_response("200 OK", [("Content-Type", "application/json")])
            return [json.dumps(LATENCY).encode()]
        if LATENCY["seconds"]:
            import time

            time.sleep(LATENCY["seconds"])
        access_key, region, service = _signing(environ)
        faulted = _fault(environ, access_key, service, start_response)
        if faulted is not None:
            return faulted
        for route_service, method, path, action, handler in ROUTED_ANSWERS:
            matched = re.fullmatch(path, environ.get("PATH_INFO") or "")
            if (service, environ.get("REQUEST_METHOD")) != (route_service, method) or not matched:
                continue
            from moto.iam.models import get_account_id_from

            account = get_account_id_from(access_key)
            if (account, action.lower()) in DENIED:
                status, body = 403, {"__type": "AccessDeniedException", "Message": (
                    f"User: arn:aws:sts::{account}:assumed-role/audit/governance is not "
                    f"authorized to perform: {action} (denied by the test harness)")}
            else:
                query = parse_qs(environ.get("QUERY_STRING", ""))
                query.update({name: [value] for name, value in matched.groupdict().items()})
                if method in ("POST", "PUT"):  # the body, for handlers that read one
                    length = int(environ.get("CONTENT_LENGTH") or 0)
                    query["_body"] = [environ["wsgi.input"].read(length).decode() if length
                                      else ""]
                status, body = handler(account, region, query)
            headers = [("Content-Type", "application/json")]
            if status >= 400:
                headers.append(("x-amzn-ErrorType", body["__type"]))
            start_response(f"{status} {'OK' if status == 200 else 'Error'}", headers)
            return [json.dumps(body).encode()]
        return original(self, environ, start_response)

    replaying = _replaying(__call__)
    replaying.wrapped = True  # type: ignore[attr-defined]
    return replaying


def _install_routed_answers() -> None:
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    for service, method, path, action, handler, lacking in ROUTES:
        key = f"{service} {method} {path}"
        if key not in MISSING_IN_STOCK_MOTO:
            MISSING_IN_STOCK_MOTO[key] = lacking()
            if MISSING_IN_STOCK_MOTO[key]:
                ROUTED_ANSWERS.append((service, method, path, action, handler))
    if not getattr(DomainDispatcherApplication.__call__, "wrapped", False):
        DomainDispatcherApplication.__call__ = _answer_routes(  # type: ignore[method-assign]
            DomainDispatcherApplication.__call__)
