"""Hand-built snapshots for resource-policies-no-public-principal (CIS v7.0.0 2.21): an
account whose every resource policy passes, with each kind of resource the control reads
(and each way of passing: no policy, a named principal, a wildcard principal with a
restrictive condition), then one policy changed at a time."""

from __future__ import annotations

import copy
import json
from typing import Any

from governance.model import AccountSnapshot
from tests.unit.snapshots import ACCOUNT_ID

HOME, OTHER = "us-east-1", "eu-west-1"
ORG = "o-a1b2c3d4e5"
BUCKET, OPEN_BUCKET = "example-logs", "example-empty"
QUEUE = f"https://sqs.{HOME}.amazonaws.com/{ACCOUNT_ID}/alerts"
QUEUE_ARN = f"arn:aws:sqs:{HOME}:{ACCOUNT_ID}:alerts"
PLAIN_QUEUE = f"https://sqs.{HOME}.amazonaws.com/{ACCOUNT_ID}/work"
TOPIC = f"arn:aws:sns:{HOME}:{ACCOUNT_ID}:alerts"
FUNCTION = "ingest"
FUNCTION_ARN = f"arn:aws:lambda:{HOME}:{ACCOUNT_ID}:function:{FUNCTION}"
KEY, MANAGED_KEY = "1234abcd-12ab-34cd-56ef-1234567890ab", "0987dcba-09fe-87dc-65ba-ab0987654321"
SECRET = f"arn:aws:secretsmanager:{HOME}:{ACCOUNT_ID}:secret:db-password-AbCdEf"
EU_SECRET = f"arn:aws:secretsmanager:{OTHER}:{ACCOUNT_ID}:secret:eu-token-GhIjKl"


def document(*statements: dict[str, Any], version: str = "2012-10-17") -> str:
    return json.dumps({"Version": version, "Statement": list(statements)})


def allow(principal: Any = "*", condition: dict[str, Any] | None = None, *,
          sid: str | None = "Public", action: Any = "*", **extra: Any) -> dict[str, Any]:
    """An Allow statement (``principal`` None: no Principal element)."""
    statement: dict[str, Any] = {"Effect": "Allow", "Action": action, "Resource": "*", **extra}
    if sid is not None:
        statement["Sid"] = sid
    if principal is not None:
        statement["Principal"] = principal
    if condition is not None:
        statement["Condition"] = condition
    return statement


def deny(principal: Any = "*", condition: dict[str, Any] | None = None, *,
         sid: str = "DenyInsecureTransport") -> dict[str, Any]:
    return {**allow(principal, condition if condition is not None else {
        "Bool": {"aws:SecureTransport": "false"}}, sid=sid, action="s3:*"), "Effect": "Deny"}


def sns_default_policy(topic: str = TOPIC, owner: str = ACCOUNT_ID) -> str:
    """The policy SNS gives every new topic."""
    return json.dumps({"Version": "2008-10-17", "Id": "__default_policy_ID", "Statement": [{
        "Sid": "__default_statement_ID", "Effect": "Allow", "Principal": {"AWS": "*"},
        "Action": ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
                   "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe",
                   "SNS:ListSubscriptionsByTopic", "SNS:Publish"],
        "Resource": topic, "Condition": {"StringEquals": {"AWS:SourceOwner": owner}}}]})


def kms_default_policy() -> str:
    """The policy KMS gives a key created without one."""
    return json.dumps({"Version": "2012-10-17", "Id": "key-default-1", "Statement": [{
        "Sid": "Enable IAM User Permissions", "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}, "Action": "kms:*",
        "Resource": "*"}]})


