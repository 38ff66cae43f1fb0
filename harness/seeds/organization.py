"""Seeding for the organization-layer controls: a moto management account with an
organization (OUs Security and Workloads, an audit and a workload account), every guardrail
SCP of tests/fixtures/scp/ created and attached, an organization trail, GuardDuty, Security
Hub and Access Analyzer delegated to the audit account, an organization Config aggregator,
trusted access for IAM, Access Analyzer and CloudTrail, centralized root access and the
delegation policy (``seed_organization``); the same with one part broken; a member account
reached through the role the organization creates in it (``member_account``).

moto stores SCPs and attachments but never enforces them; what moto lacks of the rest
(IAM organization features, the Organizations resource policy, CloudTrail's organization
delegated admin, Access Analyzer) harness.moto answers as AWS does
(harness/moto/organization_features.py, routes.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3

from harness.moto import set_access_analyzers
from harness.moto_sandbox import SANDBOX_CALLER_KEYS, SandboxAccount
from harness.seeds.access_analyzer import analyzer, checked_analyzer_type

# The guardrail SCP documents, as terraform/modules/organization-guardrails renders them.
FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "scp"
ACCESS_ANALYZER, IAM = "access-analyzer.amazonaws.com", "iam.amazonaws.com"
TRUSTED = (ACCESS_ANALYZER, "cloudtrail.amazonaws.com", IAM)


def seed_organization(account: Any, guardduty_admin: str | None = None) -> dict[str, str]:
    """The compliant organization in ``account`` (its management account); returns ids.
    ``guardduty_admin``: another GuardDuty organization admin than the audit account."""
    org = account.client("organizations")
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    ids = {"root": root}
    for name in ("Security", "Workloads"):
        ids[name] = org.create_organizational_unit(ParentId=root, Name=name)[
            "OrganizationalUnit"]["Id"]
    for name, ou in (("audit", "Security"), ("workload", "Workloads")):
        created = org.create_account(AccountName=name, Email=f"{name}@example.com")
        ids[name] = created["CreateAccountStatus"]["AccountId"]
        org.move_account(AccountId=ids[name], SourceParentId=root, DestinationParentId=ids[ou])
    for path in sorted(FIXTURES.glob("*.json")):
        content = json.dumps(json.loads(path.read_text()), separators=(",", ":"))
        policy = org.create_policy(Name=f"governance-{path.stem}", Content=content,
                                   Description=f"guardrail {path.stem}",
                                   Type="SERVICE_CONTROL_POLICY")["Policy"]["PolicySummary"]
        ids[path.stem] = policy["Id"]
        targets = ([ids["Workloads"], ids["audit"]] if path.stem == "protect-cloudtrail"
                   else [root])
        for target in targets:
            org.attach_policy(PolicyId=policy["Id"], TargetId=target)
    bucket = f"governance-org-trail-{account.account_id}"
    account.client("s3").create_bucket(Bucket=bucket)
    trail = account.client("cloudtrail")
    trail.create_trail(Name="governance-org-trail", S3BucketName=bucket,
                       IsMultiRegionTrail=True, IsOrganizationTrail=True)
    trail.start_logging(Name="governance-org-trail")
    account.client("guardduty").enable_organization_admin_account(
        AdminAccountId=guardduty_admin or ids["audit"])
    account.client("securityhub").enable_organization_admin_account(AdminAccountId=ids["audit"])
    org.register_delegated_administrator(AccountId=ids["audit"], ServicePrincipal=ACCESS_ANALYZER)
    account.client("config").put_configuration_aggregator(
        ConfigurationAggregatorName="governance-organization",
        OrganizationAggregationSource={
            "RoleArn": f"arn:aws:iam::{account.account_id}:role/governance-config-aggregator",
            "AllAwsRegions": True})
    # CIS v7.0.0 2.1.1, 2.1.5, 2.1.6 (harness extensions answer what moto lacks): trusted
    # access for the services in use, each delegated to the audit account; centralized root
    # access; the delegation policy letting the audit account manage Organizations policies.
    for principal in TRUSTED:
        org.enable_aws_service_access(ServicePrincipal=principal)
    account.client("cloudtrail").register_organization_delegated_admin(
        MemberAccountId=ids["audit"])
    org.register_delegated_administrator(AccountId=ids["audit"], ServicePrincipal=IAM)
    iam = account.client("iam")
    iam.enable_organizations_root_credentials_management()
    iam.enable_organizations_root_sessions()
    org.put_resource_policy(Content=json.dumps(delegation_policy(ids["audit"])))
    return ids


def delegation_policy(delegate: str) -> dict[str, Any]:
    """As terraform/modules/organization-guardrails writes it: read actions to navigate the
    organization, policy management of the delegated policy types."""
    principal = {"AWS": f"arn:aws:iam::{delegate}:root"}
    return {"Version": "2012-10-17", "Statement": [
        {"Sid": "NavigateTheOrganization", "Effect": "Allow", "Principal": principal,
         "Action": ["organizations:DescribeOrganization", "organizations:ListRoots",
                    "organizations:ListAccounts", "organizations:ListPolicies"],
         "Resource": "*"},
        {"Sid": "ManagePolicies", "Effect": "Allow", "Principal": principal,
         "Action": ["organizations:CreatePolicy", "organizations:UpdatePolicy",
                    "organizations:DeletePolicy", "organizations:AttachPolicy",
                    "organizations:DetachPolicy"],
         "Resource": "*", "Condition": {"StringEquals": {
             "organizations:PolicyType": ["SERVICE_CONTROL_POLICY", "TAG_POLICY"]}}}]}


def root_credentials_off(account: Any) -> None:
    """The compliant organization with root credentials management turned off."""
    seed_organization(account)
    account.client("iam").disable_organizations_root_credentials_management()


def delegation_policy_deleted(account: Any) -> None:
    """The compliant organization without its resource-based delegation policy."""
    seed_organization(account)
    account.client("organizations").delete_resource_policy()


def cloudtrail_not_delegated(account: Any) -> None:
    """The compliant organization with CloudTrail's delegated administrator deregistered."""
    ids = seed_organization(account)
    account.client("cloudtrail").deregister_organization_delegated_admin(
        DelegatedAdminAccountId=ids["audit"])


