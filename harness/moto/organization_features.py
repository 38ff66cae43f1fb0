"""Organization-level features moto lacks (CIS v7.0.0 2.1.1, 2.1.5, 2.1.6).

Each answers as the AWS API reference says, from state the harness keeps per organization,
so the organization-guardrails module applies and the seeded PASS / FAIL / ERROR are real:

* IAM centralized root access: ``ListOrganizationsFeatures`` (the management account or the
  IAM delegated administrator), ``EnableOrganizationsRootCredentialsManagement`` /
  ``EnableOrganizationsRootSessions`` (the management account only) and their Disable
  (management or IAM delegated administrator). Outside an organization
  OrganizationNotFoundException; without all features OrganizationNotInAllFeaturesMode;
  without IAM trusted access (iam.amazonaws.com) ServiceAccessNotEnabledException; from a
  member AccountNotManagementOrDelegatedAdministratorException, Enable from the delegated
  administrator CallerIsNotManagementAccountException. moto has no such IAM actions (500).
* Organizations resource-based delegation policy: ``PutResourcePolicy`` /
  ``DeleteResourcePolicy`` (management account only: the Organizations refusals of
  as_aws.py refuse anyone else) and ``DescribeResourcePolicy`` (management account or a delegated
  administrator), ResourcePolicyNotFoundException when there is none; its tags (an
  ``rp-`` id) through Organizations TagResource / ListTagsForResource / UntagResource. moto
  has none of them (500).
* CloudTrail ``RegisterOrganizationDelegatedAdmin`` / ``DeregisterOrganizationDelegatedAdmin``
  (management account only, CloudTrail trusted access on, a member account): registers
  cloudtrail.amazonaws.com in Organizations' delegated administrators, as CloudTrail does.
* Principals stock moto refuses: trusted access for iam.amazonaws.com (moto's list of
  trusted services lacks it) and delegated administrators for cloudtrail.amazonaws.com,
  iam.amazonaws.com and sso.amazonaws.com (all three supported by AWS).

:data:`ORGANIZATIONS_FEATURES` and :data:`RESOURCE_POLICIES` hold the state. Test that fails
when stock moto implements them: tests/seeded/test_organization_as_aws.py::
test_stock_moto_still_lacks_the_organization_features_the_harness_answers (and
tests/unit/test_harness.py::test_each_moto_extension_is_still_needed for the actions).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from moto.core.responses import ActionResult
from moto.iam.responses import IamResponse

from harness.moto.as_aws import organization_position
from harness.moto.gaps import MISSING_IN_STOCK_MOTO, Extension, add_missing_actions

ROOT_ACCESS_FEATURES = ("RootCredentialsManagement", "RootSessions")
# organization id -> the centralized root access features enabled
ORGANIZATIONS_FEATURES: dict[str, set[str]] = {}
# management account id -> {"Id", "Arn", "Content", "Tags"} of its delegation policy
RESOURCE_POLICIES: dict[str, dict[str, Any]] = {}
TRUSTED_SERVICES_ADDED = ("iam.amazonaws.com",)
DELEGATED_ADMIN_SERVICES_ADDED = ("cloudtrail.amazonaws.com", "iam.amazonaws.com",
                                  "sso.amazonaws.com")


def reset() -> None:
    """No root access feature enabled, no delegation policy."""
    ORGANIZATIONS_FEATURES.clear()
    RESOURCE_POLICIES.clear()


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


EXTENSIONS: list[Extension] = [
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
]


def install() -> None:
    """The actions, the principal lists stock moto lacks, and tagging of the delegation
    policy (idempotent)."""
    add_missing_actions(EXTENSIONS)
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


