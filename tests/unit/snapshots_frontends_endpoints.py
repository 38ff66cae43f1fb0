"""Hand-built snapshots for CIS v7.0.0 4.10 (web front-end access logging) and 6.8 (VPC
endpoints): an account on which both controls pass, then one change at a time.

Front-ends: two CloudFront distributions (standard logging to S3; standard logging v2 to
CloudWatch Logs), and in us-east-1 an Application, a Network, a Gateway and a Classic Load
Balancer, a REST API with two stages, an HTTP and a WebSocket API; eu-west-1 has none.
VPCs: in us-east-1 a workload VPC (three subnets in two AZs, an S3 gateway endpoint on both
route tables, an SQS interface endpoint in two AZs) and an unused default VPC; in eu-west-1
a VPC whose only route table is the main one, with an S3 gateway endpoint on it.
"""

from __future__ import annotations

from typing import Any

from governance.model import AccountSnapshot
from tests.unit.snapshots import ACCOUNT_ID

HOME, OTHER = "us-east-1", "eu-west-1"
LOG_GROUP = f"arn:aws:logs:{HOME}:{ACCOUNT_ID}:log-group:api-access"
CF_LEGACY, CF_V2 = "E1LEGACYLOGS", "E2VENDEDLOGS"
CF_ARN = f"arn:aws:cloudfront::{ACCOUNT_ID}:distribution/"
ALB_ARN = f"arn:aws:elasticloadbalancing:{HOME}:{ACCOUNT_ID}:loadbalancer/app/web/0a1b"
NLB_ARN = f"arn:aws:elasticloadbalancing:{HOME}:{ACCOUNT_ID}:loadbalancer/net/tls/0c2d"
GWLB_ARN = f"arn:aws:elasticloadbalancing:{HOME}:{ACCOUNT_ID}:loadbalancer/gwy/fw/0e3f"
CLASSIC = "legacy-web"
REST, HTTP, WS = "r3st0001", "h77p0001", "w5ck0001"
VPC, DEFAULT_VPC, EU_VPC = "vpc-0work", "vpc-0default", "vpc-0eu"
S3_GATEWAY, SQS_INTERFACE, EU_GATEWAY = "vpce-0s3", "vpce-0sqs", "vpce-0eus3"
MAIN_RT, PRIVATE_RT, EU_MAIN_RT = "rtb-0main", "rtb-0private", "rtb-0eumain"
S3_LIST = "pl-63a5400a"


def distribution(distribution_id: str) -> dict[str, Any]:
    return {"Id": distribution_id, "ARN": f"{CF_ARN}{distribution_id}",
            "DomainName": f"{distribution_id.lower()}.cloudfront.net", "Enabled": True,
            "Status": "Deployed"}


def legacy_logging(enabled: bool = True, bucket: str = "cf-logs.s3.amazonaws.com"
                   ) -> dict[str, Any]:
    return {"Enabled": True, "Logging": {"Enabled": enabled, "IncludeCookies": False,
                                         "Bucket": bucket if enabled else "",
                                         "Prefix": "cf/" if enabled else ""}}


def delivery_source(name: str, distribution_id: str, log_type: str = "ACCESS_LOGS"
                    ) -> dict[str, Any]:
    return {"name": name, "arn": f"arn:aws:logs:{HOME}:{ACCOUNT_ID}:delivery-source:{name}",
            "resourceArns": [f"{CF_ARN}{distribution_id}"], "service": "cloudfront",
            "logType": log_type}


def delivery(source: str, kind: str = "CWL") -> dict[str, Any]:
    return {"id": f"d-{source}", "deliverySourceName": source, "deliveryDestinationType": kind,
            "deliveryDestinationArn":
                f"arn:aws:logs:{HOME}:{ACCOUNT_ID}:delivery-destination:{source}-{kind}"}


def balancer(arn: str, kind: str) -> dict[str, Any]:
    return {"LoadBalancerArn": arn, "LoadBalancerName": arn.split("/")[-2], "Type": kind,
            "Scheme": "internet-facing", "State": {"Code": "active"}, "VpcId": VPC}


