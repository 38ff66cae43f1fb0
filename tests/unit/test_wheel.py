"""What the wheel ships: the governance package and its data, never the checkout's harness,
tests or benchmarks (harness/ needs moto, a test extra; it is imported from the repository
root). Read from pyproject.toml's package selection, as setuptools reads it."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import pytest
from setuptools import find_namespace_packages

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
CHECKOUT_ONLY = ("harness", "tests", "bench")


def shipped_packages() -> list[str]:
    """The packages ``[tool.setuptools.packages.find]`` selects (namespaces on, setuptools'
    default for pyproject), every folder of the checkout considered."""
    find = SETUPTOOLS["packages"]["find"]
    assert find.get("namespaces", True), "the test reads the selection as namespace packages"
    return find_namespace_packages(where=str(ROOT / find.get("where", ["."])[0]),
                                   include=find.get("include", ["*"]),
                                   exclude=find.get("exclude", []))


def test_the_wheel_ships_governance_and_nothing_of_the_checkout():
    packages = shipped_packages()
    assert {"governance", "governance.cli", "governance.collectors", "governance.checks",
            "governance.report", "governance.organization"} <= set(packages)
    stray = sorted(name for name in packages if name.split(".")[0] != "governance")
    assert stray == [], f"the wheel would ship {', '.join(stray)}"
    assert not [name for name in packages if name.split(".")[0] in CHECKOUT_ONLY]


@pytest.mark.parametrize("folder", CHECKOUT_ONLY)
def test_the_selection_would_catch_a_checkout_folder(folder):
    """The selection is read, not assumed: the checkout's folders are packages a wider
    ``include`` would take."""
    assert (ROOT / folder).is_dir()
    wide = find_namespace_packages(where=str(ROOT), include=[folder, f"{folder}.*"])
    assert folder in wide


def test_the_package_data_patterns_each_match_files():
    for pattern in SETUPTOOLS["package-data"]["governance"]:
        assert list((ROOT / "governance").glob(pattern)), f"no file matches {pattern!r}"


def test_the_console_script_names_the_cli():
    module, _, name = PYPROJECT["project"]["scripts"]["governance"].partition(":")
    assert module == "governance.cli.main"
    assert callable(getattr(importlib.import_module(module), name))
