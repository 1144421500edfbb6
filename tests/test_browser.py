"""The dashboard in a real browser (Playwright driving Debian chromium): pages, links, the offline report.

Skipped when chromium is missing, except in CI (``CI=true``), which installs it: there a missing
browser is a failure. Screenshots go to ``test-output/`` for a look after a failed run.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from indicators.catalogue import load_named
from tests.browser_support import CEILING_MS, OUTPUT, new_page, open_app, shot, skip_without_chromium

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHART_DRAWN = '[data-testid="stPlotlyChart"] .js-plotly-plot :is(.scatterlayer, .barlayer) .trace'

skip_without_chromium()


@pytest.fixture
def page(browser):
    page = new_page(browser, height=1800)
    yield page
    page.context.close()


def test_overview_shows_the_four_goals_and_every_target(page, dashboard_url):
    open_app(page, dashboard_url + "/")
    page.wait_for_selector(CHART_DRAWN)
    page.get_by_text("Goal 4: Innovation and partnership").wait_for()
    shot(page, "browser-overview")
    for goal in ("Goal 1: Growth", "Goal 2: Inclusiveness", "Goal 3: Sustainability"):
        assert page.get_by_text(goal).count() == 1
    for target in load_named("connect2020").targets:
        assert page.locator(f'.card[data-target="{target.id}"]').count() == 1


def test_target_page_draws_its_chart_with_the_target_marker(page, dashboard_url):
    open_app(page, dashboard_url + "/target?target=1.2")
    page.wait_for_selector(CHART_DRAWN)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.locator(".annotation-text", has_text="target 2020").wait_for()  # labelled at its line, no legend
    assert chart.locator(".scatterlayer .trace .points path").count() >= 8  # 7 observations + target
    shot(page, "browser-target")


def test_a_shared_link_opens_the_same_view_and_survives_a_page_switch(page, dashboard_url):
    open_app(page, dashboard_url + "/target?target=2.2.B&as_of=2017&method=cagr")
    page.wait_for_selector(CHART_DRAWN)
    page.get_by_text("Scored on observations up to 2017, method: Growth-rate ratio").wait_for()
    assert page.get_by_role("heading", name="2.2.B Individuals online, LDCs").count() == 1
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Overview").click()
    page.wait_for_url("**/?*as_of=2017*")
    page.get_by_text("Goal 1: Growth").wait_for()
    assert parse_qs(urlparse(page.url).query) == {"target": ["2.2.B"], "as_of": ["2017"], "method": ["cagr"]}
    page.locator('.card[data-target="2.1.A"]').get_by_role("link").click()  # a card's link keeps the rest
    page.get_by_role("heading", name="2.1.A Households online, developing world").wait_for()
    page.get_by_text("Scored on observations up to 2017, method: Growth-rate ratio").wait_for()
    page.wait_for_url("**/target?*as_of=2017*")
    assert parse_qs(urlparse(page.url).query) == {"target": ["2.1.A"], "as_of": ["2017"], "method": ["cagr"]}


def test_report_downloads_and_renders_offline(page, dashboard_url, tmp_path, browser):
    open_app(page, dashboard_url + "/")
    page.wait_for_selector(CHART_DRAWN)
    with page.expect_download() as download:
        page.get_by_role("button", name="Report (HTML, works offline)").click()
    report = tmp_path / "report.html"
    download.value.save_as(report)
    assert report.stat().st_size > 1_000_000

    offline = browser.new_context(viewport={"width": 1200, "height": 1600})
    requests: list[str] = []

    def refuse(route):
        requests.append(route.request.url)
        route.abort()

    offline.route("http*://**", refuse)
    try:
        view = offline.new_page()
        view.goto(report.as_uri())
        view.wait_for_selector("#chart-1\\.2 .scatterlayer .trace", timeout=CEILING_MS)
        assert view.locator(".js-plotly-plot").count() >= 8
        view.screenshot(path=str(OUTPUT / "browser-report.png"))
    finally:
        offline.close()
    assert requests == []
