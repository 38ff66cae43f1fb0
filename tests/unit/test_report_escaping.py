"""AWS-side names cannot make the reports say or link anything: evidence.md and rollup.md
escape every interpolated value (one filter, ``md``), rendered by a CommonMark library they
show the names as text (no link, image or HTML, a table row keeps its columns), the HTML
pages stay autoescaped, and the roll-up page links an account only as
``accounts/<12-digit id>/...``, whatever its summary.json says."""

from __future__ import annotations

import copy
import re
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from governance.exceptions import Waiver
from governance.model import Finding, Status
from governance.organization.rollup import render_markdown as rollup_markdown
from governance.report.evidence import render_html, render_markdown
from governance.report.rendering import markdown_text
from governance.report.rollup_html import render_rollup_html
from tests.support.html_tree import parse
from tests.unit.evidence_sample import sample_account, sample_rollup

HOSTILE = ["[click](javascript:alert(1))", "![x](http://evil/)", "a | b | c", "`code` ```x```",
           "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "line\nbreak # head",
           "<https://evil.example/>", "[ref]: javascript:alert(2)", "**bold** _em_ ~~s~~",
           "&#106;avascript&colon;", "\\[escaped\\](javascript:x)", "- item", "1. one", "# h1"]
NAME = " ".join(HOSTILE)
ACCOUNT_PAGE = re.compile(r"accounts/[0-9]{12}/(evidence\.html|findings\.json)")
TEMPLATES = Path(__file__).resolve().parents[2] / "governance" / "report" / "templates"


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _tokens(text: str) -> list:
    tokens = []
    for token in _markdown().parse(text):
        tokens.append(token)
        tokens.extend(token.children or [])
    return tokens


def _assert_only_text(text: str) -> None:
    """No link but to an account page, no image, no HTML, every table row as wide as its
    header; the rendered HTML has no script and no javascript: link."""
    tokens = _tokens(text)
    links = [t.attrGet("href") for t in tokens if t.type == "link_open"]
    assert all(ACCOUNT_PAGE.fullmatch(str(href)) for href in links), links
    assert not [t for t in tokens if t.type in ("image", "html_block")
                or (t.type == "html_inline" and t.content != "<br>")]  # the template's own <br>
    width = 0
    for token in tokens:
        if token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            width = cells if token.level == 2 and not width else width
            assert cells == width, "a table row lost or gained a column"
        elif token.type == "table_close":
            width = 0
    html = _markdown().render(text)
    assert "<script" not in html and "<img" not in html and "javascript:" not in \
        " ".join(re.findall(r'href="([^"]*)"', html))


def _hostile_evidence() -> tuple:
    snapshot, findings = sample_account()
    snapshot.record("iam:ListAccountAliases", [NAME])
    snapshot.caller_arn = f"arn:aws:sts::{snapshot.account_id}:assumed-role/{HOSTILE[0]}/x"
    snapshot.regions = [*snapshot.regions, HOSTILE[2]]
    hostile = [Finding(f.control_id, Status.FAIL, f"role {NAME} is open", resource=NAME,
                       region=HOSTILE[1], evidence={"role": NAME, "note": "```\n# out"})
               for f in findings[:5]]
    waiver = Waiver(reason=NAME, owner=HOSTILE[4], expires=date(2999, 1, 1),
                    control=findings[6].control_id)
    return snapshot, [*hostile, *findings[5:]], [waiver]


def test_evidence_markdown_shows_hostile_names_as_text():
    snapshot, findings, waivers = _hostile_evidence()
    text = render_markdown(findings, snapshot, waivers=waivers, expired=waivers)
    _assert_only_text(text)
    rendered = _markdown().render(text)
    # the names are still there, as text (what an auditor must see)
    assert "[click](javascript:alert(1))" in rendered and "&lt;script&gt;" in rendered
    # the JSON evidence stays in its fence: no heading breaks out of it
    assert not [t for t in _tokens(text) if t.type == "heading_open" and t.map and
                "# out" in text.splitlines()[t.map[0]]]


def test_evidence_html_stays_escaped_with_hostile_names():
    snapshot, findings, waivers = _hostile_evidence()
    page = parse(render_html(findings, snapshot, waivers=waivers))
    assert not page.find_all("script") or all("alert" not in e.text for e in page.find_all("script"))
    assert not page.find_all("img")
    assert all(not a.attrs.get("href", "").lower().startswith("javascript")
               for a in page.find_all("a"))
    assert NAME.split("\n")[0][:40] in page.find("span", id="account-alias").text


def _hostile_rollup() -> dict:
    data = copy.deepcopy(sample_rollup())
    for account in data["accounts"]:
        account.update(name=NAME, ou_path=HOSTILE[2], error=HOSTILE[1] if account["error"]
                       else account["error"],
                       evidence={"html": "javascript:alert(document.domain)",
                                 "json": "http://evil.example/steal"})
    data["accounts"].append({**copy.deepcopy(data["accounts"][1]),
                             "account_id": "../../../evil"})
    data["organization"]["id"] = HOSTILE[0]
    return data


def test_rollup_markdown_shows_hostile_names_as_text():
    text = rollup_markdown(_hostile_rollup())
    _assert_only_text(text)
    assert "[click](javascript:alert(1))" in _markdown().render(text)


def test_rollup_page_links_accounts_by_id_never_by_summary_paths():
    data = _hostile_rollup()
    page = parse(render_rollup_html(data))
    hrefs = [a.attrs["href"] for a in page.find_all("a")]
    account_links = [href for href in hrefs if not href.startswith("#")]
    assert account_links, "no account is linked"
    assert all(ACCOUNT_PAGE.fullmatch(href) for href in account_links), account_links
    audited = {a["account_id"] for a in data["accounts"] if a["outcome"] != "ERROR"}
    linked = {href.split("/")[1] for href in account_links}
    assert linked == {a for a in audited if re.fullmatch(r"[0-9]{12}", a)}


def test_every_value_of_the_markdown_template_goes_through_the_md_filter():
    allowed = {"count", "section.total", "section.counts.get(status, 0)", "result.evidence_json"}
    for expression in re.findall(r"{{(.*?)}}", (TEMPLATES / "evidence.md.j2").read_text()):
        expression = expression.strip()
        assert expression in allowed or re.search(r"\|\s*md\b", expression), expression


PRINTABLE = st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=40)


@given(PRINTABLE)
def test_markdown_text_renders_as_itself(value):
    """Any printable text, escaped, is one paragraph of plain text that reads as the value
    (CommonMark trims a paragraph's outer spaces)."""
    value = value.strip()
    if not value:
        return
    tokens = _markdown().parse(markdown_text(value))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    children = tokens[1].children or []
    assert {t.type for t in children} <= {"text"}, [t.type for t in children]
    assert "".join(t.content for t in children) == value


@given(PRINTABLE, PRINTABLE)
def test_a_table_cell_keeps_its_row_whatever_it_holds(first, second):
    text = "| a | b |\n|---|---|\n" + f"| {markdown_text(first)} | {markdown_text(second)} |\n"
    cells = [t for t in _markdown().parse(text) if t.type == "td_open"]
    assert len(cells) == 2
