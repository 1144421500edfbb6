"""The overview page: every target as a card, the summary line, rescoring from the sidebar, exports."""

from __future__ import annotations

import re

from indicators.catalogue import load_named
from tests.conftest import card, card_status, charts

TARGET_IDS = [t.id for t in load_named("connect2020").targets]


def test_overview_shows_every_goal_and_target(app):
    at = app()
    at.run()
    assert not at.exception
    assert len(TARGET_IDS) == 17
    for target_id in TARGET_IDS:
        card(at, target_id)
    headers = [h.value for h in at.subheader]
    assert [h.split(":")[0] for h in headers] == ["Goal 1", "Goal 2", "Goal 3", "Goal 4"]


def test_summary_line_counts_every_target_behind_the_status_chips(app):
    at = app()
    at.run()
    summary = next(m.value for m in at.markdown if "(17 targets)" in m.value)
    numbers = [int(n) for n in re.findall(r"&nbsp;\*\*(\d+)\*\*", summary)]
    assert sum(numbers) == 17
    assert re.search(r"✔ Achieved</span>&nbsp;\*\*1\*\*", summary)
    assert re.search(r"– Not assessable</span>&nbsp;\*\*2\*\*", summary)


def test_card_states_the_status_in_words_not_colour_alone(app):
    at = app()
    at.run()
    text = card(at, "1.1")
    assert "status-achieved" in text and "Achieved" in text and "✔" in text
    assert "57.0% in 2019" in text and "evidence: 15 points, 2005–2019" in text


def test_overview_has_a_progress_chart_of_all_targets(app):
    at = app()
    at.run()
    (figure,) = charts(at)
    groups, names = figure["data"][0]["y"]
    assert len(names) == 8 and groups[-1] == "Met"  # the 8 scored targets; the 9 others are listed apart
    assert any(m.value.startswith("**No verdict: 1.3 (Insufficient data)") for m in at.markdown)
    phone_list = next(h.proto.body for h in at.get("html") if 'class="progress-list-only-narrow"' in h.proto.body)
    assert all(f">{t} " in phone_list for t in TARGET_IDS)  # the phone list names all 17


def test_as_of_year_rescores_every_card(app):
    at = app()
    at.run()
    assert card_status(at, "1.1") == "achieved"
    at.sidebar.selectbox(key="w_as_of").set_value(2017).run()
    assert not at.exception
    assert card_status(at, "1.1") == "on_track"  # the 2016 release's 46.0% in 2015, heading for 60.6% by 2020
    assert card_status(at, "1.2") == "on_track"
    assert at.query_params["as_of"] == "2017"


def test_method_changes_the_verdicts_it_should(app):
    at = app(method="saturation")
    at.run()
    assert card_status(at, "2.1.A") == "off_track"
    at.sidebar.selectbox(key="w_method").set_value("cagr").run()
    assert card_status(at, "2.1.A") == "on_track"
    assert card_status(at, "1.1") == "achieved"  # a verdict on data past 2020 does not depend on the method
    assert at.query_params["method"] == "cagr"


def test_scorecard_and_report_downloads_are_offered(app):
    at = app()
    at.run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Scorecard (CSV)" in labels
    assert any(label.startswith("Report (HTML") for label in labels)


def test_each_card_links_to_its_target_page(app):
    at = app()
    at.run()
    links = at.get("page_link")
    assert len(links) == 17
    assert {link.proto.page for link in links} == {"target"}
    assert {link.proto.query_string for link in links} == {f"target={t}" for t in TARGET_IDS}


def test_each_card_names_the_source_and_year_of_its_value(app):
    at = app()
    at.run()
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Source of the 2019 value: ITU Key ICT indicators") for c in captions)
    assert not any("https\\://" in c for c in captions if c.startswith("Source of"))  # web addresses on the target page
    with_value = [t for t in TARGET_IDS if "% in " in card(at, t) or " in 20" in card(at, t)]
    assert len([c for c in captions if c.startswith("Source of the ")]) == len(with_value)


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


def test_the_overview_draws_one_chart_and_no_data_grid(app):
    """What keeps the overview light in the browser: one chart, its 17 numbers as a plain table."""
    at = app()
    at.run()
    assert len(charts(at)) == 1 and not at.dataframe
    (table,) = at.table
    assert len(table.value) == 17
