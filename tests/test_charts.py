"""Chart builders: target marker, gaps never bridged by a solid line, projections apart from data."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from indicators import charts
from indicators.charts.progress import progress_list_html, progress_table
from indicators.scoring import STATUSES
from tests.helpers import make_score, make_table

_score = make_score


def _solid_line_steps(fig) -> list[int]:
    """Year steps drawn by every solid line in the figure (None breaks a line)."""
    steps = []
    for trace in fig.data:
        if trace.type != "scatter" or "lines" not in (trace.mode or "") or trace.fill:
            continue
        if trace.line.dash not in (None, "solid"):
            continue
        xs = list(trace.x)
        steps += [b - a for a, b in zip(xs, xs[1:]) if a is not None and b is not None]
    return steps


def test_target_marker_sits_at_the_target_year_with_the_target_value():
    fig = charts.target_figure(_score([(2015, 40.0), (2016, 44.0)]))
    (target,) = [t for t in fig.data if t.name == "Target"]
    assert list(target.x) == [2020] and list(target.y) == [60.0]
    assert target.marker.symbol == "star"


def test_gaps_longer_than_a_year_are_dotted_never_solid():
    fig = charts.target_figure(_score([(2010, 20.0), (2011, 22.0), (2015, 30.0), (2018, 40.0), (2019, 42.0)]))
    assert _solid_line_steps(fig) == [1, 1]
    (gaps,) = [t for t in fig.data if t.name == "dotted: years without data"]
    assert gaps.line.dash == "dot"
    assert [x for x in gaps.x if x is not None] == [2011, 2015, 2015, 2018]


def test_comparison_series_gaps_are_dotted_too_and_every_line_is_labelled_at_its_end_not_in_a_legend():
    other = _score([(2005, 10.0), (2010, 20.0), (2011, 21.0)], economy="LDC")
    fig = charts.target_figure(_score([(2012, 30.0), (2016, 40.0)]), [other], economy_names={"LDC": "LDCs"})
    assert set(_solid_line_steps(fig)) == {1}
    gap_traces = [t for t in fig.data if "years without data" in t.name]
    assert len(gap_traces) == 2 and all(t.line.dash == "dot" for t in gap_traces)
    assert not fig.layout.showlegend and not any(t.showlegend for t in fig.data)
    ends = {a.text: a.y for a in fig.layout.annotations if a.xref == "paper" and a.x == 1}
    assert ends == {"LDCs": 21.0, "WLD": 40.0, "target 2020": 60.0}  # far apart: each at its line's last value


def test_end_labels_that_would_overlap_are_moved_apart():
    other = _score([(2015, 39.5), (2016, 40.5)], economy="DEVELOPING")
    fig = charts.target_figure(_score([(2015, 40.0), (2016, 41.0)]), [other])
    ends = sorted(a.y for a in fig.layout.annotations if a.xref == "paper" and a.x == 1)
    per_px = (fig.layout.yaxis.range[1] - fig.layout.yaxis.range[0]) / 300
    assert ends[1] - ends[0] >= 14 * per_px


def test_the_plot_area_keeps_its_height_however_long_the_title_and_attribution():
    from indicators.charts.styles import with_attribution
    from indicators.charts.target import PLOT_HEIGHT

    long_title = _score([(2015, 40.0)], title="A very long target title that cannot fit on one line of a phone")
    for score in (_score([(2015, 40.0)]), long_title):
        fig = with_attribution(charts.target_figure(score), "Publisher " * 30, "latest data", "http://x/target")
        margin = fig.layout.margin
        assert fig.layout.height - margin.t - margin.b == PLOT_HEIGHT
        assert all(len(line) <= 52 for line in fig.layout.title.subtitle.text.split("<br>"))
        assert "…" not in fig.layout.title.subtitle.text  # wrapped, never cut
    assert "<br>" in charts.target_figure(long_title).layout.title.text


def test_compared_groups_get_distinct_colours_readable_as_label_text():
    from indicators.charts.styles import COMPARISON_STYLES, OBSERVED_COLOUR

    colours = [colour for colour, _ in COMPARISON_STYLES]
    assert len(set(colours)) == len(colours) >= 8 and OBSERVED_COLOUR not in colours
    assert all(_contrast(colour, "#FFFFFF") >= 4.5 for colour in colours)
    assert len({symbol for _, symbol in COMPARISON_STYLES}) == len(COMPARISON_STYLES)


def test_every_observation_is_a_marker_even_when_isolated():
    fig = charts.target_figure(_score([(2010, 20.0), (2014, 30.0), (2018, 40.0)]))
    (observed,) = [t for t in fig.data if t.name == "WLD (observed)"]
    assert [x for x in observed.x if x is not None] == [2010, 2014, 2018]
    assert "markers" in observed.mode


def test_projection_and_its_band_are_separate_traces():
    score = _score(
        [(2016, 40.0), (2017, 45.0)],
        curve=[(2017, 45.0), (2018, 50.0), (2020, 61.0)],
        projected_value=61.0,
        projected_low=55.0,
        projected_high=66.0,
        projected_year_met=2020,
    )
    fig = charts.target_figure(score)
    (projection,) = [t for t in fig.data if t.name == "Projection (saturation)"]
    assert projection.line.dash == "dash" and list(projection.x) == [2017, 2018, 2020]
    (band,) = [t for t in fig.data if t.name == "Projection: 80% band"]
    assert band.fill == "toself" and max(band.y) == 66.0 and min(band.y) == 45.0


def test_no_projection_is_drawn_for_a_verdict_on_data_past_the_target_year():
    score = _score([(2019, 58.0), (2021, 63.0)], status="achieved_late", curve=[(2021, 63.0)])
    assert not [t for t in charts.target_figure(score).data if t.name.startswith("Projection")]


def test_published_projections_and_comparisons_are_their_own_traces():
    published = make_table([("internet_users", "WLD", 2020, 53.0, "2015", "projection")])
    other = _score([(2015, 20.0), (2016, 22.0)], economy="LDC")
    fig = charts.target_figure(_score([(2015, 40.0)]), [other], published, economy_names={"LDC": "LDCs"})
    (itu,) = [t for t in fig.data if t.name == "ITU published projection"]
    assert itu.mode == "markers" and list(itu.x) == [2020] and itu.marker.symbol == "x"
    assert "LDCs" in [t.name for t in fig.data]
    table = charts.target_table(_score([(2015, 40.0)]), [other], published)
    assert set(table["kind"]) == {"observation", "target", "ITU published projection"}
    assert len(table) == 1 + 2 + 1 + 1


@pytest.mark.parametrize("status", STATUSES)
def test_every_status_has_an_icon_a_word_and_a_readable_colour(status):
    style = charts.STATUS_STYLES[status]
    assert style.icon and charts.status_text(status).endswith(charts.STATUS_LABELS[status])
    assert _contrast(style.colour, style.text_colour) >= 4.5


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_progress_figure_groups_by_verdict_and_leaves_unscored_targets_out():
    scores = [
        _score([(2015, 40.0)], target="1.1", progress=0.5),
        _score([], target="1.2", status="not_assessable"),
        _score([(2015, 40.0)], target="1.3", status="regressing", progress=-0.56),
        _score([(2015, 40.0)], target="2.1", status="achieved", progress=1.2),
    ]
    bars, labels = charts.progress_figure(scores).data
    groups, names = bars.y
    assert list(names) == ["1.3 Test target", "1.1 Test target", "2.1 Test target"]  # bottom to top
    assert list(groups) == ["Off track or regressing", "On track", "Met"]
    assert list(bars.x) == [-0.56, 0.5, 1.2]  # backwards is drawn left of zero
    assert list(labels.text) == ["↘ Regressing · -56%", "↗ On track · 50%", "✔ Achieved · 120%"]
    assert list(labels.x) == [0.0, 0.5, 1.2]  # a label never sits on its bar
    assert charts.progress_figure(scores).layout.xaxis.range[0] < -0.56
    from indicators.charts.progress import progress_list_html, unscored_text

    assert unscored_text(scores) == "No verdict: 1.2 (Not assessable)"
    listed = progress_list_html(scores)
    assert listed.index("Met") < listed.index("On track") < listed.index("No verdict") < listed.index("1.2 Test")


def test_met_late_is_not_coloured_like_on_track():
    late, on_track = charts.STATUS_STYLES["achieved_late"].colour, charts.STATUS_STYLES["on_track"].colour
    assert _contrast(late, on_track) >= 3.0


def test_choropleth_by_status_has_one_legend_entry_per_status_in_words():
    scores = [
        _score([(2019, 70.0)], economy="KEN", status="achieved", value=70.0, year=2019),
        _score([(2019, 30.0)], economy="BRA", status="off_track", value=30.0, year=2019),
        _score([], economy="DEU", status="insufficient_data"),
    ]
    frame = charts.map_frame(scores, {"KEN": "Kenya"})
    assert list(frame["iso3"]) == ["KEN", "BRA"]  # no value, no place on the map
    fig = charts.choropleth(frame, color="status")
    assert sorted(t.name for t in fig.data) == ["→ Off track", "✔ Achieved"]
    assert charts.choropleth(frame, color="value").data[0].locationmode == "ISO-3"


def test_png_button_config_names_the_file():
    config = charts.png_config("connect2020-target-1.1")
    assert config["toImageButtonOptions"] == {"format": "png", "filename": "connect2020-target-1.1", "scale": 2}


def test_projected_year_met_is_drawn_within_the_axis_or_named_when_far():
    near = _score([(2016, 40.0), (2017, 45.0)], status="off_track", projected_year_met=2022)
    fig = charts.target_figure(near)
    (line,) = [shape for shape in fig.layout.shapes if shape.x0 == 2022]
    assert fig.layout.xaxis.range[1] >= 2022
    far = _score([(2016, 40.0), (2017, 41.0)], status="off_track", projected_year_met=2041)
    fig = charts.target_figure(far)
    assert fig.layout.xaxis.range[1] < 2041
    assert any("trend meets target in 2041" in a.text for a in fig.layout.annotations)


def test_maps_use_the_country_outlines_served_by_the_dashboard():
    from pathlib import Path

    from indicators.charts import TOPOJSON_URL, png_config

    root = Path(__file__).resolve().parents[1]
    assert png_config("x")["topojsonURL"] == TOPOJSON_URL == "app/static/topojson/"
    outlines = root / "static" / "topojson" / "world_110m.json"
    assert outlines.stat().st_size > 100_000
    assert "enableStaticServing = true" in (root / ".streamlit" / "config.toml").read_text()


HOSTILE = '<a href="https://evil.example/">click</a> <span style="font-size:90px">big</span>'


def test_hover_text_from_the_data_shows_markup_as_typed():
    score = _score([(2015, 40.0), (2016, 44.0)])
    score.points[0] = dataclasses.replace(score.points[0], sources=(HOSTILE,))
    published = make_table([("internet_users", "WLD", 2019, 50.0, "2019", "projection")])
    published.loc[0, "source"] = HOSTILE
    fig = charts.target_figure(score, (), published)
    hovers = [str(c) for t in fig.data for c in (t.customdata if t.customdata is not None else ()) if c and "evil" in c]
    assert len(hovers) == 2, hovers  # the observation and the published projection
    for text in hovers:
        assert "<a" not in text and "<span" not in text and "&lt;a href=&quot;https://evil.example/&quot;&gt;" in text


def test_points_from_older_releases_are_ringed_and_other_releases_drawn_apart():
    from indicators.catalogue import load_named
    from indicators.registry import load_registry
    from indicators.scoring import Scorer

    registry = load_registry()
    table = make_table(
        [
            ("internet_users", "WLD", 2015, 43.4, "2016"),
            ("internet_users", "WLD", 2016, 47.0, "2016"),
            ("internet_users", "WLD", 2021, 63.0, "2021"),
        ]
    )
    score = Scorer(load_named("connect2020", registry=registry), table, registry).score("1.2", compare=True)
    assert not [
        t for t in charts.target_figure(score).data if t.name == "ITU 2016: insufficient data"
    ]  # behind a switch
    fig = charts.target_figure(score, releases=True)
    (rings,) = [t for t in fig.data if t.name == "filled from an older release"]
    assert list(rings.x) == [2015, 2016] and rings.marker.symbol == "circle-open"
    # the 2016 release alone has two points: not enough to project, so no status of its own
    (other,) = [t for t in fig.data if t.name == "ITU 2016: insufficient data"]
    assert list(other.x) == [2015, 2016] and other.line.width < 3 and other.showlegend and fig.layout.showlegend
    kinds = charts.target_table(score).set_index(["kind", "year"])["value"]
    assert kinds[("observation (from an older release)", 2015)] == 43.4
    assert kinds[("observation", 2021)] == 63.0
    assert kinds[("what ITU 2016 says", 2016)] == 47.0


def test_progress_table_keeps_every_target_in_order_with_its_verdict_in_words():
    scores = [
        _score([(2015, 40.0)], target="1.1", progress=0.5),
        _score([], target="1.2", status="not_assessable"),
    ]
    table = progress_table(scores)
    assert list(table.columns) == ["status", "target", "title", "value", "year", "target_value", "progress"]
    assert list(table["target"]) == ["1.1", "1.2"]  # unscored targets stay in the table, unlike the chart
    assert list(table["status"]) == [charts.status_text("on_track"), charts.status_text("not_assessable")]
    assert table["progress"].iloc[0] == 0.5 and table["progress"].isna().iloc[1]


def test_a_publisher_from_a_file_is_plain_text_in_the_legend_and_hover():
    """Plotly draws a few tags in legends and hovers: a publisher's link was drawn as a link."""
    from indicators.catalogue import load_named
    from indicators.registry import load_registry
    from indicators.scoring import Scorer

    registry = load_registry()
    rows = [("internet_users", "WLD", year, 40.0 + year - 2015, "2016") for year in (2015, 2016)]
    other = make_table(rows).assign(publisher="<a href='https://attacker.example'>ITU</a>")
    table = make_table(rows + [("internet_users", "WLD", 2021, 63.0, "2021")])
    score = Scorer(load_named("connect2020", registry=registry), pd.concat([table, other]), registry).score(
        "1.2", compare=True
    )
    fig = charts.target_figure(score, releases=True)  # other publishers' lines are behind the switch
    named = [t for t in fig.data if "attacker" in (t.name or "")]
    assert named and all("<a " not in t.name and "&lt;a " in t.name for t in named)
    assert all("<a " not in (t.hovertemplate or "") for t in fig.data)
    assert all("<a " not in (a.text or "") for a in fig.layout.annotations)  # the labels at the lines' ends


