"""Seed a moto account, with boto3, with the logging and monitoring stack the baseline
modules build (audit-log-storage, audit-trail, config-recording, security-alerts), or with
one part of it broken: ``seed_stack(account, {Break.TRAIL_NOT_LOGGING, ...})``.

``broken`` holds :class:`Break` members (or their string values: each is checked, so a
misspelt one raises ValueError instead of seeding the compliant stack), and the two
parametrized breaks :func:`config_rule_missing` and :func:`no_alarm`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from governance.catalog.samples import (
    config_managed_rules,
    iam_policy_change_events,
    metric_filter_items,
)
from harness.moto import deliver_config_snapshot

if TYPE_CHECKING:
    from harness.moto_sandbox import SandboxAccount

TRAIL = "governance-trail"
GROUP = "/aws/cloudtrail/governance"
CONFIG_RULE_MISSING, NO_ALARM = "config-rule-missing:", "no-alarm:"


class Break(StrEnum):
    """One part of the stack left out or weakened."""

    BUCKET_VERSIONING_OFF = "bucket-versioning-off"
    BUCKET_PUBLIC_POLICY_ALLOWED = "bucket-public-policy-allowed"
    BUCKET_NO_TLS_DENY = "bucket-no-tls-deny"
    BUCKET_PUBLIC = "bucket-public"
    BUCKET_ACLS = "bucket-acls"
    BUCKET_ACCESS_LOGGING_OFF = "bucket-access-logging-off"
    KEY_ROTATION_OFF = "key-rotation-off"
    TRAIL_SINGLE_REGION = "trail-single-region"
    TRAIL_VALIDATION_OFF = "trail-validation-off"
    TRAIL_NO_KMS = "trail-no-kms"
    TRAIL_NO_CLOUDWATCH_LOGS = "trail-no-cloudwatch-logs"
    TRAIL_ADVANCED_SELECTORS = "trail-advanced-selectors"
    TRAIL_ADVANCED_WRITE_ONLY = "trail-advanced-write-only"
    TRAIL_DEFAULT_SELECTORS = "trail-default-selectors"  # never set: AWS's default applies
    TRAIL_WRITE_ONLY = "trail-write-only"
    TRAIL_NO_DATA_EVENTS = "trail-no-data-events"
    TRAIL_NOT_LOGGING = "trail-not-logging"
    CONFIG_NO_GLOBAL = "config-no-global"
    CONFIG_NOT_RECORDING = "config-not-recording"
    CONFIG_PENDING = "config-pending"  # started, never delivered (moto's own state)
    NO_SUBSCRIPTION = "no-subscription"
    RULE_DROP_LAST_EVENT = "rule-drop-last-event"
    RULE_NO_TARGET = "rule-no-target"
    FLOW_LOG_MISSING = "flow-log-missing"


def config_rule_missing(name: str) -> str:
    """The break leaving out the managed Config rule ``name`` (a key of config_managed_rules)."""
    if name not in config_managed_rules()["rules"]:
        raise ValueError(f"{name!r} is not a managed Config rule of the baseline")
    return f"{CONFIG_RULE_MISSING}{name}"


def no_alarm(item_id: str) -> str:
    """The break leaving the metric filter of CIS item ``item_id`` (e.g. "4.4") without alarm."""
    if item_id not in {item["id"] for item in metric_filter_items().values()}:
        raise ValueError(f"{item_id!r} is not a CIS metric filter item")
    return f"{NO_ALARM}{item_id}"


def checked_breaks(broken: Iterable[str]) -> frozenset[str]:
    """``broken`` as a set, every member a :class:`Break` or a parametrized break; a value
    that is neither raises ValueError."""
    checked: set[str] = set()
    for value in broken:
        if value.startswith(CONFIG_RULE_MISSING):
            checked.add(config_rule_missing(value.removeprefix(CONFIG_RULE_MISSING)))
        elif value.startswith(NO_ALARM):
            checked.add(no_alarm(value.removeprefix(NO_ALARM)))
        else:
            try:
                checked.add(Break(value))
            except ValueError:
                raise ValueError(f"unknown break {value!r} of the logging stack: one of "
                                 f"{[b.value for b in Break]}, config_rule_missing(name), "
                                 "no_alarm(item_id)") from None
    return frozenset(checked)


def without_event(pattern: str, name: str) -> str:
    """The pattern with its ``($.eventName = name)`` term (and that term's ||) removed."""
    term = rf'\(\s*\$\.eventName\s*=\s*"?{name}"?\s*\)'
    reduced = re.sub(rf"{term}\s*\|\|\s*", "", pattern, count=1)
    if reduced == pattern:
        reduced = re.sub(rf"\s*\|\|\s*{term}", "", pattern, count=1)
    if reduced == pattern:
        raise ValueError(f"{name} is not an eventName term of {pattern}")
    return reduced


def bucket_names(account: SandboxAccount) -> tuple[str, str]:
    """The trail bucket and its access-log bucket (S3 names are global in moto too)."""
    return (f"gov-audit-logs-{account.account_id}", f"gov-access-logs-{account.account_id}")


def _bucket_policy(bucket: str, *, tls: bool, public: bool) -> str:
    statements: list[dict[str, Any]] = [{
        "Sid": "AWSCloudTrailWrite", "Effect": "Allow",
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


def seed_storage(account: SandboxAccount, broken: Iterable[str] = ()) -> tuple[str, str]:
    """The trail bucket (and its access-log bucket) and the KMS key; returns (bucket, key ARN)."""
    broken = checked_breaks(broken)
    s3, kms = account.client("s3"), account.client("kms")
    bucket, access_logs = bucket_names(account)
    s3.create_bucket(Bucket=access_logs)
    s3.put_bucket_policy(Bucket=access_logs, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "S3ServerAccessLogsDelivery", "Effect": "Allow",
        "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject",
        "Resource": f"arn:aws:s3:::{access_logs}/*"}]}))
    s3.create_bucket(Bucket=bucket)
    if Break.BUCKET_VERSIONING_OFF not in broken:
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True,
        "BlockPublicPolicy": Break.BUCKET_PUBLIC_POLICY_ALLOWED not in broken,
        "RestrictPublicBuckets": True})
    s3.put_bucket_policy(Bucket=bucket, Policy=_bucket_policy(
        bucket, tls=Break.BUCKET_NO_TLS_DENY not in broken, public=Break.BUCKET_PUBLIC in broken))
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={
        "Rules": [{"ObjectOwnership": "ObjectWriter" if Break.BUCKET_ACLS in broken
                   else "BucketOwnerEnforced"}]})
    if Break.BUCKET_ACCESS_LOGGING_OFF not in broken:
        s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={"LoggingEnabled": {
            "TargetBucket": access_logs, "TargetPrefix": f"{bucket}/"}})
    key = kms.create_key(Description="audit logs")["KeyMetadata"]["Arn"]
    if Break.KEY_ROTATION_OFF not in broken:
        kms.enable_key_rotation(KeyId=key)
    return bucket, key


