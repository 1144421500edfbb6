"""The target page: wording, chart with target marker, comparison groups, verdict numbers, data table."""

from __future__ import annotations

from indicators.catalogue import load_named
from tests.page_helpers import PAGES, charts, trace


def test_target_page_draws_the_chart_with_the_target_at_2020(app):
    at = app(PAGES["target"], target="1.2")
    at.run()
    assert not at.exception
    (figure,) = charts(at)
    target = trace(figure, "Target")
    assert target["x"] == [2020] and target["y"] == [60.0]
    wording = load_named("connect2020").target("1.2").wording
    assert f"> {wording}" in [m.value for m in at.markdown]


def test_link_with_target_and_as_of_restores_the_view(app):
    at = app(PAGES["target"], target="1.2", as_of="2017", method="naive")
    at.run()
    assert at.selectbox(key="w_target").value == "1.2"
    assert at.sidebar.selectbox(key="w_as_of").value == 2017
    text = " ".join(m.value for m in at.markdown)
    assert "status-too_close_to_call" in text
    # as of 2017 only releases published by then count: ITU's 2016 release (47.0% in 2016) is the latest
    assert "data end in 2016" in text and "data end in 2019" not in text
    assert at.query_params["target"] == "1.2" and at.query_params["as_of"] == "2017"


def test_comparison_groups_from_the_link_are_drawn(app):
    at = app(PAGES["target"], target="1.2", groups="DEVELOPED,LDC")
    at.run()
    assert at.multiselect(key="w_groups").value == ["DEVELOPED", "LDC"]
    names = [t.get("name") for t in charts(at)[0]["data"]]
    assert any(n.startswith("Developed") for n in names)
    assert any("Least" in n or n.startswith("LDC") for n in names)
    assert at.query_params["groups"] == "DEVELOPED,LDC"


def test_verdict_numbers_and_method_agreement(app):
    at = app(PAGES["target"], target="2.1.A")
    at.run()
    text = " ".join(m.value for m in at.markdown)
    assert "All 5 methods say **too close to call**" in text
    # ITU's 2019 workbook: 35.39% (2015) -> 46.65% (2019) against 50% by 2020
    assert "changed by **+2.81 percentage points a year**" in text
    assert "needed **+2.92 a year** (observed / required = **0.96**)" in text
    assert "**+7.1% a year** observed since 2015, **+7.2%** required; ratio **1.00**" in text
    labels = [m.label for m in at.metric]
    assert labels[:3] == ["Baseline (2015)", "Latest (2019)", "Target (2020)"]


def test_data_table_marks_superseded_editions(app):
    at = app(PAGES["target"], target="2.5.A")
    at.run()
    table = at.dataframe[-1].value
    assert {"edition", "source", "used"} <= set(table.columns)
    assert table["used"].str.startswith("not used: superseded by release 2024").any()
    assert (table["used"] == "used").any()


def test_qualitative_target_shows_its_reason_and_no_chart(app):
    at = app(PAGES["target"], target="4.1")
    at.run()
    assert not at.exception
    assert not charts(at)
    assert any(i.value.startswith("This target is not scored:") for i in at.info)


def test_target_without_data_says_so_plainly(app):
    at = app(PAGES["target"], target="2.3.A")
    at.run()
    assert not charts(at)
    said = [m.value for m in at.markdown] + [i.value for i in at.info]
    assert sum("No published observation" in text for text in said) == 1  # the reason once, not twice
    assert not any("DEVELOPING" in text for text in said)  # the group by its name
    assert any("Developing economies" in text for text in said)
    assert any("an analyst can load it on the Data and sources page" in i.value for i in at.info)


def test_published_projection_is_a_separate_marker(app):
    at = app(PAGES["target"], target="1.1")
    at.run()
    projection = trace(charts(at)[0], "ITU published projection")
    assert projection["mode"] == "markers" and projection["x"] == [2020]
