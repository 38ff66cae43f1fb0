"""The evidence report: a summary per framework, then each item once with its verdict and
the findings under it, status filters, a print stylesheet, no credentials, no "(none)";
checked on the rendered text and in headless Chromium (what is visible)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from governance.catalog import catalog
from governance.catalog.frameworks import REPORTED_FRAMEWORKS, frameworks
from governance.checks import evaluate
from governance.report.evidence import build_report, render_html, render_markdown
from governance.report.redact import redact, redact_text
from governance.report.rendering import STATUS_LABELS, markdown_text
from governance.verdicts import item_verdicts
from tests.support.html_tree import parse
from tests.support.snapshots import changed
from tests.support.snapshots_organization import organization
from tests.unit.evidence_sample import EXPIRED, WAIVER, sample_account
from tests.unit.snapshots import compliant

BUILD = Path(__file__).resolve().parents[2] / "build"

KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
IAM_CONTROLS = ["iam-password-policy-strong", "iam-password-policy-min-length",
                "iam-password-policy-reuse", "iam-no-shared-users",
                "iam-user-permissions-through-groups-only"]


@pytest.fixture
def weak_account():
    snapshot = changed(compliant(), "iam:GetAccountPasswordPolicy",
                       lambda p: {**p, "MinimumPasswordLength": 8,
                                  "Note": f"key {KEY_ID} secret {SECRET}"})
    return snapshot, evaluate(snapshot, IAM_CONTROLS)


def test_credentials_never_appear_in_full():
    assert redact_text(f"key {KEY_ID}") == "key AKIAIOSF…MPLE"
    assert SECRET not in redact_text(f"secret {SECRET}")
    assert redact({"SecretAccessKey": "abc", "nested": [KEY_ID]}) == {
        "SecretAccessKey": "[redacted]", "nested": ["AKIAIOSF…MPLE"]}


def test_report_groups_controls_under_framework_requirements(weak_account):
    snapshot, findings = weak_account
    report = build_report(findings, snapshot)
    sections = {section.key: section for section in report["sections"]}
    assert list(sections) == list(REPORTED_FRAMEWORKS)  # the newest CIS edition first
    cis = {r.id: r for r in sections["cis_aws_v3"].requirements}
    assert cis["1.8"].status == "FAIL"
    assert [r.control.id for r in cis["1.8"].results] == ["iam-password-policy-min-length"]
    assert cis["1.9"].status == "PASS"  # the house rule's FAIL does not paint 1.9
    assert "PasswordReusePrevention" in cis["1.9"].audit
    assert cis["1.15"].status == "PASS"
    newest = {r.id: r for r in sections["cis_aws_v7"].requirements}  # the same, renumbered
    assert newest["2.8"].status == "FAIL"
    assert [r.control.id for r in newest["2.8"].results] == ["iam-password-policy-min-length"]
    assert (newest["2.8"].assessment, newest["2.8"].level, newest["2.8"].benchmark) == (
        "Automated", 1, "Automated · L1")
    assert report["account_alias"] == "example-prod"


@pytest.mark.parametrize("render", [render_markdown, render_html])
def test_rendered_report_carries_identity_status_evidence_and_no_secrets(weak_account, render):
    snapshot, findings = weak_account
    text = render(findings, snapshot)
    for expected in (snapshot.account_id, "example-prod", snapshot.caller_arn,
                     snapshot.collected_at, "iam-password-policy-strong",
                     "MinimumPasswordLength is 8", "Remediation", "CIS Amazon Web Services"):
        assert expected in text, expected
    assert KEY_ID not in text and SECRET not in text


@pytest.fixture
def sample():
    snapshot, findings = sample_account()
    html = render_html(findings, snapshot, waivers=[WAIVER], expired=[EXPIRED])
    verdicts = item_verdicts(findings, frameworks(), waivers=[WAIVER],
                             account_id=snapshot.account_id)
    return snapshot, findings, html, verdicts


def _cis_item(page, framework, item_id):
    section = page.find("section", "framework", data_framework=framework)
    return section.find("details", "item", data_requirement=item_id)


def test_every_item_appears_once_with_its_verdict(sample):
    _, _, html, verdicts = sample
    page = parse(html)
    for key, rows in verdicts.items():
        section = page.find("section", "framework", data_framework=key)
        items = section.find_all("details", "item")
        assert [i.attrs["data-requirement"] for i in items] == [r.item_id for r in rows], key
        for item, row in zip(items, rows, strict=True):
            assert item.attrs["data-status"] == row.status
            badge = item.children_elements("summary")[0].find("span", "badge")
            assert badge.text == STATUS_LABELS[row.status], (key, row.item_id)
    statuses = {row.status for rows in verdicts.values() for row in rows}
    assert {"FAIL", "ERROR", "WAIVED", "NOT_PROVABLE", "MANUAL", "PASS"} <= statuses


def test_findings_sit_under_their_item_with_resource_region_reason_and_evidence(sample):
    _, _, html, _ = sample
    page = parse(html)
    length = _cis_item(page, "cis_aws_v3", "1.8")
    assert "open" in length.attrs  # a FAIL (an ERROR, a waiver) is open when the page opens
    assert "Audit procedure" in length.text and "MinimumPasswordLength" in length.text
    table = length.find("table", "findings", data_item="1.8")
    [row] = table.find_all("tr", "finding")
    cells = [td.text for td in row.children_elements("td")]
    assert cells[:4] == ["FAIL", "iam-password-policy-min-length", "account", "global"]
    assert "MinimumPasswordLength is 8" in cells[4]
    assert '"MinimumPasswordLength": 8' in row.find("details", "evidence").text
    assert "Remediation" in length.text
    admin = _cis_item(page, "cis_aws_v3", "1.16")
    assert admin.attrs["data-status"] == "WAIVED" and "open" in admin.attrs
    waived = admin.find("tr", "finding", data_status="WAIVED").text
    assert all(part in waived for part in ("role/platform-admin", WAIVER.reason, WAIVER.owner,
                                           "2999-06-30"))
    acct = page.find("section", "framework", data_framework="acct").find(
        "table", "findings", data_item="ACCT-001")
    rows = acct.find_all("tr", "finding")
    assert rows[0].attrs["data-control"] == "guardduty-enabled"  # worst first
    assert "AccessDeniedException" in rows[0].text and rows[0].attrs["data-status"] == "ERROR"
    manual = _cis_item(page, "cis_aws_v3", "1.1")
    assert manual.attrs["data-status"] == "MANUAL" and "Manual:" in manual.text
    assert not manual.find_all("table")


def test_summary_per_framework_counts_and_chart_match_the_items(sample):
    _, _, html, verdicts = sample
    page = parse(html)
    for key, rows in verdicts.items():
        card = page.find("div", "framework-card", data_framework=key)
        legend = {li.attrs["data-count-status"]: int(li.find("strong").text)
                  for li in card.find_all("li")}
        expected = {}
        for row in rows:
            expected[row.status] = expected.get(row.status, 0) + 1
        assert legend == expected, key
        widths = [float(re.search(r"width: ([\d.]+)%", bar.attrs["style"]).group(1))
                  for bar in card.find("div", "bar").find_all("span")]
        assert len(widths) == len(expected) and abs(sum(widths) - 100) < 0.01
    assert "http" not in html.split("<body>")[0].lower()  # nothing fetched: works offline


def test_filters_print_stylesheet_and_no_placeholder_alias(sample):
    snapshot, findings, html, _ = sample
    page = parse(html)
    boxes = page.find("form", "filters").find_all("input", type="checkbox")
    present = {item.attrs["data-status"] for item in page.find_all("details", "item")}
    assert {box.attrs["data-filter"] for box in boxes} == present
    style = page.find("style").text
    for status in present:
        assert f'body:has(#filter-{status}:not(:checked)) [data-filter-status="{status}"]' in style
    print_rules = style[style.index("@media print"):]
    assert ".filters" in print_rules and "details-content" in print_rules
    assert "break-inside: avoid" in print_rules
    assert "(none)" not in html and "(none)" not in render_markdown(findings, snapshot)
    assert page.find("h1").text == f"Governance evidence: account {snapshot.account_id}"
    named, found = sample_account(alias=True)
    h1 = parse(render_html(found, named)).find("h1").text
    assert h1 == f"Governance evidence: account {named.account_id} (example-prod)"


def test_markdown_keeps_the_same_structure(sample):
    snapshot, findings, _, verdicts = sample
    text = render_markdown(findings, snapshot, waivers=[WAIVER], expired=[EXPIRED])
    summary = text[text.index("## Summary per framework"):].split("\n\n")[1]
    rows = summary.splitlines()[2:]  # after the header and its rule
    assert len(rows) == len(frameworks())
    for row, (key, framework) in zip(rows, frameworks().items(), strict=True):  # report order
        assert row.startswith(f"| {framework.name} | {framework.version} | "
                              f"{markdown_text(framework.published)} | {len(framework.items)} |"), key
    for key, rows in verdicts.items():
        section = text.split(f"## {frameworks()[key].name}\n", 1)[1].split("\n## ", 1)[0]
        for row in rows:
            heading = f"### {row.item_id} {row.status}: {markdown_text(row.title)}\n"
            assert section.count(heading) == 1, (key, row.item_id)
    cis = text.split(f"## {frameworks()['cis_aws_v3'].name}\n", 1)[1]
    length = cis.split("### 1.8 FAIL:", 1)[1].split("\n### ", 1)[0]
    assert "- `iam-password-policy-min-length` FAIL" in length
    assert "  - \\[FAIL\\] account (global): the account password policy: MinimumPasswordLength is 8" \
        in length
    assert f"owner {WAIVER.owner}; expires 2999-06-30" in text and "Expired exceptions" in text
    assert "(none)" not in text


def test_html_escapes_what_the_account_returns(sample):
    snapshot, findings, _, _ = sample
    snapshot.record("iam:ListAccountAliases", ["<script>alert(1)</script>"])
    html = render_html(findings, snapshot)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_html_report_in_headless_chromium_shows_items_findings_filters_and_prints(sample):
    """Laid out by Chromium: the header, one readable row per item (no one-word-a-line
    column), a FAIL's findings visible and a PASS's folded, the PASS filter hiding PASS rows,
    and the print rules (filters gone, every item and evidence open)."""
    from harness.browser import probe, screenshot

    _, _, html, _ = sample
    BUILD.mkdir(exist_ok=True)
    page = BUILD / "evidence.html"
    page.write_text(html)
    png = screenshot(page, BUILD / "evidence.png")
    assert png.stat().st_size > 50_000
    seen = probe(page, PROBE_EVIDENCE)
    assert seen["h1"] == "Governance evidence: account 111122223333"
    assert seen["cards"] == len(frameworks()) and seen["barsVisible"] > 0
    assert seen["firstCard"] == "cis_aws_v7"  # the newest CIS edition first
    length = seen["item_1_8"]
    assert length["badge"] == "FAIL" and length["badgeColor"] == "rgb(207, 34, 46)"
    assert length["titleWidth"] > 500 and length["summaryHeight"] < 60, length
    assert length["findingVisible"] and "MinimumPasswordLength is 8" in length["findingText"]
    assert seen["passFindingVisible"] is False  # a PASS item is folded
    newest = seen["newest"]  # the benchmark's status and level on the item's line, before the badge
    assert newest["benchmark"] == "Automated · L1" and newest["benchmarkVisible"], newest
    assert newest["summaryHeight"] < 60 and newest["titleWidth"] > 500, newest
    assert newest["benchmarkLeftOfBadge"], newest
    assert seen["afterUntickPass"] == {"passVisible": 0, "failVisible": seen["failItems"]}
    assert seen["failItems"] >= 4
    printed = seen["print"]
    assert printed["filtersDisplay"] == "none"
    assert printed["closedDetails"] == 0 and printed["passFindingVisible"] is True
    assert printed["evidenceVisible"] is True
    assert printed["passItemsVisible"] == seen["passItems"]  # a filter never hides rows on paper


PROBE_EVIDENCE = """
function rect(e) { return e ? e.getBoundingClientRect() : {width: 0, height: 0}; }
// checkVisibility: false inside a closed <details> (its content is skipped, not painted)
function visible(e) { var r = rect(e); return !!e && e.checkVisibility() && r.width > 0 && r.height > 0; }
var items = Array.from(document.querySelectorAll("section[data-framework=cis_aws_v3] details.item"));
var fail = items.find(function (d) { return d.dataset.requirement === "1.8"; });
var pass = items.find(function (d) { return d.dataset.requirement === "1.9"; });
var badge = fail.querySelector("summary .badge");
var finding = fail.querySelector("tr.finding");
var all = Array.from(document.querySelectorAll("details.item"));
var newest = document.querySelector(
  "section[data-framework=cis_aws_v7] details.item[data-requirement='2.8']");
