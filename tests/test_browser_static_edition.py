"""The static edition read in a real browser from the store's folder, with every network request refused.

A version is published as the dashboard publishes it; its edition, opened from disk, must show all 17
targets with the verdicts ``scorecard --format json`` gives for that version, draw its charts with the
plotly.js beside it, and ask nothing of the network.
"""

from __future__ import annotations

import json

import pytest

from indicators.cli import main
from indicators.static_edition import edition_prefix
from indicators.store import open_store
from indicators.views import publish_panel as publishing
from indicators.views.publish_panel import Proposal
from tests.browser_support import CEILING_MS, skip_without_chromium
from tests.helpers import make_table

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

skip_without_chromium()

CHART_DRAWN = ".js-plotly-plot .trace"
VERDICTS = """() => [...document.querySelectorAll("table tbody tr")].map((row) => {
  const status = row.querySelector(".status");
  return [row.cells[0].textContent.trim(), status ? [...status.classList].find((c) => c.startsWith("status-")) : ""];
})"""


@pytest.fixture
def edition(tmp_path, monkeypatch, capsys):
    """(folder of the edition of version 1 in the store, that version's scorecard as the CLI prints it)."""
    monkeypatch.setenv("INDICATORS_STORE", str(tmp_path / "store"))
    table = make_table([("internet_users", "WLD", 2019, 61.5), ("internet_users", "WLD", 2020, 63.0)])
    proposal = Proposal(table, "merge", None, 0, "world.csv", "ab" * 32, "key")
    assert publishing.publish(open_store(), proposal, author="ana", message="world figures").info is not None
    assert main(["scorecard", "--format", "json"]) == 0
    return tmp_path / "store" / edition_prefix(1), json.loads(capsys.readouterr().out)


def offline_page(browser):
    """A page whose every request other than a file on disk is refused and recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(CEILING_MS)
    refused: list[str] = []

    def route(request_route) -> None:
        if request_route.request.url.startswith("file://"):
            request_route.continue_()
        else:
            refused.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    return context.new_page(), refused


def test_the_edition_reads_offline_with_the_versions_verdicts(edition, browser):
    folder, scorecard = edition
    page, refused = offline_page(browser)
    try:
        page.goto((folder / "index.html").as_uri())
        page.wait_for_selector(CHART_DRAWN)
        shown = dict(page.evaluate(VERDICTS))
        assert len(shown) == 17
        assert shown == {entry["target"]: f"status-{entry['status']}" for entry in scorecard}
        assert "Static edition of published version 1" in page.inner_text("body")

        page.click("table a[href='target-2.1.A.html']")
        page.wait_for_selector(CHART_DRAWN)
        assert page.url.endswith("target-2.1.A.html")
        page.goto((folder / "sources.html").as_uri())
        page.goto((folder / "methodology.html").as_uri())
        assert "saturation" in page.inner_text("body").lower()
        assert refused == []
    finally:
        page.context.close()
