"""Read-only by construction: a botocore hook that refuses every operation the collector does
not use. An explicit allowlist (``service:Operation``, botocore service names), never a name
prefix: GetSessionToken, GetSecretValue or GetObject start with Get and are not reads to allow.
"""

from __future__ import annotations

from typing import Any

ALLOWED_OPERATIONS: frozenset[str] = frozenset({
    "sts:GetCallerIdentity", "sts:AssumeRole",
    "ec2:DescribeRegions", "ec2:DescribeVpcs", "ec2:DescribeFlowLogs",
    "ec2:DescribeSecurityGroups", "ec2:DescribeNetworkAcls", "ec2:DescribeInstances",
    "ec2:GetInstanceMetadataDefaults", "ec2:GetEbsEncryptionByDefault",
    "iam:GetAccountPasswordPolicy", "iam:GetAccountAuthorizationDetails",
    "iam:GenerateCredentialReport", "iam:GetCredentialReport", "iam:ListAccountAliases",
    "iam:GetAccountSummary", "iam:ListVirtualMFADevices", "iam:ListRoles",
    "iam:ListServerCertificates", "iam:ListSAMLProviders", "iam:ListOpenIDConnectProviders",
    "account:GetAlternateContact", "s3control:GetPublicAccessBlock",
    "s3:ListBuckets", "s3:GetBucketLocation", "s3:GetBucketPolicy", "s3:GetBucketVersioning",
    "s3:GetPublicAccessBlock", "s3:GetBucketOwnershipControls", "s3:GetBucketLogging",
    "s3:GetBucketEncryption",
    "cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors",
    "logs:DescribeLogGroups", "logs:DescribeMetricFilters", "cloudwatch:DescribeAlarms",
    "config:DescribeConfigurationRecorders", "config:DescribeConfigurationRecorderStatus",
    "config:DescribeDeliveryChannels", "config:DescribeConfigRules",
    "config:DescribeConfigurationAggregators",
    "sns:ListSubscriptions", "events:ListRules", "events:ListTargetsByRule",
    "kms:ListKeys", "kms:DescribeKey", "kms:GetKeyRotationStatus",
    "guardduty:ListDetectors", "guardduty:GetDetector", "guardduty:ListOrganizationAdminAccounts",
    "accessanalyzer:ListAnalyzers",
    "securityhub:DescribeHub", "securityhub:GetEnabledStandards",
    "securityhub:ListOrganizationAdminAccounts",
    "sso-admin:ListInstances", "sso-admin:ListPermissionSets", "sso-admin:DescribePermissionSet",
    "rds:DescribeDBInstances", "efs:DescribeFileSystems",
    "organizations:DescribeOrganization", "organizations:ListRoots",
    "organizations:ListOrganizationalUnitsForParent", "organizations:ListAccountsForParent",
    "organizations:ListAccounts", "organizations:ListPolicies", "organizations:DescribePolicy",
    "organizations:ListTargetsForPolicy", "organizations:ListDelegatedAdministrators",
    "organizations:ListDelegatedServicesForAccount",
    "organizations:DescribeOrganizationalUnit",
    # CIS v5.0.0-v7.0.0 reads (issue 17)
    "iam:ListOrganizationsFeatures", "organizations:DescribeResourcePolicy",
    "organizations:ListAWSServiceAccessForOrganization",
    "sqs:ListQueues", "sqs:GetQueueAttributes", "sns:ListTopics", "sns:GetTopicAttributes",
    "lambda:ListFunctions", "lambda:GetPolicy", "kms:GetKeyPolicy",
    "secretsmanager:ListSecrets", "secretsmanager:GetResourcePolicy",
    "cloudfront:ListDistributions", "cloudfront:GetDistributionConfig",
    "elbv2:DescribeLoadBalancers", "elbv2:DescribeLoadBalancerAttributes",
    "apigateway:GetRestApis", "apigateway:GetStages", "apigatewayv2:GetApis",
    "apigatewayv2:GetStages", "ec2:DescribeVpcEndpoints", "ec2:DescribeRouteTables",
    # CIS v7.0.0 4.10 and 6.8 (collectors/frontends.py, collectors/vpc_endpoints.py)
    "elb:DescribeLoadBalancers", "elb:DescribeLoadBalancerAttributes",
    "logs:DescribeDeliverySources", "logs:DescribeDeliveries",
    "ec2:DescribeSubnets", "ec2:DescribeNetworkInterfaces",
    # CIS v7.0.0 2.21: every published version and alias of a function has its own policy
    "lambda:ListVersionsByFunction", "lambda:ListAliases",
    # python -m governance adopt (governance/adopt/existing.py): who governs a detector, a hub
    "guardduty:GetAdministratorAccount", "securityhub:GetAdministratorAccount",
    # the evidence document's Identity Center section (collectors/guardrails.py): who is
    # assigned each permission set in the audited account (principal ids, no names)
    "sso-admin:ListAccountAssignments",
})

