"""The organization layer judged as AWS answers it, on hand-built snapshots and a stub
Organizations client: account State (Status retires on 2026-09-09), the delegated-admins
control from what a delegated administrator may read, the Config aggregator of the Config
delegated administrator read by the management account's audit."""

from __future__ import annotations

from typing import Any

import pytest

from governance.checks import run_check
from governance.checks.organization import Organization
from governance.model import Status
from governance.organization.accounts import account_state, list_organization
from tests.support.snapshots import changed
from tests.support.snapshots_organization import AUDIT, MANAGEMENT, REGION, WORKLOAD, organization

DELEGATED = "governance:DelegatedConfigAggregators"
ORG_AGGREGATOR = {"ConfigurationAggregatorName": "org", "ConfigurationAggregatorArn": "arn:agg",
                  "OrganizationAggregationSource": {"RoleArn": "r", "AllAwsRegions": True}}


# --- Account State, Status as the fallback ---------------------------------------------------

@pytest.mark.parametrize(("account", "state"), [
    ({"State": "ACTIVE"}, "ACTIVE"),
    ({"Status": "ACTIVE"}, "ACTIVE"),
    ({"State": "PENDING_CLOSURE", "Status": "ACTIVE"}, "PENDING_CLOSURE"),
    ({"State": "CLOSED"}, "CLOSED"),
    ({}, ""),
])
def test_state_wins_and_status_is_the_fallback(account, state):
    assert account_state(account) == state


class _Pages:
    def __init__(self, pages: list[dict[str, Any]]) -> None:
        self.pages = pages

    def paginate(self, **_: Any) -> list[dict[str, Any]]:
        return self.pages


class _Organizations:
    """Organizations as AWS answers after 2026-09-09 (State only), or before (Status), or both."""

    def __init__(self, accounts: list[dict[str, Any]]) -> None:
        self.accounts = accounts

    def get_caller_identity(self) -> dict[str, str]:
        return {"Account": MANAGEMENT}

    def describe_organization(self) -> dict[str, Any]:
        return {"Organization": {"Id": "o-example", "MasterAccountId": MANAGEMENT}}

    def get_paginator(self, name: str) -> _Pages:
        pages = {"list_accounts": [{"Accounts": self.accounts}],
                 "list_roots": [{"Roots": [{"Id": "r-root", "Name": "Root"}]}],
                 "list_accounts_for_parent": [{"Accounts": self.accounts}],
                 "list_organizational_units_for_parent": [{"OrganizationalUnits": []}]}
        return _Pages(pages[name])


class _Session:
    def __init__(self, accounts: list[dict[str, Any]]) -> None:
        self.client_ = _Organizations(accounts)

    def client(self, _service: str, **_: Any) -> _Organizations:
        return self.client_


def _accounts(shape: str) -> list[dict[str, Any]]:
    def account(account_id: str, state: str) -> dict[str, Any]:
        fields = {"state": {"State": state}, "status": {"Status": state},
                  "both": {"State": state, "Status": "ACTIVE"}}[shape]
        return {"Id": account_id, "Name": account_id, "Email": "a@example.com", **fields}

    return [account(MANAGEMENT, "ACTIVE"), account(AUDIT, "ACTIVE"),
            account(WORKLOAD, "SUSPENDED"), account("222200000009", "PENDING_CLOSURE")]


@pytest.mark.parametrize("shape", ["state", "status", "both"])
def test_the_organization_audit_selects_active_accounts_by_state(shape):
    """With both fields, State decides (Status still says ACTIVE for the closing accounts)."""
    organization = list_organization(_Session(_accounts(shape)))
    assert sorted(a.account_id for a in organization.accounts) == sorted([MANAGEMENT, AUDIT])
    assert not any(a.delegated_admin for a in organization.accounts)


@pytest.mark.parametrize("shape", ["state", "status", "both"])
def test_the_organization_controls_judge_active_members_by_state(shape):
    snapshot = changed(organization(), "organizations:ListAccounts", lambda _: _accounts(shape))
    assert [a["Id"] for a in Organization.read(snapshot).active_members()] == [AUDIT]


# --- organization-delegated-admins from what the caller may read ------------------------------

def _as_delegated_admin(snapshot: Any) -> Any:
    """The audit account's view: no management-only admin lists were read (AWS refuses them)."""
    snapshot.account_id = AUDIT
    snapshot.record("governance:OrganizationView", "delegated-admin")
    for api in ("guardduty:ListOrganizationAdminAccounts",
                "securityhub:ListOrganizationAdminAccounts"):
        snapshot.reads.pop(snapshot.key(api, REGION))
    return snapshot


def test_a_delegated_administrator_judges_from_the_organizations_registrations():
    snapshot = _as_delegated_admin(organization())
    [finding] = run_check("organization-delegated-admins", snapshot)
    assert (finding.status, finding.resource) == (Status.PASS, AUDIT), finding.reason


