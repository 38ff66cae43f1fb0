"""A selected audit (--controls / --framework) reads only the collector modules the selected
controls need, and no control can need a read its selection skips.

governance/catalog/data/control-reads.json is derived (tests/support/control_reads.py): pinned here
to what the checks and the collector sources say today. Then, for every control, collect()
with that control selected runs on a simulated account (each reader records every API of its
module): every API the check reads is there, and the control judges each of its unit
snapshots, cut down to what the selection reads, as it judges the whole snapshot. Last, a
saved partial snapshot (a selection's --save-snapshot) lacks whole modules: every control
whose module is missing from its PASS snapshot is ERROR there, never PASS.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

import pytest

from governance.catalog import catalog
from governance.checks import run_check, verdict
from governance.collect import Collector
from governance.model import AccountSnapshot, Status
from governance.selection import (
    OUTSIDE_COLLECTORS,
    collector_inputs,
    collector_records,
    control_reads,
    modules_for,
    partial,
    runs_reader,
)
from tests.support.control_reads import COMMAND, DATA_PATH, api_of, generate, render, scan, unit_cases

CASES = unit_cases()
OWN_CASES = unit_cases(items=False)  # FAIL_CASES and PASS_CASES only


def test_control_reads_file_is_current():
    assert DATA_PATH.read_text("utf-8") == render(generate()), (
        f"{DATA_PATH.name} is stale (a check, a unit snapshot or a collector changed): "
        f"run {COMMAND}")


def test_every_control_and_every_collector_module_is_in_the_data():
    import governance.collectors as package
    from governance.collectors import GLOBAL_READERS, REGIONAL_READERS

    assert sorted(control_reads()) == sorted(catalog())
    assert all(control_reads().values()), "a control that reads nothing?"
    modules = {reader.__module__ for reader in [*GLOBAL_READERS, *REGIONAL_READERS]}
    assert sorted(collector_records()) == sorted(modules)
    assert all(name.startswith(f"{package.__name__}.") for name in modules)


def test_the_scan_tells_a_lookup_of_another_modules_read_from_a_record():
    """resource_policies.py looks kms.py's kms:ListKeys up (its KMS key policies): kms.py
    records it and is its input; the key policies are resource_policies.py's."""
    rp, kms = "governance.collectors.resource_policies", "governance.collectors.kms"
    assert "kms:ListKeys" in collector_records()[kms]
    assert "kms:ListKeys" not in collector_records()[rp]
    assert "kms:GetKeyPolicy" in collector_records()[rp]
    assert collector_inputs()[rp] == [kms]
    named, looked_up = scan('A = "svc:Read"\nfrom governance.checks.root import '
                            'CREDENTIAL_REPORT_TIME\n'
                            'def f(c, snapshot):\n    snapshot.reads.get("other:List")\n'
                            '    "x:Y" in snapshot.reads\n    snapshot.key(A, "r")\n'
                            '    c.read(snapshot, CREDENTIAL_REPORT_TIME, None)\n')
    assert named == {"svc:Read", "other:List", "x:Y", "iam:GetCredentialReport:GeneratedTime"}
    assert looked_up == {"other:List", "x:Y", "svc:Read"}


def _position() -> dict[Any, int]:
    """Readers in the order collect() runs them (global first, then regional per region)."""
    from governance.collectors import GLOBAL_READERS, REGIONAL_READERS

    return {reader: index for index, reader in enumerate([*GLOBAL_READERS, *REGIONAL_READERS])}


def test_a_modules_inputs_run_before_it():
    position = _position()
    by_module: dict[str, list[int]] = {}
    for reader, index in position.items():
        by_module.setdefault(reader.__module__, []).append(index)
    for name, inputs in collector_inputs().items():
        for needed in inputs:
            assert max(by_module[needed]) < min(by_module[name]), (
                f"{name} uses {needed}'s reads: its readers must run after {needed}'s")


def test_no_selection_or_every_control_is_a_full_audit():
    everything = list(catalog())
    assert partial(None) is None and partial(everything) is None
    assert partial(everything[:1]) == everything[:1]
    assert Collector(_Session(), controls=None).modules is None
    assert Collector(_Session(), controls=everything).modules is None
    # a control the generated data does not know yet: every module, not a guess
    assert modules_for(["a-control-added-since"]) is None

    def reader(collector: Any, snapshot: Any) -> None: ...

    assert runs_reader(frozenset(), reader)  # a reader of a module the data does not know


