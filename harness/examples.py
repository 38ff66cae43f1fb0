"""What each example needs to run in the moto sandbox; every other value stays the default.

Used by the tests, ``make demo`` and the benchmarks, so the three run the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SandboxSettings:
    """Variables an example needs on moto, and its aliased providers (alias -> region),
    each of which gets the sandbox override too (an alias without one would reach AWS)."""

    variables: dict[str, Any] = field(default_factory=dict)
    provider_aliases: dict[str, str] = field(default_factory=dict)  # "" = the home region
    # Aliases that keep the example's own assume_role (into an account the stack creates).
    own_role_aliases: frozenset[str] = frozenset()
    # The example declares an S3 backend (state per account); tests keep state locally.
    local_backend: bool = False


# The tests keep each stack's state in its private working copy (see examples/organization's
# README for the S3 backend with use_lockfile, which moto serves too).
LOCAL_BACKEND_OVERRIDE = 'terraform {\n  backend "local" {}\n}\n'

# examples/organization/management on moto 5.2.5: Security Hub has no
# ListOrganizationAdminAccounts (create fails), GuardDuty no DisableOrganizationAdminAccount
# (destroy fails), and Organizations accepts config-multiaccountsetup but not
# config.amazonaws.com as a delegated-admin principal (organization-guardrails README).
ORGANIZATION_ON_MOTO = SandboxSettings(
    variables={
        "enable_securityhub_delegated_admin": False,
        "enable_guardduty_delegated_admin": False,
        "config_delegated_admin_service_principals": ["config-multiaccountsetup.amazonaws.com"],
        # moto has no IAM Access Analyzer backend: the organization analyzer (CIS v6.0.0 2.19)
        # is proved at plan time and on seeded answers (tests/seeded), not applied.
        "enable_organization_access_analyzer": False,
    },
    provider_aliases={"audit": ""},
    own_role_aliases=frozenset({"audit"}),
    local_backend=True,
)


COMPLETE_ON_MOTO = SandboxSettings(
    variables={
        # moto 5.2.5 has no Security Hub standards endpoints (the hub itself works with the
        # UpdateSecurityHubConfiguration extension) and no Access Analyzer backend.
        "security_hub_standards": [],
        "enable_access_analyzer": False,
        # moto drops the tags of CreateSAMLProvider, so they would never converge.
        "tag_saml_provider": False,
        # a disposable account: destroy may remove the log buckets with their objects.
        "force_destroy_log_buckets": True,
    },
    provider_aliases={"secondary": "eu-west-1"},
)

SANDBOX_SETTINGS: dict[str, SandboxSettings] = {
    "examples/human-access": SandboxSettings(),
    "examples/minimal": SandboxSettings(variables={
        key: COMPLETE_ON_MOTO.variables[key]
        for key in ("security_hub_standards", "enable_access_analyzer", "force_destroy_log_buckets")
    }),
    "examples/complete": COMPLETE_ON_MOTO,
    "examples/organization/management": ORGANIZATION_ON_MOTO,
    # Identity Center lives in the management account; in the sandbox it is the same account.
    "examples/organization/member": SandboxSettings(
        variables={key: COMPLETE_ON_MOTO.variables[key] for key in (
            "security_hub_standards", "enable_access_analyzer", "force_destroy_log_buckets")},
        provider_aliases={"identity_center": ""},
        local_backend=True),
}


def sandbox_settings(example: str) -> SandboxSettings:
    return SANDBOX_SETTINGS.get(example, SandboxSettings())


def sandbox_stack(example: str, workdir: Any, toolchain: Any, account: Any,
                  variables: dict[str, Any] | None = None, *, sandbox_variables: bool = True,
                  on_output: Any = None) -> Any:
    """A TerraformStack of ``example`` aimed at a sandbox account: the provider override for
    the default provider and for every alias of the example, its sandbox variables
    (``sandbox_variables=False`` keeps the example's own defaults) and ``variables`` on top."""
    from harness.terraform import TerraformStack

    settings = sandbox_settings(example)
    defaults = settings.variables if sandbox_variables else {}
    stack = TerraformStack(example, workdir, toolchain,
                           provider_override=account.provider_override(),
                           variables={**defaults, **(variables or {})}, account=account,
                           env=account.provider_environment, on_output=on_output)
    for alias, region in settings.provider_aliases.items():
        stack.add_provider_override(alias, account.provider_override(
            alias, region or None, assume_role=alias not in settings.own_role_aliases))
    if settings.local_backend:
        stack.add_provider_override("backend", LOCAL_BACKEND_OVERRIDE)
    return stack
