"""Applied stacks shared by the apply tests.

``complete_stack``: examples/complete applied once per test module to a disposable moto
account (home region us-east-1, secondary region eu-west-1), with the settings moto needs.
Tests that use it belong to ``pytest.mark.xdist_group("complete-baseline")`` so they run
in order on one worker; the module's last test (or stack_factory's finalizer) destroys it.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

SECONDARY_REGION = "eu-west-1"

# What examples/complete needs on moto; every default stays the compliant value.
COMPLETE_ON_MOTO: dict[str, Any] = {
    # moto 5.2.5 has no Security Hub standards endpoints (the hub itself works with the
    # UpdateSecurityHubConfiguration extension) and no Access Analyzer backend.
    "security_hub_standards": [],
    "enable_access_analyzer": False,
    # moto drops the tags of CreateSAMLProvider, so they would never converge.
    "tag_saml_provider": False,
    # disposable account: let destroy remove the log buckets with their objects.
    "force_destroy_log_buckets": True,
}


def add_provider_alias(stack: Any, alias: str, region: str) -> None:
    """Point the example's ``aws.<alias>`` provider at the stack's sandbox account too.

    The harness override covers the default provider only; an aliased provider without an
    override would reach real AWS. This writes the same override for the alias, in ``region``.
    """
    text = stack.account.provider_override()
    head = 'provider "aws" {\n'
    assert text.count(head) == 1, "the harness provider override changed shape"
    text = text.replace(head, f'provider "aws" {{\n  alias = "{alias}"\n', 1)
    text, count = re.subn(r'(\n\s*region\s*=\s*)"[^"]*"', rf'\1"{region}"', text, count=1)
    assert count == 1, "no region in the harness provider override"
    (stack.root / f"harness_{alias}_override.tf").write_text(text)


@pytest.fixture(scope="module")
def complete_stack(stack_factory):
    """examples/complete applied on moto; ``stack.timings`` holds the measured seconds."""
    stack = stack_factory("examples/complete", variables=COMPLETE_ON_MOTO)
    add_provider_alias(stack, "secondary", SECONDARY_REGION)
    stack.timings = {}
    started = time.monotonic()
    stack.apply()
    stack.timings["apply"] = round(time.monotonic() - started, 1)
    return stack
