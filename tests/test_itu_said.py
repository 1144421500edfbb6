"""What ITU said: its statements, published target values and context figures, beside every verdict."""

from __future__ import annotations

import json
import re

import pytest

from indicators.catalogue import load_named
from indicators.cli import main
from indicators.itu_said import ItuSaidError, check, headline, itu_said, load, parse, statement_line
from indicators.registry import load_registry
from indicators.scoring import Scorer
from indicators.sources import load_sources
from indicators.table import load_default
from indicators.views.offline_report import build_report
from tests.page_helpers import PAGES, card_words

FRAMEWORK = load_named("connect2020")
GOOD = """
[[statements]]
target = "1.1"
kind = "verdict"
says = "achieved"
quote = "Therefore, target 1.1 was achieved."
publisher = "ITU"
publication = "ITU Council 2019 Snapshot Report, Key outcomes"
released = "2019"
found_at = "https://itu.foleon.com/itu/council-2019/key-outcomes/"
source = "itu-council-2019-snapshot-report-key-outcomes"
"""


def _parse(text: str):
    return parse(text, "itu_said.toml", load_sources())


def test_the_shipped_record_names_only_framework_targets_and_known_sources():
    record = load()
    check(record, FRAMEWORK)
    sources = load_sources()
    for statements in record.statements.values():
        for s in statements:
            assert s.quote and s.publisher and s.publication and s.found_at.startswith("http")
            assert not s.source or sources[s.source].publisher == s.publisher


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('kind = "verdict"', 'kind = "opinion"'), "statement 1 (target 1.1): kind 'opinion' is not one of"),
        (('quote = "Therefore, target 1.1 was achieved."', 'quote = ""'), "field 'quote' is required"),
        (('released = "2019"', 'released = "June 2019"'), "released 'June 2019' is not YYYY"),
        (("council-2019-snapshot", "council-2099-snapshot"), "is not in sources.csv"),
        (('publisher = "ITU"', 'publisher = "UNU/UNITAR"'), "sources.csv names 'ITU'"),
        (('says = "achieved"', 'says = "achieved"\nvalue = "high"'), "field 'value' must be a number"),
        (('says = "achieved"', 'says = "achieved"\nsaid = "yes"'), "unknown field 'said'"),
        (("[[statements]]", "[[statement]]"), "unknown table 'statement'"),
        (("[[statements]]", "[[statements"), "not valid TOML"),
    ],
)
def test_a_bad_entry_is_one_line_naming_the_file_entry_and_field(change, message):
    with pytest.raises(ItuSaidError, match=re.escape(message)) as raised:
        _parse(GOOD.replace(*change))
    assert str(raised.value).startswith("itu_said.toml") and "\n" not in str(raised.value)


def test_an_unknown_target_is_refused_against_the_framework():
    with pytest.raises(ItuSaidError, match="target '9.9' is not in the connect2020 framework"):
        check(_parse(GOOD.replace('target = "1.1"', 'target = "9.9"')), FRAMEWORK)


def test_1_1_carries_the_council_2019_verdict_with_its_quote_and_source():
    said = itu_said(FRAMEWORK.target("1.1"), load_default())
    verdict = headline(said)
    assert verdict is not None and verdict["kind"] == "verdict" and verdict["says"] == "achieved"
    assert verdict["quote"].endswith("Therefore, target 1.1 was achieved.")
    assert verdict["publisher"] == "ITU" and verdict["released"] == "2019"
    assert verdict["found_at"] == "https://itu.foleon.com/itu/council-2019/key-outcomes/"
    assert statement_line(verdict) == "ITU's verdict (ITU Council 2019 Snapshot Report, Key outcomes, 2019): achieved"


def test_as_of_leaves_out_what_was_published_later():
    as_of_2017 = itu_said(FRAMEWORK.target("1.1"), load_default(), as_of=2017)
    assert {s["released"][:4] for s in as_of_2017["statements"]} == {"2015", "2017"}
    assert headline(as_of_2017)["kind"] == "forecast"  # the 2017 review: "expected to be achieved"
    assert not itu_said(FRAMEWORK.target("1.1"), as_of=2014)["statements"]
    undated = itu_said(FRAMEWORK.target("2.5.B"))["statements"]
    assert undated and not itu_said(FRAMEWORK.target("2.5.B"), as_of=2024)["statements"]


