"""Where each control's unit cases are in tests/unit, found by reading the source: a test
module is never imported (governance must not depend on tests; an installed package has none).

A key of ``FAIL_CASES`` / ``PASS_CASES`` counts when it is written as a string, as a module
constant, or computed by a comprehension or a module-level ``for`` whose inputs come from
governance (``{f"scp-{gid}": ... for gid in guardrails()}``): such expressions are evaluated
with the module's ``from governance... import`` names only, and an expression that needs a
test module's name is skipped. An ``ITEM_CASES`` key ``("cis_aws_v3", "1.8")`` in
tests/unit/items_*.py is a case of every control mapped to that framework item. Used by
governance/explain.py (``python -m governance explain ID``, docs/CONTROLS.md).
"""

from __future__ import annotations

import ast
import importlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from governance.catalog import catalog

REPO_ROOT = Path(__file__).resolve().parent.parent
UNIT_TESTS = "tests/unit"
CASE_TABLES = ("FAIL_CASES", "PASS_CASES")


def relative(path: str | Path) -> str:
    """``path`` relative to the repository root (absolute when outside it)."""
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return resolved.as_posix()



@dataclass(frozen=True)
class UnitCase:
    """Where a control's unit cases are: ``file``, the table (FAIL_CASES, PASS_CASES or
    ``ITEM_CASES <framework>:<item>``) and the line of the first key naming it."""

    file: str
    table: str
    line: int


def _governance_names(tree: ast.Module) -> dict[str, Any]:
    """The module's ``from governance... import`` names, imported (never a test module)."""
    names: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("governance"):
            module = importlib.import_module(node.module or "")
            for alias in node.names:
                if hasattr(module, alias.name):
                    names[alias.asname or alias.name] = getattr(module, alias.name)
    return names


def _evaluate(node: ast.expr, names: dict[str, Any]) -> Any:
    """The value of an expression over governance names; None when it needs anything else."""
    try:
        code = compile(ast.fix_missing_locations(ast.Expression(node)), "<unit case>", "eval")
        return eval(code, dict(names))  # governance names only, never a test module's
    except Exception:  # a name from a test module: the value is not resolvable here
        return None


def _keys(node: ast.expr, names: dict[str, Any]) -> list[tuple[str, int]]:
    """(key, line) for the string keys of a dict display or dict comprehension."""
    if isinstance(node, ast.Dict):
        pairs = [(_evaluate(key, names), key.lineno) for key in node.keys if key is not None]
        return [(key, line) for key, line in pairs if isinstance(key, str)]
    if isinstance(node, ast.DictComp):
        found = _evaluate(ast.ListComp(elt=node.key, generators=node.generators), names)
        return [(key, node.lineno) for key in found or [] if isinstance(key, str)]
    return []


def _table_keys(statement: ast.stmt, names: dict[str, Any]) -> list[tuple[str, str, int]]:
    """(table, control id, line) for each key a module-level statement adds to FAIL_CASES /
    PASS_CASES: ``T = {...}``, ``T.update({...})``, ``T[k] = / += ...``, ``T[k].append(...)``."""
    found: list[tuple[str, str, int]] = []
    if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        for target in targets:
            if isinstance(target, ast.Name) and target.id in CASE_TABLES:
                found += [(target.id, key, line) for key, line in _keys(statement.value, names)]
    for node in ast.walk(statement):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "update" and isinstance(node.func.value, ast.Name)
                and node.func.value.id in CASE_TABLES and node.args):
            found += [(node.func.value.id, key, line) for key, line in _keys(node.args[0], names)]
        if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)
                and node.value.id in CASE_TABLES):
            key = _evaluate(node.slice, names)
            if isinstance(key, str):
                found.append((node.value.id, key, node.lineno))
    return found


