"""The live-proof ledger (tests/live_proofs.toml) is complete and true: every control of the
catalog has PASS and FAIL proofs on live state or a reason why not, every node id it names
exists (file, function, parameter), and every seeded case (SEEDED of the seeded modules) is
named where it runs, so no seeded case is left that no test runs.

Imports the seeded and apply test modules to read their tables and parameters (no AWS, no
Terraform run)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest

from governance.catalog import catalog
from tests.support.ledger import LEDGER, ROOT, VERDICTS, live_proofs

SEEDED_MODULES = sorted(path.stem for path in (ROOT / "tests" / "seeded").glob("test_*_controls.py"))
PARTNER = "tests/seeded/test_partner_checklist.py"
DENIED_READS = ("tests/apply/test_complete_baseline.py::"
                "test_denied_reads_turn_controls_to_error_never_pass")
FAIL_TEST = "test_cli_fails_with_the_reason"
# The three verdict tests of tests/seeded/cases.py, parametrized by control id.
VERDICT_TESTS = {"test_cli_passes_on_a_compliant_account", FAIL_TEST,
                 "test_cli_errors_when_the_read_is_denied"}


def _split(node: str) -> tuple[str, str, str | None]:
    path, _, rest = node.partition("::")
    function, bracket, param = rest.partition("[")
    if bracket and not param.endswith("]"):
        raise ValueError(f"unbalanced [ in {node}")
    return path, function, param[:-1] if bracket else None


def _module(path: str) -> Any:
    return importlib.import_module(path.removesuffix(".py").replace("/", "."))


def _parameter_ids(function: Any) -> list[str] | None:
    """The ids pytest gives ``function``'s parameters (None: not parametrized)."""
    marks = [m for m in getattr(function, "pytestmark", []) if m.name == "parametrize"]
    if not marks:
        return None
    assert len(marks) == 1, f"{function.__name__}: stacked parametrize marks are not read here"
    names, values = marks[0].args[0], list(marks[0].args[1])
    ids = marks[0].kwargs.get("ids")
    if isinstance(ids, list | tuple):
        return [str(i) for i in ids]
    several = (isinstance(names, list | tuple) and len(names) > 1) or "," in str(names)
    render = ids if callable(ids) else str
    if several:
        return ["-".join(str(render(v)) for v in value) for value in values]
    return [str(render(value)) for value in values]


def _every_node() -> list[tuple[str, str, str]]:
    return [(control_id, verdict, node) for control_id, entry in sorted(live_proofs().items())
            for verdict in VERDICTS for node in entry.get(verdict, [])]


def _seeded(module: str) -> dict[str, Any]:
    return _module(f"tests/seeded/{module}.py").SEEDED


def test_the_ledger_has_one_entry_per_catalog_control_in_its_schema():
    assert LEDGER.is_file()
    assert sorted(live_proofs()) == sorted(catalog())
    for control_id, entry in live_proofs().items():
        assert set(entry) <= {*VERDICTS, "none"}, control_id
        for verdict in set(entry) & set(VERDICTS):
            nodes = entry[verdict]
            assert nodes and all(isinstance(n, str) for n in nodes), (control_id, verdict)
            assert len(set(nodes)) == len(nodes), (control_id, verdict, "named twice")
        assert isinstance(entry.get("none", "a reason"), str) and entry.get("none") != ""


def test_every_control_has_pass_and_fail_proofs_or_a_reason_why_not():
    missing = {control_id: sorted({"PASS", "FAIL"} - set(entry))
               for control_id, entry in live_proofs().items()
               if not {"PASS", "FAIL"} <= set(entry) and "none" not in entry}
    assert missing == {}


@pytest.mark.parametrize(("control_id", "verdict", "node"), _every_node(),
                         ids=lambda value: str(value))
def test_every_node_named_exists(control_id, verdict, node):
    path, function_name, param = _split(node)
    assert (ROOT / path).is_file(), node
    assert path.startswith("tests/") and Path(path).name.startswith("test_"), node
    function = getattr(_module(path), function_name, None)
    assert callable(function), f"{node}: no test function {function_name} in {path}"
    ids = _parameter_ids(function)
    if param is None:
        assert ids is None, f"{node}: {function_name} is parametrized, name the parameter"
    else:
        assert ids is not None and param in ids, f"{node}: not a parameter of {function_name}"


def test_a_seeded_verdict_test_names_its_own_control():
    """A verdict test ``test_cli_*[<id>]`` proves the control ``<id>``, never another one."""
    wrong = [(control_id, node) for control_id, _, node in _every_node()
             if _split(node)[1] in VERDICT_TESTS and node.startswith("tests/seeded/")
             and _split(node)[2] != control_id]
    assert wrong == []


