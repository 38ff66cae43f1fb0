"""Hand-built snapshots for the root, account, credential, access and guardrail checks:
an account on which every one of them passes, then one change at a time
(``changed`` of tests/support/snapshots.py)."""

from __future__ import annotations

from typing import Any

from governance.model import AccountSnapshot
from tests.unit.snapshots import ACCOUNT_ID, compliant

NOW = "2026-11-28T00:00:00+00:00"
RECENT = "2026-11-20T10:00:00+00:00"  # 8 days before NOW
OLD = "2026-06-01T10:00:00+00:00"  # ~180 days before NOW
REGIONS = ["us-east-1", "eu-west-1"]
SH = "arn:aws:securityhub:{region}::standards/"


def credential_row(name: str, *, console: bool = True, mfa: bool = True,
                   password_last_used: str = RECENT, keys: tuple[tuple[str, str], ...] = (),
                   created: str = OLD) -> dict[str, str]:
    """A full credential-report row; ``keys``: (last_rotated, last_used_date) per active key."""
    row = {"user": name, "arn": f"arn:aws:iam::{ACCOUNT_ID}:user/{name}",
           "user_creation_time": created,
           "password_enabled": "true" if console else "false",
           "password_last_used": password_last_used if console else "N/A",
           "password_last_changed": created if console else "N/A",
           "mfa_active": "true" if mfa else "false"}
    for n in ("1", "2"):
        key = keys[int(n) - 1] if len(keys) >= int(n) else None
        row[f"access_key_{n}_active"] = "true" if key else "false"
        row[f"access_key_{n}_last_rotated"] = key[0] if key else "N/A"
        row[f"access_key_{n}_last_used_date"] = key[1] if key else "N/A"
    return row


def root_report_row(*, password_last_used: str = OLD, keys: bool = False,
                    key_last_used: str = "N/A") -> dict[str, str]:
    return {"user": "<root_account>", "arn": f"arn:aws:iam::{ACCOUNT_ID}:root",
            "user_creation_time": "2020-01-01T00:00:00+00:00", "password_enabled": "not_supported",
            "password_last_used": password_last_used, "password_last_changed": "not_supported",
            "mfa_active": "true", "access_key_1_active": str(keys).lower(),
            "access_key_1_last_rotated": OLD if keys else "N/A",
            "access_key_1_last_used_date": key_last_used,
            "access_key_2_active": "false", "access_key_2_last_rotated": "N/A",
            "access_key_2_last_used_date": "N/A"}


