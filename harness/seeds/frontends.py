"""Seeding for CIS v7.0.0 4.10 (access logging on web front-ends) and 6.8 (VPC endpoints):
CloudFront distributions (standard logging to S3, or a v2 delivery to a log group), ELBv2 and
Classic load balancers, API Gateway REST and HTTP API stages, VPC endpoints and instances.

moto leaves access_logs.s3.enabled out of a new ELBv2 load balancer's attributes; AWS's
default (off) applies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from harness.moto_sandbox import SandboxAccount


def origin_config(reference: str, logging: dict[str, Any] | None = None) -> dict[str, Any]:
    """A distribution config with one custom origin (and ``logging`` if given)."""
    config = {
        "CallerReference": reference, "Comment": "", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{
            "Id": "origin", "DomainName": "origin.example.com",
            "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443,
                                   "OriginProtocolPolicy": "https-only"}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "origin",
                                 "ViewerProtocolPolicy": "redirect-to-https", "MinTTL": 0,
                                 "ForwardedValues": {"QueryString": False,
                                                     "Cookies": {"Forward": "none"}}}}
    if logging:
        config["Logging"] = logging
    return config


def distribution(account: SandboxAccount, reference: str, *,
                 legacy_bucket: str | None = None) -> dict[str, Any]:
    """A CloudFront distribution, logging to ``legacy_bucket`` with standard logging if given."""
    logging = None
    if legacy_bucket:
        logging = {"Enabled": True, "IncludeCookies": False,
                   "Bucket": f"{legacy_bucket}.s3.amazonaws.com", "Prefix": "cf/"}
    return account.client("cloudfront").create_distribution(
        DistributionConfig=origin_config(reference, logging))["Distribution"]


def v2_delivery(account: SandboxAccount, distribution_arn: str, name: str = "cf-access") -> None:
    """CloudFront standard logging v2: a delivery source (us-east-1) to a log group."""
    logs = account.client("logs", "us-east-1")
    logs.create_log_group(logGroupName=f"/cloudfront/{name}")
    logs.put_delivery_source(name=name, resourceArn=distribution_arn, logType="ACCESS_LOGS")
    destination = logs.put_delivery_destination(
        name=f"{name}-group", deliveryDestinationConfiguration={
            "destinationResourceArn": f"arn:aws:logs:us-east-1:{account.account_id}:"
                                      f"log-group:/cloudfront/{name}"})["deliveryDestination"]
    logs.create_delivery(deliverySourceName=name, deliveryDestinationArn=destination["arn"])


def subnets(account: SandboxAccount) -> list[str]:
    """The subnets of the default VPC."""
    ec2 = account.client("ec2")
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]
    return [s["SubnetId"] for s in ec2.describe_subnets(
        Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]]


def balancers(account: SandboxAccount, *, logs: bool) -> None:
    """An ALB, an NLB and a Classic Load Balancer, with access logs on or off."""
    elbv2 = account.client("elbv2")
    two_subnets = subnets(account)[:2]
    bucket = f"lb-logs-{account.account_id}"
    for name, kind in (("web", "application"), ("tls", "network")):
        arn = elbv2.create_load_balancer(Name=name, Subnets=two_subnets, Type=kind)[
            "LoadBalancers"][0]["LoadBalancerArn"]
        if logs:
            elbv2.modify_load_balancer_attributes(LoadBalancerArn=arn, Attributes=[
                {"Key": "access_logs.s3.enabled", "Value": "true"},
                {"Key": "access_logs.s3.bucket", "Value": bucket}])
    elb = account.client("elb")
    elb.create_load_balancer(LoadBalancerName="legacy-web", AvailabilityZones=["us-east-1a"],
                             Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80,
                                         "InstancePort": 80}])
    if logs:
        elb.modify_load_balancer_attributes(LoadBalancerName="legacy-web", LoadBalancerAttributes={
            "AccessLog": {"Enabled": True, "S3BucketName": bucket, "EmitInterval": 60}})


def apis(account: SandboxAccount, *, logs: bool) -> None:
    """A REST API stage and an HTTP API stage, with access log destinations or none."""
    group = f"arn:aws:logs:{account.region}:{account.account_id}:log-group:api-access"
    gateway = account.client("apigateway")
    api = gateway.create_rest_api(name="orders", endpointConfiguration={"types": ["REGIONAL"]})
    root = gateway.get_resources(restApiId=api["id"])["items"][0]["id"]
    gateway.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET",
                       authorizationType="NONE")
    gateway.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK")
    deployment = gateway.create_deployment(restApiId=api["id"])["id"]
    gateway.create_stage(restApiId=api["id"], stageName="prod", deploymentId=deployment)
    if logs:
        gateway.update_stage(restApiId=api["id"], stageName="prod", patchOperations=[
            {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": group},
            {"op": "replace", "path": "/accessLogSettings/format", "value": "$context.requestId"}])
    v2 = account.client("apigatewayv2")
    http = v2.create_api(Name="catalog", ProtocolType="HTTP")["ApiId"]
    settings = {"AccessLogSettings": {"DestinationArn": group,
                                      "Format": "$context.requestId"}} if logs else {}
    v2.create_stage(ApiId=http, StageName="$default", **settings)


def seed_frontends(account: SandboxAccount) -> None:
    """A distribution with standard logging to S3, one logging through a v2 delivery to a
    log group, an ALB, an NLB and a Classic Load Balancer with access logs, a REST and an
    HTTP API stage with access log destinations."""
    distribution(account, "legacy", legacy_bucket=f"cf-logs-{account.account_id}")
    v2_delivery(account, distribution(account, "vended")["ARN"])
    balancers(account, logs=True)
    apis(account, logs=True)


def break_frontends(account: SandboxAccount) -> None:
    """Every front-end without access logs (the CLI verdict is FAIL only when each is)."""
    distribution(account, "unlogged")
    balancers(account, logs=False)
    apis(account, logs=False)


def default_vpc_and_route_table(ec2: Any) -> tuple[str, str]:
    """The default VPC and its first route table."""
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0][
        "VpcId"]
    table = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])[
        "RouteTables"][0]["RouteTableId"]
    return vpc, table


def instance(account: SandboxAccount) -> None:
    """An instance in the default VPC's first subnet."""
    account.client("ec2").run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1,
                                        SubnetId=subnets(account)[0])


def seed_endpoints(account: SandboxAccount) -> None:
    """An instance in the default VPC, an S3 gateway endpoint on the VPC's (main) route
    table and an SQS interface endpoint in two of its subnets."""
    ec2 = account.client("ec2")
    vpc, table = default_vpc_and_route_table(ec2)
    instance(account)
    region = account.region
    ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=f"com.amazonaws.{region}.s3",
                            VpcEndpointType="Gateway", RouteTableIds=[table])
    ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=f"com.amazonaws.{region}.sqs",
                            VpcEndpointType="Interface", SubnetIds=subnets(account)[:2])


def break_endpoints(account: SandboxAccount) -> None:
    """An instance in the default VPC whose only endpoint is an S3 gateway endpoint on no
    route table: S3 traffic leaves through the internet gateway."""
    ec2 = account.client("ec2")
    vpc, _ = default_vpc_and_route_table(ec2)
    instance(account)
    ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=f"com.amazonaws.{account.region}.s3",
                            VpcEndpointType="Gateway")
