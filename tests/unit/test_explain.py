"""``governance explain``: every control id leads to its files (governance/explain.py), and
docs/CONTROLS.md, generated from it, is current."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from governance import explain
from governance.case_index import unit_cases
from governance.catalog import catalog
from governance.explain import UnknownControl, check_location, controls_markdown, explain_text

ROOT = Path(__file__).resolve().parents[2]
CONTROLS_MD = ROOT / "docs" / "CONTROLS.md"
CONTROL_READS = ROOT / "governance" / "catalog" / "data" / "control-reads.json"
# Registered in a loop (governance/checks/organization.py: one check per guardrail of
# organization-guardrails.json): the id appears nowhere in Python.
LOOP_REGISTERED = "scp-deny-root-user"


def _line(relative: str, number: int) -> str:
    return (ROOT / relative).read_text(encoding="utf-8").splitlines()[number - 1]


def _section(text: str, title: str) -> list[str]:
    """The lines of one section of explain_text (its first line and the indented ones)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{title}:"))
    found = [lines[start].split(":", 1)[1].strip()]
    for line in lines[start + 1:]:
        if not line.startswith(" "):
            break
        found.append(line.strip())
    return found


def test_controls_md_is_current():
    assert CONTROLS_MD.is_file(), f"docs/CONTROLS.md is missing: run `{explain.REGENERATE}`"
    current = CONTROLS_MD.read_text(encoding="utf-8")
    assert current.rstrip("\n") == controls_markdown().rstrip("\n"), (
        f"docs/CONTROLS.md is stale: run `{explain.REGENERATE}`")


def test_controls_md_lists_every_control_without_absolute_paths():
    text = controls_markdown()
    assert re.findall(r"^## (\S+)$", text, re.MULTILINE) == list(catalog())
    assert str(ROOT) not in text
    assert controls_markdown() == text  # deterministic


@pytest.mark.parametrize("control_id", sorted(catalog()))
def test_every_check_location_exists(control_id):
    location = check_location(control_id)
    assert (ROOT / location.file).is_file(), location
    line = _line(location.file, location.line).strip()
    assert line.startswith("def ") or "check(" in line, f"{location}: {line!r}"
    assert location.function in line or "check(" in line, f"{location}: {line!r}"


def test_loop_registered_control_is_located():
    location = check_location(LOOP_REGISTERED)
    assert location.function == "check_guardrail"
    assert location.registrar == "_register_guardrail"
    assert location.file.startswith("governance/checks/")
    assert _line(location.file, location.line).lstrip().startswith("def check_guardrail(")
    assert "check(" in _line(location.file, location.registered_at)
    assert _line(location.file, location.loop_line).startswith("for ")
    assert "check_guardrail" in _section(explain_text(LOOP_REGISTERED), "check")[0]


def test_unknown_id_is_one_line_with_the_closest_ids():
    with pytest.raises(UnknownControl) as raised:
        explain_text("root-mfa-enable")
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("unknown control id 'root-mfa-enable'")
    assert "root-mfa-enabled" in message


def test_a_control_with_unit_cases_lists_its_test_file_and_line():
    lines = _section(explain_text("iam-password-policy-min-length"), "unit cases")
    places = [re.match(r"(\S+):(\d+) \((.+)\)$", line) for line in lines]
    assert all(places), lines
    tables = {place.group(3): (place.group(1), int(place.group(2))) for place in places if place}
    file, number = tables["FAIL_CASES"]
    assert file == "tests/unit/cases_iam.py"
    assert '"iam-password-policy-min-length"' in _line(file, number)
    item_file, item_line = tables["ITEM_CASES cis_aws_v3:1.8"]
    assert '("cis_aws_v3", "1.8")' in _line(item_file, item_line)


@pytest.mark.parametrize("control_id", sorted(catalog()))
def test_every_control_has_its_fail_and_pass_cases_found(control_id):
    """tests/unit/test_catalog.py demands both tables for every control; the source scan of
    governance/case_index.py must find them (write the key as a string, a module constant,
    or a comprehension over governance names)."""
    found = {case.table for case in unit_cases(control_id) or []}
    assert {"FAIL_CASES", "PASS_CASES"} <= found, (
        f"{control_id}: governance/case_index.py finds {sorted(found)} in tests/unit")


@pytest.mark.parametrize("control_id", sorted(catalog()))
def test_reads_listed_match_control_reads_json(control_id):
    data = json.loads(CONTROL_READS.read_text(encoding="utf-8"))
    lines = _section(explain_text(control_id), "reads")
    listed = [line.split(" (", 1)[0] for line in lines]
    assert listed == data["controls"][control_id]
    for line in lines:
        api, _, recorders = line.partition(" (")
        for file in re.findall(r"governance/collectors/\w+\.py", recorders):
            module = file.removesuffix(".py").replace("/", ".")
            assert api in data["collectors"][module]["records"], (api, module)


def test_live_proofs_are_read_when_present_and_their_absence_said(tmp_path, monkeypatch):
    monkeypatch.setattr(explain, "REPO_ROOT", tmp_path)
    explain._live_proofs.cache_clear()
    try:
        assert explain.live_proof_lines("root-mfa-enabled") == [
            "tests/live_proofs.toml not found (an installed package has no tests/)"]
        (tmp_path / "tests").mkdir()
        (tmp_path / "tests" / "live_proofs.toml").write_text(
            '[controls."root-mfa-enabled"]\n'
            'PASS = ["tests/seeded/test_root.py::test_pass[root-mfa-enabled]"]\n'
            'FAIL = ["tests/seeded/test_root.py::test_fail[root-mfa-enabled]"]\n'
            '[controls."root-hardware-mfa"]\nnone = "moto has no hardware MFA"\n',
            encoding="utf-8")
        explain._live_proofs.cache_clear()
        assert explain.live_proof_lines("root-mfa-enabled") == [
            "PASS: tests/seeded/test_root.py::test_pass[root-mfa-enabled]",
            "FAIL: tests/seeded/test_root.py::test_fail[root-mfa-enabled]"]
        assert explain.live_proof_lines("root-hardware-mfa") == [
            "none on moto: moto has no hardware MFA"]
        assert explain.live_proof_lines("iam-password-policy-reuse") == [
            "none listed in tests/live_proofs.toml"]
    finally:
        explain._live_proofs.cache_clear()


def test_explain_names_catalog_file_terraform_module_and_framework_items():
    text = explain_text("root-mfa-enabled")
    assert text.splitlines()[0].startswith("root-mfa-enabled: ")
    catalog_file = _section(text, "catalog")[0]
    assert (ROOT / catalog_file).is_file()
    assert _section(text, "terraform")[0].startswith("verify-only")
    frameworks = _section(text, "frameworks")
    assert any(line.endswith("(cis_aws_v3): 1.5") for line in frameworks), frameworks
    assert any(line.endswith("(acct): ACCT-001") for line in frameworks), frameworks
    module = _section(explain_text("iam-password-policy-min-length"), "terraform")[0]
    assert (ROOT / module / "main.tf").is_file()
