"""A moto account seeded the way a customer's existing account looks before onboarding.

``seed_customer_account(account, regions)`` writes, with boto3 through the account's own
clients, the singletons the baseline would otherwise create or overwrite
(../shared/BROWNFIELD-NOTES.md, sections 3 and 4), each with the customer's weaker value:

- in every region: Config recorder ``default`` (all supported types, no global types,
  role ``customer-config-role``) and delivery channel ``default`` (bucket
  ``customer-config-<account>``, TwentyFour_Hours), recording; a GuardDuty detector at
  SIX_HOURS; Security Hub enabled with its default standards; EBS encryption by default
  explicitly off; IMDS defaults left at no preference; the default VPC's default security
  group with moto's rules plus one customer rule (tcp 22 from 10.0.0.0/8);
- once: the password policy (length 8, nothing else required), the account's S3 Block
  Public Access with BlockPublicAcls only (1 of 4), the alias ``customer-legacy``, the trail
  ``customer-trail`` (home region ``regions[0]``, multi-region, logging, no KMS, no log file
  validation) to bucket ``customer-trail-<account>``, users alice and bob, group admins
  (alice in it, an inline full-access policy).

It returns a :class:`CustomerAccount` (what was seeded, the ids moto gave, and ``before``:
the :func:`customer_values` read right after seeding). ``customer_values(account,
regions)`` (harness/brownfield_values.py, re-exported here) reads the same settings back at
any time as plain JSON, so a test compares the account before and after adoption
(``customer.before`` against a later read).

Call it once per account, on an account that holds none of these singletons yet: it first
reads what exists and raises :class:`AlreadySeeded` (writing nothing) if any customer
singleton is there, e.g. on a second call. The Security Hub standards are answered by a
harness route from a dict in this process (``harness.moto.set_enabled_standards``), so
the account must live in an in-process :class:`harness.moto_sandbox.MotoSandbox`.

``seed_member_of_guardduty_administrator(member, regions, administrator_account_id)`` gives
an organization member a detector per region governed by an administrator account.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError

from harness import moto as harness_moto
from harness.brownfield_values import (
    _default_group,
    _error_code,
    _hub,
    _rule_count,
    customer_values,
)
from harness.moto_sandbox import SandboxAccount

RECORDER_NAME = "default"
DELIVERY_CHANNEL_NAME = "default"
CONFIG_ROLE_NAME = "customer-config-role"
CONFIG_ROLE_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole"
RECORDING_GROUP = {"allSupported": True, "includeGlobalResourceTypes": False}
DELIVERY_FREQUENCY = "TwentyFour_Hours"
FINDING_PUBLISHING_FREQUENCY = "SIX_HOURS"
# What EnableSecurityHub(EnableDefaultStandards=True) subscribes on AWS. moto stores no
# standards, so they are recorded with harness.moto.set_enabled_standards, whose format
# is the part after ``standards/`` of the ARN; the harness answers
# ``arn:aws:securityhub:<region>::standards/<part>`` for each. On AWS CIS 1.2's standards ARN
# is ``arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0`` (a ``ruleset``,
# no region), unlike its subscription ARN; the helper cannot render that form.
DEFAULT_STANDARDS = ("aws-foundational-security-best-practices/v/1.0.0",
                     "cis-aws-foundations-benchmark/v/1.2.0")
PASSWORD_POLICY = {"MinimumPasswordLength": 8}
PUBLIC_ACCESS_BLOCK = {"BlockPublicAcls": True, "IgnorePublicAcls": False,
                       "BlockPublicPolicy": False, "RestrictPublicBuckets": False}
ACCOUNT_ALIAS = "customer-legacy"
TRAIL_NAME = "customer-trail"
USERS = ("alice", "bob")
GROUP = "admins"
GROUP_MEMBERS = ("alice",)
GROUP_POLICY_NAME = "admins-full-access"
GROUP_POLICY = {"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
# The customer's own rule on each default security group: what adopting the group
# (aws_default_security_group removes every rule) would strip.
CUSTOMER_SSH_RULE = {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                     "IpRanges": [{"CidrIp": "10.0.0.0/8",
                                   "Description": "customer ssh from the corporate network"}]}


def config_bucket_name(account_id: str) -> str:
    return f"customer-config-{account_id}"


def trail_bucket_name(account_id: str) -> str:
    return f"customer-trail-{account_id}"


class AlreadySeeded(RuntimeError):
    """The account already holds customer singletons: seeding again would duplicate them."""


@dataclass(frozen=True)
class DefaultSecurityGroup:
    """The default VPC's default security group of one region. Rules are counted one per
    source (CIDR, IPv6 CIDR, group, prefix list) of each permission, as
    DescribeSecurityGroupRules lists them. moto's default group has no inbound rule and one
    outbound rule (all traffic to 0.0.0.0/0); AWS's also allows inbound from itself."""

    group_id: str
    vpc_id: str
    moto_ingress_rules: int   # moto's own rules, before the customer's rule was added
    moto_egress_rules: int
    ingress_rules: int        # after seeding: moto's + CUSTOMER_SSH_RULE
    egress_rules: int