var newestBenchmark = newest.querySelector("summary .benchmark");
function count(status) {
  return all.filter(function (d) { return d.dataset.status === status && visible(d); }).length;
}
var out = {
  h1: document.querySelector("h1").innerText,
  cards: document.querySelectorAll(".framework-card").length,
  firstCard: document.querySelector(".framework-card").dataset.framework,
  barsVisible: Array.from(document.querySelectorAll(".framework-card .bar span")).filter(visible).length,
  item_1_8: {badge: badge.innerText, badgeColor: getComputedStyle(badge).backgroundColor,
             titleWidth: rect(fail.querySelector("summary .title")).width,
             summaryHeight: rect(fail.querySelector("summary")).height,
             findingVisible: visible(finding), findingText: finding.innerText},
  passFindingVisible: visible(pass.querySelector("tr.finding")),
  failItems: count("FAIL"), passItems: count("PASS"),
  newest: {benchmark: newestBenchmark.innerText, benchmarkVisible: visible(newestBenchmark),
           summaryHeight: rect(newest.querySelector("summary")).height,
           titleWidth: rect(newest.querySelector("summary .title")).width,
           benchmarkLeftOfBadge:
             rect(newestBenchmark).right <= rect(newest.querySelector("summary .badge")).left}
};
document.getElementById("filter-PASS").click();
out.afterUntickPass = {passVisible: count("PASS"), failVisible: count("FAIL")};
for (const sheet of document.styleSheets) {
  for (const rule of sheet.cssRules) {
    if (rule.media && rule.media.mediaText === "print") { rule.media.mediaText = "all"; }
  }
}
window.dispatchEvent(new Event("beforeprint"));
out.print = {
  filtersDisplay: getComputedStyle(document.querySelector(".filters")).display,
  closedDetails: document.querySelectorAll("details:not([open])").length,
  passFindingVisible: visible(pass.querySelector("tr.finding")),
  evidenceVisible: visible(pass.querySelector("details.evidence pre")),
  passItemsVisible: count("PASS")
};
return out;
"""


def test_an_item_exception_is_listed_with_reason_owner_and_expiry():
    from datetime import date

    from governance.exceptions import Waiver

    snapshot, findings = sample_account()
    item = Waiver(reason="legacy IdP enforces length 12; ticket SEC-42", owner="iam-team",
                  expires=date(2999, 6, 30), item="cis_aws_v3:1.8")
    page = parse(render_html(findings, snapshot, waivers=[item]))
    assert _cis_item(page, "cis_aws_v3", "1.8").attrs["data-status"] == "WAIVED"
    assert _cis_item(page, "cis_aws_v4", "1.8").attrs["data-status"] == "FAIL"  # that item only
    listed = page.find("div", "notice", id="waivers").text
    assert "cis_aws_v3:1.8 on account: legacy IdP enforces length 12; ticket SEC-42 · owner " \
           "iam-team · expires 2999-06-30" in listed


# --- the page as an auditor reads it: the summary first, the notes folded, by cause ---------

SCP_CONTROLS = sorted(c for c in catalog() if c.startswith("scp-"))


def _organization_on_an_emulator(controls):
    """The management account of tests/unit/snapshots_organization.py read from an emulator,
    ``controls`` evaluated."""
    snapshot = organization()
    snapshot.emulator_endpoint = "http://127.0.0.1:5000"
    return snapshot, evaluate(snapshot, controls)


def _notes(report):
    return {group.key: group for group in report["notes"]}


def test_the_summary_comes_before_every_notice_and_note(sample):
    _, _, html, _ = sample
    summary = html.index('id="framework-summary"')
    notices = [m.start() for m in re.finditer(r'class="(notice|notes-group)\b', html)]
    assert len(notices) >= 4  # expired, in force, and the notes of the sample
    assert summary < min(notices)
    header = html[html.index("<body>"):summary]
    assert "notice" not in header and "note-line" not in header
    assert 'id="emulator-endpoint"' in header  # what was read stays in the header: one line
    page = parse(html)
    assert "not a real AWS account" in page.find("dd", id="emulator-endpoint").text


def test_the_scp_emulator_note_is_one_line_naming_every_scp_control_that_ran():
    snapshot, findings = _organization_on_an_emulator([*SCP_CONTROLS, "organization-trail"])
    report = build_report(findings, snapshot)
    emulator = _notes(report)["emulator"]
    scp_lines = [line for line in emulator.lines
                 if any(c.startswith("scp-") for c in line.control_ids)]
    assert len(scp_lines) == 1 and scp_lines[0].control_ids == SCP_CONTROLS
    assert scp_lines[0].cause == catalog()["scp-deny-root-user"].emulator_gap
    assert emulator.count == len(SCP_CONTROLS) + 1  # and organization-trail's own line
    assert [line.control_ids for line in emulator.lines if line is not scp_lines[0]] == [
        ["organization-trail"]]
    gap = catalog()["scp-deny-root-user"].emulator_gap
    html = render_html(findings, snapshot)
    assert html.count(gap.split(":")[0]) == 1  # once, not once per control
    [line] = [li for li in parse(html).find_all("li", "note-line")
              if "scp-deny-root-user" in li.attrs["data-controls"]]
    assert line.attrs["data-controls"].split() == SCP_CONTROLS
    assert [code.text for code in line.find_all("code")] == SCP_CONTROLS
    text = render_markdown(findings, snapshot)
    assert text.count(markdown_text(gap)) == 1
    assert text.index("## Summary per framework") < text.index("## Notes") < text.index(
        markdown_text(gap))


def test_a_control_that_did_not_run_or_judged_nothing_has_no_note():
    ran = SCP_CONTROLS[:3]
    snapshot, findings = _organization_on_an_emulator(ran)
    emulator = _notes(build_report(findings, snapshot))["emulator"]
    assert [line.control_ids for line in emulator.lines] == [ran]
    notes = parse(render_html(findings, snapshot)).find("div", id="notes")
    assert all(control in notes.text for control in ran)
    for absent in [*SCP_CONTROLS[3:], "securityhub-enabled-with-standards", "organization-trail"]:
        assert absent not in notes.text, absent
    # from a member account every SCP control is NOT_APPLICABLE: nothing judged, no note
    member = organization()
    member.record("governance:OrganizationView", "member")
    member.emulator_endpoint = "http://127.0.0.1:5000"
    found = evaluate(member, SCP_CONTROLS)
    assert {f.status.value for f in found} == {"NOT_APPLICABLE"}
    report = build_report(found, member)
    assert "emulator" not in _notes(report) and report["emulator_gaps"]  # the old key stays
    # on a real account there is no emulator note at all
    real, judged = organization(), evaluate(organization(), SCP_CONTROLS)
    assert "emulator" not in _notes(build_report(judged, real))


def test_notes_are_folded_and_grouped_by_cause(sample):
    snapshot, findings, html, _ = sample
    page = parse(html)
    groups = page.find_all("details", "notes-group")
    assert [g.attrs["data-notes"] for g in groups] == ["emulator", "not-provable", "verify-only"]
    assert all("open" not in group.attrs for group in groups)
    assert sum(len(g.find_all("li", "note-line")) for g in groups) == len(
        page.find_all("li", "note-line")) > 0
    summaries = [g.children_elements("summary")[0].text for g in groups]
    report = build_report(findings, snapshot)
    assert summaries[0] == f"Notes on the emulator ({_notes(report)['emulator'].count} controls)"
    # the three Access Analyzer controls share one NOT_PROVABLE reason: one line
    [line] = _notes(report)["not-provable"].lines
    assert line.control_ids == ["access-analyzer-enabled", "access-analyzer-external-access",
                                "access-analyzer-organization"]
    assert "access-analyzer:ListAnalyzers" in line.cause
    # the sample is in no organization: its SCP controls judged nothing, so no SCP note
    assert not [c for g in report["notes"] for li in g.lines for c in li.control_ids
                if c.startswith("scp-")]


def test_an_item_answered_only_by_organization_controls_says_where_it_is_judged(sample):
    snapshot, findings, _, _ = sample
    kept = [f for f in findings if not catalog()[f.control_id].organization_only]
    report = build_report(kept, snapshot)
    cis = {r.id: r for r in next(s for s in report["sections"] if s.key == "cis_aws_v7")
           .requirements}
    assert cis["2.1.1"].status == "NOT_ASSESSED"
    assert "organization-root-credentials-management" in cis["2.1.1"].note
    assert "--include-organization-controls" in cis["2.1.1"].note
    assert "--organization" in cis["2.1.1"].note
    assert cis["2.8"].note == ""  # an item a control judged keeps its own note
    page = parse(render_html(kept, snapshot))
    item = _cis_item(page, "cis_aws_v7", "2.1.1")
    assert "--include-organization-controls" in item.find("p", "note").text
    # the items a control of this run judged are not annotated, even with organization controls
    judged = build_report(findings, snapshot)
    cis = {r.id: r for r in next(s for s in judged["sections"] if s.key == "cis_aws_v7")
           .requirements}
    assert cis["2.1.1"].status == "NOT_APPLICABLE" and "include" not in cis["2.1.1"].note


def test_every_key_build_report_returned_before_is_kept(sample):
    snapshot, findings, _, _ = sample
    report = build_report(findings, snapshot, waivers=[WAIVER], expired=[EXPIRED])
    assert {"account_id", "account_alias", "caller_arn", "collected_at", "regions",
            "credential_report", "totals", "controls", "sections", "emulator_endpoint",
            "emulator_gaps", "verify_only", "not_provable", "expired_exceptions", "waivers",
            "statuses", "notes"} <= set(report)


def test_in_chromium_the_summary_is_on_the_first_screen_above_every_notice(sample, tmp_path):
    from harness.browser import probe

    _, _, html, _ = sample
    page = tmp_path / "evidence.html"
    page.write_text(html)
    seen = probe(page, PROBE_FIRST_SCREEN, window=(1280, 900))
    assert seen["summaryTop"] < seen["firstNoticeTop"], seen
    assert seen["summaryTop"] < 900 and seen["firstCardBottom"] < 900, seen
    assert seen["firstNotice"] in ("expired-exceptions", "waivers", "notes-emulator"), seen
    assert seen["noteLineVisible"] is False  # folded
    assert seen["noteSummaryVisible"] is True


PROBE_FIRST_SCREEN = """
function rect(e) { return e.getBoundingClientRect(); }
var summary = document.getElementById("framework-summary");
var notices = Array.from(document.querySelectorAll(".notice, .notes-group"));
var first = notices.sort(function (a, b) { return rect(a).top - rect(b).top; })[0];
var group = document.querySelector(".notes-group");
return {
  summaryTop: rect(summary).top + window.scrollY,
  firstCardBottom: rect(document.querySelector(".framework-card")).bottom + window.scrollY,
  firstNoticeTop: rect(first).top + window.scrollY,
  firstNotice: first.id,
  noteLineVisible: group.querySelector(".note-line").checkVisibility(),
  noteSummaryVisible: group.querySelector("summary").checkVisibility()
};
"""