def lb_logs(enabled: str | None = "true", bucket: str = "lb-logs") -> dict[str, str]:
    attributes = {"access_logs.s3.bucket": bucket if enabled == "true" else "",
                  "access_logs.s3.prefix": "", "deletion_protection.enabled": "true"}
    if enabled is not None:  # moto leaves the key out of a new load balancer
        attributes["access_logs.s3.enabled"] = enabled
    return attributes


def classic_logs(enabled: bool = True) -> dict[str, Any]:
    log: dict[str, Any] = {"Enabled": enabled}
    if enabled:
        log.update(S3BucketName="lb-logs", EmitInterval=60, S3BucketPrefix="classic")
    return {"AccessLog": log}


def rest_stage(name: str, destination: str | None = LOG_GROUP) -> dict[str, Any]:
    stage: dict[str, Any] = {"stageName": name, "deploymentId": "dep1"}
    if destination is not None:
        stage["accessLogSettings"] = {"destinationArn": destination,
                                      "format": "$context.requestId"}
    return stage


def http_stage(name: str, destination: str | None = LOG_GROUP) -> dict[str, Any]:
    stage: dict[str, Any] = {"StageName": name}
    if destination is not None:
        stage["AccessLogSettings"] = {"DestinationArn": destination,
                                      "Format": "$context.requestId"}
    return stage


def vpc(vpc_id: str, *, default: bool = False, owner: str = ACCOUNT_ID) -> dict[str, Any]:
    return {"VpcId": vpc_id, "IsDefault": default, "OwnerId": owner, "State": "available",
            "CidrBlock": "10.0.0.0/16"}


def subnet(subnet_id: str, vpc_id: str, zone: str) -> dict[str, Any]:
    return {"SubnetId": subnet_id, "VpcId": vpc_id, "AvailabilityZone": zone}


def route_table(table_id: str, vpc_id: str, *subnets: str, main: bool = False,
                endpoints: tuple[str, ...] = (), state: str = "active") -> dict[str, Any]:
    associations = [{"RouteTableId": table_id, "SubnetId": s,
                     "AssociationState": {"State": "associated"}} for s in subnets]
    if main:
        associations.append({"RouteTableId": table_id, "Main": True,
                             "AssociationState": {"State": "associated"}})
    routes = [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"},
              {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-0out",
               "State": "active"}]
    routes += [{"DestinationPrefixListId": S3_LIST, "GatewayId": e, "State": state}
               for e in endpoints]
    return {"RouteTableId": table_id, "VpcId": vpc_id, "Associations": associations,
            "Routes": routes}


def endpoint(endpoint_id: str, vpc_id: str, service: str, kind: str = "Gateway", *,
             region: str = HOME, tables: tuple[str, ...] = (), subnets: tuple[str, ...] = (),
             state: str = "available", service_name: str | None = None) -> dict[str, Any]:
    return {"VpcEndpointId": endpoint_id, "VpcEndpointType": kind, "VpcId": vpc_id,
            "ServiceName": service_name or f"com.amazonaws.{region}.{service}",
            "State": state, "RouteTableIds": list(tables), "SubnetIds": list(subnets)}


def interface(interface_id: str, vpc_id: str, kind: str = "interface") -> dict[str, Any]:
    return {"NetworkInterfaceId": interface_id, "VpcId": vpc_id, "SubnetId": "subnet-0a",
            "InterfaceType": kind, "RequesterManaged": False, "Status": "in-use"}