class _Session:
    region_name = "us-east-1"


class _Sts:
    def get_caller_identity(self) -> dict[str, str]:
        return {"Account": "111122223333", "Arn": "arn:aws:iam::111122223333:role/auditor"}


def _fake(reader: Any) -> Any:
    """A reader of the same module that records every API of its module's list (with data
    that no check reads: only which keys exist matters here)."""
    apis = collector_records().get(reader.__module__, [])

    def fake(collector: Any, snapshot: AccountSnapshot, region: str | None = None) -> None:
        collector.ran.add(reader.__module__)
        for api in apis:
            snapshot.record(api, {}, region=region)

    fake.__module__ = reader.__module__
    return fake


@functools.cache
def simulated(controls: tuple[str, ...] | None) -> tuple[frozenset[str], frozenset[str]]:
    """(the modules collect() ran, the APIs it recorded) on the simulated account."""
    import governance.collectors as package

    collector = Collector(_Session(), regions=["us-east-1", "eu-west-1"],
                          controls=list(controls) if controls is not None else None)
    collector.client = lambda service, region=None, **_: _Sts()  # type: ignore[method-assign]
    collector.ran = set()  # type: ignore[attr-defined]
    saved = package.GLOBAL_READERS, package.REGIONAL_READERS
    package.GLOBAL_READERS = [_fake(reader) for reader in saved[0]]
    package.REGIONAL_READERS = [_fake(reader) for reader in saved[1]]
    try:
        snapshot = collector.collect()
    finally:
        package.GLOBAL_READERS, package.REGIONAL_READERS = saved
    return frozenset(collector.ran), frozenset(api_of(key) for key in snapshot.reads)  # type: ignore[attr-defined]


def test_a_full_collection_runs_every_module():
    ran, _ = simulated(None)
    assert ran == set(collector_records())


def _reduced(snapshot: AccountSnapshot, apis: frozenset[str]) -> AccountSnapshot:
    cut = copy.copy(snapshot)
    cut.reads = {key: read for key, read in snapshot.reads.items()
                 if api_of(key) in apis or api_of(key) in OUTSIDE_COLLECTORS}
    return cut


@pytest.mark.parametrize("control_id", sorted(catalog()))
def test_a_selection_reads_everything_its_control_reads(control_id):
    ran, recorded = simulated((control_id,))
    needed = set(control_reads()[control_id]) - OUTSIDE_COLLECTORS
    assert needed - recorded == set(), f"--controls {control_id} would skip these reads"
    assert ran < set(collector_records()), f"--controls {control_id} runs every module"
    for make in CASES[control_id]:
        whole = make()
        expected = verdict(run_check(control_id, whole), control_id)
        cut = verdict(run_check(control_id, _reduced(whole, recorded)), control_id)
        assert cut is expected, (f"{control_id} is {cut.value} on what --controls {control_id} "
                                 f"reads, {expected.value} on the whole snapshot")


@pytest.mark.parametrize("control_id", sorted(catalog()))
def test_a_snapshot_missing_a_module_the_control_reads_is_error_or_unchanged(control_id):
    """What --from-snapshot sees in a partial snapshot: with a module the control reads from
    missing (all its APIs, or only those no other module records), each FAIL and PASS
    snapshot of the control is ERROR, or judged as before when the check did not need that module there;
    never another verdict (a PASS on what was not read)."""
    records = collector_records()
    needed = set(control_reads()[control_id])
    cut_off = []
    for name, apis in records.items():
        others = {api for other, listed in records.items() if other != name for api in listed}
        cut_off += [(name, missing) for missing in (set(apis), set(apis) - others)
                    if missing & needed]
    errors = 0
    for make in OWN_CASES[control_id]:
        snapshot = make()
        expected = verdict(run_check(control_id, snapshot), control_id)
        for name, missing in cut_off:
            cut = copy.copy(snapshot)
            cut.reads = {key: read for key, read in snapshot.reads.items()
                         if api_of(key) not in missing}
            status = verdict(run_check(control_id, cut), control_id)
            assert status in (Status.ERROR, expected), (
                f"{control_id} is {status.value}, not {expected.value} or ERROR, on a "
                f"snapshot without {sorted(missing)} ({name} not collected)")
            errors += status is Status.ERROR
    assert errors, f"{control_id} is never ERROR without the modules it reads"
