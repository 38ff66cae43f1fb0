"""CIS editions in every report: the newest edition first (table, evidence HTML and Markdown,
JSON, JUnit, roll-up page), each benchmark's version and date, a CIS item's own assessment
status and level beside this tool's verdict, the Security Hub CSPM controls of CIS v5.0.0
items (evidence, JSON item rows and findings), ``--framework cis`` as the newest edition, and
what a user may name as a framework (CLI, exceptions file)."""

from __future__ import annotations

import copy
import json
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from governance.catalog import catalog
from governance.catalog.frameworks import NEWEST_CIS, REPORTED_FRAMEWORKS, frameworks
from governance.cli.main import main
from governance.exceptions import ExceptionsError, load_exceptions
from governance.report.evidence import render_html, render_markdown
from governance.report.json_report import render_json
from governance.report.junit import render_junit
from governance.report.rendering import markdown_text
from governance.report.rollup_html import render_rollup_html
from governance.report.table import newest_cis_line, render_items
from governance.verdicts import item_verdicts
from tests.support.html_tree import parse
from tests.unit.evidence_sample import WAIVER, sample_account, sample_rollup

V7 = "CIS Amazon Web Services Foundations Benchmark v7.0.0"


@pytest.fixture(scope="module")
def account():
    return sample_account()


@pytest.fixture(scope="module")
def html(account):
    snapshot, findings = account
    return render_html(findings, snapshot, waivers=[WAIVER])


@pytest.fixture(scope="module")
def markdown(account):
    snapshot, findings = account
    return render_markdown(findings, snapshot, waivers=[WAIVER])


@pytest.fixture(scope="module")
def report_json(account):
    snapshot, findings = account
    return json.loads(render_json(findings, snapshot, waivers=[WAIVER]))


def test_newest_cis_is_the_reported_order_head():
    assert REPORTED_FRAMEWORKS[0] == NEWEST_CIS == "cis_aws_v7"
    assert list(frameworks()) == list(REPORTED_FRAMEWORKS)


def test_table_shows_the_newest_cis_edition_first(account):
    snapshot, findings = account
    headlines = [line for line in render_items(findings, account_id=snapshot.account_id)
                 .splitlines() if not line.startswith("  ")]
    assert headlines[0].startswith(f"{V7}: ")
    cis = [line.split(":")[0] for line in headlines if line.startswith("CIS ")]
    assert cis == [f"CIS Amazon Web Services Foundations Benchmark {v}"
                   for v in ("v7.0.0", "v6.0.0", "v5.0.0", "v4.0.1", "v3.0.0")]
    assert headlines[-2:][0].startswith("AWS Partner account governance")  # then ACCT, FTR
    # counts worst first: a FAIL is read before the PASSes
    counts = headlines[0].split(": ", 1)[1]
    assert counts.index("FAIL") < counts.index("PASS"), counts


def test_demo_line_names_the_newest_edition_and_its_date(account):
    snapshot, findings = account
    line = newest_cis_line(findings, account_id=snapshot.account_id)
    assert line.startswith(f"{V7} (published {frameworks()[NEWEST_CIS].published}): ")
    assert re.search(r": (\d+ [A-Z_]+, )*\d+ PASS", line), line


def test_evidence_summary_names_the_newest_edition_first_with_version_and_date(html):
    page = parse(html)
    cards = page.find("div", "summary").find_all("div", "framework-card")
    assert [card.attrs["data-framework"] for card in cards] == list(REPORTED_FRAMEWORKS)
    first = cards[0]
    assert V7 in first.find("h3").text
    assert "Version v7.0.0 · published before 2026-04-14" in first.text
    sections = page.find_all("section", "framework")
    assert [s.attrs["data-framework"] for s in sections] == list(REPORTED_FRAMEWORKS)
    for section in sections:
        framework = frameworks()[section.attrs["data-framework"]]
        edition = section.find_all("p", "edition")
        if framework.version:
            assert [p.text for p in edition] == [
                f"Version {framework.version} · published {framework.published}"]
        else:  # no version on file: no empty line
            assert edition == []


