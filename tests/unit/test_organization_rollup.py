"""The organization roll-up from summaries on disk, and the organization flags' bad input
(each a one-line error before any AWS call)."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from governance.cli.main import main
from governance.organization.rollup import build_rollup, exit_code, render_junit, render_markdown
from governance.organization.unit import audit_account, error_summary


def _summary(account_id: str, controls: dict[str, str], items: dict[str, str]) -> dict:
    counts: dict[str, int] = {}
    for status in controls.values():
        counts[status] = counts.get(status, 0) + 1
    return {"account_id": account_id, "name": f"n{account_id[-1]}", "email": "", "ou_path": "Root",
            "role": "member", "outcome": "AUDITED", "error": None,
            "worst": "FAIL" if "FAIL" in controls.values() else "PASS", "controls": controls,
            "items": {"cis_aws_v3": items}, "counts": counts, "api_calls": 66, "seconds": 1.0,
            "evidence": {"html": f"accounts/{account_id}/evidence.html",
                         "json": f"accounts/{account_id}/findings.json"}}


def _write(root: Path, summary: dict) -> None:
    directory = root / "accounts" / summary["account_id"]
    directory.mkdir(parents=True)
    (directory / "summary.json").write_text(json.dumps(summary))


def test_rollup_counts_items_and_compliant_accounts_from_disk(tmp_path):
    _write(tmp_path, _summary("111111111111", {"c1": "PASS"}, {"1.8": "PASS", "1.9": "MANUAL"}))
    _write(tmp_path, _summary("222222222222", {"c1": "FAIL"}, {"1.8": "FAIL", "1.9": "MANUAL"}))
    _write(tmp_path, error_summary({"account_id": "333333333333"}, "access denied: x"))
    rollup = build_rollup(tmp_path, organization={"id": "o-x", "management_account_id": "1"},
                          regions=["us-east-1"])
    assert rollup["summary"]["accounts"] == 3
    assert (rollup["summary"]["audited"], rollup["summary"]["errored"]) == (2, 1)
    cis = rollup["summary"]["per_framework"]["cis_aws_v3"]
    assert (cis["items"], cis["compliant_accounts"], cis["PASS"], cis["FAIL"], cis["MANUAL"]) == (
        2, 1, 1, 1, 2)
    assert exit_code(rollup) == 2
    assert "| 333333333333 |  |  | member | ERROR | ERROR | access denied: x |" in \
        render_markdown(rollup)
    assert render_junit(rollup).count("<testsuite ") == 3


def test_exit_code_is_the_worst_account_verdict(tmp_path):
    _write(tmp_path, _summary("111111111111", {"c1": "PASS"}, {}))
    rollup = build_rollup(tmp_path, organization={}, regions=[])
    assert exit_code(rollup) == 0
    _write(tmp_path, _summary("222222222222", {"c1": "FAIL"}, {}))
    assert exit_code(build_rollup(tmp_path, organization={}, regions=[])) == 1


def test_the_unit_of_work_is_picklable():
    assert pickle.loads(pickle.dumps(audit_account)) is audit_account


@pytest.mark.parametrize(("flags", "message"), [
    (["--organization"], "--organization needs --output DIR (or --resume DIR)"),
    (["--organization", "--output", "{tmp}", "--concurrency", "0"], "--concurrency must be 1 to 256"),
    (["--organization", "--output", "{tmp}", "--scheduler", "localhost:8786"],
     "--scheduler localhost:8786: expected tcp://HOST:PORT"),
    (["--organization", "--output", "{tmp}", "--role-arn", "arn:aws:iam::111122223333:role/x"],
     "--organization runs as the management or delegated administrator account itself: use "
     "--profile, not --role-arn"),
    (["--ou", "r-abcd", "--concurrency", "4"], "--ou, --concurrency need --organization"),
    (["--organization", "--output", "{tmp}", "--regions", "mars-1"],
     "not a region name: mars-1 (e.g. us-east-1)"),
])
def test_bad_organization_flags_are_one_line_errors(tmp_path, capsys, flags, message):
    code = main(["audit", *[f.replace("{tmp}", str(tmp_path / "out")) for f in flags]])
    assert code == 2
    assert capsys.readouterr().err.strip().splitlines() == [f"error: {message}"]


def test_accounts_file_with_a_bad_line_is_a_one_line_error(tmp_path, capsys):
    listed = tmp_path / "ids.txt"
    listed.write_text("111122223333\nworkload-a\n")
    code = main(["audit", "--organization", "--output", str(tmp_path / "out"), "--accounts",
                 str(listed)])
    assert code == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"error: --accounts {listed} line 2: 'workload-a' is not a 12-digit account id"]
    assert not (tmp_path / "out" / "accounts").exists()


def test_audit_account_refuses_a_bad_account_id(tmp_path, capsys):
    assert main(["audit-account", "--account-id", "12", "--output", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip() == "error: --account-id '12' is not a 12-digit account id"


def _real_items(statuses: dict[str, str]) -> dict[str, dict[str, str]]:
    """Item verdicts as the unit writes them, from one finding per control in ``statuses``."""
    from governance.model import Finding, Status
    from governance.verdicts import item_verdicts

    findings = [Finding(control, Status(status), "r") for control, status in statuses.items()]
    return {key: {row.item_id: row.status for row in rows}
            for key, rows in item_verdicts(findings).items()}


def test_an_account_that_judged_a_few_items_is_not_compliant(tmp_path):
    """Two controls run (--controls): the CIS items they answer PASS, the rest NOT_ASSESSED;
    the roll-up once counted that account compliant."""
    from governance.catalog import catalog

    two = {"iam-password-policy-min-length": "PASS", "iam-password-policy-reuse": "PASS"}
    summary = _summary("111111111111", two, {})
    summary["items"] = _real_items(two)
    _write(tmp_path, summary)
    every = {control_id: "PASS" for control_id in catalog()}
    full = _summary("222222222222", every, {})
    full["items"] = _real_items(every)
    _write(tmp_path, full)
    rollup = build_rollup(tmp_path, organization={}, regions=[])
    cis = rollup["summary"]["per_framework"]["cis_aws_v3"]
    assert cis["compliant_accounts"] == 1  # only the account whose every control ran
    partial, complete = rollup["accounts"]
    judged, of = partial["judged"]["cis_aws_v3"]["judged"], partial["judged"]["cis_aws_v3"]["of"]
    assert judged == 2 and of > judged
    assert complete["judged"]["cis_aws_v3"]["judged"] == complete["judged"]["cis_aws_v3"]["of"] == of
    assert f"cis_aws_v3 2 of {of}" in render_markdown(rollup)


def test_rollup_json_lists_the_newest_cis_edition_first(tmp_path):
    """rollup.json's frameworks, per-framework summary and each account's judged counts
    follow the report order (REPORTED_FRAMEWORKS): CIS v7.0.0 first, v3.0.0 after v4.0.1."""
    from governance.catalog import catalog
    from governance.catalog.frameworks import REPORTED_FRAMEWORKS

    every = {control_id: "PASS" for control_id in catalog()}
    full = _summary("222222222222", every, {})
    full["items"] = _real_items(every)
    _write(tmp_path, full)
    rollup = build_rollup(tmp_path, organization={}, regions=[])
    keys = [framework["key"] for framework in rollup["frameworks"]]
    assert keys[:len(REPORTED_FRAMEWORKS)] == list(REPORTED_FRAMEWORKS)
    assert keys[0] == "cis_aws_v7"
    assert list(rollup["summary"]["per_framework"])[:len(REPORTED_FRAMEWORKS)] == \
        list(REPORTED_FRAMEWORKS)
    [account] = rollup["accounts"]
    assert next(iter(account["judged"])) == "cis_aws_v7"
    lines = render_markdown(rollup).splitlines()
    table = lines[lines.index("## Compliance per framework"):]
    first = next(line for line in table if line.startswith("| CIS "))
    assert first.startswith("| CIS Amazon Web Services Foundations Benchmark v7.0.0 |")


def test_rollup_dir_reports_an_expected_account_without_a_summary(tmp_path, capsys):
    from governance.organization.rollup import write_expected

    _write(tmp_path, _summary("111111111111", {"c1": "PASS"}, {}))
    accounts = [{"account_id": i, "name": f"n{i[0]}", "email": "", "ou_path": "Root",
                 "role": "member"} for i in ("111111111111", "222222222222")]
    write_expected(tmp_path, accounts, organization={"id": "o-x"}, regions=[], run_id="r")
    assert main(["rollup", str(tmp_path)]) == 2  # once: 0, the missing account dropped
    rollup = json.loads((tmp_path / "rollup.json").read_text())
    missing = next(a for a in rollup["accounts"] if a["account_id"] == "222222222222")
    assert (missing["outcome"], missing["error"], missing["name"]) == (
        "ERROR", "not audited: no summary.json", "n2")
    assert rollup["organization"]["id"] == "o-x"
