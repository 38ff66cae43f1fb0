"""Hand-built snapshots of a management account for the organization-layer checks.

The organization: root r-root > OU Security (the audit account) and OU Workloads > OU Prod
(a workload account); a suspended account under the root. Every guardrail SCP of
tests/fixtures/scp/ is attached to the root, except protect-cloudtrail, which is attached
to the Workloads OU and to the audit account itself (so the path matters); FullAWSAccess is
attached to every level, as AWS does (a request is allowed only with an Allow at every
level). GuardDuty, Security Hub, Access Analyzer, CloudTrail and IAM are delegated to the
audit account (and have trusted access), with Access Analyzer's organization analyzer there
(read through the member role); an organization trail and an organization Config aggregator
sit in the management account; centralized root access is on; the delegation policy lets the
audit account manage Organizations policies.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from governance.model import AccountSnapshot
from tests.support.snapshots import changed
from tests.unit.snapshots import ACCOUNT_ID

MANAGEMENT = ACCOUNT_ID
AUDIT, WORKLOAD, SUSPENDED = "222200000001", "222200000002", "222200000003"
REGION = "us-east-1"
ROOT, SECURITY, WORKLOADS, PROD = "r-root", "ou-root-security", "ou-root-workloads", "ou-root-prod"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scp"
TRAIL_ARN = f"arn:aws:cloudtrail:{REGION}:{MANAGEMENT}:trail/governance-org-trail"
FULL_ACCESS = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'


# Trusted access on in the organization: each of these supports a delegated administrator,
# and each is delegated to the audit account (CloudTrail: the organization trail is in use).
TRUSTED = ("access-analyzer.amazonaws.com", "cloudtrail.amazonaws.com",
           "guardduty.amazonaws.com", "securityhub.amazonaws.com", "iam.amazonaws.com")
READ_ACTIONS = ["organizations:DescribeOrganization", "organizations:ListRoots",
                "organizations:ListAccounts", "organizations:ListPolicies"]
MANAGE_ACTIONS = ["organizations:CreatePolicy", "organizations:UpdatePolicy",
                  "organizations:DeletePolicy", "organizations:AttachPolicy",
                  "organizations:DetachPolicy", "organizations:DescribePolicy"]
POLICY_ARN = f"arn:aws:organizations::{MANAGEMENT}:resourcepolicy/o-example/rp-example1"


def policy_statement(principal: object, actions: object, **extra: object) -> dict[str, Any]:
    return {"Effect": "Allow", "Principal": {"AWS": principal} if principal != "*" else "*",
            "Action": actions, "Resource": "*", **extra}


def delegation_policy(*statements: dict[str, Any]) -> dict[str, Any]:
    """DescribeResourcePolicy's ResourcePolicy with these statements."""
    return {"ResourcePolicySummary": {"Id": "rp-example1", "Arn": POLICY_ARN},
            "Content": json.dumps({"Version": "2012-10-17", "Statement": list(statements)})}


def scp_text(guardrail_id: str) -> str:
    return (FIXTURES / f"{guardrail_id}.json").read_text()


def _account(account_id: str, name: str, status: str = "ACTIVE") -> dict[str, Any]:
    return {"Id": account_id, "Name": name, "Status": status, "Email": f"{name}@example.com",
            "Arn": f"arn:aws:organizations::{MANAGEMENT}:account/o-example/{account_id}"}


