"""Procedure cases of CIS v7.0.0 4.10 (web front-end access logging) and 6.8 (VPC endpoints),
as each item's own Audit procedure reads them: 4.10's CloudFront Logging tab ("one or more
Access log destinations ... with a destination type of S3 or CloudWatch log group"), the
same for the other front-ends its description names (ALB, NLB, API Gateway stages); 6.8's
describe-vpc-endpoints (step 2), the interface endpoints' SubnetIds (step 3) and the
subnets' route tables holding the gateway endpoint's prefix-list route (step 4)."""

from __future__ import annotations

from governance.model import AccountSnapshot
from tests.support.snapshots import changed
from tests.unit.item_cases import ItemCase
from tests.unit.snapshots_frontends_endpoints import (
    ALB_ARN,
    HOME,
    MAIN_RT,
    PRIVATE_RT,
    REST,
    S3_GATEWAY,
    SQS_INTERFACE,
    VPC,
    compliant,
    delivery,
    endpoint,
    lb_logs,
    rest_stage,
    route_table,
)


def _cloudfront_deliveries(*items) -> AccountSnapshot:
    return changed(compliant(), "logs:DescribeDeliveries", list(items), None)


def _endpoints(*items) -> AccountSnapshot:
    return changed(compliant(), "ec2:DescribeVpcEndpoints", list(items), HOME)


ITEM_CASES = {
    ("cis_aws_v7", "4.10"): ItemCase(
        compliant=[
            ("step 4: an access log destination of type S3 (standard logging) or CloudWatch "
             "log group (delivery) on every distribution; ALB, NLB and API stages log too",
             compliant),
            ("step 4: a distribution's destination of type S3 (delivery)",
             lambda: _cloudfront_deliveries(delivery("cf-v2", "S3"))),
        ],
        non_compliant=[
            ("step 4: a distribution with no access log destination",
             lambda: _cloudfront_deliveries()),
            ("step 4: a destination of neither type S3 nor CloudWatch log group (Firehose)",
             lambda: _cloudfront_deliveries(delivery("cf-v2", "FH"))),
            ("description: an Application Load Balancer without access logs", lambda: changed(
                compliant(), "elbv2:DescribeLoadBalancerAttributes",
                lambda a: {**a, ALB_ARN: lb_logs("false")}, HOME)),
            ("description: an API Gateway REST stage without access logs", lambda: changed(
                compliant(), "apigateway:GetStages",
                {REST: [rest_stage("prod"), rest_stage("dev", None)]}, HOME)),
        ]),
    ("cis_aws_v7", "6.8"): ItemCase(
        compliant=[
            ("steps 2-4: a gateway endpoint routed from the subnets' route tables by prefix "
             "list, an interface endpoint in subnets of both AZs", compliant),
            ("step 3: an interface endpoint attached to a subnet", lambda: _endpoints(
                endpoint(SQS_INTERFACE, VPC, "sqs", "Interface", subnets=("subnet-0a",)))),
        ],
        non_compliant=[
            ("step 2: describe-vpc-endpoints lists no endpoint for the VPC",
             lambda: _endpoints()),
            ("step 4: the subnets' route tables send traffic via NAT only (no prefix-list "
             "route to the gateway endpoint)", lambda: changed(
                 compliant(), "ec2:DescribeRouteTables", [
                     route_table(MAIN_RT, VPC, main=True),
                     route_table(PRIVATE_RT, VPC, "subnet-0b", "subnet-0c")], HOME)),
            ("step 3: an interface endpoint without subnets", lambda: _endpoints(
                endpoint(S3_GATEWAY, VPC, "s3", tables=(MAIN_RT, PRIVATE_RT)),
                endpoint(SQS_INTERFACE, VPC, "sqs", "Interface"))),
        ]),
}