@dataclass(frozen=True)
class SeededRegion:
    region: str
    detector_id: str
    default_security_group: DefaultSecurityGroup


@dataclass(frozen=True)
class CustomerAccount:
    """What :func:`seed_customer_account` wrote: names, ids per region and the customer's
    values before adoption (``before``, as :func:`customer_values` reads them)."""

    account_id: str
    regions: tuple[str, ...]
    home_region: str                       # the trail's and both buckets' region
    config_role_arn: str
    config_bucket: str
    trail_bucket: str
    trail_arn: str
    per_region: dict[str, SeededRegion]
    before: dict[str, Any] = field(repr=False)
    recorder_name: str = RECORDER_NAME
    delivery_channel_name: str = DELIVERY_CHANNEL_NAME
    delivery_frequency: str = DELIVERY_FREQUENCY
    finding_publishing_frequency: str = FINDING_PUBLISHING_FREQUENCY
    securityhub_standards: tuple[str, ...] = DEFAULT_STANDARDS
    ebs_encryption_by_default: bool = False
    account_alias: str = ACCOUNT_ALIAS
    trail_name: str = TRAIL_NAME
    users: tuple[str, ...] = USERS
    group: str = GROUP
    group_members: tuple[str, ...] = GROUP_MEMBERS
    group_policy_name: str = GROUP_POLICY_NAME

    @property
    def detector_ids(self) -> dict[str, str]:
        return {region: seeded.detector_id for region, seeded in self.per_region.items()}

    @property
    def default_security_groups(self) -> dict[str, DefaultSecurityGroup]:
        return {region: seeded.default_security_group
                for region, seeded in self.per_region.items()}

    @property
    def password_policy(self) -> dict[str, Any]:
        return dict(PASSWORD_POLICY)

    @property
    def public_access_block(self) -> dict[str, bool]:
        return dict(PUBLIC_ACCESS_BLOCK)


@dataclass(frozen=True)
class GuardDutyMember:
    """What :func:`seed_member_of_guardduty_administrator` wrote. ``administrator_set`` is
    False when this harness cannot record the administrator (see that function)."""

    account_id: str
    administrator_account_id: str
    detector_ids: dict[str, str]
    administrator_set: bool


# --- Seeding -------------------------------------------------------------------------------


def _create_bucket(s3: Any, bucket: str, region: str, policy: dict[str, Any]) -> None:
    # Outside us-east-1 S3 wants the region as LocationConstraint (us-east-1 refuses it).
    s3.create_bucket(Bucket=bucket, **({} if region == "us-east-1" else {
        "CreateBucketConfiguration": {"LocationConstraint": region}}))
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))


def _config_bucket_policy(bucket: str, account_id: str) -> dict[str, Any]:
    """The policy AWS Config's documentation gives for delivery to an S3 bucket."""
    service = {"Service": "config.amazonaws.com"}
    source = {"StringEquals": {"AWS:SourceAccount": account_id}}
    return {"Version": "2012-10-17", "Statement": [
        {"Sid": "AWSConfigBucketPermissionsCheck", "Effect": "Allow", "Principal": service,
         "Action": "s3:GetBucketAcl", "Resource": f"arn:aws:s3:::{bucket}", "Condition": source},
        {"Sid": "AWSConfigBucketExistenceCheck", "Effect": "Allow", "Principal": service,
         "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{bucket}", "Condition": source},
        {"Sid": "AWSConfigBucketDelivery", "Effect": "Allow", "Principal": service,
         "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{bucket}/AWSLogs/{account_id}/Config/*",
         "Condition": {"StringEquals": {"AWS:SourceAccount": account_id,
                                        "s3:x-amz-acl": "bucket-owner-full-control"}}}]}


def _trail_bucket_policy(bucket: str, account_id: str, trail_arn: str) -> dict[str, Any]:
    """The policy CloudTrail needs on its bucket (CloudTrail user guide, "Amazon S3 bucket
    policy for CloudTrail"); moto does not check it."""
    service = {"Service": "cloudtrail.amazonaws.com"}
    return {"Version": "2012-10-17", "Statement": [
        {"Sid": "AWSCloudTrailAclCheck", "Effect": "Allow", "Principal": service,
         "Action": "s3:GetBucketAcl", "Resource": f"arn:aws:s3:::{bucket}",
         "Condition": {"StringEquals": {"aws:SourceArn": trail_arn}}},
        {"Sid": "AWSCloudTrailWrite", "Effect": "Allow", "Principal": service,
         "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{bucket}/AWSLogs/{account_id}/*",
         "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control",
                                        "aws:SourceArn": trail_arn}}}]}