def trust(principal: dict[str, Any], action: str = "sts:AssumeRole",
          condition: dict[str, Any] | None = None) -> dict[str, Any]:
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": principal, "Action": action}
    if condition:
        statement["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [statement]}


MFA = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
SAML_ARN = f"arn:aws:iam::{ACCOUNT_ID}:saml-provider/corp-idp"


def role(name: str, document: dict[str, Any], *, max_session: int = 3600,
         path: str = "/") -> dict[str, Any]:
    return {"RoleName": name, "Path": path, "Arn": f"arn:aws:iam::{ACCOUNT_ID}:role{path}{name}",
            "MaxSessionDuration": max_session, "AssumeRolePolicyDocument": document}


def role_detail(name: str, *policy_arns: str) -> dict[str, Any]:
    return {"RoleName": name, "Path": "/", "Arn": f"arn:aws:iam::{ACCOUNT_ID}:role/{name}",
            "RolePolicyList": [],
            "AttachedManagedPolicies": [{"PolicyName": arn.rsplit("/", 1)[-1], "PolicyArn": arn}
                                        for arn in policy_arns]}


def contact(kind: str) -> dict[str, str]:
    return {"AlternateContactType": kind, "Name": f"{kind.title()} Team", "Title": "Team",
            "EmailAddress": f"{kind.lower()}@example.com", "PhoneNumber": "+1 206 555 0100"}


def identity_compliant() -> AccountSnapshot:
    """Every root, account, credential, access and guardrail control passes."""
    snapshot = compliant()
    snapshot.collected_at = NOW
    snapshot.regions = list(REGIONS)
    snapshot.record("iam:GetCredentialReport", [
        root_report_row(),
        credential_row("jane.doe", keys=((RECENT, RECENT),)),
        credential_row("john.smith", console=False, mfa=False, keys=((RECENT, RECENT),)),
    ])
    snapshot.record("iam:GetAccountSummary", {"AccountMFAEnabled": 1,
                                              "AccountAccessKeysPresent": 0})
    snapshot.record("iam:ListVirtualMFADevices", [
        {"SerialNumber": f"arn:aws:iam::{ACCOUNT_ID}:mfa/jane.doe",
         "UserArn": f"arn:aws:iam::{ACCOUNT_ID}:user/jane.doe", "EnableDate": OLD}])
    details = snapshot.get("iam:GetAccountAuthorizationDetails")
    details["RoleDetailList"] = [
        role_detail("aws-support", "arn:aws:iam::aws:policy/AWSSupportAccess"),
        role_detail("platform-admin", "arn:aws:iam::aws:policy/AdministratorAccess"),
        role_detail("developer", "arn:aws:iam::aws:policy/PowerUserAccess"),
        role_detail("corp-admin", "arn:aws:iam::aws:policy/ReadOnlyAccess"),
        role_detail("partner-monitoring", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"),
    ]
    snapshot.record("iam:GetAccountAuthorizationDetails", details)
    root = {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}
    snapshot.record("iam:ListRoles", [
        role("aws-support", trust(root, condition=MFA)),
        role("platform-admin", trust(root, condition=MFA), max_session=3600),
        role("developer", trust(root, condition=MFA), max_session=14400),
        role("corp-admin", trust({"Federated": SAML_ARN}, "sts:AssumeRoleWithSAML",
                                 {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}})),
        role("partner-monitoring", trust({"AWS": "arn:aws:iam::210987654321:root"},
                                         condition={"StringEquals": {"sts:ExternalId": "x-1234"}})),
        role("lambda-exec", trust({"Service": "lambda.amazonaws.com"}), max_session=43200),
        role("AWSServiceRoleForSupport", trust({"Service": "support.amazonaws.com"}),
             path="/aws-service-role/support.amazonaws.com/"),
    ])
    snapshot.record("iam:ListServerCertificates", [
        {"ServerCertificateName": "www", "Arn": f"arn:aws:iam::{ACCOUNT_ID}:server-certificate/www",
         "Expiration": "2027-06-01T00:00:00+00:00"}])
    snapshot.record("iam:ListSAMLProviders", [{"Arn": SAML_ARN}])
    snapshot.record("iam:ListOpenIDConnectProviders", [])
    snapshot.record("account:GetAlternateContact",
                    {kind: contact(kind) for kind in ("SECURITY", "OPERATIONS", "BILLING")})
    snapshot.record("s3control:GetPublicAccessBlock", {
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True})
    snapshot.record("s3:ListBuckets", [{"Name": "app-data"}, {"Name": "app-logs"}])
    snapshot.record("s3:GetPublicAccessBlock", {name: {
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True} for name in ("app-data", "app-logs")})
    for region in REGIONS:
        instance = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
        snapshot.record("ec2:GetEbsEncryptionByDefault", True, region=region)
        snapshot.record("guardduty:ListDetectors", [{"DetectorId": f"d-{region}",
                                                     "Status": "ENABLED"}], region=region)
        snapshot.record("access-analyzer:ListAnalyzers", [
            {"name": "account-analyzer", "type": "ACCOUNT", "status": "ACTIVE"}], region=region)
        snapshot.record("securityhub:DescribeHub", {
            "HubArn": f"arn:aws:securityhub:{region}:{ACCOUNT_ID}:hub/default"}, region=region)
        snapshot.record("securityhub:GetEnabledStandards", [
            {"StandardsArn": SH.format(region=region) + part, "StandardsStatus": "READY"}
            for part in ("cis-aws-foundations-benchmark/v/3.0.0",
                         "aws-foundational-security-best-practices/v/1.0.0")], region=region)
        home = region == REGIONS[0]
        snapshot.record("sso-admin:ListInstances",
                        [{"InstanceArn": instance, "Status": "ACTIVE"}] if home else [],
                        region=region)
        snapshot.record("sso-admin:DescribePermissionSet",
                        [{"Name": "AdministratorAccess", "SessionDuration": "PT1H",
                          "InstanceArn": instance},
                         {"Name": "ReadOnly", "SessionDuration": "PT4H", "InstanceArn": instance}]
                        if home else [], region=region)
    return snapshot
