"""Changes made behind Terraform's back on the applied examples/complete stack.

Each :class:`Drift` breaks one control with boto3 (what an operator or an attacker could
do in the console), names the text the FAIL reason must contain, and undoes itself from
what it saved, so the next drift starts from the applied state and destroy still works.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from governance.catalog.samples import metric_filter_items
from harness.seeds.logging_stack import without_event

TRAIL = "governance-trail"
LOG_GROUP = "/aws/cloudtrail/governance"
SECONDARY_REGION = "eu-west-1"


@dataclass(frozen=True)
class Drift:
    what: str
    apply: Callable[[Any], Any]
    undo: Callable[[Any, Any], None]
    reason: str


def _trail(account: Any) -> dict[str, Any]:
    return next(t for t in account.client("cloudtrail").describe_trails()["trailList"]
                if t["Name"] == TRAIL)


def _update_trail(**changes: Any) -> Callable[[Any], Any]:
    def apply(account: Any) -> dict[str, Any]:
        trail = _trail(account)
        account.client("cloudtrail").update_trail(Name=TRAIL, **changes)
        return trail
    return apply


def _restore_trail(*fields: str) -> Callable[[Any, Any], None]:
    names = {"LogFileValidationEnabled": "EnableLogFileValidation"}

    def undo(account: Any, trail: dict[str, Any]) -> None:
        account.client("cloudtrail").update_trail(
            Name=TRAIL, **{names.get(f, f): trail[f] for f in fields})
    return undo


def _selectors(account: Any) -> dict[str, Any]:
    return account.client("cloudtrail").get_event_selectors(TrailName=TRAIL)


def _drop_data_events(account: Any) -> dict[str, Any]:
    saved = _selectors(account)
    account.client("cloudtrail").put_event_selectors(TrailName=TRAIL, EventSelectors=[
        {"ReadWriteType": "All", "IncludeManagementEvents": True, "DataResources": []}])
    return saved


def _restore_selectors(account: Any, saved: dict[str, Any]) -> None:
    account.client("cloudtrail").put_event_selectors(TrailName=TRAIL,
                                                     EventSelectors=saved["EventSelectors"])


def _bucket(account: Any) -> str:
    return _trail(account)["S3BucketName"]


def _remove_tls_deny(account: Any) -> tuple[str, str]:
    s3 = account.client("s3")
    bucket = _bucket(account)
    original = s3.get_bucket_policy(Bucket=bucket)["Policy"]
    policy = json.loads(original)
    policy["Statement"] = [s for s in policy["Statement"]
                           if "aws:SecureTransport" not in json.dumps(s.get("Condition", {}))]
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    return bucket, original


def _suspend_versioning(account: Any) -> str:
    bucket = _bucket(account)
    account.client("s3").put_bucket_versioning(
        Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    return bucket


def _stop_access_logging(account: Any) -> tuple[str, dict[str, Any]]:
    s3 = account.client("s3")
    bucket = _bucket(account)
    saved = s3.get_bucket_logging(Bucket=bucket)["LoggingEnabled"]
    s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={})
    return bucket, saved


def _trail_key(account: Any) -> str:
    return _trail(account)["KmsKeyId"]


def _config_rule(account: Any) -> dict[str, Any]:
    config = account.client("config")
    rule = next(r for r in config.describe_config_rules()["ConfigRules"]
                if r["Source"]["SourceIdentifier"] == "CMK_BACKING_KEY_ROTATION_ENABLED")
    config.delete_config_rule(ConfigRuleName=rule["ConfigRuleName"])
    return rule


def _put_config_rule(account: Any, rule: dict[str, Any]) -> None:
    keep = ("ConfigRuleName", "Source", "InputParameters", "MaximumExecutionFrequency",
            "Scope", "Description")
    account.client("config").put_config_rule(
        ConfigRule={k: v for k, v in rule.items() if k in keep and v})


def _metric_filter(account: Any, item_id: str) -> dict[str, Any]:
    filters = account.client("logs").describe_metric_filters(logGroupName=LOG_GROUP)[
        "metricFilters"]
    return next(f for f in filters if f"cis-{item_id.replace('.', '-')}-" in f["filterName"])


def _put_metric_filter(account: Any, saved: dict[str, Any], pattern: str | None = None) -> None:
    # moto 5.2.5's PutMetricFilter adds a second filter of the same name instead of
    # replacing it (AWS replaces): delete first so the account holds exactly one.
    logs = account.client("logs")
    logs.delete_metric_filter(logGroupName=saved["logGroupName"], filterName=saved["filterName"])
    logs.put_metric_filter(
        logGroupName=saved["logGroupName"], filterName=saved["filterName"],
        filterPattern=pattern if pattern is not None else saved["filterPattern"],
        metricTransformations=saved["metricTransformations"])


def _narrow_pattern(item: dict[str, Any], dropped: str) -> Callable[[Any], Any]:
    def apply(account: Any) -> dict[str, Any]:
        saved = _metric_filter(account, item["id"])
        _put_metric_filter(account, saved, without_event(saved["filterPattern"], dropped))
        return saved
    return apply


def _delete_alarm(item: dict[str, Any]) -> Callable[[Any], Any]:
    def apply(account: Any) -> dict[str, Any]:
        cloudwatch = account.client("cloudwatch")
        metric = _metric_filter(account, item["id"])["metricTransformations"][0]["metricName"]
        alarm = next(a for a in cloudwatch.describe_alarms()["MetricAlarms"]
                     if a.get("MetricName") == metric)
        cloudwatch.delete_alarms(AlarmNames=[alarm["AlarmName"]])
        return alarm
    return apply


def _put_alarm(account: Any, alarm: dict[str, Any]) -> None:
    keep = ("AlarmName", "AlarmDescription", "ActionsEnabled", "AlarmActions", "MetricName",
            "Namespace", "Statistic", "Period", "EvaluationPeriods", "Threshold",
            "ComparisonOperator", "TreatMissingData", "OKActions", "InsufficientDataActions")
    account.client("cloudwatch").put_metric_alarm(**{k: v for k, v in alarm.items() if k in keep})


def _metric_alarm_drift(index: int, item: dict[str, Any]) -> Drift:
    """Odd CIS items lose their alarm; even ones (and patterns that are not eventName lists)
    get a pattern that misses one of the item's events."""
    names = [sample["name"] for sample in item["must_match"]]
    event_list = all(f'"{name}"' in item["pattern"] or f"= {name}" in item["pattern"]
                     for name in names) and len(names) > 1
    if index % 2 == 0 and event_list:
        dropped = names[-1]
        return Drift(f"pattern of CIS {item['id']} misses {dropped}",
                     _narrow_pattern(item, dropped), _put_metric_filter, f"misses {dropped}")
    return Drift(f"alarm of CIS {item['id']} deleted", _delete_alarm(item), _put_alarm,
                 f"events but no alarm watches metric CISBenchmark/{item['metric_name']}")


