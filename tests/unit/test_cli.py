"""The audit CLI: flags, exit codes, formats, offline snapshots, one-line errors."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from governance.catalog.frameworks import REPORTED_FRAMEWORKS
from governance.cli.main import main
from tests.unit.snapshots import changed, compliant


@pytest.fixture
def snapshot_file(tmp_path):
    def write(snapshot):
        path = tmp_path / "snapshot.json"
        path.write_text(json.dumps(snapshot.to_dict()))
        return path
    return write


IAM_CONTROLS = "iam-password-policy-strong,iam-no-shared-users"


def test_offline_snapshot_all_pass_exits_0(snapshot_file, tmp_path, capsys):
    code = main(["audit", "--from-snapshot", str(snapshot_file(compliant())),
                 "--controls", IAM_CONTROLS, "--format", "json,junit,markdown,html,table",
                 "--output", str(tmp_path / "out")])
    assert code == 0
    produced = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert produced == ["evidence.html", "evidence.md", "findings.json", "findings.junit.xml",
                        "findings.txt"]
    assert "2 PASS" in capsys.readouterr().out


def test_a_fail_exits_1_and_json_carries_framework_ids(snapshot_file, tmp_path):
    weak = changed(compliant(), "iam:GetAccountPasswordPolicy",
                   lambda p: {**p, "MinimumPasswordLength": 8})
    code = main(["audit", "--from-snapshot", str(snapshot_file(weak)), "--controls",
                 "iam-password-policy-min-length,iam-no-shared-users", "--format", "json",
                 "--output", str(tmp_path)])
    assert code == 1
    findings = json.loads((tmp_path / "findings.json").read_text())["findings"]
    failed = next(f for f in findings if f["status"] == "FAIL")
    assert failed["control_id"] == "iam-password-policy-min-length"
    assert set(failed) >= {"control_id", "title", "status", "severity", "region", "resource",
                           "reason", "evidence", "frameworks"}
    assert failed["frameworks"]["cis_aws_v3"] == ["1.8"]
    assert failed["frameworks"]["cis_aws_v7"] == ["2.8"]
    # every framework, in report order: the newest CIS edition first, the mapped-only last
    assert list(failed["frameworks"]) == [*REPORTED_FRAMEWORKS, "securityhub", "config_rule"]
    assert failed["securityhub_cis_v5"] == ["IAM.15"]  # v5.0.0 1.7 in Security Hub's standard


def _table_block(table: str, title: str) -> str:
    """The item lines under one framework's headline of the table (up to the next headline)."""
    after = table.split(f"\n{title}: ", 1)[1]
    return re.split(r"\n(?=\S)", after, maxsplit=1)[0]


def test_each_framework_item_has_its_own_verdict_in_every_output(snapshot_file, tmp_path):
    """Length 14 and reuse 5: CIS v3.0.0 1.9 FAILs and 1.8 PASSes (each item judged on its
    own; a bare CIS number names different items in different editions, so KEY:ITEM)."""
    weak = changed(compliant(), "iam:GetAccountPasswordPolicy",
                   lambda p: {**p, "PasswordReusePrevention": 5})
    code = main(["audit", "--from-snapshot", str(snapshot_file(weak)), "--framework",
                 "cis_aws_v3:1.8,cis_aws_v3:1.9", "--format", "json,junit,table,markdown",
                 "--output", str(tmp_path)])
    assert code == 1
    items = {row["item"]: row for row in
             json.loads((tmp_path / "findings.json").read_text())["items"]["cis_aws_v3"]}
    assert (items["1.8"]["status"], items["1.9"]["status"]) == ("PASS", "FAIL")
    assert items["1.8"]["controls"] == ["iam-password-policy-min-length"]
    cases = {case.get("name").split(" ")[0]: case for suite in
             ET.parse(tmp_path / "findings.junit.xml").getroot().findall("testsuite")
             if suite.get("name").startswith("framework items") for case in suite
             if case.get("classname") == "framework.cis_aws_v3"}
    assert cases["1.9"].find("failure") is not None and cases["1.8"].find("failure") is None
    table = (tmp_path / "findings.txt").read_text()
    v3 = _table_block(table, "CIS Amazon Web Services Foundations Benchmark v3.0.0")
    assert re.search(r"^  1\.8 +PASS +iam-password-policy-min-length$", v3, re.M), table
    assert re.search(r"^  1\.9 +FAIL +iam-password-policy-reuse$", v3, re.M), table
    v7 = _table_block(table, "CIS Amazon Web Services Foundations Benchmark v7.0.0")
    assert re.search(r"^  2\.9 +FAIL +iam-password-policy-reuse$", v7, re.M), table
    markdown = (tmp_path / "evidence.md").read_text()
    v3_md = markdown.split("## CIS Amazon Web Services Foundations Benchmark v3.0.0\n", 1)[1]
    assert re.search(r"^\| \*\*1\.9\*\* Ensure IAM password policy prevents password reuse \|"
                     r"( [^|]* \|)? FAIL \|", v3_md, re.M), v3_md[:2000]


