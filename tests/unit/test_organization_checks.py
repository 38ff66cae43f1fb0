"""Organization-layer checks on hand-built management-account snapshots: every guardrail
control, the organization trail, the delegated administrators, the Config aggregator and
the CIS v6.0.0 / v7.0.0 organization items (centralized root access, the delegation policy,
delegated administrators of the integrated services, the organization analyzer), PASS and
FAIL with the reason; NOT_APPLICABLE from a member or outside an organization."""

from __future__ import annotations

import json

import pytest

from governance.checks import run_check
from governance.model import AccountSnapshot, Status
from tests.support.snapshots import changed
from tests.support.snapshots_organization import (
    AUDIT,
    MANAGEMENT,
    REGION,
    ROOT,
    WORKLOAD,
    allow_list,
    organization,
    scp_text,
    with_scp_text,
    without_scp,
)
from tests.support.verdicts import verdict_tests
from tests.unit.cases_organization import (
    ANALYZERS,
    DELEGATED_ANALYZERS,
    FAIL_CASES,
    FEATURES,
    IMPLICIT_LEAVE,
    ORG_CONTROLS,
    OTHER_REGION,
    PASS_CASES,
    POLICY,
    SCP_CONTROLS,
    SERVICES,
    TRUSTED_ACCESS,
    _analyzer,
    _audit_account_view,
    _features,
    _not_delegated,
    _trusted_with,
)

test_check_fails_with_reason, test_check_passes = verdict_tests(
    FAIL_CASES, PASS_CASES, several_fail=SCP_CONTROLS)


@pytest.mark.parametrize("control_id", sorted(SCP_CONTROLS))
def test_one_finding_per_active_member_never_the_management_account(control_id):
    findings = run_check(control_id, organization())
    assert [f.evidence["account"] for f in findings] == [AUDIT, WORKLOAD]
    assert all(f.resource.endswith(f.evidence["account"]) for f in findings)


def test_a_fail_names_only_the_account_that_lacks_the_guardrail():
    snapshot = changed(organization(), "organizations:ListTargetsForPolicy", lambda t: {
        **t, "p-protect-cloudtrail": [{"TargetId": "ou-root-workloads"}]})
    findings = {f.evidence["account"]: f.status for f in run_check("scp-protect-cloudtrail",
                                                                    snapshot)}
    assert findings == {AUDIT: Status.FAIL, WORKLOAD: Status.PASS}


def test_an_scp_attached_to_the_account_itself_counts():
    snapshot = changed(organization(), "organizations:ListTargetsForPolicy", lambda t: {
        **t, "p-protect-config": [{"TargetId": WORKLOAD}, {"TargetId": AUDIT}]})
    assert {f.status for f in run_check("scp-protect-config", snapshot)} == {Status.PASS}


@pytest.mark.parametrize("control_id", ORG_CONTROLS)
def test_from_a_member_account_not_applicable(control_id):
    snapshot = organization()
    snapshot.reads = {k: v for k, v in snapshot.reads.items()
                      if k == "organizations:DescribeOrganization"}
    snapshot.account_id = WORKLOAD
    snapshot.record("governance:OrganizationView", "member")
    findings = run_check(control_id, snapshot)
    assert [(f.status, f.reason) for f in findings] == [
        (Status.NOT_APPLICABLE, "not the management account")]


@pytest.mark.parametrize("control_id", ORG_CONTROLS)
def test_outside_an_organization_not_applicable(control_id):
    snapshot = AccountSnapshot(account_id=MANAGEMENT, caller_arn="arn:aws:iam::1:role/a",
                               collected_at="2026-12-01T00:00:00+00:00", regions=[REGION])
    snapshot.record("organizations:DescribeOrganization", None)
    findings = run_check(control_id, snapshot)
    assert [(f.status, f.reason) for f in findings] == [
        (Status.NOT_APPLICABLE, "not in an organization")]


def test_no_active_member_is_not_applicable():
    snapshot = changed(organization(), "organizations:ListAccounts",
                       lambda accounts: [a for a in accounts if a["Id"] == MANAGEMENT])
    findings = run_check("scp-deny-leave-organization", snapshot)
    assert [f.status for f in findings] == [Status.NOT_APPLICABLE]


