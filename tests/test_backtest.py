"""Backtests and calibrated bands: numbers checked on a small hand-computed panel, then on real data."""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators.catalogue import load_named
from indicators.cli import main
from indicators.ingest import read_path
from indicators.registry import load_registry
from indicators.scoring import Scorer
from indicators.scoring import backtest as bt
from indicators.scoring import calibration as cal
from indicators.scoring import methods as m
from indicators.table import load_default
from tests.helpers import make_table

WDI = Path(__file__).resolve().parents[1].parent / "shared" / "realdata" / "worldbank_wdi"
WDI_INTERNET = WDI / "API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"
WDI_RELEASE = "2024-11"  # the copy was downloaded in about November 2024, its preamble (with the date) stripped
REGISTRY = load_registry()
FRAMEWORK = load_named("connect2020", registry=REGISTRY)

# Data up to 2015, outcome in 2018. Naive: last value + mean yearly change since 2010 (or the first point after).
PANEL = {
    "KEN": ({2010: 10, 2011: 12, 2012: 14, 2013: 16, 2014: 18, 2015: 20}, 30.0),  # says 26: error -4
    "FRA": ({2010: 50, 2011: 52, 2012: 54, 2013: 56, 2014: 58, 2015: 60}, 64.0),  # says 66: error +2
    "BRA": ({2010: 30, 2011: 30, 2012: 30, 2013: 30, 2014: 30, 2015: 30}, 33.0),  # says 30: error -3
    "IND": ({2013: 5, 2014: 6, 2015: 7}, 10.0),  # says 10: error 0
    "CHN": ({2011: 20, 2015: 40}, 50.0),  # two points in the last five years: left out
    "USA": ({2013: 70, 2014: 75, 2015: 80}, None),  # no outcome in 2018: left out
}
QUESTION = bt.Question("internet_users", "60% online", True, 0.0, 100.0, "percent", 60.0, None)


def panel_table():
    rows = []
    for economy, (series, outcome) in PANEL.items():
        rows += [("internet_users", economy, year, float(value)) for year, value in series.items()]
        if outcome is not None:
            rows.append(("internet_users", economy, 2018, outcome))
    return make_table(rows).assign(publisher="World Bank")


def uniform_calibration(half_width: float) -> cal.Calibration:
    """Errors (in log-odds) spread evenly over [-half_width, +half_width] for naive at three years ahead."""
    return cal.Calibration(
        {("naive", 3): tuple(np.linspace(-half_width, half_width, len(cal.LEVELS)))},
        {("naive", 3): 100},
        "percent",
        "test",
    )


def test_naive_backtest_numbers_match_the_hand_computation():
    cases = bt.run(
        panel_table(), QUESTION, list(PANEL), [2015], 2018, methods=["naive"], calibration=uniform_calibration(0.15)
    )
    assert sorted(cases["economy"]) == ["BRA", "FRA", "IND", "KEN"]
    assert dict(zip(cases["economy"], cases["projected"])) == pytest.approx(
        {"KEN": 26, "FRA": 66, "BRA": 30, "IND": 10}
    )
    row = bt.summarise(cases).iloc[0]
    assert row["mae"] == pytest.approx(2.25)  # (4 + 2 + 3 + 0) / 4
    assert row["median_ae"] == pytest.approx(2.5)
    assert row["p90_ae"] == pytest.approx(3.7)  # numpy's linear quantile of 0, 2, 3, 4
    assert row["bias"] == pytest.approx(-1.25)  # projected minus observed
    # band = log-odds of the projection -0.12 .. +0.12: holds FRA (64 in 63.3-68.6) and IND (10 in 9.0-11.1),
    # misses KEN (30 outside 23.8-28.4) and BRA (33 outside 27.5-32.6)
    assert row["coverage"] == pytest.approx(0.5)
    assert row["verdict_accuracy"] == 1.0  # only FRA meets 60, and only FRA was projected to
    # FRA: certain to stay above 60 (66 less 0.15 in log-odds is 63); the others cannot reach it
    assert row["brier"] == pytest.approx(0.0)


def test_each_economy_is_backtested_on_the_designated_publishers_series_where_it_has_one():
    itu = make_table(
        [("internet_users", "KEN", year, value + 1.0) for year, value in PANEL["KEN"][0].items()]
        + [("internet_users", "KEN", 2018, 31.0)]
    ).assign(publisher="ITU")
    table = pd.concat([panel_table(), itu], ignore_index=True)
    for designated, ken in (("ITU", (27.0, 31.0)), ("World Bank", (26.0, 30.0))):
        question = dataclasses.replace(QUESTION, publisher=designated)
        cases = bt.run(table, question, list(PANEL), [2015], 2018, methods=["naive"]).set_index("economy")
        assert (cases.loc["KEN", "projected"], cases.loc["KEN", "outcome"]) == pytest.approx(ken)
        assert cases.loc["KEN", "publisher"] == designated  # never a mix of the two publishers' figures
        assert set(cases.drop(index="KEN")["publisher"]) == {"World Bank"}  # the only series of the others


