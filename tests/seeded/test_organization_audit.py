"""`python -m governance audit --organization` on a moto organization seeded with boto3.

One organization per module: a management account and five members (two governed, one
broken, one whose member role is missing, one whose AssumeRole is throttled out). The
same audit runs on local threads and on a Dask LocalCluster with two worker processes
and must give the same verdicts; --resume must skip what finished. Faults each get a
test: unknown OU or account id, no Organizations, an account closed mid-run.
"""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from harness.moto import refuse_assume_role
from tests.seeded.test_iam_controls import STRONG

pytestmark = pytest.mark.xdist_group("organization-audit")

CONTROLS = "iam-password-policy-min-length,iam-password-policy-reuse"
WEAK = {**STRONG, "MinimumPasswordLength": 8, "PasswordReusePrevention": 3}
MEMBER_ROLE = "OrganizationAccountAccessRole"


@dataclass
class Org:
    management: Any
    members: dict[str, str]  # name -> account id
    root_id: str
    ous: dict[str, str]  # name -> OU id

    def id_of(self, name: str) -> str:
        return self.management.account_id if name == "management" else self.members[name]


def make_organization(sandbox: Any, members: dict[str, str]) -> Org:
    """A management account and members (name -> "governed", "broken" or "bare"), each
    member in OU Workloads (governed, broken) or Sandbox (the rest)."""
    management = sandbox.new_account()
    management.client("iam").update_account_password_policy(**STRONG)
    organizations = management.client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    root_id = organizations.list_roots()["Roots"][0]["Id"]
    ous = {name: organizations.create_organizational_unit(ParentId=root_id, Name=name)[
        "OrganizationalUnit"]["Id"] for name in ("Workloads", "Sandbox")}
    ids = {}
    for name, kind in members.items():
        account_id = organizations.create_account(
            AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"]["AccountId"]
        ou = ous["Workloads" if kind in {"governed", "broken"} else "Sandbox"]
        organizations.move_account(AccountId=account_id, SourceParentId=root_id,
                                   DestinationParentId=ou)
        if kind != "bare":
            member = sandbox.account(account_id, role_name=MEMBER_ROLE)
            member.client("iam").update_account_password_policy(
                **(STRONG if kind == "governed" else WEAK))
        ids[name] = account_id
    return Org(management, ids, root_id, ous)


@dataclass
class OrgRun:
    exit_code: int
    output: Path
    stderr: str

    @property
    def rollup(self) -> dict[str, Any]:
        return json.loads((self.output / "rollup.json").read_text())

    def account(self, account_id: str) -> dict[str, Any]:
        return next(a for a in self.rollup["accounts"] if a["account_id"] == account_id)

    def verdicts(self) -> dict[str, tuple[str, str, dict[str, str]]]:
        return {a["account_id"]: (a["outcome"], a["worst"], a["controls"])
                for a in self.rollup["accounts"]}


@pytest.fixture(scope="module")
def org_cli(moto_sandbox: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """``org_cli(org, *flags, output=None, capsys=None)``: the CLI in-process with the
    management account's credentials."""
    from governance.cli.main import main

    def run(org: Org, *flags: str, output: Path | None = None, capsys: Any = None) -> OrgRun:
        output = output or tmp_path_factory.mktemp("org-audit")
        argv = ["audit", "--organization", "--endpoint-url", moto_sandbox.endpoint,
                "--regions", "us-east-1", "--controls", CONTROLS, "--member-role", MEMBER_ROLE,
                *flags]
        if "--resume" not in flags:
            argv += ["--output", str(output)]
        with pytest.MonkeyPatch.context() as patch:
            as_management(patch, org)  # AWS_MAX_ATTEMPTS=2: a throttled AssumeRole gives up soon
            code = main(argv)
        stderr = capsys.readouterr().err if capsys is not None else ""
        return OrgRun(code, output, stderr)

    return run


@pytest.fixture(scope="module")
def organization(moto_sandbox: Any) -> Org:
    return make_organization(moto_sandbox, {
        "governed-a": "governed", "governed-b": "governed", "broken": "broken",
        "role-missing": "bare", "throttled": "bare"})


def _faults(org: Org) -> Any:
    from contextlib import ExitStack

    stack = ExitStack()
    stack.enter_context(refuse_assume_role(org.members["role-missing"], MEMBER_ROLE))
    stack.enter_context(refuse_assume_role(org.members["throttled"], code="Throttling"))
    return stack


@pytest.fixture(scope="module")
def local_run(organization: Org, org_cli: Any) -> OrgRun:
    with _faults(organization):
        return org_cli(organization)


def test_every_account_gets_its_verdict_and_faults_stay_per_account(organization, local_run):
    org = organization
    assert local_run.exit_code == 2  # an errored account is the worst verdict
    verdicts = local_run.verdicts()
    assert set(verdicts) == {org.management.account_id, *org.members.values()}
    both = {"iam-password-policy-min-length", "iam-password-policy-reuse"}
    for name in ("management", "governed-a", "governed-b"):
        assert verdicts[org.id_of(name)] == ("AUDITED", "PASS", dict.fromkeys(both, "PASS")), name
    assert verdicts[org.id_of("broken")] == ("AUDITED", "FAIL", dict.fromkeys(both, "FAIL"))
    missing = local_run.account(org.id_of("role-missing"))
    assert (missing["outcome"], missing["worst"]) == ("ERROR", "ERROR")
    assert "AccessDenied" in missing["error"] and MEMBER_ROLE in missing["error"]
    assert "\n" not in missing["error"]
    throttled = local_run.account(org.id_of("throttled"))
    assert throttled["outcome"] == "ERROR" and throttled["error"].startswith("throttled out")


def test_rollup_describes_accounts_and_frameworks(organization, local_run):
    org = organization
    rollup = local_run.rollup
    assert rollup["schema"] == "governance.rollup/1"
    assert rollup["organization"]["management_account_id"] == org.management.account_id
    assert rollup["organization"]["id"].startswith("o-")
    assert rollup["regions"] == ["us-east-1"]
    assert rollup["summary"] | {"per_framework": None} == {
        "accounts": 6, "audited": 4, "errored": 2, "per_framework": None}
    management = local_run.account(org.management.account_id)
    assert management["role"] == "management"
    broken = local_run.account(org.id_of("broken"))
    assert (broken["role"], broken["name"], broken["ou_path"]) == ("member", "broken",
                                                                   "Root/Workloads")
    assert broken["items"]["cis_aws_v3"]["1.8"] == "FAIL"
    assert broken["counts"] == {"FAIL": 2}
    cis = rollup["summary"]["per_framework"]["cis_aws_v3"]
    # --controls runs two controls: no account has every automatable item judged
    assert cis["compliant_accounts"] == 0
    for account in rollup["accounts"]:
        if account["outcome"] == "AUDITED":
            figures = account["judged"]["cis_aws_v3"]
            assert 0 < figures["judged"] < figures["of"], account["account_id"]
    assert cis["FAIL"] == 2 and cis["PASS"] == 6  # 1.8 and 1.9 over four audited accounts
    assert {f["key"] for f in rollup["frameworks"]} >= {"cis_aws_v3", "acct"}
    assert {"iam-password-policy-min-length"} <= {c["id"] for c in rollup["controls"]}


def test_each_audited_account_has_its_evidence_set_and_done_marker(organization, local_run):
    for account in local_run.rollup["accounts"]:
        directory = local_run.output / "accounts" / account["account_id"]
        if account["outcome"] == "AUDITED":
            for name in ("snapshot.json", "findings.json", "findings.junit.xml", "evidence.md",
                         "evidence.html", "evidence-document.html", "summary.json", "done"):
                assert (directory / name).is_file(), f"{account['account_id']}: {name}"
            assert (local_run.output / account["evidence"]["html"]).is_file()
            assert account["evidence"]["document"] == \
                f"accounts/{account['account_id']}/evidence-document.html"
            # the PDF only with --format document
            assert "pdf" not in account["evidence"] and not (directory / "evidence.pdf").exists()
        else:
            assert not (directory / "done").exists()


def test_rollup_markdown_junit_and_html(organization, local_run):
    org = organization
    markdown = (local_run.output / "rollup.md").read_text()
    assert "| iam-password-policy-reuse |" in markdown
    assert f"| {org.id_of('broken')} | broken | Root/Workloads | member | AUDITED | FAIL |" in markdown
    suites = ET.parse(local_run.output / "rollup.junit.xml").getroot().findall("testsuite")
    assert len(suites) == 6
    by_name = {suite.get("name").split()[1]: suite for suite in suites}
    assert by_name[org.id_of("broken")].get("failures") == "2"
    assert by_name[org.id_of("role-missing")].get("errors") == "1"
    html = (local_run.output / "rollup.html").read_text()
    assert html.lower().startswith("<!doctype html>") and org.id_of("throttled") in html
    from governance.report.rollup_html import render_rollup_html

    assert render_rollup_html(local_run.rollup) == html
    for name in ("broken", "governed-a"):
        assert f'href="accounts/{org.id_of(name)}/evidence.html"' in html


def test_rollup_document_has_a_section_per_checklist_item_and_a_row_per_account(
        organization, local_run):
    from governance.catalog.frameworks import frameworks
    from governance.report.rollup_document import render_rollup_document
    from tests.unit.html_tree import parse

    html = (local_run.output / "rollup-document.html").read_text()
    assert html == render_rollup_document(local_run.rollup)
    assert not (local_run.output / "rollup.pdf").exists()  # the PDF only with --format document
    page = parse(html)
    items = [item.id for item in frameworks()["partner_checklist"].items]
    sections = page.find_all("section", "requirement")
    assert [section.attrs["data-requirement"] for section in sections] == items
    accounts = {a["account_id"]: a for a in local_run.rollup["accounts"]}
    for section in sections:
        rows = section.find("table", "accounts").find("tbody").find_all("tr")
        assert sorted(row.attrs["data-account"] for row in rows) == sorted(accounts)
        for row in rows:
            account = accounts[row.attrs["data-account"]]
            links = [a.attrs["href"] for a in row.find_all("a")]
            if account["outcome"] == "ERROR":
                assert row.attrs["data-verdict"] == "ERROR" and links == []
                assert account["error"] in row.text
                continue
            assert row.attrs["data-verdict"] == \
                account["items"]["partner_checklist"][section.attrs["data-requirement"]]
            assert [link.split("#")[0] for link in links] == [
                f"accounts/{account['account_id']}/evidence-document.html"]
            assert (local_run.output / links[0].split("#")[0]).is_file(), links[0]
    broken = page.find("table", "accounts", data_requirement="ACCT-002.8").find(
        "tr", data_account=organization.id_of("broken"))
    assert broken.attrs["data-verdict"] == "FAIL"  # the password policy requirement


def test_format_document_prints_each_accounts_pdf_and_the_organizations(organization, org_cli):
    import pypdf

    org = organization
    run = org_cli(org, "--ou", org.ous["Workloads"], "--format", "document")
    assert run.exit_code == 1  # broken FAILs
    for account in run.rollup["accounts"]:
        account_id = account["account_id"]
        assert account["evidence"]["pdf"] == f"accounts/{account_id}/evidence.pdf"
        assert (run.output / account["evidence"]["pdf"]).read_bytes().startswith(b"%PDF")
    text = "".join("".join(page.extract_text().split())
                   for page in pypdf.PdfReader(run.output / "rollup.pdf").pages)
    from governance.catalog.frameworks import frameworks

    for item in frameworks()["partner_checklist"].items:
        assert item.id in text
    for name in ("governed-a", "broken"):
        assert org.id_of(name) in text
    html = (run.output / "rollup-document.html").read_text()
    assert f'href="accounts/{org.id_of("broken")}/evidence.pdf"' in html


def as_management(monkeypatch: pytest.MonkeyPatch, org: Org) -> None:
    """The management account's credentials in the environment (Dask workers inherit it:
    a worker audits the management account with its own credentials, as the caller would)."""
    credentials = org.management.session.get_credentials().get_frozen_credentials()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", credentials.access_key)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", credentials.secret_key)
    monkeypatch.setenv("AWS_SESSION_TOKEN", credentials.token)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "2")


