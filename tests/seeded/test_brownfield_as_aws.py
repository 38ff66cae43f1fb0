"""Adopting an existing account on moto, with the harness answering as AWS does.

moto 5.2.5 lets a second GuardDuty detector, a second EnableSecurityHub and a second trail of
one name through, ignores DescribeTrails' trailNameList, deletes trails by name only, hides
an organization trail from the members, refuses the recording group the aws provider sends
after an import, and knows no GuardDuty member's administrator. The harness
(harness/moto/brownfield.py, "Brownfield adoption as AWS answers it") answers each as AWS does; every
test below proves one answer, and its ``stock`` twin fails when moto starts behaving like
AWS by itself (then drop that part of the extension).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from botocore.exceptions import ClientError

from harness import moto as harness_moto
from tests.seeded.test_organization_as_aws import lenient

pytestmark = pytest.mark.xdist_group("brownfield-as-aws")

REGION, OTHER_REGION = "us-east-1", "eu-west-1"


def _refused(call: Any) -> tuple[int, str, str]:
    with pytest.raises(ClientError) as raised:
        call()
    error = raised.value.response
    return (error["ResponseMetadata"]["HTTPStatusCode"], error["Error"]["Code"],
            error["Error"]["Message"])


@pytest.fixture
def account(moto_sandbox: Any) -> Any:
    return moto_sandbox.new_account()


def _trails(account: Any, *, multi_region: bool = True) -> tuple[Any, str, str]:
    """Two trails homed in REGION: ``first`` (multi-region unless told) and ``second``;
    (the CloudTrail client, first's ARN, second's ARN)."""
    bucket = f"customer-trail-{account.account_id}"
    account.client("s3").create_bucket(Bucket=bucket)
    cloudtrail = account.client("cloudtrail", REGION)
    first = cloudtrail.create_trail(Name="first", S3BucketName=bucket,
                                    IsMultiRegionTrail=multi_region)["TrailARN"]
    second = cloudtrail.create_trail(Name="second", S3BucketName=bucket)["TrailARN"]
    return cloudtrail, first, second


def _names(cloudtrail: Any, **kwargs: Any) -> list[str]:
    return sorted(t["Name"] for t in cloudtrail.describe_trails(**kwargs)["trailList"])


# --- GuardDuty: one detector per account and region ----------------------------------------

def test_a_second_detector_is_refused_as_aws_refuses_it(account):
    guardduty = account.client("guardduty", REGION)
    detector = guardduty.create_detector(Enable=True)["DetectorId"]
    assert _refused(lambda: guardduty.create_detector(Enable=True)) == (
        400, "BadRequestException",
        "The request is rejected because a detector already exists for the current account.")
    assert guardduty.list_detectors()["DetectorIds"] == [detector]
    assert account.client("guardduty", OTHER_REGION).create_detector(Enable=True)["DetectorId"]


def test_stock_moto_still_creates_a_second_detector(account):
    guardduty = account.client("guardduty", REGION)
    with lenient("brownfield"):
        guardduty.create_detector(Enable=True)
        guardduty.create_detector(Enable=True)
    assert len(guardduty.list_detectors()["DetectorIds"]) == 2


# --- Security Hub: enabled once ---------------------------------------------------------------

def test_enabling_security_hub_twice_is_a_conflict(account):
    securityhub = account.client("securityhub", REGION)
    securityhub.enable_security_hub(EnableDefaultStandards=False)
    assert _refused(lambda: securityhub.enable_security_hub(EnableDefaultStandards=False)) == (
        409, "ResourceConflictException", "Account is already subscribed to Security Hub")
    securityhub.disable_security_hub()
    securityhub.enable_security_hub(EnableDefaultStandards=False)  # off, then on again: fine


def test_stock_moto_still_enables_security_hub_twice(account):
    securityhub = account.client("securityhub", REGION)
    with lenient("brownfield"):
        securityhub.enable_security_hub(EnableDefaultStandards=False)
        securityhub.enable_security_hub(EnableDefaultStandards=False)


# --- CloudTrail: names, trailNameList, DeleteTrail by ARN ---------------------------------------

def test_a_trail_name_taken_in_the_region_is_refused(account):
    cloudtrail, first, _ = _trails(account)
    status, code, message = _refused(lambda: cloudtrail.create_trail(
        Name="first", S3BucketName=f"customer-trail-{account.account_id}"))
    assert (status, code, message) == (
        400, "TrailAlreadyExistsException",
        f"Trail first already exists for customer: {account.account_id}")
    [kept] = cloudtrail.describe_trails(trailNameList=[first])["trailList"]
    assert kept["IsMultiRegionTrail"] is True


def test_stock_moto_still_replaces_a_trail_of_the_same_name(account):
    cloudtrail, first, _ = _trails(account)
    with lenient("brownfield"):
        cloudtrail.create_trail(Name="first", S3BucketName=f"customer-trail-{account.account_id}")
    [replaced] = [t for t in cloudtrail.describe_trails()["trailList"] if t["TrailARN"] == first]
    assert replaced["IsMultiRegionTrail"] is False  # the customer's multi-region flag is lost


def test_describe_trails_returns_only_the_trails_named(account):
    """Names: the caller's trails homed in the region; ARNs: any trail the call returns (a
    shadow trail in another region is named by its ARN only)."""
    cloudtrail, first, second = _trails(account)
    assert _names(cloudtrail, trailNameList=[first]) == ["first"]
    assert _names(cloudtrail, trailNameList=["second"]) == ["second"]
    assert _names(cloudtrail, trailNameList=[first, "second"]) == ["first", "second"]
    assert _names(cloudtrail, trailNameList=["no-such-trail"]) == []
    assert _names(cloudtrail, trailNameList=[]) == ["first", "second"]
    elsewhere = account.client("cloudtrail", OTHER_REGION)
    assert _names(elsewhere, trailNameList=["first"]) == []
    assert _names(elsewhere, trailNameList=[first, second]) == ["first"]  # second: single-region


def test_delete_trail_takes_the_arn_the_provider_sends(account):
    cloudtrail, first, _ = _trails(account)
    cloudtrail.delete_trail(Name=first)
    assert _names(cloudtrail) == ["second"]
    assert _refused(lambda: cloudtrail.delete_trail(Name=first))[1] == "TrailNotFoundException"
    cloudtrail.delete_trail(Name="second")
    assert _names(cloudtrail) == []


def test_stock_moto_already_reads_and_updates_a_trail_by_arn(account):
    """Verified unpatched: GetTrail, GetTrailStatus, GetEventSelectors, UpdateTrail and
    PutEventSelectors by ARN work in stock moto, so the harness leaves them alone."""
    cloudtrail, _, second = _trails(account)
    with lenient("brownfield"):
        cloudtrail.start_logging(Name=second)
        assert cloudtrail.get_trail_status(Name=second)["IsLogging"] is True
        assert cloudtrail.get_trail(Name=second)["Trail"]["Name"] == "second"
        cloudtrail.update_trail(Name=second, EnableLogFileValidation=True)
        cloudtrail.put_event_selectors(TrailName=second, EventSelectors=[
            {"ReadWriteType": "All", "IncludeManagementEvents": True}])
        assert cloudtrail.get_event_selectors(TrailName=second)["EventSelectors"][0][
            "ReadWriteType"] == "All"
    assert cloudtrail.get_trail(Name=second)["Trail"]["LogFileValidationEnabled"] is True


def test_stock_moto_still_ignores_trail_name_list_and_deletes_by_name_only(account):
    cloudtrail, first, _ = _trails(account)
    with lenient("brownfield"):
        assert _names(cloudtrail, trailNameList=[first]) == ["first", "second"]
        cloudtrail.delete_trail(Name=first)  # answers 200, deletes nothing
        assert _names(cloudtrail) == ["first", "second"]
        cloudtrail.delete_trail(Name="no-such-trail")  # AWS: TrailNotFoundException


# --- AWS Config: the recording group the provider sends after an import ----------------------

RECORDER = {"name": "default", "roleARN": "arn:aws:iam::111122223333:role/customer-config-role",
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True,
                               "exclusionByResourceTypes": {},
                               "recordingStrategy": {"useOnly": "ALL_SUPPORTED_RESOURCE_TYPES"}}}


def test_an_empty_exclusion_list_is_accepted_as_aws_accepts_it(account):
    """boto3 sends ``exclusionByResourceTypes: {}`` as the aws provider does (resourceTypes
    is optional in the model), so no raw request is needed."""
    config = account.client("config", REGION)
    config.put_configuration_recorder(ConfigurationRecorder=RECORDER)
    [recorder] = config.describe_configuration_recorders()["ConfigurationRecorders"]
    assert recorder["recordingGroup"]["allSupported"] is True
    assert recorder["recordingGroup"]["includeGlobalResourceTypes"] is True


def test_stock_moto_still_refuses_an_empty_exclusion_list(account):
    config = account.client("config", REGION)
    with lenient("brownfield"):
        assert _refused(lambda: config.put_configuration_recorder(
            ConfigurationRecorder=RECORDER))[1] == "InvalidRecordingGroupException"


# --- GuardDuty membership: the administrator answered, the frequency refused -----------------

def test_a_members_administrator_is_answered_and_its_frequency_refused(account):
    guardduty = account.client("guardduty", REGION)
    detector = guardduty.create_detector(Enable=True, FindingPublishingFrequency="SIX_HOURS")[
        "DetectorId"]
    assert "Administrator" not in guardduty.get_administrator_account(DetectorId=detector)
    harness_moto.set_guardduty_administrator(account.account_id, REGION, "222233334444")
    for answer, key in ((guardduty.get_administrator_account(DetectorId=detector), "Administrator"),
                        (guardduty.get_master_account(DetectorId=detector), "Master")):
        assert answer[key]["AccountId"] == "222233334444"
        assert answer[key]["RelationshipStatus"] == "Enabled"
        assert answer[key]["InvitedAt"].endswith("Z")
    assert _refused(lambda: guardduty.update_detector(
        DetectorId=detector, FindingPublishingFrequency="FIFTEEN_MINUTES")) == (
        400, "BadRequestException", "The request is rejected because the finding publishing "
        "frequency of a member account is set by its administrator account 222233334444.")
    guardduty.update_detector(DetectorId=detector, Enable=True,
                              FindingPublishingFrequency="SIX_HOURS")  # unchanged: accepted
    assert guardduty.get_detector(DetectorId=detector)["FindingPublishingFrequency"] == "SIX_HOURS"
    # another region of the same account has no administrator
    elsewhere = account.client("guardduty", OTHER_REGION)
    other = elsewhere.create_detector(Enable=True)["DetectorId"]
    assert "Administrator" not in elsewhere.get_administrator_account(DetectorId=other)
    assert _refused(lambda: elsewhere.get_master_account(DetectorId=detector))[1] == \
        "BadRequestException"


def test_stock_moto_still_knows_no_members_administrator(account):
    """Fails when moto answers a member's administrator or refuses the frequency by itself,
    or routes GetMasterAccount (then drop the harness's route)."""
    guardduty = account.client("guardduty", REGION)
    detector = guardduty.create_detector(Enable=True)["DetectorId"]
    harness_moto.set_guardduty_administrator(account.account_id, REGION, "222233334444")
    with lenient("brownfield"):
        assert "Administrator" not in guardduty.get_administrator_account(DetectorId=detector)
        guardduty.update_detector(DetectorId=detector, FindingPublishingFrequency="ONE_HOUR")
    assert guardduty.get_detector(DetectorId=detector)["FindingPublishingFrequency"] == "ONE_HOUR"
    assert harness_moto.MISSING_IN_STOCK_MOTO[
        "guardduty GET /detector/(?P<detectorId>[^/]+)/master"] is True


# --- An organization trail seen from a member -----------------------------------------------

@dataclass
class OrgTrail:
    management: Any
    member: Any
    arn: str


@pytest.fixture(scope="module")
def org_trail(moto_sandbox: Any) -> OrgTrail:
    """A management account with a multi-region organization trail homed in REGION, logging,
    and one member account reached through its OrganizationAccountAccessRole."""
    management = moto_sandbox.new_account()
    organizations = management.client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    member_id = organizations.create_account(AccountName="workload", Email="w@example.com")[
        "CreateAccountStatus"]["AccountId"]
    bucket = f"org-trail-{management.account_id}"
    management.client("s3").create_bucket(Bucket=bucket)
    cloudtrail = management.client("cloudtrail", REGION)
    arn = cloudtrail.create_trail(Name="org-trail", S3BucketName=bucket, IsMultiRegionTrail=True,
                                  IsOrganizationTrail=True)["TrailARN"]
    cloudtrail.start_logging(Name=arn)
    member = moto_sandbox.account(member_id, role_name="OrganizationAccountAccessRole")
    return OrgTrail(management, member, arn)


def test_a_member_sees_the_organization_trail_in_every_region(org_trail):
    for region in (REGION, OTHER_REGION):
        cloudtrail = org_trail.member.client("cloudtrail", region)
        [trail] = cloudtrail.describe_trails()["trailList"]
        assert (trail["TrailARN"], trail["Name"], trail["HomeRegion"]) == (
            org_trail.arn, "org-trail", REGION)
        assert trail["IsOrganizationTrail"] is True and trail["IsMultiRegionTrail"] is True
        assert [t["TrailARN"] for t in cloudtrail.list_trails()["Trails"]] == [org_trail.arn]
        assert cloudtrail.get_trail_status(Name=org_trail.arn)["IsLogging"] is True
        assert _names(cloudtrail, trailNameList=[org_trail.arn]) == ["org-trail"]
    member = org_trail.member.client("cloudtrail", REGION)
    assert member.describe_trails(includeShadowTrails=False)["trailList"] == []
    assert _names(member, trailNameList=["org-trail"]) == []  # a name: the member's own only


def test_a_member_cannot_change_or_delete_the_organization_trail(org_trail):
    member = org_trail.member.client("cloudtrail", REGION)
    message = ("AccountID in ARN is wrong, you can only access resources with AccountID "
               f"{org_trail.member.account_id}.")
    for call in (lambda: member.update_trail(Name=org_trail.arn, EnableLogFileValidation=True),
                 lambda: member.delete_trail(Name=org_trail.arn),
                 lambda: member.put_event_selectors(TrailName=org_trail.arn, EventSelectors=[
                     {"ReadWriteType": "ReadOnly", "IncludeManagementEvents": True}])):
        assert _refused(call) == (400, "CloudTrailARNInvalidException", message)
    for call in (lambda: member.update_trail(Name="org-trail", EnableLogFileValidation=True),
                 lambda: member.delete_trail(Name="org-trail")):
        assert _refused(call)[1] == "TrailNotFoundException"  # not the member's trail
    [trail] = org_trail.management.client("cloudtrail", REGION).describe_trails()["trailList"]
    assert trail["TrailARN"] == org_trail.arn and trail["LogFileValidationEnabled"] is False


def test_stock_moto_still_hides_the_organization_trail_from_members(org_trail):
    member = org_trail.member.client("cloudtrail", REGION)
    with lenient("brownfield"):
        assert member.describe_trails()["trailList"] == []
        assert _refused(lambda: member.get_trail_status(Name=org_trail.arn))[1] == \
            "TrailNotFoundException"


def test_an_imported_detector_is_tagged_in_place(account):
    # The aws provider tags an adopted detector with TagResource; stock moto has no tagging
    # endpoints, so the apply after an import failed with 404.
    guardduty = account.client("guardduty")
    detector = guardduty.create_detector(Enable=True)["DetectorId"]
    arn = f"arn:aws:guardduty:{account.region}:{account.account_id}:detector/{detector}"
    guardduty.tag_resource(ResourceArn=arn, Tags={"ManagedBy": "terraform", "Owner": "x"})
    guardduty.untag_resource(ResourceArn=arn, TagKeys=["Owner"])
    assert guardduty.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"ManagedBy": "terraform"}
    assert guardduty.get_detector(DetectorId=detector)["Tags"] == {"ManagedBy": "terraform"}
    assert all(harness_moto.MISSING_IN_STOCK_MOTO[f"guardduty {method} /tags/(?P<resourceArn>arn:.+)"]
               for method in ("POST", "DELETE", "GET"))