def _config_role(account: Any) -> str:
    iam = account.client("iam")
    arn = iam.create_role(RoleName=CONFIG_ROLE_NAME, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "sts:AssumeRole",
            "Principal": {"Service": "config.amazonaws.com"}}]}))["Role"]["Arn"]
    try:
        iam.attach_role_policy(RoleName=CONFIG_ROLE_NAME, PolicyArn=CONFIG_ROLE_POLICY_ARN)
    except ClientError as error:
        # AWS managed policies exist on moto only with MOTO_IAM_LOAD_MANAGED_POLICIES=true
        # (MotoSandbox's default): without them, an inline policy stands in.
        if _error_code(error) != "NoSuchEntity":
            raise
        iam.put_role_policy(RoleName=CONFIG_ROLE_NAME, PolicyName="customer-config-delivery",
                            PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{
                                "Effect": "Allow", "Action": ["s3:PutObject", "s3:GetBucketAcl"],
                                "Resource": "*"}]}))
    return arn


def _seed_default_group(account: Any, region: str) -> DefaultSecurityGroup:
    ec2 = account.client("ec2", region)
    group = _default_group(ec2, region)
    ec2.authorize_security_group_ingress(GroupId=group["GroupId"],
                                         IpPermissions=[CUSTOMER_SSH_RULE])
    after = _default_group(ec2, region)
    return DefaultSecurityGroup(
        group_id=group["GroupId"], vpc_id=group["VpcId"],
        moto_ingress_rules=_rule_count(group["IpPermissions"]),
        moto_egress_rules=_rule_count(group["IpPermissionsEgress"]),
        ingress_rules=_rule_count(after["IpPermissions"]),
        egress_rules=_rule_count(after["IpPermissionsEgress"]))


def _seed_region(account: Any, region: str, role_arn: str, bucket: str) -> SeededRegion:
    config = account.client("config", region)
    config.put_configuration_recorder(ConfigurationRecorder={
        "name": RECORDER_NAME, "roleARN": role_arn, "recordingGroup": dict(RECORDING_GROUP)})
    config.put_delivery_channel(DeliveryChannel={
        "name": DELIVERY_CHANNEL_NAME, "s3BucketName": bucket,
        "configSnapshotDeliveryProperties": {"deliveryFrequency": DELIVERY_FREQUENCY}})
    config.start_configuration_recorder(ConfigurationRecorderName=RECORDER_NAME)
    # A customer's recorder has delivered long ago (moto's lastStatus stays PENDING).
    harness_moto.deliver_config_snapshot(account.account_id, region, RECORDER_NAME)
    detector_id = account.client("guardduty", region).create_detector(
        Enable=True, FindingPublishingFrequency=FINDING_PUBLISHING_FREQUENCY)["DetectorId"]
    account.client("securityhub", region).enable_security_hub(EnableDefaultStandards=True)
    harness_moto.set_enabled_standards(account.account_id, region, list(DEFAULT_STANDARDS))
    account.client("ec2", region).disable_ebs_encryption_by_default()
    # IMDS defaults: nothing written (no preference), as in an account nobody changed.
    return SeededRegion(region=region, detector_id=detector_id,
                        default_security_group=_seed_default_group(account, region))


def _seed_identity(account: Any) -> None:
    iam = account.client("iam")
    # Only the length: every Require*/expiry setting stays off (UpdateAccountPasswordPolicy
    # resets what the call leaves out to its default).
    iam.update_account_password_policy(**PASSWORD_POLICY)
    iam.create_account_alias(AccountAlias=ACCOUNT_ALIAS)
    for user in USERS:
        iam.create_user(UserName=user)
    iam.create_group(GroupName=GROUP)
    for user in GROUP_MEMBERS:
        iam.add_user_to_group(GroupName=GROUP, UserName=user)
    iam.put_group_policy(GroupName=GROUP, PolicyName=GROUP_POLICY_NAME,
                         PolicyDocument=json.dumps(GROUP_POLICY))
    account.client("s3control").put_public_access_block(
        AccountId=account.account_id, PublicAccessBlockConfiguration=dict(PUBLIC_ACCESS_BLOCK))


