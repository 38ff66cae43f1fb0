"""The harness pieces examples/organization needs, without Terraform."""

from __future__ import annotations

from harness.examples import LOCAL_BACKEND_OVERRIDE, sandbox_settings
from harness.moto_sandbox import SandboxAccount
from harness.organization import DEFAULT_GUARDRAILS, GUARDRAILS, MANAGEMENT_EXAMPLE, MEMBER_EXAMPLE
from harness.terraform import TERRAFORM_ROOT
from harness.validate import alias_stubs, root_modules

ACCOUNT = SandboxAccount(account_id="111122223333", role_arn="arn:aws:iam::111122223333:role/x",
                         region="us-east-1", endpoint="http://127.0.0.1:5000", session=None)


def test_an_alias_override_can_keep_the_examples_own_assume_role():
    assert "assume_role {" in ACCOUNT.provider_override("audit")
    kept = ACCOUNT.provider_override("audit", assume_role=False)
    assert "assume_role" not in kept
    assert 'alias                       = "audit"' in kept and "endpoints {" in kept


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
