"""resource-policies-no-public-principal (CIS v7.0.0 2.21) through the CLI on seeded moto
accounts: every kind of resource the control reads (S3 bucket, SQS queue, SNS topic,
Lambda function with a version and an alias, KMS key, secret) PASSes with restricted
policies, FAILs with policies that only look restricted, and each read denied on its own
turns that service's findings ERROR while the others stay PASS (the shared ERROR test of
tests/seeded/cases.py wants every finding ERROR, which one denied read of six services
cannot give: this module has its own).

moto limits: Lambda keeps one policy per function whatever the qualifier (AWS keeps one
per version and alias), so the alias and version reads answer the function's policy;
AddPermission with FunctionUrlAuthType stores the key beside the statement, not as the
``lambda:FunctionUrlAuthType`` condition AWS writes (the statement still has no
restrictive condition: FAIL either way). Lambda functions are created without Docker
(moto needs it only to invoke).
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from harness.moto_extensions import deny
from tests.seeded.cases import SeededCase, cli_verdict_tests

CONTROL = "resource-policies-no-public-principal"
ORG = "o-a1b2c3d4e5"


def _bucket(account, suffix: str) -> str:
    """S3 bucket names are global in moto too: per account."""
    return f"rp-{suffix}-{account.account_id}"


def _policy(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _function(account, name: str = "ingest") -> str:
    role = account.client("iam").create_role(
        RoleName=f"{name}-role", AssumeRolePolicyDocument=_policy({
            "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole"}))["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return event\n")
    account.client("lambda").create_function(
        FunctionName=name, Runtime="python3.12", Role=role, Handler="index.handler",
        Code={"ZipFile": code.getvalue()})
    return name


def seed_restricted(account) -> None:
    """Every resource policy passes: no policy, named principals, and wildcard principals
    restricted by aws:SourceArn, AWS:SourceOwner (SNS's default), aws:PrincipalOrgID,
    kms:CallerAccount, aws:PrincipalAccount."""
    me = account.account_id
    s3 = account.client("s3")
    logs, plain = _bucket(account, "logs"), _bucket(account, "plain")
    for name in (logs, plain):
        s3.create_bucket(Bucket=name)
    s3.put_bucket_policy(Bucket=logs, Policy=_policy(
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
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"Policy": _policy({
        "Sid": "topic-subscription", "Effect": "Allow", "Principal": "*",
        "Action": "sqs:SendMessage", "Resource": f"arn:aws:sqs:{account.region}:{me}:alerts",
        "Condition": {"ArnEquals": {"aws:SourceArn": topic}}})})
    sqs.create_queue(QueueName="work")
    awslambda = account.client("lambda")
    name = _function(account)
    awslambda.add_permission(FunctionName=name, StatementId="org-invoke", Principal="*",
                             Action="lambda:InvokeFunction", PrincipalOrgID=ORG)
    awslambda.add_permission(FunctionName=name, StatementId="s3-invoke",
                             Principal="s3.amazonaws.com", Action="lambda:InvokeFunction",
                             SourceArn=f"arn:aws:s3:::{plain}", SourceAccount=me)
    version = awslambda.publish_version(FunctionName=name)["Version"]
    awslambda.create_alias(FunctionName=name, Name="live", FunctionVersion=version)
    kms = account.client("kms")
    kms.create_key(Description="default key policy")
    kms.create_key(Description="account-wide through EBS", Policy=_policy(
        {"Sid": "root", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{me}:root"},
         "Action": "kms:*", "Resource": "*"},
        {"Sid": "ebs", "Effect": "Allow", "Principal": {"AWS": "*"},
         "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": me,
                                        "kms:ViaService": "ec2.us-east-1.amazonaws.com"}}}))
    secrets = account.client("secretsmanager")
    secret = secrets.create_secret(Name="db-password", SecretString="seeded")["ARN"]
    secrets.put_resource_policy(SecretId=secret, ResourcePolicy=_policy({
        "Sid": "account-read", "Effect": "Allow", "Principal": {"AWS": "*"},
        "Action": "secretsmanager:GetSecretValue", "Resource": "*",
        "Condition": {"StringEquals": {"aws:PrincipalAccount": me}}}))
    secrets.create_secret(Name="no-policy", SecretString="seeded")


def seed_public(account) -> None:
    """Each resource's only policy allows a wildcard principal that its condition, if any,
    does not restrict."""
    me = account.account_id
    s3 = account.client("s3")
    website = _bucket(account, "website")
    s3.create_bucket(Bucket=website)
    s3.put_bucket_policy(Bucket=website, Policy=_policy({
        "Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{website}/*"}))
    sqs = account.client("sqs")
    queue = sqs.create_queue(QueueName="alerts")["QueueUrl"]
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"Policy": _policy({
        "Sid": "any-role", "Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage",
        "Resource": "*", "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:*"}}})})
    sns = account.client("sns")
    topic = sns.create_topic(Name="alerts")["TopicArn"]
    sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=_policy({
        "Sid": "not-that-account", "Effect": "Allow", "Principal": {"AWS": "*"},
        "Action": "SNS:Publish", "Resource": topic,
        "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "111111111111"}}}))
    name = _function(account)
    account.client("lambda").add_permission(
        FunctionName=name, StatementId="FunctionURLAllowPublicAccess", Principal="*",
        Action="lambda:InvokeFunctionUrl", FunctionUrlAuthType="NONE")
    account.client("kms").create_key(Description="if-exists", Policy=_policy({
        "Sid": "service-if-exists", "Effect": "Allow", "Principal": {"AWS": "*"},
        "Action": "kms:Decrypt", "Resource": "*",
        "Condition": {"StringEqualsIfExists": {"aws:SourceAccount": me}}}))
    secrets = account.client("secretsmanager")
    secret = secrets.create_secret(Name="db-password", SecretString="seeded")["ARN"]
    secrets.put_resource_policy(SecretId=secret, ResourcePolicy=_policy({
        "Sid": "hidden-star", "Effect": "Allow",
        "Principal": {"AWS": [f"arn:aws:iam::{me}:root", "*"]},
        "Action": "secretsmanager:GetSecretValue", "Resource": "*"}))


SEEDED = {CONTROL: SeededCase(
    seed_pass=seed_restricted, seed_fail=seed_public,
    fail_reason="statement PublicRead allows Principal \"*\" with no Condition",
    denied_action="sqs:GetQueueAttributes")}

(test_cli_passes_on_a_compliant_account, test_cli_fails_with_the_reason,
 _every_finding_error) = cli_verdict_tests(SEEDED, "seeded-resource-policies")
del _every_finding_error  # one denied read cannot turn six services ERROR: see below

FAIL_REASONS = {
    "S3 bucket rp-website-": "statement PublicRead allows Principal \"*\" with no Condition",
    "SQS queue alerts": "statement any-role allows Principal \"*\" and no condition restricts "
                        "it to trusted principals (StringLike aws:PrincipalArn "
                        "\"arn:aws:iam::*:*\": StringLike wildcards before the resource field",
    "SNS topic alerts": "statement not-that-account allows Principal {\"AWS\": \"*\"} and no "
                        "condition restricts it to trusted principals (StringNotEquals "
                        "aws:PrincipalAccount: a negated operator allows every other value)",
    "Lambda function ingest": "statement FunctionURLAllowPublicAccess allows Principal \"*\"",
    "KMS key ": "statement service-if-exists allows Principal {\"AWS\": \"*\"} and no condition "
                "restricts it to trusted principals (StringEqualsIfExists aws:SourceAccount: "
                "...IfExists is true for requests without the key)",
    "secret db-password": "statement hidden-star allows Principal {\"AWS\": \"*\"} with no "
                          "Condition",
}


@pytest.mark.xdist_group("seeded-resource-policies")
def test_every_kind_of_resource_passes_and_fails_with_its_own_reason(
        passing_account, sandbox_account, audit_cli):
    passing = audit_cli(passing_account(SEEDED[CONTROL]), "--controls", CONTROL)
    kinds = sorted({f["reason"].split(" in ")[0].rsplit(" ", 1)[0] for f in passing.findings})
    assert kinds == ["KMS key", "Lambda function", "S3 bucket", "SNS topic", "SQS queue",
                     "secret"]
    assert len(passing.findings) == 10  # 2 buckets, 2 queues, topic, function, 2 keys, 2 secrets
    restricted = " | ".join(f["reason"] for f in passing.findings)
    for restriction in ("by StringEquals AWS:SourceOwner", "by ArnEquals aws:SourceArn",
                        "by StringEquals aws:PrincipalOrgID",
                        "by StringEquals kms:CallerAccount",
                        "by StringEquals aws:PrincipalAccount", "no resource policy"):
        assert restriction in restricted
    seed_public(sandbox_account)
    failing = audit_cli(sandbox_account, "--controls", CONTROL)
    assert failing.statuses(CONTROL) == {"FAIL"} and failing.exit_code == 1
    assert len(failing.findings) == len(FAIL_REASONS)
    for resource, reason in FAIL_REASONS.items():
        found = [f for f in failing.findings if f["reason"].startswith(resource)]
        assert len(found) == 1 and reason in found[0]["reason"], (resource, found)
        assert found[0]["resource"].startswith("arn:aws:")


# Each read of the control denied on its own (moto's service names: Lambda is awslambda):
# (denied action, the finding prefix that turns ERROR, how many findings).
DENIED_READS = [
    ("s3:GetBucketPolicy", "S3 buckets in global", 1),
    ("s3:ListAllMyBuckets", "S3 buckets in global", 1),  # ListBuckets, as IAM names it
    ("sqs:ListQueues", "SQS queues in us-east-1", 1),
    ("sqs:GetQueueAttributes", "SQS queue ", 2),
    ("sns:ListTopics", "SNS topics in us-east-1", 1),
    ("sns:GetTopicAttributes", "SNS topic alerts", 1),
    ("awslambda:ListFunctions", "Lambda functions in us-east-1", 1),
    ("awslambda:ListVersionsByFunction", "Lambda function ingest", 1),
    ("awslambda:ListAliases", "Lambda function ingest", 1),
    ("awslambda:GetPolicy", "Lambda function ingest", 1),
    ("kms:GetKeyPolicy", "KMS key ", 2),
    ("secretsmanager:ListSecrets", "secrets in us-east-1", 1),
    ("secretsmanager:GetResourcePolicy", "secret ", 2),
]


@pytest.mark.xdist_group("seeded-resource-policies")
@pytest.mark.parametrize(("action", "prefix", "count"), DENIED_READS, ids=lambda v: str(v))
def test_cli_errors_for_the_service_whose_read_is_denied(passing_account, audit_cli, action,
                                                         prefix, count):
    account = passing_account(SEEDED[CONTROL])
    with deny(account.account_id, action):
        result = audit_cli(account, "--controls", CONTROL)
    errors = [f for f in result.findings if f["status"] == "ERROR"]
    assert len(errors) == count, [f["reason"] for f in errors]
    assert all(f["reason"].startswith(prefix) for f in errors), [f["reason"] for f in errors]
    assert all("AccessDenied" in f["reason"] for f in errors), [f["reason"] for f in errors]
    assert {f["status"] for f in result.findings} == {"ERROR", "PASS"}
    assert result.exit_code == 2
