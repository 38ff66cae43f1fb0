"""The organization roll-up page (render_rollup_html over the rollup.json dict): compliance per
framework with a chart, the accounts that could not be audited with their one-line error, an
accounts x items matrix per framework and an accounts x controls matrix, links to each
account's evidence, filters by status, print rules; bad input is one line. Checked on the
rendered text and in headless Chromium (what is visible, with 6 and with 60 accounts; the
500- and 1,000-account pages are measured in bench/bench_rollup_render.py)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from governance.catalog.frameworks import frameworks
from governance.report.rendering import STATUS_ABBREVIATIONS
from governance.report.rollup_html import RollupError, render_rollup_html
from tests.unit.evidence_sample import sample_rollup
from tests.unit.html_tree import parse

BUILD = Path(__file__).resolve().parents[2] / "build"
ERRORED = "666666666666"
# More accounts than the matrix box (75% of a 1,000 px window) shows at once: what makes it
# scroll inside its box. 500 rows proved the same rule in 22 s of Chromium instead of ~3.
MANY = 60


@pytest.fixture(scope="module")
def rollup():
    return sample_rollup()


@pytest.fixture(scope="module")
def page(rollup):
    return parse(render_rollup_html(rollup))


def _row(matrix, account_id):
    return matrix.find("tr", data_account=account_id)


def test_every_account_appears_once_per_matrix_with_each_item_verdict(rollup, page):
    for framework in rollup["frameworks"]:
        key = framework["key"]
        matrix = page.find("table", "matrix", id=f"matrix-{key}")
        columns = [th.attrs["data-column"] for th in matrix.find_all("th", "col")
                   if "data-column" in th.attrs]
        assert columns == [item.id for item in frameworks()[key].items], key
        rows = matrix.find("tbody").find_all("tr")
        assert sorted(r.attrs["data-account"] for r in rows) == sorted(
            a["account_id"] for a in rollup["accounts"])
        for account in rollup["accounts"]:
            row = _row(matrix, account["account_id"])
            assert row.attrs["data-status"] == account["worst"]
            cells = row.children_elements("td")[1:]  # after the worst status
            if account["outcome"] == "ERROR":
                assert [c.attrs["class"] for c in cells] == ["error-line"]
                continue
            statuses = [c.attrs["class"] for c in cells]
            assert statuses == [account["items"][key][column] for column in columns]
            assert [c.text for c in cells] == [STATUS_ABBREVIATIONS[s] for s in statuses]
    controls = page.find("table", "matrix", id="matrix-controls")
    row = _row(controls, "333333333333")
    cells = row.children_elements("td")[1:]
    assert len(cells) == len(rollup["controls"])
    assert any(c.attrs["class"] == "FAIL" for c in cells)


def test_errored_account_shows_its_one_line_error_and_no_link(rollup, page):
    error = next(a["error"] for a in rollup["accounts"] if a["account_id"] == ERRORED)
    notice = page.find("div", "notice", id="errored-accounts")
    assert error in notice.find("li", data_account=ERRORED).text
    row = _row(page.find("table", "matrix", id="matrix-cis_aws_v3"), ERRORED)
    assert row.find("td", "error-line").text == f"not audited: {error}"
    assert not row.find_all("a")
    audited = _row(page.find("table", "matrix", id="matrix-cis_aws_v3"), "222222222222")
    assert audited.find("a").attrs["href"] == "accounts/222222222222/evidence.html"
    assert page.find("table", id="account-list").find(
        "tr", data_account="333333333333").find_all("a")[0].attrs["href"] == \
        "accounts/333333333333/evidence.html"


def test_summary_per_framework_carries_the_rollup_counts(rollup, page):
    per_framework = rollup["summary"]["per_framework"]
    for framework in rollup["frameworks"]:
        key = framework["key"]
        card = page.find("div", "framework-card", data_framework=key)
        legend = {li.attrs["data-count-status"]: int(li.find("strong").text)
                  for li in card.find_all("li")}
        figures = per_framework[key]
        assert legend == {s: n for s, n in figures.items()
                          if s not in ("items", "compliant_accounts") and n}
        assert f"{figures['compliant_accounts']} of 5 audited accounts compliant" in card.text
    accounts = page.find("div", "card", id="accounts-card")
    assert {li.attrs["data-count-status"]: int(li.find("strong").text)
            for li in accounts.find_all("li")} == {"FAIL": 2, "ERROR": 2, "PASS": 2}
    assert page.find("dd", id="account-counts").text == \
        "6 accounts: 5 audited, 1 not audited (ERROR)"


def test_filters_and_print_rules(page):
    boxes = page.find("form", "filters").find_all("input", type="checkbox")
    assert {b.attrs["data-filter"] for b in boxes} == {"FAIL", "ERROR", "PASS"}
    style = page.find("style").text
    assert '[data-filter-status="PASS"] { display: none; }' in style
    print_rules = style[style.index("@media print"):]
    assert ".filters" in print_rules and "position: static" in print_rules
    assert "size: A4 landscape" in style


def test_shares_the_evidence_pages_stylesheet_and_components(page):
    from governance.report.rendering import environment

    css = environment().loader.get_source(environment(), "_report.css")[0]
    assert css.strip() in "".join(page.find("style").children)
    assert page.find_all("span", "badge") and page.find_all("div", "bar")


def test_unknown_framework_items_and_hostile_names(rollup):
    data = copy.deepcopy(rollup)
    data["frameworks"].append({"key": "securityhub", "title": "AWS Security Hub controls"})
    data["accounts"][1]["items"]["securityhub"] = {"IAM.15": "FAIL", "IAM.2": "PASS"}
    data["accounts"][0]["name"] = "<script>alert(1)</script>"
    html = render_rollup_html(data)
    matrix = parse(html).find("table", "matrix", id="matrix-securityhub")
    assert [th.attrs["data-column"] for th in matrix.find_all("th", "col")
            if "data-column" in th.attrs] == ["IAM.2", "IAM.15"]
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(schema="governance.rollup/2"),
     "rollup: schema 'governance.rollup/2' is not 'governance.rollup/1'"),
    (lambda d: d.pop("accounts"), "rollup: accounts must be a list, got None"),
    (lambda d: d["accounts"][2].pop("account_id"), "rollup: accounts[3] has no account_id"),
])
def test_bad_rollup_is_one_line(rollup, change, message):
    data = copy.deepcopy(rollup)
    change(data)
    with pytest.raises(RollupError) as raised:
        render_rollup_html(data)
    assert str(raised.value) == message and "\n" not in message


def test_rollup_json_roundtrip_renders_the_same(rollup):
    assert render_rollup_html(json.loads(json.dumps(rollup))) == render_rollup_html(rollup)


def _many_accounts(rollup, count):
    data = copy.deepcopy(rollup)
    template = data["accounts"]
    data["accounts"] = []
    for number in range(count):
        account = copy.deepcopy(template[number % len(template)])
        account_id = f"{100000000000 + number:012d}"
        account.update(account_id=account_id, name=f"account-{number:03d}",
                       evidence={"html": f"accounts/{account_id}/evidence.html"}
                       if account["outcome"] == "AUDITED" else {})
        data["accounts"].append(account)
    errored = sum(1 for account in data["accounts"] if account["outcome"] == "ERROR")
    data["summary"].update(accounts=count, audited=count - errored, errored=errored)
    return data


def test_rollup_in_headless_chromium_shows_the_matrix_the_error_and_filters(rollup):
    """Laid out by Chromium: the summary cards, the errored account's error line visible,
    a FAIL cell red with its letter, the account column staying put when the matrix scrolls
    sideways, the PASS filter hiding PASS accounts, and the print rules."""
    from harness.browser import probe, screenshot

    BUILD.mkdir(exist_ok=True)
    page = BUILD / "rollup.html"
    page.write_text(render_rollup_html(rollup))
    png = screenshot(page, BUILD / "rollup.png")
    assert png.stat().st_size > 50_000
    seen = probe(page, PROBE_ROLLUP)
    assert seen["h1"] == "Governance roll-up: organization o-abc123defg"
    assert seen["cards"] == 1 + len(frameworks())  # accounts, then each framework
    assert seen["error"]["visible"] and "OrganizationAccountAccessRole" in seen["error"]["text"]
    assert seen["failCell"] == {"text": "F", "color": "rgb(207, 34, 46)", "visible": True}
    assert seen["scrolledBy"] > 0 and seen["accountColumnMoved"] == 0
    assert seen["accountsVisible"] == 6 and seen["afterUntickPass"] == 4
    printed = seen["print"]
    assert printed.pop("widestMatrix") <= 1041  # scaled to A4 landscape, no column cut off
    assert printed == {"filters": "none", "overflow": "visible", "controlsOpen": True,
                       "accountsVisible": 6}


def test_many_accounts_keep_header_and_account_column_in_view(rollup):
    """More accounts than the matrix box holds: the matrix scrolls inside its box; scrolled
    to the bottom right, the item header row and the account column stay where they were."""
    from harness.browser import probe, screenshot

    BUILD.mkdir(exist_ok=True)
    page = BUILD / "rollup-many.html"
    page.write_text(render_rollup_html(_many_accounts(rollup, MANY)))
    png = screenshot(page, BUILD / "rollup-many.png", window=(1280, 2400))
    assert png.stat().st_size > 50_000  # a blank page compresses to a few kB
    seen = probe(page, PROBE_STICKY, window=(1280, 1000))
    assert seen["rows"] == MANY and seen["scrolledRight"] > 0
    # scrolled down by more than the box's own height, to the bottom of the matrix
    assert seen["scrolledDown"] > seen["boxHeight"] / 2
    assert seen["scrolledDown"] + seen["clientHeight"] >= seen["scrollHeight"] - 1
    assert seen["headerMoved"] == 0 and seen["accountColumnMoved"] == 0
    assert seen["boxHeight"] < 1000  # the matrix scrolls in its box, not the whole page


PROBE_ROLLUP = """
function rect(e) { return e.getBoundingClientRect(); }
function visible(e) { var r = rect(e); return e.checkVisibility() && r.width > 0 && r.height > 0; }
var cis = document.getElementById("matrix-cis_aws_v3");
var error = cis.querySelector("tr[data-account='666666666666'] .error-text");
var text = document.createRange();
text.selectNodeContents(error);
var header = Array.from(cis.querySelectorAll("thead th.col"))
  .map(function (th) { return th.dataset.column; });
