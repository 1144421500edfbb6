"""The dashboard on a phone (390x844, touch): no page scrolls sideways, every status word can be read.

Playwright drives Debian chromium with a phone-sized touch viewport. Skipped when chromium is missing,
except in CI (``CI=true``). Screenshots go to ``test-output/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indicators.catalogue import load_named
from indicators.charts import STATUS_LABELS
from tests.browser_support import CEILING_MS, PHONE, shot, skip_without_chromium

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

COUNTRY_FILE = Path(__file__).parent / "data" / "good" / "worldbank-databank-dots.csv"

skip_without_chromium()


def settle(page) -> None:
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', state="attached", timeout=CEILING_MS)
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)


def assert_no_sideways_scroll(page, name: str) -> None:
    shot(page, f"phone-{name}")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{name}: the page is {widths[0]} px wide on a {widths[1]} px screen"


def test_overview_on_a_phone_lists_every_target_once_with_its_status_word(phone, dashboard_url):
    phone.goto(dashboard_url + "/", wait_until="domcontentloaded")
    settle(phone)
    targets = load_named("connect2020").targets
    phone.locator(".card", has_text=f"{targets[-1].id} {targets[-1].short_title}").wait_for(timeout=CEILING_MS)
    assert phone.locator(".card").count() == len(targets)
    main = phone.locator('[data-testid="stMain"]').inner_text()
    for target in targets:
        assert main.count(f"{target.id} {target.short_title}") == 1, f"{target.id} is not listed exactly once"
        item = phone.locator(f'.card[data-target="{target.id}"]')
        badge = item.locator(".status")
        assert badge.is_visible(), f"{target.id}: no visible status"
        assert any(word in badge.inner_text() for word in STATUS_LABELS.values())
        box = badge.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert phone.locator(".st-key-overview_progress_chart").is_hidden()  # the cards stand in for the chart
    assert_no_sideways_scroll(phone, "overview")


def test_target_page_on_a_phone_fits_and_hides_the_chart_toolbar(phone, dashboard_url):
    phone.goto(dashboard_url + "/target?target=2.2.B", wait_until="domcontentloaded")
    settle(phone)
    phone.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg', timeout=CEILING_MS)
    assert phone.locator(".modebar-container").first.is_hidden()  # no toolbar over the chart on touch
    assert_no_sideways_scroll(phone, "target")


def test_data_and_countries_on_a_phone_fit_the_screen(phone, dashboard_url):
    phone.goto(dashboard_url + "/data", wait_until="domcontentloaded")
    settle(phone)
    assert_no_sideways_scroll(phone, "data")
    phone.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(COUNTRY_FILE))
    release = phone.get_by_role("textbox", name="Release (YYYY, YYYY-MM or YYYY-MM-DD)")
    release.fill("2020")  # a DataBank export names its publisher but not its release: the analyst enters it
    release.press("Enter")
    phone.get_by_role("button", name="Preview the whole dashboard with this file").click()
    phone.get_by_text(f"Preview of {COUNTRY_FILE.name}").first.wait_for()
    settle(phone)
    assert_no_sideways_scroll(phone, "data-preview")
    phone.get_by_test_id("stExpandSidebarButton").click()
    phone.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Countries").click()
    phone.get_by_text("countries with data for internet_users").wait_for()
    phone.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot .choroplethlayer', timeout=CEILING_MS)
    settle(phone)
    phone.get_by_test_id("stSidebarCollapseButton").locator("button").click()
    phone.wait_for_selector('[data-testid="stSidebar"][data-collapsed="true"]', state="attached")
    assert_no_sideways_scroll(phone, "countries")
