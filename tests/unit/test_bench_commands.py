"""The Makefile's benchmark targets start each benchmark as a module (``python -m bench.X``):
run as a script (``python bench/X.py``) a benchmark cannot import ``harness``, which the
wheel does not ship and the script's directory does not hold."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"


def _python_commands() -> list[str]:
    return [line.strip() for line in MAKEFILE.read_text().splitlines()
            if line.startswith("\t") and "$(BIN)/python" in line and "bench" in line]


def test_every_benchmark_target_runs_a_module_that_exists() -> None:
    commands = _python_commands()
    modules = [m for c in commands for m in re.findall(r"-m (bench(?:\.\w+)+)", c)]
    assert len(modules) >= 5, commands
    for module in modules:
        assert importlib.util.find_spec(module) is not None, module


def test_no_benchmark_target_runs_a_script_path() -> None:
    scripts = [c for c in _python_commands() if re.search(r"python \S*bench/\S+\.py", c)]
    assert scripts == []
