"""Denied APIs and refused AssumeRole: the sandbox refuses as AWS would.

* :func:`deny`: answer AccessDenied for chosen actions in one account (S3 included). A
  customer's audit role may lack a permission, or an SCP may deny it; tests prove that a
  denied read turns its controls to ERROR, never PASS. This is a harness feature, not a
  moto gap (test: tests/unit/test_harness.py::test_denied_actions_answer_access_denied_in_that_account_only).
* :func:`refuse_assume_role`: STS AssumeRole of a role (or any role) in chosen accounts
  answers AccessDenied, as AWS does for a role that does not exist or does not trust the
  caller, or Throttling (a caller throttled out). moto's AssumeRole succeeds for any role
  ARN.
* Always, as on AWS: AssumeRole into an account its organization has closed (CloseAccount:
  SUSPENDED) answers AccessDenied; AssumeRole of a role that exists is judged by its trust
  policy (the caller's account, the sts:ExternalId condition): :func:`trust_refusal`
  (``AS_AWS["assume_role_trust"]``).

The authorization hook patched here also applies the Organizations refusals of
as_aws.py. Test that fails when stock moto judges trust by itself:
tests/seeded/test_organization_as_aws.py::test_assume_role_follows_the_trust_policy_and_external_id
(it sets ``AS_AWS["assume_role_trust"] = False`` and expects stock moto's success);
refuse_assume_role is exercised by tests/seeded/test_organization_audit.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from harness.moto.as_aws import AS_AWS, AS_AWS_SERVICES, _refuse_as_organizations_does

DENIED: set[tuple[str, str]] = set()
# (account id, role name or None for any role) -> error code
REFUSED_ROLES: dict[tuple[str, str | None], str] = {}


def reset() -> None:
    """Nothing denied, no AssumeRole refused."""
    DENIED.clear()
    REFUSED_ROLES.clear()


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


def install() -> None:
    """The denials and AssumeRole refusals (idempotent)."""
    from moto.core.authorization import ActionAuthenticatorMixin

    method = ActionAuthenticatorMixin._authenticate_and_authorize_normal_action
    if not getattr(method, "wrapped", False):
        ActionAuthenticatorMixin._authenticate_and_authorize_normal_action = (  # type: ignore[method-assign]
            _authorize_with_denials(method))
    s3_method = ActionAuthenticatorMixin._authenticate_and_authorize_s3_action
    if not getattr(s3_method, "wrapped", False):
        ActionAuthenticatorMixin._authenticate_and_authorize_s3_action = (  # type: ignore[method-assign]
            _authorize_s3_with_denials(s3_method))

    from moto.sts.models import STSBackend

    if not getattr(STSBackend.assume_role, "wrapped", False):
        STSBackend.assume_role = _assume_role_with_refusals(  # type: ignore[method-assign]
            STSBackend.assume_role)
