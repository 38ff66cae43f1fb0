"""Seed a moto account, with boto3, with the logging and monitoring stack the baseline
modules build (audit-log-storage, audit-trail, config-recording, security-alerts), or with
one part of it broken: ``seed_stack(account, broken={"trail-not-logging", ...})``."""

from __future__ import annotations

import json
import re
from typing import Any

from governance.catalog.samples import (
    config_managed_rules,
    iam_policy_change_events,
    metric_filter_items,
)
from harness.moto_extensions import deliver_config_snapshot

TRAIL = "governance-trail"
GROUP = "/aws/cloudtrail/governance"


def without_event(pattern: str, name: str) -> str:
    """The pattern with its ``($.eventName = name)`` term (and that term's ||) removed."""
    term = rf'\(\s*\$\.eventName\s*=\s*"?{name}"?\s*\)'
    reduced = re.sub(rf"{term}\s*\|\|\s*", "", pattern, count=1)
    if reduced == pattern:
        reduced = re.sub(rf"\s*\|\|\s*{term}", "", pattern, count=1)
    if reduced == pattern:
        raise ValueError(f"{name} is not an eventName term of {pattern}")
    return reduced


def bucket_names(account: Any) -> tuple[str, str]:
    return (f"gov-audit-logs-{account.account_id}", f"gov-access-logs-{account.account_id}")


def _bucket_policy(bucket: str, *, tls: bool, public: bool) -> str:
    statements = [{"Sid": "AWSCloudTrailWrite", "Effect": "Allow",
                   "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",
                   "Resource": f"arn:aws:s3:::{bucket}/AWSLogs/*"}]
    if tls:
        statements.append({"Sid": "DenyInsecureTransport", "Effect": "Deny",
                           "Principal": {"AWS": "*"}, "Action": "s3:*",
                           "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
                           "Condition": {"Bool": {"aws:SecureTransport": "false"}}})
    if public:
        statements.append({"Sid": "PublicRead", "Effect": "Allow", "Principal": {"AWS": "*"},
                           "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"})
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def seed_storage(account: Any, broken: set[str]) -> tuple[str, str]:
    s3, kms = account.client("s3"), account.client("kms")
    bucket, access_logs = bucket_names(account)
    s3.create_bucket(Bucket=access_logs)
    s3.put_bucket_policy(Bucket=access_logs, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "S3ServerAccessLogsDelivery", "Effect": "Allow",
        "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject",
        "Resource": f"arn:aws:s3:::{access_logs}/*"}]}))
    s3.create_bucket(Bucket=bucket)
    if "bucket-versioning-off" not in broken:
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True,
        "BlockPublicPolicy": "bucket-public-policy-allowed" not in broken,
        "RestrictPublicBuckets": True})
    s3.put_bucket_policy(Bucket=bucket, Policy=_bucket_policy(
        bucket, tls="bucket-no-tls-deny" not in broken, public="bucket-public" in broken))
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={
        "Rules": [{"ObjectOwnership": "ObjectWriter" if "bucket-acls" in broken
                   else "BucketOwnerEnforced"}]})
    if "bucket-access-logging-off" not in broken:
        s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={"LoggingEnabled": {
            "TargetBucket": access_logs, "TargetPrefix": f"{bucket}/"}})
    key = kms.create_key(Description="audit logs")["KeyMetadata"]["Arn"]
    if "key-rotation-off" not in broken:
        kms.enable_key_rotation(KeyId=key)
    return bucket, key


