"""harness.timeline's load-independent measures: each phase's CPU seconds, the programs it
launched (by name: terraform subcommands, Chromium) and the moto accounts it made, and
bench/bench_suite.py adding them up per module and tier."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.bench_suite import analyse
from harness.timeline import program


@pytest.mark.parametrize(("args", "name"), [
    (["/usr/local/bin/terraform", "apply", "-no-color", "-json"], "terraform apply"),
    (["terraform", "-chdir=x", "plan", "-out=p"], "terraform plan"),
    (("/usr/bin/chromium", "--headless", "--dump-dom", "file:///x.html"), "chromium"),
    (["/venv/bin/python3", "-m", "harness.moto_sandbox", "--port", "1"],
     "python -m harness.moto_sandbox"),
    ("git status", "git"),
    ([], "?"),
])
def test_a_launched_command_is_named_by_program_and_terraform_subcommand(args, name):
    assert program(args) == name


def test_each_phase_carries_its_cpu_launches_and_the_analysis_sums_them(pytester, monkeypatch):
    pytester.makepyfile(test_sample="""
        import subprocess
        import time

        def test_launches_twice():
            subprocess.run(["true"], check=True)
            subprocess.run(["true"], check=True)

        def test_burns_cpu():
            end = time.process_time() + 0.3
            while time.process_time() < end:
                pass
    """)
    path = pytester.path / "timeline.json"
    monkeypatch.setenv("TIMELINE_PATH", str(path))
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parents[2]))
    result = pytester.runpytest_subprocess("-p", "harness.timeline", "-p", "no:xdist",
                                           "-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(passed=2)
    records = {(r["nodeid"].split("::")[-1], r["when"]): r
               for r in json.loads(path.read_text())["records"]}
    assert records[("test_launches_twice", "call")]["launches"] == {"true": 2}
    assert records[("test_launches_twice", "setup")]["launches"] == {}
    assert records[("test_burns_cpu", "call")]["cpu"] >= 0.29
    assert records[("test_burns_cpu", "call")]["launches"] == {}
    assert all(r["accounts"] == 0 for r in records.values())  # no moto in this run
    where = analyse(json.loads(path.read_text()))
    module = where["per_module"]["test_sample.py"]
    assert module["launches"] == {"true": 2} and where["launches"] == {"true": 2}
    assert module["cpu"] >= 0.29 and where["cpu_s"] == pytest.approx(
        sum(r["cpu"] for r in records.values()), abs=0.1)


def test_the_verdict_gives_the_cpu_floor_and_the_cores_the_target_needs(monkeypatch):
    from bench import bench_suite

    monkeypatch.setattr(bench_suite.os, "sched_getaffinity", lambda _: {0, 1})
    judged = bench_suite.verdicts({"total": 100.0}, {"wall_s": 300.0, "cpu_s": 520.0}, None)
    assert judged["ratio"] == 3.0 and judged["ratio_within_target"] is False
    assert judged["cpu_floor_s"] == 260.0 and judged["cpu_floor_ratio"] == 2.6
    assert judged["cores_for_target"] == round(520 / (bench_suite.TARGET_RATIO * 100), 1)
    text = bench_suite.report({"total": 100.0}, {"wall_s": 300.0, "cpu_s": 520.0, "workers": 3,
                                                 "summary": "1 passed"},
                              analyse({"session_start": 0, "session_stop": 1, "records": []}))
    assert "CPU floor: 520.0 CPU-s over 2 cores is at least 260.0 s" in text
    unknown = bench_suite.verdicts({"total": 100.0}, {"wall_s": 300.0, "cpu_s": "?"}, None)
    assert "cpu_floor_s" not in unknown
