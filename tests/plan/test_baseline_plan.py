"""terraform/baseline through its examples at plan time: least-privilege policies, the
trail's compliant settings, tags everywhere, and bad input refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from governance.checks.monitoring import changed_metric_filter_items
from governance.filter_pattern import matches
from governance.policy_lint import wildcard_violations
from harness.plan import (
    POLICY_ATTRIBUTES,
    POLICY_LINT_ALLOWLIST,
    lint_allowance,
    planned_resources,
    policy_documents,
)
from harness.terraform import VARIABLES_FILE

pytestmark = pytest.mark.xdist_group("baseline-plan")

MEMBER = "organization/member"
EXAMPLES = ("minimal", MEMBER, "complete")
EXAMPLE_TAGS = {"ManagedBy": "terraform", "Baseline": "aws-governance-baseline"}
# The member example with its opt-in SAML federation and Identity Center assignments on
# (its defaults are planned by tests/plan/test_organization_plan.py); a group id as the
# identity store would give it (the assignment is only planned). account_id: the sandbox's.
MEMBER_VARIABLES = {
    "enable_saml_federation": True,
    "identity_center_permission_sets": {
        "MemberAdmin": {"description": "Administration of member accounts, 1 h sessions",
                        "session_duration": "PT1H",
                        "managed_policy_arns": ["arn:aws:iam::aws:policy/AdministratorAccess"]},
        "MemberReadOnly": {"description": "Read-only access to member accounts",
                           "session_duration": "PT4H",
                           "managed_policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]},
    },
    "identity_center_group_ids": {"MemberAdmin": ["90676f5b-1b91-7042-4c1e-2c1d4e5f6a7b"]},
}


# What `python -m governance adopt` writes into adopt.auto.tfvars for an account that has
# its own recorder and channel ("default") in both regions, a trail, an account analyzer
# per region and a GuardDuty administrator: planned as ADOPTED (examples/complete).
ADOPTED = "complete-adopted"
ADOPTED_VARIABLES = {
    "config_recorder_names": {"us-east-1": "default", "eu-west-1": "default"},
    "config_delivery_channel_names": {"us-east-1": "default", "eu-west-1": "default"},
    "access_analyzer_names": {"us-east-1": "customer-analyzer-us",
                              "eu-west-1": "customer-analyzer-eu"},
    "audit_trail_name": "customer-trail",
    "guardduty_finding_publishing_frequency": None,
}


@pytest.fixture(scope="module")
def plans(stack_factory):
    """Plan JSON of each example, each in its own sandbox account, and of examples/complete
    with the adoption variables (ADOPTED). The plans run at once (one terraform and one
    provider process each): most of a plan is the provider starting and waiting on the
    sandbox, so four overlap in little more than the longest one."""
    from concurrent.futures import ThreadPoolExecutor

    stacks = {example: stack_factory(f"examples/{example}",
                                     variables=MEMBER_VARIABLES if example == MEMBER else None,
                                     sandbox_variables=False)
              for example in EXAMPLES}
    member = stacks[MEMBER]  # the member stack governs the account it is planned in
    variables_file = member.root / VARIABLES_FILE
    variables_file.write_text(json.dumps({**json.loads(variables_file.read_text()),
                                          "account_id": member.account.account_id}))
    stacks[ADOPTED] = stack_factory("examples/complete", variables=ADOPTED_VARIABLES,
                                    sandbox_variables=False)
    with ThreadPoolExecutor(max_workers=len(stacks)) as pool:
        planned = {example: pool.submit(stack.plan_json) for example, stack in stacks.items()}
        return {example: (stacks[example], future.result()) for example, future in planned.items()}


# Policy attributes that cannot be known at plan time, each with why; the applied state
# lints them (tests/apply/test_complete_baseline.py).
UNKNOWN_AT_PLAN = {
    "aws_sns_topic.this.policy": "computed by AWS; the topic policy is aws_sns_topic_policy",
    "aws_iam_role_policy.delivery.policy": "Config's delivery policy names the audit KMS key "
                                           "ARN, which exists only after apply",
}


def _resources(plans, example):
    return list(planned_resources(plans[example][1]))


def _resource_changes(plan, resource_type):
    return [c for c in plan.get("resource_changes", []) if c["type"] == resource_type]


def _type_of(address: str) -> str:
    return next(part for part in address.split(".") if part.startswith("aws_"))


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_policy_in_the_plan_is_least_privilege(plans, example):
    documents = dict(policy_documents(plans[example][1]))
    assert len(documents) >= 12, sorted(documents)
    types = {_type_of(address) for address in documents}
    assert {"aws_iam_policy", "aws_iam_role", "aws_kms_key", "aws_s3_bucket_policy",
            "aws_sns_topic_policy"} <= types
    unknown = sorted(f"{r['address']}.{attribute}" for r in _resources(plans, example)
                     for attribute in POLICY_ATTRIBUTES.get(r["type"], ())
                     if f"{r['address']}.{attribute}" not in documents)
    assert [a for a in unknown if not a.endswith(tuple(UNKNOWN_AT_PLAN))] == []
    violations = {}
    for address, document in documents.items():
        unexplained = [str(v) for v in wildcard_violations(document, strict=True)
                       if lint_allowance(_type_of(address), v.problem) is None]
        if unexplained:
            violations[address] = unexplained
    assert violations == {}


def test_the_policy_lint_allowlist_stays_short_and_explained():
    assert len(POLICY_LINT_ALLOWLIST) <= 3
    for (resource_type, pattern), reason in POLICY_LINT_ALLOWLIST.items():
        assert resource_type.startswith("aws_") and re.compile(pattern)
        assert len(reason) > 40, f"{resource_type} {pattern}: say why"


def test_the_allowlist_does_not_excuse_broad_grants_in_a_key_policy():
    document = {"Statement": [
        {"Sid": "Broad", "Effect": "Allow", "Action": ["kms:*", "s3:GetObject"], "Resource": "*"}]}
    problems = [v.problem for v in wildcard_violations(document, strict=True)]
    assert problems and all(lint_allowance("aws_kms_key", p) is None for p in problems)


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_trail_is_multi_region_validated_and_kms_encrypted(plans, example):
    plan = plans[example][1]
    trails = [r["values"] for r in planned_resources(plan) if r["type"] == "aws_cloudtrail"]
    assert len(trails) == 1
    trail = trails[0]
    assert trail["is_multi_region_trail"] and trail["include_global_service_events"]
    assert trail["enable_log_file_validation"] and trail["enable_logging"]
    assert trail["is_organization_trail"] is False
    assert trail["event_selector"][0]["read_write_type"] == "All"
    change = _resource_changes(plan, "aws_cloudtrail")[0]["change"]
    assert trail.get("kms_key_id") or change["after_unknown"].get("kms_key_id"), \
        "the trail must be encrypted with the audit KMS key"
    assert trail["name"] == "governance-trail"


@pytest.mark.parametrize("example", EXAMPLES)
def test_bucket_names_carry_the_account_id(plans, example):
    stack, _ = plans[example]
    buckets = {r["values"]["bucket"] for r in _resources(plans, example)
               if r["type"] == "aws_s3_bucket"}
    assert buckets == {f"governance-audit-logs-{stack.account.account_id}-us-east-1",
                       f"governance-s3-access-logs-{stack.account.account_id}-us-east-1"}


@pytest.mark.parametrize("example", EXAMPLES)
def test_tags_reach_every_taggable_resource(plans, example):
    untagged = sorted(r["address"] for r in _resources(plans, example)
                      if "tags" in r["values"] and r["values"]["tags"] != EXAMPLE_TAGS)
    assert untagged == []


def test_minimal_has_no_federation_and_every_other_concern(plans):
    types = {r["type"] for r in _resources(plans, "minimal")}
    assert not types & {"aws_iam_saml_provider", "aws_ssoadmin_permission_set"}
    assert {"aws_iam_group", "aws_iam_account_password_policy", "aws_cloudtrail",
            "aws_s3_bucket", "aws_kms_key", "aws_config_configuration_recorder",
            "aws_cloudwatch_metric_alarm", "aws_sns_topic", "aws_account_alternate_contact",
            "aws_s3_account_public_access_block", "aws_securityhub_account",
            "aws_guardduty_detector", "aws_ebs_encryption_by_default", "aws_flow_log",
            "aws_default_security_group", "aws_ec2_instance_metadata_defaults"} <= types


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_security_group_filter_counts_modify_security_group_rules(plans, example):
    """CIS v5.0.0 4.10: the rendered security-group-changes filter is the v5.0.0 pattern,
    ModifySecurityGroupRules included, and counts every sample of the v5.0.0 item and
    none of its reads (the v3.0.0 item's samples are a subset)."""
    patterns = {r["values"]["name"]: r["values"]["pattern"] for r in _resources(plans, example)
                if r["type"] == "aws_cloudwatch_log_metric_filter"}
    pattern = patterns["governance-cis-4-10-security-group-changes"]
    assert "($.eventName = ModifySecurityGroupRules)" in pattern
    item = changed_metric_filter_items()["metric-alarm-security-group-rule-changes"]
    assert [s["name"] for s in item["must_match"] if not matches(pattern, s["event"])] == []
    assert [s["name"] for s in item["must_not_match"] if matches(pattern, s["event"])] == []


def test_defaults_keep_security_hub_standards_and_access_analyzer_on(plans):
    for example in EXAMPLES:
        types = [r["type"] for r in _resources(plans, example)]
        regions = 2 if example == "complete" else 1  # two standards in every governed region
        assert types.count("aws_securityhub_account") == regions, example
        assert types.count("aws_securityhub_standards_subscription") == 2 * regions, example
        standards = sorted(r["values"]["standards_arn"].split("::standards/")[1]
                           for r in _resources(plans, example)
                           if r["type"] == "aws_securityhub_standards_subscription")
        assert standards == sorted(["aws-foundational-security-best-practices/v/1.0.0",
                                    "cis-aws-foundations-benchmark/v/3.0.0"] * regions), example
        analyzers = [r["values"]["type"] for r in _resources(plans, example)
                     if r["type"] == "aws_accessanalyzer_analyzer"]
        assert analyzers == ["ACCOUNT"] * regions, example


def test_complete_governs_two_regions_through_two_providers(plans):
    plan = plans["complete"][1]
    assert {"aws", "aws.secondary"} <= set(plan["configuration"]["provider_config"])
    detectors = {c["module_address"] for c in _resource_changes(plan, "aws_guardduty_detector")}
    assert detectors == {"module.baseline.module.regional_guardrails[0]",
                         "module.regional_guardrails_secondary"}
    assert len(_resource_changes(plan, "aws_ebs_encryption_by_default")) == 2
    assert plan["planned_values"]["outputs"]["governed_regions"]["value"] == [
        "us-east-1", "eu-west-1"]


def test_complete_roles_require_mfa_and_only_allowed_groups_may_assume(plans):
    resources = _resources(plans, "complete")
    roles = {r["values"]["name"]: r for r in resources if r["type"] == "aws_iam_role"
             and "access_roles" in r["address"]}
    assert set(roles) == {"platform-admin", "developer", "read-only", "break-glass"}
    for name, role in roles.items():
        condition = json.loads(role["values"]["assume_role_policy"])[
            "Statement"][0]["Condition"]
        assert condition["Bool"]["aws:MultiFactorAuthPresent"] == "true", name
    grants = {(r["values"]["group"], r["values"]["name"]) for r in resources
              if r["type"] == "aws_iam_group_policy"}
    assert grants == {("Administrators", "governance-assume-platform-admin"),
                      ("Administrators", "governance-assume-break-glass"),
                      ("Developers", "governance-assume-developer"),
                      ("Developers", "governance-assume-read-only"),
                      ("Auditors", "governance-assume-read-only")}


def test_organization_member_keeps_its_own_trail_and_uses_identity_center(plans):
    types = {r["type"] for r in _resources(plans, MEMBER)}
    assert {"aws_iam_saml_provider", "aws_ssoadmin_permission_set",
            "aws_ssoadmin_account_assignment"} <= types
    assignment = next(r["values"] for r in _resources(plans, MEMBER)
                      if r["type"] == "aws_ssoadmin_account_assignment")
    assert assignment["target_id"] == plans[MEMBER][0].account.account_id


# --- network-baseline (CIS 3.7, 5.4, 5.6) and TLS-only buckets (CIS 2.1.1) ---

def _governed_regions(example):
    return ("us-east-1", "eu-west-1") if example == "complete" else ("us-east-1",)


def _by_region(plans, example, resource_type):
    """Planned resources of a type keyed by region: the secondary region's come from the
    module called through the aws.secondary provider."""
    found = {}
    for change in _resource_changes(plans[example][1], resource_type):
        if change["change"]["actions"] != ["create"]:
            continue
        region = "eu-west-1" if "_secondary" in change["module_address"] else "us-east-1"
        found.setdefault(region, []).append(change["change"]["after"])
    return found


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_vpc_of_every_governed_region_gets_a_flow_log_of_all_traffic(plans, example):
    account = plans[example][0].account
    flow_logs = _by_region(plans, example, "aws_flow_log")
    for region in _governed_regions(example):
        vpcs = sorted(v["VpcId"] for v in account.client("ec2", region).describe_vpcs()["Vpcs"])
        assert vpcs, f"the sandbox account has its default VPC in {region}"
        logs = flow_logs.get(region, [])
        assert sorted(f["vpc_id"] for f in logs) == vpcs, region
        assert {(f["traffic_type"], f["log_destination_type"]) for f in logs} == {
            ("ALL", "cloud-watch-logs")}, region
    groups = _by_region(plans, example, "aws_cloudwatch_log_group")
    for region in _governed_regions(example):
        flow_group = [g for g in groups[region] if g["name"] == "/aws/vpc-flow-logs/governance"]
        assert len(flow_group) == 1 and flow_group[0]["retention_in_days"] >= 365, region


def _configured_resources(module: dict, resource_type: str):
    """Resource blocks of a type in the plan's configuration, through every module call."""
    for resource in module.get("resources", []):
        if resource["type"] == resource_type:
            yield resource
    for call in module.get("module_calls", {}).values():
        yield from _configured_resources(call.get("module", {}), resource_type)


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_default_security_group_is_planned_without_rules(plans, example):
    account = plans[example][0].account
    plan = plans[example][1]
    groups = _by_region(plans, example, "aws_default_security_group")
    for region in _governed_regions(example):
        vpcs = sorted(v["VpcId"] for v in account.client("ec2", region).describe_vpcs()["Vpcs"])
        assert sorted(g["vpc_id"] for g in groups.get(region, [])) == vpcs, region
        # The rules are computed (unknown at plan): what the plan proves is that no rule is
        # configured, so the provider revokes every rule the group has (live state: apply tier).
        assert all("ingress" not in g and "egress" not in g for g in groups[region]), region
    blocks = list(_configured_resources(plan["configuration"]["root_module"],
                                        "aws_default_security_group"))
    assert blocks and all(set(b["expressions"]) <= {"vpc_id", "tags"} for b in blocks), blocks


@pytest.mark.parametrize("example", EXAMPLES)
def test_imdsv2_is_the_ec2_account_default_in_every_governed_region(plans, example):
    defaults = _by_region(plans, example, "aws_ec2_instance_metadata_defaults")
    assert {region: [d["http_tokens"] for d in found] for region, found in defaults.items()} == {
        region: ["required"] for region in _governed_regions(example)}


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_baseline_bucket_denies_requests_without_tls(plans, example):
    """CIS 2.1.1: s3:* denied to everyone when aws:SecureTransport is false, on the bucket
    and its objects, for every bucket the baseline creates."""
    buckets = {r["values"]["bucket"] for r in _resources(plans, example)
               if r["type"] == "aws_s3_bucket"}
    policies = [json.loads(r["values"]["policy"]) for r in _resources(plans, example)
                if r["type"] == "aws_s3_bucket_policy"]
    denied = set()
    for policy in policies:
        for statement in policy["Statement"]:
            if (statement["Effect"] == "Deny" and statement["Action"] == "s3:*"
                    and statement["Principal"] in ("*", {"AWS": "*"})
                    and statement.get("Condition") == {
                        "Bool": {"aws:SecureTransport": "false"}}):
                resources = set(statement["Resource"])
                denied |= {arn.removeprefix("arn:aws:s3:::") for arn in resources
                           if f"{arn}/*" in resources}
    assert len(buckets) == 2 and buckets <= denied, (buckets, denied)


# --- Adoption of an existing account's singletons (adopt.auto.tfvars) ---

def _names_by_region(plans, example, resource_type, attribute):
    return {region: sorted(v[attribute] for v in found)
            for region, found in _by_region(plans, example, resource_type).items()}


def _trail_source_arns(plans, example) -> set[str]:
    """Every CloudTrail aws:SourceArn the planned policies pin (bucket, key, log role)."""
    found = set()
    for _, document in policy_documents(plans[example][1]):
        for statement in document["Statement"]:
            for condition in statement.get("Condition", {}).values():
                values = condition.get("aws:SourceArn", [])
                found |= {v for v in ([values] if isinstance(values, str) else values)
                          if ":cloudtrail:" in v}
    return found


@pytest.mark.parametrize("example", EXAMPLES)
def test_defaults_keep_the_baselines_own_names_and_frequency(plans, example):
    regions = _governed_regions(example)
    assert _names_by_region(plans, example, "aws_config_configuration_recorder", "name") == {
        region: ["governance-recorder"] for region in regions}
    channels = {"us-east-1": ["governance-delivery"], "eu-west-1": ["governance-recorder"]}
    assert _names_by_region(plans, example, "aws_config_delivery_channel", "name") == {
        region: channels[region] for region in regions}
    assert _names_by_region(plans, example, "aws_accessanalyzer_analyzer", "analyzer_name") == {
        region: ["governance-account-analyzer"] for region in regions}
    assert _names_by_region(plans, example, "aws_guardduty_detector",
                            "finding_publishing_frequency") == {
        region: ["FIFTEEN_MINUTES"] for region in regions}
    account = plans[example][0].account.account_id
    assert _trail_source_arns(plans, example) == {
        f"arn:aws:cloudtrail:us-east-1:{account}:trail/governance-trail"}


def test_adopted_recorders_and_channels_keep_their_names_in_both_regions(plans):
    for resource_type in ("aws_config_configuration_recorder", "aws_config_delivery_channel",
                          "aws_config_configuration_recorder_status"):
        assert _names_by_region(plans, ADOPTED, resource_type, "name") == {
            "us-east-1": ["default"], "eu-west-1": ["default"]}, resource_type
    role, = (r["values"] for r in _resources(plans, ADOPTED)
             if r["type"] == "aws_iam_role" and r["values"]["name"] == "governance-aws-config")
    assert role["description"] == "Service role for the AWS Config recorder default"


def test_an_adopted_trail_keeps_its_name_and_the_storage_policies_pin_it(plans):
    trail, = (r["values"] for r in _resources(plans, ADOPTED) if r["type"] == "aws_cloudtrail")
    assert trail["name"] == "customer-trail"
    account = plans[ADOPTED][0].account.account_id
    assert _trail_source_arns(plans, ADOPTED) == {
        f"arn:aws:cloudtrail:us-east-1:{account}:trail/customer-trail"}
    bucket_policy = next(json.loads(r["values"]["policy"]) for r in _resources(plans, ADOPTED)
                         if r["type"] == "aws_s3_bucket_policy"
                         and "cloudtrail.amazonaws.com" in r["values"]["policy"])
    pinned = [s["Sid"] for s in bucket_policy["Statement"]
              if "trail/customer-trail" in json.dumps(s.get("Condition", {}))]
    assert len(pinned) >= 2, bucket_policy  # the ACL check and the write


def test_adopted_account_analyzers_keep_their_names_per_region(plans):
    assert _names_by_region(plans, ADOPTED, "aws_accessanalyzer_analyzer", "analyzer_name") == {
        "us-east-1": ["customer-analyzer-us"], "eu-west-1": ["customer-analyzer-eu"]}


def test_a_null_frequency_leaves_the_detectors_frequency_to_the_administrator(plans):
    changes = _resource_changes(plans[ADOPTED][1], "aws_guardduty_detector")
    assert {c["module_address"] for c in changes} == {
        "module.baseline.module.regional_guardrails[0]", "module.regional_guardrails_secondary"}
    for change in changes:
        # not sent: the provider leaves the attribute computed (unknown until read back)
        assert change["change"]["after"].get("finding_publishing_frequency") is None, change
        assert change["change"]["after_unknown"].get("finding_publishing_frequency") is True


# --- Bad input: one apply with every bad value at once; each must be refused by name. ---

BAD_VARIABLES = {
    "saml_metadata_file": "../../modules/saml-federation/test-fixtures/not-saml.xml",
    "access_roles": {
        "developer": {"kind": "developer", "max_session_duration": 13 * 3600,
                      "allowed_group_names": ["Developers"]},
        "admin-without-mfa": {"kind": "admin", "require_mfa": False,
                              "allowed_group_names": ["Administrators"]},
    },
    # Checked by modules/_internal/least-privilege-policy for identity-center-access: a
    # permission set otherwise valid (the rules run on a valid owner variable only: the
    # access roles above are already refused, so nothing built from them is evaluated).
    "identity_center_permission_sets": {"WildcardReader": {"inline_policy_statements": [
        {"sid": "Everything", "actions": ["s3:*"], "resources": ["*"]},
        {"sid": "Everything", "actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::logs/*"]},
    ]}},
    "governed_regions": [],
    "alternate_contacts": {
        "SECURITY": {"name": "Security", "title": "Security",
                     "email_address": "security-at-example.com", "phone_number": "+1 206 555 0100"},
        "OPERATIONS": {"name": "Ops", "title": "Operations", "email_address": "ops@example.com",
                       "phone_number": "+1 206 555 0101"},
        "BILLING": {"name": "Finance", "title": "Billing", "email_address": "billing@example.com",
                    "phone_number": "+1 206 555 0102"},
    },
    "log_retention_days": 30,
    "vpc_flow_log_traffic_type": "ACCEPT",
    "instance_metadata_http_tokens": "optional",
    "vpc_flow_log_retention_days": 30,
    # adopt.auto.tfvars gone wrong
    "config_recorder_names": {"mars": "default", "eu-west-1": "my recorder"},
    "config_delivery_channel_names": {"us-east-1": ""},
    "access_analyzer_names": {"eu-west-1": "1st-analyzer"},
    "audit_trail_name": "customer--trail",
    "guardduty_finding_publishing_frequency": "HOURLY",
}
EXPECTED_REFUSALS = {
    "metadata that is not SAML": "saml_metadata_document is not SAML 2.0 metadata",
    "role session of 13 hours": "role developer of kind developer may not exceed 14400 s (got 46800)",
    "human role trust without MFA": "require_mfa may be false only for partner roles",
    "a wildcard inline statement": "Deny guard statements are exempt. Offending: permission "
                                   "set WildcardReader statement Everything.",
    "an inline sid used twice": "Inline policy statement sids must be unique within a "
                                "permission set.",
    "empty governed-region list": "governed_regions must list at least one region",
    "invalid contact e-mail": "SECURITY=security-at-example.com",
    "log retention below the floor": "log_retention_days must be at least 365",
    "flow logs of accepted traffic only": "vpc_flow_log_traffic_type must be ALL or REJECT",
    "IMDSv1 left allowed": "instance_metadata_http_tokens must be required: CIS 5.6",
    "flow-log retention below the floor": "vpc_flow_log_retention_days must be 0 (never expire)",
    "a recorder region that is not a region": "config_recorder_names keys must be region names "
                                              "such as us-east-1; not a region: mars.",
    "a recorder name with a space": 'config_recorder_names values must be AWS Config recorder '
                                    'names (1-256 characters without whitespace); refused: '
                                    'eu-west-1="my recorder".',
    "an empty delivery channel name": 'config_delivery_channel_names values must be AWS Config '
                                      'delivery channel names (1-256 characters without '
                                      'whitespace); refused: us-east-1="".',
    "an analyzer name starting with a digit": 'access_analyzer_names values must be Access '
                                              'Analyzer names (start with a letter; 1-255 '
                                              'letters, digits and _.-); refused: '
                                              'eu-west-1="1st-analyzer".',
    "adjacent punctuation in a trail name": "audit_trail_name must be null or a CloudTrail "
                                            "trail name: 3-128 characters",
    "a frequency GuardDuty does not know": "guardduty_finding_publishing_frequency must be null "
                                           "(left to the GuardDuty administrator) or "
                                           "FIFTEEN_MINUTES, ONE_HOUR or SIX_HOURS",
}
# The secondary region's network-baseline call (examples/complete) refuses the same values
# with the module's own messages (each detail starts with the module's variable name).
EXPECTED_MODULE_REFUSALS = {
    "module: flow logs of accepted traffic only": "flow_log_traffic_type must be ALL or REJECT",
    "module: IMDSv1 left allowed": "instance_metadata_http_tokens must be required: CIS 5.6 "
                                   "requires IMDSv2 (session tokens); optional or no-preference",
    "module: flow-log retention below the floor": "flow_log_retention_days must be 0",
}


