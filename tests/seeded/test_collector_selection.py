"""A selected audit (--controls) on moto: it runs fewer reads than a full audit and judges
the selected control as the full audit does; each collector module records only the APIs
governance/catalog/data/control-reads.json lists for it (a key built at run time cannot slip
past the source scan) and looks up only its own reads or its inputs'.

One account holds the PASS seeds of three controls of different services (IAM password
policy, resource policies, the CloudTrail logging stack).
"""

from __future__ import annotations

import functools
from collections import Counter
from contextvars import ContextVar
from typing import Any

import pytest

import governance.collect
import governance.collectors
from governance.collect import Collector
from governance.model import AccountSnapshot
from governance.selection import collector_inputs, collector_records
from tests.seeded.logging_stack import seed_stack
from tests.seeded.test_iam_controls import STRONG
from tests.seeded.test_resource_policy_controls import seed_restricted
from tests.support.control_reads import api_of

pytestmark = pytest.mark.xdist_group("collector-selection")

CONTROLS = ("iam-password-policy-min-length", "resource-policies-no-public-principal",
            "cloudtrail-log-file-validation")
READER: ContextVar[str | None] = ContextVar("reader", default=None)


@pytest.fixture(scope="module")
def account(moto_sandbox):
    account = moto_sandbox.new_account()
    account.client("iam").update_account_password_policy(
        **{**STRONG, "PasswordReusePrevention": 5})
    seed_restricted(account)
    seed_stack(account)
    return account


class _Reads(dict):
    def __init__(self, log: list[tuple[str, str | None, str]]) -> None:
        super().__init__()
        self.log = log

    def __getitem__(self, key: str) -> Any:
        self.log.append(("lookup", READER.get(), api_of(key)))
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.log.append(("lookup", READER.get(), api_of(key)))
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self.log.append(("lookup", READER.get(), api_of(str(key))))
        return super().__contains__(key)


class _Hooked(AccountSnapshot):
    """A snapshot that logs which reader module records or looks up which API."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.log: list[tuple[str, str | None, str]] = []
        self.reads = _Reads(self.log)

    def record(self, api: str, *args: Any, **kwargs: Any) -> None:
        self.log.append(("record", READER.get(), api))
        super().record(api, *args, **kwargs)

    def get(self, api: str, region: str | None = None) -> Any:
        self.log.append(("lookup", READER.get(), api))
        return super().get(api, region)


def _in_module(reader: Any) -> Any:
    @functools.wraps(reader)
    def run(*args: Any) -> None:
        token = READER.set(reader.__module__)
        try:
            reader(*args)
        finally:
            READER.reset(token)

    return run


def test_each_collector_module_records_only_its_listed_apis(account, monkeypatch):
    package = governance.collectors
    monkeypatch.setattr(package, "GLOBAL_READERS", [_in_module(r) for r in package.GLOBAL_READERS])
    monkeypatch.setattr(package, "REGIONAL_READERS",
                        [_in_module(r) for r in package.REGIONAL_READERS])
    monkeypatch.setattr(governance.collect, "AccountSnapshot", _Hooked)
    snapshot = account.collector().collect()
    assert isinstance(snapshot, _Hooked)
    records, inputs = collector_records(), collector_inputs()
    assert {module for kind, module, _ in snapshot.log if kind == "record"} == set(records), \
        "every module records something in a full collection"
    unlisted = sorted({(module, api) for kind, module, api in snapshot.log
                       if kind == "record" and api not in records.get(module or "", [])})
    assert unlisted == [], "recorded outside the module's list in control-reads.json"
    foreign = sorted({(module, api) for kind, module, api in snapshot.log
                      if kind == "lookup" and module is not None
                      and api not in records[module]
                      and not any(api in records[other] for other in inputs[module])})
    assert foreign == [], "looked up another module's read that is not an input of its own"


def _count_calls(monkeypatch) -> Counter[str]:
    """Every API call of every collector client from now on (the CLI's too)."""
    calls: Counter[str] = Counter()
    original = Collector.client

    def client(self, service, region=None, **options):
        made = original(self, service, region, **options)
        made.meta.events.register("before-call.*.*", lambda model, **_: calls.update(
            [f"{model.service_model.service_name}:{model.name}"]), unique_id="count-calls")
        return made

    monkeypatch.setattr(Collector, "client", client)
    return calls


def _judged(result: Any, control_id: str) -> list[tuple[str, str, str, str]]:
    return sorted((f["resource"], f["region"], f["status"], f["reason"]) for f in result.findings
                  if f["control_id"] == control_id)


def test_a_selected_audit_reads_less_and_judges_as_the_full_audit(account, audit_cli,
                                                                  monkeypatch, tmp_path):
    calls = _count_calls(monkeypatch)
    full = audit_cli(account)
    full_calls = calls.total()
    for control_id in CONTROLS:
        calls.clear()
        saved = tmp_path / f"{control_id}.json"
        selected = audit_cli(account, "--controls", control_id, "--save-snapshot", str(saved))
        assert _judged(selected, control_id) == _judged(full, control_id)
        assert "ERROR" not in selected.statuses(control_id), selected.reasons(control_id)
        assert 0 < calls.total() < full_calls, (control_id, calls.total(), full_calls)
    # a partial snapshot judged for another control: ERROR, the read was not collected
    calls.clear()
    offline = audit_cli(account, "--from-snapshot", str(tmp_path / f"{CONTROLS[0]}.json"),
                        "--controls", CONTROLS[2])
    assert calls.total() == 0
    assert offline.statuses(CONTROLS[2]) == {"ERROR"}
    assert "cloudtrail:DescribeTrails: not collected" in offline.reasons(CONTROLS[2])
