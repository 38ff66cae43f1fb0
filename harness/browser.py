"""Headless Chromium (Debian's package) for checking rendered reports in a real browser."""

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


class BrowserMissing(RuntimeError):
    pass


def find_chromium() -> str:
    named = os.environ.get("CHROMIUM_BINARY")
    found = named or next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)
    if not found:
        raise BrowserMissing("headless Chromium is needed to check the HTML report: "
                             "apt-get install chromium (or set CHROMIUM_BINARY)")
    return found


def render_dom(page: Path, timeout: float = 60) -> str:
    """The DOM of a local page after Chromium loaded and laid it out."""
    with tempfile.TemporaryDirectory(prefix="governance-chromium-") as profile:
        result = subprocess.run(
            [find_chromium(), *HEADLESS_FLAGS, f"--user-data-dir={profile}", "--dump-dom",
             page.resolve().as_uri()],
            capture_output=True, text=True, timeout=timeout, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"chromium failed ({result.returncode}): {result.stderr[-500:]}")
    return result.stdout


def screenshot(page: Path, png: Path, timeout: float = 60) -> Path:
    with tempfile.TemporaryDirectory(prefix="governance-chromium-") as profile:
        subprocess.run(
            [find_chromium(), *HEADLESS_FLAGS, f"--user-data-dir={profile}",
             f"--screenshot={png}", "--window-size=1280,2000", page.resolve().as_uri()],
            capture_output=True, text=True, timeout=timeout, check=True)
    return png
