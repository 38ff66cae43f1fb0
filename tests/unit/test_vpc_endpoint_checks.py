"""CIS v7.0.0 6.8 (VPC endpoints for AWS services) on hand-built snapshots."""

from __future__ import annotations

import pytest

from governance.checks import run_check
from governance.model import Status
from tests.support.snapshots import changed
from tests.support.verdicts import verdict_tests
from tests.unit.cases_vpc_endpoint import (
    CONTROL,
    ENDPOINTS,
    FAIL_CASES,
    INTERFACES,
    PASS_CASES,
    SUBNETS,
    TABLES,
    VPC_ARN,
    VPCS,
    _endpoints,
    _sqs,
)
from tests.unit.snapshots_frontends_endpoints import (
    DEFAULT_VPC,
    HOME,
    MAIN_RT,
    OTHER,
    PRIVATE_RT,
    S3_GATEWAY,
    SQS_INTERFACE,
    VPC,
    compliant,
    endpoint,
    route_table,
    subnet,
)

test_check_fails_with_reason, test_check_passes = verdict_tests(
    FAIL_CASES, PASS_CASES, not_applicable_beside_pass={CONTROL})


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
    snapshot = changed(changed(compliant(), VPCS, [], HOME), VPCS, [], OTHER)
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
