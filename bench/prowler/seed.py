"""The four moto accounts of the Prowler comparison, seeded with boto3: bare (moto's
defaults only); compliant; broken (in ways a shallow check misses); broken-alerts (compliant
with a sound trail, only the CIS monitoring chains broken). ACCOUNTS maps each name to its
seeding function, BREAKS to what it breaks on purpose (shown in the report).

The seeding functions the seeded tier uses (harness.seeds) are reused where they fit, not
rewritten: every import of a seeding helper is in the one block below.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.prowler.scope import REGIONS
from harness.moto import set_access_analyzers, set_root_state
from harness.moto_sandbox import SandboxAccount
from harness.seeds.iam import MFA_DENY, STRONG
from harness.seeds.identity import (
    ADMIN,
    CIS,
    FSBP,
    SAML_METADATA,
    account_public_access_block,
    contacts,
    own_root,
    role,
    security_hub,
)
from harness.seeds.logging_stack import (
    GROUP,
    TRAIL,
    bucket_names,
    seed_config,
    seed_stack,
    without_event,
)
from harness.seeds.storage_network import (
    AMI,
    db,
    default_group,
    default_vpc,
    seed_network,
    tls_policy,
)
from harness.seeds.storage_network import bucket as data_bucket

SUPPORT = "arn:aws:iam::aws:policy/AWSSupportAccess"


def _in(account: SandboxAccount, region: str) -> SandboxAccount:
    """The same account, its clients in another region."""
    return replace(account, region=region)


def _console_user_with_mfa(account: SandboxAccount, name: str, group: str) -> None:
    iam = account.client("iam")
    iam.create_user(UserName=name)
    iam.create_login_profile(UserName=name, Password="Correct-Horse-Battery-9")
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"][
        "SerialNumber"]
    iam.enable_mfa_device(UserName=name, SerialNumber=serial, AuthenticationCode1="123456",
                          AuthenticationCode2="654321")
    iam.add_user_to_group(GroupName=group, UserName=name)


def _identity_baseline(account: SandboxAccount, *, reuse: int, mfa_policy: bool) -> None:
    """Root, contacts, password policy, a console user with MFA in a group, support role,
    SAML federation, account public access block."""
    iam = account.client("iam")
    # Root signed in 200 days ago: a real root row has a date (or no_information) there.
    last_used = (datetime.now(UTC) - timedelta(days=200)).isoformat(timespec="seconds")
    set_root_state(account.account_id, mfa="hardware", password_last_used=last_used)
    contacts(account, "SECURITY", "BILLING", "OPERATIONS")
    iam.update_account_password_policy(**{**STRONG, "PasswordReusePrevention": reuse})
    iam.create_group(GroupName="Developers")
    if mfa_policy:
        arn = iam.create_policy(PolicyName="enforce-mfa",
                                PolicyDocument=json.dumps(MFA_DENY))["Policy"]["Arn"]
        iam.attach_group_policy(GroupName="Developers", PolicyArn=arn)
    _console_user_with_mfa(account, "alice", "Developers")
    role(account, "aws-support", own_root(account, mfa=True), policies=(SUPPORT,))
    iam.create_saml_provider(Name="corp-idp", SAMLMetadataDocument=SAML_METADATA.read_text())
    account_public_access_block(account, restrict=True)


def _regional_baseline(account: SandboxAccount, region: str) -> None:
    """EBS default encryption, GuardDuty, IAM Access Analyzer, Security Hub with CIS."""
    here = _in(account, region)
    here.client("ec2").enable_ebs_encryption_by_default()
    here.client("guardduty").create_detector(Enable=True)
    set_access_analyzers(account.account_id, region, [
        {"name": "account-analyzer", "type": "ACCOUNT", "status": "ACTIVE"}])
    security_hub(here, CIS, FSBP)


def _flow_logs(account: SandboxAccount, region: str) -> None:
    ec2 = _in(account, region).client("ec2")
    for vpc in ec2.describe_vpcs()["Vpcs"]:
        ec2.create_flow_logs(ResourceIds=[vpc["VpcId"]], ResourceType="VPC", TrafficType="REJECT",
                             LogDestinationType="s3",
                             LogDestination=f"arn:aws:s3:::{bucket_names(account)[1]}")


def seed_bare(account: SandboxAccount) -> None:
    """Nothing set: moto's defaults only (default VPCs, no trail, no policy)."""


def _tls_only(account: SandboxAccount, bucket: str) -> None:
    """Add the CIS 2.1.1 statement (Deny s3:* on aws:SecureTransport false) to a bucket."""
    s3 = account.client("s3")
    policy = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    policy["Statement"] += json.loads(tls_policy(bucket))["Statement"]
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))


