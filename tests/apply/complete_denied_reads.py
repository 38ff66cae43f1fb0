"""The read denied for each control in the applied examples/complete stack's ERROR audit.

tests/apply/test_complete_baseline.py::test_denied_reads_turn_controls_to_error_never_pass
denies every action below at once (``harness.moto.deny``: moto's ``service:Action``, as an
IAM policy or an SCP would) and audits these controls: each must be ERROR, never PASS. The
live-proof ledger (tests/live_proofs.toml) names that test as the ERROR proof of exactly
these controls, and each action is a read the control's check makes
(governance/catalog/data/control-reads.json): tests/unit/test_live_proof_ledger.py checks
both.
"""

from __future__ import annotations

from governance.catalog.samples import metric_filter_items

DENIED_READS: dict[str, str] = {
    # account, identity and access
    "account-security-contact": "account:GetAlternateContact",
    "account-alternate-contacts": "account:GetAlternateContact",
    "iam-no-access-keys-at-setup": "iam:GetCredentialReport",
    "iam-unused-credentials-disabled": "iam:GetCredentialReport",
    "iam-cloudshell-full-access-restricted": "iam:GetAccountAuthorizationDetails",
    "iam-support-role": "iam:GetAccountAuthorizationDetails",
    "roles-limited-session": "iam:ListRoles",
    "roles-trust-requires-mfa-or-federation": "iam:ListRoles",
    "federation-configured": "iam:ListSAMLProviders",
    "identity-center-permission-set-session": "sso-admin:ListInstances",
    # moto authorizes a bucket's GetPublicAccessBlock as s3:ListBucket (MOTO_AUTHORIZES_AS)
    "s3-public-access-blocked": "s3:ListBucket",
    "s3-account-public-access-block": "s3control:GetPublicAccessBlock",
    "ebs-default-encryption": "ec2:GetEbsEncryptionByDefault",
    "guardduty-enabled": "guardduty:ListDetectors",
    "securityhub-enabled": "securityhub:DescribeHub",
    # logging and monitoring
    "cloudtrail-multi-region-logging": "cloudtrail:GetTrailStatus",
    "cloudtrail-log-file-validation": "cloudtrail:DescribeTrails",
    "cloudtrail-kms-encryption": "cloudtrail:DescribeTrails",
    "cloudtrail-cloudwatch-logs-integration": "logs:DescribeLogGroups",
    "cloudtrail-bucket-access-logging": "s3:GetBucketLogging",
    "cloudtrail-bucket-protected": "s3:GetBucketPolicy",
    "cloudtrail-s3-data-events-write": "cloudtrail:GetEventSelectors",
    "cloudtrail-s3-data-events-read": "cloudtrail:GetEventSelectors",
    "cloudtrail-every-trail-s3-data-events-write": "cloudtrail:GetEventSelectors",
    "cloudtrail-every-trail-s3-data-events-read": "cloudtrail:GetEventSelectors",
    "config-recorder-all-regions": "config:DescribeConfigurationRecorderStatus",
    "aws-config-managed-rules": "config:DescribeConfigRules",
    "kms-key-rotation": "kms:GetKeyRotationStatus",
    "vpc-flow-logs": "ec2:DescribeFlowLogs",
    "iam-policy-change-alert-realtime": "events:ListTargetsByRule",
    **{control_id: "logs:DescribeMetricFilters" for control_id in metric_filter_items()},
    "metric-alarm-security-group-rule-changes": "logs:DescribeMetricFilters",
}

# Denied actions whose name is not the API operation they deny on moto: action -> the
# operation (a key of control-reads.json). moto's S3 ACTION_MAP keys a bucket's public
# access block as ``public_access_block`` while the request's query string says
# ``publicAccessBlock``, so GetPublicAccessBlock falls to the bucket GET default, ListBucket
# (tests/unit/test_live_proof_ledger.py fails when moto changes that).
MOTO_AUTHORIZES_AS: dict[str, str] = {"s3:ListBucket": "s3:GetPublicAccessBlock"}


def denied_operation(action: str) -> str:
    """The API operation (``svc:Operation``) that denying ``action`` refuses on moto."""
    return MOTO_AUTHORIZES_AS.get(action, action)