# Allowed operations a plain seeded single-account run does not reach, each with why.
UNREACHED_IN_SEEDED_RUN: dict[str, str] = {
    "sts:AssumeRole": "governance/session.py: the organization audit's member sessions",
    "organizations:DescribeOrganizationalUnit": "organization/accounts.py: an --ou without accounts",
    "logs:DescribeLogGroups": "collectors/cloudtrail.py: a trail delivering to CloudWatch Logs",
    "ec2:DescribeRegions": "collect.py: a run without --regions (all enabled regions)",
    "cloudfront:GetDistributionConfig": "collectors/frontends.py: a CloudFront distribution",
    "logs:DescribeDeliverySources": "collectors/frontends.py: a CloudFront distribution",
    "logs:DescribeDeliveries": "collectors/frontends.py: a CloudFront distribution",
    "elbv2:DescribeLoadBalancerAttributes": "collectors/frontends.py: an ELBv2 load balancer",
    "elb:DescribeLoadBalancerAttributes": "collectors/frontends.py: a Classic Load Balancer",
    "apigateway:GetStages": "collectors/frontends.py: an API Gateway REST API",
    "apigatewayv2:GetStages": "collectors/frontends.py: an API Gateway HTTP or WebSocket API",
    "iam:ListOrganizationsFeatures": "collectors/organizations.py: an organization's management "
                                     "account or IAM delegated administrator",
    "sqs:GetQueueAttributes": "collectors/resource_policies.py: an SQS queue",
    "sns:GetTopicAttributes": "collectors/resource_policies.py: an SNS topic",
    "lambda:ListVersionsByFunction": "collectors/resource_policies.py: a Lambda function",
    "lambda:ListAliases": "collectors/resource_policies.py: a Lambda function",
    "lambda:GetPolicy": "collectors/resource_policies.py: a Lambda function",
    "secretsmanager:GetResourcePolicy": "collectors/resource_policies.py: a secret",
    "guardduty:GetAdministratorAccount": "adopt/existing.py: adoption of an existing detector",
    "securityhub:GetAdministratorAccount": "adopt/existing.py: adoption of an existing hub",
    "sso-admin:ListAccountAssignments": "collectors/guardrails.py: an IAM Identity Center "
                                        "permission set",
}

GUARD_ID = "governance-readonly-guard"


class WriteAttempted(RuntimeError):
    """The collector was about to send an operation outside its allowlist."""


def is_allowed(service: str, operation: str) -> bool:
    return f"{service}:{operation}" in ALLOWED_OPERATIONS


def is_read_operation(name: str) -> bool:
    """True when some service's allowed operation is called ``name`` (service-blind)."""
    return any(allowed.split(":", 1)[1] == name for allowed in ALLOWED_OPERATIONS)


def refuse_writes(model: Any, **_: Any) -> None:
    """botocore ``before-call`` handler: raise before any request outside the allowlist leaves
    the process."""
    service = model.service_model.service_name
    if not is_allowed(service, model.name):
        raise WriteAttempted(f"refused {service}:{model.name}: not an operation of the "
                             "read-only collector's allowlist (governance/readonly.py)")


def guard(events: Any) -> None:
    """Register the guard on a client's or a botocore session's event emitter (once)."""
    events.register("before-call.*.*", refuse_writes, unique_id=GUARD_ID)