def test_markdown_summary_and_sections_put_the_newest_edition_first(markdown):
    summary = markdown[markdown.index("## Summary per framework"):].split("\n\n")[1]
    first_row = summary.splitlines()[2]
    assert first_row.startswith(f"| {V7} | v7.0.0 | "
                                f"{markdown_text(frameworks()[NEWEST_CIS].published)} | 70 |")
    headings = re.findall(r"^## (.+)$", markdown, re.M)
    framework_headings = [h for h in headings if h in {f.name for f in frameworks().values()}]
    assert framework_headings == [f.name for f in frameworks().values()]
    v7 = markdown.split(f"## {V7}\n", 1)[1]
    assert v7.lstrip().startswith("Version v7.0.0 · published before 2026-04-14")


def _item(page, key, item_id):
    section = page.find("section", "framework", data_framework=key)
    return section.find("details", "item", data_requirement=item_id)


def test_a_cis_item_shows_the_benchmarks_status_and_level_beside_the_verdict(account, html):
    """An item the benchmark marks Manual that a control judges: the benchmark's "Manual · L1"
    beside this tool's PASS or FAIL badge, never the tool's "manual" verdict."""
    snapshot, findings = account
    page = parse(html)
    rows = item_verdicts(findings, [NEWEST_CIS], account_id=snapshot.account_id)[NEWEST_CIS]
    judged_manual = [r for r in rows if r.assessment == "Manual" and r.findings]
    not_judged = [r for r in rows if r.status == "MANUAL"]
    assert judged_manual and not_judged
    for row in judged_manual + not_judged:
        item = _item(page, NEWEST_CIS, row.item_id)
        summary = item.children_elements("summary")[0]
        benchmark = summary.find("span", "benchmark")
        assert benchmark.text == f"{row.assessment} · L{row.level}", row.item_id
        assert benchmark.attrs["data-assessment"] == row.assessment
        assert benchmark.attrs["data-level"] == str(row.level)
        assert summary.find("span", "badge").attrs["data-verdict"] == row.status
    assert {r.status for r in judged_manual} <= {"PASS", "FAIL", "WAIVED", "ERROR",
                                                 "NOT_PROVABLE", "NOT_APPLICABLE"}
    note = page.find("p", "benchmark-note", data_framework=NEWEST_CIS).text
    assert "this tool's verdict" in note and "Manual may still be judged by a control" in note
    # a framework without benchmark statuses has no such column
    acct = page.find("section", "framework", data_framework="acct")
    assert not acct.find_all("span", "benchmark") and not acct.find_all("p", "benchmark-note")


def test_v5_items_name_their_security_hub_controls(html, markdown):
    page = parse(html)
    blocked = _item(page, "cis_aws_v5", "2.1.4")
    assert blocked.find("p", "securityhub").text == "Security Hub CSPM: S3.1, S3.8"
    contact = _item(page, "cis_aws_v5", "1.1")  # Security Hub's standard has no control for it
    assert not contact.find_all("p", "securityhub")
    v5 = frameworks()["cis_aws_v5"]
    judged = sum(1 for item in v5.items if item.securityhub)
    note = page.find("p", "benchmark-note", data_framework="cis_aws_v5").text
    assert f"judges {judged} of these {len(v5.items)} items" in note
    section = markdown.split("## CIS Amazon Web Services Foundations Benchmark v5.0.0\n", 1)[1] \
        .split("\n## ", 1)[0]
    assert "| Requirement | Benchmark | Status | Controls | Security Hub CSPM |" in section
    assert re.search(r"^\| \*\*2\.1\.4\*\* .+ \| Automated · L1 \| PASS \| "
                     r"`s3-public-access-blocked` PASS \| S3\.1, S3\.8 \|$", section, re.M)
    block = section.split("### 2.1.4 PASS:", 1)[1].split("\n### ", 1)[0]
    assert "Benchmark: Automated · L1; Security Hub CSPM: S3.1, S3.8" in block


