"""The offline HTML report opened from disk in chromium, with every network request refused.

Checks what a reader sees: whole axis numbers (60, not a clipped 0), a legend clear of the axis title,
and at phone width (390 px) a page that does not scroll sideways. Skipped when chromium is missing,
except in CI (``CI=true``). Screenshots go to ``test-output/``.
"""

from __future__ import annotations

import pytest

from indicators.catalogue import load_named
from indicators.registry import load_registry
from indicators.scoring import Scorer
from indicators.table import load_default
from indicators.views.offline_report import build_report
from tests.browser_support import CEILING_MS, OUTPUT, skip_without_chromium

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

skip_without_chromium()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    registry = load_registry()
    framework = load_named("connect2020", registry=registry)
    scorer = Scorer(framework, load_default(), registry)
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(build_report(framework, scorer.scorecard(), scorer, data_label="embedded default data"))
    return path


def open_offline(browser, report_file, width: int):
    """(context, page, refused requests): the report from disk with every http(s) request refused."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    refused: list[str] = []

    def refuse(route):
        refused.append(route.request.url)
        route.abort()

    context.route("http*://**", refuse)
    page = context.new_page()
    page.goto(report_file.as_uri())
    page.wait_for_selector("#chart-1\\.2 .scatterlayer .trace", timeout=CEILING_MS)
    return context, page, refused


def _box(locator) -> dict:
    box = locator.bounding_box()
    assert box is not None
    return box


@pytest.mark.parametrize("width", [1200, 390])
def test_report_charts_show_whole_axis_numbers_and_whole_line_labels(browser, report_file, width):
    context, page, refused = open_offline(browser, report_file, width)
    try:
        chart = page.locator("#chart-1\\.2")
        page.screenshot(path=str(OUTPUT / f"report-{width}.png"), full_page=False)
        OUTPUT.mkdir(exist_ok=True)
        chart.screenshot(path=str(OUTPUT / f"report-chart-1.2-{width}.png"))
        ticks = chart.locator(".ytick text")
        assert "60" in ticks.all_text_contents()  # the 60% target line's number, whole
        left_edge = _box(chart.locator(".main-svg").first)["x"]
        for i in range(ticks.count()):
            assert _box(ticks.nth(i))["x"] >= left_edge, f"y-axis number {ticks.nth(i).text_content()} is clipped"
        svg = _box(chart.locator(".main-svg").first)
        labels = chart.locator(".annotation-text")
        assert chart.locator(".legend").count() == 0 and labels.count() >= 2  # lines labelled at their ends
        for i in range(labels.count()):
            label = _box(labels.nth(i))
            assert label["x"] + label["width"] <= svg["x"] + svg["width"] + 1, f"{labels.nth(i).text_content()} is cut"
        y_title = _box(chart.locator(".g-ytitle text"))
        assert y_title["x"] + y_title["width"] <= min(_box(ticks.nth(i))["x"] for i in range(ticks.count()))
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"the report is {widths[0]} px wide on a {widths[1]} px screen"
    finally:
        context.close()
    assert refused == []


def test_report_on_a_phone_lists_every_target_with_its_status(browser, report_file):
    context, page, _ = open_offline(browser, report_file, 390)
    try:
        assert page.locator("#chart-progress").is_hidden()  # the list stands in for the wide chart
        listed = page.locator(".narrow-only .progress-list li")
        assert listed.count() == 17  # the targets with no verdict close the list
        for i in range(listed.count()):
            assert listed.nth(i).locator(".status").is_visible()
        page.get_by_text("No verdict: 1.3 (Insufficient data)").wait_for()
    finally:
        context.close()
