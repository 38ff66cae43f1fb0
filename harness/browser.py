"""Headless Chromium (Debian's package) for checking rendered reports in a real browser."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

# One finder and one set of flags for the tests and the PDF print (governance/report/pdf.py).
from governance.report.pdf import CHROMIUM_NAMES, HEADLESS_FLAGS, find_chromium
from governance.report.pdf import ChromiumMissing as BrowserMissing

__all__ = ["CHROMIUM_NAMES", "HEADLESS_FLAGS", "BrowserMissing", "find_chromium", "probe",
           "render_dom", "screenshot"]


def render_dom(page: Path, timeout: float = 60, window: tuple[int, int] = (1280, 2000)) -> str:
    """The DOM of a local page after Chromium loaded and laid it out (and its scripts ran)."""
    with tempfile.TemporaryDirectory(prefix="governance-chromium-") as profile:
        result = subprocess.run(
            [find_chromium(), *HEADLESS_FLAGS, f"--user-data-dir={profile}", "--dump-dom",
             f"--window-size={window[0]},{window[1]}", page.resolve().as_uri()],
            capture_output=True, text=True, timeout=timeout, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"chromium failed ({result.returncode}): {result.stderr[-500:]}")
    return result.stdout


def screenshot(page: Path, png: Path, timeout: float = 60,
               window: tuple[int, int] = (1280, 2000)) -> Path:
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="governance-chromium-") as profile:
        subprocess.run(
            [find_chromium(), *HEADLESS_FLAGS, f"--user-data-dir={profile}",
             f"--screenshot={png.resolve()}", f"--window-size={window[0]},{window[1]}",
             page.resolve().as_uri()],
            capture_output=True, text=True, timeout=timeout, check=True)
    return png


PROBE_ID = "governance-probe-result"


def probe(page: Path, script: str, timeout: float = 60,
          window: tuple[int, int] = (1280, 2000)) -> Any:
    """What a script sees in the page as Chromium laid it out: ``script`` is the body of a
    JavaScript function run after the page's own scripts (it may click, scroll, read
    getBoundingClientRect and getComputedStyle); its JSON-able return value comes back.

    The page itself is not changed: a copy next to it (so relative links and file:// URLs
    resolve the same) gets the script appended, and the answer is read from the dumped DOM."""
    text = page.read_text(encoding="utf-8")
    if "</body>" not in text:
        raise ValueError(f"{page}: no </body> to append the probe to")
    runner = (f'<script>(function () {{ var out = document.createElement("script");'
              f' out.type = "application/json"; out.id = "{PROBE_ID}";'
              f' var answer; try {{ answer = {{value: (function () {{ {script} }})()}}; }}'
              f' catch (e) {{ answer = {{error: String(e)}}; }}'
              f' out.textContent = JSON.stringify(answer).replace(/</g, "\\u003c");'
              f' document.body.appendChild(out); }})();</script>')
    head, _, tail = text.rpartition("</body>")
    copy = page.with_name(f".{page.stem}.probe{page.suffix}")
    copy.write_text(f"{head}{runner}</body>{tail}", encoding="utf-8")
    try:
        dom = render_dom(copy, timeout=timeout, window=window)
    finally:
        copy.unlink(missing_ok=True)
    start = dom.find(f'id="{PROBE_ID}">')
    if start < 0:
        raise RuntimeError(f"the probe did not run in {page.name} (no answer in the DOM)")
    body = dom[dom.index(">", start) + 1:dom.index("</script>", start)]
    answer = json.loads(body)
    if "error" in answer:
        raise RuntimeError(f"the probe failed in {page.name}: {answer['error']}")
    return answer.get("value")