def test_3_1_shows_itus_published_target_from_the_annual_report():
    (published, *_) = itu_said(FRAMEWORK.target("3.1"))["statements"]
    assert published["kind"] == "target_value" and published["value"] == 0.39 and published["year"] == 2020
    assert published["publication"] == "ITU Annual Report 2015, Goal 3 page" and published["released"] == "2016"
    assert published["source"] == "itu-annual-report-2015-goal-3-page"


def test_unscored_targets_get_context_figures_and_what_would_allow_a_verdict():
    said = itu_said(FRAMEWORK.target("2.3.B"), load_default())
    counts = {(c["indicator"], c["economy"]): c for c in said["context"]}
    developing = counts[("economies_fixed_broadband_under_5pct", "DEVELOPING")]
    assert developing["value"] == 83 and developing["year"] == 2015
    assert developing["publisher"] == "Broadband Commission" and "State of Broadband 2016" in developing["source"]
    assert counts[("economies_fixed_broadband_under_5pct", "LDC")]["value"] == 5
    assert "fixed-broadband basket" in said["needed"]
    forecast = itu_said(FRAMEWORK.target("1.3"), load_default())
    assert "difficult to achieve" in forecast["statements"][0]["quote"]
    assert {c["value"] for c in forecast["context"] if c["indicator"] == "mobile_affordability_improvement"} == {
        32.5,
        33.0,
    }


def test_scorecard_json_gives_itu_said_per_target(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("INDICATORS_STORE", str(tmp_path / "store"))
    assert main(["scorecard", "--format", "json"]) == 0
    rows = {r["target"]: r for r in json.loads(capsys.readouterr().out)}
    assert all(set(r["itu_said"]) == {"statements", "context", "needed"} for r in rows.values())
    council = rows["1.1"]["itu_said"]["statements"][0]
    assert council["quote"].endswith("target 1.1 was achieved.") and council["source"]
    assert rows["3.1"]["itu_said"]["statements"][0]["value"] == 0.39
    assert rows["3.3"]["itu_said"]["needed"]


def test_the_report_shows_what_itu_said(tmp_path):
    registry = load_registry()
    scorer = Scorer(FRAMEWORK, load_default(), registry)
    html = build_report(FRAMEWORK, scorer.scorecard(), scorer, data_label="test")
    section = html[html.index('id="target-1.3"') :]
    section = section[: section.index("</section>")]
    assert "What ITU said" in section and "difficult to achieve" in section and "2017-08-10" in section
    assert "ITU&#x27;s published target: target value 0.39 by 2020" in html


def test_target_page_shows_the_2017_forecast_for_1_3_and_what_would_allow_a_verdict(app):
    at = app(PAGES["target"], target="1.3")
    at.run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "ITU's forecast: difficult to achieve" in text
    assert "target difficult to achieve”" in text
    assert any(i.value.startswith("A verdict needs: A worldwide average") for i in at.info)


def test_target_page_shows_itus_published_target_for_3_1(app):
    at = app(PAGES["target"], target="3.1")
    at.run()
    text = " ".join(m.value for m in at.markdown)
    assert "**ITU's published target: 0.39 by 2020**" in text
    assert "the target computed here from the data is 0.392" in text


def test_overview_card_of_1_1_quotes_itus_verdict(app):
    at = app(PAGES["overview"])
    at.run()
    assert "ITU's verdict (ITU Council 2019 Snapshot Report, Key outcomes, 2019): achieved" in card_words(at, "1.1")
    pointer = "What is known, from whom, and which publication would allow"
    pointers = [t.id for t in load_named("connect2020").targets if pointer in card_words(at, t.id)]
    assert pointers == ["2.3.A", "2.3.B", "2.4", "3.3"]  # no statement of ITU's on file, a publication named
    assert "ITU's figure (ITU backgrounder" in card_words(at, "2.5.B") and "84 countries" in card_words(at, "2.5.B")


def test_target_page_names_itus_verdict_beside_ours_and_the_calibration_only_with_a_chance(app):
    at = app(PAGES["target"], target="1.1")
    at.run()
    captions = [c.value for c in at.caption]
    verdict = "ITU's verdict \\(ITU Council 2019 Snapshot Report, Key outcomes, 2019\\)\\: achieved (see What ITU said)"
    assert any(verdict in c for c in captions)
    assert not any("rest on errors measured on" in c for c in captions)  # achieved: no chance is shown
    at = app(PAGES["target"], target="2.2.A")
    at.run()
    assert any("rest on errors measured on internet\\_users, 10 economies" in c.value for c in at.caption)