def test_a_delegated_administrator_without_the_guardduty_registration_fails():
    snapshot = _as_delegated_admin(changed(
        organization(), "organizations:ListDelegatedServicesForAccount",
        lambda _: {AUDIT: ["access-analyzer.amazonaws.com", "securityhub.amazonaws.com"]}))
    [finding] = run_check("organization-delegated-admins", snapshot)
    assert finding.status is Status.FAIL
    assert "GuardDuty has no delegated administrator" in finding.reason


def test_the_management_account_still_reads_the_per_region_lists():
    snapshot = changed(organization(), "organizations:ListDelegatedServicesForAccount",
                       lambda _: {AUDIT: ["access-analyzer.amazonaws.com"]})
    snapshot.reads.pop(snapshot.key("guardduty:ListOrganizationAdminAccounts", REGION))
    [finding] = run_check("organization-delegated-admins", snapshot)
    assert finding.status is Status.ERROR
    assert "guardduty:ListOrganizationAdminAccounts" in finding.reason


# --- organization-config-aggregator, judged once in the management account -------------------

def _config_delegated(delegated_aggregators: Any = None, error: str | None = None) -> Any:
    snapshot = changed(organization(), "config:DescribeConfigurationAggregators", lambda _: [], REGION)
    snapshot.record("organizations:ListDelegatedServicesForAccount", {AUDIT: [
        "access-analyzer.amazonaws.com", "config-multiaccountsetup.amazonaws.com"]})
    if delegated_aggregators is not None or error is not None:
        snapshot.record(DELEGATED, delegated_aggregators, error=error, region=REGION)
    return snapshot


def test_the_delegated_admins_aggregator_read_through_the_member_role_passes():
    [finding] = run_check("organization-config-aggregator",
                          _config_delegated({AUDIT: [ORG_AGGREGATOR]}))
    assert finding.status is Status.PASS, finding.reason
    assert f"delegated administrator {AUDIT}" in finding.reason


def test_no_aggregator_in_the_management_account_nor_the_delegated_admin_fails():
    [finding] = run_check("organization-config-aggregator", _config_delegated({AUDIT: []}))
    assert finding.status is Status.FAIL
    assert "no Config aggregator over the organization" in finding.reason


def test_an_account_aggregator_in_the_delegated_admin_fails_naming_it():
    account_only = {**ORG_AGGREGATOR, "OrganizationAggregationSource": None,
                    "AccountAggregationSources": [{"AccountIds": [WORKLOAD]}]}
    [finding] = run_check("organization-config-aggregator",
                          _config_delegated({AUDIT: [account_only]}))
    assert finding.status is Status.FAIL and f"org ({AUDIT}, {REGION})" in finding.reason


def test_a_delegated_admin_aggregator_read_that_failed_is_error():
    [finding] = run_check("organization-config-aggregator",
                          _config_delegated(error="AccessDenied: member role"))
    assert finding.status is Status.ERROR


def test_an_aggregator_in_the_management_account_passes_whoever_holds_config():
    """The catalog's other accepted place: the delegated admin's audit judges nothing."""
    snapshot = changed(organization(), "organizations:ListDelegatedServicesForAccount", lambda _: {AUDIT: [
        "access-analyzer.amazonaws.com", "config-multiaccountsetup.amazonaws.com"]})
    snapshot.record(DELEGATED, {AUDIT: []}, region=REGION)
    [finding] = run_check("organization-config-aggregator", snapshot)
    assert finding.status is Status.PASS


# --- IAM's organization features: read where AWS answers them -----------------------------

class _RecordingCollector:
    def __init__(self) -> None:
        self.read_apis: list[str] = []

    def client(self, service: str, region: str | None = None) -> Any:
        return None

    def read(self, snapshot: Any, api: str, reader: Any, **_: Any) -> None:
        self.read_apis.append(api)


@pytest.mark.parametrize(("view", "account_id", "services", "reads"), [
    ("management", MANAGEMENT, {}, True),
    ("delegated-admin", AUDIT, {AUDIT: ["iam.amazonaws.com"]}, True),
    # AWS answers a delegated administrator of another service
    # AccountNotManagementOrDelegatedAdministratorException: not asked
    ("delegated-admin", AUDIT, {AUDIT: ["guardduty.amazonaws.com"],
                                WORKLOAD: ["iam.amazonaws.com"]}, False),
])
def test_organization_features_are_read_by_the_management_account_and_iams_delegate_only(
        view, account_id, services, reads):
    from governance.collectors.organizations import read_root_access_features

    snapshot = organization()
    snapshot.account_id = account_id
    snapshot.record("governance:OrganizationView", view)
    collector = _RecordingCollector()
    read_root_access_features(collector, snapshot, services)
    assert collector.read_apis == (["iam:ListOrganizationsFeatures"] if reads else [])
