"""The organization's evidence document (render_rollup_document over the rollup.json dict): a
cover, a section per partner checklist item in the file's order (title, what was verified,
accounts per verdict, a row per account with its verdict and a link to its own evidence
document; an account whose audit failed ERROR with its one-line error), an appendix of item
x verdict counts per framework; hostile names escaped, bad input one line; printed to PDF
(read back with pypdf); write_rollup's document and optional PDF; the per-account PDF's
resume rule and its failure as the account's ERROR; the CLI refusing --format document
without Chromium before any AWS call."""

from __future__ import annotations

import copy
import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from governance.catalog.frameworks import REPORTED_FRAMEWORKS, frameworks
from governance.report.rollup_document import render_rollup_document
from governance.report.rollup_html import RollupError
from tests.unit.evidence_sample import sample_rollup
from tests.unit.html_tree import parse

BUILD = Path(__file__).resolve().parents[2] / "build"
ERRORED = "666666666666"
CHECKLIST = frameworks()["partner_checklist"]


def _with_documents(rollup: dict) -> dict:
    """The sample roll-up as a run that wrote each audited account's document (and one PDF)."""
    data = copy.deepcopy(rollup)
    for account in data["accounts"]:
        if account["outcome"] == "AUDITED":
            account["evidence"]["document"] = f"accounts/{account['account_id']}/evidence-document.html"
    data["accounts"][1]["evidence"]["pdf"] = "accounts/222222222222/evidence.pdf"
    return data


@pytest.fixture(scope="module")
def rollup():
    return _with_documents(sample_rollup())


@pytest.fixture(scope="module")
def page(rollup):
    return parse(render_rollup_document(rollup))


def _expected(account: dict, key: str, item_id: str) -> str:
    return "ERROR" if account["outcome"] == "ERROR" else account["items"][key][item_id]


def test_one_section_per_requirement_in_the_checklists_order(page):
    sections = page.find_all("section", "requirement")
    assert [s.attrs["data-requirement"] for s in sections] == [i.id for i in CHECKLIST.items]
    assert len(sections) == 16
    for section, item in zip(sections, CHECKLIST.items, strict=True):
        assert section.find("h2").text == f"{item.id} {item.title}"
        assert section.find("p", "audit").text == f"What was verified: {item.audit}"
        assert section.attrs["id"] == f"req-{item.id}"
    contents = page.find("table", id="contents").find("tbody").find_all("tr")
    assert [row.find("a").attrs["href"] for row in contents] == [
        f"#req-{item.id}" for item in CHECKLIST.items]


def test_every_account_row_has_its_verdict_and_a_link_to_its_document(rollup, page):
    accounts = {a["account_id"]: a for a in rollup["accounts"]}
    seen_verdicts = set()
    for item in CHECKLIST.items:
        table = page.find("table", "accounts", data_requirement=item.id)
        rows = table.find("tbody").find_all("tr")
        assert sorted(r.attrs["data-account"] for r in rows) == sorted(accounts)
        for row in rows:
            account = accounts[row.attrs["data-account"]]
            expected = _expected(account, "partner_checklist", item.id)
            cells = row.children_elements("td")
            assert [c.text for c in cells[:3]] == [account["account_id"], account["name"]
                                                  + (" (management)" if account["role"] ==
                                                     "management" else ""),
                                                  account["ou_path"]]
            assert row.attrs["data-verdict"] == expected
            assert cells[3].find("span", "badge").attrs["data-verdict"] == expected
            seen_verdicts.add(expected)
            links = [a.attrs["href"] for a in cells[4].find_all("a")]
            if account["outcome"] == "ERROR":
                assert links == []
                continue
            pdf = ["accounts/222222222222/evidence.pdf"] if account["account_id"] == \
                "222222222222" else []
            # at the requirement's own section of the account's document (its id there)
            assert links == [
                f"accounts/{account['account_id']}/evidence-document.html#req-{item.id}", *pdf]
        # worst verdict first
        ranks = [r.attrs["data-verdict"] for r in rows]
        assert ranks[0] == "ERROR"
    assert seen_verdicts == {"PASS", "FAIL", "ERROR"}  # the sample fails ACCT-001.4 and 002.8


