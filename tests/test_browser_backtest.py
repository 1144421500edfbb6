"""The Backtest page in a real browser: reached from the methodology, its charts drawn, the hindsight table."""

from __future__ import annotations

import pytest

from tests.browser_support import new_page, shot, skip_without_chromium

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHART_DRAWN = '[data-testid="stPlotlyChart"] .js-plotly-plot .scatterlayer .trace'

skip_without_chromium()


@pytest.fixture
def page(browser):
    page = new_page(browser, height=2400)
    yield page
    page.context.close()


def test_backtest_page_is_linked_from_the_methodology_and_draws_the_record(page, dashboard_url):
    page.goto(dashboard_url + "/methodology?target=1.2", wait_until="domcontentloaded")
    page.get_by_role("link", name="How each projection method did against what happened: Backtest").click()
    page.wait_for_url("**/backtest*")
    page.get_by_role("heading", name="Target 1.2: fed data up to 2015, what each method said for 2020").wait_for()
    page.get_by_role("heading", name="The measured record").wait_for()
    page.get_by_text("The outcome was").wait_for()
    page.wait_for_selector(CHART_DRAWN)
    page.locator('[data-testid="stPlotlyChart"]').nth(2).locator(".scatterlayer .trace").first.wait_for()
    charts = page.locator('[data-testid="stPlotlyChart"]')
    assert charts.count() >= 3  # error by years ahead, reliability, band widths
    assert charts.nth(1).locator(".legendtext", has_text="Diffusion curve").count() == 1  # a method's plain name
    shot(page, "browser-backtest")
