"""The dashboard read as a viewer reads it, in Debian chromium: on a phone (390x844) every target chart has a
plot area at least 250 px tall, nothing is wider than the screen and no text is cut by its container; the
Overview's headline gives the counts of ``scorecard --format json``; no page shows "None" or a group code.

Skipped when chromium is missing, except in CI (``CI=true``). Screenshots go to ``test-output/``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from indicators.headline import PHRASES, SCORABLE, STATUS_CATEGORIES
from tests.browser_support import CEILING_MS, new_page, open_app, shot, skip_without_chromium

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PROJECT = Path(__file__).resolve().parents[1]
COUNTRY_FILE = Path(__file__).parent / "data" / "good" / "worldbank-databank-dots.csv"
MIN_PLOT_PX = 250
CHART_DRAWN = '[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg'
GROUP_CODES = re.compile(r"\b(DEVELOPING|DEVELOPED|WLD|LDC)\b")

skip_without_chromium()

# Elements that reach past the screen's edges and are not inside a container that scrolls or clips them.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (element) => {
    for (let up = element.parentElement; up; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (style.overflowX !== "visible") {
        const box = up.getBoundingClientRect();
        return box.left >= -1 && box.right <= width + 1;
      }
    }
    return false;
  };
  const found = [];
  for (const element of document.querySelectorAll('[data-testid="stMain"] *')) {
    const box = element.getBoundingClientRect();
    if (!box.width || !element.checkVisibility()) continue;
    if ((box.right > width + 1 || box.left < -1) && !clipped(element)) {
      found.push(`${element.tagName}.${element.className.baseVal ?? element.className} ${box.left}-${box.right}`);
    }
  }
  return found.slice(0, 5);
}"""

# Text cut by its container: HTML text that overflows a box which hides it, and chart text (titles, ticks,
# labels, legend) reaching outside its chart.
CUT_TEXT = """() => {
  const found = [];
  for (const element of document.querySelectorAll('[data-testid="stMain"] :is(p, span, h1, h2, h3, label, li)')) {
    if (!element.checkVisibility() || !element.textContent.trim()) continue;
    const style = getComputedStyle(element);
    const hides = style.overflowX === "hidden" || style.textOverflow === "ellipsis";
    if (hides && element.scrollWidth > element.clientWidth + 1) found.push(element.textContent.slice(0, 60));
  }
  for (const chart of document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')) {
    if (!chart.checkVisibility()) continue;
    const edge = chart.getBoundingClientRect();
    for (const text of chart.querySelectorAll("text")) {
      const box = text.getBoundingClientRect();
      if (!box.width || !text.textContent.trim()) continue;
      const outside = box.left < edge.left - 1 || box.right > edge.right + 1;
      if (outside || box.top < edge.top - 1 || box.bottom > edge.bottom + 1) {
        found.push("chart text: " + text.textContent.slice(0, 60));
      }
    }
  }
  return found.slice(0, 5);
}"""

PLOT_HEIGHTS = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
  .filter((chart) => chart.checkVisibility())
  .map((chart) => {
    const plot = chart.querySelector(".cartesianlayer .bg, .geolayer .bg, .nsewdrag");
    return plot ? plot.getBoundingClientRect().height : 0;
  })"""


TABLES_DRAWN = """(n) => document.querySelectorAll(
  '[role=tabpanel] :is([data-testid=stTable], [data-testid=stDataFrame])').length === n"""


def settle(page) -> None:
    """The script run is over and the page's last elements are drawn (not greyed as stale)."""
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', state="attached", timeout=CEILING_MS)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=CEILING_MS)
    page.wait_for_selector('[data-stale="true"]', state="detached", timeout=CEILING_MS)
    page.wait_for_selector('[data-testid="stSkeleton"]', state="detached", timeout=CEILING_MS)


def assert_fits(page, name: str) -> None:
    shot(page, f"layout-{name}")
    assert page.evaluate(OVERFLOWING) == [], f"{name}: elements wider than the screen"
    assert page.evaluate(CUT_TEXT) == [], f"{name}: text cut by its container"


@pytest.mark.parametrize("path", ["/", "/target?target=1.2&groups=DEVELOPED,LDC,ITU_EUR", "/data", "/backtest"])
def test_pages_fit_a_phone_with_no_text_cut(phone, dashboard_url, path):
    phone.goto(dashboard_url + path, wait_until="domcontentloaded")
    settle(phone)
    if path != "/data":
        phone.wait_for_selector(CHART_DRAWN, state="attached", timeout=CEILING_MS)
    assert_fits(phone, path.strip("/").split("?")[0] or "overview")


