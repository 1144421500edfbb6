"""``python -m benchmarks.screenshots``: the README's screenshots (docs/img/*.png) taken from the running app.

Serves the dashboard on a free loopback port over an empty store (the embedded default data), opens each
view in Debian chromium once the app reports its run finished and its charts are drawn, and saves the
images, so they always show the verdicts the app gives today.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import serve

PROJECT = Path(__file__).resolve().parents[1]
IMAGES = PROJECT / "docs" / "img"
DRAW_CEILING_MS = 300_000
CHART_DRAWN = '[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg'
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


@dataclass(frozen=True)
class Shot:
    """One image: the view's address, the window it is taken in, and whether a chart must be drawn first."""

    name: str
    path: str
    width: int
    height: int
    chart: bool = True
    phone: bool = False


SHOTS = (
    Shot("overview.png", "/", 1400, 1500),
    Shot("target.png", "/target?target=1.2&groups=DEVELOPED,DEVELOPING,LDC", 1400, 1400),
    Shot("overview-phone.png", "/", 390, 1600, chart=False, phone=True),
)


def _take(browser, url: str, shot: Shot, folder: Path) -> Path:
    context = browser.new_context(
        viewport={"width": shot.width, "height": shot.height}, is_mobile=shot.phone, has_touch=shot.phone
    )
    try:
        page = context.new_page()
        page.goto(url + shot.path, wait_until="domcontentloaded", timeout=DRAW_CEILING_MS)
        page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=DRAW_CEILING_MS)
        page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=DRAW_CEILING_MS)
        if shot.chart:
            page.wait_for_selector(CHART_DRAWN, timeout=DRAW_CEILING_MS)
        for pending in ('[data-stale="true"]', '[data-testid="stSkeleton"]'):  # every element drawn, none stale
            page.wait_for_selector(pending, state="detached", timeout=DRAW_CEILING_MS)
        page.wait_for_selector('[data-test-script-state="notRunning"]', state="attached", timeout=DRAW_CEILING_MS)
        target = folder / shot.name
        page.screenshot(path=str(target))
        return target
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=IMAGES, help="folder for the images (default: docs/img)")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium")
    if chromium is None:
        print("screenshots: Debian chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "INDICATORS_STORE": str(Path(scratch) / "store"), "PYTHONPATH": str(PROJECT)}
        process, url, _ = serve(PROJECT / "dashboard.py", env, PROJECT)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
                for shot in SHOTS:
                    print(f"saved {_take(browser, url, shot, args.out)}")
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
