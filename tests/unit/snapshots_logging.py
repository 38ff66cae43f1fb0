"""Hand-built snapshots for the logging and monitoring checks: an account on which every
CIS 3.x / 4.x control passes (a multi-region trail homed in us-east-1, seen as a shadow
trail in eu-west-1), then one change at a time."""

from __future__ import annotations

import copy
import json
from typing import Any

from governance.catalog.samples import config_managed_rules, metric_filter_items
from governance.model import AccountSnapshot
from tests.support.snapshots import changed
from tests.unit.snapshots import ACCOUNT_ID

HOME, OTHER = "us-east-1", "eu-west-1"
TRAIL_NAME = "governance-trail"
TRAIL_ARN = f"arn:aws:cloudtrail:{HOME}:{ACCOUNT_ID}:trail/{TRAIL_NAME}"
BUCKET = f"governance-audit-logs-{ACCOUNT_ID}-{HOME}"
GROUP = "/aws/cloudtrail/governance"
TOPIC = f"arn:aws:sns:{HOME}:{ACCOUNT_ID}:governance-security-alerts"
KEY = f"arn:aws:kms:{HOME}:{ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
RULE = "governance-iam-policy-changes"
IAM_EVENT_NAMES = [
    "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy",
    "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion",
    "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy",
    "AttachGroupPolicy", "DetachGroupPolicy",
]
TLS_POLICY = {"Version": "2012-10-17", "Statement": [
    {"Sid": "AWSCloudTrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
     "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{BUCKET}/AWSLogs/{ACCOUNT_ID}/*",
     "Condition": {"StringEquals": {"aws:SourceArn": TRAIL_ARN}}},
    {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:*",
     "Resource": [f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/*"],
     "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}


def trail(**changes: Any) -> dict[str, Any]:
    return {"Name": TRAIL_NAME, "TrailARN": TRAIL_ARN, "HomeRegion": HOME, "S3BucketName": BUCKET,
            "IsMultiRegionTrail": True, "IncludeGlobalServiceEvents": True,
            "LogFileValidationEnabled": True, "KmsKeyId": KEY,
            "CloudWatchLogsLogGroupArn": f"arn:aws:logs:{HOME}:{ACCOUNT_ID}:log-group:{GROUP}:*",
            "CloudWatchLogsRoleArn":
                f"arn:aws:iam::{ACCOUNT_ID}:role/governance-cloudtrail-to-cloudwatch-logs",
            "HasCustomEventSelectors": False, "IsOrganizationTrail": False, **changes}


BASIC_SELECTORS = {"TrailARN": TRAIL_ARN, "EventSelectors": [{
    "ReadWriteType": "All", "IncludeManagementEvents": True, "ExcludeManagementEventSources": [],
    "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}]}


def advanced_selectors(*, s3_fields: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"TrailARN": TRAIL_ARN, "AdvancedEventSelectors": [
        {"Name": "Management events", "FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Management"]}]},
        {"Name": "S3 data events", "FieldSelectors": s3_fields or [
            {"Field": "eventCategory", "Equals": ["Data"]},
            {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}]}]}


def metric_filters() -> list[dict[str, Any]]:
    return [{"filterName": f"governance-cis-{item['id'].replace('.', '-')}-{item['name']}",
             "logGroupName": GROUP, "filterPattern": item["pattern"],
             "metricTransformations": [{"metricName": item["metric_name"],
                                        "metricNamespace": "CISBenchmark", "metricValue": "1"}]}
            for item in metric_filter_items().values()]


def alarms() -> list[dict[str, Any]]:
    return [{"AlarmName": f"governance-cis-{item['id'].replace('.', '-')}-{item['name']}",
             "MetricName": item["metric_name"], "Namespace": "CISBenchmark", "ActionsEnabled": True,
             "AlarmActions": [TOPIC], "Statistic": "Sum", "Threshold": 1.0}
            for item in metric_filter_items().values()]


def event_rule_pattern(names: list[str] | None = None) -> str:
    return json.dumps({"source": ["aws.iam"], "detail-type": ["AWS API Call via CloudTrail"],
                       "detail": {"eventSource": ["iam.amazonaws.com"],
                                  "eventName": names or IAM_EVENT_NAMES}})


def _config(region: str, *, global_types: bool) -> dict[str, Any]:
    identifiers = [rule["source_identifier"] for rule in config_managed_rules()["rules"].values()]
    return {
        "config:DescribeConfigurationRecorders": [{
            "name": "governance-recorder", "roleARN": f"arn:aws:iam::{ACCOUNT_ID}:role/governance-aws-config",
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": global_types,
                               "resourceTypes": []}}],
        "config:DescribeConfigurationRecorderStatus": [{
            "name": "governance-recorder", "recording": True, "lastStatus": "SUCCESS"}],
        "config:DescribeDeliveryChannels": [{"name": "governance-delivery", "s3BucketName": BUCKET}],
        "config:DescribeConfigRules": [
            {"ConfigRuleName": f"governance-{identifier.lower()}", "ConfigRuleState": "ACTIVE",
             "Source": {"Owner": "AWS", "SourceIdentifier": identifier}} for identifier in identifiers],
    }


def compliant() -> AccountSnapshot:
    snapshot = AccountSnapshot(account_id=ACCOUNT_ID,
                               caller_arn=f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/audit/me",
                               collected_at="2026-11-28T00:00:00+00:00", regions=[HOME, OTHER])
    for region in (HOME, OTHER):
        home = region == HOME
        reads: dict[str, Any] = {
            "cloudtrail:DescribeTrails": [trail()],  # a shadow trail in OTHER
            "cloudtrail:GetTrailStatus": {TRAIL_ARN: {"IsLogging": True}} if home else {},
            "cloudtrail:GetEventSelectors": {TRAIL_ARN: copy.deepcopy(BASIC_SELECTORS)} if home else {},
            "s3:GetBucketVersioning": {BUCKET: {"Status": "Enabled"}} if home else {},
            "s3:GetPublicAccessBlock": {BUCKET: {"BlockPublicAcls": True, "IgnorePublicAcls": True,
                                                 "BlockPublicPolicy": True,
                                                 "RestrictPublicBuckets": True}} if home else {},
            "s3:GetBucketPolicy": {BUCKET: json.dumps(TLS_POLICY)} if home else {},
            "s3:GetBucketOwnershipControls": {BUCKET: {"Rules": [
                {"ObjectOwnership": "BucketOwnerEnforced"}]}} if home else {},
            "s3:GetBucketLogging": {BUCKET: {"LoggingEnabled": {
                "TargetBucket": "governance-s3-access-logs", "TargetPrefix": f"{BUCKET}/"}}}
            if home else {},
            "s3:GetBucketEncryption": {BUCKET: {"Rules": [{"ApplyServerSideEncryptionByDefault": {
                "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": KEY}}]}} if home else {},
            "logs:DescribeLogGroups": {GROUP: {"logGroupName": GROUP, "retentionInDays": 365}}
            if home else {},
            "logs:DescribeMetricFilters": metric_filters() if home else [],
            "cloudwatch:DescribeAlarms": alarms() if home else [],
            "sns:ListSubscriptions": [{"TopicArn": TOPIC, "Protocol": "email",
                                       "Endpoint": "security@example.com",
                                       "SubscriptionArn": f"{TOPIC}:0f1e2d3c"}] if home else [],
            "events:ListRules": [{"Name": RULE, "State": "ENABLED", "EventBusName": "default",
                                  "EventPattern": event_rule_pattern()}] if home else [],
            "events:ListTargetsByRule": {RULE: [{"Id": "security-alerts-topic", "Arn": TOPIC}]}
            if home else {},
            "kms:ListKeys": [{"KeyId": "1234abcd"}] if home else [],
            "kms:DescribeKey": {"1234abcd": {"KeyId": "1234abcd", "KeyManager": "CUSTOMER",
                                             "KeySpec": "SYMMETRIC_DEFAULT", "KeyState": "Enabled",
                                             "Origin": "AWS_KMS"}} if home else {},
            "kms:GetKeyRotationStatus": {"1234abcd": True} if home else {},
            "ec2:DescribeVpcs": [{"VpcId": f"vpc-{region[:2]}0001", "IsDefault": True}],
            "ec2:DescribeFlowLogs": [{"FlowLogId": "fl-1", "ResourceId": f"vpc-{region[:2]}0001",
                                      "TrafficType": "REJECT", "FlowLogStatus": "ACTIVE"}],
            **_config(region, global_types=True),
        }
        for api, data in reads.items():
            snapshot.record(api, data, region=region)
    return snapshot


def with_changes(*steps: tuple[Any, ...]) -> AccountSnapshot:
    """The compliant snapshot changed by each ``(api, change[, region])`` step in turn; the
    region is HOME when not given, None: every region."""
    snapshot = compliant()
    for api, change, *where in steps:
        region = where[0] if where else HOME
        snapshot = changed(snapshot, api, change, region, every_region=region is None)
    return snapshot