def test_json_items_come_newest_first_with_benchmark_fields_and_security_hub(report_json):
    assert list(report_json["items"])[:len(REPORTED_FRAMEWORKS)] == list(REPORTED_FRAMEWORKS)
    assert report_json["frameworks"][NEWEST_CIS] == {
        "name": V7, "version": "v7.0.0", "published": frameworks()[NEWEST_CIS].published}
    v5 = {row["item"]: row for row in report_json["items"]["cis_aws_v5"]}
    assert v5["2.1.4"]["securityhub"] == ["S3.1", "S3.8"]
    assert (v5["2.1.4"]["assessment"], v5["2.1.4"]["level"]) == ("Automated", 1)
    assert v5["1.1"]["securityhub"] == [] and v5["1.1"]["assessment"] == "Manual"
    acct = report_json["items"]["acct"][0]
    assert (acct["assessment"], acct["level"], acct["securityhub"]) == (None, None, [])


def test_a_finding_carries_the_security_hub_ids_of_its_v5_items(report_json):
    """s3-public-access-blocked answers v5.0.0 2.1.4, which Security Hub's CIS v5.0.0 standard
    judges with S3.1 and S3.8: the finding names them apart from the control's own ids."""
    blocked = next(f for f in report_json["findings"]
                   if f["control_id"] == "s3-public-access-blocked")
    assert blocked["frameworks"]["cis_aws_v5"] == ["2.1.4"]
    assert blocked["securityhub_cis_v5"] == ["S3.1", "S3.8"]
    assert list(blocked["frameworks"])[:len(REPORTED_FRAMEWORKS)] == list(REPORTED_FRAMEWORKS)
    no_v5 = next(f for f in report_json["findings"]
                 if not catalog()[f["control_id"]].frameworks.cis_aws_v5)
    assert no_v5["securityhub_cis_v5"] == []


def test_junit_items_suite_starts_with_the_newest_edition(account):
    snapshot, findings = account
    root = ET.fromstring(render_junit(findings, snapshot))
    items = next(s for s in root.findall("testsuite") if s.get("name").startswith("framework items"))
    classnames = [case.get("classname") for case in items]
    assert classnames[0] == f"framework.{NEWEST_CIS}"
    order = list(dict.fromkeys(classnames))
    assert order[:len(REPORTED_FRAMEWORKS)] == [f"framework.{k}" for k in REPORTED_FRAMEWORKS]


def test_rollup_page_shows_the_newest_edition_first_whatever_the_file_order():
    rollup = sample_rollup()
    shuffled = copy.deepcopy(rollup)
    shuffled["frameworks"] = list(reversed(shuffled["frameworks"]))  # ftr, acct, v3 ... v7
    for data in (rollup, shuffled):
        page = parse(render_rollup_html(data))
        cards = [card.attrs["data-framework"] for card in page.find_all("div", "framework-card")]
        assert cards == list(REPORTED_FRAMEWORKS)
        sections = [s.attrs["data-framework"] for s in page.find_all("section", "framework")]
        assert sections == list(REPORTED_FRAMEWORKS)
        first = page.find("div", "framework-card", data_framework=NEWEST_CIS)
        assert "Version v7.0.0 · published before 2026-04-14" in first.text
        assert "of 5 audited accounts compliant" in first.text
        heading = page.find("section", "framework", data_framework=NEWEST_CIS)
        assert heading.find("p", "edition").text.startswith("Version v7.0.0 · published")


def test_rollup_page_prefers_the_files_own_version_and_date():
    rollup = sample_rollup()
    entry = next(f for f in rollup["frameworks"] if f["key"] == "cis_aws_v3")
    entry.update(version="v3.0.0", published="2024-01-31")
    page = parse(render_rollup_html(rollup))
    assert page.find("section", "framework", data_framework="cis_aws_v3").find(
        "p", "edition").text == "Version v3.0.0 · published 2024-01-31"


