"""A pytest plugin that writes a per-worker timeline of the run: ``-p harness.timeline``.

Every test phase (setup, call, teardown) is recorded with the xdist worker that ran it and
its wall-clock start and stop, from the reports the controller receives; at the end of the
session the records go to ``$TIMELINE_PATH`` (default ``build/timeline.json``). It measures,
it never asserts: bench/bench_suite.py reads the file to say where the time went.

Besides wall time, which moves with the machine's load, each phase carries three measures
that do not: ``cpu`` (seconds of CPU of the worker, its threads, e.g. the in-process moto
server, and the children it waited for, e.g. Terraform and its providers, Chromium),
``launches`` (programs started, by name: ``terraform apply``, ``terraform plan``,
``chromium``, ...) and ``accounts`` (moto accounts the worker's in-process sandbox made,
counted by moto's IAM backends). The worker measures them and attaches them to its report.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_records: list[dict[str, Any]] = []
_session: dict[str, Any] = {}
_launches: Counter[str] = Counter()
_lock = threading.Lock()
_PHASE_START = pytest.StashKey[dict[str, Any]]()
_PHASE_MEASURES = pytest.StashKey[dict[str, dict[str, Any]]]()


def program(args: Any) -> str:
    """A launched command as a short name: ``terraform <subcommand>``, ``chromium``,
    ``python -m <module>``, or the program's base name."""
    argv = [str(a) for a in args] if isinstance(args, (list, tuple)) else str(args).split()
    if not argv:
        return "?"
    name = os.path.basename(argv[0])
    if name.startswith("terraform"):
        subcommand = next((a for a in argv[1:] if not a.startswith("-")), "")
        return f"terraform {subcommand}".strip()
    if "chrom" in name:
        return "chromium"
    if name.startswith("python") and "-m" in argv[1:-1]:
        return f"python -m {argv[argv.index('-m', 1) + 1]}"
    return name


def _count_launches() -> None:
    """Count every subprocess.Popen this process starts (subprocess.run goes through it)."""
    original = subprocess.Popen.__init__
    if getattr(original, "_timeline_counting", False):
        return

    def counting(self: Any, args: Any, *rest: Any, **kwargs: Any) -> None:
        with _lock:
            _launches[program(args)] += 1
        original(self, args, *rest, **kwargs)

    counting._timeline_counting = True  # type: ignore[attr-defined]
    subprocess.Popen.__init__ = counting  # type: ignore[method-assign]


def _moto_accounts() -> int:
    """Accounts the in-process moto sandbox knows (one IAM backend each); 0 before moto."""
    iam = sys.modules.get("moto.iam.models")
    return len(dict.keys(iam.iam_backends)) if iam is not None else 0


def _snapshot() -> dict[str, Any]:
    times = os.times()
    with _lock:
        launches = Counter(_launches)
    return {"cpu": times.user + times.system + times.children_user + times.children_system,
            "launches": launches, "accounts": _moto_accounts()}


def _worker(report: pytest.TestReport) -> str:
    node = getattr(report, "node", None)
    gateway = getattr(node, "gateway", None)
    return str(getattr(gateway, "id", None) or "main")


def pytest_configure(config: pytest.Config) -> None:
    _count_launches()


def pytest_sessionstart(session: pytest.Session) -> None:
    _session["start"] = time.time()
    # an xdist worker: its reports reach the controller, which records them
    _session["worker"] = hasattr(session.config, "workerinput")


def _measured(item: pytest.Item, when: str) -> Iterator[None]:
    item.stash[_PHASE_START] = _snapshot()
    try:
        yield
    finally:
        before, after = item.stash[_PHASE_START], _snapshot()
        launched = after["launches"] - before["launches"]
        item.stash.setdefault(_PHASE_MEASURES, {})[when] = {
            "cpu": round(after["cpu"] - before["cpu"], 3), "launches": dict(launched),
            "accounts": max(after["accounts"] - before["accounts"], 0)}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    yield from _measured(item, "setup")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    yield from _measured(item, "call")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    yield from _measured(item, "teardown")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Iterator[None]:
    report = yield
    # an attribute of the report travels with it to the xdist controller
    report.measures = item.stash.get(_PHASE_MEASURES, {}).get(call.when, {})
    return report


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if not _session.get("worker"):
        _records.append({"nodeid": report.nodeid, "when": report.when, "worker": _worker(report),
                         "start": report.start, "stop": report.stop, "outcome": report.outcome,
                         **getattr(report, "measures", {})})


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _session.get("worker"):
        return  # the controller writes the file
    path = Path(os.environ.get("TIMELINE_PATH", "build/timeline.json"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"session_start": _session.get("start", 0.0),
                                "session_stop": time.time(), "records": _records}, indent=1))