def test_each_requirement_counts_accounts_per_verdict(rollup, page):
    for item in CHECKLIST.items:
        counts = Counter(_expected(a, "partner_checklist", item.id) for a in rollup["accounts"])
        shown = page.find("p", "verdict-counts", data_requirement=item.id)
        assert {c.attrs["data-count-status"]: int(c.find("strong").text)
                for c in shown.find_all("span", "count")} == dict(counts)
        assert shown.text.startswith("6 accounts:")
    failing = page.find("p", "verdict-counts", data_requirement="ACCT-001.4")
    assert failing.find("span", "count", data_count_status="FAIL").find("strong").text == "1"


def test_an_errored_account_is_error_with_its_one_line_error(rollup, page):
    error = next(a["error"] for a in rollup["accounts"] if a["account_id"] == ERRORED)
    assert error in page.find("div", id="errored-accounts").find("li", data_account=ERRORED).text
    for item in CHECKLIST.items:
        row = page.find("table", "accounts", data_requirement=item.id).find(
            "tr", data_account=ERRORED)
        assert row.attrs["data-verdict"] == "ERROR"
        assert row.find("span", "error").text == f"not audited: {error}"


def test_the_cover_names_the_organization_run_and_benchmark_versions(page):
    cover = page.find("section", "cover", id="cover")
    fields = {dd.attrs["data-cover"]: dd.text for dd in cover.find_all("dd")}
    assert fields["organization"] == "o-abc123defg"
    assert fields["management"] == "111111111111"
    assert fields["generated"] == "2026-12-02T18:00:00+00:00"
    assert fields["regions"] == "us-east-1, eu-west-1"
    assert fields["accounts"] == "6 accounts: 5 audited, 1 not audited (ERROR)"
    editions = [li.text for li in cover.find("ul", "versions").find_all("li")]
    assert len(editions) == len(REPORTED_FRAMEWORKS)
    for key in REPORTED_FRAMEWORKS:
        framework = frameworks()[key]
        if framework.version:
            assert any(framework.version in text for text in editions), key
    assert page.find("strong", id="organization-id").text == "o-abc123defg"
    assert page.find("h1").text == CHECKLIST.name


def test_the_appendix_counts_item_verdicts_per_framework(rollup, page):
    appendix = page.find_all("section", "appendix")
    assert [s.attrs["data-framework"] for s in appendix] == list(REPORTED_FRAMEWORKS)
    for number, section in enumerate(appendix, 1):
        title = next(f["title"] for f in rollup["frameworks"]
                     if f["key"] == section.attrs["data-framework"])
        assert section.find("h2").text == f"Appendix {number}: {title}"
        table = section.find("table", "item-counts")
        key = table.attrs["data-framework"]
        statuses = [th.attrs["data-status"] for th in table.find_all("th", "status")]
        rows = table.find("tbody").find_all("tr")
        assert [r.attrs["data-item"] for r in rows] == [i.id for i in frameworks()[key].items]
        for row in rows:
            counts = Counter(_expected(a, key, row.attrs["data-item"]) for a in rollup["accounts"])
            shown = {td.attrs["data-status"]: int(td.text) for td in row.find_all("td", "number")
                     if td.text}
            assert shown == dict(counts), (key, row.attrs["data-item"])
            assert set(shown) <= set(statuses)


def test_an_audited_account_without_checklist_verdicts_shows_no_verdict(rollup):
    data = copy.deepcopy(rollup)
    del data["accounts"][1]["items"]["partner_checklist"]  # a summary older than the checklist
    page = parse(render_rollup_document(data))
    row = page.find("table", "accounts", data_requirement="ACCT-001.1").find(
        "tr", data_account="222222222222")
    assert row.attrs["data-verdict"] == "NO_VERDICT"
    assert row.find("span", "badge").text == "no verdict"


