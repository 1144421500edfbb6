"""The historical view (as_of set) is unmistakable: a banner on every page, later observations greyed."""

from __future__ import annotations

import pytest

from tests.page_helpers import PAGES, charts, session_of, trace

BANNER = "Historical view: what the data said at the end of 2017."


def banner(at) -> list[str]:
    return [m.value for m in at.markdown if "historical-banner" in m.value and "<div" in m.value]


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_shows_the_banner_and_one_click_shows_the_latest(app, page):
    at = app(PAGES[page], as_of="2017")
    at.run()
    assert not at.exception
    (text,) = banner(at)
    assert BANNER in text
    [b for b in at.button if b.label == "Show the latest"][0].click().run()
    assert not at.exception
    assert banner(at) == [] and session_of(at).view.as_of is None
    assert "as_of" not in at.query_params


def test_no_banner_on_the_latest_data(app):
    at = app()
    at.run()
    assert banner(at) == []
    assert not [b for b in at.button if b.label == "Show the latest"]


def test_the_target_page_draws_what_happened_next_greyed(app):
    at = app(PAGES["target"], target="1.2", as_of="2017")
    at.run()
    (figure,) = charts(at)
    later = trace(figure, "What happened next (after 2017, not used)")
    assert later["x"] == [2018, 2019, 2021, 2022] and later["y"][-1] == 66.0  # ITU Facts and Figures 2022
    observed = [t for t in figure["data"] if str(t.get("name", "")).endswith("(observed)")][0]
    assert max(x for x in observed["x"] if x is not None) <= 2017
    at.button(key="show_latest").click().run()
    names = [t.get("name") for t in charts(at)[0]["data"]]
    assert not any(str(n).startswith("What happened next") for n in names)
