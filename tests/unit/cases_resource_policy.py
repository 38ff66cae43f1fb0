"""The unit cases of the resource policy checks: ``FAIL_CASES`` and ``PASS_CASES``,
keyed by control id, with the snapshot builders they use. tests/unit/test_resource_policy_checks.py binds
their verdict tests (tests/support/verdicts.py); the item cases of tests/unit/items_*.py,
tests/unit/test_error_per_read.py and tests/support/control_reads.py read them too.
"""

from __future__ import annotations

from collections.abc import Callable

from governance.model import AccountSnapshot
from tests.unit.snapshots import ACCOUNT_ID, as_json_roundtrip
from tests.unit.snapshots_resource_policies import (
    BUCKET,
    FUNCTION,
    HOME,
    ORG,
    QUEUE_ARN,
    TOPIC,
    allow,
    compliant,
    deny,
    with_entry,
    with_policy,
    with_statements,
)

CONTROL = "resource-policies-no-public-principal"
OTHER_ACCOUNT = "345678901234"
PATH = f"{ORG}/r-ab12/ou-ab12-11111111/*"


def _queue(*statements) -> Callable[[], AccountSnapshot]:
    return lambda: with_statements("sqs", *statements)


def _queue_condition(condition, principal="*") -> Callable[[], AccountSnapshot]:
    return _queue(allow(principal, condition))


def _statement(who: str, gap: str, sid: str = "Public", resource: str = "SQS queue alerts"):
    return f"{resource} in {HOME}: statement {sid} allows {who} {gap}"


STAR = 'Principal "*"'