def _remove_rule_targets(account: Any) -> list[dict[str, Any]]:
    events = account.client("events")
    rule = next(r["Name"] for r in events.list_rules()["Rules"] if "iam-policy" in r["Name"])
    targets = events.list_targets_by_rule(Rule=rule)["Targets"]
    events.remove_targets(Rule=rule, Ids=[t["Id"] for t in targets])
    return [rule, targets]


def _contact(kind: str) -> Callable[[Any], Any]:
    def apply(account: Any) -> dict[str, Any]:
        client = account.client("account")
        saved = client.get_alternate_contact(AlternateContactType=kind)["AlternateContact"]
        client.delete_alternate_contact(AlternateContactType=kind)
        return saved
    return apply


def _put_contact(account: Any, saved: dict[str, Any]) -> None:
    account.client("account").put_alternate_contact(**{
        k: saved[k] for k in ("AlternateContactType", "Name", "Title", "EmailAddress",
                              "PhoneNumber")})


def _support_role(account: Any) -> str:
    iam = account.client("iam")
    for role in iam.list_roles()["Roles"]:
        attached = iam.list_attached_role_policies(RoleName=role["RoleName"])[
            "AttachedPolicies"]
        if any(p["PolicyName"] == "AWSSupportAccess" for p in attached):
            return role["RoleName"]
    raise AssertionError("no support role")


SUPPORT_POLICY = "arn:aws:iam::aws:policy/AWSSupportAccess"
OPEN_PUBLIC_ACCESS_BLOCK = {"BlockPublicAcls": False, "IgnorePublicAcls": False,
                            "BlockPublicPolicy": False, "RestrictPublicBuckets": False}


def _detach_support_policy(account: Any) -> str:
    role = _support_role(account)
    account.client("iam").detach_role_policy(RoleName=role, PolicyArn=SUPPORT_POLICY)
    return role


def _open_account_public_access(account: Any) -> dict[str, Any]:
    s3control = account.client("s3control")
    saved = s3control.get_public_access_block(AccountId=account.account_id)[
        "PublicAccessBlockConfiguration"]
    s3control.put_public_access_block(AccountId=account.account_id,
                                      PublicAccessBlockConfiguration=OPEN_PUBLIC_ACCESS_BLOCK)
    return saved


