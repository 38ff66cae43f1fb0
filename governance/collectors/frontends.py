"""AWS-managed web front-ends (CIS v7.0.0 4.10): CloudFront distributions (global), and per
region the Elastic Load Balancing load balancers (ELBv2: application, network, gateway;
Classic) and API Gateway APIs (REST; HTTP and WebSocket) with their stages.

Per-resource reads are kept as one snapshot entry per API, ``{resource: data}``:
``cloudfront:GetDistributionConfig`` ``{distribution id: {"Enabled", "Logging"}}``,
``elbv2:DescribeLoadBalancerAttributes`` ``{load balancer ARN: {key: value}}``,
``elb:DescribeLoadBalancerAttributes`` ``{name: {"AccessLog": ...}}``,
``apigateway:GetStages`` / ``apigatewayv2:GetStages`` ``{api id: [stage, ...]}``. A resource
deleted between the list and its read is recorded as ``None`` (the check skips it).

CloudFront's standard logging v2 is configured through CloudWatch Logs vended-log delivery
(a delivery source naming the distribution, then a delivery to S3, CloudWatch Logs or
Firehose), which GetDistributionConfig does not show: the delivery sources and deliveries
are read too, in us-east-1 where CloudFront's delivery sources live, when the account has a
distribution.
"""

from __future__ import annotations

from typing import Any

from governance.collectors import global_reader, regional_reader
from governance.collectors.storage import each_bucket

CLOUDFRONT_DELIVERY_REGION = "us-east-1"  # CloudFront's vended logs are configured there
NOT_FOUND = {"NoSuchDistribution", "LoadBalancerNotFound", "NotFoundException",
             "AccessPointNotFound"}


def _not_read(snapshot: Any, apis: tuple[str, ...], failed: str,
              region: str | None = None) -> None:
    for api in apis:
        snapshot.record(api, error=f"not read: {failed} failed", region=region)


def _distributions(collector: Any) -> list[dict[str, Any]]:
    """ListDistributions' summaries (the list sits under DistributionList.Items)."""
    paginator = collector.client("cloudfront").get_paginator("list_distributions")
    items: list[dict[str, Any]] = []
    for page in paginator.paginate():
        items.extend((page.get("DistributionList") or {}).get("Items") or [])
    return [{key: item.get(key) for key in ("Id", "ARN", "DomainName", "Enabled", "Status")}
            for item in items]


def _distribution_config(collector: Any, distribution_id: str) -> dict[str, Any]:
    config = collector.client("cloudfront").get_distribution_config(Id=distribution_id)
    body = config.get("DistributionConfig") or {}
    return {"Enabled": body.get("Enabled"), "Logging": body.get("Logging")}


@global_reader
def read_cloudfront(collector: Any, snapshot: Any) -> None:
    distributions = collector.read(snapshot, "cloudfront:ListDistributions",
                                   lambda: _distributions(collector))
    later = ("cloudfront:GetDistributionConfig", "logs:DescribeDeliverySources",
             "logs:DescribeDeliveries")
    if distributions is None:
        _not_read(snapshot, later, "cloudfront:ListDistributions")
        return
    ids = [item["Id"] for item in distributions]
    collector.read(snapshot, "cloudfront:GetDistributionConfig", lambda: each_bucket(
        ids, lambda distribution_id: _distribution_config(collector, distribution_id),
        NOT_FOUND))
    if not ids:
        return  # no distribution: no delivery to look for
    region = CLOUDFRONT_DELIVERY_REGION
    collector.read(snapshot, "logs:DescribeDeliverySources", lambda: collector.paginate(
        "logs", "describe_delivery_sources", "deliverySources", region))
    collector.read(snapshot, "logs:DescribeDeliveries", lambda: collector.paginate(
        "logs", "describe_deliveries", "deliveries", region))


def _elbv2_attributes(collector: Any, region: str, arn: str) -> dict[str, str]:
    answer = collector.client("elbv2", region).describe_load_balancer_attributes(
        LoadBalancerArn=arn)
    return {item["Key"]: item.get("Value", "") for item in answer.get("Attributes", [])}


