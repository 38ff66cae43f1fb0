"""The unit cases of the frontend checks: ``FAIL_CASES`` and ``PASS_CASES``,
keyed by control id, with the snapshot builders they use. tests/unit/test_frontend_checks.py binds
their verdict tests (tests/support/verdicts.py); the item cases of tests/unit/items_*.py,
tests/unit/test_error_per_read.py and tests/support/control_reads.py read them too.
"""

from __future__ import annotations

from collections.abc import Callable

from governance.model import AccountSnapshot
from tests.support.snapshots import changed
from tests.unit.snapshots import as_json_roundtrip
from tests.unit.snapshots_frontends_endpoints import (
    ALB_ARN,
    CF_LEGACY,
    CF_V2,
    CLASSIC,
    GWLB_ARN,
    HOME,
    HTTP,
    NLB_ARN,
    OTHER,
    REST,
    WS,
    balancer,
    classic_logs,
    compliant,
    delivery,
    delivery_source,
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
    snapshot = changed(compliant(), LBS, lambda lbs: [*lbs, balancer(ALB2_ARN, "application")], HOME)
    return changed(snapshot, LB_ATTRS, lambda a: {**a, ALB2_ARN: attributes}, HOME)


def _rest(*stages) -> AccountSnapshot:
    return changed(compliant(), REST_STAGES, {REST: list(stages)}, HOME)


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
            compliant(), LB_ATTRS, lambda a: {**a, NLB_ARN: lb_logs("false")}, HOME),
         "Network Load Balancer tls in us-east-1 has access logging off"),
        ("Classic Load Balancer with logging off", lambda: changed(
            compliant(), "elb:DescribeLoadBalancerAttributes", {CLASSIC: classic_logs(False)}, HOME),
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
                                                             http_stage("beta", None)]}, HOME),
         f"HTTP API catalog ({HTTP}) stage beta in us-east-1 has no access log destination"),
        ("a WebSocket API stage without access logs", lambda: changed(
            compliant(), HTTP_STAGES, lambda s: {**s, WS: [http_stage("live", None)]}, HOME),
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
            compliant(), LB_ATTRS, lambda a: {**a, GWLB_ARN: {}}, HOME)),
        ("a load balancer deleted between the list and its read", lambda: _second_alb(None)),
    ],
}
