"""harness.timeline records each test phase's worker, start and stop for bench/bench_suite.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.bench_suite import analyse


def test_the_timeline_has_every_phase_of_every_test_and_the_analysis_adds_up(pytester, monkeypatch):
    pytester.makepyfile(test_sample="""
        import time

        def test_quick():
            pass

        def test_slow():
            time.sleep(0.2)
    """)
    path = pytester.path / "timeline.json"
    monkeypatch.setenv("TIMELINE_PATH", str(path))
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)  # when this test runs on one
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parents[2]))
    result = pytester.runpytest_subprocess("-p", "harness.timeline", "-p", "no:xdist",
                                           "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    timeline = json.loads(path.read_text())
    phases = {(r["nodeid"].split("::")[-1], r["when"]) for r in timeline["records"]}
    assert phases == {(name, when) for name in ("test_quick", "test_slow")
                      for when in ("setup", "call", "teardown")}
    assert all(r["start"] <= r["stop"] and r["worker"] == "main" for r in timeline["records"])
    where = analyse(timeline)
    assert where["tests"] == 2
    assert where["slowest"][0]["test"].endswith("test_slow")
    assert where["slowest"][0]["seconds"] >= 0.2
    busy = where["per_worker"]["main"]["busy"]
    assert busy >= 0.2
    assert busy + where["per_worker"]["main"]["idle"] == pytest.approx(where["session_wall_s"], abs=0.11)