def test_an_unobserved_target_year_is_drawn_interpolated_and_said_in_words():
    from indicators.catalogue import load_named
    from indicators.registry import load_registry
    from indicators.scoring import Scorer
    from indicators.table import load_default

    registry = load_registry()
    scorer = Scorer(load_named("connect2020", registry=registry), load_default(), registry)
    score = scorer.score("2.2.B", compare=True)  # 19.1% in 2019 (an estimate), 36% in 2022
    fig = charts.target_figure(score)
    notes = [a.text for a in fig.layout.annotations]
    assert any(
        t.replace("<br>", " ").startswith("2020 not observed: about 24.7% by interpolation (80% range") for t in notes
    )
    (marker,) = [t for t in fig.data if t.name == "interpolated"]
    assert list(marker.x) == [2020]
    kinds = set(charts.target_table(score)["kind"])
    assert {"interpolated (not observed)", "observation (from an older release) (estimate)"} <= kinds


def test_progress_chart_draws_no_bar_where_progress_is_undefined():
    from indicators.catalogue import load_named
    from indicators.registry import load_registry
    from indicators.scoring import Scorer
    from indicators.table import load_default

    registry = load_registry()
    scores = Scorer(load_named("connect2020", registry=registry), load_default(), registry).scorecard()
    bars = charts.progress_figure(scores).data[0]
    shown = {name.split(" ", 1)[0]: (x, text) for name, x, text in zip(bars.y[1], bars.x, bars.text, strict=True)}
    assert shown["2.2.B"][0] is None and shown["2.2.B"][1].endswith("progress not measurable")
    assert shown["1.1"][0] == pytest.approx(1.25, abs=0.01)
    assert "progress cannot be measured: one observation" in progress_list_html(scores)


def test_world_maps_are_centred_on_greenwich_and_show_the_whole_world():
    from indicators.charts.maps import map_frame

    scores = [_score([(2019, 50.0)], economy=code, status="on_track") for code in ("NZL", "USA", "JPN")]
    geo = charts.choropleth(map_frame(scores), color="status").layout.geo
    assert geo.projection.rotation.lon == 0 and geo.center.lon == 0
    assert geo.fitbounds in (None, False)  # zooming to the countries with data centred a map on the Pacific
    assert list(geo.lonaxis.range) == [-180, 180] and geo.lataxis.range[0] > -60  # no Antarctica sliver
