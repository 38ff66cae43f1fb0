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
(moto needs it only to invoke). The seeding is harness/seeds/resource_policies.py.
"""

from __future__ import annotations

import pytest

from harness.moto import deny
from harness.seeds.resource_policies import seed_public, seed_restricted
from tests.seeded.cases import SeededCase, cli_verdict_tests

CONTROL = "resource-policies-no-public-principal"


SEEDED = {CONTROL: SeededCase(
    seed_pass=seed_restricted, seed_fail=seed_public,
    fail_reason="statement PublicRead allows Principal \"*\" with no Condition",
    denied_action="sqs:GetQueueAttributes")}

(test_cli_passes_on_a_compliant_account, test_cli_fails_with_the_reason,
 _every_finding_error) = cli_verdict_tests(SEEDED, "seeded-resource-policies",
                                        test_file=__file__)
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
