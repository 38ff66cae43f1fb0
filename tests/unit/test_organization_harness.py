"""The harness pieces examples/organization needs, without Terraform."""

from __future__ import annotations

import json

import pytest

from harness.demo_org import _governed_hold
from harness.examples import LOCAL_BACKEND_OVERRIDE, sandbox_settings
from harness.moto_sandbox import SandboxAccount
from harness.organization import (
    DEFAULT_GUARDRAILS,
    GUARDRAILS,
    MANAGEMENT_EXAMPLE,
    MEMBER_EXAMPLE,
    MEMBER_ROLE_NAME,
)
from harness.terraform import TERRAFORM_ROOT, modules_applied, modules_called
from harness.validate import alias_stubs, root_modules

ACCOUNT = SandboxAccount(account_id="111122223333", role_arn="arn:aws:iam::111122223333:role/x",
                         region="us-east-1", endpoint="http://127.0.0.1:5000", session=None)


def test_an_alias_override_can_keep_the_examples_own_assume_role():
    assert "assume_role {" in ACCOUNT.provider_override("audit")
    kept = ACCOUNT.provider_override("audit", assume_role=False)
    assert "assume_role" not in kept
    assert 'alias                       = "audit"' in kept and "endpoints" not in kept


def test_the_organization_examples_keep_state_locally_on_moto():
    management, member = sandbox_settings(MANAGEMENT_EXAMPLE), sandbox_settings(MEMBER_EXAMPLE)
    assert management.local_backend and member.local_backend
    assert management.own_role_aliases == {"audit"}
    assert 'backend "local"' in LOCAL_BACKEND_OVERRIDE
    for example in (MANAGEMENT_EXAMPLE, MEMBER_EXAMPLE):
        assert 'backend "s3"' in (TERRAFORM_ROOT / example / "versions.tf").read_text()
        assert "use_lockfile = true" in (TERRAFORM_ROOT / example / "versions.tf").read_text()


def test_validate_covers_nested_examples_and_stubs_configuration_aliases():
    names = {str(m.relative_to(TERRAFORM_ROOT)) for m in root_modules()}
    assert {MANAGEMENT_EXAMPLE, MEMBER_EXAMPLE, "modules/organization-guardrails"} <= names
    assert alias_stubs(TERRAFORM_ROOT / "modules/organization-guardrails") == \
        'provider "aws" {\n  alias = "audit"\n}\n'
    assert alias_stubs(TERRAFORM_ROOT / "modules/audit-trail") == ""


def test_the_module_has_a_toggle_per_guardrail_with_the_contract_default():
    variables = (TERRAFORM_ROOT / "modules/organization-guardrails/variables.tf").read_text()
    for guardrail in GUARDRAILS:
        name = "enable_" + guardrail.replace("-", "_")
        block = variables.split(f'variable "{name}" {{', 1)[1].split("\n}\n", 1)[0]
        default = "true" if guardrail in DEFAULT_GUARDRAILS else "false"
        assert f"default     = {default}" in block, name


def test_modules_applied_counts_only_the_modules_holding_resources(tmp_path):
    """The member example calls the baseline, which calls iam-human-access with count 0
    there: called, but not applied."""
    state = tmp_path / "terraform.tfstate"
    state.write_text(json.dumps({"resources": [
        {"module": "module.baseline.module.audit_trail[0]"},
        {"module": "module.baseline.module.access_roles[0]"},
        {"module": "module.baseline"}, {"type": "aws_caller_identity"}]}))
    assert "iam-human-access" in modules_called(MEMBER_EXAMPLE)
    assert modules_applied(TERRAFORM_ROOT / MEMBER_EXAMPLE, state) == {"audit-trail",
                                                                       "access-roles"}


MEMBER = "222233334444"
MANAGEMENT = "111122223333"


def _demo_output(tmp_path, controls: dict[str, str], problems: list[str],
                 count: int | None = None):
    """A roll-up of one governed member whose roles-trust finding lists ``problems``."""
    accounts = [{"account_id": MANAGEMENT, "controls": {}},
                {"account_id": MEMBER, "controls": controls}]
    (tmp_path / "rollup.json").write_text(json.dumps({
        "organization": {"management_account_id": MANAGEMENT}, "accounts": accounts}))
    (tmp_path / "accounts" / MEMBER).mkdir(parents=True)
    (tmp_path / "accounts" / MEMBER / "findings.json").write_text(json.dumps({"findings": [
        {"control_id": TRUST, "status": "FAIL", "evidence": {"problems": {
            "count": len(problems) if count is None else count, "items": problems}}}]}))
    return tmp_path


