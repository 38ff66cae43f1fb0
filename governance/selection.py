"""Which collector modules an audit of some controls needs (``--controls`` / ``--framework``).

``governance/catalog/data/control-reads.json`` is generated, never written by hand
(``python -m tests.support.control_reads --write``; a unit test fails while it is stale):

* ``controls``: control id -> every API key its check reads (``svc:Operation``, without the
  region), recorded by running the check on every unit snapshot of the control (its
  FAIL_CASES, PASS_CASES and framework item cases) through a snapshot that notes each key
  asked for (``snapshot.get``, ``snapshot.reads.get``, ``in snapshot.reads``...);
* ``collectors``: collector module -> ``records`` (the API keys its source names, less those
  it only looks up in the snapshot and another module records) and ``inputs`` (the modules
  whose records its readers look up: kms.py's keys for resource_policies.py's key policies).

A selection runs the modules whose records meet the selected controls' reads, then the
modules those need as inputs (and so on). A read a selection skipped is absent from the
snapshot, so a check that needs it is ERROR ("not collected"), never PASS: a saved partial
snapshot (``--save-snapshot`` with a selection) evaluated later for other controls says so.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

DATA_FILE = "control-reads.json"
# Snapshot keys that no collector module records: the CLI's audit settings
# (--root-use-window-days), which a check reads with a default.
OUTSIDE_COLLECTORS = frozenset({"governance:Settings"})


@cache
def control_reads_data() -> dict[str, Any]:
    text = resources.files("governance.catalog").joinpath("data", DATA_FILE).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def control_reads() -> dict[str, list[str]]:
    """Control id -> the API keys its check reads."""
    controls: dict[str, list[str]] = control_reads_data()["controls"]
    return controls


def collector_records() -> dict[str, list[str]]:
    """Collector module (dotted name) -> the API keys it records."""
    return {name: entry["records"] for name, entry in control_reads_data()["collectors"].items()}


def collector_inputs() -> dict[str, list[str]]:
    """Collector module -> the modules whose records its readers use."""
    return {name: entry["inputs"] for name, entry in control_reads_data()["collectors"].items()}


def partial(controls: Iterable[str] | None) -> list[str] | None:
    """``controls`` when they are a selection short of the catalog; None (a full audit,
    every collector module) when there is no selection or it holds every control."""
    if controls is None:
        return None
    from governance.catalog import catalog

    selected = list(controls)
    return None if set(catalog()) <= set(selected) else selected


def modules_for(controls: Iterable[str]) -> frozenset[str] | None:
    """The collector modules that reading ``controls`` needs, closed under their inputs;
    None (every module) when a control is not in the generated data (a check added since
    it was generated reads everything until the data is regenerated)."""
    reads = control_reads()
    wanted = list(controls)
    if any(control_id not in reads for control_id in wanted):
        return None
    needed = {api for control_id in wanted for api in reads[control_id]}
    records = collector_records()
    inputs = collector_inputs()
    selected = {name for name, apis in records.items() if needed & set(apis)}
    pending = list(selected)
    while pending:
        for name in inputs.get(pending.pop(), []):
            if name not in selected:
                selected.add(name)
                pending.append(name)
    return frozenset(selected)


def runs_reader(modules: frozenset[str] | None, reader: Any) -> bool:
    """Whether a reader runs under a selection: every reader of a full audit (``modules``
    None), a reader of a selected module, and a reader of a module the generated data does
    not know (never skipped on a guess)."""
    if modules is None:
        return True
    module = getattr(reader, "__module__", "")
    return module in modules or module not in control_reads_data()["collectors"]


# --- organization controls in a single-account audit ----------------------------------------


def asked_for(control_ids: Iterable[str] | None,
              framework_filters: Iterable[str] | None) -> frozenset[str]:
    """The controls a user named: by id (``--controls``) or as an answer of a framework item
    named (``--framework cis_aws_v7:2.1.1``, ``ACCT-001``); a whole framework (``--framework
    cis``) names no control. The filters were checked by the caller (an unknown one raises
    governance.verdicts.FrameworkKeyError)."""
    from governance.catalog import catalog
    from governance.verdicts import parse_framework_filter

    items = {parse_framework_filter(text) for text in framework_filters or ()}
    named = set(control_ids or ())
    named |= {control.id for control in catalog().values()
              if any(pair in items for pair in control.frameworks.items())}
    return frozenset(named)


def manages_organization(snapshot: Any) -> bool | None:
    """Whether ``snapshot`` is an organization's management (or delegated administrator's)
    account, where the organization controls judge something: as the checks decide
    (governance.checks.organization.not_judged_here); None when the snapshot cannot say
    (organizations:DescribeOrganization denied or not collected)."""
    from governance.checks.organization import not_judged_here
    from governance.model import ReadFailed

    try:
        return not_judged_here(snapshot, "organization") is None
    except ReadFailed:
        return None


def single_account_controls(controls: Iterable[str], snapshot: Any, *,
                            asked: Iterable[str] = (), include: bool = False) -> list[str]:
    """The controls a single-account audit evaluates: ``controls`` less the organization-only
    ones (catalog ``organization_only``: SCPs, organization trail, delegated administrators,
    the CIS organization items) that were not ``asked`` for, when the audited account manages
    no organization (standalone, or a member): there each of them is NOT_APPLICABLE and says
    nothing. They stay where the account is the management (or a delegated administrator)
    account, where the snapshot cannot tell (their reads failed: ERROR, never dropped), with
    ``include`` (``--include-organization-controls``), and in the organization audit, which
    does not call this."""
    from governance.catalog import catalog

    selected = list(controls)
    wanted = set(asked)
    optional = [control_id for control_id in selected if control_id not in wanted
                and catalog()[control_id].organization_only]
    if include or not optional or manages_organization(snapshot) is not False:
        return selected
    return [control_id for control_id in selected if control_id not in optional]
