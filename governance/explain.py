"""Where a control lives, from its id: ``python -m governance explain ID`` and docs/CONTROLS.md.

For one control (:func:`explain_text`) or every control in catalog order
(:func:`controls_markdown`, written to docs/CONTROLS.md): its catalog file, its check (found
from the check registry, governance.checks.REGISTRY; a check registered in a loop is shown as
the function the loop registers, with the lines of the registration and of the loop), the
reads it needs (governance/catalog/data/control-reads.json, through governance.selection) and
the collector module recording each, its unit cases (governance/case_index.py: tests/unit
read as source, never imported), its live proof (tests/live_proofs.toml), its Terraform
module and the framework items it answers (governance.verdicts.item_verdicts, as the reports).

The markdown names files and functions without line numbers, so that an edit that only
moves code does not stale it; ``explain ID`` gives the lines. Paths are relative to the
repository root, from any working directory.
"""

from __future__ import annotations

import ast
import difflib
import importlib
import inspect
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from governance.case_index import REPO_ROOT, UNIT_TESTS, UnitCase, relative, unit_cases
from governance.catalog import VERIFY_ONLY, catalog
from governance.selection import OUTSIDE_COLLECTORS, collector_records, control_reads

LIVE_PROOFS = "tests/live_proofs.toml"
REGENERATE = "python -m governance explain --markdown > docs/CONTROLS.md"


class UnknownControl(Exception):
    """A control id the catalog does not hold; str() is one line with the closest ids."""

    def __init__(self, control_id: str) -> None:
        closest = difflib.get_close_matches(control_id, list(catalog()), n=3, cutoff=0.5)
        hint = (f"; closest: {', '.join(closest)}" if closest
                else "; every id is listed in docs/CONTROLS.md")
        super().__init__(f"unknown control id {control_id!r}{hint}")
        self.control_id = control_id


# --- the check -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckLocation:
    """The function that judges a control: ``file`` (repository-relative), ``function`` and
    ``line`` of its ``def``. For a check registered in a loop: ``registered_at`` (the line of
    the ``check(...)`` call), ``registrar`` (the function holding it) and ``loop_line``."""

    file: str
    function: str
    line: int
    registrar: str = ""
    registered_at: int = 0
    loop_line: int = 0

    def text(self, lines: bool = True) -> str:
        where = f"{self.file}:{self.function}" + (f" (line {self.line})" if lines else "")
        if not self.registrar:
            return where
        if not lines:
            return f"{where}, registered for this id in a loop by {self.registrar}"
        loop = f", called from the loop at line {self.loop_line}" if self.loop_line else ""
        return (f"{where}, registered for this id in a loop by {self.registrar} at line "
                f"{self.registered_at}{loop}")


@cache
def _module_tree(path: str) -> ast.Module:
    return ast.parse(Path(path).read_text(encoding="utf-8"))


def _def_line(function: Any) -> int:
    """The line of the function's ``def`` (below its decorators)."""
    source, first = inspect.getsourcelines(function)
    for offset, text in enumerate(source):
        if text.lstrip().startswith(("def ", "async def ")):
            return first + offset
    return first


def _calls(node: ast.AST) -> list[str]:
    return [call.func.id for call in ast.walk(node)
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)]


