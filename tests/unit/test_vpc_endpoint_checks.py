"""CIS v7.0.0 6.8 (VPC endpoints for AWS services) on hand-built snapshots."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from governance.checks import run_check
from governance.model import AccountSnapshot, Status, worst
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
    changed,
    compliant,
    endpoint,
    interface,
    route_table,
    subnet,
    vpc,
)

CONTROL = "vpc-endpoints-for-aws-services"
ENDPOINTS, TABLES = "ec2:DescribeVpcEndpoints", "ec2:DescribeRouteTables"
SUBNETS, INTERFACES, VPCS = "ec2:DescribeSubnets", "ec2:DescribeNetworkInterfaces", \
    "ec2:DescribeVpcs"
VPC_ARN = f"arn:aws:ec2:{HOME}:111122223333:vpc/{VPC}"


def _endpoints(*items) -> AccountSnapshot:
    return changed(compliant(), ENDPOINTS, list(items))


def _tables(*items) -> AccountSnapshot:
    return changed(compliant(), TABLES, list(items))


def _sqs(**changes) -> dict:
    return endpoint(SQS_INTERFACE, VPC, "sqs", "Interface", subnets=("subnet-0a",), **changes)


def _default_vpc_in_use() -> AccountSnapshot:
    return changed(compliant(), INTERFACES, lambda i: [*i, interface("eni-0d", DEFAULT_VPC)])


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


@pytest.mark.parametrize(("case", "make", "reason"), FAIL_CASES[CONTROL],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_check_fails_with_reason(case, make, reason):
    findings = run_check(CONTROL, make())
    assert worst(f.status for f in findings) is Status.FAIL, findings
    reasons = " | ".join(f.reason for f in findings if f.status is Status.FAIL)
    assert reason in reasons
    assert all("\n" not in f.reason for f in findings)
    assert sum(f.status is Status.FAIL for f in findings) == 1


@pytest.mark.parametrize(("case", "make"), PASS_CASES[CONTROL],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_check_passes(case, make):
    findings = run_check(CONTROL, make())
    assert {f.status for f in findings} <= {Status.PASS, Status.NOT_APPLICABLE}, findings
    assert Status.PASS in {f.status for f in findings}


def test_one_finding_per_vpc_with_its_arn_region_and_coverage():
    findings = {f.resource: f for f in run_check(CONTROL, compliant())}
    assert sorted((f.region, f.status) for f in findings.values()) == [
        (OTHER, Status.PASS), (HOME, Status.NOT_APPLICABLE), (HOME, Status.PASS)]
    work = findings[VPC_ARN]
    assert work.reason == (f"VPC {VPC} in {HOME} uses VPC endpoints: s3 (Gateway, 3 of 3 "
                           "subnets), sqs (Interface, 2 of 2 AZs)")
    assert work.evidence["covered"] == {S3_GATEWAY: ["subnet-0a", "subnet-0b", "subnet-0c"],
                                        SQS_INTERFACE: ["subnet-0a", "subnet-0b"]}
    unused = findings[f"arn:aws:ec2:{HOME}:111122223333:vpc/{DEFAULT_VPC}"]
    assert unused.reason == (f"default VPC {DEFAULT_VPC} in {HOME} has no network interface: "
                             "nothing in it reaches AWS services")


def test_partial_coverage_is_shown_for_the_reviewer():
    """Which subnets need the service is the reviewer's: the PASS names the coverage."""
    findings = run_check(CONTROL, _endpoints(
        endpoint(S3_GATEWAY, VPC, "s3", tables=(MAIN_RT,)), _sqs()))
    work = next(f for f in findings if f.resource == VPC_ARN)
    assert work.status is Status.PASS
    assert "s3 (Gateway, 1 of 3 subnets), sqs (Interface, 1 of 2 AZs)" in work.reason


def test_the_main_route_table_serves_the_subnets_without_an_association():
    from governance.checks.vpc_endpoints import subnets_served

    tables = [route_table(MAIN_RT, VPC, main=True), route_table(PRIVATE_RT, VPC, "subnet-0b")]
    assert subnets_served(tables, {"subnet-0a", "subnet-0b"}) == {
        MAIN_RT: {"subnet-0a"}, PRIVATE_RT: {"subnet-0b"}}


def test_no_vpc_is_not_applicable_per_region():
    snapshot = changed(changed(compliant(), VPCS, []), VPCS, [], OTHER)
    findings = run_check(CONTROL, snapshot)
    assert [(f.status, f.reason) for f in findings] == [
        (Status.NOT_APPLICABLE, f"no VPC of the account in {HOME}"),
        (Status.NOT_APPLICABLE, f"no VPC of the account in {OTHER}")]


@pytest.mark.parametrize(("api", "region"), [
    (VPCS, OTHER), (ENDPOINTS, HOME), (TABLES, OTHER), (SUBNETS, HOME), (INTERFACES, HOME),
])
def test_one_failed_read_makes_error(api, region):
    snapshot = compliant()
    snapshot.record(api, error="AccessDenied: not authorized", region=region)
    findings = run_check(CONTROL, snapshot)
    assert [f.status for f in findings] == [Status.ERROR]
    assert api in findings[0].reason


def test_an_emulator_gap_is_not_provable_only_on_an_emulator():
    for endpoint_url, status in (("http://127.0.0.1:5000", Status.NOT_PROVABLE),
                                 (None, Status.ERROR)):
        snapshot = compliant()
        snapshot.emulator_endpoint = endpoint_url
        snapshot.record(ENDPOINTS, region=HOME, emulator_gap=endpoint_url is not None,
                        error="ResponseParserError: Unable to parse response (HTML 500)")
        assert [f.status for f in run_check(CONTROL, snapshot)] == [status]


def test_subnet_builder_matches_the_collected_shape():
    """The collector keeps SubnetId, VpcId and AvailabilityZone of each subnet."""
    assert set(subnet("subnet-0x", VPC, "us-east-1a")) == {"SubnetId", "VpcId",
                                                             "AvailabilityZone"}