var failRow = cis.querySelector("tr[data-account='333333333333']");
var fail = failRow.querySelectorAll("td")[header.indexOf("1.8")];
var wrap = cis.parentElement;
var account = failRow.querySelector("th.account");
var before = rect(account).left;
wrap.scrollLeft = 600;
function shown() { return Array.from(cis.querySelectorAll("tbody tr")).filter(visible).length; }
var out = {
  h1: document.querySelector("h1").innerText,
  cards: Array.from(document.querySelectorAll(".summary .card")).filter(visible).length,
  error: {visible: error.checkVisibility() && text.getBoundingClientRect().width > 300,
          text: error.innerText},
  failCell: {text: fail.innerText, color: getComputedStyle(fail).backgroundColor, visible: visible(fail)},
  scrolledBy: wrap.scrollLeft, accountColumnMoved: rect(account).left - before,
  accountsVisible: shown()
};
document.getElementById("filter-PASS").click();
out.afterUntickPass = shown();
for (const sheet of document.styleSheets) {
  for (const rule of sheet.cssRules) {
    if (rule.media && rule.media.mediaText === "print") { rule.media.mediaText = "all"; }
  }
}
window.dispatchEvent(new Event("beforeprint"));
out.print = {filters: getComputedStyle(document.querySelector(".filters")).display,
             overflow: getComputedStyle(wrap).overflowX,
             controlsOpen: document.getElementById("controls-matrix").open,
             accountsVisible: shown(),
             widestMatrix: Math.max.apply(null, Array.from(document.querySelectorAll("table.matrix"))
               .map(function (t) { return t.getBoundingClientRect().width; }))};
return out;
"""

PROBE_STICKY = """
var cis = document.getElementById("matrix-cis_aws_v3");
var wrap = cis.parentElement;
wrap.scrollIntoView();
var th = cis.querySelector("thead th.col[data-column='1.8']");
var rows = cis.querySelectorAll("tbody tr");
var account = rows[rows.length - 1].querySelector("th.account");
var headerTop = th.getBoundingClientRect().top;
var lastLeft = null;
wrap.scrollTop = wrap.scrollHeight;
wrap.scrollLeft = wrap.scrollWidth;
var accountLeft = account.getBoundingClientRect().left;
return {rows: rows.length, scrolledDown: wrap.scrollTop, scrolledRight: wrap.scrollLeft,
        headerMoved: th.getBoundingClientRect().top - headerTop,
        accountColumnMoved: accountLeft - wrap.getBoundingClientRect().left - 1,
        boxHeight: wrap.getBoundingClientRect().height, clientHeight: wrap.clientHeight,
        scrollHeight: wrap.scrollHeight};
"""