def test_an_scp_the_evaluator_cannot_read_is_error_for_the_accounts_it_applies_to():
    document = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Action": "*", "Resource": "*",
        "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}}]}
    snapshot = with_scp_text("protect-config", json.dumps(document))
    findings = run_check("scp-protect-config", snapshot)
    assert {f.status for f in findings} == {Status.ERROR}
    assert "policy governance-protect-config: unsupported condition operator" in findings[0].reason


def test_config_delegated_elsewhere_is_judged_there():
    snapshot = changed(organization(), "config:DescribeConfigurationAggregators", lambda _: [], REGION)
    snapshot.record("organizations:ListDelegatedServicesForAccount", {
        AUDIT: ["access-analyzer.amazonaws.com", "config.amazonaws.com"]})
    findings = run_check("organization-config-aggregator", snapshot)
    assert [f.status for f in findings] == [Status.NOT_APPLICABLE]
    assert f"AWS Config is delegated to {AUDIT}" in findings[0].reason


def test_an_organization_trail_homed_in_an_unaudited_region_is_error():
    snapshot = changed(organization(), "cloudtrail:DescribeTrails", lambda trails: [
        {**trails[0], "HomeRegion": "eu-west-1"}], REGION)
    findings = run_check("organization-trail", snapshot)
    assert [f.status for f in findings] == [Status.ERROR]
    assert "homed in a region that was not audited" in findings[0].reason


@pytest.mark.parametrize("control_id", ORG_CONTROLS)
def test_a_delegated_administrator_judges_like_the_management_account(control_id):
    snapshot = organization()
    snapshot.account_id = AUDIT
    snapshot.record("governance:OrganizationView", "delegated-admin")
    assert {f.status for f in run_check(control_id, snapshot)} == {Status.PASS}


def test_another_exempt_role_and_prefix_come_from_the_audit_settings():
    """A module applied with exempt_principal_arns = [.../BaselineDeployer] and
    protected_name_prefix = "acme": with the defaults the audit reports the exempt role it
    expects as denied; with the settings it passes."""
    text = scp_text("protect-log-storage").replace("OrganizationAccountAccessRole",
                                                   "BaselineDeployer").replace(
        "governance*", "acme*")
    snapshot = with_scp_text("protect-log-storage", text)
    findings = run_check("scp-protect-log-storage", snapshot)
    assert {f.status for f in findings} == {Status.FAIL}
    assert "s3:DeleteBucket on arn:aws:s3:::governance-logs-" in findings[0].reason
    snapshot.record("governance:Settings", {
        "scp_exempt_principal": "arn:aws:iam::{account}:role/BaselineDeployer",
        "scp_protected_name_prefix": "acme"})
    assert {f.status for f in run_check("scp-protect-log-storage", snapshot)} == {Status.PASS}


def test_a_probe_denied_for_want_of_an_allow_says_so_in_the_evidence():
    snapshot = allow_list(ROOT, *IMPLICIT_LEAVE, snapshot=without_scp("deny-leave-organization"))
    findings = run_check("scp-deny-leave-organization", snapshot)
    assert {f.status for f in findings} == {Status.PASS}
    for finding in findings:
        assert "1 probe(s) denied for want of an Allow, not by a Deny" in finding.reason
        assert finding.evidence["implicitly_denied"] == [
            f"organizations:LeaveOrganization by arn:aws:iam::{finding.evidence['account']}:role/"
            f"governance-probe-workload in {REGION}: not allowed by any SCP at root {ROOT}"]
    compliant = run_check("scp-deny-leave-organization", organization())
    assert all("implicitly_denied" not in f.evidence for f in compliant)


# --- where the CIS organization items are judged ---------------------------------------------

def _member_view() -> AccountSnapshot:
    snapshot = organization()
    snapshot.reads = {k: v for k, v in snapshot.reads.items()
                      if k == "organizations:DescribeOrganization"}
    snapshot.account_id = WORKLOAD
    snapshot.record("governance:OrganizationView", "member")
    snapshot.record(ANALYZERS, [_analyzer("ACCOUNT")], region=REGION)
    return snapshot


