"""governance/scp.py: each guardrail's SCP (as Terraform renders it, tests/fixtures/scp/)
denies its probes, lets the exempt role and the allowed requests through; then the
operators one by one, with their edge cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from governance.checks.organization import first_wrong, guardrails, probes
from governance.scp import (
    Decision,
    Denial,
    Request,
    UnsupportedPolicy,
    decide,
    denying_statement,
    is_denied,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scp"
ACCOUNT = "222233334444"
REGION = "us-east-1"  # in the fixture allowlist (eu-west-1, us-east-1)
OUTSIDE = "me-central-1"
WORKLOAD = f"arn:aws:iam::{ACCOUNT}:role/app-deployer"
EXEMPT = f"arn:aws:iam::{ACCOUNT}:role/OrganizationAccountAccessRole"


def scp(name: str) -> list[tuple[str, str]]:
    return [(f"governance-{name}", (FIXTURES / f"{name}.json").read_text())]


def all_scps() -> list[tuple[str, str]]:
    return [pair for path in sorted(FIXTURES.glob("*.json")) for pair in scp(path.stem)]


FULL_ACCESS = ("FullAWSAccess", '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}')


def at_root(policies: list[tuple[str, str]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """One level (the root) with FullAWSAccess and ``policies`` attached."""
    return [("root r-root", [FULL_ACCESS, *policies])]


def test_every_guardrail_of_the_table_has_a_fixture_under_the_size_limit():
    assert sorted(p.stem for p in FIXTURES.glob("*.json")) == sorted(guardrails())
    for path in FIXTURES.glob("*.json"):
        assert len(json.dumps(json.loads(path.read_text()), separators=(",", ":"))) < 5120


@pytest.mark.parametrize("guardrail_id", sorted(guardrails()))
def test_each_guardrail_scp_denies_its_probes_and_passes_the_exempt_role(guardrail_id):
    guardrail = guardrails()[guardrail_id]
    kinds = {"denied": 0, "exempt": 0, "allowed": 0}
    for probe in probes(guardrail, ACCOUNT, REGION, OUTSIDE):
        kinds[probe.kind] += 1
        denied = is_denied(scp(guardrail_id), probe.request)
        assert denied is (probe.kind == "denied"), f"{probe.kind}: {probe.describe()}"
    assert kinds["denied"] and kinds["exempt"] == kinds["denied"]
    assert first_wrong(guardrail, at_root(scp(guardrail_id)), ACCOUNT, REGION, OUTSIDE) is None


@pytest.mark.parametrize("guardrail_id", sorted(guardrails()))
def test_all_guardrails_together_still_pass_every_probe(guardrail_id):
    """Allowed and exempt probes are judged against every SCP at once: no guardrail may deny
    what another one lets through (e.g. region deny vs. the global-service probe)."""
    assert first_wrong(guardrails()[guardrail_id], at_root(all_scps()), ACCOUNT, REGION, OUTSIDE) is None


@pytest.mark.parametrize("guardrail_id", sorted(guardrails()))
def test_without_its_scp_the_guardrail_names_the_first_probe_not_denied(guardrail_id):
    others = [pair for pair in all_scps() if pair[0] != f"governance-{guardrail_id}"]
    wrong = first_wrong(guardrails()[guardrail_id], at_root(others), ACCOUNT, REGION, OUTSIDE)
    if guardrail_id == "deny-regions-outside-allowlist":
        # require-imdsv2 also denies the outside-region RunInstances (no IMDSv2 in the probe);
        # the S3 probe is what only the region guardrail denies
        assert wrong is not None and "s3:CreateBucket" in wrong
    else:
        first = guardrails()[guardrail_id]["denied"][0]["action"]
        assert wrong is not None and wrong.startswith(first) and wrong.endswith("is not denied")


def test_region_guardrail_allows_allowed_regions_and_global_services():
    policies = scp("deny-regions-outside-allowlist")
    run = Request(WORKLOAD, "ec2:RunInstances", f"arn:aws:ec2:eu-west-1:{ACCOUNT}:instance/*",
                  {"aws:RequestedRegion": "eu-west-1"})
    assert not is_denied(policies, run)
    assert is_denied(policies, Request(WORKLOAD, "ec2:RunInstances",
                                       context={"aws:RequestedRegion": "ap-south-1"}))
    for action in ("iam:CreateRole", "sts:AssumeRole", "organizations:ListAccounts",
                   "s3:GetAccountPublicAccessBlock", "route53:ChangeResourceRecordSets"):
        assert not is_denied(policies, Request(WORKLOAD, action,
                                               context={"aws:RequestedRegion": "ap-south-1"}))
    denial = denying_statement(policies, Request(WORKLOAD, "lambda:CreateFunction",
                                                 context={"aws:RequestedRegion": "sa-east-1"}))
    assert denial is not None and denial.sid == "DenyRegionsOutsideAllowlist"


def test_root_guardrail_concerns_only_root():
    policies = scp("deny-root-user")
    assert is_denied(policies, Request(f"arn:aws:iam::{ACCOUNT}:root", "s3:ListAllMyBuckets"))
    assert not is_denied(policies, Request(WORKLOAD, "s3:ListAllMyBuckets"))
    assert not is_denied(policies, Request(EXEMPT, "s3:ListAllMyBuckets"))


def test_break_glass_account_is_exempt_from_the_root_guardrail():
    document = json.loads((FIXTURES / "deny-root-user.json").read_text())
    document["Statement"][0]["Condition"]["StringNotEquals"] = {
        "aws:PrincipalAccount": ["999988887777"]}
    assert not is_denied([("r", document)],
                         Request("arn:aws:iam::999988887777:root", "ec2:RunInstances"))
    assert is_denied([("r", document)], Request(f"arn:aws:iam::{ACCOUNT}:root", "ec2:RunInstances"))


def test_kms_guardrail_matches_any_alias_and_ignores_keys_without_the_prefix():
    policies = scp("protect-log-storage")
    key = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1"

    def aliases(*names: str) -> Request:
        return Request(WORKLOAD, "kms:ScheduleKeyDeletion", key, {"kms:ResourceAliases": list(names)})

    assert is_denied(policies, aliases("alias/app", "alias/governance-logs"))
    assert not is_denied(policies, aliases("alias/app"))
    assert not is_denied(policies, aliases())
    assert not is_denied(policies, Request(WORKLOAD, "kms:ScheduleKeyDeletion", key))


def test_imdsv2_guardrail_denies_optional_and_missing_tokens_only_on_instances():
    policies = scp("require-imdsv2")
    instance = f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/*"
    assert is_denied(policies, Request(WORKLOAD, "ec2:RunInstances", instance,
                                       {"ec2:MetadataHttpTokens": "optional"}))
    assert is_denied(policies, Request(WORKLOAD, "ec2:RunInstances", instance))
    assert not is_denied(policies, Request(WORKLOAD, "ec2:RunInstances", instance,
                                           {"ec2:MetadataHttpTokens": "required"}))
    volume = f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/*"
    assert not is_denied(policies, Request(WORKLOAD, "ec2:RunInstances", volume))


# --- operators and edge cases --------------------------------------------------------------


def deny(**statement: object) -> list[tuple[str, dict]]:
    return [("p", {"Version": "2012-10-17",
                   "Statement": [{"Sid": "S", "Effect": "Deny", "Resource": "*", **statement}]})]


def test_actions_are_case_insensitive_and_wildcards_match():
    policies = deny(Action=["CloudTrail:Stop*", "s3:Put?ucketPolicy"])
    assert is_denied(policies, Request(WORKLOAD, "cloudtrail:StopLogging"))
    assert is_denied(policies, Request(WORKLOAD, "s3:PutBucketPolicy"))
    assert not is_denied(policies, Request(WORKLOAD, "cloudtrail:StartLogging"))
    assert not is_denied(policies, Request(WORKLOAD, "s3:PutBucketPolicyX"))


def test_not_action_and_not_resource():
    assert not is_denied(deny(NotAction="iam:*"), Request(WORKLOAD, "iam:CreateRole"))
    assert is_denied(deny(NotAction="iam:*"), Request(WORKLOAD, "ec2:RunInstances"))
    policies = [("p", {"Statement": {"Effect": "Deny", "Action": "s3:*",
                                     "NotResource": "arn:aws:s3:::public-*"}})]
    assert not is_denied(policies, Request(WORKLOAD, "s3:PutObject", "arn:aws:s3:::public-x"))
    assert is_denied(policies, Request(WORKLOAD, "s3:PutObject", "arn:aws:s3:::private"))


def test_resources_are_case_sensitive():
    policies = deny(Action="s3:DeleteBucket", Resource="arn:aws:s3:::governance*")
    assert is_denied(policies, Request(WORKLOAD, "s3:DeleteBucket", "arn:aws:s3:::governance-l"))
    assert not is_denied(policies, Request(WORKLOAD, "s3:DeleteBucket", "arn:aws:s3:::Governance"))


def test_allow_statements_never_deny():
    policies = [("p", {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})]
    assert not is_denied(policies, Request(WORKLOAD, "ec2:RunInstances"))


@pytest.mark.parametrize(("operator", "value", "present", "absent"), [
    ("StringEquals", "a", True, False),
    ("StringNotEquals", "b", True, True),
    ("StringEqualsIgnoreCase", "A", True, False),
    ("StringNotEqualsIgnoreCase", "A", False, True),
    ("StringLike", "a*", True, False),
    ("StringNotLike", "x*", True, True),
    ("StringEqualsIfExists", "a", True, True),
    ("StringNotEqualsIfExists", "a", False, True),
    ("StringLikeIfExists", "z*", False, True),
])
def test_string_operators_with_the_key_present_and_absent(operator, value, present, absent):
    policies = deny(Action="*", Condition={operator: {"test:Key": value}})
    assert is_denied(policies, Request(WORKLOAD, "x:Y", context={"test:Key": "a"})) is present
    assert is_denied(policies, Request(WORKLOAD, "x:Y")) is absent


@pytest.mark.parametrize(("operator", "pattern", "denied_for_workload"), [
    ("ArnLike", "arn:aws:iam::*:role/app-*", True),
    ("ArnNotLike", "arn:aws:iam::*:role/OrganizationAccountAccessRole", True),
    ("ArnNotLike", "arn:aws:iam::*:role/app-*", False),
    ("ArnEquals", f"arn:aws:iam::{ACCOUNT}:role/app-deployer", True),
    ("ArnNotEquals", f"arn:aws:iam::{ACCOUNT}:role/app-deployer", False),
])
def test_arn_operators(operator, pattern, denied_for_workload):
    policies = deny(Action="*", Condition={operator: {"aws:PrincipalArn": pattern}})
    assert is_denied(policies, Request(WORKLOAD, "x:Y")) is denied_for_workload


def test_arn_like_keeps_wildcards_inside_one_component():
    policies = deny(Action="*", Condition={"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}})
    assert is_denied(policies, Request(f"arn:aws:iam::{ACCOUNT}:root", "x:Y"))
    assert not is_denied(policies, Request(f"arn:aws:iam::{ACCOUNT}:role/root", "x:Y"))


def test_condition_keys_are_case_insensitive():
    policies = deny(Action="*", Condition={"ArnNotLike": {"AWS:PRINCIPALARN": EXEMPT}})
    assert not is_denied(policies, Request(EXEMPT, "x:Y"))
    assert is_denied(policies, Request(WORKLOAD, "x:Y"))


def test_for_all_values_and_for_any_value_on_multivalued_keys():
    any_value = deny(Action="*", Condition={"ForAnyValue:StringLike": {"k:List": "gov*"}})
    all_values = deny(Action="*", Condition={"ForAllValues:StringLike": {"k:List": "gov*"}})
    mixed = Request(WORKLOAD, "x:Y", context={"k:List": ["app", "gov-1"]})
    only_gov = Request(WORKLOAD, "x:Y", context={"k:List": ["gov-1", "gov-2"]})
    missing = Request(WORKLOAD, "x:Y")
    assert is_denied(any_value, mixed) and is_denied(any_value, only_gov)
    assert not is_denied(any_value, missing)
    assert not is_denied(all_values, mixed) and is_denied(all_values, only_gov)
    assert is_denied(all_values, missing)  # ForAllValues is true without the key
    not_any = deny(Action="*", Condition={"ForAnyValue:StringNotLike": {"k:List": "gov*"}})
    assert is_denied(not_any, mixed) and not is_denied(not_any, only_gov)


def test_null_operator_tests_presence():
    missing = deny(Action="*", Condition={"Null": {"ec2:MetadataHttpTokens": "true"}})
    present = deny(Action="*", Condition={"Null": {"ec2:MetadataHttpTokens": "false"}})
    with_key = Request(WORKLOAD, "x:Y", context={"ec2:MetadataHttpTokens": "required"})
    assert is_denied(missing, Request(WORKLOAD, "x:Y")) and not is_denied(missing, with_key)
    assert is_denied(present, with_key) and not is_denied(present, Request(WORKLOAD, "x:Y"))


def test_bool_and_every_condition_must_hold():
    policies = deny(Action="*", Condition={
        "Bool": {"aws:SecureTransport": "false"},
        "StringEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}})
    insecure_here = {"aws:SecureTransport": "false", "aws:RequestedRegion": "eu-west-1"}
    assert is_denied(policies, Request(WORKLOAD, "x:Y", context=insecure_here))
    assert not is_denied(policies, Request(WORKLOAD, "x:Y", context={
        **insecure_here, "aws:SecureTransport": "true"}))
    assert not is_denied(policies, Request(WORKLOAD, "x:Y", context={
        **insecure_here, "aws:RequestedRegion": "ap-south-1"}))


def test_principal_account_is_derived_from_the_principal_arn():
    policies = deny(Action="*", Condition={"StringEquals": {"aws:PrincipalAccount": ACCOUNT}})
    assert is_denied(policies, Request(WORKLOAD, "x:Y"))
    assert not is_denied(policies, Request("arn:aws:iam::999988887777:role/x", "x:Y"))


@pytest.mark.parametrize(("statement", "message"), [
    ({"Action": "*", "Condition": {"NumericLessThan": {"k": "1"}}}, "unsupported condition"),
    ({"Action": "*", "Condition": {"ForSomeValues:StringLike": {"k": "1"}}}, "qualifier"),
    ({"Action": "*", "Condition": {"StringLike": {"k": "${aws:username}"}}}, "policy variables"),
    ({"Action": "*", "Principal": "*"}, "Principal"),
    ({"Resource": "*"}, "Action or NotAction"),
])
def test_unsupported_constructs_raise_a_one_line_error(statement, message):
    policies = [("p", {"Statement": [{"Effect": "Deny", **statement}]})]
    with pytest.raises(UnsupportedPolicy, match=message):
        is_denied(policies, Request(WORKLOAD, "x:Y", context={"k": "1"}))


def test_a_document_without_statements_is_refused():
    with pytest.raises(UnsupportedPolicy, match="Statement"):
        is_denied([("p", "{}")], Request(WORKLOAD, "x:Y"))


# --- the keys AWS always sends, and Allow at every level (decide) ---------------------------


@pytest.mark.parametrize(("principal", "expected"), [
    (WORKLOAD, {"aws:principaltype": "AssumedRole", "aws:principalaccount": ACCOUNT,
                "aws:principalisawsservice": "false"}),
    (f"arn:aws:iam::{ACCOUNT}:root", {"aws:principaltype": "Account"}),
    (f"arn:aws:iam::{ACCOUNT}:user/alice", {"aws:principaltype": "User"}),
    (f"arn:aws:sts::{ACCOUNT}:federated-user/bob", {"aws:principaltype": "FederatedUser"}),
])
def test_the_keys_aws_sets_on_every_request_are_modelled(principal, expected):
    context = Request(principal, "x:Y").context_values()
    assert {k: context[k] for k in expected} == expected
    assert context["aws:securetransport"] == "true" and context["aws:viaawsservice"] == "false"
    assert "aws:userid" not in context and "aws:sourceip" not in context  # unknown: missing
    overridden = Request(principal, "x:Y", context={"aws:SecureTransport": "false"})
    assert overridden.context_values()["aws:securetransport"] == "false"


def test_a_deny_on_an_always_sent_key_applies_and_if_exists_does_not_exempt():
    on_type = deny(Action="*", Condition={"Bool": {"aws:PrincipalIsAWSService": "false"},
                                          "StringEquals": {"aws:PrincipalType": "AssumedRole"}})
    assert is_denied(on_type, Request(WORKLOAD, "x:Y"))
    if_exists = deny(Action="*", Condition={"BoolIfExists": {"aws:ViaAWSService": "true"}})
    assert not is_denied(if_exists, Request(WORKLOAD, "x:Y"))


def allow(name: str, **statement: object) -> tuple[str, dict]:
    return (name, {"Statement": [{"Sid": name, "Effect": "Allow", "Resource": "*", **statement}]})


def test_decide_needs_an_allow_at_every_level_and_no_deny_anywhere():
    request = Request(WORKLOAD, "ec2:RunInstances")
    full = allow("full", Action="*")
    only_s3 = allow("only-s3", Action="s3:*")
    assert decide([("root", [full]), ("account", [full])], request) == Decision(True)
    assert decide([("root", [full]), ("OU x", [only_s3]), ("account", [full])], request) == \
        Decision(False, missing_allow_level="OU x")
    assert decide([("root", [full, only_s3]), ("account", [only_s3, full])], request).allowed
    denial = decide([("root", [full]), ("account", [*deny(Action="ec2:*"), only_s3])], request)
    assert denial == Decision(False, denial=Denial("p", "S"))  # a Deny wins over a missing Allow
    assert decide([("root", [full]), ("account", [])], request).allowed  # nothing attached
    not_action = allow("not-ec2", NotAction="ec2:*")
    assert decide([("root", [not_action])], request).missing_allow_level == "root"
    assert decide([("root", [not_action])], Request(WORKLOAD, "s3:GetObject")).allowed


def test_an_allow_with_a_condition_allows_only_when_it_holds():
    exempt_only = allow("exempt", Action="*",
                        Condition={"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Org*"}})
    assert decide([("root", [exempt_only])], Request(EXEMPT, "x:Y")).allowed
    assert not decide([("root", [exempt_only])], Request(WORKLOAD, "x:Y")).allowed


def test_every_probe_is_judged_in_every_region_and_the_fail_names_it():
    home_only = json.loads((FIXTURES / "protect-cloudtrail.json").read_text())
    home_only["Statement"][0]["Condition"]["StringEquals"] = {"aws:RequestedRegion": REGION}
    levels = at_root([("home-only", json.dumps(home_only))])
    guardrail = guardrails()["protect-cloudtrail"]
    assert first_wrong(guardrail, levels, ACCOUNT, [REGION], OUTSIDE) is None
    wrong = first_wrong(guardrail, levels, ACCOUNT, [REGION, "eu-west-1"], OUTSIDE)
    assert wrong is not None and " in eu-west-1 is not denied" in wrong
    assert f"arn:aws:cloudtrail:eu-west-1:{ACCOUNT}:trail/" in wrong