def test_dask_local_cluster_gives_the_same_verdicts(organization, org_cli, local_run,
                                                    monkeypatch):
    import distributed

    as_management(monkeypatch, organization)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=2, processes=True,
                                  dashboard_address=None, host="127.0.0.1") as cluster, \
            distributed.Client(cluster) as client, _faults(organization), \
            distributed.get_task_stream(client) as tasks:
        dask_run = org_cli(organization, "--scheduler", cluster.scheduler_address)
        workers = set(client.run(os.getpid).values())
    ran = {t["key"]: t["worker"] for t in tasks.data if "audit-account" in str(t["key"])}
    assert len(workers) == 2 and os.getpid() not in workers
    prefixes = {str(key).rsplit("-", 1)[0] for key in ran}
    assert sorted(prefixes) == sorted(f"audit-account-{a}" for a in local_run.verdicts())
    assert len(ran) == len(prefixes)
    assert len({str(key).rsplit("-", 1)[1] for key in ran}) == 1  # one run id for the run
    assert dask_run.exit_code == local_run.exit_code
    assert dask_run.verdicts() == local_run.verdicts()


def test_resume_skips_accounts_already_done(organization, org_cli, local_run, tmp_path, capsys):
    org = organization
    output = tmp_path / "resumed"
    shutil.copytree(local_run.output, output)
    accounts = output / "accounts"
    redo = org.id_of("governed-b")
    (accounts / redo / "done").unlink()
    before = {path.parent.name: path.stat().st_mtime_ns for path in accounts.glob("*/summary.json")}
    capsys.readouterr()
    with _faults(org):
        resumed = org_cli(org, "--resume", str(output), output=output, capsys=capsys)
    after = {path.parent.name: path.stat().st_mtime_ns for path in accounts.glob("*/summary.json")}
    rewritten = {account for account in after if after[account] != before[account]}
    # done accounts untouched; the one without a marker and the two errored ones re-run
    assert rewritten == {redo, org.id_of("role-missing"), org.id_of("throttled")}
    assert "resume: 3 of 6 accounts already done, skipped" in resumed.stderr
    assert "accounts 3/3 done, 0 in flight, 2 failed" in resumed.stderr
    assert resumed.verdicts() == local_run.verdicts()


