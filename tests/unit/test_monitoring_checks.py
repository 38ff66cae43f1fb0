"""CIS v3.0 section 4 alarm chains and the real-time IAM policy-change alert on hand-built
snapshots. Dropping one event name from a deployed pattern FAILS and names the event."""

from __future__ import annotations

import pytest

from governance.checks import run_check, verdict
from governance.model import Status
from tests.support.snapshots import changed
from tests.support.verdicts import verdict_tests
from tests.unit.cases_monitoring import (
    BROKEN,
    FAIL_CASES,
    FILTERS,
    ITEMS,
    PASS_CASES,
    SG_RULES,
    V5_ITEMS,
    with_pattern,
    without_event,
)
from tests.unit.snapshots_cis_v5_changed import SG_V4_PATTERN, security_group_pattern
from tests.unit.snapshots_logging import (
    HOME,
    compliant,
)

test_check_fails_with_reason, test_check_passes = verdict_tests(FAIL_CASES, PASS_CASES)



@pytest.mark.parametrize("control_id", sorted(c for c, item in ITEMS.items()
                                        if item["id"] not in BROKEN))
def test_each_dropped_event_name_fails_and_is_named(control_id):
    """Every event name of every eventName-list item, dropped in turn, fails the control."""
    item = ITEMS[control_id]
    for sample in item["must_match"]:
        findings = run_check(control_id, with_pattern(control_id,
                                                      without_event(item["pattern"], sample["name"])))
        assert findings[0].status is Status.FAIL
        assert f"misses {sample['name']}" in findings[0].reason


def test_cis_4_1_v3_literal_text_is_refused_because_it_matches_everything():
    item = ITEMS["metric-alarm-unauthorized-api-calls"]
    findings = run_check(item["control_id"], with_pattern(item["control_id"],
                                                          item["cis_text_variants"][0]))
    assert findings[0].status is Status.FAIL
    assert "also matches unrelated read" in findings[0].reason


def test_an_item_whose_own_filter_moved_away_says_so_not_another_items_filter():
    """CIS 4.6's filter on another log group: the reason says no filter on the trail's group
    catches 4.6, instead of naming 4.2's console filter as if it were 4.6's."""
    control_id = next(c for c, item in ITEMS.items() if item["id"] == "4.6")
    metric = ITEMS[control_id]["metric_name"]

    def move(filters):
        for metric_filter in filters:
            if metric_filter["metricTransformations"][0]["metricName"] == metric:
                metric_filter["logGroupName"] = "/aws/other/app"
        return filters

    findings = run_check(control_id, changed(compliant(), FILTERS, move, HOME))
    assert verdict(findings, control_id) is Status.FAIL
    assert findings[0].reason.startswith(
        "CIS 4.6: no metric filter on log group /aws/cloudtrail/governance catches the CIS 4.6 "
        f"events or publishes {metric} (a filter publishing it sits on /aws/other/app, which "
        "no logging multi-region trail delivers to); closest: "), findings[0].reason


@pytest.mark.parametrize("control_id", sorted(V5_ITEMS))
def test_each_dropped_event_name_of_a_v5_item_fails_and_is_named(control_id):
    item = V5_ITEMS[control_id]
    for sample in item["must_match"]:
        findings = run_check(control_id, with_pattern(control_id,
                                                      without_event(item["pattern"], sample["name"])))
        assert findings[0].status is Status.FAIL
        assert f"misses {sample['name']}" in findings[0].reason


def test_v3_security_group_control_passes_both_texts_v5_only_the_new_one():
    """The module deploys the v5.0.0 text: CIS v3.0.0 4.10 still PASSes on it (a pattern
    counting more events misses none of its samples), and on the older text; CIS v5.0.0
    4.10 PASSes on the new text only."""
    old = "metric-alarm-security-group-changes"
    assert ITEMS[old]["pattern"] == V5_ITEMS[SG_RULES]["pattern"]
    assert ITEMS[old]["cis_text_variants"] == [SG_V4_PATTERN]
    assert "ModifySecurityGroupRules" in ITEMS[old]["pattern"]
    assert "ModifySecurityGroupRules" not in SG_V4_PATTERN
    new_text, old_text = compliant(), security_group_pattern(SG_V4_PATTERN)
    assert verdict(run_check(old, new_text), old) is Status.PASS
    assert verdict(run_check(old, old_text), old) is Status.PASS
    assert verdict(run_check(SG_RULES, new_text), SG_RULES) is Status.PASS
    assert verdict(run_check(SG_RULES, old_text), SG_RULES) is Status.FAIL


def test_a_v5_item_extends_its_deployed_item():
    for control_id, item in V5_ITEMS.items():
        base = ITEMS[item["extends"]]
        assert (item["id"], item["metric_name"], item["name"]) == (
            base["id"], base["metric_name"], base["name"])
        assert item["must_match"][:len(base["must_match"])] == base["must_match"]
        assert len(item["must_match"]) > len(base["must_match"]), control_id
        assert run_check(control_id, compliant())[0].reason.startswith(
            f"CIS {item['cis_version']} {item['id']}: filter ")
