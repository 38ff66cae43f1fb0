"""The unit cases of the vpc endpoint checks: ``FAIL_CASES`` and ``PASS_CASES``,
keyed by control id, with the snapshot builders they use. tests/unit/test_vpc_endpoint_checks.py binds
their verdict tests (tests/support/verdicts.py); the item cases of tests/unit/items_*.py,
tests/unit/test_error_per_read.py and tests/support/control_reads.py read them too.
"""

from __future__ import annotations

from collections.abc import Callable

from governance.model import AccountSnapshot
from tests.support.snapshots import changed
from tests.unit.snapshots import as_json_roundtrip
from tests.unit.snapshots_frontends_endpoints import (
    DEFAULT_VPC,
    EU_MAIN_RT,
    EU_VPC,
    HOME,
    MAIN_RT,
    OTHER,
    PRIVATE_RT,
    S3_GATEWAY,
    SQS_INTERFACE,
    VPC,
    compliant,
    endpoint,
    interface,
    route_table,
    vpc,
)

CONTROL = "vpc-endpoints-for-aws-services"
ENDPOINTS, TABLES = "ec2:DescribeVpcEndpoints", "ec2:DescribeRouteTables"
SUBNETS, INTERFACES, VPCS = "ec2:DescribeSubnets", "ec2:DescribeNetworkInterfaces", \
    "ec2:DescribeVpcs"
VPC_ARN = f"arn:aws:ec2:{HOME}:111122223333:vpc/{VPC}"


def _endpoints(*items) -> AccountSnapshot:
    return changed(compliant(), ENDPOINTS, list(items), HOME)


def _tables(*items) -> AccountSnapshot:
    return changed(compliant(), TABLES, list(items), HOME)


def _sqs(**changes) -> dict:
    return endpoint(SQS_INTERFACE, VPC, "sqs", "Interface", subnets=("subnet-0a",), **changes)


def _default_vpc_in_use() -> AccountSnapshot:
    return changed(compliant(), INTERFACES, lambda i: [*i, interface("eni-0d", DEFAULT_VPC)], HOME)


FAIL_CASES: dict[str, list[tuple[str, Callable[[], AccountSnapshot], str]]] = {
    CONTROL: [
        ("a VPC with workloads and no endpoint at all", lambda: _endpoints(),
         f"VPC {VPC} in {HOME} has no available VPC endpoint for an AWS service "
         "(2 network interface(s) in it)"),
        ("the default VPC with an instance in it and no endpoint", _default_vpc_in_use,
         f"default VPC {DEFAULT_VPC} in {HOME} has no available VPC endpoint for an AWS "
         "service (1 network interface(s) in it)"),
        ("a gateway endpoint with no route table", lambda: _endpoints(
            endpoint(S3_GATEWAY, VPC, "s3"), _sqs()),
         f"VPC {VPC} in {HOME}: gateway endpoint {S3_GATEWAY} (s3) routes no subnet of the "
         "VPC"),
        ("a gateway endpoint on a route table no subnet uses (every subnet associated "
         "elsewhere, the endpoint on the main table)", lambda: _tables(
             route_table(MAIN_RT, VPC, main=True, endpoints=(S3_GATEWAY,)),
             route_table(PRIVATE_RT, VPC, "subnet-0a", "subnet-0b", "subnet-0c")),
         f"gateway endpoint {S3_GATEWAY} (s3) routes no subnet of the VPC"),
        ("a gateway endpoint listing a route table whose prefix-list route is a blackhole",
         lambda: _tables(route_table(MAIN_RT, VPC, main=True, endpoints=(S3_GATEWAY,),
                                     state="blackhole"),
                         route_table(PRIVATE_RT, VPC, "subnet-0b", "subnet-0c",
                                     endpoints=(S3_GATEWAY,), state="blackhole")),
         f"gateway endpoint {S3_GATEWAY} (s3) routes no subnet of the VPC"),
        ("a gateway endpoint listing a route table without its route", lambda: _tables(
            route_table(MAIN_RT, VPC, main=True), route_table(PRIVATE_RT, VPC, "subnet-0b")),
         f"gateway endpoint {S3_GATEWAY} (s3) routes no subnet of the VPC"),
        ("an interface endpoint in no subnet", lambda: _endpoints(
            endpoint(S3_GATEWAY, VPC, "s3", tables=(MAIN_RT,)),
            endpoint(SQS_INTERFACE, VPC, "sqs", "Interface")),
         f"interface endpoint {SQS_INTERFACE} (sqs) is in no subnet"),
        ("only a PrivateLink endpoint service (not an AWS service)", lambda: _endpoints(
            endpoint("vpce-0partner", VPC, "", "Interface", subnets=("subnet-0a",),
                     service_name="com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0")),
         f"VPC {VPC} in {HOME} has no available VPC endpoint for an AWS service"),
        ("only a Gateway Load Balancer endpoint", lambda: _endpoints(
            endpoint("vpce-0gwlb", VPC, "", "GatewayLoadBalancer", subnets=("subnet-0a",),
                     service_name="com.amazonaws.vpce.us-east-1.vpce-svc-0fw")),
         f"VPC {VPC} in {HOME} has no available VPC endpoint for an AWS service"),
        ("endpoints pending or rejected only", lambda: _endpoints(
            endpoint(S3_GATEWAY, VPC, "s3", tables=(MAIN_RT,), state="pending"),
            _sqs(state="rejected")),
         f"VPC {VPC} in {HOME} has no available VPC endpoint for an AWS service"),
        ("the second region's VPC without endpoints", lambda: changed(
            compliant(), ENDPOINTS, [], OTHER),
         f"VPC {EU_VPC} in {OTHER} has no available VPC endpoint for an AWS service"),
        ("another VPC's route table carries the route", lambda: changed(
            compliant(), TABLES, [route_table(EU_MAIN_RT, "vpc-0elsewhere", main=True,
                                              endpoints=("vpce-0eus3",))], OTHER),
         "gateway endpoint vpce-0eus3 (s3) routes no subnet of the VPC"),
    ],
}

PASS_CASES: dict[str, list[tuple[str, Callable[[], AccountSnapshot]]]] = {
    CONTROL: [
        ("compliant", compliant),
        ("json roundtrip", lambda: as_json_roundtrip(compliant())),
        ("a gateway endpoint on one explicitly associated route table", lambda: _endpoints(
            endpoint(S3_GATEWAY, VPC, "s3", tables=(PRIVATE_RT,)))),
        ("an interface endpoint only", lambda: _endpoints(_sqs())),
        ("a shared VPC is judged in its owner's account", lambda: changed(
            compliant(), VPCS, [vpc("vpc-0shared", owner="444455556666")], OTHER)),
        ("a PrivateLink endpoint beside an AWS one", lambda: _endpoints(
            endpoint(S3_GATEWAY, VPC, "s3", tables=(MAIN_RT,)),
            endpoint("vpce-0partner", VPC, "", "Interface", subnets=("subnet-0a",),
                     service_name="com.amazonaws.vpce.us-east-1.vpce-svc-0123"))),
    ],
}