def _mfa_delete(account: SandboxAccount, bucket: str) -> None:
    account.client("s3").put_bucket_versioning(
        Bucket=bucket, MFA=f"arn:aws:iam::{account.account_id}:mfa/root 123456",
        VersioningConfiguration={"Status": "Enabled", "MFADelete": "Enabled"})


def _sound_data(account: SandboxAccount) -> None:
    """Sections 2 and 5, compliant: a data bucket denying HTTP, every bucket versioned with
    MFA Delete asked for (moto never reports it back), an encrypted private RDS instance
    with minor upgrades and an encrypted EFS in each region; in each region's default VPC
    the default security group emptied, the default NACL letting in 443 and ports around
    the admin ones only, a web group (443 anywhere, 22 from 10/8) and an IMDSv2 instance."""
    s3, data = account.client("s3"), data_bucket(account)
    s3.create_bucket(Bucket=data)
    s3.put_bucket_policy(Bucket=data, Policy=tls_policy(data))
    _tls_only(account, bucket_names(account)[1])  # the access-log bucket (seed_stack: none)
    for bucket in (data, *bucket_names(account)):
        _mfa_delete(account, bucket)
    for region in REGIONS:
        here = _in(account, region)
        db(here)
        here.client("efs").create_file_system(CreationToken="shared", Encrypted=True)
        seed_network(here)


def seed_compliant(account: SandboxAccount) -> None:
    _identity_baseline(account, reuse=24, mfa_policy=True)
    # trail, bucket, KMS, CloudWatch Logs, CIS 4.x filters + alarms, Config recording with
    # its first delivery (seed_config calls deliver_config_snapshot: lastStatus SUCCESS)
    seed_stack(account)
    other = _in(account, REGIONS[1])
    seed_config(other, bucket_names(account)[0], set())  # delivered in eu-west-1 too
    _flow_logs(account, REGIONS[1])
    for region in REGIONS:
        _regional_baseline(account, region)
    _sound_data(account)


# What the broken account breaks, each in a way a shallow check misses (for the report).
BROKEN = [
    "password policy: length 14 but PasswordReusePrevention 5 (1.9)",
    "console user alice has MFA, in group Developers without any MFA policy (house rule "
    "only; 1.10 should PASS)",
    "role ops-admin has the AWS managed AdministratorAccess policy attached (1.16)",
    "the only trail is multi-region, logging, validated, KMS-encrypted and delivers to "
    "CloudWatch Logs, but its event selector excludes management events (3.1, 4.x)",
    "the CloudTrail bucket's TLS deny covers s3:GetObject only; the access-log bucket has "
    "no TLS deny at all; a data bucket denies HTTP with BoolIfExists instead of Bool (2.1.1)",
    "metric filter of 4.4 misses DeleteGroupPolicy",
    "alarm of 4.3 notifies an SNS topic without any subscription",
    "Config recorder in eu-west-1 exists with a delivery channel but is stopped (3.3)",
    "a customer-managed KMS key in eu-west-1 with rotation off (3.6)",
    "RDS instance orders in us-east-1 unencrypted (2.3.1); RDS instance orders in eu-west-1 "
    "publicly accessible, minor version upgrades off (2.3.2, 2.3.3); an unencrypted EFS in "
    "eu-west-1 (2.4.1)",
    "us-east-1: a NACL (not associated) allowing tcp 3389 from 0.0.0.0/0 (5.1); security "
    "group ssh-open allowing tcp 22 from 0.0.0.0/0 and ::/0 (5.2, 5.3); an instance with "
    "HttpTokens optional (5.6)",
    "eu-west-1: the default security group with an inbound rule from itself added back "
    "(5.4); default NACLs otherwise tightened as in the compliant account",
]


def _broken_data(account: SandboxAccount) -> None:
    s3, data = account.client("s3"), data_bucket(account)
    s3.create_bucket(Bucket=data)
    policy = json.loads(tls_policy(data))
    policy["Statement"][0]["Condition"] = {"BoolIfExists": {"aws:SecureTransport": "false"}}
    s3.put_bucket_policy(Bucket=data, Policy=json.dumps(policy))
    east, west = (_in(account, region) for region in REGIONS)
    db(east, StorageEncrypted=False)
    db(west, PubliclyAccessible=True, AutoMinorVersionUpgrade=False)
    east.client("efs").create_file_system(CreationToken="shared", Encrypted=True)
    west.client("efs").create_file_system(CreationToken="plain")
    for here in (east, west):
        seed_network(here)
    ec2 = east.client("ec2")
    vpc = default_vpc(ec2)
    acl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=100, Protocol="6",
                                 RuleAction="allow", Egress=False, CidrBlock="0.0.0.0/0",
                                 PortRange={"From": 3389, "To": 3389})
    group = ec2.create_security_group(GroupName="ssh-open", Description="ssh",
                                      VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
        "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}])
    ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1,
                      MetadataOptions={"HttpTokens": "optional"})
    ec2 = west.client("ec2")
    default = default_group(ec2, default_vpc(ec2))["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=default, IpPermissions=[{
        "IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": default}]}])