def test_probability_and_band_come_from_the_error_quantiles():
    uniform = uniform_calibration(1.0)  # log-odds errors uniform on [-1, 1]
    band = uniform.calibrate("naive", 3, 50.0, 0.0, 100.0, 55.0, True)
    assert (band.low, band.high) == pytest.approx((100 / (1 + np.exp(0.8)), 100 / (1 + np.exp(-0.8))))  # 31.0, 69.0
    assert band.probability == pytest.approx(1 - (np.log(55 / 45) + 1) / 2)  # P(error >= logit(0.55) - 0) = 0.40
    lower_is_better = uniform.calibrate("naive", 3, 50.0, 0.0, 100.0, 55.0, False)
    assert lower_is_better.probability == pytest.approx((np.log(55 / 45) + 1) / 2)
    near_bound = uniform.calibrate("naive", 3, 95.0, 0.0, 100.0)
    assert 95 < near_bound.high < 100 and near_bound.high - 95 < 95 - near_bound.low and near_bound.probability is None
    missing = uniform.calibrate("naive", 7, 50.0, 0.0, 100.0, 55.0)
    assert missing.low is None and "7 years ahead" in missing.reason
    unbounded = uniform.calibrate("naive", 3, 50.0, 0.0, None, 55.0)
    assert unbounded.probability is None and "bounds" in unbounded.reason


def test_calibration_round_trips_through_csv(tmp_path):
    cases = bt.run(panel_table(), QUESTION, list(PANEL), [2015], 3, ahead=True, methods=["naive"])
    fitted = cal.fit(cases, 0.0, 100.0, "percent", "hand panel")
    assert fitted.quantiles == {}  # four errors are too few for a band
    saved = uniform_calibration(2.0)
    cal.save(saved, tmp_path / "calibration.csv")
    loaded = cal.load(tmp_path / "calibration.csv")
    assert loaded.unit == "percent" and np.allclose(loaded.quantiles[("naive", 3)], saved.quantiles[("naive", 3)])


@pytest.mark.parametrize(
    ("origins", "horizon", "methods", "message"),
    [
        ([2015, 2019], 2018, ["naive"], "origin 2019 is not before the horizon 2018"),
        ([2015], 2018, ["crystal_ball"], "unknown method 'crystal_ball'"),
        ([2011], 2018, ["naive"], "only 0 economies"),
    ],
)
def test_bad_requests_are_one_line_errors(origins, horizon, methods, message):
    with pytest.raises(bt.BacktestError, match=message) as caught:
        bt.run(panel_table(), QUESTION, list(PANEL), origins, horizon, methods=methods)
    assert "\n" not in str(caught.value)