def _runs_the_case(control_id: str, module: str) -> list[str]:
    """The nodes of the ledger entry that run the seeded case: the module's own tests and the
    partner checklist (it composes the cases of the seeded modules). The applied stack's
    denied-read audit runs none: it denies the reads of its own table."""
    file = f"tests/seeded/{module}.py"
    return [node for verdict in VERDICTS for node in live_proofs()[control_id].get(verdict, [])
            if _split(node)[0] in (file, PARTNER)]


@pytest.mark.parametrize("module", SEEDED_MODULES)
def test_every_seeded_case_runs_where_the_ledger_names_it(module):
    dead = [control_id for control_id in _seeded(module)
            if control_id not in live_proofs() or not _runs_the_case(control_id, module)]
    assert dead == [], "seeded cases no test runs: remove them from SEEDED or name their proof"


def test_the_denied_read_audit_is_the_error_proof_of_exactly_the_controls_of_its_table():
    """tests/apply/complete_denied_reads.py: each control of DENIED_READS is one the applied
    examples/complete stack proves, and the ledger names the audit as its ERROR proof (and
    as no other verdict's); no other control names it."""
    from tests.apply.complete_denied_reads import DENIED_READS as TABLE
    from tests.apply.proven import COMPLETE_PROVABLE

    named = {(control_id, verdict) for control_id, verdict, node in _every_node()
             if node == DENIED_READS}
    assert named == {(control_id, "ERROR") for control_id in TABLE}
    assert sorted(set(TABLE) - set(COMPLETE_PROVABLE)) == []


def test_each_denied_read_is_a_read_of_the_controls_check():
    """Denying the action refuses an API call the control's check reads
    (governance/catalog/data/control-reads.json, generated from the checks), so the ERROR
    comes from the control's own read, not from a neighbour's."""
    from governance.selection import control_reads
    from tests.apply.complete_denied_reads import DENIED_READS as TABLE
    from tests.apply.complete_denied_reads import MOTO_AUTHORIZES_AS, denied_operation

    reads = control_reads()
    not_read = {control_id: action for control_id, action in TABLE.items()
                if denied_operation(action) not in reads.get(control_id, [])}
    assert not_read == {}
    assert set(MOTO_AUTHORIZES_AS) <= set(TABLE.values())  # no stale translation


def test_moto_authorizes_a_buckets_public_access_block_read_as_s3_list_bucket():
    """The one translation of MOTO_AUTHORIZES_AS: moto's S3 ACTION_MAP misses the query key
    of GetPublicAccessBlock (``publicAccessBlock``), so the request falls to ListBucket. This
    fails when moto names the key: then deny s3:GetPublicAccessBlock instead."""
    from moto.s3.responses import ACTION_MAP

    from tests.apply.complete_denied_reads import MOTO_AUTHORIZES_AS

    bucket_get = ACTION_MAP["BUCKET"]["GET"]
    assert MOTO_AUTHORIZES_AS == {"s3:ListBucket": "s3:GetPublicAccessBlock"}
    assert "publicAccessBlock" not in bucket_get
    assert bucket_get["DEFAULT"] == "ListBucket"


@pytest.mark.parametrize("module", SEEDED_MODULES)
def test_a_fail_seed_is_run_by_a_fail_proof_and_only_a_fail_seed(module):
    """A case's FAIL seed and reason exist only where a seeded test breaks the control with
    them (the module's FAIL test or own test, the partner checklist's flip); without one, the
    FAIL proof is elsewhere (an applied stack's drift, which asserts its own reason)."""
    from tests.seeded import test_partner_checklist as partner

    file = f"tests/seeded/{module}.py"
    unrun, without_seed = [], []
    for control_id, case in _seeded(module).items():
        fail_nodes = live_proofs()[control_id].get("FAIL", [])
        flips = [node for node in fail_nodes if _split(node)[0] == PARTNER]
        for node in flips:
            key, item = str(_split(node)[2]).split(":", 1)
            assert partner.FLIP[key][item] == control_id, node
        seeded_here = [node for node in fail_nodes if _split(node)[0] == file]
        if case.seed_fail is not None and not (flips or seeded_here):
            unrun.append(control_id)
        if case.seed_fail is None and any(_split(n)[1] == FAIL_TEST for n in seeded_here):
            without_seed.append(control_id)
    assert unrun == [], "FAIL seeds no test runs: drop them or name the test that runs them"
    assert without_seed == []


def test_a_proof_of_a_seeded_case_is_in_its_own_module():
    """A control's seeded verdict tests are those of the module whose SEEDED holds it."""
    home = {control_id: f"tests/seeded/{module}.py" for module in SEEDED_MODULES
            for control_id in _seeded(module)}
    misplaced = [node for control_id, _, node in _every_node()
                 if _split(node)[1] in VERDICT_TESTS and node.startswith("tests/seeded/")
                 and _split(node)[0] != home.get(control_id)]
    assert misplaced == []