def organization() -> AccountSnapshot:
    snapshot = AccountSnapshot(account_id=MANAGEMENT,
                               caller_arn=f"arn:aws:iam::{MANAGEMENT}:role/audit",
                               collected_at="2026-12-01T00:00:00+00:00", regions=[REGION],
                               home_region=REGION)
    snapshot.record("organizations:DescribeOrganization", {  # as AWS answers: with its Arn
        "Id": "o-example", "Arn": f"arn:aws:organizations::{MANAGEMENT}:organization/o-example",
        "MasterAccountId": MANAGEMENT, "FeatureSet": "ALL"})
    snapshot.record("governance:OrganizationView", "management")
    snapshot.record("organizations:ListRoots", [{"Id": ROOT, "Name": "Root"}])
    snapshot.record("organizations:ListOrganizationalUnitsForParent", {
        ROOT: [{"Id": SECURITY, "Name": "Security"}, {"Id": WORKLOADS, "Name": "Workloads"}],
        SECURITY: [], WORKLOADS: [{"Id": PROD, "Name": "Prod"}], PROD: []})
    snapshot.record("organizations:ListAccountsForParent", {
        ROOT: [MANAGEMENT, SUSPENDED], SECURITY: [AUDIT], WORKLOADS: [], PROD: [WORKLOAD]})
    snapshot.record("organizations:ListAccounts", [
        _account(MANAGEMENT, "management"), _account(AUDIT, "audit"),
        _account(WORKLOAD, "workload"), _account(SUSPENDED, "old", "SUSPENDED")])
    policies = [{"Id": "p-FullAWSAccess", "Name": "FullAWSAccess", "AwsManaged": True,
                 "Type": "SERVICE_CONTROL_POLICY"}]
    contents = {"p-FullAWSAccess": FULL_ACCESS}
    # as on AWS (and moto): FullAWSAccess on the root and on every OU and account it creates
    targets: dict[str, list[dict[str, Any]]] = {"p-FullAWSAccess": [
        {"TargetId": t} for t in (ROOT, SECURITY, WORKLOADS, PROD, MANAGEMENT, AUDIT, WORKLOAD,
                                  SUSPENDED)]}
    for path in sorted(FIXTURES.glob("*.json")):
        pid = f"p-{path.stem}"
        policies.append({"Id": pid, "Name": f"governance-{path.stem}", "AwsManaged": False,
                         "Type": "SERVICE_CONTROL_POLICY"})
        contents[pid] = path.read_text()
        targets[pid] = ([{"TargetId": WORKLOADS}, {"TargetId": AUDIT}]
                        if path.stem == "protect-cloudtrail" else [{"TargetId": ROOT}])
    snapshot.record("organizations:ListPolicies", policies)
    snapshot.record("organizations:DescribePolicy", contents)
    snapshot.record("organizations:ListTargetsForPolicy", targets)
    snapshot.record("organizations:ListDelegatedAdministrators", [_account(AUDIT, "audit")])
    snapshot.record("organizations:ListDelegatedServicesForAccount", {AUDIT: [
        "access-analyzer.amazonaws.com", "guardduty.amazonaws.com",
        "securityhub.amazonaws.com", "cloudtrail.amazonaws.com", "iam.amazonaws.com"]})
    snapshot.record("organizations:ListAWSServiceAccessForOrganization", [
        {"ServicePrincipal": principal, "DateEnabled": "2026-01-01T00:00:00+00:00"}
        for principal in TRUSTED])
    snapshot.record("organizations:DescribeResourcePolicy", delegation_policy(
        policy_statement(f"arn:aws:iam::{AUDIT}:root", READ_ACTIONS),
        policy_statement(f"arn:aws:iam::{AUDIT}:root", MANAGE_ACTIONS)))
    snapshot.record("iam:ListOrganizationsFeatures", {
        "OrganizationId": "o-example",
        "EnabledFeatures": ["RootCredentialsManagement", "RootSessions"]})
    # Access Analyzer is delegated to the audit account: the organization analyzer is there,
    # read through the member role by the organization audit (the management account has none)
    snapshot.record("access-analyzer:ListAnalyzers", [], region=REGION)
    snapshot.record("governance:DelegatedAccessAnalyzers", {AUDIT: [
        {"name": "governance-organization-analyzer", "type": "ORGANIZATION",
         "status": "ACTIVE"}]}, region=REGION)
    snapshot.record("guardduty:ListOrganizationAdminAccounts",
                    [{"AdminAccountId": AUDIT, "AdminStatus": "ENABLED"}], region=REGION)
    snapshot.record("securityhub:ListOrganizationAdminAccounts",
                    [{"AccountId": AUDIT, "Status": "ENABLED"}],
                    region=REGION)
    snapshot.record("config:DescribeConfigurationAggregators", [{
        "ConfigurationAggregatorName": "governance-organization",
        "ConfigurationAggregatorArn": f"arn:aws:config:{REGION}:{MANAGEMENT}:config-aggregator/x",
        "OrganizationAggregationSource": {"RoleArn": "arn:aws:iam::1:role/x",
                                          "AllAwsRegions": True}}], region=REGION)
    snapshot.record("cloudtrail:DescribeTrails", [{
        "Name": "governance-org-trail", "TrailARN": TRAIL_ARN, "HomeRegion": REGION,
        "IsMultiRegionTrail": True, "IsOrganizationTrail": True,
        "S3BucketName": "governance-logs"}], region=REGION)
    snapshot.record("cloudtrail:GetTrailStatus", {TRAIL_ARN: {"IsLogging": True}}, region=REGION)
    return snapshot


def without_scp(guardrail_id: str) -> AccountSnapshot:
    return changed(organization(), "organizations:ListTargetsForPolicy",
                   lambda targets: {**targets, f"p-{guardrail_id}": []})


def with_scp_text(guardrail_id: str, text: str) -> AccountSnapshot:
    return changed(organization(), "organizations:DescribePolicy",
                   lambda contents: {**contents, f"p-{guardrail_id}": text})


def allow_list(target: str, *statements: dict[str, Any],
               snapshot: AccountSnapshot | None = None) -> AccountSnapshot:
    """FullAWSAccess detached from ``target`` (the root, an OU or an account) and an SCP
    ``allow-list`` with ``statements`` attached there instead (of the compliant organization
    unless ``snapshot`` is given)."""
    snapshot = snapshot or organization()
    targets = copy.deepcopy(snapshot.get("organizations:ListTargetsForPolicy"))
    targets["p-FullAWSAccess"] = [t for t in targets["p-FullAWSAccess"] if t["TargetId"] != target]
    targets["p-allow-list"] = [{"TargetId": target}]
    snapshot.record("organizations:ListTargetsForPolicy", targets)
    snapshot.record("organizations:ListPolicies", [
        *snapshot.get("organizations:ListPolicies"),
        {"Id": "p-allow-list", "Name": "allow-list", "AwsManaged": False,
         "Type": "SERVICE_CONTROL_POLICY"}])
    snapshot.record("organizations:DescribePolicy", {
        **snapshot.get("organizations:DescribePolicy"),
        "p-allow-list": json.dumps({"Version": "2012-10-17", "Statement": list(statements)})})
    return snapshot