def test_an_error_exits_2_and_junit_reports_it(snapshot_file, tmp_path):
    denied = compliant()
    denied.record("iam:GetAccountPasswordPolicy", error="AccessDenied: no")
    code = main(["audit", "--from-snapshot", str(snapshot_file(denied)), "--controls",
                 IAM_CONTROLS, "--format", "junit", "--output", str(tmp_path)])
    assert code == 2
    suite = ET.parse(tmp_path / "findings.junit.xml").getroot().find("testsuite")
    assert suite.get("errors") == "1" and suite.get("tests") == "2"


def test_framework_filter_selects_the_answering_controls(snapshot_file, tmp_path):
    main(["audit", "--from-snapshot", str(snapshot_file(compliant())), "--framework",
          "cis_aws_v3:1.15", "--format", "json", "--output", str(tmp_path)])
    findings = json.loads((tmp_path / "findings.json").read_text())["findings"]
    assert [f["control_id"] for f in findings] == ["iam-user-permissions-through-groups-only"]


def test_saved_snapshot_reevaluates_to_the_same_findings(sandbox_account, audit_cli, tmp_path):
    sandbox_account.client("iam").create_user(UserName="shared-admin")
    snapshot = tmp_path / "saved.json"
    live = audit_cli(sandbox_account, "--controls", IAM_CONTROLS, "--save-snapshot",
                     str(snapshot))
    offline_dir = tmp_path / "offline"
    assert main(["audit", "--from-snapshot", str(snapshot), "--controls", IAM_CONTROLS,
                 "--format", "json", "--output", str(offline_dir)]) == live.exit_code == 1
    offline = json.loads((offline_dir / "findings.json").read_text())["findings"]
    assert offline == live.findings


