"""Accessibility: axe-core finds no serious or critical violation on any page, and chart text is readable.

The audit runs axe-core (bundled by ``axe-playwright-python``) in Debian chromium on all seven pages at a
desktop and a phone width, and on the Countries page with a country file previewed. Skipped when chromium
is missing, except in CI.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from indicators import charts
from indicators.charts.styles import FONT, MUTED_TEXT_COLOUR
from tests.browser_support import CEILING_MS, CHROMIUM, new_page, shot

COUNTRY_FILE = Path(__file__).parent / "data" / "good" / "worldbank-databank-dots.csv"
BLOCKING = ("serious", "critical")
PAGES = [
    "/",
    "/?as_of=2017",
    "/target?target=1.2",
    "/countries",
    "/data",
    "/methodology",
    "/history",
    "/backtest?target=1.2",
]
WIDTHS = {"desktop": (1400, 1200), "phone": (390, 844)}


def contrast(foreground: str, background: str = "#FFFFFF") -> float:
    """WCAG contrast ratio of two ``#RRGGBB`` colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_the_known_failures():
    assert round(contrast("#808495"), 2) == 3.72  # Streamlit's chart grey
    assert 3.88 <= contrast("#828180") < 3.89  # Streamlit's caption grey
    assert round(contrast("#000000"), 1) == 21.0


def _font_colours(fig) -> list[str]:
    """Every text colour a figure resolves to: layout font, title, axes, legend, annotations, bar labels."""
    layout = fig.layout
    found = [layout.font.color, layout.title.font.color or layout.font.color]
    for axis in (layout.xaxis, layout.yaxis):
        found += [axis.tickfont.color or layout.font.color, axis.title.font.color or layout.font.color]
    found.append(layout.legend.font.color or layout.font.color)
    found += [a.font.color or layout.font.color for a in layout.annotations]
    found += [t.textfont.color or layout.font.color for t in fig.data if getattr(t, "textfont", None) is not None]
    return [c for c in found if isinstance(c, str)]


def test_chart_text_is_at_least_4_5_to_1_on_white(scores_2017):
    from indicators.charts.maps import map_frame

    figures = [charts.progress_figure(scores_2017)]
    figures.append(charts.choropleth(map_frame(scores_2017), color="status"))
    for fig in figures:
        colours = _font_colours(fig)
        assert colours, "a figure without a font colour falls back to the theme's grey"
        for colour in colours:
            assert contrast(colour) >= 4.5, f"{colour} is {contrast(colour):.2f}:1 on white"
    assert contrast(FONT["color"]) >= 4.5 and contrast(MUTED_TEXT_COLOUR) >= 4.5


@pytest.fixture(scope="module")
def scores_2017():
    from indicators.catalogue import load_named
    from indicators.registry import load_registry
    from indicators.scoring import Scorer
    from indicators.table import load_default

    registry = load_registry()
    return Scorer(load_named("connect2020", registry=registry), load_default(), registry).scorecard(as_of=2017)


# --- The audit in a real browser ------------------------------------------------------------------------


@pytest.fixture
def chromium():
    """Skip (before the browser fixture starts) when chromium is missing, except in CI."""
    if CHROMIUM is None and os.environ.get("CI") != "true":
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")


@pytest.fixture
def page(chromium, browser):
    page = new_page(browser, height=1200)
    yield page
    page.context.close()


@pytest.fixture(params=list(WIDTHS))
def sized_page(request, chromium, browser):
    """A page at a desktop or a phone width (the phone one a touch screen, as the phone tests use)."""
    width, height = WIDTHS[request.param]
    phone = request.param == "phone"
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone)
    context.set_default_timeout(CEILING_MS)
    page = context.new_page()
    page.width_name = request.param
    yield page
    context.close()


def settle(page) -> None:
    """Wait until the page's script run has finished and its title and style sheet are drawn.

    The style sheet comes in a Markdown element that the browser may draw after the title; the skip link
    travels in the same element, so once it is there the captions have their darker grey.
    """
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=CEILING_MS)
    page.wait_for_selector("a.skip-link", state="attached", timeout=CEILING_MS)
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)
    page.wait_for_selector('[data-stale="true"]', state="detached", timeout=60_000)


def blocking_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    return [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])} x, e.g. {v['nodes'][0]['target']}: "
        f"{v['nodes'][0].get('failureSummary', '')[:200]}"
        for v in results["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_axe_violation(sized_page, dashboard_url, path):
    page = sized_page
    page.goto(dashboard_url + path, wait_until="domcontentloaded")
    settle(page)
    if path.startswith(("/?", "/target", "/backtest")) or path == "/":
        page.wait_for_selector(
            '[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg', state="attached", timeout=CEILING_MS
        )
    found = blocking_violations(page)
    shot(page, f"axe-{page.width_name}" + path.replace("/", "-").replace("?", "-").replace("=", "-"))
    assert found == [], f"{path} ({page.width_name}): " + "; ".join(found)


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_no_serious_or_critical_axe_violation_on_countries_with_a_country_preview(page, dashboard_url):
    page.goto(dashboard_url + "/data", wait_until="domcontentloaded")
    settle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(COUNTRY_FILE))
    release = page.get_by_role("textbox", name="Release (YYYY, YYYY-MM or YYYY-MM-DD)")
    release.fill("2020")  # a DataBank export names its publisher but not its release: the analyst enters it
    release.press("Enter")
    page.get_by_role("button", name="Preview the whole dashboard with this file").click()
    page.get_by_text(f"Preview of {COUNTRY_FILE.name}").first.wait_for()
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Countries").click()
    page.get_by_text("countries with data for internet_users").wait_for()
    page.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot .choroplethlayer', timeout=CEILING_MS)
    settle(page)
    found = blocking_violations(page)
    shot(page, "axe-countries-preview")
    assert found == [], "/countries: " + "; ".join(found)


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_skip_link_shows_a_focus_ring_and_moves_focus_to_the_content(page, dashboard_url):
    page.goto(dashboard_url + "/", wait_until="domcontentloaded")
    settle(page)
    skip = page.get_by_role("link", name="Skip to the main content")
    skip.focus()
    assert skip.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"  # the focus ring shows
    assert skip.is_visible()  # off-screen until focused, then shown
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main-content'")
    page.keyboard.press("Tab")
    in_main = page.evaluate("document.activeElement.closest('[data-testid=\"stMain\"]') !== null")
    assert in_main, "after the skip link, the next stop is in the page, not the sidebar"