def test_command_prints_the_hand_computed_error_and_one_line_errors(tmp_path, capsys):
    path = tmp_path / "panel.csv"
    panel_table().to_csv(path, index=False)
    code = main(["backtest", "--data", str(path), "--origins", "2015", "--horizon", "2018", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    summary = {row["method"]: row for row in json.loads(out)["summary"]}
    assert set(summary) == set(m.METHODS) and summary["naive"]["mae"] == pytest.approx(2.25)
    for args, text in (
        (["--origins", "2019", "--horizon", "2018"], "not before the horizon"),
        (["--origins", "2015", "--horizon", "2018", "--method", "oracle"], "unknown method 'oracle'"),
        (["--origins", "2015", "--horizon", "2018", "--target", "2.5.A"], "parity target"),
        (["--origins", "20x5"], "expected years like 2010-2018"),
        (["--target", "9.9"], "framework connect2020 has no target '9.9'"),
    ):
        assert main(["backtest", "--data", str(path), *args]) == 2
        out, err = capsys.readouterr()
        assert err.startswith("error: ") and text in err and err.count("\n") == 1 and out == ""


def test_command_takes_the_source_of_a_file_that_does_not_name_it(tmp_path, capsys):
    path = tmp_path / "panel.csv"
    panel_table().drop(columns="publisher").to_csv(path, index=False)
    args = ["backtest", "--data", str(path), "--origins", "2015", "--horizon", "2018", "--format", "json"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "does not say the publisher" in err and "--publisher" in err and err.count("\n") == 1
    assert main([*args, "--publisher", "World Bank"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert "4 economies (World Bank series)" in payload["question"]
    assert {row["method"]: row["mae"] for row in payload["summary"]}["naive"] == pytest.approx(2.25)


def test_markdown_table_lists_every_method_by_origin(tmp_path, capsys):
    path = tmp_path / "panel.csv"
    panel_table().to_csv(path, index=False)
    assert (
        main(["backtest", "--data", str(path), "--origins", "2015", "--horizon", "2018", "--format", "markdown"]) == 0
    )
    out = capsys.readouterr().out
    assert "| data up to | saturation | cagr | escap | naive | gompertz |" in out
    assert "| 2015 |" in out and "| naive | 4 | 4 | 2.25 |" in out


# --- the methods ----------------------------------------------------------------------------------

SHARE = m.Spec(
    target_value=60, target_year=2020, higher_is_better=True, lower_bound=0, upper_bound=100, baseline_year=2015
)


def test_growth_rate_projects_when_the_last_point_is_the_baseline():
    p = m.project("cagr", [2010, 2014, 2015], [20.0, 30.0, 33.0], SHARE)
    assert p.applicable and p.detail["base_year"] == 2014
    assert p.value == pytest.approx(33.0 * 1.1**5)


def test_naive_and_gompertz_by_hand():
    years, values = [2010, 2012, 2015], [20.0, 30.0, 40.0]
    assert m.naive(years, values, SHARE).value == pytest.approx(40 + 4 * 5)  # (40 - 20) / 5 per year
    z = [-np.log(-np.log(v / 100)) for v in (20.0, 40.0)]
    expected = 100 * np.exp(-np.exp(-(z[1] + (z[1] - z[0]) / 5 * 5)))
    gompertz = m.gompertz(years, values, SHARE)
    assert gompertz.value == pytest.approx(expected) and gompertz.value < 100
    assert all(v <= 100 for _, v in m.gompertz([2014, 2015], [90.0, 99.0], SHARE).curve)


def test_sparse_series_use_the_point_before_the_five_year_window():
    p = m.naive([2000, 2005, 2015], [6.5, 16.8, 43.4], SHARE)
    assert p.detail["from_year"] == 2005 and p.value == pytest.approx(43.4 + (43.4 - 16.8) / 10 * 5)


def test_escap_fits_from_2000_on():
    with_old = m.project("escap", [1995, 2000, 2005, 2010], [50.0, 1.0, 2.0, 3.0], SHARE)
    assert with_old.value == pytest.approx(5.0)  # the 1995 point is left out: slope 0.2 a year


# --- the scorecard --------------------------------------------------------------------------------


def test_scorecard_gives_a_chance_or_says_why_not():
    scorer = Scorer(FRAMEWORK, load_default(), REGISTRY)
    early = scorer.score("1.2", as_of=2016)
    assert 0 < early.probability_met < 1 and early.projected_low < early.projected_value < early.projected_high
    reached = scorer.score("1.1")  # observed: 57.0% in 2019 against 55%
    assert reached.probability_met is None and reached.probability_reason
    price = scorer.score("2.2.B", as_of=2016)
    if price.projected_value is not None and price.unit != "percent":
        assert price.probability_met is None and "percent" in price.probability_reason


# --- real data ------------------------------------------------------------------------------------


@pytest.mark.skipif(not WDI_INTERNET.is_file(), reason="../shared/realdata is not available")
def test_on_the_world_bank_panel_gompertz_beats_the_naive_benchmark_in_seconds():
    upload = read_path(WDI_INTERNET, edition=WDI_RELEASE)  # the file names its publisher, not its release
    assert upload.report.valid and set(upload.table["publisher"]) == {"World Bank"}
    table = upload.table
    question = bt.question_for_target(FRAMEWORK.target("1.2"), REGISTRY)
    assert question.publisher == "ITU"  # the designated publisher has no series here: the World Bank's is used
    index = bt.SeriesIndex(table)
    economies = bt.economies_in_scope(index, "internet_users", REGISTRY, "countries")
    started = time.perf_counter()
    cases = bt.run(table, question, economies, list(range(2010, 2019)), 2020, index=index)
    assert time.perf_counter() - started < 30  # about 0.5 s on a quiet machine
    assert 185 <= cases["economy"].nunique() <= 195 and set(cases["publisher"]) == {"World Bank"}
    mae = bt.summarise(cases, ("origin", "method")).pivot(index="origin", columns="method", values="mae")
    assert (mae.loc[2012:2018, "gompertz"] <= mae.loc[2012:2018, "naive"]).all()
    assert mae.loc[2012, "naive"] == pytest.approx(14.5, abs=0.05)  # the figure measured in the issue tracker


def test_report_gives_the_chance_beside_a_projected_verdict():
    from indicators.views.offline_report import build_report

    scorer = Scorer(FRAMEWORK, load_default(), REGISTRY)
    scores = scorer.scorecard(as_of=2017)
    households = next(s for s in scores if s.target == "1.1")  # a projection from ITU's 2016 release
    chance = cal.chance_text(households.status, households.probability_met)
    assert chance.endswith("% chance")
    report = build_report(FRAMEWORK, scores, scorer, economy_names={"WLD": "World"}, data_label="test", as_of=2017)
    assert "Households online, worldwide" in report and f", {chance}</h3>" in report
