"""Read a ``terraform show -json`` plan: planned resources and the IAM policies they carry."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

# Resource attributes that hold IAM policy documents (identity or resource policies).
POLICY_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "aws_iam_policy": ("policy",),
    "aws_iam_group_policy": ("policy",),
    "aws_iam_role_policy": ("policy",),
    "aws_iam_user_policy": ("policy",),
    "aws_iam_role": ("assume_role_policy",),
    "aws_s3_bucket_policy": ("policy",),
    "aws_kms_key": ("policy",),
    "aws_sns_topic_policy": ("policy",),
    "aws_sns_topic": ("policy",),
    "aws_ssoadmin_permission_set_inline_policy": ("inline_policy",),
}

# The only exceptions to governance.policy_lint.wildcard_violations(strict=True) in the
# policies our Terraform writes: (resource type, regex on the violation's problem) -> why.
# Keep it short (tests/plan/test_baseline_plan.py asserts its size); module READMEs list
# the same exceptions under "Wildcard exceptions".
POLICY_LINT_ALLOWLIST: dict[tuple[str, str], str] = {
    ("aws_kms_key", r"Resource '\*' for kms:[A-Za-z*]+(, kms:[A-Za-z*]+)*"):
        "in a KMS key policy Resource '*' means this key: no other key is affected, and only "
        "kms: actions are exempt",
    ("aws_kms_key", r"wildcard in action name 'kms:GenerateDataKey\*'"):
        "the AWS-documented CloudTrail key-policy action (GenerateDataKey and "
        "GenerateDataKeyWithoutPlaintext), limited by aws:SourceArn and the encryption context",
}


def lint_allowance(resource_type: str, problem: str) -> str | None:
    """Why a strict-lint violation is accepted for this resource type, or None."""
    for (allowed_type, pattern), reason in POLICY_LINT_ALLOWLIST.items():
        if resource_type == allowed_type and re.fullmatch(pattern, problem):
            return reason
    return None


def planned_resources(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every managed resource in planned_values, through all child modules."""
    stack = [plan.get("planned_values", {}).get("root_module", {})]
    while stack:
        module = stack.pop()
        yield from (r for r in module.get("resources", []) if r.get("mode") == "managed")
        stack.extend(module.get("child_modules", []))


def policy_documents(plan: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(address, document) for every policy document known at plan time."""
    for resource in planned_resources(plan):
        for attribute in POLICY_ATTRIBUTES.get(resource["type"], ()):
            text = resource.get("values", {}).get(attribute)
            if text:
                yield f"{resource['address']}.{attribute}", json.loads(text)


def state_policy_documents(state: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(address, resource type, document) for every policy document in a state file."""
    for resource in state.get("resources", []):
        if resource.get("mode") != "managed":
            continue
        prefix = f"{resource['module']}." if resource.get("module") else ""
        for instance in resource.get("instances", []):
            key = instance.get("index_key")
            index = "" if key is None else f"[{json.dumps(key)}]"
            address = f"{prefix}{resource['type']}.{resource['name']}{index}"
            for attribute in POLICY_ATTRIBUTES.get(resource["type"], ()):
                text = instance.get("attributes", {}).get(attribute)
                if text:
                    yield f"{address}.{attribute}", resource["type"], json.loads(text)