def test_resume_of_a_directory_without_an_audit_is_a_one_line_error(organization, org_cli,
                                                                    tmp_path, capsys):
    result = org_cli(organization, "--resume", str(tmp_path / "nothing"), capsys=capsys)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"error: --resume {tmp_path / 'nothing'}: no organization audit there (no accounts/)"]


@pytest.mark.parametrize(("flag", "value", "message"), [
    ("--ou", "ou-zzzz-zzzzzzzz", "not an OU of organization"),
    ("--exclude", "999999999999", "not an account of organization"),
    ("--ou", "Workloads", "not an OU id"),
    ("--exclude", "12345", "not a 12-digit account id"),
])
def test_unknown_ou_or_account_is_a_one_line_error_before_any_audit(
        organization, org_cli, tmp_path, capsys, flag, value, message):
    result = org_cli(organization, flag, value, output=tmp_path / "out", capsys=capsys)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], lines
    assert not (tmp_path / "out" / "accounts").exists()


def test_accounts_file_with_an_unknown_id_is_a_one_line_error(organization, org_cli, tmp_path,
                                                              capsys):
    listed = tmp_path / "accounts.txt"
    listed.write_text(f"# members to audit\n{organization.id_of('broken')}\n111122223333\n")
    result = org_cli(organization, "--accounts", str(listed), output=tmp_path / "out",
                     capsys=capsys)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: not an account of organization o-")
    assert lines[0].endswith(": 111122223333")
    assert not (tmp_path / "out" / "accounts").exists()


