"""Seeding for resource-policies-no-public-principal (CIS v7.0.0 2.21): an S3 bucket, SQS
queue, SNS topic, Lambda function (with a version and an alias), KMS key and secret, each
with a restricted policy (``seed_restricted``) or one that only looks restricted
(``seed_public``).

moto limits: Lambda keeps one policy per function whatever the qualifier; AddPermission with
FunctionUrlAuthType stores the key beside the statement, not as a condition. Lambda
functions are created without Docker (moto needs it only to invoke).
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from harness.moto_sandbox import SandboxAccount

ORG = "o-a1b2c3d4e5"


def bucket(account: SandboxAccount, suffix: str) -> str:
    """S3 bucket names are global in moto too: per account."""
    return f"rp-{suffix}-{account.account_id}"


def policy_document(*statements: dict[str, Any]) -> str:
    """A policy document of ``statements``."""
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def function(account: SandboxAccount, name: str = "ingest") -> str:
    """A Lambda function (and its execution role) made without Docker; its name."""
    role = account.client("iam").create_role(
        RoleName=f"{name}-role", AssumeRolePolicyDocument=policy_document({
            "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole"}))["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return event\n")
    account.client("lambda").create_function(
        FunctionName=name, Runtime="python3.12", Role=role, Handler="index.handler",
        Code={"ZipFile": code.getvalue()})
    return name


def seed_restricted(account: SandboxAccount) -> None:
    """Every resource policy passes: no policy, named principals, and wildcard principals
    restricted by aws:SourceArn, AWS:SourceOwner (SNS's default), aws:PrincipalOrgID,
    kms:CallerAccount, aws:PrincipalAccount."""
    me = account.account_id
    s3 = account.client("s3")
    logs, plain = bucket(account, "logs"), bucket(account, "plain")
    for name in (logs, plain):
        s3.create_bucket(Bucket=name)
    s3.put_bucket_policy(Bucket=logs, Policy=policy_document(
        {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
         "Resource": [f"arn:aws:s3:::{logs}", f"arn:aws:s3:::{logs}/*"],
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        {"Sid": "S3ServerAccessLogsDelivery", "Effect": "Allow",
         "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject",
         "Resource": f"arn:aws:s3:::{logs}/*",
         "Condition": {"ArnLike": {"aws:SourceArn": f"arn:aws:s3:::{plain}"},
                       "StringEquals": {"aws:SourceAccount": me}}}))
    topic = account.client("sns").create_topic(Name="alerts")["TopicArn"]  # default policy
    sqs = account.client("sqs")
    queue = sqs.create_queue(QueueName="alerts")["QueueUrl"]
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"Policy": policy_document({
        "Sid": "topic-subscription", "Effect": "Allow", "Principal": "*",
        "Action": "sqs:SendMessage", "Resource": f"arn:aws:sqs:{account.region}:{me}:alerts",
        "Condition": {"ArnEquals": {"aws:SourceArn": topic}}})})
    sqs.create_queue(QueueName="work")
    awslambda = account.client("lambda")
    name = function(account)
    awslambda.add_permission(FunctionName=name, StatementId="org-invoke", Principal="*",
                             Action="lambda:InvokeFunction", PrincipalOrgID=ORG)
    awslambda.add_permission(FunctionName=name, StatementId="s3-invoke",
                             Principal="s3.amazonaws.com", Action="lambda:InvokeFunction",
                             SourceArn=f"arn:aws:s3:::{plain}", SourceAccount=me)
    version = awslambda.publish_version(FunctionName=name)["Version"]
    awslambda.create_alias(FunctionName=name, Name="live", FunctionVersion=version)
    kms = account.client("kms")
    kms.create_key(Description="default key policy")
    kms.create_key(Description="account-wide through EBS", Policy=policy_document(
        {"Sid": "root", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{me}:root"},
         "Action": "kms:*", "Resource": "*"},
        {"Sid": "ebs", "Effect": "Allow", "Principal": {"AWS": "*"},
         "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": me,
                                        "kms:ViaService": "ec2.us-east-1.amazonaws.com"}}}))
    secrets = account.client("secretsmanager")
    secret = secrets.create_secret(Name="db-password", SecretString="seeded")["ARN"]
    secrets.put_resource_policy(SecretId=secret, ResourcePolicy=policy_document({
        "Sid": "account-read", "Effect": "Allow", "Principal": {"AWS": "*"},
        "Action": "secretsmanager:GetSecretValue", "Resource": "*",
        "Condition": {"StringEquals": {"aws:PrincipalAccount": me}}}))
    secrets.create_secret(Name="no-policy", SecretString="seeded")


def seed_public(account: SandboxAccount) -> None:
    """Each resource's only policy allows a wildcard principal that its condition, if any,
    does not restrict."""
    me = account.account_id
    s3 = account.client("s3")
    website = bucket(account, "website")
    s3.create_bucket(Bucket=website)
    s3.put_bucket_policy(Bucket=website, Policy=policy_document({
        "Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{website}/*"}))
    sqs = account.client("sqs")
    queue = sqs.create_queue(QueueName="alerts")["QueueUrl"]
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"Policy": policy_document({
        "Sid": "any-role", "Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage",
        "Resource": "*", "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:*"}}})})
    sns = account.client("sns")
    topic = sns.create_topic(Name="alerts")["TopicArn"]
    sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=policy_document({
        "Sid": "not-that-account", "Effect": "Allow", "Principal": {"AWS": "*"},
        "Action": "SNS:Publish", "Resource": topic,
        "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "111111111111"}}}))
    name = function(account)
    account.client("lambda").add_permission(
        FunctionName=name, StatementId="FunctionURLAllowPublicAccess", Principal="*",
        Action="lambda:InvokeFunctionUrl", FunctionUrlAuthType="NONE")
    account.client("kms").create_key(Description="if-exists", Policy=policy_document({
        "Sid": "service-if-exists", "Effect": "Allow", "Principal": {"AWS": "*"},
        "Action": "kms:Decrypt", "Resource": "*",
        "Condition": {"StringEqualsIfExists": {"aws:SourceAccount": me}}}))
    secrets = account.client("secretsmanager")
    secret = secrets.create_secret(Name="db-password", SecretString="seeded")["ARN"]
    secrets.put_resource_policy(SecretId=secret, ResourcePolicy=policy_document({
        "Sid": "hidden-star", "Effect": "Allow",
        "Principal": {"AWS": [f"arn:aws:iam::{me}:root", "*"]},
        "Action": "secretsmanager:GetSecretValue", "Resource": "*"}))
