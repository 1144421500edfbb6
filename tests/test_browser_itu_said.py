"""What ITU said, in a real browser: ITU's 2017 forecast for 1.3 and what would allow a verdict.

Skipped when chromium is missing (except in CI, where it is a failure).
"""

from __future__ import annotations

import pytest

from tests.browser_support import new_page, shot, skip_without_chromium

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
FIRST_DRAW_MS = 180_000  # the first view reads and scores the default data: generous on a busy machine

skip_without_chromium()


def test_unscored_target_page_shows_itus_forecast_and_the_publication_needed(browser, dashboard_url):
    page = new_page(browser, height=2400)
    try:
        page.goto(dashboard_url + "/target?target=1.3", wait_until="domcontentloaded")
        page.get_by_role("heading", name="What ITU said").wait_for(timeout=FIRST_DRAW_MS)
        page.get_by_text("ITU's forecast: difficult to achieve").wait_for()
        quote = page.locator("blockquote", has_text="makes this target difficult to achieve")
        assert quote.count() == 1 and quote.is_visible()
        page.get_by_text(
            "ITU CWG-SFP-2/INF/3 Review of the Strategic Targets 2016-2019, 2017-08-10; read at"
        ).wait_for()
        page.get_by_text("A verdict needs: A worldwide average of ITU's ICT Price Basket").wait_for()
        page.get_by_role("link", name="Upload a file on the Data and sources page").click()
        page.wait_for_url("**/data", timeout=FIRST_DRAW_MS)
    except Exception:
        shot(page, "itu-said-1.3")
        raise
    finally:
        page.context.close()