@pytest.fixture(scope="module")
def refused(stack_factory):
    stack = stack_factory("examples/complete", variables=BAD_VARIABLES)
    return stack, stack.apply_expecting_failure()


@pytest.mark.parametrize("case", sorted(EXPECTED_REFUSALS))
def test_bad_input_is_refused_with_its_message(refused, case):
    _, diagnostics = refused
    details = [d.detail for d in diagnostics if d.summary == "Invalid value for variable"]
    matching = [d for d in details if EXPECTED_REFUSALS[case] in d]
    assert matching, f"no refusal for {case!r} among: {details}"


@pytest.mark.parametrize("case", sorted(EXPECTED_MODULE_REFUSALS))
def test_bad_network_input_is_refused_by_the_module_too(refused, case):
    _, diagnostics = refused
    details = [d.detail for d in diagnostics if d.summary == "Invalid value for variable"]
    matching = [d for d in details if d.startswith(EXPECTED_MODULE_REFUSALS[case])]
    assert matching, f"no refusal for {case!r} among: {details}"


def test_bad_input_creates_nothing(refused):
    stack, diagnostics = refused
    assert diagnostics, "the apply must fail"
    assert stack.applied is False
    account = stack.account
    iam = account.client("iam")
    assert iam.list_roles()["Roles"] == []
    assert iam.list_groups()["Groups"] == []
    assert iam.list_saml_providers()["SAMLProviderList"] == []
    assert account.client("kms").list_keys()["Keys"] == []
    assert account.client("cloudtrail").describe_trails()["trailList"] == []
    assert [b["Name"] for b in account.client("s3").list_buckets()["Buckets"]
            if account.account_id in b["Name"]] == []
    for region in ("us-east-1", "eu-west-1"):
        ec2 = account.client("ec2", region)
        assert ec2.describe_flow_logs()["FlowLogs"] == []
        assert ec2.get_instance_metadata_defaults()["AccountLevel"] == {}


