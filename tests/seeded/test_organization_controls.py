"""Organization-layer controls through the CLI on a moto management account seeded with
boto3: an organization (OUs Security and Workloads, an audit and a workload account), every
guardrail SCP of tests/fixtures/scp/ created and attached, an organization trail, GuardDuty,
Security Hub and Access Analyzer delegated to the audit account, an organization Config
aggregator, and the CIS v7.0.0 organization items: trusted access for IAM, Access Analyzer
and CloudTrail, each delegated to the audit account, centralized root access, the delegation
policy. PASS, FAIL with the reason (detach one SCP -> FAIL naming the account and the
guardrail), ERROR when the read is denied. The organization analyzer (CIS v6.0.0 2.19) is
seeded in a management account that keeps it (Access Analyzer not delegated); where it is
delegated, the organization audit reads it in the delegated administrator
(tests/seeded/test_organization_audit.py).

moto stores SCPs and attachments but never enforces them: the verdicts come from
governance/scp.py evaluating what moto stored. moto has no Security Hub organization admin
list endpoint: the harness answers it from what moto stored at EnableOrganizationAdminAccount.
moto has no IAM ListOrganizationsFeatures / EnableOrganizationsRoot*, no Organizations
resource policy, no CloudTrail RegisterOrganizationDelegatedAdmin and no Access Analyzer
backend: the harness answers them as AWS does (harness/moto/organization_features.py and
routes.py; the refusals in tests/seeded/test_organization_as_aws.py). The seeding is
harness/seeds/organization.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from governance.checks.organization import guardrails
from harness.seeds.organization import (
    ACCOUNT_ANALYZER_ONLY,
    ORGANIZATION_ANALYZER,
    cloudtrail_not_delegated,
    delegation_policy_deleted,
    delete_aggregator,
    detach_guardrails,
    guardduty_admin_outside,
    member_account,
    root_credentials_off,
    seed_organization,
    stop_trail,
)
from tests.seeded.cases import SeededCase, cli_verdict_tests

_member = member_account  # the name tests/seeded/test_organization_as_aws.py imports


SEEDED: dict[str, SeededCase] = {
    # FAIL: every guardrail detached at once, test_each_detached_guardrail_fails_with_its_own_reason
    f"scp-{gid}": SeededCase(seed_pass=seed_organization,
                             denied_action="organizations:DescribePolicy")
    for gid in guardrails()
}
SEEDED.update({
    "organization-trail": SeededCase(
        seed_pass=seed_organization, seed_fail=stop_trail,
        fail_reason="organization trail governance-org-trail is not logging",
        denied_action="cloudtrail:GetTrailStatus"),
    "organization-delegated-admins": SeededCase(
        seed_pass=seed_organization, seed_fail=guardduty_admin_outside,
        fail_reason="delegated administrator 999999999999 is not an active member account",
        denied_action="guardduty:ListOrganizationAdminAccounts"),
    "organization-config-aggregator": SeededCase(
        seed_pass=seed_organization, seed_fail=delete_aggregator,
        fail_reason="no Config aggregator over the organization",
        denied_action="config:DescribeConfigurationAggregators"),
    "organization-root-credentials-management": SeededCase(
        seed_pass=seed_organization, seed_fail=root_credentials_off,
        fail_reason="root credentials management for member accounts is not enabled",
        denied_action="iam:ListOrganizationsFeatures"),
    "organization-policies-delegated-admin": SeededCase(
        seed_pass=seed_organization, seed_fail=delegation_policy_deleted,
        fail_reason="no resource-based delegation policy: Organizations policies are managed "
                    "from the management account",
        denied_action="organizations:DescribeResourcePolicy"),
    "organization-services-delegated-admins": SeededCase(
        seed_pass=seed_organization, seed_fail=cloudtrail_not_delegated,
        fail_reason="AWS CloudTrail (organization trail governance-org-trail) has no delegated "
                    "administrator",
        denied_action="organizations:ListAWSServiceAccessForOrganization"),
    "access-analyzer-organization": SeededCase(
        seed_pass=ORGANIZATION_ANALYZER, seed_fail=ACCOUNT_ANALYZER_ONLY,
        fail_reason="no ACTIVE organization analyzer (type ORGANIZATION) in us-east-1 (other "
                    "analyzers: governance-account-analyzer)",
        denied_action="access-analyzer:ListAnalyzers"),
})

GUARDRAIL_CONTROLS = sorted(f"scp-{gid}" for gid in guardrails())

(test_cli_passes_on_a_compliant_account, test_cli_fails_with_the_reason,
 test_cli_errors_when_the_read_is_denied) = cli_verdict_tests(
    SEEDED, "organization", test_file=__file__)


@pytest.mark.xdist_group("organization")
@pytest.mark.parametrize("control_id", GUARDRAIL_CONTROLS)
def test_each_detached_guardrail_fails_with_its_own_reason(
        shared_audits, moto_sandbox, audit_cli, control_id):
    """One organization with every guardrail detached and one CLI run over all of their
    controls (an organization per guardrail cost ~1.5 s each)."""
    def every_guardrail_detached() -> Any:
        account = moto_sandbox.new_account()
        detach_guardrails(account, [c.removeprefix("scp-") for c in GUARDRAIL_CONTROLS])
        return audit_cli(account, "--controls", ",".join(GUARDRAIL_CONTROLS))

    result = shared_audits("every guardrail detached", every_guardrail_detached)
    assert result.statuses(control_id) == {"FAIL"}, result.reasons(control_id)
    # With nothing attached, each guardrail's first probe of the table is the one denied.
    gid = control_id.removeprefix("scp-")
    assert f"guardrail {gid}: {guardrails()[gid]['denied'][0]['action']}" in result.reasons(
        control_id)
    for other in set(GUARDRAIL_CONTROLS) - {control_id}:  # each names its own guardrail only
        assert f"guardrail {other.removeprefix('scp-')}:" not in result.reasons(control_id)
    assert result.exit_code == 1


def test_a_member_reads_only_describe_organization_and_is_not_judged(
        moto_sandbox, sandbox_account, audit):
    """The per-account audit of a member makes one organization call more than an account
    outside any organization, whatever the organization's size; the organization controls
    are NOT_APPLICABLE there."""
    ids = seed_organization(sandbox_account)
    member = member_account(moto_sandbox, ids["workload"])
    member_snapshot = member.collector().collect()
    lone_snapshot = moto_sandbox.new_account().collector().collect()
    added = sorted(set(member_snapshot.reads) - set(lone_snapshot.reads))
    assert added == [], added
    assert member_snapshot.reads["organizations:DescribeOrganization"].data["MasterAccountId"] \
        == sandbox_account.account_id
    assert lone_snapshot.reads["organizations:DescribeOrganization"].data is None
    assert lone_snapshot.reads["organizations:DescribeOrganization"].error is None
    organization_reads = sorted(key for key in member_snapshot.reads
                                if key.split(":")[0] in ("organizations", "governance"))
    assert organization_reads == ["governance:OrganizationView",
                                  "organizations:DescribeOrganization"]
    from governance.checks import evaluate

    controls = [*(f"scp-{gid}" for gid in guardrails()), "organization-trail",
                "organization-delegated-admins", "organization-config-aggregator",
                "organization-root-credentials-management",
                "organization-policies-delegated-admin", "organization-services-delegated-admins"]
    assert {(f.status.value, f.reason) for f in evaluate(member_snapshot, controls)} == {
        ("NOT_APPLICABLE", "not the management account")}
    assert {(f.status.value, f.reason) for f in evaluate(lone_snapshot, controls)} == {
        ("NOT_APPLICABLE", "not in an organization")}


def test_an_scp_moved_from_the_root_to_one_ou_fails_only_the_accounts_outside_it(
        sandbox_account, audit):
    ids = seed_organization(sandbox_account)
    org = sandbox_account.client("organizations")
    org.detach_policy(PolicyId=ids["protect-config"], TargetId=ids["root"])
    org.attach_policy(PolicyId=ids["protect-config"], TargetId=ids["Workloads"])
    findings = audit(sandbox_account, ["scp-protect-config"])
    verdicts = {f.evidence["account"]: f.status.value for f in findings}
    assert verdicts == {ids["audit"]: "FAIL", ids["workload"]: "PASS"}
    failed = next(f for f in findings if f.status.value == "FAIL")
    assert failed.reason.startswith(f"account {ids['audit']} (audit): guardrail protect-config: "
                                    "config:DeleteConfigurationRecorder")


def test_the_security_hub_admin_list_route_is_still_needed(moto_sandbox):
    from harness.moto import MISSING_IN_STOCK_MOTO

    assert MISSING_IN_STOCK_MOTO["securityhub GET /organization/admin"] is True, (
        "moto now serves ListOrganizationAdminAccounts: drop the routed answer")


def test_a_denied_security_hub_admin_list_is_error(sandbox_account, audit_cli):
    from harness.moto import deny

    seed_organization(sandbox_account)
    with deny(sandbox_account.account_id, "securityhub:ListOrganizationAdminAccounts"):
        result = audit_cli(sandbox_account, "--controls", "organization-delegated-admins")
    assert result.statuses("organization-delegated-admins") == {"ERROR"}
    assert "securityhub:ListOrganizationAdminAccounts" in result.reasons(
        "organization-delegated-admins")


def test_the_aggregator_in_the_delegated_audit_account_is_judged_there(
        moto_sandbox, sandbox_account):
    """As terraform/modules/organization-guardrails builds it: Config delegated to the audit
    account, the organization aggregator in that account. The management account's view
    names the audit account; the audit account's own audit, told it is a delegated
    administrator, judges the aggregator (PASS, then FAIL once it is deleted)."""
    from governance.checks import evaluate

    ids = seed_organization(sandbox_account)
    sandbox_account.client("config").delete_configuration_aggregator(
        ConfigurationAggregatorName="governance-organization")
    sandbox_account.client("organizations").register_delegated_administrator(
        AccountId=ids["audit"], ServicePrincipal="config-multiaccountsetup.amazonaws.com")
    [from_management] = evaluate(sandbox_account.collector().collect(),
                                 ["organization-config-aggregator"])
    assert (from_management.status.value, from_management.reason) == (
        "NOT_APPLICABLE", f"AWS Config is delegated to {ids['audit']}: the organization "
        "aggregator is judged from that account")

    audit_account = member_account(moto_sandbox, ids["audit"])
    audit_account.client("config").put_configuration_aggregator(
        ConfigurationAggregatorName="governance-organization",
        OrganizationAggregationSource={
            "RoleArn": f"arn:aws:iam::{ids['audit']}:role/governance-config-aggregator",
            "AllAwsRegions": True})

    def judged_in_audit_account() -> Any:
        collector = audit_account.collector()
        collector.organization_delegated_admin = True
        [finding] = evaluate(collector.collect(), ["organization-config-aggregator"])
        return finding

    assert judged_in_audit_account().status.value == "PASS"
    audit_account.client("config").delete_configuration_aggregator(
        ConfigurationAggregatorName="governance-organization")
    failed = judged_in_audit_account()
    assert failed.status.value == "FAIL"
    assert "no Config aggregator over the organization" in failed.reason