FAIL_CASES: dict[str, list[tuple[str, Callable[[], AccountSnapshot], str]]] = {CONTROL: [
    # the procedure's step 3: Allow with Principal "*" or {"AWS": "*"}
    ("CIS non-compliant example: Principal * SendMessage, no condition", _queue(allow(
        "*", sid="AllowPublicAccess", action="sqs:SendMessage", Resource=QUEUE_ARN)),
     _statement(STAR, "with no Condition", "AllowPublicAccess")),
    ("Principal {AWS: *}", _queue(allow({"AWS": "*"})),
     _statement('Principal {"AWS": "*"}', "with no Condition")),
    ("* hidden in a principal list after a named account", _queue(allow(
        {"AWS": [f"arn:aws:iam::{OTHER_ACCOUNT}:root", "*"]})),
     _statement('Principal {"AWS": "*"}', "with no Condition")),
    ("a partial wildcard principal (IAM honours none: not proved to name one)",
     _queue(allow({"AWS": "arn:aws:iam::*:root"})),
     _statement('Principal {"AWS": "arn:aws:iam::*:root"}', "with no Condition")),
    ("Allow with NotPrincipal allows everyone but the principal named", _queue(
        {"Sid": "Public", "Effect": "Allow", "NotPrincipal": {"AWS": f"arn:aws:iam::"
                                                                    f"{OTHER_ACCOUNT}:root"},
         "Action": "sqs:*", "Resource": QUEUE_ARN}),
     _statement("everyone but its NotPrincipal (Allow with NotPrincipal)", "with no Condition")),
    ("no Principal element at all", _queue(allow(None)),
     _statement("principals it does not name (no Principal)", "with no Condition")),
    ("statement without Sid is named by its position", _queue(
        allow({"Service": "sns.amazonaws.com"}, sid=None), allow("*", sid=None)),
     _statement(STAR, "with no Condition", "#2")),
    # step 4: a restrictive key whose value admits every account
    ("StringLike aws:PrincipalArn *", _queue_condition(
        {"StringLike": {"aws:PrincipalArn": "*"}}),
     'StringLike aws:PrincipalArn "*": a wildcard admits any ARN'),
    ("StringLike aws:PrincipalArn arn:aws:iam::*:*", _queue_condition(
        {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:*"}}),
     "StringLike wildcards before the resource field may span ':' into any account"),
    ("ArnLike aws:PrincipalArn arn:aws:iam::*:role/admin (any account's role of that name)",
     _queue_condition({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin"}}),
     "a wildcard in the account field admits other accounts"),
    ("ArnEquals honours wildcards too", _queue_condition(
        {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:*:alerts"}}),
     'ArnEquals aws:SourceArn "arn:aws:sns:us-east-1:*:alerts": a wildcard in the account'),
    ("StringLike aws:SourceArn with * in the region spans into another account's function",
     _queue_condition({"StringLike": {"aws:SourceArn": f"arn:aws:lambda:*:{ACCOUNT_ID}:*"}}),
     "StringLike wildcards before the resource field may span ':' into any account"),
    ("ArnLike aws:SourceArn on a bucket name prefix (anyone can create example-evil)",
     _queue_condition({"ArnLike": {"aws:SourceArn": "arn:aws:s3:::example-*"}}),
     "a wildcard in an ARN without account (a bucket's) admits anyone's resources"),
    ("StringLike aws:SourceAccount *", _queue_condition(
        {"StringLike": {"aws:SourceAccount": "*"}}),
     'StringLike aws:SourceAccount "*": a wildcard admits values it does not name'),
    ("* hidden in a list of condition values", _queue_condition(
        {"StringLike": {"aws:SourceAccount": [ACCOUNT_ID, "*"]}}),
     'StringLike aws:SourceAccount "*": a wildcard admits values it does not name'),
    ("StringLike aws:PrincipalOrgID o-*", _queue_condition(
        {"StringLike": {"aws:PrincipalOrgID": "o-*"}}),
     'StringLike aws:PrincipalOrgID "o-*": a wildcard admits values it does not name'),
    ("ForAnyValue:StringLike aws:PrincipalOrgPaths with a wildcard organization",
     _queue_condition({"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-*/r-ab12/*"}}),
     "a wildcard in the organization id admits other organizations"),
    # operators that only look restrictive
    ("StringEqualsIfExists aws:SourceAccount exempts every direct (and anonymous) request",
     _queue_condition({"StringEqualsIfExists": {"aws:SourceAccount": ACCOUNT_ID}}),
     "StringEqualsIfExists aws:SourceAccount: ...IfExists is true for requests without the key"),
    ("ArnLikeIfExists aws:PrincipalArn exempts anonymous requests", _queue_condition(
        {"ArnLikeIfExists": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT_ID}:role/app"}}),
     "ArnLikeIfExists aws:PrincipalArn: ...IfExists is true for requests without the key"),
    ("StringNotEquals aws:PrincipalAccount allows every other account", _queue_condition(
        {"StringNotEquals": {"aws:PrincipalAccount": "111111111111"}}),
     "StringNotEquals aws:PrincipalAccount: a negated operator allows every other value"),
    ("negated operator in lower case is still negated", _queue_condition(
        {"arnnotlike": {"aws:SourceArn": TOPIC}}),
     "arnnotlike aws:SourceArn: a negated operator allows every other value"),
    ("ForAllValues on a key absent from the request is true", _queue_condition(
        {"ForAllValues:StringLike": {"aws:PrincipalOrgPaths": PATH}}),
     "ForAllValues:StringLike aws:PrincipalOrgPaths: ForAllValues is true for requests "
     "without the key"),
    ("Null aws:PrincipalOrgID false only tests presence (any organization)", _queue_condition(
        {"Null": {"aws:PrincipalOrgID": "false"}}),
     "Null aws:PrincipalOrgID: does not match the key to named values"),
    ("ArnLike on aws:SourceAccount (not an ARN key)", _queue_condition(
        {"ArnLike": {"aws:SourceAccount": ACCOUNT_ID}}),
     "ArnLike aws:SourceAccount: an ARN operator on a key that is not an ARN"),
    ("a policy variable naming the caller compares the key with itself", _queue_condition(
        {"StringEquals": {"aws:PrincipalAccount": "${aws:PrincipalAccount}"}}),
     "a policy variable is not proved to name a trusted principal"),
    ("no value for the key", _queue_condition({"StringEquals": {"aws:SourceAccount": []}}),
     "StringEquals aws:SourceAccount: no value"),
    ("a malformed operator block", _queue_condition({"StringEquals": "aws:SourceAccount"}),
     "StringEquals: not a key-value object"),
    # keys that restrict nothing about who calls
    ("aws:SecureTransport only", _queue_condition({"Bool": {"aws:SecureTransport": "true"}}),
     "Bool aws:SecureTransport: aws:SecureTransport does not name trusted principals"),
    ("aws:CurrentTime only", _queue_condition(
        {"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}),
     "aws:CurrentTime does not name trusted principals"),
    ("aws:SourceIp only (any principal, anonymous included, from those addresses)",
     _queue_condition({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}),
     "aws:SourceIp does not name trusted principals"),
    ("aws:ResourceAccount is always the owner's in its own resource policy", _queue_condition(
        {"StringEquals": {"aws:ResourceAccount": ACCOUNT_ID}}),
     "aws:ResourceAccount does not name trusted principals"),
    ("aws:userid anonymous is the anonymous caller", _queue_condition(
        {"StringEquals": {"aws:userid": "anonymous"}}),
     "aws:userid does not name trusted principals"),
    ("several weak conditions together are still weak", _queue_condition({
        "Bool": {"aws:SecureTransport": "true"},
        "StringNotEquals": {"aws:PrincipalAccount": "111111111111"},
        "StringEqualsIfExists": {"aws:SourceArn": TOPIC}}),
     "Bool aws:SecureTransport: aws:SecureTransport does not name trusted principals; "
     "StringNotEquals aws:PrincipalAccount: a negated operator"),
    ("a Deny perimeter elsewhere does not make the Allow statement compliant", _queue(
        allow("*"), deny("*", {"StringNotEquals": {"aws:PrincipalOrgID": ORG}},
                         sid="DenyOutsideOrg")),
     _statement(STAR, "with no Condition")),
    ("the restricted statement does not cover a public one", _queue(
        allow("*", {"StringEquals": {"aws:SourceAccount": ACCOUNT_ID}}, sid="Restricted"),
        allow({"AWS": "*"}, sid="Open")),
     _statement('Principal {"AWS": "*"}', "with no Condition", "Open")),
    # every kind of resource
    ("S3 bucket GetObject for everyone", lambda: with_statements("s3", deny(), allow(
        "*", sid="PublicRead", action="s3:GetObject", Resource=f"arn:aws:s3:::{BUCKET}/*")),
     _statement(STAR, "with no Condition", "PublicRead", f"S3 bucket {BUCKET}")),
    ("SNS topic Publish for everyone", lambda: with_statements("sns", allow(
        {"AWS": "*"}, sid="__default_statement_ID", action="SNS:Publish")),
     _statement('Principal {"AWS": "*"}', "with no Condition", "__default_statement_ID",
                "SNS topic alerts")),
    ("Lambda function URL with AuthType NONE", lambda: with_statements("lambda", allow(
        "*", {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}, sid="FunctionURLAllow",
        action="lambda:InvokeFunctionUrl")),
     "lambda:FunctionUrlAuthType does not name trusted principals"),
    ("Lambda published version with a public policy", lambda: with_statements(
        "lambda-version", allow("*", sid="v1-public")),
     f"Lambda function {FUNCTION} in {HOME}: statement v1-public (version 1) allows"),
    ("Lambda alias with a public policy", lambda: with_statements(
        "lambda-alias", allow("*", sid="live-public")),
     f"Lambda function {FUNCTION} in {HOME}: statement live-public (alias live) allows"),
    ("KMS key usable by every principal through a service", lambda: with_statements(
        "kms", allow({"AWS": "*"}, {"StringEquals": {"kms:ViaService": "s3.us-east-1."
                                                                        "amazonaws.com"}},
                     sid="ViaS3")),
     "StringEquals kms:ViaService: kms:ViaService does not name trusted principals"),
    ("secret readable by everyone", lambda: with_statements("secret", allow(
        {"AWS": "*"}, sid="read", action="secretsmanager:GetSecretValue")),
     f"secret db-password in {HOME}: statement read allows"),
]}

PASS_CASES: dict[str, list[tuple[str, Callable[[], AccountSnapshot]]]] = {CONTROL: [
    ("compliant (SNS default, KMS default and AWS managed key, service principal with "
     "aws:SourceArn, org id, account, no policy)", compliant),
    ("json roundtrip", lambda: as_json_roundtrip(compliant())),
    ("CIS compliant example: Principal * with StringEquals aws:SourceAccount", _queue(allow(
        "*", {"StringEquals": {"aws:SourceAccount": OTHER_ACCOUNT}},
        sid="AllowServiceIntegration", action="sqs:SendMessage", Resource=QUEUE_ARN))),
    ("CIS compliant example: a named account principal", _queue(allow(
        {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"}, sid="AllowSpecificAccount",
        action="sqs:SendMessage", Resource=QUEUE_ARN))),
    ("a service principal needs no condition here (not a wildcard principal)", _queue(
        allow({"Service": "sns.amazonaws.com"}))),
    ("Deny with Principal * is not a finding", _queue(deny("*"))),
    ("Deny with NotPrincipal is not a finding", _queue(
        {"Effect": "Deny", "NotPrincipal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"},
         "Action": "*", "Resource": "*"})),
    ("condition key names in any case (IAM reads them case-insensitively)", _queue_condition(
        {"StringEquals": {"AWS:SOURCEACCOUNT": ACCOUNT_ID}})),
    ("aws:PrincipalOrgID in mixed case with a concrete organization", _queue_condition(
        {"StringEquals": {"Aws:PrincipalOrgId": ORG}})),
    ("ArnLike aws:SourceArn with wildcards outside the account field", _queue_condition(
        {"ArnLike": {"aws:SourceArn": f"arn:aws:sns:*:{ACCOUNT_ID}:*"}})),
    ("StringLike aws:SourceArn with a literal prefix up to the account", _queue_condition(
        {"StringLike": {"aws:SourceArn": f"arn:aws:sns:us-east-1:{ACCOUNT_ID}:*"}})),
    ("ArnEquals aws:SourceArn naming one bucket", _queue_condition(
        {"ArnEquals": {"aws:SourceArn": "arn:aws:s3:::example-uploads"}})),
    ("ArnLike aws:PrincipalArn roles of one account", _queue_condition(
        {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT_ID}:role/*"}})),
    ("ForAnyValue:StringLike aws:PrincipalOrgPaths under one organization", _queue_condition(
        {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": PATH}})),
    ("ForAllValues with a Null check that requires the key", _queue_condition({
        "ForAllValues:StringLike": {"aws:PrincipalOrgPaths": PATH},
        "Null": {"aws:PrincipalOrgPaths": "false"}})),
    ("...IfExists with a Null check that requires the key", _queue_condition({
        "StringEqualsIfExists": {"aws:SourceAccount": ACCOUNT_ID},
        "Null": {"aws:SourceAccount": ["false"]}})),
    ("aws:SourceOrgID of a concrete organization", _queue_condition(
        {"StringEquals": {"aws:SourceOrgID": ORG}})),
    ("aws:SourceVpce (one endpoint of one account's network)", _queue_condition(
        {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}})),
    ("aws:SourceVpc", _queue_condition({"StringEquals": {"aws:sourcevpc": "vpc-111bbb22"}})),
    ("a weak condition next to a restrictive one (conditions are ANDed)", _queue_condition({
        "Bool": {"aws:SecureTransport": "true"},
        "StringEquals": {"aws:PrincipalAccount": [ACCOUNT_ID, OTHER_ACCOUNT]}})),
    ("the owner's account as a policy variable", _queue_condition(
        {"StringEquals": {"aws:PrincipalAccount": "${aws:ResourceAccount}"}})),
    ("an account id as a JSON number", _queue_condition(
        {"StringEquals": {"aws:SourceAccount": int(ACCOUNT_ID)}})),
    ("StringEquals compares exactly: a '*' there names no account (nobody matches)",
     _queue_condition({"StringEquals": {"aws:SourceAccount": "*"}})),
    ("a queue without a policy attribute", lambda: with_policy("sqs", None)),
    ("a resource deleted between the list and the read", lambda: with_entry("kms", None)),
    ("a Statement given as one object, not a list", lambda: with_policy(
        "sqs", '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": '
               '{"AWS": "arn:aws:iam::345678901234:root"}, "Action": "sqs:*", '
               '"Resource": "*"}}')),
]}
