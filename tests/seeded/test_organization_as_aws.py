"""The organization audit on moto with the harness refusing as AWS does.

moto answers every Organizations call from any account and GuardDuty / Security Hub
ListOrganizationAdminAccounts from anyone, and lets anyone assume any role. The harness
(harness/moto/as_aws.py, "Organizations as AWS answers each caller", and
harness/moto/access.py ``trust_refusal``) refuses as AWS does: the admin lists from the
management account only, Organizations reads from a delegated administrator only those AWS
allows it, from a plain member only DescribeOrganization, and AssumeRole of an existing role
by its trust policy and its sts:ExternalId. The tests below prove each refusal, that stock
moto still needs it, and that a compliant organization (Config delegated to the audit
account, its aggregator there, as terraform/modules/organization-guardrails builds it) is
PASS with exit 0 from the management account and from the delegated administrator.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from harness import moto as harness_moto
from tests.seeded.test_organization_controls import _member, guardrails, seed_organization

pytestmark = pytest.mark.xdist_group("organization-as-aws")

AUDIT_ROLE, EXTERNAL_ID = "GovernanceAudit", "governance-xid-0001"
CONTROLS = ",".join([*(f"scp-{gid}" for gid in guardrails()), "organization-trail",
                     "organization-delegated-admins", "organization-config-aggregator",
                     "organization-root-credentials-management",
                     "organization-policies-delegated-admin",
                     "organization-services-delegated-admins", "access-analyzer-organization"])
NO_PERMISSION = "You don't have permissions to access this resource."


@dataclass
class SeededOrg:
    management: Any
    ids: dict[str, str]
    audit: Any  # the audit account (delegated administrator), through its member role
    workload: Any  # a plain member


@pytest.fixture(scope="module")
def org(moto_sandbox: Any) -> SeededOrg:
    """The compliant organization, with AWS Config delegated to the audit account and the
    organization aggregator moved there."""
    management = moto_sandbox.new_account()
    ids = seed_organization(management)
    management.client("config").delete_configuration_aggregator(
        ConfigurationAggregatorName="governance-organization")
    management.client("organizations").register_delegated_administrator(
        AccountId=ids["audit"], ServicePrincipal="config-multiaccountsetup.amazonaws.com")
    audit = _member(moto_sandbox, ids["audit"])
    audit.client("config").put_configuration_aggregator(
        ConfigurationAggregatorName="governance-organization",
        OrganizationAggregationSource={
            "RoleArn": f"arn:aws:iam::{ids['audit']}:role/governance-config-aggregator",
            "AllAwsRegions": True})
    workload = _member(moto_sandbox, ids["workload"])
    # Access Analyzer is delegated to the audit account: its organization analyzer is there
    # (read through the member role by the management account's unit); the management
    # account's own list is empty.
    harness_moto.set_access_analyzers(management.account_id, "us-east-1", [])
    harness_moto.set_access_analyzers(ids["audit"], "us-east-1", [{
        "name": "governance-organization-analyzer", "type": "ORGANIZATION", "status": "ACTIVE"}])
    # The audit role in every account (examples/organization/member): it trusts the
    # management and the audit account with an external id, so either may run the audit.
    for account in (management, audit, workload):
        _role_trusting(account, AUDIT_ROLE, [management.account_id, ids["audit"]], EXTERNAL_ID)
    return SeededOrg(management, ids, audit, workload)


def _refused(call: Any) -> ClientError:
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value


@contextmanager
def lenient(key: str) -> Iterator[None]:
    harness_moto.AS_AWS[key] = False
    try:
        yield
    finally:
        harness_moto.AS_AWS[key] = True


# --- the refusals --------------------------------------------------------------------------

def test_admin_lists_are_the_management_accounts_only(org):
    """AWS: GuardDuty and Security Hub ListOrganizationAdminAccounts only from the management
    account; moto answers the delegated administrator too (the harness refuses)."""
    for service in ("guardduty", "securityhub"):
        error = _refused(lambda s=service: org.audit.client(s).list_organization_admin_accounts())
        assert error.response["Error"]["Code"] == "AccessDeniedException", service
        assert "only the organization's management account" in error.response["Error"]["Message"]
    admins = org.management.client("guardduty").list_organization_admin_accounts()
    assert [a["AdminAccountId"] for a in admins["AdminAccounts"]] == [org.ids["audit"]]


def test_a_plain_member_reads_only_describe_organization(org):
    organizations = org.workload.client("organizations")
    assert organizations.describe_organization()["Organization"]["MasterAccountId"] == \
        org.management.account_id
    for call in (organizations.list_accounts, organizations.list_roots,
                 organizations.list_delegated_administrators):
        error = _refused(call)
        assert error.response["Error"]["Code"] == "AccessDeniedException"
        assert error.response["Error"]["Message"] == NO_PERMISSION


def test_a_delegated_administrator_reads_the_organization_but_changes_nothing(org):
    """Its allowed reads see the organization's data (moto answered from the audit account's
    own, empty backend); management-only calls are refused."""
    organizations = org.audit.client("organizations")
    listed = {a["Id"] for a in organizations.list_accounts()["Accounts"]}
    assert listed == {org.management.account_id, org.ids["audit"], org.ids["workload"]}
    assert organizations.list_roots()["Roots"][0]["Id"] == org.ids["root"]
    error = _refused(lambda: organizations.register_delegated_administrator(
        AccountId=org.ids["workload"], ServicePrincipal="guardduty.amazonaws.com"))
    assert (error.response["Error"]["Code"], error.response["Error"]["Message"]) == (
        "AccessDeniedException", NO_PERMISSION)


def test_organization_features_answer_the_management_account_and_iams_delegate_only(org):
    """Centralized root access (CIS v7.0.0 2.1.1): the harness answers ListOrganizationsFeatures
    as AWS does, to the management account (and the IAM delegated administrator, here the
    audit account); a plain member is refused, and only the management account may enable."""
    features = org.management.client("iam").list_organizations_features()
    assert sorted(features["EnabledFeatures"]) == ["RootCredentialsManagement", "RootSessions"]
    assert org.audit.client("iam").list_organizations_features()["OrganizationId"] == \
        features["OrganizationId"]
    error = _refused(org.workload.client("iam").list_organizations_features)
    assert error.response["Error"]["Code"] == "AccountNotManagementOrDelegatedAdministratorException"
    error = _refused(org.audit.client("iam").enable_organizations_root_sessions)
    assert error.response["Error"]["Code"] == "CallerIsNotManagementAccountException"


def test_the_delegation_policy_is_written_by_the_management_account_only(org):
    """CIS v7.0.0 2.1.5: DescribeResourcePolicy from the management account or a delegated
    administrator; PutResourcePolicy only from the management account."""
    policy = org.management.client("organizations").describe_resource_policy()["ResourcePolicy"]
    assert policy["ResourcePolicySummary"]["Id"].startswith("rp-")
    assert org.audit.client("organizations").describe_resource_policy()["ResourcePolicy"][
        "ResourcePolicySummary"] == policy["ResourcePolicySummary"]
    for caller in (org.audit, org.workload):
        error = _refused(lambda c=caller: c.client("organizations").put_resource_policy(
            Content=policy["Content"]))
        assert (error.response["Error"]["Code"], error.response["Error"]["Message"]) == (
            "AccessDeniedException", NO_PERMISSION)
    error = _refused(org.workload.client("organizations").describe_resource_policy)
    assert error.response["Error"]["Code"] == "AccessDeniedException"


def test_only_the_management_account_registers_cloudtrails_delegated_administrator(org):
    error = _refused(lambda: org.audit.client("cloudtrail").register_organization_delegated_admin(
        MemberAccountId=org.ids["workload"]))
    assert error.response["Error"]["Code"] == "NotOrganizationManagementAccountException"
    admins = org.management.client("organizations").list_delegated_administrators(
        ServicePrincipal="cloudtrail.amazonaws.com")["DelegatedAdministrators"]
    assert [a["Id"] for a in admins] == [org.ids["audit"]]


def test_stock_moto_still_lacks_the_organization_features_the_harness_answers(org):
    """Fails when a moto upgrade brings them: drop the harness's stand-ins then."""
    for key in ("organizations trusted service iam.amazonaws.com",
                "organizations delegated administrator cloudtrail.amazonaws.com",
                "organizations delegated administrator iam.amazonaws.com",
                "organizations delegated administrator sso.amazonaws.com",
                "IamResponse.list_organizations_features",
                "OrganizationsResponse.describe_resource_policy",
                "CloudTrailResponse.register_organization_delegated_admin"):
        assert harness_moto.MISSING_IN_STOCK_MOTO[key] is True, key


