"""What the browser tests share: Debian chromium's launch flags, the skip rule and screenshots."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium")
# Flags that keep chromium from reaching outside services on a machine with no network but loopback.
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
OUTPUT = Path(__file__).resolve().parents[1] / "test-output"
TIMEOUT_MS = 30_000


def skip_without_chromium() -> None:
    """Skip the calling module when chromium is missing, except in CI (CI=true), which installs it."""
    if CHROMIUM is None and os.environ.get("CI") != "true":
        pytest.skip("Debian chromium is not installed (apt-get install chromium)", allow_module_level=True)


def shot(page, name: str) -> None:
    """Save a screenshot under test-output/ for a look after a failed run."""
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"{name}.png"))


def new_page(browser, height: int = 1800):
    """A fresh context (own cookies, own Streamlit session) and page."""
    context = browser.new_context(viewport={"width": 1400, "height": height}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()
