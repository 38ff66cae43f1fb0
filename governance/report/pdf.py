"""The evidence document as PDF: headless Chromium's own print (Debian's ``chromium``), the
same engine the HTML reports are checked in, so the PDF is the page as a browser prints it
(the print stylesheet's page breaks, A4, colours kept, no browser header or footer).

Chromium is found from ``CHROMIUM_BINARY`` or on PATH (:data:`CHROMIUM_NAMES`); a missing
one is :class:`ChromiumMissing`, one line, which the CLI reports (exit 2) before it reads
anything. The test harness (harness/browser.py) uses this finder and these flags too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
# Without these, Chromium tries the network at start-up on a closed machine.
HEADLESS_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage")
PRINT_FLAGS = ("--no-pdf-header-footer", "--run-all-compositor-stages-before-draw")
PRINT_TIMEOUT_SECONDS = 120.0


class ChromiumMissing(RuntimeError):
    """No Chromium to print with: one line saying how to get one."""


class PrintFailed(RuntimeError):
    """Chromium ran but wrote no PDF: one line with its exit code and last words."""


def find_chromium() -> str:
    """The Chromium executable: ``CHROMIUM_BINARY`` (which must exist and be executable), else
    the first of :data:`CHROMIUM_NAMES` on PATH."""
    named = os.environ.get("CHROMIUM_BINARY")
    if named:
        found = shutil.which(named)
        if not found:
            raise ChromiumMissing(f"CHROMIUM_BINARY={named} is not an executable: headless "
                                  "Chromium prints the PDF (apt-get install chromium)")
        return found
    found = next((path for path in map(shutil.which, CHROMIUM_NAMES) if path), None)
    if not found:
        raise ChromiumMissing("headless Chromium is needed for the PDF: apt-get install "
                              "chromium (or set CHROMIUM_BINARY)")
    return found


def print_pdf(html_path: Path, pdf_path: Path, *, timeout: float = PRINT_TIMEOUT_SECONDS,
              chromium: str | None = None) -> Path:
    """Print the local page ``html_path`` to ``pdf_path`` with headless Chromium (a fresh
    profile each time, nothing fetched from the network) and return ``pdf_path``."""
    executable = chromium or find_chromium()
    pdf_path = pdf_path.resolve()
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    partial = pdf_path.with_name(f".{pdf_path.name}.partial")
    partial.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="governance-chromium-") as profile:
        try:
            result = subprocess.run(
                [executable, *HEADLESS_FLAGS, *PRINT_FLAGS, f"--user-data-dir={profile}",
                 f"--print-to-pdf={partial}", html_path.resolve().as_uri()],
                capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as error:
            partial.unlink(missing_ok=True)
            raise PrintFailed(f"chromium did not print {html_path.name} within "
                              f"{timeout:g} s") from error
        except OSError as error:
            raise ChromiumMissing(f"cannot run {executable}: {error}") from error
    if result.returncode != 0 or not partial.is_file() or partial.stat().st_size == 0:
        partial.unlink(missing_ok=True)
        last = " ".join((result.stderr or "").split())[-300:]
        raise PrintFailed(f"chromium printed no PDF of {html_path.name} (exit "
                          f"{result.returncode}): {last or 'no message'}")
    partial.replace(pdf_path)
    return pdf_path
