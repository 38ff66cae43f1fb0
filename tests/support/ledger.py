"""The live-proof ledger (tests/live_proofs.toml): for each control of the catalog, the pytest
node ids proving its PASS, FAIL and ERROR verdicts on live (moto) state, or ``none``, the
reason a verdict has no live proof on moto.

The seeded tier reads it to choose what its three verdict tests run (tests/seeded/cases.py):
a seeded case's verdict runs there only where the ledger names that very node, so a verdict
an applied stack proves is not proved again. tests/unit/test_live_proof_ledger.py checks it.
Imports no test module.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LEDGER = ROOT / "tests" / "live_proofs.toml"
VERDICTS = ("PASS", "FAIL", "ERROR")


@cache
def live_proofs() -> dict[str, dict[str, Any]]:
    """The ledger's ``controls`` table: control id -> {PASS, FAIL, ERROR: [node id], none}."""
    with LEDGER.open("rb") as file:
        return dict(tomllib.load(file)["controls"])


def node_id(test_file: str | Path, function: str, param: str | None = None) -> str:
    """``tests/x/test_y.py::function[param]``, the file relative to the repository."""
    path = Path(test_file).resolve().relative_to(ROOT).as_posix()
    return f"{path}::{function}" + (f"[{param}]" if param is not None else "")


def proofs(control_id: str, verdict: str) -> list[str]:
    """The node ids the ledger names as proofs of ``verdict`` of ``control_id``."""
    if verdict not in VERDICTS:
        raise ValueError(f"{verdict!r} is not one of {VERDICTS}")
    return list(live_proofs().get(control_id, {}).get(verdict, []))


def proved_here(control_ids: list[str], verdict: str, test_file: str | Path,
                function: str) -> list[str]:
    """The controls of ``control_ids`` whose ``verdict`` the ledger says
    ``test_file::function[<control id>]`` proves."""
    return [control_id for control_id in control_ids
            if node_id(test_file, function, control_id) in proofs(control_id, verdict)]
