"""CIS v7.0.0 4.10 (access logging on web front-ends) and 6.8 (VPC endpoints) through the CLI
on seeded moto accounts: PASS on compliant resources, FAIL with the reason, ERROR when the
read is denied; then the cases the three verdict tests do not show (a CloudFront
distribution logging only through a v2 delivery, an unused default VPC, a second region).

moto implements every read these controls make (CloudFront ListDistributions and
GetDistributionConfig with Logging; CloudWatch Logs delivery sources and deliveries;
ELBv2 and Classic load balancers and their attributes; API Gateway REST and v2 stages with
access log settings; VPC endpoints with the prefix-list routes CreateVpcEndpoint adds,
route tables, subnets, network interfaces). moto leaves access_logs.s3.enabled out of a
new ELBv2 load balancer's attributes; AWS's default (off) applies. The seeding is
harness/seeds/frontends.py.
"""

from __future__ import annotations

from harness.seeds.frontends import (
    break_endpoints,
    break_frontends,
    distribution,
    instance,
    seed_endpoints,
    seed_frontends,
    v2_delivery,
)
from tests.seeded.cases import SeededCase, cli_verdict_tests

FRONTENDS, ENDPOINTS = "web-frontends-access-logging", "vpc-endpoints-for-aws-services"


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
 test_cli_errors_when_the_read_is_denied) = cli_verdict_tests(SEEDED, "seeded-frontends",
                                                                   test_file=__file__)


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
    vended = distribution(sandbox_account, "vended")
    logs = sandbox_account.client("logs", "us-east-1")
    logs.put_delivery_source(name="cf-fh", resourceArn=vended["ARN"],
                             logType="ACCESS_LOGS")
    stream = logs.put_delivery_destination(name="cf-fh-stream", deliveryDestinationConfiguration={
        "destinationResourceArn": f"arn:aws:firehose:us-east-1:{sandbox_account.account_id}:"
                                  "deliverystream/cf-logs"})["deliveryDestination"]
    logs.create_delivery(deliverySourceName="cf-fh", deliveryDestinationArn=stream["arn"])
    result = audit_cli(sandbox_account, "--controls", FRONTENDS)
    cloudfront = [f for f in result.findings if f["region"] == "global"]
    assert [(f["status"], f["resource"]) for f in cloudfront] == [("FAIL", vended["ARN"])]
    assert "delivers access logs only to Firehose" in cloudfront[0]["reason"]
    v2_delivery(sandbox_account, vended["ARN"])
    result = audit_cli(sandbox_account, "--controls", FRONTENDS)
    assert [f["status"] for f in result.findings if f["region"] == "global"] == ["PASS"]


def test_denied_cloudfront_config_or_stages_is_error(sandbox_account, audit_cli):
    from harness.moto import deny

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
    instance(sandbox_account)
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