@pytest.mark.parametrize(("argv", "message"), [
    (["--format", "pdf"], "unknown --format pdf"),
    (["--controls", "no-such-control"], "unknown control id(s): no-such-control"),
    (["--framework", "NIST-800"], "--framework: 'NIST-800' is neither a framework nor an item "
                                  "id; frameworks: cis, cis_aws_v7, cis_aws_v6"),
    (["--framework", "cis_aws_v9"], "--framework: 'cis_aws_v9' is neither a framework nor an "
                                    "item id; frameworks: cis, cis_aws_v7"),
    (["--framework", "cis_aws_v9:1.1"], "--framework: unknown framework 'cis_aws_v9': choose "
                                        "from cis, cis_aws_v7"),
    (["--framework", "1.15"], "--framework: item '1.15' is in several frameworks (cis_aws_v5, "
                              "cis_aws_v4, cis_aws_v3): name one, e.g. cis_aws_v5:1.15"),
    (["--framework", "cis_aws_v7:1.15"], "--framework: '1.15' is not an item of cis_aws_v7"),
    (["--regions", "mars-1"], "not a region name: mars-1"),
    (["--format", "json,html"], "several --format values need --output DIR"),
    (["--from-snapshot", "/nonexistent.json"], "cannot read snapshot /nonexistent.json"),
    (["--profile", "no-such-profile"], "cannot open the audited account"),
    (["--root-use-window-days", "0"], "--root-use-window-days must be 1 to 3650"),
])
def test_bad_usage_is_one_line_and_exit_2(argv, message, capsys):
    assert main(["audit", *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and message in err
    assert len(err.splitlines()) == 1


def test_missing_credentials_is_one_line_and_exit_2(capsys, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name, raising=False)
    assert main(["audit", "--endpoint-url", "http://127.0.0.1:9", "--regions", "us-east-1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and len(err.splitlines()) == 1


def test_root_use_window_is_applied_and_kept_in_the_snapshot(snapshot_file, tmp_path):
    snapshot = compliant()
    snapshot.record("iam:GetCredentialReport", [
        *snapshot.get("iam:GetCredentialReport"),
        {"user": "<root_account>", "arn": "arn:aws:iam::111122223333:root",
         "password_last_used": "2026-10-29T00:00:00+00:00", "mfa_active": "true",
         "access_key_1_active": "false", "access_key_1_last_used_date": "N/A",
         "access_key_2_active": "false", "access_key_2_last_used_date": "N/A"}])
    source = snapshot_file(snapshot)
    saved = tmp_path / "saved.json"
    assert main(["audit", "--from-snapshot", str(source), "--controls",
                 "root-used-only-by-exception", "--format", "json", "--output",
                 str(tmp_path / "a")]) == 1  # used 30 days ago: within the default 90
    assert main(["audit", "--from-snapshot", str(source), "--controls",
                 "root-used-only-by-exception", "--root-use-window-days", "7",
                 "--save-snapshot", str(saved), "--format", "json", "--output",
                 str(tmp_path / "b")]) == 0
    assert main(["audit", "--from-snapshot", str(saved), "--controls",
                 "root-used-only-by-exception", "--format", "json", "--output",
                 str(tmp_path / "c")]) == 0


def test_an_uncaught_exception_is_one_line_and_exit_2(snapshot_file, monkeypatch, capsys):
    import governance.checks

    def broken(*args, **kwargs):
        raise RuntimeError("injected\nfailure")
    monkeypatch.setattr(governance.checks, "evaluate", broken)
    code = main(["audit", "--from-snapshot", str(snapshot_file(compliant())), "--controls", IAM_CONTROLS])
    err = capsys.readouterr().err
    assert code == 2
    assert err.splitlines() == ["error: RuntimeError: injected failure"]


def test_ctrl_c_is_one_line_and_exit_130(snapshot_file, monkeypatch, capsys):
    import governance.checks

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(governance.checks, "evaluate", interrupted)
    code = main(["audit", "--from-snapshot", str(snapshot_file(compliant())), "--controls", IAM_CONTROLS])
    assert code == 130
    assert capsys.readouterr().err.splitlines() == ["error: interrupted"]


# --- organization controls in a single-account audit ----------------------------------------


def _organization_only() -> list[str]:
    from governance.catalog import catalog

    return sorted(c.id for c in catalog().values() if c.organization_only)


def _offline(snapshot_path, out, *flags):
    code = main(["audit", "--from-snapshot", str(snapshot_path), "--format", "json",
                 "--output", str(out), *flags])
    return code, json.loads((out / "findings.json").read_text())["findings"]


def test_organization_only_marks_the_controls_that_say_nothing_outside_an_organization():
    """The catalog's organization_only is exactly the controls whose check, on an account in
    no organization, is NOT_APPLICABLE "not in an organization" (what the selection drops);
    access-analyzer-organization judges a standalone account (its external access analyzer)."""
    from governance.catalog import catalog
    from governance.checks import evaluate
    from governance.model import AccountSnapshot

    standalone = AccountSnapshot(account_id="111122223333", caller_arn="arn:aws:iam::1:role/a",
                                 collected_at="2026-12-01T00:00:00+00:00",
                                 regions=["us-east-1"], home_region="us-east-1")
    standalone.record("organizations:DescribeOrganization", None)
    silent = sorted(control_id for control_id in catalog()
                    if {(f.status.value, f.reason) for f in evaluate(standalone, [control_id])}
                    == {("NOT_APPLICABLE", "not in an organization")})
    assert silent == _organization_only()
    assert len(silent) == 18 and "access-analyzer-organization" not in silent


def test_a_single_account_audit_on_moto_leaves_the_organization_controls_out(
        sandbox_account, audit_cli, tmp_path):
    organization_only = set(_organization_only())
    saved = tmp_path / "saved.json"
    plain = audit_cli(sandbox_account, "--save-snapshot", str(saved))
    ran = {f["control_id"] for f in plain.findings}
    assert len(ran) > 80 and "access-analyzer-organization" in ran
    assert not ran & organization_only
    assert not [c for c in ran if c.startswith(("scp-", "organization-"))]
    named = audit_cli(sandbox_account, "--controls", "scp-deny-root-user,iam-no-shared-users")
    assert named.statuses("scp-deny-root-user") == {"NOT_APPLICABLE"}
    assert named.reasons("scp-deny-root-user") == "not in an organization"
    # the same saved snapshot: left out again offline, run with the flag or an item naming one
    _, offline = _offline(saved, tmp_path / "offline")
    assert {f["control_id"] for f in offline} == ran
    _, included = _offline(saved, tmp_path / "included", "--include-organization-controls")
    extra = {f["control_id"] for f in included} - ran
    assert extra == organization_only
    assert {f["status"] for f in included if f["control_id"] in extra} == {"NOT_APPLICABLE"}
    _, item = _offline(saved, tmp_path / "item", "--framework", "cis_aws_v7:2.1.1")
    assert [f["control_id"] for f in item] == ["organization-root-credentials-management"]
    _, whole = _offline(saved, tmp_path / "whole", "--framework", "cis_aws_v7")
    assert {f["control_id"] for f in whole} and not {f["control_id"] for f in whole} & \
        organization_only
    items = json.loads((tmp_path / "whole" / "findings.json").read_text())["items"]
    [row] = [r for r in items["cis_aws_v7"] if r["item"] == "2.1.1"]
    assert row["status"] == "NOT_ASSESSED"


def test_the_management_account_keeps_its_organization_controls(snapshot_file, tmp_path):
    """Where the organization controls judge something (the management account, a delegated
    administrator), a plain single-account audit runs them; a member's leaves them out; a
    snapshot that cannot say (DescribeOrganization denied) keeps them, ERROR."""
    from tests.support.snapshots_organization import organization

    organization_only = set(_organization_only())
    _, management = _offline(snapshot_file(organization()), tmp_path / "management")
    judged = {f["control_id"] for f in management} & organization_only
    assert judged == organization_only
    assert "NOT_APPLICABLE" not in {f["status"] for f in management
                                    if f["control_id"] in organization_only}
    member = organization()
    member.record("governance:OrganizationView", "member")
    _, found = _offline(snapshot_file(member), tmp_path / "member")
    assert found and not {f["control_id"] for f in found} & organization_only
    denied = organization()
    denied.record("organizations:DescribeOrganization", error="AccessDenied: no")
    _, found = _offline(snapshot_file(denied), tmp_path / "denied")
    kept = [f for f in found if f["control_id"] in organization_only]
    assert {f["control_id"] for f in kept} == organization_only
    assert {f["status"] for f in kept} == {"ERROR"}


def test_the_evidence_document_needs_an_output_directory(snapshot_file, capsys):
    assert main(["audit", "--from-snapshot", str(snapshot_file(compliant())), "--controls",
                 IAM_CONTROLS, "--format", "document"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == ("error: --format document needs --output DIR (it writes "
                   "evidence-document.html and evidence.pdf)")


def test_the_evidence_document_without_chromium_is_one_line_before_any_read(
        monkeypatch, tmp_path, capsys):
    import governance.audit as pipeline

    def collect(*args, **kwargs):
        raise AssertionError("collected although the PDF cannot be printed")
    monkeypatch.setattr(pipeline, "collect", collect)
    monkeypatch.setenv("CHROMIUM_BINARY", str(tmp_path / "no-chromium"))
    output = tmp_path / "out"
    assert main(["audit", "--endpoint-url", "http://127.0.0.1:9", "--regions", "us-east-1",
                 "--format", "json,document", "--output", str(output)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: --format document: CHROMIUM_BINARY=")
    assert "no-chromium is not an executable" in err[0]
    assert not output.exists()  # nothing written, not even the directory


def test_the_evidence_document_writes_its_html_and_pdf(snapshot_file, tmp_path, capsys):
    from pypdf import PdfReader

    output = tmp_path / "out"
    code = main(["audit", "--from-snapshot", str(snapshot_file(compliant())), "--controls",
                 IAM_CONTROLS, "--format", "document,json", "--output", str(output)])
    assert code == 0
    assert sorted(p.name for p in output.iterdir()) == ["evidence-document.html", "evidence.pdf",
                                                        "findings.json"]
    text = " ".join("\n".join(page.extract_text() for page in
                              PdfReader(str(output / "evidence.pdf")).pages).split())
    assert "ACCT-002.8 A strong password policy" in text and "Verdict: PASS" in text
    assert "111122223333" in text
    err = capsys.readouterr().err
    assert f"wrote {output / 'evidence.pdf'}" in err


def test_explain_prints_where_a_control_lives_and_exits_0(capsys):
    assert main(["explain", "iam-password-policy-strong"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("iam-password-policy-strong: ")
    assert "governance/catalog/controls/iam-password-policy-strong.toml" in captured.out
    assert captured.err == ""


def test_explain_of_an_unknown_id_is_one_line_and_exit_2(capsys):
    assert main(["explain", "iam-password-policy-strnog"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("error: unknown control id 'iam-password-policy-strnog'")
    assert "iam-password-policy-strong" in captured.err  # the closest id, named


def test_explain_markdown_prints_the_controls_page(capsys):
    from governance.explain import controls_markdown

    assert main(["explain", "--markdown"]) == 0
    out = capsys.readouterr().out
    assert out == controls_markdown().rstrip("\n") + "\n"
    assert "iam-password-policy-strong" in out


@pytest.mark.parametrize("argv, message", [
    (["explain"], "error: explain needs a control id"),
    (["explain", "iam-password-policy-strong", "--markdown"],
     "error: explain takes a control id or --markdown, not both"),
])
def test_explain_needs_one_id_or_markdown(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(message)