def aws_managed_key_policy(region: str = OTHER) -> str:
    """The shape of an AWS managed key's policy (aws/ebs): everyone in the account, through
    the service only."""
    return document(allow({"AWS": "*"}, {"StringEquals": {
        "kms:CallerAccount": ACCOUNT_ID, "kms:ViaService": f"ec2.{region}.amazonaws.com"}},
        sid="Allow access through EBS for all principals in the account that are authorized "
            "to use EBS", action=["kms:Encrypt", "kms:Decrypt", "kms:CreateGrant"]),
        allow({"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}, sid="Allow direct access to key "
              "metadata to the account", action=["kms:Describe*", "kms:Get*", "kms:List*"]))


def bucket_policy(bucket: str = BUCKET) -> str:
    """The baseline's access-log bucket shape: Deny "*" over HTTP, S3 log delivery (a
    service principal) restricted to the source bucket and account."""
    return document(deny(), allow({"Service": "logging.s3.amazonaws.com"}, {
        "ArnLike": {"aws:SourceArn": "arn:aws:s3:::example-trail-logs"},
        "StringEquals": {"aws:SourceAccount": ACCOUNT_ID}}, sid="S3ServerAccessLogsDelivery",
        action="s3:PutObject", Resource=f"arn:aws:s3:::{bucket}/*"))


def compliant() -> AccountSnapshot:
    """Every resource policy passes: two buckets, two queues, a topic, a function with a
    version and an alias, a customer key and an AWS managed key, two secrets; two regions."""
    snapshot = AccountSnapshot(account_id=ACCOUNT_ID,
                               caller_arn=f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/audit/me",
                               collected_at="2026-12-07T00:00:00+00:00", regions=[HOME, OTHER])
    snapshot.record("s3:ListBuckets", [{"Name": BUCKET}, {"Name": OPEN_BUCKET}])
    snapshot.record("s3:GetBucketLocation", {BUCKET: HOME, OPEN_BUCKET: OTHER})
    snapshot.record("s3:GetBucketPolicy", {BUCKET: bucket_policy(), OPEN_BUCKET: None})
    snapshot.record("sqs:ListQueues", [QUEUE, PLAIN_QUEUE], region=HOME)
    snapshot.record("sqs:GetQueueAttributes", {
        QUEUE: {"QueueArn": QUEUE_ARN, "Policy": document(allow("*", {
            "ArnEquals": {"aws:SourceArn": TOPIC}}, sid="topic-subscription",
            action="sqs:SendMessage"))},
        PLAIN_QUEUE: {"QueueArn": f"arn:aws:sqs:{HOME}:{ACCOUNT_ID}:work", "Policy": None}},
        region=HOME)
    snapshot.record("sns:ListTopics", [TOPIC], region=HOME)
    snapshot.record("sns:GetTopicAttributes", {TOPIC: {"Policy": sns_default_policy()}},
                    region=HOME)
    snapshot.record("lambda:ListFunctions", [{"FunctionName": FUNCTION,
                                              "FunctionArn": FUNCTION_ARN}], region=HOME)
    snapshot.record("lambda:ListVersionsByFunction", {FUNCTION: ["1"]}, region=HOME)
    snapshot.record("lambda:ListAliases", {FUNCTION: ["live"]}, region=HOME)
    snapshot.record("lambda:GetPolicy", {
        FUNCTION: {"Policy": document(allow("*", {"StringEquals": {"aws:PrincipalOrgID": ORG}},
                                            sid="org-invoke", action="lambda:InvokeFunction"))},
        f"{FUNCTION}:1": {"Policy": None},
        f"{FUNCTION}:live": {"Policy": document(allow({"Service": "s3.amazonaws.com"}, {
            "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::example-uploads"},
            "StringEquals": {"AWS:SourceAccount": ACCOUNT_ID}}, sid="s3-invoke",
            action="lambda:InvokeFunction"))}}, region=HOME)
    snapshot.record("kms:ListKeys", [{"KeyId": KEY, "KeyArn": f"arn:aws:kms:{HOME}:{ACCOUNT_ID}"
                                                               f":key/{KEY}"}], region=HOME)
    snapshot.record("kms:GetKeyPolicy", {KEY: {"Policy": kms_default_policy()}}, region=HOME)
    snapshot.record("kms:ListKeys", [{"KeyId": MANAGED_KEY, "KeyArn": f"arn:aws:kms:{OTHER}:"
                                      f"{ACCOUNT_ID}:key/{MANAGED_KEY}"}], region=OTHER)
    snapshot.record("kms:GetKeyPolicy", {MANAGED_KEY: {"Policy": aws_managed_key_policy()}},
                    region=OTHER)
    snapshot.record("secretsmanager:ListSecrets", [{"ARN": SECRET, "Name": "db-password"}],
                    region=HOME)
    snapshot.record("secretsmanager:GetResourcePolicy", {SECRET: {"Policy": document(allow(
        {"AWS": "*"}, {"StringEquals": {"aws:PrincipalAccount": ACCOUNT_ID}}, sid="account-read",
        action="secretsmanager:GetSecretValue"))}}, region=HOME)
    snapshot.record("secretsmanager:ListSecrets", [{"ARN": EU_SECRET, "Name": "eu-token"}],
                    region=OTHER)
    snapshot.record("secretsmanager:GetResourcePolicy", {EU_SECRET: {"Policy": None}},
                    region=OTHER)
    for api in ("sqs:ListQueues", "sns:ListTopics", "lambda:ListFunctions"):
        snapshot.record(api, [], region=OTHER)
    for api in ("sqs:GetQueueAttributes", "sns:GetTopicAttributes",
                "lambda:ListVersionsByFunction", "lambda:ListAliases", "lambda:GetPolicy"):
        snapshot.record(api, {}, region=OTHER)
    return snapshot


