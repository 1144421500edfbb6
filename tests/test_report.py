"""The standalone report: every target, plotly.js exactly once, nothing fetched from the network."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import pytest

from indicators.catalogue import load_named
from indicators.registry import load_registry
from indicators.scoring import Scorer
from indicators.table import load_default
from indicators.views.offline_report import build_report
from tests.helpers import make_score, make_table

PLOTLY_BANNER = re.compile(r"\* plotly\.js v\d+\.\d+\.\d+")


@pytest.fixture(scope="module")
def report() -> str:
    registry = load_registry()
    framework = load_named("connect2020", registry=registry)
    scorer = Scorer(framework, load_default(), registry)
    scores = scorer.scorecard(as_of=2019, method="cagr")
    return build_report(framework, scores, scorer, economy_names={"WLD": "World"}, data_label="test data", as_of=2019)


def test_report_names_every_target(report):
    for target in load_named("connect2020").targets:
        assert f'id="target-{target.id}"' in report
        assert f'href="#target-{target.id}"' in report


def test_plotly_js_is_inlined_exactly_once(report):
    assert len(PLOTLY_BANNER.findall(report)) == 1
    assert report.count("Plotly.newPlot(") >= 2  # the progress chart and the target charts


def test_no_script_or_stylesheet_is_fetched_from_the_network(report):
    assert not re.search(r"<script[^>]*\ssrc=", report, re.IGNORECASE)
    assert not re.search(r"<link[^>]*\shref=[\"']?https?:", report, re.IGNORECASE)
    assert not re.search(r"@import\s+(url\()?[\"']?https?:", report, re.IGNORECASE)


def test_report_states_the_view_it_was_scored_with(report):
    assert "observations up to 2019 (latest editions)" in report
    assert "Growth-rate ratio" in report and "test data" in report


def test_every_chart_has_its_numbers_beside_it(report):
    assert report.count("<summary>Chart data (table)</summary>") == report.count('id="chart-') - 1


def test_status_is_written_not_only_coloured(report):
    assert "✔ Achieved</span>" in report and "status-achieved" in report


def test_text_is_escaped():
    framework = load_named("connect2020")
    registry = load_registry()
    scorer = Scorer(framework, load_default(), registry)
    scores = scorer.scorecard()
    html = build_report(framework, scores, {}, data_label="<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_given_figures_are_used_as_they_are():
    framework = load_named("connect2020")
    scorer = Scorer(framework, load_default(), load_registry())
    scores = scorer.scorecard()
    figure = go.Figure(go.Scatter(x=[2019], y=[1.0], name="custom-trace-name"))
    html = build_report(framework, scores, {"1.1": figure})
    assert "custom-trace-name" in html
    assert html.count('id="chart-') == 2  # the progress chart and the one given


def test_hover_text_from_the_data_stays_inert_in_the_offline_report():
    import json

    from indicators.charts import target_figure

    hostile = '<a href="https://evil.example/">click</a><span style="font-size:90px">x</span>'
    framework = load_named("connect2020")
    first = framework.targets[0]
    score = make_score([(2015, 40.0)], lambda year: hostile, target=first.id, goal=first.goal, title=first.short_title)
    html = build_report(framework, [score], {first.id: target_figure(score)})
    decoded = json.loads(json.dumps(html))  # the figure JSON may write "<" as \u003c: compare decoded text
    decoded = decoded.replace("\\u003c", "<").replace("\\u003e", ">").replace('\\"', '"')
    assert '<a href="https://evil.example/">' not in decoded and '<span style="font-size:90px">' not in decoded
    assert "&lt;a href=&quot;https://evil.example/&quot;&gt;" in decoded


def test_report_says_what_each_source_says_and_where_sources_disagree():
    registry = load_registry()
    framework = load_named("connect2020", registry=registry)
    world_bank = make_table(
        [("internet_users", "LDC", 2019, 23.0, "2024-06"), ("internet_users", "LDC", 2020, 25.3, "2024-06")]
    )
    world_bank["publisher"], world_bank["source"] = "World Bank", "World Bank WDI"
    table = pd.concat([load_default(), world_bank], ignore_index=True)
    scorer = Scorer(framework, table, registry)
    html = build_report(framework, scorer.scorecard(), scorer, data_label="with the World Bank")
    section = html.split('id="target-2.2.B"', 1)[1].split("</section>", 1)[0]
    assert "<h4>What each source says</h4>" in section and "The verdict uses ITU 2023-03." in section
    assert "<td>World Bank</td><td>2024-06</td><td>Achieved</td>" in section
    official_2019 = '<td>2019-10-28</td><td>Too close to call</td><td class="num">19.1%</td><td class="num">2019</td>'
    assert official_2019 + "<td></td>" in section
    assert "&lt;NA&gt;" not in section  # a release that never met the target has a blank "year met"
    row = html.split('<a href="#target-2.2.B">', 1)[1].split("</tr>", 1)[0]
    # the scorecard's "Other sources say" column names disagreements only: the World Bank agrees (achieved)
    assert "status-achieved" in row and "World Bank 2024-06" not in row


def test_source_addresses_become_escaped_links_and_nothing_else_does():
    from indicators.views.offline_report import _linked

    text = 'ITU <b>2019</b> (https://www.itu.int/a?b=1&c=2) "x" javascript:alert(1)'
    assert _linked(text) == (
        'ITU &lt;b&gt;2019&lt;/b&gt; (<a href="https://www.itu.int/a?b=1&amp;c=2">https://www.itu.int/a?b=1&amp;c=2</a>)'
        " &quot;x&quot; javascript:alert(1)"
    )
    assert _linked('http://e.org/"onmouseover=x') == '<a href="http://e.org/">http://e.org/</a>&quot;onmouseover=x'
