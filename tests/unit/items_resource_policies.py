"""Procedure cases of CIS v7.0.0 2.21 (resource policies and 'Principal': '*'): snapshots
as the item's own audit procedure reads them. Step 2 retrieves each resource's policy
(get-queue-attributes Policy, get-bucket-policy, get-topic-attributes Policy, and the
other resource-based policies); step 3 finds statements with "Effect": "Allow" and
"Principal": "*" or {"AWS": "*"}; step 4 looks for restrictive conditions such as
aws:SourceArn, aws:SourceAccount, aws:PrincipalArn or other service-specific keys; step 5:
compliant when wildcard principals appear only with conditions limiting them to trusted
principals or services, non-compliant when used without sufficient restrictions."""

from __future__ import annotations

from governance.model import AccountSnapshot
from tests.unit.item_cases import ItemCase
from tests.unit.snapshots import ACCOUNT_ID
from tests.unit.snapshots_resource_policies import (
    QUEUE_ARN,
    TOPIC,
    allow,
    compliant,
    sns_default_policy,
    with_policy,
    with_statements,
)

TRUSTED = "345678901234"


def _queue(*statements: dict) -> AccountSnapshot:
    return with_statements("sqs", *statements)


ITEM_CASES = {
    ("cis_aws_v7", "2.21"): ItemCase(
        compliant=[
            ("step 5: every wildcard principal restricted (no policy, SNS default with "
             "AWS:SourceOwner, aws:SourceArn, aws:PrincipalOrgID, kms:CallerAccount)", compliant),
            ("step 3: no wildcard principal (remediation option 1: a specific account)",
             lambda: _queue(allow({"AWS": f"arn:aws:iam::{TRUSTED}:root"},
                                  sid="AllowSpecificAccount", action="sqs:SendMessage",
                                  Resource=QUEUE_ARN))),
            ("step 4: aws:SourceAccount (remediation option 2)", lambda: _queue(allow(
                "*", {"StringEquals": {"aws:SourceAccount": TRUSTED}},
                sid="AllowServiceIntegration", action="sqs:SendMessage", Resource=QUEUE_ARN))),
            ("step 4: aws:SourceArn naming the calling topic", lambda: _queue(allow(
                "*", {"ArnEquals": {"aws:SourceArn": TOPIC}}, action="sqs:SendMessage"))),
            ("step 4: aws:PrincipalArn naming roles of one account", lambda: _queue(allow(
                {"AWS": "*"}, {"ArnLike": {"aws:PrincipalArn":
                                           f"arn:aws:iam::{ACCOUNT_ID}:role/app-*"}}))),
            ("step 4: a service-specific key (SNS default policy, AWS:SourceOwner)",
             lambda: with_policy("sns", sns_default_policy())),
        ],
        non_compliant=[
            ("step 3: Principal * without condition (the procedure's non-compliant example)",
             lambda: _queue(allow("*", sid="AllowPublicAccess", action="sqs:SendMessage",
                                  Resource=QUEUE_ARN))),
            ("step 3: Principal {AWS: *} without condition",
             lambda: with_statements("sns", allow({"AWS": "*"}, action="SNS:Publish"))),
            ("step 4: only a condition that restricts no principal (aws:SecureTransport)",
             lambda: _queue(allow("*", {"Bool": {"aws:SecureTransport": "true"}}))),
            ("step 5: aws:PrincipalArn with a wildcard matching every account", lambda: _queue(
                allow("*", {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:*"}}))),
            ("step 5: aws:SourceAccount only if present (direct requests unrestricted)",
             lambda: _queue(allow("*", {"StringEqualsIfExists": {
                 "aws:SourceAccount": TRUSTED}}))),
            ("step 5: every account but one (negated operator)", lambda: with_statements(
                "secret", allow({"AWS": "*"}, {"StringNotEquals": {
                    "aws:PrincipalAccount": "111111111111"}}))),
            ("steps 1-2: a Lambda function policy", lambda: with_statements(
                "lambda", allow("*", action="lambda:InvokeFunction"))),
            ("steps 1-2: an S3 bucket policy", lambda: with_statements(
                "s3", allow("*", action="s3:GetObject"))),
        ]),
}