def _bind(target: ast.expr, value: Any, names: dict[str, Any]) -> None:
    """Note a module constant (``NAME = ...``, ``A, B = ...``) that governance names resolve."""
    if isinstance(target, ast.Name) and target.id not in CASE_TABLES:
        names[target.id] = value
    elif (isinstance(target, ast.Tuple) and isinstance(value, tuple | list)
          and len(value) == len(target.elts)):
        for element, part in zip(target.elts, value, strict=True):
            _bind(element, part, names)


def _iterations(loop: ast.For, names: dict[str, Any]) -> list[dict[str, Any]]:
    """The loop target's bindings per iteration of a module-level ``for``, as far as governance
    names resolve them (an element of a tuple display is resolved on its own)."""
    if isinstance(loop.iter, ast.Tuple | ast.List):
        iterations = []
        for element in loop.iter.elts:
            bound: dict[str, Any] = {}
            if (isinstance(element, ast.Tuple) and isinstance(loop.target, ast.Tuple)
                    and len(element.elts) == len(loop.target.elts)):
                for target, part in zip(loop.target.elts, element.elts, strict=True):
                    if (value := _evaluate(part, names)) is not None:
                        _bind(target, value, bound)
            elif (value := _evaluate(element, names)) is not None:
                _bind(loop.target, value, bound)
            iterations.append(bound)
        return iterations
    values = _evaluate(loop.iter, names)
    iterations = []
    for value in values if isinstance(values, dict | list | tuple | set | frozenset) else []:
        bound = {}
        _bind(loop.target, value, bound)
        iterations.append(bound)
    return iterations


def _module_cases(path: Path) -> tuple[dict[str, list[UnitCase]], dict[tuple[str, str], UnitCase]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = _governance_names(tree)
    by_control: dict[str, list[UnitCase]] = {}
    by_item: dict[tuple[str, str], UnitCase] = {}
    file = relative(path)
    for statement in tree.body:
        found = _table_keys(statement, names)
        if isinstance(statement, ast.For):
            found += [key for bound in _iterations(statement, names) for inner in statement.body
                      for key in _table_keys(inner, {**names, **bound})]
        for table, key, line in found:
            cases = by_control.setdefault(key, [])
            if not any(case.table == table for case in cases):
                cases.append(UnitCase(file, table, line))
            names.setdefault(table, {})[key] = None
        if isinstance(statement, ast.Assign):
            value = _evaluate(statement.value, names)
            if value is not None:
                for target in statement.targets:
                    _bind(target, value, names)
        if path.name.startswith("items_"):
            for node in ast.walk(statement):
                if isinstance(node, ast.Dict):
                    for key in node.keys:
                        pair = _evaluate(key, {}) if key is not None else None
                        if (isinstance(pair, tuple) and len(pair) == 2
                                and all(isinstance(part, str) for part in pair)):
                            by_item.setdefault(pair, UnitCase(
                                file, f"ITEM_CASES {pair[0]}:{pair[1]}", key.lineno))
    return by_control, by_item


@cache
def _all_unit_cases() -> tuple[dict[str, list[UnitCase]], dict[tuple[str, str], UnitCase]]:
    by_control: dict[str, list[UnitCase]] = {}
    by_item: dict[tuple[str, str], UnitCase] = {}
    for path in sorted((REPO_ROOT / UNIT_TESTS).rglob("*.py")):
        controls, items = _module_cases(path)
        for control_id, cases in controls.items():
            by_control.setdefault(control_id, []).extend(cases)
        for pair, case in items.items():
            by_item.setdefault(pair, case)
    return by_control, by_item


def unit_cases(control_id: str) -> list[UnitCase] | None:
    """The control's own cases, then its framework items' cases; None without tests/unit
    (an installed package)."""
    if not (REPO_ROOT / UNIT_TESTS).is_dir():
        return None
    by_control, by_item = _all_unit_cases()
    items = [by_item[pair] for pair in catalog()[control_id].frameworks.items()
             if pair in by_item]
    return [*by_control.get(control_id, []), *items]
