"""CIS v7.0.0 4.10 (access logging on web front-ends) and 6.8 (VPC endpoints) through the CLI
on seeded moto accounts: PASS on compliant resources, FAIL with the reason, ERROR when the
read is denied; then the cases the three verdict tests do not show (a CloudFront
distribution logging only through a v2 delivery, an unused default VPC, a second region).

moto implements every read these controls make (CloudFront ListDistributions and
GetDistributionConfig with Logging; CloudWatch Logs delivery sources and deliveries;
ELBv2 and Classic load balancers and their attributes; API Gateway REST and v2 stages with
access log settings; VPC endpoints with the prefix-list routes CreateVpcEndpoint adds,
route tables, subnets, network interfaces). moto leaves access_logs.s3.enabled out of a
new ELBv2 load balancer's attributes; AWS's default (off) applies.
"""

from __future__ import annotations

from tests.seeded.cases import SeededCase, cli_verdict_tests

FRONTENDS, ENDPOINTS = "web-frontends-access-logging", "vpc-endpoints-for-aws-services"


def _origin_config(reference: str, logging: dict | None = None) -> dict:
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


def _distribution(account, reference: str, *, legacy_bucket: str | None = None) -> dict:
    logging = None
    if legacy_bucket:
        logging = {"Enabled": True, "IncludeCookies": False,
                   "Bucket": f"{legacy_bucket}.s3.amazonaws.com", "Prefix": "cf/"}
    return account.client("cloudfront").create_distribution(
        DistributionConfig=_origin_config(reference, logging))["Distribution"]


def _v2_delivery(account, distribution_arn: str, name: str = "cf-access") -> None:
    """CloudFront standard logging v2: a delivery source (us-east-1) to a log group."""
    logs = account.client("logs", "us-east-1")
    logs.create_log_group(logGroupName=f"/cloudfront/{name}")
    logs.put_delivery_source(name=name, resourceArn=distribution_arn, logType="ACCESS_LOGS")
    destination = logs.put_delivery_destination(
        name=f"{name}-group", deliveryDestinationConfiguration={
            "destinationResourceArn": f"arn:aws:logs:us-east-1:{account.account_id}:"
                                      f"log-group:/cloudfront/{name}"})["deliveryDestination"]
    logs.create_delivery(deliverySourceName=name, deliveryDestinationArn=destination["arn"])


def _subnets(account) -> list[str]:
    ec2 = account.client("ec2")
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]
    return [s["SubnetId"] for s in ec2.describe_subnets(
        Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]]


def _balancers(account, *, logs: bool) -> None:
    elbv2 = account.client("elbv2")
    subnets = _subnets(account)[:2]
    bucket = f"lb-logs-{account.account_id}"
    for name, kind in (("web", "application"), ("tls", "network")):
        arn = elbv2.create_load_balancer(Name=name, Subnets=subnets, Type=kind)[
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


def _apis(account, *, logs: bool) -> None:
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


def seed_frontends(account) -> None:
    """A distribution with standard logging to S3, one logging through a v2 delivery to a
    log group, an ALB, an NLB and a Classic Load Balancer with access logs, a REST and an
    HTTP API stage with access log destinations."""
    _distribution(account, "legacy", legacy_bucket=f"cf-logs-{account.account_id}")
    _v2_delivery(account, _distribution(account, "vended")["ARN"])
    _balancers(account, logs=True)
    _apis(account, logs=True)


def break_frontends(account) -> None:
    """Every front-end without access logs (the CLI verdict is FAIL only when each is)."""
    _distribution(account, "unlogged")
    _balancers(account, logs=False)
    _apis(account, logs=False)


def _default_vpc(ec2) -> tuple[str, str]:
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0][
        "VpcId"]
    table = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])[
        "RouteTables"][0]["RouteTableId"]
    return vpc, table


def _instance(account) -> None:
    account.client("ec2").run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1,
                                        SubnetId=_subnets(account)[0])


def seed_endpoints(account) -> None:
    """An instance in the default VPC, an S3 gateway endpoint on the VPC's (main) route
    table and an SQS interface endpoint in two of its subnets."""
    ec2 = account.client("ec2")
    vpc, table = _default_vpc(ec2)
    _instance(account)
    region = account.region
    ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=f"com.amazonaws.{region}.s3",
                            VpcEndpointType="Gateway", RouteTableIds=[table])
    ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=f"com.amazonaws.{region}.sqs",
                            VpcEndpointType="Interface", SubnetIds=_subnets(account)[:2])


def break_endpoints(account) -> None:
    """An instance in the default VPC whose only endpoint is an S3 gateway endpoint on no
    route table: S3 traffic leaves through the internet gateway."""
    ec2 = account.client("ec2")
    vpc, _ = _default_vpc(ec2)
    _instance(account)
    ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=f"com.amazonaws.{account.region}.s3",
                            VpcEndpointType="Gateway")


