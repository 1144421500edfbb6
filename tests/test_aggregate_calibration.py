"""Bands and chances of group aggregates: measured on group aggregates and their revisions, out of sample."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from indicators.catalogue import load_named
from indicators.cli import main
from indicators.registry import load_registry
from indicators.scoring import Scorer
from indicators.scoring import backtest as bt
from indicators.scoring import calibration as cal
from indicators.scoring import methods as m
from indicators.scoring.index import SeriesIndex
from indicators.scoring.revisions import revision_errors
from indicators.table import load_default
from indicators.views.backtest import held_out_record, held_out_table
from indicators.views.offline_report import build_report
from tests.helpers import make_table
from tests.page_helpers import PAGES

QUESTION = bt.Question("internet_users", "test", True, 0.0, 100.0, "percent", 60.0, publisher="ITU")
SPEC = m.Spec(target_value=50.0, target_year=2020, higher_is_better=True, lower_bound=0.0, upper_bound=100.0)


def _cases(outcomes: dict[int, float], projected: float = 50.0, count: int = 40) -> pd.DataFrame:
    """``count`` naive cases one year ahead for each horizon year, all projecting ``projected``."""
    rows = [
        {
            "method": "naive",
            "years_ahead": 1,
            "projected": projected,
            "outcome": outcome,
            "horizon_year": year,
            "own_low": None,
            "own_high": None,
            "target_value": 60.0,
        }
        for year, outcome in outcomes.items()
        for _ in range(count)
    ]
    return pd.DataFrame(rows)


def test_a_group_takes_the_group_calibration_and_says_what_it_rests_on(tmp_path, monkeypatch):
    projection = m.Projection("naive", True, value=48.0)
    countries = cal.Calibration({("naive", 1): tuple(np.linspace(-2, 2, 51))}, {("naive", 1): 900}, "percent", "C")
    groups = cal.Calibration({("naive", 1): tuple(np.linspace(-0.2, 0.2, 51))}, {("naive", 1): 120}, "percent", "G")
    cal.save(countries, tmp_path / "countries.csv")
    cal.save(groups, tmp_path / "groups.csv")
    monkeypatch.setattr(cal, "CALIBRATION_FILE", tmp_path / "countries.csv")
    monkeypatch.setattr(cal, "GROUP_CALIBRATION_FILE", tmp_path / "groups.csv")
    country = cal.calibrated_band(projection, SPEC, 2019, "percent")
    group = cal.calibrated_band(projection, SPEC, 2019, "percent", group=True)
    assert group.high - group.low < country.high - country.low
    assert group.calibration == "G; 120 measured errors of naive at 1 years ahead"
    assert country.calibration.startswith("C; 900 measured errors")
    monkeypatch.setattr(cal, "GROUP_CALIBRATION_FILE", tmp_path / "absent.csv")
    none = cal.calibrated_band(projection, SPEC, 2019, "percent", group=True)
    assert none.low is None and none.probability is None and none.calibration == ""
    assert none.reason == "no measured errors of group aggregates: absent.csv is missing"


def test_revisions_widen_the_band_each_error_with_each_revision():
    cases = _cases({2015: 50.0}, count=40)  # projection errors all zero
    plain = cal.fit(cases, 0.0, 100.0, "percent", "plain")
    revised = cal.fit(cases, 0.0, 100.0, "percent", "revised", revisions=[-0.4, 0.0, 0.4])
    assert np.allclose(plain.quantiles[("naive", 1)], 0.0)
    assert revised.quantiles[("naive", 1)][0] == pytest.approx(-0.4)
    assert revised.quantiles[("naive", 1)][-1] == pytest.approx(0.4)
    assert revised.cases[("naive", 1)] == 40  # the count is of projections, not of their sums with revisions


def test_revision_errors_compare_each_earlier_release_with_the_latest():
    table = make_table(
        [
            ("internet_households", "LDC", 2017, 14.7, "2017"),
            ("internet_households", "LDC", 2017, 10.33, "2019-10-28"),
            ("internet_households", "LDC", 2016, 12.9, "2017"),
            ("internet_households", "LDC", 2015, 8.2, "2019-10-28"),
        ]
    ).assign(publisher="ITU")
    index = SeriesIndex(table)
    (error,) = revision_errors(index, ["internet_households"], ["LDC"], "ITU", 0.0, 100.0)
    assert error == pytest.approx(cal.to_logit(10.33, 0, 100) - cal.to_logit(14.7, 0, 100))
    assert revision_errors(index, ["internet_households"], ["LDC"], "ITU", 0.0, 100.0, published_by=2018) == []
    assert revision_errors(index, ["internet_households"], ["LDC"], "UNU/UNITAR", 0.0, 100.0) == []


def test_held_out_calibration_never_sees_the_outcomes_it_is_tested_on():
    cases = _cases({2015: 50.0, 2016: 51.0, 2019: 90.0})  # the 2019 outcomes are far off
    calibration, tested = bt.held_out(cases, QUESTION, 2016, "up to 2016")
    assert set(tested["horizon_year"]) == {2019}
    assert max(calibration.quantiles[("naive", 1)]) < cal.to_logit(52.0, 0, 100)  # fitted on 2015-2016 only
    assert (tested["high"] < 90.0).all()  # so the band misses the far-off outcomes: coverage 0
    summary = bt.summarise(tested, ("method",))
    assert summary.loc[0, "coverage"] == 0.0 and summary.loc[0, "brier"] == pytest.approx(1.0, abs=0.01)
    with pytest.raises(bt.BacktestError, match="no outcome after 2019"):
        bt.held_out(cases, QUESTION, 2019, "all")


def test_held_out_record_keeps_one_entry_per_scope_and_question(tmp_path):
    path = tmp_path / "held_out.json"
    row = {"method": "naive", "cases": 3, "projected": 3, "banded": 2, "coverage": 0.5, "brier": 0.1}
    for coverage in (0.5, 0.75):
        entry = {
            "scope": "groups",
            "question": "q",
            "calibrated_on": "c",
            "tested_on": "t",
            "summary": [{**row, "coverage": coverage}],
        }
        held_out_record(path, entry)
    held_out_record(path, {**entry, "scope": "countries"})
    table = held_out_table(path)
    assert list(table["scope"]) == ["countries", "groups"] and list(table["80% band holds"]) == [0.75, 0.75]
    assert held_out_table(tmp_path / "absent.json") is None


def test_scorecard_json_names_the_group_calibration_behind_each_chance(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("INDICATORS_STORE", str(tmp_path / "store"))
    assert main(["scorecard", "--format", "json"]) == 0
    rows = {r["target"]: r for r in json.loads(capsys.readouterr().out)}
    chance = rows["2.2.A"]
    assert chance["probability_met"] is not None
    assert chance["calibration"].startswith("internet_users, 10 economies, origins 2007-2018, outcomes up to 2019")
    assert "revisions between releases published by 2019" in chance["calibration"]
    assert rows["4.1"]["calibration"] == ""


def test_a_country_keeps_the_country_calibration_and_a_group_the_group_one():
    rows = [(economy, year, 30.0 + 4 * (year - 2012)) for economy in ("KEN", "LDC") for year in range(2012, 2018)]
    table = make_table([("internet_users", economy, year, value) for economy, year, value in rows])
    scorer = Scorer(load_named("connect2020"), table, load_registry())
    country = scorer.score("1.2", economy="KEN")
    group = scorer.score("1.2", economy="LDC")
    assert country.probability_met is not None and group.probability_met is not None
    assert country.calibration.startswith("internet_users, 213 economies, origins 2000-2019, outcomes up to 2019;")
    assert group.calibration.startswith("internet_users, 10 economies, origins 2007-2018, outcomes up to 2019,")


def test_group_calibration_file_is_measured_before_the_target_year():
    groups = cal.load(cal.GROUP_CALIBRATION_FILE)
    assert groups is not None and groups.unit == "percent"
    assert "outcomes up to 2019" in groups.source  # never the 2020 outcomes the verdicts are shown against


def test_cli_held_out_reports_coverage_and_brier_for_groups(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("INDICATORS_STORE", str(tmp_path / "store"))
    record = tmp_path / "held_out.json"
    args = ["backtest", "--target", "1.2", "--economies", "groups", "--origins", "2007-2018", "--held-out", "2016"]
    assert main([*args, "--revisions", "--held-out-record", str(record)]) == 0
    entry = json.loads(capsys.readouterr().out)
    assert entry["scope"] == "groups" and entry["calibrated_on"].endswith(
        "outcomes up to 2016, with 0 revisions between releases published by 2016"
    )
    assert entry["tested_on"].startswith("outcomes 2017-")
    by_method = {r["method"]: r for r in entry["summary"]}
    assert 0.5 < by_method["gompertz"]["coverage"] <= 1 and by_method["gompertz"]["brier"] < 0.25
    assert json.loads(record.read_text())[0]["scope"] == "groups"


def test_backtest_page_states_out_of_sample_coverage_for_groups_and_countries(app):
    at = app(PAGES["backtest"])
    at.run(timeout=120)
    assert not at.exception
    tables = [d.value for d in at.dataframe if "80% band holds" in d.value.columns and "scope" in d.value.columns]
    assert tables and {"groups", "countries"} <= set(tables[0]["scope"])
    assert any("group aggregates in the scorecard rest on" in c.value for c in at.caption)


def test_the_report_names_the_calibration_behind_each_chance():
    registry = load_registry()
    framework = load_named("connect2020", registry=registry)
    scorer = Scorer(framework, load_default(), registry)
    html = build_report(framework, scorer.scorecard(), scorer, data_label="test")
    section = html[html.index('id="target-2.2.A"') :]
    section = section[: section.index("</section>")]
    assert "rest on errors measured on internet_users, 10 economies, origins 2007-2018, outcomes up to 2019" in section


def test_a_backtest_bands_groups_with_the_group_calibration_and_countries_with_the_countries_one():
    economies = ("WLD", "LDC", "ITU_AFR", "KEN", "GHA", "SEN")
    table = make_table([("internet_users", e, y, 20.0 + 3 * (y - 2012)) for e in economies for y in range(2012, 2019)])
    wide = cal.Calibration({("naive", 3): tuple(np.linspace(-2, 2, 51))}, {("naive", 3): 99}, "percent", "countries")
    narrow = cal.Calibration({("naive", 3): tuple(np.linspace(-0.1, 0.1, 51))}, {("naive", 3): 99}, "percent", "groups")
    cases = bt.run(
        table, QUESTION, economies, [2015], 2018, methods=["naive"], calibration=wide, group_calibration=narrow
    ).set_index("economy")
    width = cases["high"] - cases["low"]
    assert (width[["WLD", "LDC", "ITU_AFR"]] < 5).all() and (width[["KEN", "GHA", "SEN"]] > 40).all()


def test_cli_held_out_can_measure_the_errors_on_another_series_in_the_same_unit(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("INDICATORS_STORE", str(tmp_path / "store"))
    args = ["backtest", "--target", "1.1", "--economies", "groups", "--origins", "2007-2018", "--held-out", "2016"]
    assert main([*args, "--errors-from", "internet_users"]) == 0
    entry = json.loads(capsys.readouterr().out)
    assert entry["question"].endswith("(internet_households)") and entry["calibrated_on"].startswith("internet_users")
    assert main([*args, "--errors-from", "gci_score"]) == 2
    assert "--errors-from gci_score: its unit or bounds differ from internet_households's" in capsys.readouterr().err
