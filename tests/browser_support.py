"""What the browser tests share: Debian chromium's launch flags, the skip rule, screenshots, and waiting
on the app's own state.

Every wait ends as soon as the dashboard reports what the test waits for: Streamlit marks its root
element with the script state (``data-test-script-state``: ``running``, then ``notRunning`` when a run
has finished). A counter of finished runs, kept by an observer in each page, tells a test that the run
its click started is over, however long a busy machine takes. The ceiling is only there so that a
hung run fails the test instead of the whole suite.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium")
# Flags that keep chromium from reaching outside services on a machine with no network but loopback.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OUTPUT = Path(__file__).resolve().parents[1] / "test-output"
CEILING_MS = 300_000
PHONE = {"width": 390, "height": 844}  # a phone's screen in CSS pixels
APP = '[data-testid="stApp"]'
COUNT_FINISHED_RUNS = """
window.__finishedRuns = 0;
new MutationObserver((records) => {
  for (const record of records) {
    if (record.target.getAttribute("data-test-script-state") === "notRunning" && record.oldValue !== "notRunning") {
      window.__finishedRuns += 1;
    }
  }
}).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                      attributeFilter: ["data-test-script-state"]});
"""


def skip_without_chromium() -> None:
    """Skip the calling module when chromium is missing, except in CI (CI=true), which installs it."""
    if CHROMIUM is None and os.environ.get("CI") != "true":
        pytest.skip("Debian chromium is not installed (apt-get install chromium)", allow_module_level=True)


def shot(page, name: str) -> None:
    """Save a screenshot under test-output/ for a look after a failed run."""
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"{name}.png"))


def new_page(browser, height: int = 1800):
    """A fresh context (own cookies, own Streamlit session) and page that counts finished script runs."""
    context = browser.new_context(viewport={"width": 1400, "height": height}, accept_downloads=True)
    context.set_default_timeout(CEILING_MS)
    context.add_init_script(COUNT_FINISHED_RUNS)
    return context.new_page()


def finished_runs(page) -> int:
    return page.evaluate("window.__finishedRuns || 0")


def wait_for_runs(page, more_than: int) -> None:
    """Wait until more than ``more_than`` script runs have finished in this page."""
    page.wait_for_function("n => (window.__finishedRuns || 0) > n", arg=more_than, timeout=CEILING_MS)


def open_app(page, url: str) -> None:
    """Load ``url`` and wait until the app's first script run has finished."""
    page.goto(url, wait_until="domcontentloaded", timeout=CEILING_MS)
    wait_for_runs(page, 0)


@contextmanager
def finishes_run(page) -> Iterator[None]:
    """Around an interaction that reruns the script: return once that run has finished."""
    before = finished_runs(page)
    yield
    wait_for_runs(page, before)


def idle(page) -> None:
    """Wait until no script run is in progress (the one already under way, if any, has finished)."""
    page.wait_for_selector(f'{APP}[data-test-script-state="notRunning"]', state="attached", timeout=CEILING_MS)