def _classic_attributes(collector: Any, region: str, name: str) -> dict[str, Any]:
    answer = collector.client("elb", region).describe_load_balancer_attributes(
        LoadBalancerName=name)
    return {"AccessLog": (answer.get("LoadBalancerAttributes") or {}).get("AccessLog")}


@regional_reader
def read_web_frontends(collector: Any, snapshot: Any, region: str) -> None:
    balancers = collector.read(snapshot, "elbv2:DescribeLoadBalancers", lambda: [
        {key: item.get(key) for key in ("LoadBalancerArn", "LoadBalancerName", "Type",
                                        "Scheme", "State", "VpcId", "DNSName")}
        for item in collector.paginate("elbv2", "describe_load_balancers", "LoadBalancers",
                                       region)], region=region)
    if balancers is None:
        _not_read(snapshot, ("elbv2:DescribeLoadBalancerAttributes",),
                  "elbv2:DescribeLoadBalancers", region)
    else:
        arns = [item["LoadBalancerArn"] for item in balancers]
        collector.read(snapshot, "elbv2:DescribeLoadBalancerAttributes", lambda: each_bucket(
            arns, lambda arn: _elbv2_attributes(collector, region, arn), NOT_FOUND),
            region=region)

    classic = collector.read(snapshot, "elb:DescribeLoadBalancers", lambda: [
        {key: item.get(key) for key in ("LoadBalancerName", "Scheme", "VPCId", "DNSName")}
        for item in collector.paginate("elb", "describe_load_balancers",
                                       "LoadBalancerDescriptions", region)], region=region)
    if classic is None:
        _not_read(snapshot, ("elb:DescribeLoadBalancerAttributes",),
                  "elb:DescribeLoadBalancers", region)
    else:
        names = [item["LoadBalancerName"] for item in classic]
        collector.read(snapshot, "elb:DescribeLoadBalancerAttributes", lambda: each_bucket(
            names, lambda name: _classic_attributes(collector, region, name), NOT_FOUND),
            region=region)

    rest = collector.read(snapshot, "apigateway:GetRestApis", lambda: [
        {key: item.get(key) for key in ("id", "name", "endpointConfiguration",
                                        "disableExecuteApiEndpoint")}
        for item in collector.paginate("apigateway", "get_rest_apis", "items", region)],
        region=region)
    if rest is None:
        _not_read(snapshot, ("apigateway:GetStages",), "apigateway:GetRestApis", region)
    else:
        gateway = collector.client("apigateway", region)
        collector.read(snapshot, "apigateway:GetStages", lambda: each_bucket(
            [item["id"] for item in rest],
            lambda api_id: [_rest_stage(stage) for stage in
                            gateway.get_stages(restApiId=api_id).get("item") or []],
            NOT_FOUND), region=region)

    apis = collector.read(snapshot, "apigatewayv2:GetApis", lambda: [
        {key: item.get(key) for key in ("ApiId", "Name", "ProtocolType", "ApiEndpoint",
                                        "DisableExecuteApiEndpoint")}
        for item in collector.paginate("apigatewayv2", "get_apis", "Items", region)],
        region=region)
    if apis is None:
        _not_read(snapshot, ("apigatewayv2:GetStages",), "apigatewayv2:GetApis", region)
    else:
        collector.read(snapshot, "apigatewayv2:GetStages", lambda: each_bucket(
            [item["ApiId"] for item in apis],
            lambda api_id: [_http_stage(stage) for stage in collector.paginate(
                "apigatewayv2", "get_stages", "Items", region, ApiId=api_id)],
            NOT_FOUND), region=region)


def _rest_stage(stage: dict[str, Any]) -> dict[str, Any]:
    return {key: stage.get(key) for key in ("stageName", "deploymentId", "accessLogSettings")}


def _http_stage(stage: dict[str, Any]) -> dict[str, Any]:
    return {key: stage.get(key) for key in ("StageName", "AccessLogSettings")}