def _open_account_and_a_bucket(account: Any) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """CIS 2.1.4 holds while either the account block or every bucket's own block is on:
    open the account block and one baseline bucket's own block."""
    saved = _open_account_public_access(account)
    s3 = account.client("s3")
    bucket = next(b["Name"] for b in s3.list_buckets()["Buckets"]
                  if b["Name"].startswith("governance-audit-logs-"))
    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    s3.delete_public_access_block(Bucket=bucket)
    return saved, bucket, block


def _close_account_and_bucket(account: Any, saved: tuple[dict[str, Any], str, dict[str, Any]]
                              ) -> None:
    account_block, bucket, block = saved
    account.client("s3").put_public_access_block(Bucket=bucket,
                                                 PublicAccessBlockConfiguration=block)
    account.client("s3control").put_public_access_block(
        AccountId=account.account_id, PublicAccessBlockConfiguration=account_block)


def _role_arn(account: Any, name: str) -> str:
    return account.client("iam").get_role(RoleName=name)["Role"]["Arn"]


def _trust_without_mfa(account: Any) -> str:
    iam = account.client("iam")
    original = iam.get_role(RoleName="platform-admin")["Role"]["AssumeRolePolicyDocument"]
    document = json.loads(json.dumps(original))
    for statement in document["Statement"]:
        statement.pop("Condition", None)
    iam.update_assume_role_policy(RoleName="platform-admin", PolicyDocument=json.dumps(document))
    return json.dumps(original)


def _long_session(account: Any) -> int:
    iam = account.client("iam")
    saved = iam.get_role(RoleName="platform-admin")["Role"]["MaxSessionDuration"]
    iam.update_role(RoleName="platform-admin", MaxSessionDuration=43200)
    return saved


def _permission_set(account: Any) -> tuple[str, str, str]:
    sso = account.client("sso-admin")
    instance = sso.list_instances()["Instances"][0]["InstanceArn"]
    arn = sso.list_permission_sets(InstanceArn=instance)["PermissionSets"][0]
    saved = sso.describe_permission_set(InstanceArn=instance, PermissionSetArn=arn)[
        "PermissionSet"]["SessionDuration"]
    sso.update_permission_set(InstanceArn=instance, PermissionSetArn=arn, SessionDuration="PT12H")
    return instance, arn, saved


def _guardduty_off(account: Any) -> str:
    client = account.client("guardduty", SECONDARY_REGION)
    detector = client.list_detectors()["DetectorIds"][0]
    client.update_detector(DetectorId=detector, Enable=False)
    return detector


def _restart_recorder(account: Any) -> None:
    from harness.moto import deliver_config_snapshot

    account.client("config").start_configuration_recorder(
        ConfigurationRecorderName="governance-recorder")
    deliver_config_snapshot(account.account_id, account.region, "governance-recorder")


def _security_hub_off(account: Any) -> None:
    account.client("securityhub", SECONDARY_REGION).disable_security_hub()


def _new_vpc(account: Any) -> str:
    """A VPC made after the apply: network-baseline gives it a flow log at the next apply."""
    return account.client("ec2", SECONDARY_REGION).create_vpc(CidrBlock="10.99.0.0/16")[
        "Vpc"]["VpcId"]


def _delete_vpc(account: Any, vpc: str) -> None:
    """AWS deletes a VPC's default network ACL with it; moto leaves it behind (and lets it
    be deleted), where it would fail nacl-no-admin-port-ingress: delete it first."""
    ec2 = account.client("ec2", SECONDARY_REGION)
    for acl in ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc]}])[
            "NetworkAcls"]:
        ec2.delete_network_acl(NetworkAclId=acl["NetworkAclId"])
    ec2.delete_vpc(VpcId=vpc)


def _default_group(account: Any) -> dict[str, Any]:
    ec2 = account.client("ec2", SECONDARY_REGION)
    return ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]}])[
        "SecurityGroups"][0]


