"""harness/brownfield.py seeds a customer's pre-onboarding account as described
(../shared/BROWNFIELD-NOTES.md, sections 3 and 4): each singleton once per region with the
customer's values, read here with boto3 directly; ``customer_values`` reports the same; and
the "before" audit of onboarding FAILs the customer's weaker settings."""

from __future__ import annotations

import json

import pytest

from governance.checks import evaluate
from governance.model import Status
from harness import moto as harness_moto
from harness.brownfield import (
    ACCOUNT_ALIAS,
    CONFIG_ROLE_NAME,
    CUSTOMER_SSH_RULE,
    DEFAULT_STANDARDS,
    TRAIL_NAME,
    AlreadySeeded,
    config_bucket_name,
    customer_values,
    seed_customer_account,
    seed_member_of_guardduty_administrator,
    trail_bucket_name,
)

pytestmark = pytest.mark.xdist_group("brownfield-seed")

REGIONS = ["us-east-1", "eu-west-1"]


@pytest.fixture(scope="module")
def seeded(moto_sandbox):
    account = moto_sandbox.new_account()
    return account, seed_customer_account(account, REGIONS)


@pytest.fixture(scope="module")
def before_audit(seeded):
    account, _ = seeded
    return evaluate(account.collector(REGIONS).collect())


@pytest.mark.parametrize("region", REGIONS)
def test_one_recorder_named_default_recording_per_region(seeded, region):
    account, customer = seeded
    config = account.client("config", region)
    recorders = config.describe_configuration_recorders()["ConfigurationRecorders"]
    assert [r["name"] for r in recorders] == ["default"]
    assert recorders[0]["roleARN"] == customer.config_role_arn
    assert customer.config_role_arn.endswith(f":role/{CONFIG_ROLE_NAME}")
    group = recorders[0]["recordingGroup"]
    assert group["allSupported"] is True and group["includeGlobalResourceTypes"] is False
    status = config.describe_configuration_recorder_status()["ConfigurationRecordersStatus"]
    assert [(s["name"], s["recording"]) for s in status] == [("default", True)]
    channels = config.describe_delivery_channels()["DeliveryChannels"]
    assert [(c["name"], c["s3BucketName"],
             c["configSnapshotDeliveryProperties"]["deliveryFrequency"]) for c in channels] == [
        ("default", config_bucket_name(account.account_id), "TwentyFour_Hours")]


@pytest.mark.parametrize("region", REGIONS)
def test_one_detector_hub_and_ebs_off_per_region(seeded, region):
    account, customer = seeded
    guardduty = account.client("guardduty", region)
    assert guardduty.list_detectors()["DetectorIds"] == [customer.detector_ids[region]]
    detector = guardduty.get_detector(DetectorId=customer.detector_ids[region])
    assert detector["FindingPublishingFrequency"] == "SIX_HOURS"
    securityhub = account.client("securityhub", region)
    assert securityhub.describe_hub()["HubArn"] == (
        f"arn:aws:securityhub:{region}:{account.account_id}:hub/default")
    assert sorted(s["StandardsArn"] for s in securityhub.get_enabled_standards()[
        "StandardsSubscriptions"]) == sorted(
        f"arn:aws:securityhub:{region}::standards/{part}" for part in DEFAULT_STANDARDS)
    ec2 = account.client("ec2", region)
    assert ec2.get_ebs_encryption_by_default()["EbsEncryptionByDefault"] is False
    assert ec2.get_instance_metadata_defaults()["AccountLevel"] == {}  # no preference


@pytest.mark.parametrize("region", REGIONS)
def test_default_security_group_keeps_moto_rules_plus_the_customer_rule(seeded, region):
    account, customer = seeded
    recorded = customer.default_security_groups[region]
    group = account.client("ec2", region).describe_security_groups(
        GroupIds=[recorded.group_id])["SecurityGroups"][0]
    assert group["GroupName"] == "default" and group["VpcId"] == recorded.vpc_id
    ssh = [p for p in group["IpPermissions"] if p.get("FromPort") == 22]
    assert [(p["IpProtocol"], [r["CidrIp"] for r in p["IpRanges"]]) for p in ssh] == [
        ("tcp", [CUSTOMER_SSH_RULE["IpRanges"][0]["CidrIp"]])]
    assert recorded.ingress_rules == recorded.moto_ingress_rules + 1
    assert recorded.egress_rules == recorded.moto_egress_rules == 1  # all traffic out


def test_global_singletons(seeded):
    account, customer = seeded
    iam = account.client("iam")
    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert policy["MinimumPasswordLength"] == 8
    assert not any(policy.get(flag) for flag in (
        "RequireSymbols", "RequireNumbers", "RequireUppercaseCharacters",
        "RequireLowercaseCharacters", "ExpirePasswords", "PasswordReusePrevention"))
    block = account.client("s3control").get_public_access_block(
        AccountId=account.account_id)["PublicAccessBlockConfiguration"]
    assert block == {"BlockPublicAcls": True, "IgnorePublicAcls": False,
                     "BlockPublicPolicy": False, "RestrictPublicBuckets": False}
    assert iam.list_account_aliases()["AccountAliases"] == [ACCOUNT_ALIAS]
    cloudtrail = account.client("cloudtrail", REGIONS[0])
    trails = cloudtrail.describe_trails()["trailList"]
    assert [t["Name"] for t in trails] == [TRAIL_NAME]
    trail = trails[0]
    assert trail["TrailARN"] == customer.trail_arn
    assert trail["HomeRegion"] == REGIONS[0] and trail["IsMultiRegionTrail"] is True
    assert "KmsKeyId" not in trail and trail["LogFileValidationEnabled"] is False
    assert trail["S3BucketName"] == trail_bucket_name(account.account_id)
    assert cloudtrail.get_trail_status(Name=TRAIL_NAME)["IsLogging"] is True
    statements = json.loads(account.client("s3").get_bucket_policy(
        Bucket=customer.trail_bucket)["Policy"])["Statement"]
    assert {s["Sid"] for s in statements} == {"AWSCloudTrailAclCheck", "AWSCloudTrailWrite"}
    assert sorted(u["UserName"] for u in iam.list_users()["Users"]) == ["alice", "bob"]
    assert [u["UserName"] for u in iam.get_group(GroupName="admins")["Users"]] == ["alice"]
    assert iam.list_group_policies(GroupName="admins")["PolicyNames"] == [
        customer.group_policy_name]