def test_a_member_account_never_passes_the_organization_analyzer():
    findings = run_check("access-analyzer-organization", _member_view())
    assert [(f.status, f.region) for f in findings] == [(Status.NOT_APPLICABLE, REGION)]
    assert findings[0].reason.startswith("member account of organization o-example: it cannot "
                                         "list the organization analyzer")


def test_the_management_accounts_own_audit_names_the_delegated_administrator():
    """Without the member role (a single-account audit) the delegated administrator's
    analyzers are not read: the finding says where the item is judged."""
    snapshot = organization()
    del snapshot.reads[snapshot.key(DELEGATED_ANALYZERS, REGION)]
    [finding] = run_check("access-analyzer-organization", snapshot)
    assert finding.status is Status.NOT_APPLICABLE
    assert finding.reason == (
        f"the organization analyzer in {REGION} is judged from the IAM Access Analyzer "
        f"delegated administrator {AUDIT} (the organization audit reads it through the member "
        "role)")


def test_a_delegated_administrator_of_another_service_does_not_judge_the_analyzer():
    snapshot = _audit_account_view([])
    snapshot.record(SERVICES, {AUDIT: ["guardduty.amazonaws.com"],
                               "222200000009": ["access-analyzer.amazonaws.com"]})
    [finding] = run_check("access-analyzer-organization", snapshot)
    assert finding.status is Status.NOT_APPLICABLE
    assert "delegated administrator 222200000009" in finding.reason


def test_the_organization_analyzer_gives_one_finding_per_audited_region():
    snapshot = _not_delegated([_analyzer("ORGANIZATION")])
    snapshot.regions = [REGION, OTHER_REGION]
    snapshot.record(ANALYZERS, [_analyzer("ACCOUNT")], region=OTHER_REGION)
    findings = run_check("access-analyzer-organization", snapshot)
    assert {(f.region, f.status) for f in findings} == {(REGION, Status.PASS),
                                                        (OTHER_REGION, Status.FAIL)}
    assert f"in {OTHER_REGION} (other analyzers: a)" in findings[1].reason


def test_a_delegated_administrator_of_another_service_leaves_root_access_to_iams():
    snapshot = organization()
    snapshot.account_id = WORKLOAD
    snapshot.record("governance:OrganizationView", "delegated-admin")
    del snapshot.reads[FEATURES]
    [finding] = run_check("organization-root-credentials-management", snapshot)
    assert finding.status is Status.NOT_APPLICABLE
    assert "not IAM's" in finding.reason


def test_root_sessions_are_shown_not_required():
    [finding] = run_check("organization-root-credentials-management", _features(
        "RootCredentialsManagement"))
    assert finding.evidence["root_sessions"] is False
    assert "privileged root sessions off" in finding.reason


def test_no_integrated_service_in_use_is_not_applicable():
    snapshot = changed(changed(
        organization(), "cloudtrail:DescribeTrails", lambda t: [{**t[0], "IsOrganizationTrail": False}],
        REGION), TRUSTED_ACCESS, lambda _: [])
    [finding] = run_check("organization-services-delegated-admins", snapshot)
    assert finding.status is Status.NOT_APPLICABLE
    assert finding.evidence["cloudtrail_out_of_scope"] is True


def test_a_trusted_service_without_known_delegation_is_named_not_judged():
    [finding] = run_check("organization-services-delegated-admins", changed(
        organization(), TRUSTED_ACCESS, _trusted_with("ram.amazonaws.com")))
    assert finding.status is Status.PASS
    assert "1 trusted service(s) without known delegated administration not judged: " \
        "ram.amazonaws.com" in finding.reason
    assert finding.evidence["trusted_services_not_judged"] == ["ram.amazonaws.com"]


def test_the_delegation_policy_evidence_names_the_delegate_and_its_actions():
    [finding] = run_check("organization-policies-delegated-admin", organization())
    assert finding.evidence["policy_management"] == {AUDIT: [
        "AttachPolicy", "CreatePolicy", "DeletePolicy", "DetachPolicy", "UpdatePolicy"]}
    assert finding.resource.endswith("rp-example1")


def test_a_delegation_policy_that_is_not_json_is_error():
    snapshot = changed(organization(), POLICY, lambda p: {**p, "Content": "{not json"})
    [finding] = run_check("organization-policies-delegated-admin", snapshot)
    assert finding.status is Status.ERROR
    assert "not JSON" in finding.reason
