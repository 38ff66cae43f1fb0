"""examples/organization at plan time: the guardrail SCPs as the shared table says, the member
stack, and bad input refused in one line with nothing applied.

Terraform commands: the management plan (init, plan, show), two refused applies (init,
apply each), the member plan (init, plan, show), and the CIS organization fixture (init,
plan, show, two refused plans): 15 in all, no apply that succeeds.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from harness.organization import (
    GUARDRAILS,
    MANAGEMENT_EXAMPLE,
    MEMBER_EXAMPLE,
    SCP_SIZE_LIMIT,
)
from harness.plan import planned_resources
from harness.terraform import TERRAFORM_ROOT, VARIABLES_FILE

pytestmark = pytest.mark.xdist_group("organization-plan")

EXEMPT_ROLE = "arn:aws:iam::*:role/OrganizationAccountAccessRole"


@pytest.fixture(scope="module")
def plan(stack_factory):
    """The management stack with both opt-in guardrails switched on, and the organization
    Access Analyzer the sandbox apply leaves out (moto has no Access Analyzer backend; a plan
    makes no Access Analyzer call)."""
    stack = stack_factory(MANAGEMENT_EXAMPLE, variables={
        "enable_deny_iam_user_creation": True, "enable_require_imdsv2": True,
        "enable_organization_access_analyzer": True})
    return stack.plan_json()


def _policies(plan) -> dict[str, dict]:
    """Guardrail id => planned SCP values."""
    return {r["values"]["name"].removeprefix("governance-"): r["values"]
            for r in planned_resources(plan) if r["type"] == "aws_organizations_policy"}


def _statements(document: dict) -> list[dict]:
    statements = document["Statement"]
    return statements if isinstance(statements, list) else [statements]


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def test_every_guardrail_of_the_table_is_one_scp(plan):
    policies = _policies(plan)
    assert set(policies) == set(GUARDRAILS)
    assert {p["type"] for p in policies.values()} == {"SERVICE_CONTROL_POLICY"}


@pytest.mark.parametrize("guardrail", sorted(GUARDRAILS))
def test_guardrail_denies_the_actions_of_the_table_and_exempts_the_baseline_role(plan, guardrail):
    content = _policies(plan)[guardrail]["content"]
    assert len(content) <= SCP_SIZE_LIMIT, f"{guardrail}: {len(content)} characters"
    statements = _statements(json.loads(content))
    assert all(s["Effect"] == "Deny" and s.get("Sid") for s in statements)
    actions = {a for s in statements for a in _as_list(s.get("Action", []))}
    assert actions == set(GUARDRAILS[guardrail][1])
    for statement in statements:
        exemption = statement.get("Condition", {}).get("ArnNotLike", {}).get("aws:PrincipalARN")
        if guardrail == "deny-root-user":
            assert exemption is None
            assert statement["Condition"]["ArnLike"]["aws:PrincipalArn"] == "arn:aws:iam::*:root"
        else:
            assert _as_list(exemption) == [EXEMPT_ROLE], statement["Sid"]


def test_region_allowlist_exempts_global_services_and_allows_the_listed_regions(plan):
    statement, = _statements(json.loads(_policies(plan)["deny-regions-outside-allowlist"]["content"]))
    assert "Action" not in statement
    assert {"iam:*", "organizations:*", "sts:*", "cloudfront:*", "route53:*", "support:*",
            "budgets:*"} <= set(statement["NotAction"])
    regions = statement["Condition"]["StringNotEquals"]["aws:RequestedRegion"]
    assert sorted(_as_list(regions)) == ["eu-west-1", "us-east-1"]


def test_resource_scoped_guardrails_name_only_the_baseline_resources(plan):
    alarm = _statements(json.loads(_policies(plan)["protect-alarm-chain"]["content"]))
    assert {r for s in alarm for r in _as_list(s["Resource"])} == {
        "arn:aws:logs:*:*:log-group:governance*", "arn:aws:cloudwatch:*:*:alarm:governance*",
        "arn:aws:sns:*:*:governance*", "arn:aws:events:*:*:rule/governance*"}
    storage = {s["Sid"]: s for s in _statements(json.loads(
        _policies(plan)["protect-log-storage"]["content"]))}
    assert _as_list(storage["ProtectLogBuckets"]["Resource"]) == ["arn:aws:s3:::governance*"]
    keys = storage["ProtectLogKeys"]["Condition"]["ForAnyValue:StringLike"]["kms:ResourceAliases"]
    assert _as_list(keys) == ["alias/governance*"]
    imds = {s["Sid"]: s for s in _statements(json.loads(_policies(plan)["require-imdsv2"]["content"]))}
    run = imds["RequireImdsv2OnRunInstances"]
    assert _as_list(run["Resource"]) == ["arn:aws:ec2:*:*:instance/*"]
    assert run["Condition"]["StringNotEquals"]["ec2:MetadataHttpTokens"] == "required"


def test_every_guardrail_is_attached_to_the_root(plan):
    attachments = [r for r in planned_resources(plan)
                   if r["type"] == "aws_organizations_policy_attachment"]
    assert len(attachments) == len(GUARDRAILS)  # one target (the root) each
    assert {r["index"].split("/")[1] for r in attachments} == {"root"}


def test_the_organization_enables_scps_and_makes_the_accounts_in_their_ous(plan):
    resources = list(planned_resources(plan))
    organization, = (r["values"] for r in resources if r["type"] == "aws_organizations_organization")
    assert organization["feature_set"] == "ALL"
    assert organization["enabled_policy_types"] == ["SERVICE_CONTROL_POLICY"]
    assert {"guardduty.amazonaws.com", "securityhub.amazonaws.com", "config.amazonaws.com",
            "access-analyzer.amazonaws.com", "cloudtrail.amazonaws.com"} <= set(
        organization["aws_service_access_principals"])
    assert {r["values"]["name"] for r in resources
            if r["type"] == "aws_organizations_organizational_unit"} == {"Security", "Workloads"}
    accounts = {r["values"]["name"]: r["values"] for r in resources
                if r["type"] == "aws_organizations_account"}
    assert set(accounts) == {"log-archive", "audit", "workload-a", "workload-b"}
    assert {a["role_name"] for a in accounts.values()} == {"OrganizationAccountAccessRole"}
    assert {a["close_on_deletion"] for a in accounts.values()} == {False}


# --- Bad input: each refusal is one line, and nothing reaches the account. ---

# Terraform skips a validation that reads a variable which failed its own validation, so
# the invalid region name is refused by a plan of its own.
BAD_INPUTS = {
    "home region outside the allowlist": (
        {"region": "us-east-1", "allowed_regions": ["eu-west-1"],
         "guardrail_target_ids": {"workloads": "ou-123"}},
        "home_region us-east-1 is not in allowed_regions (eu-west-1): the region allowlist "
        "would lock out the home region."),
    "unknown OU id format": (None, "not an id: ou-123."),
    "invalid region name": (
        {"allowed_regions": ["us-east-1", "mars-north-1x"]},
        "not a region name: mars-north-1x."),
}


@pytest.fixture(scope="module")
def refused(stack_factory):
    """Variables => (stack, error diagnostics) of each refused apply, made when first asked."""
    made: dict[str, tuple] = {}

    def refuse(variables: dict) -> tuple:
        key = json.dumps(variables, sort_keys=True)
        if key not in made:
            stack = stack_factory(MANAGEMENT_EXAMPLE, variables=variables)
            made[key] = (stack, stack.apply_expecting_failure())
        return made[key]

    return refuse


def _case_variables(case: str) -> dict:
    variables, _ = BAD_INPUTS[case]
    return variables if variables is not None else BAD_INPUTS["home region outside the allowlist"][0]


def _nothing_applied(account) -> None:
    organizations = account.client("organizations")
    with pytest.raises(organizations.exceptions.AWSOrganizationsNotInUseException):
        organizations.describe_organization()


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_refused_in_one_line_and_applies_nothing(refused, case):
    stack, diagnostics = refused(_case_variables(case))
    details = [d.detail for d in diagnostics if d.summary == "Invalid value for variable"]
    matching = [d for d in details if BAD_INPUTS[case][1] in d.splitlines()[0]]
    assert matching, f"no refusal for {case!r} among: {details}"
    assert len(matching[0].splitlines()[0]) < 240
    _nothing_applied(stack.account)


@pytest.fixture(scope="module")
def oversized(stack_factory):
    """200 exempt roles make every exempting SCP far larger than 5,120 characters."""
    roles = [f"arn:aws:iam::*:role/pipeline-deployment-role-of-team-{n:03d}" for n in range(200)]
    stack = stack_factory(MANAGEMENT_EXAMPLE, variables={"exempt_principal_arns": roles})
    return stack, stack.apply_expecting_failure()


def test_an_oversized_scp_fails_at_plan_in_one_line(oversized):
    _, diagnostics = oversized
    refusals = [d for d in diagnostics if d.summary == "Resource precondition failed"]
    assert refusals, [d.summary for d in diagnostics]
    assert all("over the 5120-character limit of a service control policy" in
               d.detail.splitlines()[0] for d in refusals)
    assert "governance-protect-cloudtrail" in " ".join(d.detail for d in refusals)


def test_an_oversized_scp_applies_nothing(oversized):
    stack, _ = oversized
    _nothing_applied(stack.account)


# --- The member stack: planned once (its baseline is the one tests/apply already proves). ---

@pytest.fixture(scope="module")
def member_plan(stack_factory):
    stack = stack_factory(MEMBER_EXAMPLE)
    variables_file = stack.root / VARIABLES_FILE
    variables = json.loads(variables_file.read_text())
    variables["account_id"] = stack.account.account_id
    variables_file.write_text(json.dumps(variables))
    return stack.plan_json()


def test_the_member_stack_assumes_the_member_role_of_its_account(member_plan):
    """The plan shows the harness override (the sandbox account), so the example's own
    provider block is read from its source: the member role of var.account_id, and no
    other account."""
    source = (TERRAFORM_ROOT / MEMBER_EXAMPLE / "providers.tf").read_text()
    assert 'role_arn     = "arn:aws:iam::${var.account_id}:role/${var.member_role_name}"' in source
    assert "allowed_account_ids = [var.account_id]" in source
    assert member_plan["variables"]["member_role_name"]["value"] == "OrganizationAccountAccessRole"


def test_the_member_stack_plans_the_baseline_without_iam_users(member_plan):
    types = {r["type"] for r in planned_resources(member_plan)}
    assert {"aws_cloudtrail", "aws_config_configuration_recorder", "aws_kms_key",
            "aws_cloudwatch_metric_alarm", "aws_s3_account_public_access_block"} <= types
    assert not types & {"aws_iam_user", "aws_iam_group", "aws_organizations_policy"}
    policy, = (r["values"] for r in planned_resources(member_plan)
               if r["type"] == "aws_iam_account_password_policy")
    assert policy["minimum_password_length"] >= 14 and policy["password_reuse_prevention"] >= 24
    trail, = (r["values"] for r in planned_resources(member_plan) if r["type"] == "aws_cloudtrail")
    assert trail["is_organization_trail"] is False
    # CIS 3.8/3.9 on by default: read and write S3 object-level events of every bucket.
    selector, = trail["event_selector"]
    assert selector["read_write_type"] == "All"
    assert [(d["type"], d["values"]) for d in selector["data_resource"]] == [
        ("AWS::S3::Object", ["arn:aws:s3"])]


def test_the_member_stack_keeps_the_baselines_own_names_without_adoption(member_plan):
    """The adoption variables' defaults (no adopt.auto.tfvars): the baseline's own names and
    GuardDuty frequency, as before they existed."""
    resources = list(planned_resources(member_plan))

    def values(resource_type: str, attribute: str) -> list:
        return sorted(r["values"][attribute] for r in resources if r["type"] == resource_type)

    assert values("aws_config_configuration_recorder", "name") == ["governance-recorder"]
    assert values("aws_config_delivery_channel", "name") == ["governance-delivery"]
    assert values("aws_cloudtrail", "name") == ["governance-trail"]
    assert values("aws_guardduty_detector", "finding_publishing_frequency") == ["FIFTEEN_MINUTES"]


# --- CIS v6.0.0 / v7.0.0 organization items: the example plans them ----------------------

def _planned(plan, resource_type: str) -> list[dict]:
    return [r for r in planned_resources(plan) if r["type"] == resource_type]


def test_the_example_enables_centralized_root_access_after_iams_trusted_access(plan):
    organization, = (r["values"] for r in _planned(plan, "aws_organizations_organization"))
    assert "iam.amazonaws.com" in organization["aws_service_access_principals"]
    features, = (r["values"] for r in _planned(plan, "aws_iam_organizations_features"))
    assert sorted(features["enabled_features"]) == ["RootCredentialsManagement", "RootSessions"]
    module = plan["configuration"]["root_module"]["module_calls"]["guardrails"]
    assert "aws_organizations_organization.this.aws_service_access_principals" in \
        module["expressions"]["organization_service_access_principals"]["references"]


def test_the_example_delegates_cloudtrail_iam_identity_center_and_policy_management(plan):
    principals = {r["values"]["service_principal"]
                  for r in _planned(plan, "aws_organizations_delegated_administrator")}
    assert {"access-analyzer.amazonaws.com", "iam.amazonaws.com", "sso.amazonaws.com"} <= principals
    assert len(_planned(plan, "aws_cloudtrail_organization_delegated_admin_account")) == 1
    assert len(_planned(plan, "aws_organizations_resource_policy")) == 1
    analyzer, = (r["values"] for r in _planned(plan, "aws_accessanalyzer_analyzer"))
    assert (analyzer["type"], analyzer["analyzer_name"]) == (
        "ORGANIZATION", "governance-organization-analyzer")


# --- the modules with every id known (tests/plan/fixtures/organization-cis) ----------------

CIS_FIXTURE = Path(__file__).parent / "fixtures" / "organization-cis"
AUDIT_ID = "222200000001"
TRUSTED = ["access-analyzer.amazonaws.com", "cloudtrail.amazonaws.com", "iam.amazonaws.com",
           "sso.amazonaws.com"]


@pytest.fixture(scope="module")
def cis_terraform(moto_sandbox, toolchain, tmp_path_factory):
    """``terraform(variables, *args)`` in an initialised copy of the fixture (the modules
    beside it, the aws providers pointed at a fresh sandbox account)."""
    account = moto_sandbox.new_account()
    workdir = tmp_path_factory.mktemp("organization-cis") / "root"
    shutil.copytree(CIS_FIXTURE, workdir)
    shutil.copytree(TERRAFORM_ROOT / "modules", workdir / "modules",
                    ignore=shutil.ignore_patterns(".terraform", "*.tfstate*"))
    (workdir / "sandbox_override.tf").write_text(
        account.provider_override() + account.provider_override("audit"))
    env = {**os.environ, **toolchain.environment(workdir.parent / "cli"),
           **account.provider_environment}

    def terraform(variables: dict | None, *args: str) -> subprocess.CompletedProcess[str]:
        extra = []
        if variables is not None:
            (workdir / "cis.tfvars.json").write_text(json.dumps(variables))
            extra = ["-var-file=cis.tfvars.json"]
        command, *rest = args
        flags = ["-no-color", *(["-input=false"] if command in ("init", "plan") else [])]
        return subprocess.run([toolchain.terraform, command, *flags, *extra, *rest],
                              cwd=workdir, env=env, capture_output=True, text=True, check=False)

    init = terraform(None, "init")
    assert init.returncode == 0, init.stderr
    terraform.account = account  # type: ignore[attr-defined]
    return terraform


@pytest.fixture(scope="module")
def cis_plan(cis_terraform):
    planned = cis_terraform({"audit_account_id": AUDIT_ID, "trusted_access": TRUSTED,
                             "policy_delegate_account_id": AUDIT_ID}, "plan", "-out=cis.tfplan")
    assert planned.returncode == 0, planned.stderr
    shown = cis_terraform(None, "show", "-json", "cis.tfplan")
    return json.loads(shown.stdout)


def test_the_delegation_policy_lets_the_audit_account_manage_only_its_policy_types(cis_plan):
    from governance.checks.organization_cis import policy_delegates

    policy, = (r["values"] for r in _planned(cis_plan, "aws_organizations_resource_policy"))
    document = json.loads(policy["content"])
    statements = {s["Sid"]: s for s in _statements(document)}
    assert set(statements) == {"NavigateTheOrganization", "ReadTheOrganizationsStructure",
                               "ManageDelegatedPolicyTypes"}
    for statement in statements.values():
        assert statement["Effect"] == "Allow"
        assert statement["Principal"] == {"AWS": f"arn:aws:iam::{AUDIT_ID}:root"}
    reads = {a for sid in ("NavigateTheOrganization", "ReadTheOrganizationsStructure")
             for a in _as_list(statements[sid]["Action"])}
    assert all(a.split(":")[1].startswith(("Describe", "List")) for a in reads), reads
    assert _as_list(statements["NavigateTheOrganization"]["Resource"]) == ["*"]
    manage = statements["ManageDelegatedPolicyTypes"]
    assert "*" not in _as_list(manage["Resource"])
    assert {r.rsplit(":", 1)[1] for r in _as_list(manage["Resource"])} == {
        "policy/*/service_control_policy/*", "policy/*/tag_policy/*", "policy/*/backup_policy/*",
        "root/*", "ou/*", "account/*"}
    assert sorted(_as_list(manage["Condition"]["StringEquals"]["organizations:PolicyType"])) == [
        "BACKUP_POLICY", "SERVICE_CONTROL_POLICY", "TAG_POLICY"]
    # the audit's own reading of this policy (CIS v7.0.0 2.1.5): the audit account manages
    delegates, others = policy_delegates(policy["content"], "111111111111", {AUDIT_ID: {}})
    assert delegates == {AUDIT_ID: ["AttachPolicy", "CreatePolicy", "DeletePolicy",
                                    "DetachPolicy", "UpdatePolicy"]} and others == []


def test_the_organization_analyzer_is_made_in_the_audit_account(cis_plan):
    calls = cis_plan["configuration"]["root_module"]["module_calls"]
    guardrails = {r["address"]: r for r in calls["guardrails"]["module"]["resources"]}
    # the root's aws.audit (the audit account), not the management account's provider
    assert guardrails["aws_accessanalyzer_analyzer.organization"]["provider_config_key"] == \
        "aws.audit"
    assert guardrails["aws_iam_organizations_features.this"]["provider_config_key"] == "aws"
    analyzers = {r["address"]: r["values"]["type"]
                 for r in _planned(cis_plan, "aws_accessanalyzer_analyzer")}
    assert analyzers == {"module.guardrails.aws_accessanalyzer_analyzer.organization[0]":
                         "ORGANIZATION",
                         "module.regional.aws_accessanalyzer_analyzer.this[0]": "ORGANIZATION"}


def test_root_access_and_the_delegations_name_the_audit_account(cis_plan):
    features, = (r["values"] for r in _planned(cis_plan, "aws_iam_organizations_features"))
    assert sorted(features["enabled_features"]) == ["RootCredentialsManagement", "RootSessions"]
    delegated = {r["values"]["service_principal"]: r["values"]["account_id"]
                 for r in _planned(cis_plan, "aws_organizations_delegated_administrator")}
    assert delegated == dict.fromkeys(["access-analyzer.amazonaws.com", "iam.amazonaws.com",
                                       "sso.amazonaws.com"], AUDIT_ID)
    trail_admin, = (r["values"] for r in _planned(
        cis_plan, "aws_cloudtrail_organization_delegated_admin_account"))
    assert trail_admin["account_id"] == AUDIT_ID


def _refusals(result: subprocess.CompletedProcess[str], summary: str) -> list[str]:
    from harness.terraform import error_diagnostics

    return [d.detail.splitlines()[0] for d in error_diagnostics(result.stdout)
            if d.summary == summary]


def test_bad_cis_inputs_are_refused_in_one_line_each(cis_terraform):
    result = cis_terraform({"audit_account_id": AUDIT_ID, "trusted_access": TRUSTED,
                            "policy_delegate_account_id": "12345",
                            "root_access_features": ["RootCredentialsManagement", "RootSessionz"],
                            "access_analyzer_type": "ORGANIZATION_UNUSED_ACCESS"},
                           "plan", "-json")
    assert result.returncode == 1
    refused = _refusals(result, "Invalid value for variable")
    for expected in ("root_access_features may hold only RootCredentialsManagement and "
                     "RootSessions, each at most once; not a feature: RootSessionz.",
                     "access_analyzer_type must be ACCOUNT or ORGANIZATION",
                     "policy_management_delegate.account_id must be the 12-digit id"):
        assert any(expected in line for line in refused), (expected, refused)
    assert all(len(line) < 240 for line in refused)


def test_a_missing_trusted_access_or_the_management_account_as_delegate_fails_the_plan(
        cis_terraform):
    management = cis_terraform.account.account_id
    result = cis_terraform({"audit_account_id": AUDIT_ID,
                            "trusted_access": ["access-analyzer.amazonaws.com"],
                            "policy_delegate_account_id": management}, "plan", "-json")
    assert result.returncode == 1
    refused = " | ".join(_refusals(result, "Resource precondition failed"))
    for expected in ("root_access_features needs trusted access for IAM",
                     "delegated_administrators.cloudtrail needs cloudtrail.amazonaws.com",
                     "delegated_administrators.iam_root_access needs iam.amazonaws.com",
                     "delegated_administrators.identity_center needs sso.amazonaws.com",
                     "policy_management_delegate.account_id is the management account"):
        assert expected in refused, (expected, refused)
