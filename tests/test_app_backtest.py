"""The Backtest page under AppTest: hindsight for a target, the measured band widths, the backtest itself."""

from __future__ import annotations

from tests.page_helpers import PAGES, card, charts


def test_backtest_page_shows_what_each_method_said_in_2015_and_the_outcome(app):
    at = app(PAGES["backtest"], target="1.2")
    at.run()
    assert not at.exception
    assert [h.value for h in at.subheader][0] == "Target 1.2: fed data up to 2015, what each method said for 2020"
    said = at.dataframe[0].value
    assert any("published projection" in m for m in said["Method"])  # ITU's own 2015 projection, 53%
    assert "53.0%" in set(said["said for 2020"])
    assert any("The outcome was" in m.value for m in at.markdown)
    assert "How wide the 80% band is, by method and years ahead" in [h.value for h in at.subheader]
    # the embedded data hold a few groups only: the page says why it cannot backtest them
    assert any("No backtest on" in i.value for i in at.info)


def test_methodology_links_to_the_backtest_page(app):
    at = app(PAGES["methodology"])
    at.run()
    assert not at.exception


def test_cards_and_target_page_give_the_chance_of_a_projected_verdict(app):
    # as of 2018, ITU's figures put 1.2 off track (projected) and 1.1 achieved (observed, 2018)
    at = app(as_of="2018")
    at.run()
    assert not at.exception
    projected = card(at, "1.2")
    assert "status-off_track" in projected and "% chance</span>" in projected
    achieved = card(at, "1.1")
    assert "status-achieved" in achieved and "chance" not in achieved  # observed, not projected
    at = app(PAGES["target"], target="1.2", as_of="2016")  # too close to call, with its chance
    at.run()
    assert any("% chance" in m.value and "status-" in m.value for m in at.markdown)


def test_a_projection_without_a_band_says_why(app):
    # e-waste in Mt: no error was measured on such a unit. As of 2020 the Global E-waste Monitor's 2014, 2016
    # and 2019 figures give a projection; its latest series reaches 2022, so the current verdict has none to show.
    at = app(PAGES["target"], target="3.2", as_of="2020")
    at.run()
    assert not at.exception
    why = "No 80% band around the projection: errors were measured on percent"
    assert any(c.value.startswith(why) for c in at.caption)


def test_backtest_tables_have_plain_headers_and_rounded_numbers_and_each_method_keeps_its_colour(app):
    at = app(PAGES["backtest"], target="1.2")
    at.run()
    summary = next(d.value for d in at.dataframe if "Brier score (0 is perfect)" in d.value.columns)
    assert "mae" not in summary.columns and "Average error (points)" in summary.columns
    assert "Diffusion curve" in set(summary["Method"])  # a name, not the code gompertz
    for column in ("Average error (points)", "Typical error (points)"):
        assert all(round(v, 1) == v for v in summary[column].dropna())
    colours: dict[str, set[str]] = {}
    for figure in charts(at):
        assert figure["layout"]["font"]["color"] == "#31333F"  # dark axis text, not the theme's 3.7:1 grey
        for trace in figure["data"]:
            colours.setdefault(trace["name"], set()).add(trace["line"]["color"])
    assert len(charts(at)) >= 3 and all(len(found) == 1 for found in colours.values()), colours
    assert len({next(iter(found)) for found in colours.values()}) == len(colours)  # and no two methods share one