SEEDED: dict[str, SeededCase] = {
    FRONTENDS: SeededCase(seed_pass=seed_frontends, seed_fail=break_frontends,
                          fail_reason="Application Load Balancer web in us-east-1 has access "
                                      "logging off (access_logs.s3.enabled false)",
                          denied_action="logs:DescribeDeliveries"),
    ENDPOINTS: SeededCase(seed_pass=seed_endpoints, seed_fail=break_endpoints,
                          fail_reason="routes no subnet of the VPC",
                          denied_action="ec2:DescribeVpcEndpoints"),
}

(test_cli_passes_on_a_compliant_account, test_cli_fails_with_the_reason,
 test_cli_errors_when_the_read_is_denied) = cli_verdict_tests(SEEDED, "seeded-frontends")


def test_every_front_end_fails_with_its_own_reason(sandbox_account, audit_cli):
    break_frontends(sandbox_account)
    result = audit_cli(sandbox_account, "--controls", FRONTENDS)
    reasons = result.reasons(FRONTENDS)
    assert result.statuses(FRONTENDS) == {"FAIL"}
    for expected in ("has no access log destination: standard logging off and no log delivery",
                     "Network Load Balancer tls in us-east-1 has access logging off",
                     "Classic Load Balancer legacy-web in us-east-1 has access logging off",
                     "REST API orders", "stage prod in us-east-1 has no access log destination",
                     "HTTP API catalog", "stage $default in us-east-1 has no access log "
                     "destination"):
        assert expected in reasons


def test_a_v2_delivery_to_firehose_only_fails_and_to_a_log_group_passes(sandbox_account,
                                                                        audit_cli):
    distribution = _distribution(sandbox_account, "vended")
    logs = sandbox_account.client("logs", "us-east-1")
    logs.put_delivery_source(name="cf-fh", resourceArn=distribution["ARN"],
                             logType="ACCESS_LOGS")
    stream = logs.put_delivery_destination(name="cf-fh-stream", deliveryDestinationConfiguration={
        "destinationResourceArn": f"arn:aws:firehose:us-east-1:{sandbox_account.account_id}:"
                                  "deliverystream/cf-logs"})["deliveryDestination"]
    logs.create_delivery(deliverySourceName="cf-fh", deliveryDestinationArn=stream["arn"])
    result = audit_cli(sandbox_account, "--controls", FRONTENDS)
    cloudfront = [f for f in result.findings if f["region"] == "global"]
    assert [(f["status"], f["resource"]) for f in cloudfront] == [("FAIL", distribution["ARN"])]
    assert "delivers access logs only to Firehose" in cloudfront[0]["reason"]
    _v2_delivery(sandbox_account, distribution["ARN"])
    result = audit_cli(sandbox_account, "--controls", FRONTENDS)
    assert [f["status"] for f in result.findings if f["region"] == "global"] == ["PASS"]


def test_denied_cloudfront_config_or_stages_is_error(sandbox_account, audit_cli):
    from harness.moto_extensions import deny

    seed_frontends(sandbox_account)
    for action in ("cloudfront:GetDistributionConfig", "elbv2:DescribeLoadBalancerAttributes",
                   "apigateway:GetStages", "apigatewayv2:GetStages"):
        with deny(sandbox_account.account_id, action):
            result = audit_cli(sandbox_account, "--controls", FRONTENDS)
        assert result.statuses(FRONTENDS) == {"ERROR"}, (action, result.reasons(FRONTENDS))
        assert "AccessDenied" in result.reasons(FRONTENDS), action


def test_an_empty_account_has_no_front_end(sandbox_account, audit_cli):
    result = audit_cli(sandbox_account, "--controls", FRONTENDS)
    assert sorted((f["status"], f["reason"]) for f in result.findings) == [
        ("NOT_APPLICABLE", "no CloudFront distribution in the account"),
        ("NOT_APPLICABLE", "no load balancer or API Gateway API in us-east-1")]


def test_an_unused_default_vpc_is_not_applicable_until_something_runs_in_it(sandbox_account,
                                                                             audit_cli):
    result = audit_cli(sandbox_account, "--controls", ENDPOINTS)
    assert result.statuses(ENDPOINTS) == {"NOT_APPLICABLE"}
    assert "has no network interface" in result.reasons(ENDPOINTS)
    _instance(sandbox_account)
    result = audit_cli(sandbox_account, "--controls", ENDPOINTS)
    assert result.statuses(ENDPOINTS) == {"FAIL"}
    assert "has no available VPC endpoint for an AWS service (1 network interface(s) in it)" \
        in result.reasons(ENDPOINTS)


def test_every_audited_region_is_judged(sandbox_account, audit_cli):
    """A compliant home region does not hide a VPC in use without endpoints elsewhere."""
    seed_endpoints(sandbox_account)
    sandbox_account.client("ec2", "eu-west-1").run_instances(
        ImageId="ami-12c6146b", MinCount=1, MaxCount=1)
    result = audit_cli(sandbox_account, "--controls", ENDPOINTS, "--regions",
                       "us-east-1,eu-west-1")
    by_region = {f["region"]: f["status"] for f in result.findings}
    assert by_region == {"us-east-1": "PASS", "eu-west-1": "FAIL"}, result.reasons(ENDPOINTS)
