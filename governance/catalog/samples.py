"""Catalog data the monitoring checks evaluate deployed configuration against.

* ``data/cis-metric-filters.json``: the CIS v3.0 section 4 items, each with its canonical
  pattern (what terraform/modules/security-alerts deploys) and sample CloudTrail records a
  deployed filter must count (``must_match``, one per event the item covers) or must not
  (``must_not_match``).
* ``data/iam-policy-change-events.json``: the 16 IAM policy-change event names and sample
  EventBridge events for the real-time IAM alert rule.
* ``data/config-managed-rules.json``: the AWS Config managed rules of
  terraform/modules/config-recording (a unit test keeps the module's file equal to it).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


def _load(name: str) -> Any:
    return json.loads(resources.files(__package__).joinpath("data", name).read_text("utf-8"))


@cache
def metric_filter_items() -> dict[str, dict[str, Any]]:
    """CIS 4.x items keyed by control id."""
    return {item["control_id"]: item for item in _load("cis-metric-filters.json")["items"]}


@cache
def iam_policy_change_events() -> dict[str, Any]:
    return _load("iam-policy-change-events.json")


@cache
def config_managed_rules() -> dict[str, Any]:
    return _load("config-managed-rules.json")
