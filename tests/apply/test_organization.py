"""examples/organization/management applied once on moto, read back with boto3.

One apply shared by every test of this module (xdist_group "organization"), then a re-plan
that must be empty and a destroy that must leave nothing: 5 terraform commands (init,
apply, output, plan, destroy). The member baseline is not applied per member (its plan is
in tests/plan/test_organization_plan.py; the baseline itself is what
tests/apply/test_complete_baseline.py applies).
"""

from __future__ import annotations

import json
import time

import pytest

from harness.organization import DEFAULT_GUARDRAILS, GUARDRAILS, apply_organization
from harness.terraform import quiet_tftest

pytestmark = pytest.mark.xdist_group("organization")


@pytest.fixture(scope="module")
def organization(moto_sandbox, toolchain, tmp_path_factory):
    quiet_tftest()
    started = time.monotonic()
    applied = apply_organization(moto_sandbox, toolchain, tmp_path_factory.mktemp("organization"))
    applied.timings = {"apply": round(time.monotonic() - started, 1)}
    yield applied
    if not applied.stack.destroyed:
        applied.stack.destroy()


@pytest.fixture(scope="module")
def organizations(organization):
    return organization.management.client("organizations")


def test_the_organization_has_scps_enabled_and_the_service_principals(organization, organizations):
    described = organizations.describe_organization()["Organization"]
    assert described["MasterAccountId"] == organization.management.account_id
    assert described["FeatureSet"] == "ALL"
    root, = organizations.list_roots()["Roots"]
    assert {"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"} in root["PolicyTypes"]
    principals = {p["ServicePrincipal"] for p in organizations.list_aws_service_access_for_organization()[
        "EnabledServicePrincipals"]}
    assert {"guardduty.amazonaws.com", "securityhub.amazonaws.com", "config.amazonaws.com",
            "access-analyzer.amazonaws.com", "cloudtrail.amazonaws.com"} <= principals


def test_the_accounts_sit_in_their_ous(organization, organizations):
    root, = organizations.list_roots()["Roots"]
    ous = {ou["Name"]: ou["Id"] for ou in organizations.list_organizational_units_for_parent(
        ParentId=root["Id"])["OrganizationalUnits"]}
    assert set(ous) == {"Security", "Workloads"}
    in_ou = {name: {a["Id"] for a in organizations.list_accounts_for_parent(ParentId=ou)["Accounts"]}
             for name, ou in ous.items()}
    assert in_ou["Security"] == {organization.log_archive_account_id, organization.audit_account_id}
    assert in_ou["Workloads"] == set(organization.member_account_ids)
    assert len(organization.member_account_ids) == 2
    active = {a["Id"] for a in organizations.list_accounts()["Accounts"] if a["Status"] == "ACTIVE"}
    assert active == {organization.management_account_id, *organization.account_ids.values()}


def test_every_default_guardrail_is_an_scp_attached_to_the_root(organization, organizations):
    root, = organizations.list_roots()["Roots"]
    ours = {p["Name"]: p["Id"] for p in organizations.list_policies(
        Filter="SERVICE_CONTROL_POLICY")["Policies"] if not p["AwsManaged"]}
    assert set(ours) == {f"governance-{g}" for g in DEFAULT_GUARDRAILS}  # opt-ins stay off
    for name, policy_id in ours.items():
        targets = organizations.list_targets_for_policy(PolicyId=policy_id)["Targets"]
        assert [t["TargetId"] for t in targets] == [root["Id"]], name
        content = organizations.describe_policy(PolicyId=policy_id)["Policy"]["Content"]
        statements = json.loads(content)["Statement"]
        actions = {a for s in statements for a in (
            s.get("Action") if isinstance(s.get("Action"), list) else [s.get("Action")]) if a}
        assert actions == set(GUARDRAILS[name.removeprefix("governance-")][1]), name
    attached = {p["Name"] for p in organizations.list_policies_for_target(
        TargetId=root["Id"], Filter="SERVICE_CONTROL_POLICY")["Policies"]}
    assert attached == set(ours) | {"FullAWSAccess"}