def test_ou_and_accounts_file_narrow_the_audit(organization, org_cli, tmp_path):
    org = organization
    by_ou = org_cli(org, "--ou", org.ous["Workloads"])
    assert set(by_ou.verdicts()) == {org.id_of(n) for n in ("governed-a", "governed-b", "broken")}
    assert by_ou.exit_code == 1  # broken FAILs, nothing errored
    listed = tmp_path / "accounts.txt"
    listed.write_text(f"{org.id_of('governed-a')}\n\n{org.id_of('broken')}  # the broken one\n")
    by_file = org_cli(org, "--accounts", str(listed), "--exclude", org.id_of("broken"))
    assert set(by_file.verdicts()) == {org.id_of("governed-a")}
    assert by_file.exit_code == 0


def test_account_without_organizations_is_a_one_line_error(moto_sandbox, org_cli, tmp_path,
                                                           capsys):
    alone = Org(moto_sandbox.new_account(), {}, "", {})
    result = org_cli(alone, output=tmp_path / "out", capsys=capsys)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: the caller's account is not in an AWS Organization: run --organization from "
        "the management account or a delegated administrator"]
    assert not (tmp_path / "out" / "accounts").exists()


def test_account_closed_mid_run_is_that_accounts_error(moto_sandbox, org_cli, monkeypatch):
    """The accounts are listed ACTIVE, then one is closed before its unit runs."""
    import governance.organization.accounts as accounts_module

    org = make_organization(moto_sandbox, {"stays": "governed", "closes": "governed"})
    listed = accounts_module.list_organization

    def list_then_close(*args, **kwargs):
        organization = listed(*args, **kwargs)
        org.management.client("organizations").close_account(AccountId=org.id_of("closes"))
        return organization

    monkeypatch.setattr(accounts_module, "list_organization", list_then_close)
    result = org_cli(org, "--concurrency", "1")
    assert result.exit_code == 2
    closed = result.account(org.id_of("closes"))
    assert closed["outcome"] == "ERROR" and closed["error"].startswith("suspended")
    assert result.verdicts()[org.id_of("stays")][:2] == ("AUDITED", "PASS")
    assert result.verdicts()[org.management.account_id][:2] == ("AUDITED", "PASS")


