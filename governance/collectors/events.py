"""EventBridge (regional): rules of the default event bus and their targets (a target's
Input, input template and HTTP parameters redacted at collection: they may hold a token)."""

from __future__ import annotations

from typing import Any

from governance.collect import each
from governance.collectors import regional_reader
from governance.report.redact import redact_target


@regional_reader
def read_event_rules(collector: Any, snapshot: Any, region: str) -> None:
    rules = collector.read(snapshot, "events:ListRules",
                           lambda: collector.paginate("events", "list_rules", "Rules", region),
                           region=region)
    if rules is None:
        return
    collector.read(snapshot, "events:ListTargetsByRule",
                   lambda: each([rule["Name"] for rule in rules], lambda name: [
                       redact_target(target) for target in collector.paginate(
                           "events", "list_targets_by_rule", "Targets", region, Rule=name)]),
                   region=region)
