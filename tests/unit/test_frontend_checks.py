"""CIS v7.0.0 4.10 (access logging on AWS-managed web front-ends) on hand-built snapshots."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from governance.checks import run_check
from governance.model import AccountSnapshot, Status, worst
from tests.unit.snapshots import as_json_roundtrip
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
    changed,
    classic_logs,
    compliant,
    delivery,
    delivery_source,
    distribution,
    http_stage,
    lb_logs,
    legacy_logging,
    rest_stage,
)

CONTROL = "web-frontends-access-logging"
CONFIGS, SOURCES, DELIVERIES = ("cloudfront:GetDistributionConfig",
                                "logs:DescribeDeliverySources", "logs:DescribeDeliveries")
LBS, LB_ATTRS = "elbv2:DescribeLoadBalancers", "elbv2:DescribeLoadBalancerAttributes"
REST_STAGES, HTTP_STAGES = "apigateway:GetStages", "apigatewayv2:GetStages"
FIREHOSE = f"arn:aws:firehose:{HOME}:111122223333:deliverystream/amazon-apigateway-orders"
ALB2_ARN = ALB_ARN.replace("app/web/0a1b", "app/admin/9z9z")


def _config(distribution_id: str, value) -> AccountSnapshot:
    return changed(compliant(), CONFIGS, lambda c: {**c, distribution_id: value}, None)


def _second_alb(attributes) -> AccountSnapshot:
    snapshot = changed(compliant(), LBS, lambda lbs: [*lbs, balancer(ALB2_ARN, "application")])
    return changed(snapshot, LB_ATTRS, lambda a: {**a, ALB2_ARN: attributes})


def _rest(*stages) -> AccountSnapshot:
    return changed(compliant(), REST_STAGES, {REST: list(stages)})


def _deliveries(*items) -> AccountSnapshot:
    return changed(compliant(), DELIVERIES, list(items), None)


FAIL_CASES: dict[str, list[tuple[str, Callable[[], AccountSnapshot], str]]] = {
    CONTROL: [
        ("CloudFront: legacy logging off, no delivery", lambda: _deliveries(),
         f"CloudFront distribution {CF_V2} has no access log destination: standard logging "
         "off and no log delivery"),
        ("CloudFront: legacy logging enabled without a bucket", lambda: _config(
            CF_LEGACY, {"Enabled": True, "Logging": {"Enabled": True, "Bucket": ""}}),
         f"CloudFront distribution {CF_LEGACY} has no access log destination"),
        ("CloudFront: a delivery to Firehose only", lambda: _deliveries(
            delivery("cf-v2", "FH")),
         f"CloudFront distribution {CF_V2} delivers access logs only to Firehose, not to S3 "
         "or a CloudWatch log group"),
        ("CloudFront: the delivery source is another distribution's", lambda: changed(
            compliant(), SOURCES, [delivery_source("cf-v2", "EOTHERDIST")], None),
         f"CloudFront distribution {CF_V2} has no access log destination"),
        ("CloudFront: the source delivers connection logs, not access logs", lambda: changed(
            compliant(), SOURCES, [delivery_source("cf-v2", CF_V2, "CONNECTION_LOGS")], None),
         f"CloudFront distribution {CF_V2} has no access log destination"),
        ("a second ALB with logging off beside a compliant one",
         lambda: _second_alb(lb_logs("false")),
         "Application Load Balancer admin in us-east-1 has access logging off "
         "(access_logs.s3.enabled false)"),
        ("ALB without the attribute (AWS default: off)", lambda: _second_alb(lb_logs(None)),
         "Application Load Balancer admin in us-east-1 has access logging off "
         "(access_logs.s3.enabled false)"),
        ("NLB with logging off", lambda: changed(
            compliant(), LB_ATTRS, lambda a: {**a, NLB_ARN: lb_logs("false")}),
         "Network Load Balancer tls in us-east-1 has access logging off"),
        ("Classic Load Balancer with logging off", lambda: changed(
            compliant(), "elb:DescribeLoadBalancerAttributes", {CLASSIC: classic_logs(False)}),
         f"Classic Load Balancer {CLASSIC} in us-east-1 has access logging off "
         "(AccessLog.Enabled false)"),
        ("a REST API with two stages, one without access logs", lambda: _rest(
            rest_stage("prod"), rest_stage("dev", None)),
         f"REST API orders ({REST}) stage dev in us-east-1 has no access log destination"),
        ("a REST stage logging only to Firehose", lambda: _rest(
            rest_stage("prod"), rest_stage("dev", FIREHOSE)),
         f"REST API orders ({REST}) stage dev in us-east-1 delivers access logs only to "
         "Firehose"),
        ("an HTTP API stage without access logs", lambda: changed(
            compliant(), HTTP_STAGES, lambda s: {**s, HTTP: [http_stage("$default"),
                                                             http_stage("beta", None)]}),
         f"HTTP API catalog ({HTTP}) stage beta in us-east-1 has no access log destination"),
        ("a WebSocket API stage without access logs", lambda: changed(
            compliant(), HTTP_STAGES, lambda s: {**s, WS: [http_stage("live", None)]}),
         f"WebSocket API chat ({WS}) stage live in us-east-1 has no access log destination"),
        ("a front-end in the second region", lambda: changed(changed(
            compliant(), "apigateway:GetRestApis", [{"id": "eu0001", "name": "eu"}], OTHER),
            REST_STAGES, {"eu0001": [rest_stage("prod", None)]}, OTHER),
         "REST API eu (eu0001) stage prod in eu-west-1 has no access log destination"),
    ],
}

PASS_CASES: dict[str, list[tuple[str, Callable[[], AccountSnapshot]]]] = {
    CONTROL: [
        ("compliant", compliant),
        ("json roundtrip", lambda: as_json_roundtrip(compliant())),
        ("CloudFront: v2 delivery to S3 beside a Firehose one", lambda: _deliveries(
            delivery("cf-v2", "FH"), delivery("cf-v2", "S3"))),
        ("CloudFront: standard logging and a v2 delivery both on", lambda: _config(
            CF_V2, legacy_logging())),
        ("Gateway Load Balancer without access logs is no web front-end", lambda: changed(
            compliant(), LB_ATTRS, lambda a: {**a, GWLB_ARN: {}})),
        ("a load balancer deleted between the list and its read", lambda: _second_alb(None)),
    ],
}


@pytest.mark.parametrize(("case", "make", "reason"), FAIL_CASES[CONTROL],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_check_fails_with_reason(case, make, reason):
    findings = run_check(CONTROL, make())
    assert worst(f.status for f in findings) is Status.FAIL, findings
    reasons = " | ".join(f.reason for f in findings if f.status is Status.FAIL)
    assert reason in reasons
    assert all("\n" not in f.reason for f in findings)
    assert sum(f.status is Status.FAIL for f in findings) == 1  # the others still pass


@pytest.mark.parametrize(("case", "make"), PASS_CASES[CONTROL],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_check_passes(case, make):
    findings = run_check(CONTROL, make())
    assert {f.status for f in findings} <= {Status.PASS, Status.NOT_APPLICABLE}, findings
    assert Status.PASS in {f.status for f in findings}


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
    findings = run_check(CONTROL, changed(compliant(), REST_STAGES, {REST: []}))
    rest = [f for f in findings if f"/restapis/{REST}" in f.resource]
    assert [(f.status, f.resource, f.reason) for f in rest] == [(
        Status.NOT_APPLICABLE, f"arn:aws:apigateway:{HOME}::/restapis/{REST}",
        f"REST API orders ({REST}) in {HOME} has no stage: nothing is served")]


def test_no_front_end_anywhere_is_not_applicable_everywhere():
    snapshot = changed(compliant(), "cloudfront:ListDistributions", [], None)
    snapshot = changed(snapshot, CONFIGS, {}, None)
    for api in (LBS, "elb:DescribeLoadBalancers", "apigateway:GetRestApis",
                "apigatewayv2:GetApis"):
        snapshot = changed(snapshot, api, [])
    findings = run_check(CONTROL, snapshot)
    assert [(f.status, f.region, f.reason) for f in findings] == [
        (Status.NOT_APPLICABLE, "global", "no CloudFront distribution in the account"),
        (Status.NOT_APPLICABLE, HOME, f"no load balancer or API Gateway API in {HOME}"),
        (Status.NOT_APPLICABLE, OTHER, f"no load balancer or API Gateway API in {OTHER}")]


def test_only_gateway_load_balancers_is_not_applicable_and_says_so():
    snapshot = changed(compliant(), LBS, [balancer(GWLB_ARN, "gateway")])
    for api in ("elb:DescribeLoadBalancers", "apigateway:GetRestApis", "apigatewayv2:GetApis"):
        snapshot = changed(snapshot, api, [])
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
                                                         if k != ALB_ARN})
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
