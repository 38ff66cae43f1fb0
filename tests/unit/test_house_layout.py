"""The layout rules of the house (docs/ENGINEERING.md, "Layout"), checked on the source.

- No file under governance/, harness/ or bench/ longer than ``LONG_FILE_LINES`` lines unless
  its module docstring says why (a paragraph starting "Why this module is long:").
- No module outside tests/ imports a test module (anything under ``tests`` but
  ``tests.support``): tiers, the harness and the benchmarks share code through harness/
  (harness/seeds/ for seeding) and tests/support/ only.
- No import circle inside the ``governance`` package, lazy imports inside functions included:
  a circle hidden in a function is still one the next change trips over.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LONG_FILE_LINES = 450
LONG_REASON = "Why this module is long:"
OUTSIDE_TESTS = ("governance", "harness", "bench")


def _sources(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(path: Path) -> set[str]:
    """Every module name an import statement of ``path`` names, at any depth, relative
    imports resolved; ``from a import b`` names both ``a`` and ``a.b``."""
    name = _module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[:len(package) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _long_without_reason() -> list[str]:
    offenders = []
    for path in _sources(*OUTSIDE_TESTS):
        lines = path.read_text().count("\n")
        if lines <= LONG_FILE_LINES:
            continue
        docstring = ast.get_docstring(ast.parse(path.read_text())) or ""
        if LONG_REASON not in docstring:
            offenders.append(f"{path.relative_to(ROOT)} ({lines} lines)")
    return offenders


def test_no_long_file_without_its_reason():
    offenders = _long_without_reason()
    assert not offenders, (
        f"over {LONG_FILE_LINES} lines with no {LONG_REASON!r} paragraph in the module "
        f"docstring: {', '.join(offenders)}")


def test_no_module_outside_tests_imports_a_test_module():
    offenders = sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _sources(*OUTSIDE_TESTS)
        for name in _imported(path)
        if (name == "tests" or name.startswith("tests.")) and not _is_support(name))
    assert not offenders, "; ".join(offenders)


def _is_support(name: str) -> bool:
    return name == "tests.support" or name.startswith("tests.support.")


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in sorted(graph[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def _import_graph(folder: str) -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in _sources(folder)}
    return {name: {other for other in _imported(path) if other in modules and other != name}
            for name, path in modules.items()}


def test_the_governance_package_has_no_import_circle():
    assert _circles(_import_graph("governance")) == []


@pytest.mark.parametrize("graph, circle", [
    ({"a": {"b"}, "b": {"a"}, "c": set()}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": set()}, []),
])
def test_the_circle_finder_finds_what_it_should(graph, circle):
    assert _circles(graph) == circle


def test_the_import_reader_sees_lazy_and_relative_imports(tmp_path, monkeypatch):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    module = package / "mod.py"
    module.write_text("def f():\n    from tests.unit import x\n    from . import sibling\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert {"tests.unit", "tests.unit.x", "pkg", "pkg.sibling"} <= _imported(module)
