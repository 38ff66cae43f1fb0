"""Brownfield adoption as AWS answers it: existing singletons refused, trails by ARN.

Adopting an existing account (../shared/BROWNFIELD-NOTES.md) meets singletons that exist
already. moto 5.2.5 is laxer than AWS there, so a missing import would go unseen; or
stricter, so an adopted resource could not be applied. Always on (AS_AWS["brownfield"];
tests/seeded/test_brownfield_as_aws.py proves each answer and that stock moto still
differs):

* GuardDuty CreateDetector with a detector in the account and region: HTTP 400
  BadRequestException "The request is rejected because a detector already exists for the
  current account." (terraform-provider-aws #11780, nozaq/terraform-aws-secure-baseline #35;
  the body's type InvalidInputException: ministryofjustice/modernisation-platform #854).
  moto creates a second detector.
* Security Hub EnableSecurityHub with the hub enabled: HTTP 409 ResourceConflictException
  "Account is already subscribed to Security Hub" (nozaq/terraform-aws-secure-baseline #110,
  #135). moto answers {}.
* CloudTrail CreateTrail with the name of a trail of the account in the region:
  TrailAlreadyExistsException "Trail <name> already exists for customer: <account>"
  (trussworks/terraform-aws-logs #269, nozaq/terraform-aws-secure-baseline #306). moto
  replaces the trail (its multi-region flag and its logging status are lost).
* CloudTrail DescribeTrails honours trailNameList: ARNs name any trail the call returns,
  names only the caller's trails homed in the region (the API reference's TrailNameList).
  moto returns every trail. DeleteTrail by ARN (the aws provider's trail id) deletes the
  trail, and an unknown trail is TrailNotFoundException as on AWS; moto deletes by name
  only and answers 200 for anything else. GetTrailStatus, GetEventSelectors, GetTrail,
  UpdateTrail and PutEventSelectors by ARN already work in stock moto (not patched).
* An organization trail seen from a member (a delegated administrator included): its
  DescribeTrails and ListTrails with shadow trails list the management account's
  organization trails (TrailARN in the management account, its HomeRegion), and
  GetTrailStatus by that ARN answers (the API reference's IncludeShadowTrails;
  aws-samples/service-screener-v2 #201, turbot/steampipe-plugin-aws #1068: a member's
  GetTrailStatus answers). Member accounts "can see the organization trail, but can't
  modify or delete it" (Organizations user guide, CloudTrail integration): UpdateTrail,
  DeleteTrail and PutEventSelectors addressed by another account's trail ARN answer
  CloudTrailARNInvalidException "AccountID in ARN is wrong, you can only access resources
  with AccountID <caller>." (the error AWS gives a member for another account's trail ARN:
  turbot/steampipe-plugin-aws #577, cloudquery/cq-provider-aws #405, prowler #2025). Not
  emulated: a CloudTrail delegated administrator managing the organization's trails (AWS
  lets it; here it is refused like any member), and GetEventSelectors from a member (stock
  moto's TrailNotFoundException kept; AWS refuses it too, joshlarsen/aws-recon #22, with a
  code not found). moto shows an organization trail to its management account only.
* AWS Config PutConfigurationRecorder with an empty exclusionByResourceTypes (the aws
  provider sends ``{}`` after an import, BROWNFIELD-NOTES section 3): dropped before moto
  validates the recording group, which refuses it (InvalidRecordingGroupException).
* GuardDuty membership, seeded with :func:`set_guardduty_administrator`: the member's
  GetAdministratorAccount (and the routed GetMasterAccount, which moto lacks) answer the
  administrator, RelationshipStatus Enabled; an account without one answers no
  administrator. moto answers from the caller's own organization admin list, in keys that
  do not match the API's (boto3 reads nothing). UpdateDetector from such a member changing
  FindingPublishingFrequency is refused: BadRequestException "The request is rejected
  because the finding publishing frequency of a member account is set by its administrator
  account <id>." AWS's exact error was not found; the behaviour is documented by the aws
  provider (aws_guardduty_detector: "Cannot be modified for GuardDuty member accounts",
  terraform-provider-aws #7804) and aws-samples/amazon-guardduty-multiaccount-scripts #37
  ("can only be set by the Master"). moto updates it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from harness.moto.as_aws import AS_AWS
from harness.moto.organization_features import _cloudtrail_response, _organization_of

# (member account id, region) -> the administrator as GetAdministratorAccount answers it
GUARDDUTY_ADMINISTRATORS: dict[tuple[str, str], dict[str, str]] = {}


def reset() -> None:
    """No GuardDuty administrator recorded."""
    GUARDDUTY_ADMINISTRATORS.clear()


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


def install() -> None:
    """The brownfield refusals and answers (idempotent)."""
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