# --- Offboarding: the root without the baseline's calls, plus removed blocks ------------

# Singletons an adoption imports (governance/adopt), planned by the baseline.
ADOPTABLE_TYPES = {
    "aws_config_configuration_recorder", "aws_config_delivery_channel",
    "aws_config_configuration_recorder_status", "aws_guardduty_detector",
    "aws_securityhub_account", "aws_iam_account_password_policy",
    "aws_ebs_encryption_by_default", "aws_s3_account_public_access_block", "aws_cloudtrail",
    "aws_accessanalyzer_analyzer", "aws_iam_account_alias",
}
# The member root of examples/organization calls the same baseline as minimal.
OFFBOARDED = {"minimal": "minimal", "complete": "complete", "organization/member": "minimal"}


def _without_instance_keys(address: str) -> str:
    return re.sub(r'\[(?:"[^"]*"|\d+)\]', "", address)


@pytest.mark.parametrize("example", sorted(OFFBOARDED))
def test_the_offboarding_root_is_valid_without_main_and_outputs(plans, toolchain, tmp_path,
                                                                 example):
    """The offboarding procedure (examples/complete README): main.tf and outputs.tf deleted,
    providers.tf, variables.tf and versions.tf kept, an offboard.tf of removed blocks
    (destroy = false) for the adopted singletons. Every provider block is in providers.tf
    (the harness overrides them by name there), and the rest is a valid configuration."""
    import os
    import shutil
    import subprocess

    from harness.examples import sandbox_settings
    from harness.terraform import TERRAFORM_ROOT

    source = TERRAFORM_ROOT / "examples" / example
    blocks = {path.name: re.findall(r'^provider\s+"aws"\s*\{(.*?)^\}', path.read_text(),
                                    re.MULTILINE | re.DOTALL) for path in source.glob("*.tf")}
    assert {name for name, found in blocks.items() if found} == {"providers.tf"}
    aliases = {m.group(1) for body in blocks["providers.tf"]
               if (m := re.search(r'^\s*alias\s*=\s*"(\w+)"', body, re.MULTILINE))}
    assert len(blocks["providers.tf"]) == len(aliases) + 1  # the default provider and aliases
    assert aliases == set(sandbox_settings(f"examples/{example}").provider_aliases), aliases

    workdir = tmp_path / "root"
    workdir.mkdir()
    for name in ("providers.tf", "variables.tf", "versions.tf"):
        shutil.copy(source / name, workdir / name)
    addresses = sorted({_without_instance_keys(c["address"])
                        for c in plans[OFFBOARDED[example]][1]["resource_changes"]
                        if c["type"] in ADOPTABLE_TYPES})
    assert any(a.startswith("module.baseline.module.") for a in addresses), addresses
    if example == "complete":
        assert "module.regional_guardrails_secondary.aws_guardduty_detector.this" in addresses
    (workdir / "offboard.tf").write_text("".join(
        f"removed {{\n  from = {a}\n\n  lifecycle {{\n    destroy = false\n  }}\n}}\n\n"
        for a in addresses))
    env = {**os.environ, **toolchain.environment(tmp_path / "cli")}
    for command in (["init", "-input=false", "-backend=false"], ["validate", "-no-color"]):
        result = subprocess.run([toolchain.terraform, *command], cwd=workdir, env=env,
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr or result.stdout


# --- The modules refuse bad adoption values themselves (tests/plan/fixtures) ---------------

VALIDATION_FIXTURE = Path(__file__).parent / "fixtures" / "adoption-validation"
# (file of the refusing rule, start of its message): the fixture's bad calls, one each.
MODULE_ADOPTION_REFUSALS = [
    ("baseline/variables.tf", "config_recorder_name must be null or an AWS Config recorder "
                              "name: 1-256 characters without whitespace."),  # a space
    ("baseline/variables.tf", "config_recorder_name must be null or an AWS Config recorder "
                              "name: 1-256 characters without whitespace."),  # 257 characters
    ("baseline/variables.tf", "config_delivery_channel_name must be null or an AWS Config "
                              "delivery channel name"),
    ("baseline/variables.tf", "audit_trail_name must be null or a CloudTrail trail name"),
    ("baseline/variables.tf", "audit_trail_name must be null or a CloudTrail trail name"),  # IP
    ("baseline/variables.tf", "access_analyzer_name must be null or start with a letter"),
    ("baseline/variables.tf", "guardduty_finding_publishing_frequency must be null (left to "
                              "the GuardDuty administrator) or FIFTEEN_MINUTES"),
    ("config-recording/variables.tf", "recorder_name must not start with "
                                      "AWSConfigurationRecorderFor"),
    ("config-recording/variables.tf", "delivery_channel_name must be null or an AWS Config "
                                      "delivery channel name"),
    ("regional-guardrails/variables.tf", "guardduty_finding_publishing_frequency must be null "
                                         "(left to the GuardDuty administrator) or "
                                         "FIFTEEN_MINUTES"),
    ("regional-guardrails/variables.tf", "config_recorder.name must be an AWS Config recorder "
                                         "name"),
    ("regional-guardrails/variables.tf", "config_recorder.delivery_channel_name must be null "
                                         "(the recorder's name) or an AWS Config delivery "
                                         "channel name"),
]


def test_the_modules_refuse_bad_adoption_values_and_accept_the_edges(toolchain, tmp_path):
    """One init and one validate, no provider call: every bad value of the fixture is
    refused by its module's own rule, and none of the *_valid calls' edge values is."""
    import os
    import shutil
    import subprocess

    from harness.terraform import TERRAFORM_ROOT

    workdir = tmp_path / "root"
    shutil.copytree(VALIDATION_FIXTURE, workdir)
    for folder in ("baseline", "modules"):
        shutil.copytree(TERRAFORM_ROOT / folder, workdir / folder,
                        ignore=shutil.ignore_patterns(".terraform", "*.tfstate*"))
    env = {**os.environ, **toolchain.environment(tmp_path / "cli")}

    def terraform(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([toolchain.terraform, *args], cwd=workdir, env=env,
                              capture_output=True, text=True, check=False)

    init = terraform("init", "-input=false", "-backend=false", "-no-color")
    assert init.returncode == 0, init.stderr
    validated = terraform("validate", "-json", "-no-color")
    assert validated.returncode == 1, validated.stdout
    errors = [d for d in json.loads(validated.stdout)["diagnostics"] if d["severity"] == "error"]
    assert all(d["summary"] == "Invalid value for variable" for d in errors), errors
    # (the refusing rule's file, as the detail names it; the message's first line)
    unmatched = [(re.search(r"checked by the validation rule at (\S+?):\d", d["detail"]).group(1),
                  d["detail"].splitlines()[0]) for d in errors]
    for where, message in MODULE_ADOPTION_REFUSALS:
        match = next((f for f in unmatched
                      if f[0].endswith(where) and f[1].startswith(message)), None)
        assert match, f"no refusal {message!r} from {where} among {unmatched}"
        unmatched.remove(match)
    assert unmatched == [], "refused beyond the fixture's bad values (an edge value?)"
