"""A pytest plugin that writes a per-worker timeline of the run: ``-p harness.timeline``.

Every test phase (setup, call, teardown) is recorded with the xdist worker that ran it and
its wall-clock start and stop, from the reports the controller receives; at the end of the
session the records go to ``$TIMELINE_PATH`` (default ``build/timeline.json``). It measures,
it never asserts: bench/bench_suite.py reads the file to say where the time went.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

_records: list[dict[str, Any]] = []
_session: dict[str, Any] = {}


def _worker(report: pytest.TestReport) -> str:
    node = getattr(report, "node", None)
    gateway = getattr(node, "gateway", None)
    return str(getattr(gateway, "id", None) or "main")


def pytest_sessionstart(session: pytest.Session) -> None:
    _session["start"] = time.time()
    # an xdist worker: its reports reach the controller, which records them
    _session["worker"] = hasattr(session.config, "workerinput")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if not _session.get("worker"):
        _records.append({"nodeid": report.nodeid, "when": report.when, "worker": _worker(report),
                         "start": report.start, "stop": report.stop, "outcome": report.outcome})


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _session.get("worker"):
        return  # the controller writes the file
    path = Path(os.environ.get("TIMELINE_PATH", "build/timeline.json"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"session_start": _session.get("start", 0.0),
                                "session_stop": time.time(), "records": _records}, indent=1))