def compliant() -> AccountSnapshot:
    snapshot = AccountSnapshot(account_id=ACCOUNT_ID,
                               caller_arn=f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/audit/me",
                               collected_at="2026-12-07T00:00:00+00:00", regions=[HOME, OTHER])
    snapshot.record("cloudfront:ListDistributions",
                    [distribution(CF_LEGACY), distribution(CF_V2)])
    snapshot.record("cloudfront:GetDistributionConfig",
                    {CF_LEGACY: legacy_logging(), CF_V2: legacy_logging(False)})
    snapshot.record("logs:DescribeDeliverySources", [delivery_source("cf-v2", CF_V2)])
    snapshot.record("logs:DescribeDeliveries", [delivery("cf-v2", "CWL")])
    home: dict[str, Any] = {
        "elbv2:DescribeLoadBalancers": [balancer(ALB_ARN, "application"),
                                        balancer(NLB_ARN, "network"),
                                        balancer(GWLB_ARN, "gateway")],
        "elbv2:DescribeLoadBalancerAttributes": {ALB_ARN: lb_logs(), NLB_ARN: lb_logs(),
                                                 GWLB_ARN: lb_logs(None)},
        "elb:DescribeLoadBalancers": [{"LoadBalancerName": CLASSIC,
                                       "Scheme": "internet-facing"}],
        "elb:DescribeLoadBalancerAttributes": {CLASSIC: classic_logs()},
        "apigateway:GetRestApis": [{"id": REST, "name": "orders",
                                    "endpointConfiguration": {"types": ["REGIONAL"]}}],
        "apigateway:GetStages": {REST: [rest_stage("prod"), rest_stage("dev")]},
        "apigatewayv2:GetApis": [{"ApiId": HTTP, "Name": "catalog", "ProtocolType": "HTTP"},
                                 {"ApiId": WS, "Name": "chat", "ProtocolType": "WEBSOCKET"}],
        "apigatewayv2:GetStages": {HTTP: [http_stage("$default")], WS: [http_stage("live")]},
        "ec2:DescribeVpcs": [vpc(VPC), vpc(DEFAULT_VPC, default=True)],
        "ec2:DescribeSubnets": [subnet("subnet-0a", VPC, "us-east-1a"),
                                subnet("subnet-0b", VPC, "us-east-1b"),
                                subnet("subnet-0c", VPC, "us-east-1b"),
                                subnet("subnet-0d1", DEFAULT_VPC, "us-east-1a")],
        "ec2:DescribeRouteTables": [
            route_table(MAIN_RT, VPC, main=True, endpoints=(S3_GATEWAY,)),
            route_table(PRIVATE_RT, VPC, "subnet-0b", "subnet-0c", endpoints=(S3_GATEWAY,)),
            route_table("rtb-0dmain", DEFAULT_VPC, main=True)],
        "ec2:DescribeVpcEndpoints": [
            endpoint(S3_GATEWAY, VPC, "s3", tables=(MAIN_RT, PRIVATE_RT)),
            endpoint(SQS_INTERFACE, VPC, "sqs", "Interface",
                     subnets=("subnet-0a", "subnet-0b"))],
        "ec2:DescribeNetworkInterfaces": [interface("eni-0app", VPC),
                                          interface("eni-0sqs", VPC, "vpc_endpoint")],
    }
    other: dict[str, Any] = {
        "elbv2:DescribeLoadBalancers": [], "elbv2:DescribeLoadBalancerAttributes": {},
        "elb:DescribeLoadBalancers": [], "elb:DescribeLoadBalancerAttributes": {},
        "apigateway:GetRestApis": [], "apigateway:GetStages": {},
        "apigatewayv2:GetApis": [], "apigatewayv2:GetStages": {},
        "ec2:DescribeVpcs": [vpc(EU_VPC)],
        "ec2:DescribeSubnets": [subnet("subnet-0eu1", EU_VPC, "eu-west-1a"),
                                subnet("subnet-0eu2", EU_VPC, "eu-west-1b")],
        "ec2:DescribeRouteTables": [route_table(EU_MAIN_RT, EU_VPC, main=True,
                                                endpoints=(EU_GATEWAY,))],
        "ec2:DescribeVpcEndpoints": [endpoint(EU_GATEWAY, EU_VPC, "s3", region=OTHER,
                                              tables=(EU_MAIN_RT,))],
        "ec2:DescribeNetworkInterfaces": [interface("eni-0eu", EU_VPC)],
    }
    for region, reads in ((HOME, home), (OTHER, other)):
        for api, data in reads.items():
            snapshot.record(api, data, region=region)
    return snapshot
