"""The filter-pattern evaluator and the EventBridge matcher, checked against the catalog
samples, hand cases and (for EventBridge) moto's own matcher; and the catalog data files
kept equal to what the Terraform modules deploy."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from governance.catalog.samples import (
    config_managed_rules,
    iam_policy_change_events,
    metric_filter_items,
)
from governance.checks.monitoring import changed_metric_filter_items
from governance.event_pattern import matches as event_matches
from governance.filter_pattern import PatternError, matches

ROOT = Path(__file__).resolve().parents[2]
MODULES = ROOT / "terraform" / "modules"
ITEMS = metric_filter_items()
MODULE_FIELDS = ("id", "name", "metric_name", "description", "pattern", "cis_text_variants", "note")
V5_ITEMS = changed_metric_filter_items()


@pytest.mark.parametrize("control_id", sorted(ITEMS))
def test_canonical_pattern_matches_every_must_match_sample_and_no_must_not(control_id):
    item = ITEMS[control_id]
    assert item["must_match"] and item["must_not_match"]
    for sample in item["must_match"]:
        assert matches(item["pattern"], sample["event"]), sample["name"]
    for sample in item["must_not_match"]:
        assert not matches(item["pattern"], sample["event"]), sample["name"]


def test_event_list_items_have_one_must_match_sample_per_event_name_of_the_pattern():
    for item in ITEMS.values():
        if item["id"] in {"4.1", "4.2", "4.3", "4.6"}:  # not eventName lists
            continue
        names = {sample["event"]["eventName"] for sample in item["must_match"]}
        assert names == {sample["name"] for sample in item["must_match"]}
        for name in names:
            assert name in item["pattern"], (item["id"], name)


def test_module_json_equals_the_catalog_file():
    module = json.loads((MODULES / "security-alerts" / "cis-metric-filters.json").read_text())
    catalog = [{key: item[key] for key in MODULE_FIELDS} for item in ITEMS.values()]
    assert module == catalog


@pytest.mark.parametrize("control_id", sorted(V5_ITEMS))
def test_v5_item_pattern_counts_every_event_it_names_and_the_module_deploys_it(control_id):
    """A CIS v5.0.0 item whose pattern changed: one must_match sample per eventName of its
    pattern (both ways), none of the must_not_match ones matched, and the module's filter of
    the same item is that pattern (a v3.0.0 pattern left in the module would FAIL v5.0.0)."""
    item = V5_ITEMS[control_id]
    names = set(re.findall(r'\$\.eventName\s*=\s*"?(\w+)', item["pattern"]))
    assert names == {sample["name"] for sample in item["must_match"]}
    assert all(matches(item["pattern"], s["event"]) for s in item["must_match"])
    assert not any(matches(item["pattern"], s["event"]) for s in item["must_not_match"])
    module = json.loads((MODULES / "security-alerts" / "cis-metric-filters.json").read_text())
    deployed = [f for f in module if (f["id"], f["name"]) == (item["id"], item["name"])]
    assert [f["pattern"] for f in deployed] == [item["pattern"]]


def test_module_iam_events_equal_the_catalog_file():
    module = json.loads((MODULES / "security-alerts" / "iam-policy-change-events.json").read_text())
    samples = iam_policy_change_events()
    assert module == samples["event_names"]
    assert [s["name"] for s in samples["must_match"]] == module


def test_module_managed_rules_equal_the_catalog_file():
    module = json.loads((MODULES / "config-recording" / "managed-rules.json").read_text())
    assert module == config_managed_rules()


EVENT = {"eventName": "ConsoleLogin", "errorCode": "AccessDenied", "userIdentity": {
    "type": "Root", "sessionContext": {"attributes": {"mfaAuthenticated": "false"}}},
    "additionalEventData": {"MFAUsed": "No"}, "responseElements": None, "readOnly": True,
    "count": 3, "resources": [{"ARN": "arn:aws:s3:::a"}]}


@pytest.mark.parametrize(("pattern", "expected"), [
    ('{ $.eventName = "ConsoleLogin" }', True),
    ("{ $.eventName = ConsoleLogin }", True),
    ('{ $.eventName = "consolelogin" }', False),
    ('{ $.errorCode = "Access*" }', True),
    ('{ $.errorCode = "*Denied" }', True),
    ('{ $.errorCode = "*Unauthorized*" }', False),
    ('{ $.errorCode != "AccessDenied" }', False),
    ('{ $.missing != "x" }', True),
    ('{ $.missing = "x" }', False),
    ("{ $.userIdentity.invokedBy NOT EXISTS }", True),
    ("{ $.userIdentity.type NOT EXISTS }", False),
    ("{ $.userIdentity.type EXISTS }", True),
    ("{ $.responseElements IS NULL }", True),
    ("{ $.readOnly IS TRUE }", True),
    ("{ $.readOnly IS FALSE }", False),
    ("{ $.count > 2 }", True),
    ("{ $.count <= 2 }", False),
    ('{ $.resources[0].ARN = "arn:aws:s3:::a" }', True),
    ('{ $.resources[1].ARN = "arn:aws:s3:::a" }', False),
    ('{ $.userIdentity.sessionContext.attributes.mfaAuthenticated != "true" }', True),
    ('{ ($.eventName = X) || ($.eventName = ConsoleLogin) }', True),
    ('{ ($.eventName = X) || ($.eventName = Y) }', False),
    ('{ $.eventName = X || $.errorCode = "AccessDenied" && $.readOnly IS TRUE }', True),
    ('{ ($.eventName = X || $.errorCode = "AccessDenied") && $.readOnly IS FALSE }', False),
    ('{ $.eventName = ConsoleLogin || $.errorCode = "x" && $.readOnly IS FALSE }', True),
])
def test_evaluator_cases(pattern, expected):
    assert matches(pattern, EVENT) is expected


@pytest.mark.parametrize("pattern", ["ConsoleLogin", "{ $.eventName = }", "{ ($.a = b }",
                                     "{ $.a = b c }", "{ %regex% }"])
def test_evaluator_refuses_what_it_does_not_understand(pattern):
    with pytest.raises(PatternError):
        matches(pattern, EVENT)


def test_moto_logs_does_not_evaluate_json_patterns():
    """moto's filter_log_events treats JSON patterns as unsupported and matches everything,
    so it cannot cross-check the evaluator; this fails when moto starts evaluating them."""
    from moto.logs.utils import EventMessageFilter

    item = ITEMS["metric-alarm-iam-policy-changes"]
    unrelated = json.dumps(item["must_not_match"][0]["event"])
    assert EventMessageFilter(item["pattern"]).matches(unrelated) is True
    assert matches(item["pattern"], json.loads(unrelated)) is False


def _module_rule_pattern() -> dict:
    names = json.loads((MODULES / "security-alerts" / "iam-policy-change-events.json").read_text())
    return {"source": ["aws.iam"], "detail-type": ["AWS API Call via CloudTrail"],
            "detail": {"eventSource": ["iam.amazonaws.com"], "eventName": names}}


def test_module_event_rule_pattern_matches_the_samples():
    samples = iam_policy_change_events()
    pattern = _module_rule_pattern()
    assert all(event_matches(pattern, s["event"]) for s in samples["must_match"])
    assert not any(event_matches(pattern, s["event"]) for s in samples["must_not_match"])


@pytest.mark.parametrize("pattern", [
    None,  # the module's rule
    {"source": ["aws.iam"], "detail": {"eventName": [{"prefix": "Put"}]}},
    {"source": ["aws.iam"], "detail": {"eventName": [{"anything-but": ["CreateUser"]}]}},
    {"detail": {"errorCode": [{"exists": False}], "eventName": ["CreatePolicy", "CreateUser"]}},
    {"detail": {"userIdentity": {"type": ["IAMUser"]}, "readOnly": [False]}},
])
def test_eventbridge_matcher_agrees_with_moto(pattern):
    """Cross-check with moto's EventPattern (TestEventPattern itself is not implemented in
    moto 5.2.5: the API answers nothing), on every sample event."""
    from moto.events.models import EventPattern

    pattern = pattern or _module_rule_pattern()
    moto_pattern = EventPattern(json.dumps(pattern), pattern)
    samples = iam_policy_change_events()
    for sample in samples["must_match"] + samples["must_not_match"]:
        assert event_matches(pattern, sample["event"]) is moto_pattern.matches_event(
            sample["event"]), (pattern, sample["name"])