TRUST = "roles-trust-requires-mfa-or-federation"
ORGANIZATIONS_TRUST = f"{MEMBER_ROLE_NAME}: cross-account trust of arn:aws:iam::{MANAGEMENT}:root"


def test_a_governed_member_holds_when_only_the_organizations_role_fails(tmp_path, capsys):
    output = _demo_output(tmp_path, {TRUST: "FAIL", "cloudtrail-s3-data-events-read": "PASS"},
                          [ORGANIZATIONS_TRUST])
    assert _governed_hold(output, {MEMBER: {"access-roles", "audit-trail"}})
    assert f"FAIL on {MEMBER_ROLE_NAME} alone" in capsys.readouterr().out


@pytest.mark.parametrize("case", ["another role", "unlisted problems", "an applied control"])
def test_a_governed_member_fails_on_anything_else(tmp_path, capsys, case):
    problems = [ORGANIZATIONS_TRUST] + (["deploy: trusts any principal"]
                                        if case == "another role" else [])
    controls = {TRUST: "FAIL", "cloudtrail-s3-data-events-read":
                "FAIL" if case == "an applied control" else "PASS"}
    output = _demo_output(tmp_path, controls, problems,
                          count=5 if case == "unlisted problems" else None)
    assert not _governed_hold(output, {MEMBER: {"access-roles", "audit-trail"}})
    assert "did not hold" in capsys.readouterr().out


def test_controls_of_modules_a_member_did_not_apply_are_not_held_against_it(tmp_path):
    output = _demo_output(tmp_path, {"iam-password-policy-strong": "FAIL"}, [])
    assert _governed_hold(output, {MEMBER: {"audit-trail"}})
    assert not _governed_hold(output, {MEMBER: {"iam-human-access"}})


def test_the_demo_prints_each_cis_v7_organization_item_with_its_reason(tmp_path, capsys):
    from harness.demo_org import ORGANIZATION_ITEMS, _print_organization_items

    items = {"2.1.1": "PASS", "2.1.2": "PASS", "2.1.5": "FAIL", "2.1.6": "FAIL",
             "2.18": "NOT_PROVABLE"}
    (tmp_path / "rollup.json").write_text(json.dumps({"accounts": [
        {"account_id": MANAGEMENT, "outcome": "AUDITED", "items": {"cis_aws_v7": items}}]}))
    (tmp_path / "accounts" / MANAGEMENT).mkdir(parents=True)
    (tmp_path / "accounts" / MANAGEMENT / "findings.json").write_text(json.dumps({"findings": [
        {"control_id": "organization-policies-delegated-admin", "status": "FAIL",
         "reason": "no resource-based delegation policy"},
        {"control_id": "organization-root-credentials-management", "status": "PASS",
         "reason": "centralized root access in organization o-x"}]}))
    _print_organization_items(tmp_path, MANAGEMENT)
    out = capsys.readouterr().out
    for item in ORGANIZATION_ITEMS:
        assert f"  {item:<6} {items[item]}" in out
    assert "organization-policies-delegated-admin: no resource-based delegation policy" in out
    assert "organization-root-credentials-management: centralized root access" in out


def test_the_organization_example_turns_off_on_moto_only_what_moto_lacks():
    """moto has no Access Analyzer backend: the organization analyzer is off in the sandbox
    apply; centralized root access, the delegation policy and the CloudTrail, IAM and
    Identity Center delegations stay on (the harness answers them)."""
    on_moto = sandbox_settings(MANAGEMENT_EXAMPLE).variables
    assert on_moto["enable_organization_access_analyzer"] is False
    variables = (TERRAFORM_ROOT / MANAGEMENT_EXAMPLE / "variables.tf").read_text()
    for name in ("enable_organization_access_analyzer", "enable_cloudtrail_delegated_admin",
                 "enable_iam_delegated_admin", "enable_identity_center_delegated_admin"):
        block = variables.split(f'variable "{name}" {{', 1)[1].split("\n}\n", 1)[0]
        assert "default     = true" in block, name
    assert not {"enable_cloudtrail_delegated_admin", "enable_iam_delegated_admin",
                "enable_identity_center_delegated_admin"} & set(on_moto)