def test_one_unit_per_container_then_rollup(organization, moto_sandbox, tmp_path, monkeypatch,
                                            capsys):
    """`audit-account` runs the unit alone (a Kubernetes Job, a Step Functions map item);
    `rollup DIR` builds the roll-up from what the units wrote."""
    from governance.cli.main import main

    org = organization
    as_management(monkeypatch, org)
    common = ["--output", str(tmp_path), "--endpoint-url", moto_sandbox.endpoint, "--regions",
              "us-east-1", "--controls", CONTROLS]
    assert main(["audit-account", "--account-id", org.id_of("governed-a"), "--name",
                 "governed-a", *common]) == 0
    assert main(["audit-account", "--account-id", org.id_of("broken"), *common]) == 1
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(p["account_id"], p["worst"]) for p in printed] == [
        (org.id_of("governed-a"), "PASS"), (org.id_of("broken"), "FAIL")]
    assert main(["rollup", str(tmp_path)]) == 1
    rollup = json.loads((tmp_path / "rollup.json").read_text())
    assert {a["account_id"]: a["worst"] for a in rollup["accounts"]} == {
        org.id_of("governed-a"): "PASS", org.id_of("broken"): "FAIL"}


def test_exceptions_apply_per_account(organization, org_cli, tmp_path):
    """An exception naming one account waives its FAIL there, and nowhere else."""
    org = organization
    exceptions = tmp_path / "exceptions.toml"
    exceptions.write_text(f"""
[[exception]]
control = "iam-password-policy-reuse"
account = "{org.id_of('broken')}"
reason = "legacy identity provider: reuse enforced there until the migration"
owner = "iam-team@example.com"
expires = 2099-12-31
""")
    listed = tmp_path / "accounts.txt"
    listed.write_text(f"{org.id_of('broken')}\n{org.id_of('governed-a')}\n")
    result = org_cli(org, "--accounts", str(listed), "--exceptions", str(exceptions))
    broken = result.account(org.id_of("broken"))
    assert broken["controls"] == {"iam-password-policy-min-length": "FAIL",
                                  "iam-password-policy-reuse": "WAIVED"}
    assert result.account(org.id_of("governed-a"))["worst"] == "PASS"
    assert result.exit_code == 1