def _seed_trail(account: Any, region: str) -> tuple[str, str]:
    bucket = trail_bucket_name(account.account_id)
    trail_arn = f"arn:aws:cloudtrail:{region}:{account.account_id}:trail/{TRAIL_NAME}"
    _create_bucket(account.client("s3", region), bucket, region,
                   _trail_bucket_policy(bucket, account.account_id, trail_arn))
    cloudtrail = account.client("cloudtrail", region)
    created = cloudtrail.create_trail(Name=TRAIL_NAME, S3BucketName=bucket,
                                      IsMultiRegionTrail=True, IncludeGlobalServiceEvents=True,
                                      EnableLogFileValidation=False)["TrailARN"]
    cloudtrail.start_logging(Name=TRAIL_NAME)
    return bucket, created


def existing_customer_singletons(account: SandboxAccount, regions: list[str]) -> list[str]:
    """What of the customer's seeding is already in the account (empty: seeding may run)."""
    found = []
    iam = account.client("iam")
    try:
        iam.get_role(RoleName=CONFIG_ROLE_NAME)
        found.append(f"IAM role {CONFIG_ROLE_NAME}")
    except ClientError as error:
        if _error_code(error) != "NoSuchEntity":
            raise
    if iam.list_account_aliases()["AccountAliases"]:
        found.append("an account alias")
    trails = account.client("cloudtrail", regions[0]).describe_trails()["trailList"]
    found += [f"trail {trail['Name']}" for trail in trails if trail["Name"] == TRAIL_NAME]
    for region in regions:
        config = account.client("config", region)
        if config.describe_configuration_recorders()["ConfigurationRecorders"]:
            found.append(f"a Config recorder in {region}")
        if config.describe_delivery_channels()["DeliveryChannels"]:
            found.append(f"a Config delivery channel in {region}")
        if account.client("guardduty", region).list_detectors()["DetectorIds"]:
            found.append(f"a GuardDuty detector in {region}")
        if _hub(account, region) is not None:
            found.append(f"Security Hub enabled in {region}")
    return found


def seed_customer_account(account: SandboxAccount, regions: list[str]) -> CustomerAccount:
    """Seed ``account`` (a :class:`harness.moto_sandbox.SandboxAccount`) as a customer's
    pre-onboarding account in ``regions`` (the first is the home region); see the module
    docstring. Raises :class:`AlreadySeeded`, writing nothing, if any customer singleton
    already exists (a second call on the same account)."""
    if not regions:
        raise ValueError("seed_customer_account needs at least one region")
    regions = list(dict.fromkeys(regions))
    existing = existing_customer_singletons(account, regions)
    if existing:
        raise AlreadySeeded(
            f"account {account.account_id} already holds {', '.join(existing)}: "
            "seed_customer_account seeds a fresh account once (a second seeding would "
            "duplicate the detectors and overwrite the customer's values)")
    home = regions[0]
    role_arn = _config_role(account)
    config_bucket = config_bucket_name(account.account_id)
    _create_bucket(account.client("s3", home), config_bucket, home,
                   _config_bucket_policy(config_bucket, account.account_id))
    per_region = {region: _seed_region(account, region, role_arn, config_bucket)
                  for region in regions}
    _seed_identity(account)
    trail_bucket, trail_arn = _seed_trail(account, home)
    return CustomerAccount(
        account_id=account.account_id, regions=tuple(regions), home_region=home,
        config_role_arn=role_arn, config_bucket=config_bucket, trail_bucket=trail_bucket,
        trail_arn=trail_arn, per_region=per_region, before=customer_values(account, regions))


def seed_member_of_guardduty_administrator(member_account: SandboxAccount, regions: list[str],
                                           administrator_account_id: str) -> GuardDutyMember:
    """An organization member's GuardDuty: a detector in each region (an existing one is
    kept: the organization's auto-enable may have made it) whose administrator is
    ``administrator_account_id``.

    moto has no member/administrator relation a member can read back; the administrator is
    recorded by ``harness.moto.set_guardduty_administrator(member_account_id, region,
    administrator_account_id)``. A harness without that helper gets the detectors only and
    ``administrator_set=False``."""
    detector_ids = {}
    for region in dict.fromkeys(regions):
        guardduty = member_account.client("guardduty", region)
        existing = guardduty.list_detectors()["DetectorIds"]
        detector_ids[region] = existing[0] if existing else guardduty.create_detector(
            Enable=True)["DetectorId"]
    set_administrator = getattr(harness_moto, "set_guardduty_administrator", None)
    if set_administrator is not None:
        for region in detector_ids:
            set_administrator(member_account.account_id, region, administrator_account_id)
    return GuardDutyMember(account_id=member_account.account_id,
                           administrator_account_id=administrator_account_id,
                           detector_ids=detector_ids,
                           administrator_set=set_administrator is not None)