def check_location(control_id: str) -> CheckLocation:
    """Where the registered check of ``control_id`` is defined (KeyError when none is)."""
    from governance.checks import REGISTRY

    function = inspect.unwrap(REGISTRY[control_id])  # through @functools.wraps decorators
    source = inspect.getsourcefile(function) or ""
    if "<locals>" not in function.__qualname__:
        return CheckLocation(relative(source), function.__qualname__, _def_line(function))
    registrar = function.__qualname__.split(".<locals>")[0]
    module = importlib.import_module(function.__module__)
    tree = _module_tree(source)
    holder = next(node for node in tree.body
                  if isinstance(node, ast.FunctionDef) and node.name == registrar)
    first = function.__code__.co_firstlineno
    registered = next(node for node in ast.walk(holder)
                      if isinstance(node, ast.Lambda | ast.FunctionDef) and node is not holder
                      and first in (node.lineno, *(d.lineno for d in getattr(
                          node, "decorator_list", []))))
    own = {name for name, value in vars(module).items()
           if inspect.isfunction(value) and value.__module__ == module.__name__}
    delegate = next((name for name in _calls(registered) if name in own and name != registrar),
                    "")
    register_call = next(call.lineno for call in ast.walk(holder) if isinstance(call, ast.Call)
                         and "check" in _calls(call))
    loop = next((node.lineno for node in tree.body if isinstance(node, ast.For)
                 and registrar in _calls(node)), 0)
    if delegate:
        target = getattr(module, delegate)
        return CheckLocation(relative(source), delegate, _def_line(target),
                             registrar, register_call, loop)
    return CheckLocation(relative(source), function.__qualname__, register_call,
                         registrar, register_call, loop)


# --- reads -----------------------------------------------------------------------------------


def reads_of(control_id: str) -> list[tuple[str, list[str]]] | None:
    """(API key, the collector modules' files recording it) for each read of the control's
    check, from control-reads.json; None when the control is not in that file."""
    reads = control_reads().get(control_id)
    if reads is None:
        return None
    recorders: dict[str, list[str]] = {}
    for module, apis in collector_records().items():
        for api in apis:
            recorders.setdefault(api, []).append(module.replace(".", "/") + ".py")
    return [(api, sorted(recorders.get(api, []))) for api in reads]


def _no_collector(api: str) -> str:
    if api in OUTSIDE_COLLECTORS:
        return "the audit's own settings: no collector"
    return "no collector module records it"


def _read_line(api: str, files: list[str]) -> str:
    return f"{api} ({', '.join(files) or _no_collector(api)})"


# --- live proof, frameworks ------------------------------------------------------------------


@cache
def _live_proofs() -> dict[str, Any] | None:
    path = REPO_ROOT / LIVE_PROOFS
    if not path.is_file():
        return None
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8")).get("controls", {})
    return data


def live_proof_lines(control_id: str, code: Callable[[str], str] = str) -> list[str]:
    """One line per verdict proved on live state (its pytest node ids, each through
    ``code``), or why there is none."""
    proofs = _live_proofs()
    if proofs is None:
        return [f"{LIVE_PROOFS} not found (an installed package has no tests/)"]
    entry = proofs.get(control_id)
    if not entry:
        return [f"none listed in {LIVE_PROOFS}"]
    lines = [f"{status}: {', '.join(code(node) for node in entry[status])}"
             for status in ("PASS", "FAIL", "ERROR") if entry.get(status)]
    if entry.get("none"):
        lines.append(f"none on moto: {entry['none']}")
    return lines


@cache
def _framework_items() -> dict[str, list[tuple[str, list[str]]]]:
    """Control id -> (framework name, item ids) for every framework, as the reports map them."""
    from governance.verdicts import framework_names, item_verdicts

    names = framework_names()
    mapped: dict[str, list[tuple[str, list[str]]]] = {}
    for key, rows in item_verdicts([]).items():
        for control_id in catalog():
            items = [row.item_id for row in rows if control_id in row.controls]
            if items:
                mapped.setdefault(control_id, []).append((f"{names[key]} ({key})", items))
    return mapped


def terraform_module(control_id: str) -> str:
    module = catalog()[control_id].implemented_by
    if module == VERIFY_ONLY:
        return "verify-only (Terraform cannot set it: checked, not managed)"
    return f"terraform/modules/{module}/"


# --- the two outputs -------------------------------------------------------------------------


@dataclass
class _Facts:
    control_id: str
    title: str
    catalog_file: str
    check: CheckLocation | None
    reads: list[tuple[str, list[str]]] | None
    cases: list[UnitCase] | None
    live: list[str]
    terraform: str
    frameworks: list[tuple[str, list[str]]] = field(default_factory=list)


