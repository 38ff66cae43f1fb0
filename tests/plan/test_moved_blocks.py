"""The `moved` blocks of the modules whose KMS key went into terraform/modules/_internal/kms-key
(issue 19): state written by the former layout follows without a destroy.

Statically, for every module with a list of its former addresses
(fixtures/moved/<module>.txt, written from main.tf before the move): each `from` was an
address of that module, counted as it was (single, count, for_each); it is no longer
declared; each `to` is declared in the module it names; and every former address the module
no longer declares has a `moved` block (otherwise an existing user's resource is destroyed).
Once for real, one `terraform plan -refresh=false` of terraform/fixtures/moved-kms over a
state of the former layout (fixtures/moved/network-baseline.tfstate.json): the flow-log key
and alias are moves with no change.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from harness.terraform import TERRAFORM_ROOT, parse_json_lines

pytestmark = pytest.mark.xdist_group("moved-blocks")

FIXTURES = Path(__file__).parent / "fixtures" / "moved"
MODULES = TERRAFORM_ROOT / "modules"
MOVED_MODULES = sorted(path.stem for path in FIXTURES.glob("*.txt"))

MOVED = re.compile(r"^moved\s*\{\s*from\s*=\s*(\S+)\s+to\s*=\s*(\S+)\s*\}", re.MULTILINE)
RESOURCE = re.compile(r'^resource\s+"(\w+)"\s+"(\w+)"', re.MULTILINE)
MODULE_CALL = re.compile(r'^module\s+"(\w+)"\s*\{\s*source\s*=\s*"([^"]+)"\s*(count|for_each)?',
                         re.MULTILINE)
# aws_kms_key.this, aws_kms_key.flow_logs[0], aws_x.y["key"]
ADDRESS = re.compile(r'^(\w+\.\w+)(\[(?:\d+|"[^"]*")\])?$')
TARGET = re.compile(r'^module\.(\w+)(\[(?:\d+|"[^"]*")\])?\.(\w+\.\w+)$')


def _text(folder: Path) -> str:
    return "\n".join(path.read_text() for path in sorted(folder.glob("*.tf")))


def _declared(folder: Path) -> set[str]:
    return {f"{kind}.{name}" for kind, name in RESOURCE.findall(_text(folder))}


def _former(module: str) -> dict[str, str]:
    """Former address (type.name) -> how it was counted: single, count or for_each."""
    lines = [line.split() for line in (FIXTURES / f"{module}.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    return {address: mode for address, mode in lines}


def _index_mode(index: str | None) -> str:
    if not index:
        return "single"
    return "for_each" if index.startswith('["') else "count"


def test_every_kms_module_has_its_former_addresses():
    assert MOVED_MODULES == ["audit-log-storage", "network-baseline", "security-alerts"]
    for module in MOVED_MODULES:
        assert "module.kms_key" in _text(MODULES / module) or \
            "module.flow_logs_kms_key" in _text(MODULES / module), module
        assert any(address.startswith("aws_kms_key.") for address in _former(module)), module


@pytest.mark.parametrize("module", MOVED_MODULES)
def test_moved_blocks_lead_from_a_former_address_to_a_declared_one(module):
    folder = MODULES / module
    text = _text(folder)
    former, declared = _former(module), _declared(folder)
    calls = {name: (source, counted) for name, source, counted in MODULE_CALL.findall(text)}
    moved = MOVED.findall(text)
    assert moved, f"{module} has no moved block"
    for source_address, target_address in moved:
        found = ADDRESS.match(source_address)
        assert found, f"{module}: from = {source_address} is not a resource address"
        address, index = found.group(1), found.group(2)
        assert address in former, f"{module}: {address} was never an address of the module"
        assert _index_mode(index) == former[address], (
            f"{module}: from = {source_address} but {address} was counted by {former[address]}")
        assert address not in declared, f"{module}: {address} is still declared"
        target = TARGET.match(target_address)
        assert target, f"{module}: to = {target_address} is not module.<call>.<type>.<name>"
        call, call_index, inner = target.groups()
        assert call in calls, f"{module}: to = {target_address} names no module call {call}"
        source, counted = calls[call]
        assert bool(call_index) == bool(counted), (
            f"{module}: to = {target_address} but module {call} is "
            f"{'counted' if counted else 'not counted'}")
        assert inner in _declared((folder / source).resolve()), (
            f"{module}: {inner} is not declared in {source}")


@pytest.mark.parametrize("module", MOVED_MODULES)
def test_every_former_address_is_kept_or_moved(module):
    declared = _declared(MODULES / module)
    moved_from = {ADDRESS.match(source).group(1)  # type: ignore[union-attr]
                  for source, _ in MOVED.findall(_text(MODULES / module))}
    lost = [address for address in _former(module)
            if address not in declared and address not in moved_from]
    assert lost == [], f"{module}: former addresses neither declared nor moved: {lost}"


# --- Once for real: state of the former layout, one plan without a refresh ---------------

OLD_KEY = "module.network_baseline.aws_kms_key.flow_logs[0]"
OLD_ALIAS = "module.network_baseline.aws_kms_alias.flow_logs[0]"
NEW_KEY = "module.network_baseline.module.flow_logs_kms_key[0].aws_kms_key.this"
NEW_ALIAS = "module.network_baseline.module.flow_logs_kms_key[0].aws_kms_alias.this"


@pytest.fixture(scope="module")
def planned_changes(stack_factory) -> list[dict]:
    """One init (the factory's) and one plan; the hand-written state is removed after it,
    so the factory finds nothing to destroy (the key it names never existed)."""
    stack = stack_factory("fixtures/moved-kms")
    state = (FIXTURES / "network-baseline.tfstate.json").read_text()
    stack.state_file.write_text(state.replace("ACCOUNT_ID", stack.account.account_id)
                                .replace("REGION", "us-east-1"))
    try:
        result = subprocess.run(
            [stack.tf.binary, "plan", "-input=false", "-refresh=false", "-lock=false",
             "-no-color", "-json"],
            cwd=stack.tf.tfdir, env=stack.tf.env, capture_output=True, text=True, check=False)
    finally:
        stack.state_file.unlink()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    return [message["change"] for message in parse_json_lines(result.stdout)
            if message.get("type") == "planned_change"]


def test_former_key_and_alias_are_moved_unchanged(planned_changes):
    by_address = {change["resource"]["addr"]: change for change in planned_changes}
    for old, new in ((OLD_KEY, NEW_KEY), (OLD_ALIAS, NEW_ALIAS)):
        change = by_address.get(new)
        assert change, f"no planned change for {new}: {sorted(by_address)}"
        assert change.get("previous_resource", {}).get("addr") == old, change
        assert change["action"] == "move", f"{new}: {change['action']}, not a plain move"


def test_no_key_or_alias_is_destroyed_or_created(planned_changes):
    touched = [(change["action"], change["resource"]["addr"]) for change in planned_changes
               if change["resource"]["resource_type"] in ("aws_kms_key", "aws_kms_alias")
               and change["action"] != "move"]
    assert touched == []
    # the rest of the module is planned as new (it is not in the state): the plan is real
    assert {change["resource"]["resource_type"] for change in planned_changes
            if change["action"] == "create"} >= {"aws_cloudwatch_log_group", "aws_iam_role"}