def seed_broken(account: SandboxAccount) -> None:
    from governance.catalog.samples import metric_filter_items

    _identity_baseline(account, reuse=5, mfa_policy=False)
    role(account, "ops-admin", own_root(account, mfa=True), policies=(ADMIN,))
    policy_changes = next(i for i in metric_filter_items().values() if i["id"] == "4.4")
    seed_stack(account, {"bucket-no-tls-deny"},
               patterns={"4.4": without_event(policy_changes["pattern"], "DeleteGroupPolicy")})
    bucket = bucket_names(account)[0]
    s3 = account.client("s3")
    policy = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    policy["Statement"].append({
        "Sid": "DenyInsecureGet", "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*",
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}})
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    account.client("cloudtrail").put_event_selectors(TrailName=TRAIL, EventSelectors=[{
        "ReadWriteType": "All", "IncludeManagementEvents": False,
        "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}])
    _silent_alarm(account, "4.3")
    other = _in(account, REGIONS[1])
    seed_config(other, bucket, {"config-not-recording"})
    other.client("kms").create_key(Description="eu data, rotation off")
    _flow_logs(account, REGIONS[1])
    for region in REGIONS:
        _regional_baseline(account, region)
    _broken_data(account)


def _alert_item(item: str) -> dict[str, Any]:
    from governance.catalog.samples import metric_filter_items

    found = next(i for i in metric_filter_items().values() if i["id"] == item)
    return {**found, "filter": f"governance-cis-{item.replace('.', '-')}-{found['name']}"}


def _silent_alarm(account: SandboxAccount, item: str) -> None:
    """Re-point the item's alarm (same name) at a topic nobody subscribed to."""
    spec = _alert_item(item)
    silent_topic = account.client("sns").create_topic(Name="nobody-listens")["TopicArn"]
    account.client("cloudwatch").put_metric_alarm(
        AlarmName=spec["filter"], MetricName=spec["metric_name"], Namespace="CISBenchmark",
        Statistic="Sum", Period=300, EvaluationPeriods=1, Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold", TreatMissingData="notBreaching",
        AlarmActions=[silent_topic])


# What the broken-alerts account breaks: the compliant account, with a sound trail, and
# four CIS 4.x chains broken in four ways.
BROKEN_ALERTS = [
    "everything as in the compliant account (trail with all management events delivering "
    "to CloudWatch Logs, Config delivered, sections 2 and 5 sound)",
    "4.4: the metric filter misses DeleteGroupPolicy",
    "4.3: the alarm notifies an SNS topic without any subscription",
    "4.5: the alarm is deleted (filter and metric remain)",
    "4.6: the metric filter sits on another log group (/aws/other/app), which the trail "
    "does not deliver to; the trail's log group has none for 4.6",
]


def seed_broken_alerts(account: SandboxAccount) -> None:
    seed_compliant(account)
    logs = account.client("logs")
    policy_changes = _alert_item("4.4")
    # moto's server keeps both filters when one is put again under its name (AWS replaces it)
    logs.delete_metric_filter(logGroupName=GROUP, filterName=policy_changes["filter"])
    logs.put_metric_filter(
        logGroupName=GROUP, filterName=policy_changes["filter"],
        filterPattern=without_event(policy_changes["pattern"], "DeleteGroupPolicy"),
        metricTransformations=[{"metricName": policy_changes["metric_name"],
                                "metricNamespace": "CISBenchmark", "metricValue": "1"}])
    _silent_alarm(account, "4.3")
    account.client("cloudwatch").delete_alarms(AlarmNames=[_alert_item("4.5")["filter"]])
    failures = _alert_item("4.6")
    logs.delete_metric_filter(logGroupName=GROUP, filterName=failures["filter"])
    logs.create_log_group(logGroupName="/aws/other/app")
    logs.put_metric_filter(
        logGroupName="/aws/other/app", filterName=failures["filter"],
        filterPattern=failures["pattern"],
        metricTransformations=[{"metricName": failures["metric_name"],
                                "metricNamespace": "CISBenchmark", "metricValue": "1"}])


ACCOUNTS = {"bare": seed_bare, "compliant": seed_compliant, "broken": seed_broken,
            "broken-alerts": seed_broken_alerts}
BREAKS = {"broken": BROKEN, "broken-alerts": BROKEN_ALERTS}