def test_hostile_names_are_escaped_and_a_bad_id_gets_no_link(rollup):
    data = copy.deepcopy(rollup)
    data["accounts"][0]["name"] = "<script>alert(1)</script>"
    data["accounts"][1]["ou_path"] = 'Root/<img src=x onerror="alert(2)">'
    data["accounts"][5]["error"] = "denied </td></tr><a href='https://evil.example'>x</a>"
    data["accounts"][2]["account_id"] = "../../etc/x"  # a tampered summary: no link from it
    html = render_rollup_document(data)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "<img src=x" not in html and "evil.example'>" not in html
    page = parse(html)
    row = page.find("table", "accounts", data_requirement="ACCT-001.1").find(
        "tr", data_account="../../etc/x")
    assert row.find_all("a") == []
    errored = page.find("table", "accounts", data_requirement="ACCT-001.1").find(
        "tr", data_account=ERRORED)
    assert errored.find("span", "error").text.startswith("not audited: denied </td></tr><a")
    assert not page.find_all("a", href="https://evil.example")


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(schema="governance.rollup/2"),
     "rollup: schema 'governance.rollup/2' is not 'governance.rollup/1'"),
    (lambda d: d["accounts"][2].pop("account_id"), "rollup: accounts[3] has no account_id"),
    (lambda d: d["accounts"][1].update(items={"partner_checklist": ["PASS"]}),
     "rollup: accounts[2].items must map each framework to its item verdicts"),
])
def test_bad_rollup_is_one_line(rollup, change, message):
    data = copy.deepcopy(rollup)
    change(data)
    with pytest.raises(RollupError) as raised:
        render_rollup_document(data)
    assert str(raised.value) == message


def test_the_printed_pdf_has_every_requirement_on_its_own_page(rollup):
    """Printed by headless Chromium (governance.report.pdf) and read back: the cover, then
    each requirement heading starting a page of its own, in order, then the appendix."""
    pypdf = pytest.importorskip("pypdf")
    from governance.report.pdf import print_pdf

    BUILD.mkdir(exist_ok=True)
    html = BUILD / "rollup-document.html"
    html.write_text(render_rollup_document(rollup))
    pdf = print_pdf(html, BUILD / "rollup-document.pdf")

    def compact(text: str) -> str:  # NFKC: "fi" prints as a ligature; lines break anywhere
        return "".join(unicodedata.normalize("NFKC", text).split())

    printed = [compact(page.extract_text()) for page in pypdf.PdfReader(pdf).pages]
    footer = compact("Organization o-abc123defg · partner checklist evidence · generated "
                     "2026-12-02T18:00:00+00:00")
    pages = []
    for number, text in enumerate(printed, 1):  # each page's footer, then what it shows
        folio = f"page{number}of{len(printed)}"
        assert footer in text and folio in text, number
        pages.append(text.replace(footer, "", 1).replace(folio, "", 1))
    assert pages[0].startswith(compact(f"EVIDENCE DOCUMENT · ORGANIZATION {CHECKLIST.name} "
                                       "Organization o-abc123defg"))
    starts = []
    for item in CHECKLIST.items:
        heading = compact(f"{item.id} {item.title} What was verified: {item.audit}")
        found = [number for number, text in enumerate(pages) if text.startswith(heading)]
        assert len(found) == 1, item.id
        starts.append(found[0])
    assert starts == sorted(starts) and starts[0] > 0  # the cover on a page of its own
    appendix = [text for text in pages[starts[-1] + 1:] if text.startswith("Appendix")]
    assert [text.split(":")[0] for text in appendix] == [
        f"Appendix{number}" for number in range(1, len(REPORTED_FRAMEWORKS) + 1)]


