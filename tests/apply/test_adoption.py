"""Onboarding an existing account on moto: applying the baseline without adoption fails as
AWS does; after ``governance adopt`` the apply succeeds with one recorder, detector and hub
per region, the customer's trail kept, an empty re-plan; the change report lists every
changed setting (tests/apply/fixtures/adoption-changes.json) with the weakening flagged and
the apply blocked until accepted; offboarding leaves the customer's singletons in place.

One lifecycle of examples/complete in a seeded account (harness/brownfield.py), the same
steps as make demo-adopt (harness/adoption.py), shared by every test of this module
(xdist_group "adoption"): init, a targeted apply that must fail, adopt (plan, show, plan,
show), an apply the review guard must stop, adopt again with the acceptances, apply, plan,
and the offboarding apply.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from governance.checks import evaluate, verdict
from governance.exceptions import apply_control_waivers
from governance.model import Status
from harness.adoption import (
    ONBOARDING_REGIONS,
    AdoptResult,
    kept_resources,
    offboard,
    onboarding_waivers,
    run_adopt,
)
from harness.brownfield import customer_values, seed_customer_account
from harness.demo import example_exceptions
from harness.demo_adopt import singleton_counts
from harness.examples import sandbox_stack
from harness.leftovers import leftovers
from harness.terraform import TerraformError, quiet_tftest

pytestmark = pytest.mark.xdist_group("adoption")

EXAMPLE = "examples/complete"
FIXTURE = Path(__file__).parent / "fixtures" / "adoption-changes.json"
HOME, SECONDARY = ONBOARDING_REGIONS
# The singletons AWS refuses to create twice, in both regions.
REFUSED_TWICE = (
    "module.baseline.module.regional_guardrails[0].aws_guardduty_detector.this",
    "module.baseline.module.account_guardrails[0].aws_securityhub_account.this[0]",
    "module.regional_guardrails_secondary.aws_guardduty_detector.this",
    "module.regional_guardrails_secondary.aws_securityhub_account.this[0]",
)


@dataclass
class Onboarding:
    account: Any
    customer: Any
    seeded_leftovers: list[str]
    unadopted_errors: list[str] = field(default_factory=list)
    unadopted_left_resources: bool = True
    first: AdoptResult | None = None
    blocked: str = ""
    adopted: AdoptResult | None = None
    replan: list[str] = field(default_factory=list)
    applied_values: dict[str, Any] = field(default_factory=dict)
    findings: list[Any] = field(default_factory=list)
    offboarded_values: dict[str, Any] = field(default_factory=dict)
    offboarded_leftovers: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def _timed(onboarding: Onboarding, name: str, started: float) -> None:
    onboarding.timings[name] = round(time.monotonic() - started, 1)


@pytest.fixture(scope="module")
def onboarding(moto_sandbox: Any, toolchain: Any, tmp_path_factory: Any) -> Onboarding:
    quiet_tftest()
    account = moto_sandbox.new_account()  # not watched: the customer's singletons stay
    customer = seed_customer_account(account, ONBOARDING_REGIONS)
    state = Onboarding(account, customer, leftovers(account))
    work = tmp_path_factory.mktemp("adoption")
    stack = sandbox_stack(EXAMPLE, work, toolchain, account)
    stack.init()
    try:
        stack.apply(*(f"-target={address}" for address in REFUSED_TWICE))
    except TerraformError as error:
        state.unadopted_errors = [f"{d['summary']}: {d['detail']}" for d in error.diagnostics]
    state.unadopted_left_resources = stack.holds_resources()
    started = time.monotonic()
    state.first = run_adopt(stack, work / "first-run")
    _timed(state, "adopt", started)
    try:
        stack.apply("-refresh=false")
    except TerraformError as error:
        state.blocked = str(error)
    started = time.monotonic()
    state.adopted = run_adopt(stack, work / "adopted", accept=tuple(state.first.pending))
    _timed(state, "adopt with acceptances", started)
    started = time.monotonic()
    stack.apply()
    _timed(state, "apply", started)
    state.replan = stack.pending_changes()
    state.applied_values = customer_values(account, ONBOARDING_REGIONS)
    waivers = example_exceptions(EXAMPLE).in_force
    snapshot = account.collector(ONBOARDING_REGIONS).collect()
    found = apply_control_waivers(evaluate(snapshot), waivers, account.account_id)
    kept = kept_resources(state.adopted.report, customer)
    state.findings = apply_control_waivers(
        found, onboarding_waivers(found, kept, account.account_id), account.account_id)
    started = time.monotonic()
    offboard(stack, work / "adopted")
    _timed(state, "offboard", started)
    state.offboarded_values = customer_values(account, ONBOARDING_REGIONS)
    state.offboarded_leftovers = leftovers(account)
    return state


def test_applying_the_baseline_without_adoption_fails_as_aws_does(onboarding):
    text = " | ".join(onboarding.unadopted_errors)
    assert text.count("a detector already exists") == 2, text
    assert text.count("already subscribed to Security Hub") == 2, text
    assert not onboarding.unadopted_left_resources


def test_the_first_adoption_stops_at_the_config_history_moving_buckets(onboarding):
    first = onboarding.first
    assert first.exit_code == 1
    assert first.pending == [f"aws_config_delivery_channel.s3_bucket_name@{region}"
                             for region in sorted(ONBOARDING_REGIONS)]
    assert "the apply weakens customer settings nobody accepted" in onboarding.blocked


def _normalised(report: dict[str, Any], account_id: str) -> list[dict[str, Any]]:
    """The change report without what differs per run (account, detector, VPC, SG, ACL ids)."""
    def plain(value: Any) -> Any:
        text = json.dumps(value).replace(account_id, "<account>")
        text = re.sub(r"\b(vpc|sg|acl)-[0-9a-f]+", r"\1-<id>", text)
        text = re.sub(r"\b[0-9a-f]{32}\b", "<detector>", text)
        return json.loads(text)

    return sorted(({"address": plain(c["address"]), "action": c["action"], "region": c["region"],
                    "attributes": [[a["name"], plain(a["before"]), plain(a["after"]), a["item"]]
                                   for a in c["attributes"]]}
                   for c in report["changes"]), key=lambda c: c["address"])


def test_the_change_report_lists_every_changed_setting(onboarding):
    got = _normalised(onboarding.adopted.report, onboarding.account.account_id)
    assert got == json.loads(FIXTURE.read_text()), json.dumps(got, indent=1)


def test_after_adoption_the_apply_converges_and_re_plans_empty(onboarding):
    assert onboarding.adopted.exit_code == 0 and onboarding.adopted.pending == []
    assert onboarding.replan == []


def test_one_recorder_detector_and_hub_per_region_and_the_customer_trail_is_kept(onboarding):
    values = onboarding.applied_values
    assert singleton_counts(values) == {
        region: {"recorders": 1, "detectors": 1, "hubs": 1} for region in ONBOARDING_REGIONS}
    for region in ONBOARDING_REGIONS:
        found = values["regions"][region]
        assert [r["name"] for r in found["config"]["recorders"]] == ["default"]
        assert [d["id"] for d in found["guardduty"]["detectors"]] == [
            onboarding.customer.per_region[region].detector_id]
        assert found["guardduty"]["detectors"][0]["findingPublishingFrequency"] == \
            "FIFTEEN_MINUTES"
        assert found["ebs_encryption_by_default"] is True
    trails = {t["name"]: t for t in values["global"]["trails"]}
    before = {t["name"]: t for t in onboarding.customer.before["global"]["trails"]}
    assert trails["customer-trail"] == before["customer-trail"]
    assert values["global"]["account_aliases"] == ["customer-legacy"]
    assert values["global"]["password_policy"]["MinimumPasswordLength"] == 14


@pytest.mark.parametrize("control", [
    "iam-password-policy-min-length", "iam-password-policy-strong",
    "s3-account-public-access-block", "ebs-default-encryption", "guardduty-enabled",
    "config-recorder-all-regions", "securityhub-enabled", "cloudtrail-multi-region-logging",
])
def test_the_adopted_controls_pass_on_live_state(onboarding, control):
    assert verdict(onboarding.findings, control) is Status.PASS, [
        (f.resource, f.status, f.reason) for f in onboarding.findings if f.control_id == control]


def test_the_kept_customer_trail_is_waived_never_passed_and_ours_passes(onboarding):
    for control in ("cloudtrail-kms-encryption", "cloudtrail-log-file-validation"):
        statuses = {f.resource.rsplit("/", 1)[-1]: f.status for f in onboarding.findings
                    if f.control_id == control}
        assert statuses["customer-trail"] is Status.WAIVED, statuses
        assert statuses["governance-trail"] is Status.PASS, statuses


def test_offboarding_leaves_the_customers_singletons_in_place(onboarding):
    values = onboarding.offboarded_values
    assert singleton_counts(values) == singleton_counts(onboarding.applied_values)
    for region in ONBOARDING_REGIONS:
        assert values["regions"][region]["ebs_encryption_by_default"] is True
        assert values["regions"][region]["guardduty"]["detectors"] == \
            onboarding.applied_values["regions"][region]["guardduty"]["detectors"]
    assert values["global"]["password_policy"] == onboarding.applied_values["global"][
        "password_policy"]
    assert values["global"]["account_aliases"] == ["customer-legacy"]
    assert values["global"]["public_access_block"] is not None
    assert "governance-trail" not in {t["name"] for t in values["global"]["trails"]}


def test_offboarding_destroys_everything_the_baseline_created(onboarding):
    assert sorted(set(onboarding.offboarded_leftovers) - set(onboarding.seeded_leftovers)) == []
