"""CIS v3.0 section 3 and ACCT-001 trail-bucket checks on hand-built snapshots."""

from __future__ import annotations

import pytest

from governance.checks import run_check, verdict
from governance.model import Status
from tests.support.snapshots import changed
from tests.support.verdicts import verdict_tests
from tests.unit.cases_logging import (
    APP_TRAIL_ARN,
    EVERY_READ,
    EVERY_WRITE,
    FAIL_CASES,
    NO_DATA,
    PASS_CASES,
    _second_trail,
)
from tests.unit.snapshots_logging import (
    HOME,
    OTHER,
    TRAIL_ARN,
    compliant,
)

test_check_fails_with_reason, test_check_passes = verdict_tests(
    FAIL_CASES, PASS_CASES, not_applicable_beside_pass={"kms-key-rotation"})



def test_shadow_trail_whose_home_region_was_not_audited_is_error_not_pass():
    """Audit eu-west-1 only: the trail homed in us-east-1 shows up as a shadow trail, and its
    status and selectors exist only in us-east-1, which was not read."""
    snapshot = compliant()
    snapshot.regions = [OTHER]
    snapshot.reads = {key: read for key, read in snapshot.reads.items() if key.endswith(OTHER)}
    findings = run_check("cloudtrail-multi-region-logging", snapshot)
    assert [f.status for f in findings] == [Status.ERROR]
    assert findings[0].reason == "could not read cloudtrail:GetTrailStatus: not collected in us-east-1"


def test_config_pending_on_an_emulator_is_not_provable_and_fail_on_aws():
    pending = changed(compliant(), "config:DescribeConfigurationRecorderStatus",
                      [{"name": "governance-recorder", "recording": True, "lastStatus": "PENDING"}],
                      OTHER)
    on_aws = {f.region: f.status for f in run_check("config-recorder-all-regions", pending)}
    assert on_aws == {HOME: Status.PASS, OTHER: Status.FAIL}
    pending.emulator_endpoint = "http://127.0.0.1:5000"
    on_moto = {f.region: f for f in run_check("config-recorder-all-regions", pending)}
    assert on_moto[OTHER].status is Status.NOT_PROVABLE
    assert "lastStatus stays PENDING" in on_moto[OTHER].reason
    assert on_moto[HOME].status is Status.PASS
    # a real failure next to PENDING is still a FAIL on an emulator
    broken = changed(pending, "config:DescribeDeliveryChannels", [], OTHER)
    assert {f.region: f.status for f in run_check("config-recorder-all-regions", broken)}[
        OTHER] is Status.FAIL


def test_region_scope_controls_give_one_finding_per_region():
    for control_id in ("config-recorder-all-regions", "vpc-flow-logs", "kms-key-rotation"):
        findings = run_check(control_id, compliant())
        assert sorted(f.region for f in findings) == sorted([HOME, OTHER]), control_id
    rules = run_check("aws-config-managed-rules", compliant())
    assert [f.region for f in rules] == [HOME]  # one rule set, in the home region
    kms = {f.region: f.status for f in run_check("kms-key-rotation", compliant())}
    assert kms == {HOME: Status.PASS, OTHER: Status.NOT_APPLICABLE}


@pytest.mark.parametrize("control_id", [EVERY_WRITE, EVERY_READ])
def test_every_trail_data_events_one_finding_per_trail(control_id):
    findings = run_check(control_id, _second_trail(NO_DATA))
    assert [(f.resource, f.region, f.status) for f in findings] == [
        (APP_TRAIL_ARN, HOME, Status.FAIL), (TRAIL_ARN, HOME, Status.PASS)]
    assert verdict(findings, control_id) is Status.FAIL