def seed_trail(account: Any, bucket: str, key: str, broken: set[str]) -> str:
    logs, iam, cloudtrail = account.client("logs"), account.client("iam"), account.client("cloudtrail")
    logs.create_log_group(logGroupName=GROUP)
    group_arn = f"arn:aws:logs:{account.region}:{account.account_id}:log-group:{GROUP}:*"
    role = iam.create_role(RoleName="governance-cloudtrail-to-cloudwatch-logs",
                           AssumeRolePolicyDocument=json.dumps({
                               "Version": "2012-10-17", "Statement": [{
                                   "Effect": "Allow", "Action": "sts:AssumeRole",
                                   "Principal": {"Service": "cloudtrail.amazonaws.com"}}]}))["Role"]
    options: dict[str, Any] = {
        "Name": TRAIL, "S3BucketName": bucket, "IncludeGlobalServiceEvents": True,
        "IsMultiRegionTrail": "trail-single-region" not in broken,
        "EnableLogFileValidation": "trail-validation-off" not in broken,
    }
    if "trail-no-kms" not in broken:
        options["KmsKeyId"] = key
    if "trail-no-cloudwatch-logs" not in broken:
        options |= {"CloudWatchLogsLogGroupArn": group_arn, "CloudWatchLogsRoleArn": role["Arn"]}
    arn = cloudtrail.create_trail(**options)["TrailARN"]
    if "trail-advanced-selectors" in broken or "trail-advanced-write-only" in broken:
        data = [{"Field": "eventCategory", "Equals": ["Data"]},
                {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}]
        if "trail-advanced-write-only" in broken:
            data.append({"Field": "readOnly", "Equals": ["false"]})
        cloudtrail.put_event_selectors(TrailName=TRAIL, AdvancedEventSelectors=[
            {"Name": "management", "FieldSelectors": [
                {"Field": "eventCategory", "Equals": ["Management"]}]},
            {"Name": "s3 objects", "FieldSelectors": data}])
    elif "trail-default-selectors" not in broken:  # else: never set, AWS's default applies
        cloudtrail.put_event_selectors(TrailName=TRAIL, EventSelectors=[{
            "ReadWriteType": "WriteOnly" if "trail-write-only" in broken else "All",
            "IncludeManagementEvents": True,
            "DataResources": [] if "trail-no-data-events" in broken else [
                {"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}])
    if "trail-not-logging" not in broken:
        cloudtrail.start_logging(Name=TRAIL)
    return arn


def seed_config(account: Any, bucket: str, broken: set[str]) -> None:
    config = account.client("config")
    config.put_configuration_recorder(ConfigurationRecorder={
        "name": "governance-recorder",
        "roleARN": f"arn:aws:iam::{account.account_id}:role/governance-aws-config",
        "recordingGroup": {"allSupported": True,
                           "includeGlobalResourceTypes": "config-no-global" not in broken}})
    config.put_delivery_channel(DeliveryChannel={"name": "governance-delivery",
                                                 "s3BucketName": bucket})
    if "config-not-recording" not in broken:
        config.start_configuration_recorder(ConfigurationRecorderName="governance-recorder")
        if "config-pending" not in broken:
            deliver_config_snapshot(account.account_id, account.region, "governance-recorder")
    for name, rule in config_managed_rules()["rules"].items():
        if f"config-rule-missing:{name}" in broken:
            continue
        config.put_config_rule(ConfigRule={
            "ConfigRuleName": f"governance-{name}",
            "Source": {"Owner": "AWS", "SourceIdentifier": rule["source_identifier"]},
            **({"InputParameters": json.dumps(rule["input_parameters"])}
               if rule["input_parameters"] else {})})


def seed_alerts(account: Any, broken: set[str], patterns: dict[str, str]) -> str:
    sns, logs, cloudwatch, events = (account.client("sns"), account.client("logs"),
                                     account.client("cloudwatch"), account.client("events"))
    topic = sns.create_topic(Name="governance-security-alerts")["TopicArn"]
    if "no-subscription" not in broken:
        sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="security@example.com")
    for item in metric_filter_items().values():
        pattern = patterns.get(item["id"], item["pattern"])
        name = f"governance-cis-{item['id'].replace('.', '-')}-{item['name']}"
        logs.put_metric_filter(logGroupName=GROUP, filterName=name, filterPattern=pattern,
                               metricTransformations=[{"metricName": item["metric_name"],
                                                       "metricNamespace": "CISBenchmark",
                                                       "metricValue": "1"}])
        if f"no-alarm:{item['id']}" in broken:
            continue
        cloudwatch.put_metric_alarm(AlarmName=name, MetricName=item["metric_name"],
                                    Namespace="CISBenchmark", Statistic="Sum", Period=300,
                                    EvaluationPeriods=1, Threshold=1,
                                    ComparisonOperator="GreaterThanOrEqualToThreshold",
                                    TreatMissingData="notBreaching", AlarmActions=[topic])
    names = list(iam_policy_change_events()["event_names"])
    if "rule-drop-last-event" in broken:
        names = names[:-1]
    events.put_rule(Name="governance-iam-policy-changes", State="ENABLED", EventPattern=json.dumps({
        "source": ["aws.iam"], "detail-type": ["AWS API Call via CloudTrail"],
        "detail": {"eventSource": ["iam.amazonaws.com"], "eventName": names}}))
    if "rule-no-target" not in broken:
        events.put_targets(Rule="governance-iam-policy-changes",
                           Targets=[{"Id": "security-alerts-topic", "Arn": topic}])
    return topic


def seed_stack(account: Any, broken: set[str] | frozenset[str] = frozenset(),
               patterns: dict[str, str] | None = None) -> None:
    """The whole logging and monitoring baseline in the account's region, minus ``broken``;
    ``patterns`` replaces the metric filter pattern of CIS items (by id, e.g. "4.4")."""
    broken = set(broken)
    bucket, key = seed_storage(account, broken)
    seed_trail(account, bucket, key, broken)
    seed_config(account, bucket, broken)
    seed_alerts(account, broken, patterns or {})
    ec2 = account.client("ec2")
    if "flow-log-missing" not in broken:
        for vpc in ec2.describe_vpcs()["Vpcs"]:
            ec2.create_flow_logs(ResourceIds=[vpc["VpcId"]], ResourceType="VPC",
                                 TrafficType="REJECT", LogDestinationType="s3",
                                 LogDestination=f"arn:aws:s3:::{bucket_names(account)[1]}")