def test_stock_moto_still_answers_what_aws_refuses(org):
    """Fails when a moto upgrade refuses by itself: drop the harness's refusals then."""
    with lenient("organizations"):
        org.audit.client("guardduty").list_organization_admin_accounts()
        org.workload.client("organizations").list_roots()


def _role_trusting(account: Any, name: str, trusted: list[str], external_id: str | None) -> str:
    statement: dict[str, Any] = {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {
        "AWS": [f"arn:aws:iam::{account_id}:root" for account_id in trusted]}}
    if external_id:
        statement["Condition"] = {"StringEquals": {"sts:ExternalId": external_id}}
    account.client("iam").create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [statement]}))
    return f"arn:aws:iam::{account.account_id}:role/{name}"


def _assume(account: Any, role_arn: str, **extra: str) -> Any:
    return account.client("sts").assume_role(RoleArn=role_arn, RoleSessionName="governance-test", **extra)


def test_the_organizations_own_member_role_trusts_only_the_management_account(org):
    """moto creates OrganizationAccountAccessRole at CreateAccount (trusting the management
    account, as AWS does): the delegated administrator cannot assume it."""
    role = f"arn:aws:iam::{org.ids['workload']}:role/OrganizationAccountAccessRole"
    assert _assume(org.management, role)["Credentials"]["AccessKeyId"]
    error = _refused(lambda: _assume(org.audit, role))
    assert "does not trust account" in error.response["Error"]["Message"]


