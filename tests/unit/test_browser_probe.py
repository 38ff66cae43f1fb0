"""harness.browser.probe: what a script sees in Chromium's layout comes back; a probe that
throws, or a page it cannot run in, is a clear error (never a silent pass)."""

from __future__ import annotations

import pytest

from harness.browser import probe

PAGE = """<!DOCTYPE html><html><body>
<p id="shown" style="width: 300px">shown</p><p id="hidden" style="display: none">hidden</p>
</body></html>"""


def test_probe_reads_the_laid_out_page(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    seen = probe(page, """return {shown: document.getElementById("shown").getBoundingClientRect().width,
        hidden: document.getElementById("hidden").checkVisibility(), text: "<b>&"};""")
    assert seen == {"shown": 300, "hidden": False, "text": "<b>&"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]  # the copy is gone


def test_a_failing_probe_says_why(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    with pytest.raises(RuntimeError) as raised:
        probe(page, "return document.getElementById('no-such').innerText;")
    assert str(raised.value).startswith(
        "the probe failed in page.html: TypeError: Cannot read properties of null")
    assert "\n" not in str(raised.value)


def test_a_page_without_body_is_refused(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<p>no body end")
    with pytest.raises(ValueError, match="no </body> to append the probe to"):
        probe(page, "return 1;")