def test_customer_values_reports_what_was_seeded(seeded):
    account, customer = seeded
    values = customer_values(account, REGIONS)
    assert json.loads(json.dumps(values)) == values  # plain JSON
    assert values == customer.before  # nothing changed since seeding
    for region in REGIONS:
        here = values["regions"][region]
        assert here["config"]["recorders"] == [{
            "name": "default", "roleARN": customer.config_role_arn, "recording": True,
            "recordingGroup": here["config"]["recorders"][0]["recordingGroup"]}]
        group = here["config"]["recorders"][0]["recordingGroup"]
        assert (group["allSupported"], group["includeGlobalResourceTypes"]) == (True, False)
        assert here["config"]["delivery_channels"] == [{
            "name": "default", "s3BucketName": customer.config_bucket,
            "deliveryFrequency": "TwentyFour_Hours"}]
        assert here["guardduty"]["detectors"] == [{
            "id": customer.detector_ids[region], "status": "ENABLED",
            "findingPublishingFrequency": "SIX_HOURS", "administrator": None}]
        assert here["securityhub"]["enabled"] is True
        assert len(here["securityhub"]["standards"]) == len(DEFAULT_STANDARDS)
        assert here["ebs_encryption_by_default"] is False
        assert here["imds_defaults"] == {}
        sg = customer.default_security_groups[region]
        assert here["default_security_group"] == {
            "group_id": sg.group_id, "ingress_rules": sg.ingress_rules,
            "egress_rules": sg.egress_rules}
    common = values["global"]
    assert common["password_policy"]["MinimumPasswordLength"] == 8
    assert sum(common["public_access_block"].values()) == 1
    assert common["account_aliases"] == ["customer-legacy"]
    assert common["trails"] == [{
        "name": TRAIL_NAME, "arn": customer.trail_arn, "home_region": REGIONS[0],
        "s3_bucket": customer.trail_bucket, "kms_key_id": None, "log_file_validation": False,
        "multi_region": True, "logging": True}]
    assert common["users"] == ["alice", "bob"]
    assert common["groups"] == {"admins": {"members": ["alice"],
                                           "inline_policies": [customer.group_policy_name],
                                           "attached_policies": []}}


def test_a_second_seeding_is_refused_and_writes_nothing(seeded):
    account, customer = seeded
    with pytest.raises(AlreadySeeded, match="GuardDuty detector in eu-west-1"):
        seed_customer_account(account, REGIONS)
    assert customer_values(account, REGIONS) == customer.before


@pytest.mark.parametrize(("control_id", "regions", "status"), [
    ("iam-password-policy-min-length", ["global"], Status.FAIL),
    ("s3-account-public-access-block", ["global"], Status.FAIL),
    ("ebs-default-encryption", REGIONS, Status.FAIL),
    # one finding per trail, in its home region
    ("cloudtrail-kms-encryption", [REGIONS[0]], Status.FAIL),
    ("cloudtrail-log-file-validation", [REGIONS[0]], Status.FAIL),
    ("config-recorder-all-regions", REGIONS, Status.FAIL),  # no global resource types
    ("default-security-group-restricts-all", REGIONS, Status.FAIL),
    # the customer's own detector and hub are what the audit asks for
    ("guardduty-enabled", REGIONS, Status.PASS),
    ("securityhub-enabled", REGIONS, Status.PASS),
])
def test_the_before_audit_judges_the_customer_settings(before_audit, control_id, regions,
                                                        status):
    findings = [f for f in before_audit if f.control_id == control_id]
    assert sorted(f.region for f in findings) == sorted(regions)
    assert {f.status for f in findings} == {status}, [f.reason for f in findings]
    if control_id.startswith("cloudtrail-"):
        assert TRAIL_NAME in findings[0].reason


def test_member_of_a_guardduty_administrator(moto_sandbox):
    member = moto_sandbox.new_account()
    administrator_id = moto_sandbox.new_account_id()
    seeded = seed_member_of_guardduty_administrator(member, REGIONS, administrator_id)
    again = seed_member_of_guardduty_administrator(member, REGIONS, administrator_id)
    assert again.detector_ids == seeded.detector_ids  # the existing detectors are kept
    has_helper = hasattr(harness_moto, "set_guardduty_administrator")
    assert seeded.administrator_set is has_helper
    for region in REGIONS:
        detectors = customer_values(member, [region])["regions"][region]["guardduty"][
            "detectors"]
        assert [d["id"] for d in detectors] == [seeded.detector_ids[region]]
        if has_helper:
            assert detectors[0]["administrator"] == administrator_id