def test_assume_role_follows_the_trust_policy_and_external_id(org, moto_sandbox):
    """moto lets anyone assume any role; the harness judges an existing role's trust policy."""
    role = _role_trusting(org.workload, "governance-audit-xid", [org.management.account_id],
                          "xid-1234")
    management = org.management
    assert _assume(management, role, ExternalId="xid-1234")["Credentials"]["AccessKeyId"]
    for extra in ({}, {"ExternalId": "wrong"}):
        error = _refused(lambda e=extra: _assume(management, role, **e))
        assert error.response["Error"]["Code"] == "AccessDenied"
        assert "sts:ExternalId" in error.response["Error"]["Message"]
    stranger = moto_sandbox.new_account()
    error = _refused(lambda: _assume(stranger, role, ExternalId="xid-1234"))
    assert "does not trust account" in error.response["Error"]["Message"]
    with lenient("assume_role_trust"):  # fails when stock moto judges trust by itself
        assert _assume(stranger, role)["Credentials"]["AccessKeyId"]


# --- the organization audit, from the management account and from the delegated admin -------

def _run(moto_sandbox: Any, session: Any, output: Path, monkeypatch: Any) -> int:
    from governance.cli.main import main

    credentials = session.get_credentials().get_frozen_credentials()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", credentials.access_key)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", credentials.secret_key)
    monkeypatch.setenv("AWS_SESSION_TOKEN", credentials.token or "")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    return main(["audit", "--organization", "--endpoint-url", moto_sandbox.endpoint,
                 "--regions", "us-east-1", "--controls", CONTROLS, "--member-role", AUDIT_ROLE,
                 "--member-external-id", EXTERNAL_ID, "--output", str(output)])


def _findings(output: Path, account_id: str) -> dict[str, list[tuple[str, str]]]:
    data = json.loads((output / "accounts" / account_id / "findings.json").read_text())
    found: dict[str, list[tuple[str, str]]] = {}
    for finding in data["findings"]:
        found.setdefault(finding["control_id"], []).append((finding["status"], finding["reason"]))
    return found


@pytest.mark.parametrize("caller", ["management", "delegated administrator"])
def test_a_compliant_organization_passes_with_exit_0(org, moto_sandbox, tmp_path, monkeypatch,
                                                     caller):
    session = org.management.session if caller == "management" else org.audit.session
    code = _run(moto_sandbox, session, tmp_path, monkeypatch)
    rollup = json.loads((tmp_path / "rollup.json").read_text())
    verdicts = {a["account_id"]: (a["outcome"], a["worst"]) for a in rollup["accounts"]}
    management = org.management.account_id
    assert verdicts[management] == ("AUDITED", "PASS"), _findings(tmp_path, management)
    for member in (org.ids["audit"], org.ids["workload"]):
        assert verdicts[member] == ("AUDITED", "NOT_APPLICABLE"), _findings(tmp_path, member)
    assert code == 0
    judged = _findings(tmp_path, management)
    assert set(judged) == set(CONTROLS.split(","))
    assert {s for results in judged.values() for s, _ in results} == {"PASS"}
    [(_, aggregator)] = judged["organization-config-aggregator"]
    assert f"Config delegated administrator {org.ids['audit']}" in aggregator
    # judged once: the delegated administrator's unit makes no management-only call
    reads = json.loads((tmp_path / "accounts" / org.ids["audit"] / "snapshot.json").read_text())
    assert not [key for key in json.dumps(reads).split('"')
                if key.startswith(("guardduty:ListOrganizationAdminAccounts",
                                   "securityhub:ListOrganizationAdminAccounts"))]
