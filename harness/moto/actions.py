"""Actions stock moto lacks (it answers HTTP 500: not implemented), answered here.

Each entry answers a call the aws provider or the tests make (moto 5.2.5):

* IAM ``ListMFADeviceTags``: read by aws_iam_virtual_mfa_device after create. Answered
  with no tags.
* IAM ``ListServiceSpecificCredentials``: read by aws_iam_user with force_destroy = true
  before delete. Answered with no credentials.
* SSO Admin ``ListTagsForResource``: read by aws_ssoadmin_permission_set after create.
  Answered with the tags moto stored at CreatePermissionSet.
* SSO Admin ``DescribePermissionSetProvisioningStatus``: polled by
  aws_ssoadmin_managed_policy_attachment after ProvisionPermissionSet (which moto
  completes at once). Answered SUCCEEDED.
* Security Hub ``UpdateSecurityHubConfiguration``: sent by aws_securityhub_account for
  control_finding_generator / auto_enable_controls. Answered with an empty reply (moto's
  DescribeHub already reports SECURITY_CONTROL and auto-enabled controls, the values the
  account-guardrails module sets).
* EC2 ``ModifyInstanceMetadataDefaults`` and ``GetInstanceMetadataDefaults``: the
  account-level IMDS defaults of a region, written and read by
  aws_ec2_instance_metadata_defaults (network-baseline, CIS 5.6). Answered from
  per-account, per-region state (:data:`INSTANCE_METADATA_DEFAULTS`): Modify stores the
  values sent (``no-preference`` and -1 clear a value, as on AWS), Get returns them.

The organization-level actions moto lacks are in organization_features.py. When a moto
upgrade implements one of these, tests/unit/test_harness.py::test_each_moto_extension_is_still_needed
fails (through gaps.MISSING_IN_STOCK_MOTO): delete the entry then.
"""

from __future__ import annotations

import json
from typing import Any

from moto.core.responses import ActionResult
from moto.ec2.responses import EC2Response
from moto.iam.responses import IamResponse
from moto.securityhub.responses import SecurityHubResponse
from moto.ssoadmin.responses import SSOAdminResponse

from harness.moto.gaps import Extension, add_missing_actions

# (account id, region) -> the account-level instance metadata defaults set there.
INSTANCE_METADATA_DEFAULTS: dict[tuple[str, str], dict[str, Any]] = {}


def reset() -> None:
    """Forget the state these actions keep (a fresh server's)."""
    INSTANCE_METADATA_DEFAULTS.clear()


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


EXTENSIONS: list[Extension] = [
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


def install() -> None:
    """Give moto the actions above where it lacks them (idempotent)."""
    add_missing_actions(EXTENSIONS)
