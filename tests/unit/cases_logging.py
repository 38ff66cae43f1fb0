"""The unit cases of the logging checks: ``FAIL_CASES`` and ``PASS_CASES``,
keyed by control id, with the snapshot builders they use. tests/unit/test_logging_checks.py binds
their verdict tests (tests/support/verdicts.py); the item cases of tests/unit/items_*.py,
tests/unit/test_error_per_read.py and tests/support/control_reads.py read them too.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from governance.model import AccountSnapshot
from tests.support.snapshots import changed
from tests.unit.snapshots import as_json_roundtrip
from tests.unit.snapshots_logging import (
    BUCKET,
    HOME,
    OTHER,
    TLS_POLICY,
    TRAIL_ARN,
    advanced_selectors,
    compliant,
    trail,
    with_changes,
)

TRAILS, STATUS, SELECTORS = ("cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus",
                             "cloudtrail:GetEventSelectors")


def _no_trails() -> AccountSnapshot:
    return with_changes((TRAILS, [], None), (STATUS, {}), (SELECTORS, {}))


def _trail(**changes) -> AccountSnapshot:
    return changed(compliant(), TRAILS, [trail(**changes)], every_region=True)


def _selectors(value) -> AccountSnapshot:
    return changed(compliant(), SELECTORS, {TRAIL_ARN: value}, HOME)


def _policy(statements) -> AccountSnapshot:
    return changed(compliant(), "s3:GetBucketPolicy",
                   {BUCKET: json.dumps({"Version": "2012-10-17", "Statement": statements})}, HOME)


WRITE_ONLY = {"TrailARN": TRAIL_ARN, "EventSelectors": [{
    "ReadWriteType": "WriteOnly", "IncludeManagementEvents": True,
    "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}]}
ONE_BUCKET_ADVANCED = advanced_selectors(s3_fields=[
    {"Field": "eventCategory", "Equals": ["Data"]},
    {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
    {"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::example-data/"]}])
WRITE_ONLY_ADVANCED = advanced_selectors(s3_fields=[
    {"Field": "eventCategory", "Equals": ["Data"]},
    {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
    {"Field": "readOnly", "Equals": ["false"]}])
PUBLIC_READ = {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
               "Resource": f"arn:aws:s3:::{BUCKET}/*"}

FAIL_CASES: dict[str, list[tuple[str, Callable[[], AccountSnapshot], str]]] = {
    "cloudtrail-multi-region-logging": [
        ("no trails", _no_trails, "no CloudTrail trail in the audited regions"),
        ("multi-region but not logging",
         lambda: changed(compliant(), STATUS, {TRAIL_ARN: {"IsLogging": False}}, HOME),
         "governance-trail: not logging"),
        ("single-region", lambda: _trail(IsMultiRegionTrail=False), "not multi-region"),
        ("write-only management events", lambda: _selectors(WRITE_ONLY),
         "write management events only"),
        ("management events excluded", lambda: _selectors({"EventSelectors": [{
            "ReadWriteType": "All", "IncludeManagementEvents": False}]}), "no management events"),
    ],
    "cloudtrail-log-file-validation": [
        ("validation off", lambda: _trail(LogFileValidationEnabled=False),
         "governance-trail (validation off)"),
        ("no trails", _no_trails, "no CloudTrail trail"),
    ],
    "cloudtrail-kms-encryption": [
        ("KMS missing", lambda: _trail(KmsKeyId=None), "governance-trail (no KMS key"),
        ("no trails", _no_trails, "no CloudTrail trail"),
    ],
    "cloudtrail-cloudwatch-logs-integration": [
        ("no log group on the trail", lambda: _trail(CloudWatchLogsLogGroupArn=None),
         "no CloudWatch Logs log group"),
        ("no role", lambda: _trail(CloudWatchLogsRoleArn=None), "no role"),
        ("log group deleted",
         lambda: changed(compliant(), "logs:DescribeLogGroups",
                         {"/aws/cloudtrail/governance": None}, HOME),
         "log group /aws/cloudtrail/governance does not exist"),
        ("delivery error", lambda: changed(compliant(), STATUS, {TRAIL_ARN: {
            "IsLogging": True, "LatestCloudWatchLogsDeliveryError": "AccessDenied"}}, HOME),
         "delivery error AccessDenied"),
    ],
    "cloudtrail-bucket-access-logging": [
        ("logging off", lambda: changed(compliant(), "s3:GetBucketLogging", {BUCKET: {}}, HOME),
         f"bucket {BUCKET} has no server access logging"),
        ("bucket deleted", lambda: changed(compliant(), "s3:GetBucketLogging", {BUCKET: None}, HOME),
         "does not exist"),
    ],
    "cloudtrail-bucket-protected": [
        ("versioning suspended", lambda: changed(compliant(), "s3:GetBucketVersioning",
                                                 {BUCKET: {"Status": "Suspended"}}, HOME),
         "versioning off"),
        ("public access block partial", lambda: changed(
            compliant(), "s3:GetPublicAccessBlock", {BUCKET: {
                "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": False,
                "RestrictPublicBuckets": True}}, HOME),
         "public access block missing BlockPublicPolicy"),
        ("no public access block", lambda: changed(compliant(), "s3:GetPublicAccessBlock",
                                                   {BUCKET: None}, HOME),
         "public access block missing BlockPublicAcls"),
        ("no TLS deny", lambda: _policy(TLS_POLICY["Statement"][:1]),
         "no bucket policy statement denies aws:SecureTransport false"),
        ("no policy", lambda: changed(compliant(), "s3:GetBucketPolicy", {BUCKET: None}, HOME),
         "denies aws:SecureTransport"),
        ("public grant", lambda: _policy([*TLS_POLICY["Statement"], PUBLIC_READ]),
         "policy grants public access (PublicRead)"),
        ("ACLs enabled", lambda: changed(compliant(), "s3:GetBucketOwnershipControls", {BUCKET: {
            "Rules": [{"ObjectOwnership": "ObjectWriter"}]}}, HOME),
         "object ownership not BucketOwnerEnforced"),
        ("bucket deleted", lambda: changed(compliant(), "s3:GetBucketVersioning", {BUCKET: None}, HOME),
         "bucket does not exist"),
    ],
    "cloudtrail-s3-data-events-write": [
        ("no data events", lambda: _selectors({"EventSelectors": [{
            "ReadWriteType": "All", "IncludeManagementEvents": True, "DataResources": []}]}),
         "no S3 object-level write events for all buckets"),
        ("advanced, one bucket only", lambda: _selectors(ONE_BUCKET_ADVANCED),
         "no S3 object-level write events"),
        ("trail not logging", lambda: changed(compliant(), STATUS, {TRAIL_ARN: {"IsLogging": False}}, HOME),
         "governance-trail: not logging"),
    ],
    "cloudtrail-s3-data-events-read": [
        ("basic write-only", lambda: _selectors(WRITE_ONLY),
         "no S3 object-level read events for all buckets"),
        ("advanced write-only", lambda: _selectors(WRITE_ONLY_ADVANCED),
         "no S3 object-level read events"),
        ("no trails", _no_trails, "no CloudTrail trail"),
    ],
    "config-recorder-all-regions": [
        ("no recorder in eu-west-1", lambda: changed(
            compliant(), "config:DescribeConfigurationRecorders", [], OTHER),
         f"AWS Config in {OTHER}: no configuration recorder"),
        ("not recording", lambda: changed(
            compliant(), "config:DescribeConfigurationRecorderStatus",
            [{"name": "governance-recorder", "recording": False}], OTHER),
         "recorder governance-recorder is not recording"),
        ("selected types only", lambda: changed(
            compliant(), "config:DescribeConfigurationRecorders",
            lambda r: [{**r[0], "recordingGroup": {"allSupported": False,
                                                   "resourceTypes": ["AWS::S3::Bucket"]}}], OTHER),
         "no recorder records all supported resource types including global ones"),
        ("global types off in eu-west-1 (CIS 3.3 reads each region)", lambda: changed(
            compliant(), "config:DescribeConfigurationRecorders",
            lambda r: [{**r[0], "recordingGroup": {"allSupported": True,
                                                   "includeGlobalResourceTypes": False}}], OTHER),
         f"AWS Config in {OTHER}: no recorder records all supported resource types including"),
        ("no recording group: AWS's default leaves global types out", lambda: changed(
            compliant(), "config:DescribeConfigurationRecorders",
            lambda r: [{k: v for k, v in r[0].items() if k != "recordingGroup"}], OTHER),
         "including global ones"),
        ("last status PENDING on AWS", lambda: changed(
            compliant(), "config:DescribeConfigurationRecorderStatus",
            [{"name": "governance-recorder", "recording": True, "lastStatus": "PENDING"}], OTHER),
         "recorder governance-recorder lastStatus is PENDING, needs SUCCESS"),
        ("last status FAILURE", lambda: changed(
            compliant(), "config:DescribeConfigurationRecorderStatus",
            [{"name": "governance-recorder", "recording": True, "lastStatus": "FAILURE"}], OTHER),
         "lastStatus is FAILURE"),
        ("no delivery channel", lambda: changed(compliant(), "config:DescribeDeliveryChannels",
                                                [], OTHER),
         "no delivery channel"),
    ],
    "aws-config-managed-rules": [
        ("rule missing", lambda: changed(compliant(), "config:DescribeConfigRules",
                                         lambda rules: [r for r in rules if r["Source"][
                                             "SourceIdentifier"] != "CLOUD_TRAIL_ENCRYPTION_ENABLED"],
                                         HOME),
         f"AWS Config in {HOME}: missing managed rule(s) cloud-trail-encryption-enabled"),
        ("no recorder", lambda: changed(compliant(), "config:DescribeConfigurationRecorders", [], HOME),
         "no configuration recorder"),
    ],
    "kms-key-rotation": [
        ("rotation off", lambda: changed(compliant(), "kms:GetKeyRotationStatus",
                                         {"1234abcd": False}, HOME),
         "customer-managed key(s) without rotation in us-east-1: 1234abcd"),
    ],
    "vpc-flow-logs": [
        ("no flow log", lambda: changed(compliant(), "ec2:DescribeFlowLogs", [], OTHER),
         f"VPC(s) without a flow log of rejected traffic in {OTHER}: vpc-eu0001"),
        ("accepted traffic only", lambda: changed(
            compliant(), "ec2:DescribeFlowLogs", lambda flows: [
                {**flows[0], "TrafficType": "ACCEPT"}], HOME), "vpc-us0001"),
    ],
}

# CIS v4.0.1 3.8/3.9: each trail multi-region, logging S3 object-level events of every bucket
# (basic: the kind enabled for arn:aws:s3; advanced: "Log all events").
EVERY_WRITE, EVERY_READ = ("cloudtrail-every-trail-s3-data-events-write",
                           "cloudtrail-every-trail-s3-data-events-read")
APP_TRAIL_ARN = TRAIL_ARN.replace("governance-trail", "app-trail")


def _second_trail(selected: dict, **changes) -> AccountSnapshot:
    """The compliant governance trail and an app-trail with ``selected`` event selectors."""
    second = trail(Name="app-trail", TrailARN=APP_TRAIL_ARN, **changes)
    snapshot = changed(compliant(), TRAILS, lambda found: [*found, second], every_region=True)
    snapshot = changed(snapshot, STATUS, lambda s: {**s, APP_TRAIL_ARN: {"IsLogging": True}}, HOME)
    return changed(snapshot, SELECTORS, lambda s: {**s, APP_TRAIL_ARN: selected}, HOME)


BASIC_ALL = {"EventSelectors": [{
    "ReadWriteType": "All", "IncludeManagementEvents": True,
    "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}]}
READ_ONLY = {"EventSelectors": [{**BASIC_ALL["EventSelectors"][0], "ReadWriteType": "ReadOnly"}]}
READ_ONLY_ADVANCED = advanced_selectors(s3_fields=[
    {"Field": "eventCategory", "Equals": ["Data"]},
    {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
    {"Field": "readOnly", "Equals": ["true"]}])
NO_DATA = {"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": True,
                               "DataResources": []}]}
for _control, _kind, _other_only, _other_advanced in (
        (EVERY_WRITE, "write", READ_ONLY, READ_ONLY_ADVANCED),
        (EVERY_READ, "read", WRITE_ONLY, WRITE_ONLY_ADVANCED)):
    FAIL_CASES[_control] = [
        ("a second trail without data events (one trail is not enough)",
         lambda: _second_trail(NO_DATA),
         f"trail app-trail: no S3 object-level {_kind} events for all buckets"),
        ("a second trail that logs them but is single-region",
         lambda: _second_trail(BASIC_ALL, IsMultiRegionTrail=False),
         "trail app-trail: not multi-region"),
        (f"basic selector without {_kind} events", lambda s=_other_only: _selectors(s),
         f"trail governance-trail: no S3 object-level {_kind} events for all buckets"),
        ("advanced selector for the other kind only (not 'Log all events')",
         lambda s=_other_advanced: _selectors(s), f"no S3 object-level {_kind} events"),
        ("advanced write-only and read-only selectors: neither is 'Log all events'",
         lambda: _selectors({**WRITE_ONLY_ADVANCED, "AdvancedEventSelectors": [
             *WRITE_ONLY_ADVANCED["AdvancedEventSelectors"],
             READ_ONLY_ADVANCED["AdvancedEventSelectors"][1]]}),
         f"no S3 object-level {_kind} events"),
        ("advanced, one bucket only", lambda: _selectors(ONE_BUCKET_ADVANCED),
         f"no S3 object-level {_kind} events"),
        ("basic, one bucket only", lambda: _selectors({"EventSelectors": [{
            "ReadWriteType": "All", "DataResources": [{
                "Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::example-data/"]}]}]}),
         f"no S3 object-level {_kind} events"),
        ("no selectors set: management events only", lambda: _selectors({}),
         f"no S3 object-level {_kind} events"),
        ("no trails", _no_trails, "no CloudTrail trail"),
    ]

PASS_CASES: dict[str, list[tuple[str, Callable[[], AccountSnapshot]]]] = {
    control_id: [("compliant (shadow trail in eu-west-1)", compliant),
                 ("json roundtrip", lambda: as_json_roundtrip(compliant()))]
    for control_id in FAIL_CASES
}
PASS_CASES["cloudtrail-multi-region-logging"] += [
    ("advanced selectors", lambda: _selectors(advanced_selectors())),
    ("no selectors set: AWS's default is all management events", lambda: _selectors({})),
    ("empty selector lists: AWS's default", lambda: _selectors(
        {"EventSelectors": [], "AdvancedEventSelectors": []})),
]
PASS_CASES["cloudtrail-s3-data-events-write"] += [
    ("advanced selectors", lambda: _selectors(advanced_selectors())),
    ("advanced write-only", lambda: _selectors(WRITE_ONLY_ADVANCED)),
    ("basic write-only", lambda: _selectors(WRITE_ONLY)),
    ("basic arn:aws:s3:::", lambda: _selectors({"EventSelectors": [{
        "ReadWriteType": "All", "IncludeManagementEvents": True,
        "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::"]}]}]})),
]
for _control, _only in ((EVERY_WRITE, WRITE_ONLY), (EVERY_READ, READ_ONLY)):
    PASS_CASES[_control] += [
        ("advanced 'Log all events'", lambda: _selectors(advanced_selectors())),
        ("basic selector with only this kind enabled", lambda s=_only: _selectors(s)),
        ("two multi-region trails, each logging them", lambda: _second_trail(BASIC_ALL)),
        ("the procedure does not read the logging status", lambda: changed(
            compliant(), STATUS, {TRAIL_ARN: {"IsLogging": False}}, HOME)),
        ("basic arn:aws:s3:::", lambda: _selectors({"EventSelectors": [{
            "ReadWriteType": "All", "IncludeManagementEvents": True,
            "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::"]}]}]})),
    ]
PASS_CASES["cloudtrail-s3-data-events-read"].append(
    ("advanced selectors", lambda: _selectors(advanced_selectors())))
PASS_CASES["cloudtrail-bucket-protected"].append(
    ("service grant pinned by aws:SourceArn and string principal deny", lambda: _policy([
        TLS_POLICY["Statement"][0],
        {**TLS_POLICY["Statement"][1], "Principal": "*",
         "Condition": {"Bool": {"aws:SecureTransport": ["false"]}}},
        {"Sid": "OrgRead", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject",
         "Resource": f"arn:aws:s3:::{BUCKET}/*",
         "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}])))
PASS_CASES["kms-key-rotation"].append(("AWS-managed and disabled keys are out of scope", lambda: changed(
    compliant(), "kms:DescribeKey", lambda keys: {**keys, "aws-1": {
        "KeyId": "aws-1", "KeyManager": "AWS", "KeyState": "Enabled"}, "old": {
        "KeyId": "old", "KeyManager": "CUSTOMER", "KeyState": "Disabled"}}, HOME)))
PASS_CASES["vpc-flow-logs"].append(("ALL traffic", lambda: changed(
    compliant(), "ec2:DescribeFlowLogs", lambda flows: [{**flows[0], "TrafficType": "ALL"}], HOME)))