def test_the_audit_account_is_delegated_administrator_with_an_organization_aggregator(
        organization, organizations):
    delegated = {d["Id"] for d in organizations.list_delegated_administrators()[
        "DelegatedAdministrators"]}
    assert delegated == {organization.audit_account_id}
    for principal in ("access-analyzer.amazonaws.com", "config-multiaccountsetup.amazonaws.com"):
        admins = organizations.list_delegated_administrators(ServicePrincipal=principal)
        assert [d["Id"] for d in admins["DelegatedAdministrators"]] == [
            organization.audit_account_id], principal
    config = organization.session_in(organization.audit_account_id).client(
        "config", endpoint_url=organization.management.endpoint)
    aggregator, = config.describe_configuration_aggregators()["ConfigurationAggregators"]
    source = aggregator["OrganizationAggregationSource"]
    assert source["AllAwsRegions"] is True
    assert source["RoleArn"] == (f"arn:aws:iam::{organization.audit_account_id}:role/"
                                 "governance-config-aggregator")


def test_a_member_is_reached_through_its_member_role(organization):
    member = organization.member_account_ids[0]
    sts = organization.session_in(member).client("sts", endpoint_url=organization.management.endpoint)
    assert sts.get_caller_identity()["Account"] == member


def test_centralized_root_access_and_the_policy_delegation_are_applied(organization,
                                                                        organizations):
    """CIS v7.0.0 2.1.1 / 2.1.5 / 2.1.6 as the module applies them (the harness answers IAM's
    organization features, the delegation policy and CloudTrail's delegated administrator as
    AWS does: moto has none of them)."""
    iam = organization.management.client("iam")
    assert sorted(iam.list_organizations_features()["EnabledFeatures"]) == [
        "RootCredentialsManagement", "RootSessions"]
    content = json.loads(organizations.describe_resource_policy()["ResourcePolicy"]["Content"])
    assert {s["Principal"]["AWS"] for s in content["Statement"]} == {
        f"arn:aws:iam::{organization.audit_account_id}:root"}
    for principal in ("cloudtrail.amazonaws.com", "iam.amazonaws.com", "sso.amazonaws.com"):
        admins = organizations.list_delegated_administrators(ServicePrincipal=principal)
        assert [d["Id"] for d in admins["DelegatedAdministrators"]] == [
            organization.audit_account_id], principal


def test_the_applied_organization_passes_the_cis_v7_organization_items(organization):
    """The audit's own verdicts on the applied stack, from the management account: 2.1.1 and
    2.1.5 PASS; 2.1.6 FAILs for GuardDuty and Security Hub only, whose delegations the
    sandbox turns off (harness/examples.py) while their trusted access stays on."""
    from governance.checks import evaluate

    management = organization.management
    findings = {f.control_id: f for f in evaluate(management.collector().collect(), [
        "organization-root-credentials-management", "organization-policies-delegated-admin",
        "organization-services-delegated-admins"])}
    assert findings["organization-root-credentials-management"].status.value == "PASS"
    delegation = findings["organization-policies-delegated-admin"]
    assert delegation.status.value == "PASS"
    assert organization.audit_account_id in delegation.reason
    services = findings["organization-services-delegated-admins"]
    assert (services.status.value, services.reason) == (
        "FAIL", "Amazon GuardDuty (trusted access guardduty.amazonaws.com) has no delegated "
        "administrator; AWS Security Hub (trusted access securityhub.amazonaws.com) has no "
        "delegated administrator")


def test_re_plan_is_empty(organization):
    assert organization.stack.pending_changes() == []


def test_destroy_leaves_nothing(organization):
    started = time.monotonic()
    left = organization.destroy()
    organization.timings["destroy"] = round(time.monotonic() - started, 1)
    assert left == [], f"left after destroy: {left}"
    assert organization.stack.commands == ["init", "apply", "output", "plan", "destroy"]
