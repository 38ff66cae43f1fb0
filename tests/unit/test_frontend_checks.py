"""CIS v7.0.0 4.10 (access logging on AWS-managed web front-ends) on hand-built snapshots."""

from __future__ import annotations

import pytest

from governance.checks import run_check
from governance.model import Status
from tests.support.snapshots import changed
from tests.support.verdicts import verdict_tests
from tests.unit.cases_frontend import (
    CONFIGS,
    CONTROL,
    DELIVERIES,
    FAIL_CASES,
    FIREHOSE,
    HTTP_STAGES,
    LB_ATTRS,
    LBS,
    PASS_CASES,
    REST_STAGES,
    SOURCES,
)
from tests.unit.snapshots_frontends_endpoints import (
    ALB_ARN,
    CF_ARN,
    CF_LEGACY,
    CF_V2,
    CLASSIC,
    GWLB_ARN,
    HOME,
    HTTP,
    LOG_GROUP,
    NLB_ARN,
    OTHER,
    REST,
    WS,
    balancer,
    compliant,
    distribution,
)

test_check_fails_with_reason, test_check_passes = verdict_tests(
    FAIL_CASES, PASS_CASES, not_applicable_beside_pass={CONTROL})


def test_one_finding_per_front_end_with_its_arn_and_region():
    findings = run_check(CONTROL, compliant())
    assert sorted((f.region, f.resource, f.status) for f in findings) == sorted([
        ("global", f"{CF_ARN}{CF_LEGACY}", Status.PASS),
        ("global", f"{CF_ARN}{CF_V2}", Status.PASS),
        (HOME, ALB_ARN, Status.PASS), (HOME, NLB_ARN, Status.PASS),
        (HOME, f"arn:aws:elasticloadbalancing:{HOME}:111122223333:loadbalancer/{CLASSIC}",
         Status.PASS),
        (HOME, f"arn:aws:apigateway:{HOME}::/restapis/{REST}/stages/prod", Status.PASS),
        (HOME, f"arn:aws:apigateway:{HOME}::/restapis/{REST}/stages/dev", Status.PASS),
        (HOME, f"arn:aws:apigateway:{HOME}::/apis/{HTTP}/stages/$default", Status.PASS),
        (HOME, f"arn:aws:apigateway:{HOME}::/apis/{WS}/stages/live", Status.PASS),
        (OTHER, "account", Status.NOT_APPLICABLE),
    ])
    assert GWLB_ARN not in {f.resource for f in findings}


def test_an_api_without_a_stage_serves_nothing():
    findings = run_check(CONTROL, changed(compliant(), REST_STAGES, {REST: []}, HOME))
    rest = [f for f in findings if f"/restapis/{REST}" in f.resource]
    assert [(f.status, f.resource, f.reason) for f in rest] == [(
        Status.NOT_APPLICABLE, f"arn:aws:apigateway:{HOME}::/restapis/{REST}",
        f"REST API orders ({REST}) in {HOME} has no stage: nothing is served")]


def test_no_front_end_anywhere_is_not_applicable_everywhere():
    snapshot = changed(compliant(), "cloudfront:ListDistributions", [], None)
    snapshot = changed(snapshot, CONFIGS, {}, None)
    for api in (LBS, "elb:DescribeLoadBalancers", "apigateway:GetRestApis",
                "apigatewayv2:GetApis"):
        snapshot = changed(snapshot, api, [], HOME)
    findings = run_check(CONTROL, snapshot)
    assert [(f.status, f.region, f.reason) for f in findings] == [
        (Status.NOT_APPLICABLE, "global", "no CloudFront distribution in the account"),
        (Status.NOT_APPLICABLE, HOME, f"no load balancer or API Gateway API in {HOME}"),
        (Status.NOT_APPLICABLE, OTHER, f"no load balancer or API Gateway API in {OTHER}")]


def test_only_gateway_load_balancers_is_not_applicable_and_says_so():
    snapshot = changed(compliant(), LBS, [balancer(GWLB_ARN, "gateway")], HOME)
    for api in ("elb:DescribeLoadBalancers", "apigateway:GetRestApis", "apigatewayv2:GetApis"):
        snapshot = changed(snapshot, api, [], HOME)
    home = [f for f in run_check(CONTROL, snapshot) if f.region == HOME]
    assert [(f.status, f.evidence["gateway_load_balancers"]) for f in home] == [
        (Status.NOT_APPLICABLE, [GWLB_ARN])]
    assert "only Gateway Load Balancers" in home[0].reason


@pytest.mark.parametrize(("api", "region"), [
    ("cloudfront:ListDistributions", None), (CONFIGS, None), (DELIVERIES, None),
    (SOURCES, None), (LBS, OTHER), (LB_ATTRS, HOME), ("elb:DescribeLoadBalancers", HOME),
    ("elb:DescribeLoadBalancerAttributes", HOME), ("apigateway:GetRestApis", OTHER),
    (REST_STAGES, HOME), ("apigatewayv2:GetApis", HOME), (HTTP_STAGES, HOME),
])
def test_one_failed_read_makes_error(api, region):
    snapshot = compliant()
    snapshot.record(api, error="AccessDenied: not authorized", region=region)
    findings = run_check(CONTROL, snapshot)
    assert [f.status for f in findings] == [Status.ERROR]
    assert api in findings[0].reason


def test_legacy_logging_on_needs_no_delivery_read():
    """A distribution whose standard logging is on is proved by GetDistributionConfig; the
    v2 deliveries are read only for one without it (and then unreadable is ERROR)."""
    snapshot = changed(compliant(), "cloudfront:ListDistributions",
                       [distribution(CF_LEGACY)], None)
    snapshot.record(DELIVERIES, error="AccessDenied: not authorized")
    assert {f.status for f in run_check(CONTROL, snapshot) if f.region == "global"} == {
        Status.PASS}


def test_a_resource_the_per_resource_read_left_out_is_error_not_pass():
    snapshot = changed(compliant(), LB_ATTRS, lambda a: {k: v for k, v in a.items()
                                                         if k != ALB_ARN}, HOME)
    findings = run_check(CONTROL, snapshot)
    assert [f.status for f in findings] == [Status.ERROR]
    assert ALB_ARN in findings[0].reason


def test_an_emulator_gap_is_not_provable_only_on_an_emulator():
    for endpoint, status in (("http://127.0.0.1:5000", Status.NOT_PROVABLE),
                             (None, Status.ERROR)):
        snapshot = compliant()
        snapshot.emulator_endpoint = endpoint
        snapshot.record(HTTP_STAGES, region=HOME, emulator_gap=endpoint is not None,
                        error="ResponseParserError: Unable to parse response (HTML 500)")
        assert [f.status for f in run_check(CONTROL, snapshot)] == [status]


def test_the_stage_destination_kind_comes_from_its_arn():
    from governance.checks.frontends import destination_kind

    assert destination_kind(LOG_GROUP) == "CloudWatch Logs"
    assert destination_kind(FIREHOSE) == "Firehose"
    assert destination_kind("arn:aws-cn:s3:::logs") == "S3"
    assert destination_kind("not-an-arn") == "unknown"


def test_arns_follow_the_audited_partition():
    snapshot = compliant()
    snapshot.caller_arn = "arn:aws-cn:sts::111122223333:assumed-role/audit/me"
    resources = {f.resource for f in run_check(CONTROL, snapshot)}
    assert f"arn:aws-cn:apigateway:{HOME}::/restapis/{REST}/stages/prod" in resources
