"""The overview page: every target as a card, the headline, rescoring from the sidebar, exports."""

from __future__ import annotations

import html
import re

from app_pages.state import SESSION, Keys, Session
from indicators.catalogue import load_named
from tests.page_helpers import card, card_status, card_words, charts

TARGET_IDS = [t.id for t in load_named("connect2020").targets]


def signed_in(at):
    """A session holding work: its cards must keep it, so each card's link is a page link."""
    at.session_state[SESSION] = Session(analyst="ana")
    return at


def test_overview_shows_every_goal_and_target(app):
    for at in (app(), signed_in(app())):
        at.run()
        assert not at.exception
        assert len(TARGET_IDS) == 17
        for target_id in TARGET_IDS:
            card(at, target_id)
        shown = " ".join([h.value for h in at.subheader] + [e.proto.body for e in at.get("html")])
        goals = re.findall(r"Goal (\d): ", shown)
        assert goals == ["1", "2", "3", "4"]


def headline_text(at) -> str:
    return next(m.value.replace("\\", "") for m in at.markdown if "can be scored" in m.value)


def test_the_headline_answers_first_and_the_method_moves_to_a_footnote(app):
    at = app()
    at.run()
    text = headline_text(at)
    assert "of the 8 targets that can be scored, 2 were met, 4 were probably not met and 2 are too close" in text
    assert "7 targets cannot be scored from published data and 2 are qualitative." in text
    assert not any("method:" in c.value for c in at.caption)  # no jargon subtitle under the title
    footnote = "Targets whose data end before their deadline are projected with Diffusion"
    assert any(c.value.startswith(footnote) for c in at.main.caption)


def test_the_headline_follows_the_as_of_year(app):
    at = app(as_of="2017")
    at.run()
    assert "At the end of 2017, before the 2020 deadline, of the 2 targets" in headline_text(at)


def test_card_states_the_status_in_words_not_colour_alone(app):
    at = app()
    at.run()
    text = card(at, "1.1")
    assert "status-achieved" in text and "Achieved" in text and "✔" in text
    assert "57.0% in 2019" in text and "Outcome" in text and "evidence" not in text  # technical detail: target page


def test_overview_has_a_progress_chart_of_all_targets(app):
    at = app()
    at.run()
    (figure,) = charts(at)
    groups, names = figure["data"][0]["y"]
    assert len(names) == 8 and groups[-1] == "Met"  # the 8 scored targets; the 9 others have cards only
    assert not any("No verdict:" in m.value for m in at.markdown)  # each target listed once on a phone: its card


def test_as_of_year_rescores_every_card(app):
    at = app()
    at.run()
    assert card_status(at, "1.1") == "achieved"
    at.sidebar.selectbox(key="w_as_of").set_value(2017).run()
    assert not at.exception
    # the 2016 release's 46.0% in 2015, heading for 60.6% by 2020 by one method, short of 55% by another
    assert card_status(at, "1.1") == "too_close_to_call"
    assert card_status(at, "1.2") == "too_close_to_call"
    assert card_status(at, "2.1.A") == "insufficient_data"  # two points: not enough to project
    assert at.query_params["as_of"] == "2017"


def test_method_changes_the_chance_but_not_an_outcome(app):
    at = app(method="saturation")
    at.run()
    saturation = card(at, "2.2.A")
    assert card_status(at, "2.2.A") == "too_close_to_call"
    at.sidebar.selectbox(key="w_method").set_value("cagr").run()
    assert card_status(at, "2.2.A") == "too_close_to_call"  # every method: a chance between 35% and 65%
    assert card(at, "2.2.A") != saturation  # each method's own chance
    assert card_status(at, "1.1") == "achieved"  # a verdict on data past 2020 does not depend on the method
    assert at.query_params["method"] == "cagr"


def test_scorecard_and_report_downloads_are_offered(app):
    at = app()
    at.run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Scorecard (CSV)" in labels
    assert any(label.startswith("Report (HTML") for label in labels)


def card_links(at) -> dict[str, tuple[str, str]]:
    """Each card's link: {target id: (address, label)}."""
    found = {}
    for target_id in TARGET_IDS:
        (link,) = re.findall(r"<a class='card-link' href='([^']*)'>→ ([^<]*)</a>", card(at, target_id))
        found[target_id] = (html.unescape(link[0]), html.unescape(link[1]))
    return found


def test_each_card_links_to_its_target_page_in_the_view_shown(app):
    at = app(as_of="2017")
    at.run()
    assert not at.get("page_link")  # a viewer's cards are one block: plain links, no element each
    for target_id, (address, _) in card_links(at).items():
        assert address == f"target?target={target_id}&as_of=2017"
    at = signed_in(app())  # an analyst's session would be lost by loading a page: page links keep it
    at.run()
    links = at.get("page_link")
    assert len(links) == 17 and {link.proto.page for link in links} == {"target"}
    assert {link.proto.query_string for link in links} == {f"target={t}" for t in TARGET_IDS}
    assert "card-link" not in "".join(e.proto.body for e in at.get("html"))


def test_each_card_names_a_short_source_that_links_to_the_full_citation(app):
    at = app()
    at.run()
    labels = {target_id: label for target_id, (_, label) in card_links(at).items()}
    assert labels["1.1"] == "ITU, Oct 2019 · details"  # the 2019-10-28 workbook
    assert labels["1.2"] == "ITU, Nov 2022 · details"
    assert labels["4.1"] == "Details of 4.1"  # qualitative: no source to name
    at = signed_in(app())
    at.run()
    assert {link.proto.query_string: link.proto.label for link in at.get("page_link")}["target=1.1"] == labels["1.1"]


def test_an_unreadable_store_is_said_once_and_the_embedded_data_stand_in(app, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store should be")
    at = app()
    monkeypatch.setenv("INDICATORS_STORE", str(blocker))
    at.run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "this is a file, not a folder" in errors[0]
    for target_id in TARGET_IDS:
        card(at, target_id)


def test_a_card_says_when_its_verdict_rests_on_an_estimate_and_why_progress_is_missing(app):
    at = app()
    at.run()
    assert "This verdict rests on an estimate: the 2019 value is an estimate." in card_words(at, "1.1")
    assert "57.0% in 2019 (an estimate) · target" in card(at, "1.1")
    for target_id in ("2.4", "2.5.B", "3.1"):
        assert "Progress cannot be measured: one observation." in card_words(at, target_id)


def test_the_overview_draws_one_chart_and_no_data_grid(app):
    """What keeps the overview light in the browser: one chart, and only the open tab of its switch drawn;
    its 17 numbers, one click away, as a plain table."""
    at = app()
    at.run()
    assert len(charts(at)) == 1 and not at.dataframe and not at.table
    at.session_state[Keys.chart_tabs(Keys.OVERVIEW_PROGRESS)] = "Table"
    at.run()
    assert not charts(at) and not at.dataframe
    (table,) = at.table
    assert len(table.value) == 17