def test_write_rollup_writes_the_document_and_the_pdf_only_when_asked(rollup, tmp_path,
                                                                      monkeypatch):
    from governance.organization.rollup import write_rollup
    from governance.report import pdf as pdf_module

    printed: list[tuple[Path, Path]] = []

    def fake_print(html: Path, pdf: Path, **_: object) -> Path:
        printed.append((html, pdf))
        pdf.write_bytes(b"%PDF-1.4 printed")
        return pdf

    monkeypatch.setattr(pdf_module, "print_pdf", fake_print)
    written = write_rollup(tmp_path, rollup, pdf=True)
    assert printed == [(tmp_path / "rollup-document.html", tmp_path / "rollup.pdf")]
    assert tmp_path / "rollup.pdf" in written
    assert (tmp_path / "rollup-document.html").read_text() == render_rollup_document(
        json.loads((tmp_path / "rollup.json").read_text()))
    # without the PDF: no Chromium is asked for, and the earlier PDF (now stale) goes
    monkeypatch.setattr(pdf_module, "print_pdf", lambda *a, **k: pytest.fail("printed"))
    written = write_rollup(tmp_path, rollup)
    assert (tmp_path / "rollup-document.html").is_file()
    assert not (tmp_path / "rollup.pdf").exists() and tmp_path / "rollup.pdf" not in written


def test_resume_takes_an_account_done_with_its_pdf_only_when_the_pdf_was_printed(tmp_path):
    from governance.organization.unit import SUMMARY, account_dir, is_done, settings_fingerprint

    settings = {"output": str(tmp_path), "member_role": "Role", "regions": ["us-east-1"]}
    with_pdf = {**settings, "document_pdf": True}
    assert settings_fingerprint(with_pdf) == settings_fingerprint(settings) + "+pdf"
    for account_id, audited_under in (("111111111111", settings), ("222222222222", with_pdf)):
        directory = account_dir(tmp_path, account_id)
        directory.mkdir(parents=True)
        (directory / SUMMARY).write_text(json.dumps(
            {"settings_hash": settings_fingerprint(audited_under)}))
        (directory / "done").write_text("PASS\n")
    plain, printed = settings_fingerprint(settings), settings_fingerprint(with_pdf)
    assert is_done(tmp_path, "111111111111", plain) and is_done(tmp_path, "222222222222", plain)
    assert not is_done(tmp_path, "111111111111", printed)  # its PDF was never printed
    assert is_done(tmp_path, "222222222222", printed)
    other = settings_fingerprint({**with_pdf, "regions": ["eu-west-1"]})
    assert not is_done(tmp_path, "222222222222", other)


def test_a_pdf_that_cannot_be_printed_is_the_accounts_error(tmp_path, monkeypatch):
    from governance.organization import unit

    def audit_then_print(account, settings, directory, calls, deadline):
        (directory / unit.DOCUMENT).write_text("<!DOCTYPE html><p>document</p>")
        unit._print_pdf(directory)
        raise AssertionError("printed without Chromium")

    monkeypatch.setattr(unit, "_audit", audit_then_print)
    monkeypatch.setenv("CHROMIUM_BINARY", str(tmp_path / "no-chromium"))
    summary = unit.audit_account("123456789012", {"output": str(tmp_path), "document_pdf": True})
    assert (summary["outcome"], summary["worst"]) == ("ERROR", "ERROR")
    assert summary["error"].startswith("cannot print the evidence PDF: CHROMIUM_BINARY=")
    assert "\n" not in summary["error"]
    directory = unit.account_dir(tmp_path, "123456789012")
    assert not (directory / "done").exists() and not (directory / unit.PDF).exists()


def test_organization_document_without_chromium_is_one_line_before_any_call(tmp_path, capsys,
                                                                            monkeypatch):
    from governance.cli import main as cli

    monkeypatch.setenv("CHROMIUM_BINARY", str(tmp_path / "no-chromium"))
    monkeypatch.setattr(cli, "_session", lambda args: pytest.fail("AWS reached"))
    code = cli.main(["audit", "--organization", "--format", "document",
                     "--output", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: CHROMIUM_BINARY=") and err.count("\n") == 1
    assert not (tmp_path / "out" / "accounts").exists()