def _facts(control_id: str) -> _Facts:
    controls = catalog()
    if control_id not in controls:
        raise UnknownControl(control_id)
    from governance.checks import REGISTRY

    location = check_location(control_id) if control_id in REGISTRY else None
    return _Facts(control_id, controls[control_id].title,
                  f"governance/catalog/controls/{control_id}.toml", location,
                  reads_of(control_id), unit_cases(control_id), live_proof_lines(control_id),
                  terraform_module(control_id), _framework_items().get(control_id, []))


def _reads_lines(facts: _Facts) -> list[str]:
    if facts.reads is None:
        return ["not in governance/catalog/data/control-reads.json (regenerate it: "
                "python -m tests.support.control_reads --write)"]
    return [_read_line(api, files) for api, files in facts.reads] or ["none"]


def _case_lines(facts: _Facts, lines: bool) -> list[str]:
    if facts.cases is None:
        return [f"{UNIT_TESTS}/ not found (an installed package has no tests/)"]
    return [f"{case.file}" + (f":{case.line}" if lines else "") + f" ({case.table})"
            for case in facts.cases] or ["none found in tests/unit"]


def explain_text(control_id: str) -> str:
    """Everything that makes up one control, as text (raises UnknownControl)."""
    facts = _facts(control_id)
    out = [f"{facts.control_id}: {facts.title}", f"catalog:    {facts.catalog_file}",
           "check:      " + (facts.check.text() if facts.check else "no check registered")]
    sections = (("reads", _reads_lines(facts)), ("unit cases", _case_lines(facts, True)),
                ("live proof", facts.live), ("terraform", [facts.terraform]),
                ("frameworks", [f"{name}: {', '.join(items)}"
                                for name, items in facts.frameworks] or ["none"]))
    for title, lines in sections:
        out.append(f"{title + ':':<11} {lines[0]}")
        out += [f"{'':11} {line}" for line in lines[1:]]
    return "\n".join(out) + "\n"


def _link(path: str, text: str | None = None) -> str:
    """A markdown link from docs/ to a repository path."""
    return f"[{text or path}](../{path})"


def _code(text: str) -> str:
    return f"`{text}`"


def _markdown_section(facts: _Facts) -> list[str]:
    check = (_link(facts.check.file, facts.check.text(lines=False)) if facts.check
             else "no check registered")
    if facts.reads is None:
        reads = _reads_lines(facts)
    else:  # grouped by the collector module recording them
        by_source: dict[str, list[str]] = {}
        for api, files in facts.reads:
            source = ", ".join(_link(file) for file in files) or f"({_no_collector(api)})"
            by_source.setdefault(source, []).append(f"`{api}`")
        reads = [f"{source}: {', '.join(apis)}" for source, apis in by_source.items()] or ["none"]
    by_file: dict[str, list[str]] = {}
    for case in facts.cases or []:
        by_file.setdefault(case.file, []).append(case.table)
    cases = ([f"{_link(file)} ({', '.join(tables)})" for file, tables in by_file.items()]
             or _case_lines(facts, lines=False))
    terraform = (_link(facts.terraform) if facts.terraform.startswith("terraform/")
                 else facts.terraform)
    frameworks = [f"{name}: {', '.join(items)}" for name, items in facts.frameworks]
    return [f"## {facts.control_id}", "", facts.title, "",
            f"- catalog: {_link(facts.catalog_file)}",
            f"- check: {check}",
            "- reads: " + "; ".join(reads),
            "- unit cases: " + "; ".join(cases),
            "- live proof: " + "; ".join(live_proof_lines(facts.control_id, _code)),
            f"- terraform: {terraform}",
            "- frameworks: " + ("; ".join(frameworks) or "none"), ""]


def controls_markdown() -> str:
    """docs/CONTROLS.md: every control of the catalog with the facts of :func:`explain_text`."""
    out = ["# Controls", "",
           f"Generated by `{REGENERATE}` (governance/explain.py) and kept current by "
           "tests/unit/test_explain.py; `python -m governance explain ID` shows one control "
           "with line numbers.", ""]
    for control_id in catalog():
        out += _markdown_section(_facts(control_id))
    return "\n".join(out)


__all__ = ["UnknownControl", "controls_markdown", "explain_text"]