def test_the_organization_layer_is_judged_once_in_the_management_account(
        organization, org_cli, moto_sandbox, tmp_path):
    """AWS Config delegated to a member (where the organization module puts the aggregator):
    the management account's unit reads that member's aggregators through the member role
    and judges the aggregator; the delegated administrator's own unit, like a plain member's,
    is not judged (it once judged only its own aggregators: a false FAIL when the aggregator
    sits in the management account)."""
    org = organization
    delegated, plain = org.id_of("governed-b"), org.id_of("governed-a")
    org.management.client("organizations").register_delegated_administrator(
        AccountId=delegated, ServicePrincipal="config-multiaccountsetup.amazonaws.com")
    accounts = tmp_path / "accounts.txt"
    accounts.write_text(f"{delegated}\n{plain}\n{org.management.account_id}\n")

    def judged() -> dict[str, list[tuple[str, str]]]:
        run = org_cli(org, "--accounts", str(accounts), "--controls",
                      "organization-config-aggregator")
        return {account_id: [(f["status"], f["reason"]) for f in json.loads(
            (run.output / "accounts" / account_id / "findings.json").read_text())["findings"]]
            for account_id in (delegated, plain, org.management.account_id)}

    before = judged()
    for member in (delegated, plain):
        assert before[member] == [("NOT_APPLICABLE", "not the management account")], member
    [(status, reason)] = before[org.management.account_id]
    assert status == "FAIL" and "no Config aggregator over the organization" in reason
    moto_sandbox.account(delegated, role_name=MEMBER_ROLE).client(
        "config").put_configuration_aggregator(
        ConfigurationAggregatorName="governance-organization",
        OrganizationAggregationSource={
            "RoleArn": f"arn:aws:iam::{delegated}:role/governance-config-aggregator",
            "AllAwsRegions": True})
    [(status, reason)] = judged()[org.management.account_id]
    assert status == "PASS" and f"Config delegated administrator {delegated}" in reason


def test_the_organization_analyzer_is_judged_once_in_the_delegated_administrator(
        organization, org_cli, tmp_path):
    """CIS v6.0.0 2.19 / v7.0.0 2.18 with IAM Access Analyzer delegated to a member (where
    organization-guardrails puts the organization analyzer): the management account's unit
    reads that member's analyzers through the member role and judges the item; every member's
    own unit, the delegated administrator's included, is NOT_APPLICABLE (a member cannot list
    the organization analyzer), never PASS."""
    from harness.moto import set_access_analyzers

    org = organization
    delegated, plain = org.id_of("governed-b"), org.id_of("governed-a")
    management = org.management.account_id
    org.management.client("organizations").register_delegated_administrator(
        AccountId=delegated, ServicePrincipal="access-analyzer.amazonaws.com")
    set_access_analyzers(management, "us-east-1", [])
    accounts = tmp_path / "accounts.txt"
    accounts.write_text(f"{delegated}\n{plain}\n{management}\n")

    def judged(kind: str) -> dict[str, list[tuple[str, str]]]:
        set_access_analyzers(delegated, "us-east-1", [
            {"name": "governance-organization-analyzer", "type": kind, "status": "ACTIVE"}])
        run = org_cli(org, "--accounts", str(accounts), "--controls",
                      "access-analyzer-organization")
        return {account_id: [(f["status"], f["reason"]) for f in json.loads(
            (run.output / "accounts" / account_id / "findings.json").read_text())["findings"]]
            for account_id in (delegated, plain, management)}

    passing = judged("ORGANIZATION")
    assert passing[management] == [("PASS", "organization analyzer governance-organization-"
                                    "analyzer is ACTIVE in us-east-1 in the IAM Access Analyzer "
                                    f"delegated administrator {delegated}")]
    for member in (delegated, plain):
        [(status, reason)] = passing[member]
        assert status == "NOT_APPLICABLE" and "cannot list the organization analyzer" in reason
    [(status, reason)] = judged("ACCOUNT")[management]
    assert (status, reason) == ("FAIL", "no ACTIVE organization analyzer in us-east-1: neither "
                                "the management account nor the IAM Access Analyzer delegated "
                                f"administrator {delegated} has one")