def seed_trail(account: SandboxAccount, bucket: str, key: str, broken: Iterable[str] = ()) -> str:
    """The governance trail to ``bucket``, encrypted with ``key``, delivering to CloudWatch
    Logs; returns its ARN."""
    broken = checked_breaks(broken)
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
        "IsMultiRegionTrail": Break.TRAIL_SINGLE_REGION not in broken,
        "EnableLogFileValidation": Break.TRAIL_VALIDATION_OFF not in broken,
    }
    if Break.TRAIL_NO_KMS not in broken:
        options["KmsKeyId"] = key
    if Break.TRAIL_NO_CLOUDWATCH_LOGS not in broken:
        options |= {"CloudWatchLogsLogGroupArn": group_arn, "CloudWatchLogsRoleArn": role["Arn"]}
    arn = str(cloudtrail.create_trail(**options)["TrailARN"])
    if Break.TRAIL_ADVANCED_SELECTORS in broken or Break.TRAIL_ADVANCED_WRITE_ONLY in broken:
        data = [{"Field": "eventCategory", "Equals": ["Data"]},
                {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}]
        if Break.TRAIL_ADVANCED_WRITE_ONLY in broken:
            data.append({"Field": "readOnly", "Equals": ["false"]})
        cloudtrail.put_event_selectors(TrailName=TRAIL, AdvancedEventSelectors=[
            {"Name": "management", "FieldSelectors": [
                {"Field": "eventCategory", "Equals": ["Management"]}]},
            {"Name": "s3 objects", "FieldSelectors": data}])
    elif Break.TRAIL_DEFAULT_SELECTORS not in broken:  # else: never set, AWS's default applies
        cloudtrail.put_event_selectors(TrailName=TRAIL, EventSelectors=[{
            "ReadWriteType": "WriteOnly" if Break.TRAIL_WRITE_ONLY in broken else "All",
            "IncludeManagementEvents": True,
            "DataResources": [] if Break.TRAIL_NO_DATA_EVENTS in broken else [
                {"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}])
    if Break.TRAIL_NOT_LOGGING not in broken:
        cloudtrail.start_logging(Name=TRAIL)
    return arn


def seed_config(account: SandboxAccount, bucket: str, broken: Iterable[str] = ()) -> None:
    """The Config recorder (started and delivered), its delivery channel to ``bucket`` and
    every managed rule of the baseline."""
    broken = checked_breaks(broken)
    config = account.client("config")
    config.put_configuration_recorder(ConfigurationRecorder={
        "name": "governance-recorder",
        "roleARN": f"arn:aws:iam::{account.account_id}:role/governance-aws-config",
        "recordingGroup": {"allSupported": True,
                           "includeGlobalResourceTypes": Break.CONFIG_NO_GLOBAL not in broken}})
    config.put_delivery_channel(DeliveryChannel={"name": "governance-delivery",
                                                 "s3BucketName": bucket})
    if Break.CONFIG_NOT_RECORDING not in broken:
        config.start_configuration_recorder(ConfigurationRecorderName="governance-recorder")
        if Break.CONFIG_PENDING not in broken:
            deliver_config_snapshot(account.account_id, account.region, "governance-recorder")
    for name, rule in config_managed_rules()["rules"].items():
        if config_rule_missing(name) in broken:
            continue
        config.put_config_rule(ConfigRule={
            "ConfigRuleName": f"governance-{name}",
            "Source": {"Owner": "AWS", "SourceIdentifier": rule["source_identifier"]},
            **({"InputParameters": json.dumps(rule["input_parameters"])}
               if rule["input_parameters"] else {})})


def seed_alerts(account: SandboxAccount, broken: Iterable[str] = (),
                patterns: dict[str, str] | None = None) -> str:
    """The security-alerts topic, a metric filter and alarm per CIS item (``patterns``
    replaces an item's filter pattern, by CIS id) and the IAM policy-change rule; returns
    the topic ARN."""
    broken = checked_breaks(broken)
    patterns = patterns or {}
    sns, logs, cloudwatch, events = (account.client("sns"), account.client("logs"),
                                     account.client("cloudwatch"), account.client("events"))
    topic = str(sns.create_topic(Name="governance-security-alerts")["TopicArn"])
    if Break.NO_SUBSCRIPTION not in broken:
        sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="security@example.com")
    for item in metric_filter_items().values():
        pattern = patterns.get(item["id"], item["pattern"])
        name = f"governance-cis-{item['id'].replace('.', '-')}-{item['name']}"
        logs.put_metric_filter(logGroupName=GROUP, filterName=name, filterPattern=pattern,
                               metricTransformations=[{"metricName": item["metric_name"],
                                                       "metricNamespace": "CISBenchmark",
                                                       "metricValue": "1"}])
        if no_alarm(item["id"]) in broken:
            continue
        cloudwatch.put_metric_alarm(AlarmName=name, MetricName=item["metric_name"],
                                    Namespace="CISBenchmark", Statistic="Sum", Period=300,
                                    EvaluationPeriods=1, Threshold=1,
                                    ComparisonOperator="GreaterThanOrEqualToThreshold",
                                    TreatMissingData="notBreaching", AlarmActions=[topic])
    names = list(iam_policy_change_events()["event_names"])
    if Break.RULE_DROP_LAST_EVENT in broken:
        names = names[:-1]
    events.put_rule(Name="governance-iam-policy-changes", State="ENABLED", EventPattern=json.dumps({
        "source": ["aws.iam"], "detail-type": ["AWS API Call via CloudTrail"],
        "detail": {"eventSource": ["iam.amazonaws.com"], "eventName": names}}))
    if Break.RULE_NO_TARGET not in broken:
        events.put_targets(Rule="governance-iam-policy-changes",
                           Targets=[{"Id": "security-alerts-topic", "Arn": topic}])
    return topic


def seed_stack(account: SandboxAccount, broken: Iterable[str] = (),
               patterns: dict[str, str] | None = None) -> None:
    """The whole logging and monitoring baseline in the account's region, minus ``broken``;
    ``patterns`` replaces the metric filter pattern of CIS items (by id, e.g. "4.4")."""
    broken = checked_breaks(broken)
    unknown = set(patterns or {}) - {item["id"] for item in metric_filter_items().values()}
    if unknown:
        raise ValueError(f"patterns for unknown CIS metric filter items: {sorted(unknown)}")
    bucket, key = seed_storage(account, broken)
    seed_trail(account, bucket, key, broken)
    seed_config(account, bucket, broken)
    seed_alerts(account, broken, patterns)
    ec2 = account.client("ec2")
    if Break.FLOW_LOG_MISSING not in broken:
        for vpc in ec2.describe_vpcs()["Vpcs"]:
            ec2.create_flow_logs(ResourceIds=[vpc["VpcId"]], ResourceType="VPC",
                                 TrafficType="REJECT", LogDestinationType="s3",
                                 LogDestination=f"arn:aws:s3:::{bucket_names(account)[1]}")