def empty() -> AccountSnapshot:
    """Every list read and empty: nothing to judge."""
    snapshot = compliant()
    snapshot.record("s3:ListBuckets", [])
    snapshot.record("s3:GetBucketLocation", {})
    snapshot.record("s3:GetBucketPolicy", {})
    for region in (HOME, OTHER):
        for api in ("sqs:ListQueues", "sns:ListTopics", "lambda:ListFunctions", "kms:ListKeys",
                    "secretsmanager:ListSecrets"):
            snapshot.record(api, [], region=region)
        for api in ("sqs:GetQueueAttributes", "sns:GetTopicAttributes", "lambda:GetPolicy",
                    "lambda:ListVersionsByFunction", "lambda:ListAliases", "kms:GetKeyPolicy",
                    "secretsmanager:GetResourcePolicy"):
            snapshot.record(api, {}, region=region)
    return snapshot


# Where each kind of resource keeps its (first) policy in compliant(): (api, region, id).
TARGETS: dict[str, tuple[str, str | None, str]] = {
    "s3": ("s3:GetBucketPolicy", None, BUCKET),
    "sqs": ("sqs:GetQueueAttributes", HOME, QUEUE),
    "sns": ("sns:GetTopicAttributes", HOME, TOPIC),
    "lambda": ("lambda:GetPolicy", HOME, FUNCTION),
    "lambda-version": ("lambda:GetPolicy", HOME, f"{FUNCTION}:1"),
    "lambda-alias": ("lambda:GetPolicy", HOME, f"{FUNCTION}:live"),
    "kms": ("kms:GetKeyPolicy", HOME, KEY),
    "kms-managed": ("kms:GetKeyPolicy", OTHER, MANAGED_KEY),
    "secret": ("secretsmanager:GetResourcePolicy", HOME, SECRET),
}


def with_entry(target: str, entry: Any, snapshot: AccountSnapshot | None = None
               ) -> AccountSnapshot:
    """A copy of ``snapshot`` (compliant()) whose ``target`` resource's read entry is
    ``entry`` (S3 keeps the bare policy text)."""
    api, region, ident = TARGETS[target]
    result = copy.deepcopy(snapshot or compliant())
    data = copy.deepcopy(result.get(api, region))
    if api == "s3:GetBucketPolicy":
        data[ident] = entry["Policy"] if isinstance(entry, dict) and "Policy" in entry else entry
    elif api == "sqs:GetQueueAttributes" and isinstance(entry, dict) and "Policy" in entry:
        data[ident] = {**data[ident], **entry}
    else:
        data[ident] = entry
    result.record(api, data, region=region)
    return result


def with_policy(target: str, policy: str | None,
                snapshot: AccountSnapshot | None = None) -> AccountSnapshot:
    return with_entry(target, {"Policy": policy}, snapshot)


def with_statements(target: str, *statements: dict[str, Any]) -> AccountSnapshot:
    return with_policy(target, document(*statements))