def organization_analyzer(kind: str) -> Callable[[Any], None]:
    """An organization whose management account holds its analyzers (Access Analyzer not
    delegated): ``kind`` ORGANIZATION passes, ACCOUNT does not (list-analyzers --type
    ORGANIZATION lists nothing)."""
    made = [analyzer(f"governance-{checked_analyzer_type(kind).lower()}-analyzer", kind)]

    def seed(account: Any) -> None:
        account.client("organizations").create_organization(FeatureSet="ALL")
        set_access_analyzers(account.account_id, account.region, made)

    seed.__name__ = f"organization_analyzer_{kind.lower()}"
    return seed


ORGANIZATION_ANALYZER, ACCOUNT_ANALYZER_ONLY = (organization_analyzer("ORGANIZATION"),
                                                organization_analyzer("ACCOUNT"))


def detach_guardrails(account: Any, guardrail_ids: list[str]) -> None:
    """The compliant organization with the given guardrails detached from every target."""
    unknown = set(guardrail_ids) - {path.stem for path in FIXTURES.glob("*.json")}
    if unknown:
        raise ValueError(f"not guardrails of tests/fixtures/scp/: {sorted(unknown)}")
    ids = seed_organization(account)
    org = account.client("organizations")
    for guardrail_id in guardrail_ids:
        for target in org.list_targets_for_policy(PolicyId=ids[guardrail_id])["Targets"]:
            org.detach_policy(PolicyId=ids[guardrail_id], TargetId=target["TargetId"])


def stop_trail(account: Any) -> None:
    """The compliant organization with its organization trail stopped."""
    seed_organization(account)
    account.client("cloudtrail").stop_logging(Name="governance-org-trail")


def guardduty_admin_outside(account: Any) -> None:
    """moto accepts any account id as GuardDuty's organization admin (AWS: members only)."""
    seed_organization(account, guardduty_admin="999999999999")


def delete_aggregator(account: Any) -> None:
    """The compliant organization without its Config aggregator."""
    seed_organization(account)
    account.client("config").delete_configuration_aggregator(
        ConfigurationAggregatorName="governance-organization")


def member_account(moto_sandbox: Any, account_id: str) -> SandboxAccount:
    """A member account of the seeded organization, reached through the role that the
    organization creates in it."""
    role_arn = f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole"
    sts = boto3.client("sts", region_name="us-east-1", endpoint_url=moto_sandbox.endpoint,
                       **SANDBOX_CALLER_KEYS)
    credentials = sts.assume_role(RoleArn=role_arn, RoleSessionName="member")["Credentials"]
    session = boto3.Session(aws_access_key_id=credentials["AccessKeyId"],
                            aws_secret_access_key=credentials["SecretAccessKey"],
                            aws_session_token=credentials["SessionToken"],
                            region_name="us-east-1")
    return SandboxAccount(account_id=account_id, role_arn=role_arn, region="us-east-1",
                          endpoint=moto_sandbox.endpoint, session=session)