HTTPS_FROM_PRIVATE = [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                       "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]


def _open_default_group(account: Any) -> str:
    group = _default_group(account)["GroupId"]
    account.client("ec2", SECONDARY_REGION).authorize_security_group_ingress(
        GroupId=group, IpPermissions=HTTPS_FROM_PRIVATE)
    return group


SSH_FROM_ANYWHERE = {"RuleNumber": 5, "Protocol": "6", "RuleAction": "allow", "Egress": False,
                     "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 22, "To": 22}}


def _open_default_nacl(account: Any) -> str:
    ec2 = account.client("ec2", SECONDARY_REGION)
    acl = ec2.describe_network_acls(Filters=[{"Name": "default", "Values": ["true"]}])[
        "NetworkAcls"][0]["NetworkAclId"]
    ec2.create_network_acl_entry(NetworkAclId=acl, **SSH_FROM_ANYWHERE)
    return acl


def _instance_without_imdsv2(account: Any) -> str:
    return account.client("ec2", SECONDARY_REGION).run_instances(
        ImageId="ami-12c6146b", MinCount=1, MaxCount=1,  # one of moto's default images
        MetadataOptions={"HttpTokens": "optional"})["Instances"][0]["InstanceId"]


DRIFTS: dict[str, Drift] = {
    "cloudtrail-multi-region-logging": Drift(
        "trail stops logging",
        lambda a: a.client("cloudtrail").stop_logging(Name=TRAIL),
        lambda a, _: a.client("cloudtrail").start_logging(Name=TRAIL), "not logging"),
    "cloudtrail-log-file-validation": Drift(
        "log file validation off", _update_trail(EnableLogFileValidation=False),
        _restore_trail("LogFileValidationEnabled"), "validation off"),
    "cloudtrail-kms-encryption": Drift(
        "trail KMS key dropped", _update_trail(KmsKeyId=""), _restore_trail("KmsKeyId"),
        "no KMS key"),
    "cloudtrail-cloudwatch-logs-integration": Drift(
        "trail no longer delivers to CloudWatch Logs",
        _update_trail(CloudWatchLogsLogGroupArn="", CloudWatchLogsRoleArn=""),
        _restore_trail("CloudWatchLogsLogGroupArn", "CloudWatchLogsRoleArn"),
        "no CloudWatch Logs log group"),
    "cloudtrail-s3-data-events-write": Drift(
        "S3 data events removed", _drop_data_events, _restore_selectors,
        "no S3 object-level write events"),
    "cloudtrail-s3-data-events-read": Drift(
        "S3 data events removed", _drop_data_events, _restore_selectors,
        "no S3 object-level read events"),
    "cloudtrail-every-trail-s3-data-events-write": Drift(
        "S3 data events removed", _drop_data_events, _restore_selectors,
        "no S3 object-level write events for all buckets"),
    "cloudtrail-every-trail-s3-data-events-read": Drift(
        "S3 data events removed", _drop_data_events, _restore_selectors,
        "no S3 object-level read events for all buckets"),
    "cloudtrail-bucket-access-logging": Drift(
        "trail bucket access logging off", _stop_access_logging,
        lambda a, saved: a.client("s3").put_bucket_logging(
            Bucket=saved[0], BucketLoggingStatus={"LoggingEnabled": saved[1]}),
        "no server access logging"),
    "cloudtrail-bucket-protected": Drift(
        "bucket policy no longer denies plain HTTP", _remove_tls_deny,
        lambda a, saved: a.client("s3").put_bucket_policy(Bucket=saved[0], Policy=saved[1]),
        "no bucket policy statement denies aws:SecureTransport false"),
    "kms-key-rotation": Drift(
        "trail key rotation off",
        lambda a: a.client("kms").disable_key_rotation(KeyId=_trail_key(a)),
        lambda a, _: a.client("kms").enable_key_rotation(KeyId=_trail_key(a)),
        "customer-managed key(s) without rotation in us-east-1"),
    "config-recorder-all-regions": Drift(
        "Config recorder stopped",
        lambda a: a.client("config").stop_configuration_recorder(
            ConfigurationRecorderName="governance-recorder"),
        lambda a, _: _restart_recorder(a), "not recording"),
    "aws-config-managed-rules": Drift(
        "Config rule cmk-backing-key-rotation-enabled deleted", _config_rule, _put_config_rule,
        "cmk-backing-key-rotation-enabled"),
    "iam-policy-change-alert-realtime": Drift(
        "EventBridge rule loses its SNS target", _remove_rule_targets,
        lambda a, saved: a.client("events").put_targets(Rule=saved[0], Targets=saved[1]),
        "has no SNS target"),
    "account-security-contact": Drift(
        "security contact deleted", _contact("SECURITY"), _put_contact,
        "no SECURITY alternate contact"),
    "account-alternate-contacts": Drift(
        "operations contact deleted", _contact("OPERATIONS"), _put_contact,
        "no OPERATIONS alternate contact"),
    "iam-support-role": Drift(
        "AWSSupportAccess detached from the support role", _detach_support_policy,
        lambda a, role: a.client("iam").attach_role_policy(RoleName=role,
                                                           PolicyArn=SUPPORT_POLICY),
        "AWSSupportAccess"),
    "s3-account-public-access-block": Drift(
        "account public access block opened", _open_account_public_access,
        lambda a, saved: a.client("s3control").put_public_access_block(
            AccountId=a.account_id, PublicAccessBlockConfiguration=saved),
        "BlockPublicAcls"),
    "s3-public-access-blocked": Drift(
        "account public access block opened and a log bucket's own block deleted",
        _open_account_and_a_bucket, _close_account_and_bucket,
        "public access block has BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, "
        "RestrictPublicBuckets off"),
    "ebs-default-encryption": Drift(
        f"EBS default encryption off in {SECONDARY_REGION}",
        lambda a: a.client("ec2", SECONDARY_REGION).disable_ebs_encryption_by_default(),
        lambda a, _: a.client("ec2", SECONDARY_REGION).enable_ebs_encryption_by_default(),
        f"EBS encryption by default is off in {SECONDARY_REGION}"),
    "guardduty-enabled": Drift(
        f"GuardDuty detector disabled in {SECONDARY_REGION}", _guardduty_off,
        lambda a, detector: a.client("guardduty", SECONDARY_REGION).update_detector(
            DetectorId=detector, Enable=True),
        f"GuardDuty detector(s) in {SECONDARY_REGION} are suspended"),
    "vpc-flow-logs": Drift(
        f"a VPC created in {SECONDARY_REGION} after the apply", _new_vpc,
        _delete_vpc,
        f"VPC(s) without a flow log of rejected traffic in {SECONDARY_REGION}"),
    "default-security-group-restricts-all": Drift(
        f"an HTTPS ingress rule added to a default security group in {SECONDARY_REGION}",
        _open_default_group,
        lambda a, group: a.client("ec2", SECONDARY_REGION).revoke_security_group_ingress(
            GroupId=group, IpPermissions=HTTPS_FROM_PRIVATE),
        "has 1 inbound and 0 outbound rule(s)"),
    "nacl-no-admin-port-ingress": Drift(
        f"rule 5 allowing SSH from 0.0.0.0/0 on a default network ACL in {SECONDARY_REGION}",
        _open_default_nacl,
        lambda a, acl: a.client("ec2", SECONDARY_REGION).delete_network_acl_entry(
            NetworkAclId=acl, RuleNumber=5, Egress=False),
        "rule 5 allows tcp 22"),
    "ec2-imdsv2-required": Drift(
        f"an instance launched with IMDSv1 allowed in {SECONDARY_REGION}", _instance_without_imdsv2,
        lambda a, instance: a.client("ec2", SECONDARY_REGION).terminate_instances(
            InstanceIds=[instance]),
        "IMDS HttpTokens optional"),
    "securityhub-enabled": Drift(
        f"Security Hub disabled in {SECONDARY_REGION}", _security_hub_off,
        lambda a, _: a.client("securityhub", SECONDARY_REGION).enable_security_hub(
            EnableDefaultStandards=False),
        f"Security Hub is not enabled in {SECONDARY_REGION}"),
    "roles-trust-requires-mfa-or-federation": Drift(
        "platform-admin trust without the MFA condition", _trust_without_mfa,
        lambda a, saved: a.client("iam").update_assume_role_policy(
            RoleName="platform-admin", PolicyDocument=saved),
        "platform-admin: trusts"),
    "roles-limited-session": Drift(
        "platform-admin sessions of 12 hours", _long_session,
        lambda a, saved: a.client("iam").update_role(RoleName="platform-admin",
                                                     MaxSessionDuration=saved),
        "admin role platform-admin allows 43200 s sessions (limit 3600 s)"),
    "identity-center-permission-set-session": Drift(
        "permission set sessions of 12 hours", _permission_set,
        lambda a, saved: a.client("sso-admin").update_permission_set(
            InstanceArn=saved[0], PermissionSetArn=saved[1], SessionDuration=saved[2]),
        "PT12H"),
    **{item["control_id"]: _metric_alarm_drift(index, item)
       for index, item in enumerate(metric_filter_items().values())},
    # CIS v5.0.0 4.10: the module's filter put back to the v3.0.0/v4.0.1 text, which the
    # v3.0.0 control still accepts.
    "metric-alarm-security-group-rule-changes": Drift(
        "pattern of CIS 4.10 without ModifySecurityGroupRules (the v4.0.1 text)",
        _narrow_pattern(metric_filter_items()["metric-alarm-security-group-changes"],
                        "ModifySecurityGroupRules"),
        _put_metric_filter, "CIS v5.0.0 4.10: filter governance-cis-4-10-security-group-changes "
        "on /aws/cloudtrail/governance misses ModifySecurityGroupRules"),
}