@pytest.mark.parametrize("target", ["1.1", "1.2", "2.1.B", "2.2.B", "2.5.A", "3.2"])
def test_every_target_chart_has_a_plot_area_of_250_px_on_a_phone(phone, dashboard_url, target):
    phone.goto(f"{dashboard_url}/target?target={target}", wait_until="domcontentloaded")
    settle(phone)
    phone.wait_for_selector(CHART_DRAWN, state="attached", timeout=CEILING_MS)
    heights = phone.evaluate(PLOT_HEIGHTS)
    shot(phone, f"layout-target-{target}")
    assert heights and min(heights) >= MIN_PLOT_PX, f"{target}: plot areas {heights}"


def test_countries_with_a_country_file_fit_a_phone(phone, dashboard_url):
    phone.goto(dashboard_url + "/data", wait_until="domcontentloaded")
    settle(phone)
    phone.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(COUNTRY_FILE))
    release = phone.get_by_role("textbox", name="Release (YYYY, YYYY-MM or YYYY-MM-DD)")
    release.fill("2020")
    release.press("Enter")
    phone.get_by_role("button", name="Preview the whole dashboard with this file").click()
    phone.get_by_text(f"Preview of {COUNTRY_FILE.name}").first.wait_for()
    settle(phone)
    phone.get_by_test_id("stExpandSidebarButton").click()
    phone.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Countries").click()
    phone.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot .choroplethlayer', timeout=CEILING_MS)
    settle(phone)
    phone.get_by_test_id("stSidebarCollapseButton").locator("button").click()
    phone.wait_for_selector('[data-testid="stSidebar"][data-collapsed="true"]', state="attached")
    assert_fits(phone, "countries")


def scorecard_json(store: Path) -> list[dict]:
    env = {**os.environ, "INDICATORS_STORE": str(store), "PYTHONPATH": str(PROJECT)}
    command = [sys.executable, "-m", "indicators", "scorecard", "--format", "json"]
    done = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, check=True, timeout=600)
    return json.loads(done.stdout)


def test_the_headline_gives_the_counts_of_the_scorecard_command(browser, dashboard_url, tmp_path):
    page = new_page(browser)
    open_app(page, dashboard_url + "/")
    headline = page.locator(".st-key-overview_headline").inner_text()
    page.context.close()
    counts = {category: 0 for category in STATUS_CATEGORIES.values()}
    for row in scorecard_json(tmp_path / "empty-store"):  # the same embedded data as the test server
        counts[STATUS_CATEGORIES[row["status"]]] += 1
    scorable = sum(counts[category] for category in SCORABLE)
    assert f"of the {scorable} targets that can be scored" in headline
    for category in SCORABLE:
        if counts[category]:
            past, words = PHRASES[category]
            verb = "was|were" if past else "is|are"
            assert re.search(rf"\b{counts[category]} ({verb}) {words}\b", headline), (category, headline)
    assert f"{counts['unscorable']} targets cannot be scored from published data" in headline
    assert f"{counts['qualitative']} are qualitative" in headline


@pytest.mark.parametrize(
    "path",
    ["/", "/?as_of=2017", "/target?target=2.3.A", "/target?target=1.2&groups=LDC", "/data", "/history", "/backtest"],
)
def test_viewer_text_has_no_none_and_no_group_code(browser, dashboard_url, path):
    page = new_page(browser)
    open_app(page, dashboard_url + path)
    settle(page)
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1')
    tabs = page.get_by_role("tab", name="Table")  # the chart's numbers count as viewer text too
    for i in range(tabs.count()):
        tabs.nth(i).click()  # only the open tab is drawn: each click reruns the page
        settle(page)
    page.wait_for_function(TABLES_DRAWN, arg=tabs.count(), timeout=CEILING_MS)
    text = page.locator('[data-testid="stMain"]').inner_text()
    cells = page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=stDataFrame] [role=gridcell]')].map(c => c.textContent)"
    )
    page.context.close()
    assert not re.search(r"\bNone\b", text + " ".join(cells)), path
    assert not GROUP_CODES.search(re.sub(r"https?://\S+|\?\S+", "", text)), GROUP_CODES.search(text)