@pytest.fixture
def snapshot_file(tmp_path):
    snapshot, _ = sample_account()
    path = tmp_path / "snapshot.json"
    path.write_text(json.dumps(snapshot.to_dict()))
    return path


def _selected(snapshot_file, tmp_path, framework, *flags):
    out = tmp_path / "-".join([framework.replace(":", "_"), *flags])
    main(["audit", "--from-snapshot", str(snapshot_file), "--framework", framework,
          "--format", "json", "--output", str(out), *flags])
    return sorted({f["control_id"] for f in
                   json.loads((out / "findings.json").read_text())["findings"]})


def test_framework_cis_means_the_newest_edition(snapshot_file, tmp_path):
    """The sample account is in no organization: a whole framework leaves the organization
    controls out (their items NOT_ASSESSED), the include flag and an item naming them do not."""
    newest = _selected(snapshot_file, tmp_path, "cis")
    assert newest == _selected(snapshot_file, tmp_path, NEWEST_CIS)
    organization = sorted(c.id for c in catalog().values()
                          if c.frameworks.cis_aws_v7 and c.organization_only)
    assert organization and not set(organization) & set(newest)
    assert newest == sorted(c.id for c in catalog().values()
                            if c.frameworks.cis_aws_v7 and not c.organization_only)
    assert _selected(snapshot_file, tmp_path, "cis", "--include-organization-controls") == \
        sorted(c.id for c in catalog().values() if c.frameworks.cis_aws_v7)
    assert _selected(snapshot_file, tmp_path, "cis:2.1.1") == [
        "organization-root-credentials-management"]
    v3 = _selected(snapshot_file, tmp_path, "cis_aws_v3")  # an edition key keeps its edition
    assert v3 == sorted(c.id for c in catalog().values() if c.frameworks.cis_aws_v3)
    assert v3 != newest
    assert _selected(snapshot_file, tmp_path, "cis:2.8") == \
        _selected(snapshot_file, tmp_path, "cis_aws_v7:2.8") == ["iam-password-policy-min-length"]


@pytest.mark.parametrize("framework", ["NIST-800", "cis_aws_v9", "cis_aws_v9:2.8"])
def test_an_unknown_framework_is_one_line_listing_the_keys(snapshot_file, framework, capsys):
    assert main(["audit", "--from-snapshot", str(snapshot_file), "--framework", framework]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("error: --framework: ") and repr(framework.split(":")[0]) in line
    assert f"cis, {', '.join(REPORTED_FRAMEWORKS)}, securityhub, config_rule" in line


def _exceptions_file(tmp_path, item):
    path = tmp_path / "exceptions.toml"
    path.write_text(f'[[exception]]\nitem = "{item}"\naccount = "111122223333"\n'
                    'reason = "legacy IdP enforces length 12"\nowner = "iam-team"\n'
                    "expires = 2999-06-30\n")
    return path


def test_an_exception_names_its_cis_edition_not_the_alias(tmp_path):
    """``cis:2.8`` would move to another item when a newer edition is added: refused in one
    line that lists the framework keys; ``cis_aws_v7:2.8`` is accepted."""
    with pytest.raises(ExceptionsError) as refused:
        load_exceptions(_exceptions_file(tmp_path, "cis:2.8"))
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith("exception #1: item 'cis:2.8' names no edition: write the edition "
                              "the exception is for (e.g. cis_aws_v7:2.8)")
    assert ", ".join(REPORTED_FRAMEWORKS) in message
    [waiver] = load_exceptions(_exceptions_file(tmp_path, "cis_aws_v7:2.8"))
    assert (waiver.item, waiver.expires) == ("cis_aws_v7:2.8", date(2999, 6, 30))


def test_cli_refuses_the_alias_in_an_exceptions_file(snapshot_file, tmp_path, capsys):
    code = main(["audit", "--from-snapshot", str(snapshot_file), "--exceptions",
                 str(_exceptions_file(tmp_path, "cis:2.8"))])
    assert code == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("error: exception #1: item 'cis:2.8' names no edition")
