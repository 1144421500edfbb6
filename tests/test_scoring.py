"""Hand-computed checks of the verdict rules and the three projection methods."""

from __future__ import annotations

import dataclasses
import math
import typing

import pytest

from indicators.catalogue import load_named
from indicators.registry import load_registry
from indicators.scoring import Scorer, records, summary_counts
from indicators.scoring import methods as m
from indicators.scoring.verdict import Evidence, TargetScore
from indicators.table import load_default
from tests.helpers import make_table

REGISTRY = load_registry()
FRAMEWORK = load_named("connect2020", registry=REGISTRY)


def score(rows, target="1.2", **kwargs):
    return Scorer(FRAMEWORK, make_table(rows), REGISTRY).score(target, **kwargs)


def users(*pairs, economy="WLD", edition="2020"):
    return [("internet_users", economy, y, v, edition) for y, v in pairs]


# --- status rules (target 1.2: 60% of individuals online worldwide by 2020) -----------------------


def test_met_before_target_year_is_achieved_with_first_year_met():
    s = score(users((2015, 43.4), (2017, 61.0), (2019, 65.0)))
    assert (s.status, s.reason, s.year_met) == ("achieved", "met_by_target_year", 2017)


def test_first_met_after_target_year_is_achieved_late():
    s = score(users((2015, 43.4), (2020, 58.0), (2021, 63.0)))
    assert (s.status, s.year_met) == ("achieved_late", 2021)


def test_an_unobserved_target_year_is_never_called_missed():
    # Two points either side of 2020 cannot say how far a straight line between them strays
    s = score(users((2019, 53.6), (2021, 63.0)))
    assert s.value_at_target_year == pytest.approx(58.3)
    assert s.evidence.interpolated is True
    assert (s.status, s.reason, s.year_met) == ("too_close_to_call", "interpolated_too_close", None)
    assert "2020 not observed, about 58.3% by interpolation between 2019 (53.6%) and 2021 (63.0%)" in s.explanation
    assert "Missed" not in s.explanation


def test_an_unobserved_target_year_clearly_met_by_interpolation_is_achieved_in_that_year():
    s = score(users((2016, 50.0), (2017, 52.0), (2018, 54.0), (2019, 56.5), (2022, 75.0)))
    assert (s.status, s.reason, s.year_met) == ("achieved", "met_by_interpolation", 2020)
    at = s.at_target_year
    assert at.value == pytest.approx(56.5 + 18.5 / 3) and at.low > 60.0 and (at.before, at.after) == (2019, 2022)
    assert s.probability_met == at.chance > 0.9
    assert s.to_dict()["at_target_year"]["basis"] == "interpolation"


def test_interpolation_uncertainty_grows_with_the_distance_to_both_neighbours():
    from indicators.scoring.rules import interpolation_spread

    # 2017 lies 1 point off the line through 2016 and 2018, 2018 is on the line through 2017 and 2020
    assert interpolation_spread((2016, 2017, 2018, 2020), (10.0, 12.0, 12.0, 12.0)) == pytest.approx(
        math.sqrt((1.0**2 + 0.0**2) / 2)
    )
    assert interpolation_spread((2016, 2018), (1.0, 2.0)) is None


def test_neighbours_both_short_of_the_target_give_probably_not_achieved_never_not_achieved():
    s = score(users((2015, 40.0), (2019, 50.0), (2021, 55.0)))
    assert (s.status, s.reason) == ("probably_not_achieved", "below_on_both_sides")
    assert "2020 not observed" in s.explanation


def test_a_past_deadline_with_data_ending_before_it_is_never_on_track():
    rising = users((2015, 40.0), (2016, 45.0), (2017, 50.0), (2018, 55.0), edition="2019")
    assert score(rising, as_of=2019).status == "on_track"
    late = score(rising, as_of=2022)
    assert (late.status, late.reason) == ("probably_achieved", "projected_probably_met")
    assert late.probability_met is not None and f"({late.probability_met:.0%} chance)" in late.explanation
    flat = score(users((2015, 40.0), (2016, 41.0), (2017, 42.0), (2018, 43.0), edition="2019"), as_of=2022)
    assert flat.status == "probably_not_achieved"


def test_the_latest_view_speaks_from_the_newest_release():
    s = score(users((2015, 40.0), (2016, 45.0), (2017, 50.0), (2018, 55.0), edition="2023-05"))
    assert (s.view_year, s.status) == (2023, "probably_achieved")


def test_a_chance_near_even_is_too_close_to_call():
    s = score(users((2015, 46.0), (2016, 49.0), (2017, 52.0), (2018, 55.0), (2019, 58.0)))
    assert (s.status, s.reason) == ("too_close_to_call", "projected_too_close")
    assert 0.35 <= s.probability_met <= 0.65


def test_methods_landing_on_both_sides_of_the_target_are_too_close_to_call():
    s = score(users((2015, 40.0), (2016, 44.0), (2017, 48.0), (2018, 52.0), (2019, 56.0)), compare=True)
    assert (s.status, s.reason) == ("too_close_to_call", "methods_disagree")
    sides = {v.projected_value >= 60.0 for v in s.methods if v.projected_value is not None}
    assert sides == {True, False}


def test_data_past_target_year_never_meeting_is_not_achieved():
    s = score(users((2015, 40.0), (2020, 55.0), (2022, 59.9)))
    assert (s.status, s.reason, s.year_met) == ("not_achieved", "not_met", None)


def test_series_that_crosses_the_target_and_falls_back():
    s = score(users((2015, 50.0), (2017, 61.0), (2020, 58.0)))
    assert (s.status, s.reason) == ("not_achieved", "fell_back")
    assert "2017" in s.explanation


def test_achieved_year_is_the_start_of_the_streak_that_holds_at_the_deadline():
    s = score(users((2015, 61.0), (2016, 58.0), (2018, 62.0), (2019, 63.0)))
    assert (s.status, s.year_met) == ("achieved", 2018)


def test_one_point_before_the_deadline_is_insufficient():
    s = score(users((2016, 47.0)))
    assert (s.status, s.reason) == ("insufficient_data", "too_few_points")
    assert s.evidence.points == 1 and s.evidence.largest_gap == 0


def test_two_points_get_no_projection_no_status_and_no_year_met():
    s = score(users((2000, 6.5), (2015, 43.4)), compare=True)
    assert (s.status, s.reason) == ("insufficient_data", "too_few_points")
    assert "not enough points to project" in s.explanation.lower()
    assert s.projected_year_met is None and s.year_met is None and s.probability_met is None


def test_no_data_is_insufficient_and_says_so():
    s = score([("internet_users", "LDC", 2016, 15.0)], target="1.2")
    assert (s.status, s.reason) == ("insufficient_data", "no_data")
    assert "No published observation" in s.explanation


def test_flat_series_is_off_track_not_regressing():
    s = score(users((2015, 40.0), (2016, 40.0), (2017, 40.0)))
    assert s.status == "off_track"
    for method in m.METHODS:
        assert score(users((2015, 40.0), (2016, 40.0), (2017, 40.0)), method=method).status == "off_track"


def test_regressing_series():
    for method in m.METHODS:
        s = score(users((2015, 50.0), (2016, 45.0), (2017, 40.0)), method=method)
        assert (s.status, s.reason) == ("regressing", "moving_away"), method


def test_values_at_100_do_not_break_the_saturation_fit():
    s = score(users((2015, 95.0), (2016, 100.0), (2017, 100.0)))
    assert s.status == "achieved"
    rows = [("internet_households", "WLD", y, v) for y, v in ((2015, 40.0), (2016, 100.0))]
    p = Scorer(FRAMEWORK, make_table(rows), REGISTRY).score("1.1", method="saturation", compare=True)
    assert p.status == "achieved"
    for view in p.methods:
        assert view.projected_value is None or view.projected_value <= 100.0


def test_saturation_projection_never_passes_100():
    s = score(users((2015, 80.0), (2016, 90.0), (2017, 95.0)), target="1.2", method="saturation", compare=True)
    assert next(v for v in s.methods if v.method == "saturation").projected_value <= 100.0
    assert s.curve and all(v <= 100.0 for _, v in s.curve)


def test_two_editions_of_one_figure_score_the_latest_and_keep_both_cited():
    rows = [
        ("internet_households", "WLD", 2015, 46.0, "2015"),
        ("internet_households", "WLD", 2015, 49.0, "2019"),
        ("internet_households", "WLD", 2017, 53.6, "2019"),
    ]
    s = Scorer(FRAMEWORK, make_table(rows), REGISTRY).score("1.1", compare=True)
    assert s.baseline_value == 49.0
    assert s.progress == pytest.approx((53.6 - 49.0) / (55.0 - 49.0))
    assert s.points[0].sources == ("Test source 2019 (edition 2019)",)
    assert s.sources == ["Test source 2019 (edition 2019)"]  # the superseded 2015 edition is not scored


def test_a_published_projection_is_never_scored_as_data():
    rows = users((2015, 43.4), (2016, 47.0)) + [("internet_users", "WLD", 2020, 80.0, "2015", "projection")]
    s = score(rows)
    assert s.status != "achieved"
    assert s.year == 2016 and s.evidence.points == 2


def test_as_of_uses_only_releases_published_by_then_and_their_observations_up_to_then():
    rows = users((2015, 43.4), (2019, 53.6), (2020, 58.0), (2021, 63.0), edition="2022")
    rows += users((2015, 43.0), (2017, 48.0), (2019, 53.0), edition="2019-11")
    assert score(rows).status == "achieved_late"
    early = score(rows, as_of=2019)  # the 2022 release was not out yet: the 2019 release decides
    assert early.year == 2019 and early.value == 53.0 and early.status in ("on_track", "off_track")
    assert early.series.release == "2019-11"
    assert score(rows, as_of=2018).reason == "no_data"  # no release published by the end of 2018


# --- target types ---------------------------------------------------------------------------------


def test_relative_change_target_value_comes_from_the_baseline():
    rows = [("gci_score", "WLD", 2014, 0.28), ("gci_score", "WLD", 2017, 0.40)]
    s = Scorer(FRAMEWORK, make_table(rows, unit="index (0-1)"), REGISTRY).score("3.1")
    assert s.target_value == pytest.approx(0.392)
    assert (s.status, s.year_met) == ("achieved", 2017)


def test_relative_change_without_a_baseline_is_insufficient():
    rows = [("ict_price_basket", "WLD", 2008, 15.2), ("ict_price_basket", "WLD", 2010, 12.4)]
    s = Scorer(FRAMEWORK, make_table(rows, unit="% GNI p.c."), REGISTRY).score("1.3")
    assert (s.status, s.reason) == ("insufficient_data", "no_baseline")


def test_gap_reduction_scores_the_difference_between_groups():
    rows = [
        ("ict_price_basket", "DEVELOPING", 2014, 20.0),
        ("ict_price_basket", "DEVELOPED", 2014, 5.0),
        ("ict_price_basket", "DEVELOPING", 2017, 13.0),
        ("ict_price_basket", "DEVELOPED", 2017, 4.0),
        ("ict_price_basket", "DEVELOPING", 2018, 12.0),  # no developed value that year: no gap point
    ]
    s = Scorer(FRAMEWORK, make_table(rows, unit="% GNI p.c."), REGISTRY).score("2.3.A")
    assert s.baseline_value == 15.0 and s.target_value == pytest.approx(9.0)
    assert s.value == 9.0 and s.status == "achieved" and s.evidence.points == 2
    assert "gap" in s.evidence.derived


def test_ceiling_target_is_met_at_or_below_the_value():
    rows = [
        ("fixed_broadband_basket", "DEVELOPING", 2015, 9.0),
        ("fixed_broadband_basket", "DEVELOPING", 2018, 5.0),
    ]
    s = Scorer(FRAMEWORK, make_table(rows, unit="% GNI p.c."), REGISTRY).score("2.3.B")
    assert (s.status, s.year_met) == ("achieved", 2018)


def test_parity_is_computed_from_women_and_men_when_no_score_is_published():
    rows = [
        ("internet_users_women", "WLD", 2015, 41.0, "2016"),
        ("internet_users_men", "WLD", 2015, 46.0, "2015"),
        ("internet_users_women", "WLD", 2019, 48.0),
        ("internet_users_men", "WLD", 2019, 58.0),
        ("internet_users_women", "WLD", 2020, 52.0),
        ("internet_users_men", "WLD", 2020, 58.0),
        ("internet_users_women", "WLD", 2021, 57.0),
        ("internet_users_men", "WLD", 2021, 58.0),
    ]
    s = Scorer(FRAMEWORK, make_table(rows), REGISTRY).score("2.5.A", compare=True)
    assert s.points[0].value == pytest.approx(41 / 46)
    assert s.evidence.derived.startswith("computed")
    assert (s.status, s.year_met) == ("achieved_late", 2021)  # 57/58 = 0.983, inside 0.98-1.02
    assert s.points[0].sources == ("Test source 2016 (edition 2016)", "Test source 2015 (edition 2015)")


def test_parity_above_the_band_is_as_far_from_parity_as_below():
    rows = [("internet_gender_parity", "WLD", 2015, 1.2), ("internet_gender_parity", "WLD", 2020, 1.1)]
    s = Scorer(FRAMEWORK, make_table(rows, unit="ratio"), REGISTRY).score("2.5.A")
    assert s.status == "not_achieved"
    assert s.progress == pytest.approx((1 / 1.1 - 1 / 1.2) / (0.98 - 1 / 1.2))


def test_qualitative_targets_are_not_assessable_with_a_reason():
    s = score([], target="4.1")
    assert s.status == "not_assessable" and s.explanation


def test_national_view_applies_a_level_target_to_a_country():
    rows = users((2015, 16.6), (2019, 22.6), economy="KEN") + users((2015, 43.4), (2021, 63.0))
    scorer = Scorer(FRAMEWORK, make_table(rows), REGISTRY)
    kenya = scorer.score("1.2", economy="KEN")
    assert kenya.economy == "KEN" and kenya.official is False and kenya.target_value == 60.0
    assert scorer.score("1.2").official is True
    assert scorer.score("2.3.A", economy="KEN").reason == "not_applicable_to_economy"


# --- projection methods, hand-computed ------------------------------------------------------------


def test_cagr_growth_rate_ratio():
    spec = m.Spec(
        target_value=60,
        target_year=2020,
        higher_is_better=True,
        upper_bound=100,
        lower_bound=0,
        baseline_year=2015,
        baseline_value=40,
    )
    p = m.cagr([2015, 2017], [40.0, 48.4], spec)
    assert p.detail["cagr_observed"] == pytest.approx(0.10)
    assert p.detail["cagr_required"] == pytest.approx(1.5**0.2 - 1)
    assert p.detail["ratio"] == pytest.approx(0.10 / (1.5**0.2 - 1))
    assert p.value == pytest.approx(48.4 * 1.1**3)
    assert p.year_met == 2020 and p.on_track and p.trend == 1


def test_saturation_projects_the_shortfall_geometrically():
    spec = m.Spec(target_value=90, target_year=2020, higher_is_better=True, upper_bound=100, lower_bound=0)
    p = m.saturation([2015, 2016], [20.0, 60.0], spec)  # shortfall 80 -> 40: halves every year
    assert p.value == pytest.approx(100 - 40 * 0.5**4)
    assert p.year_met == 2018 and p.on_track
    assert p.low is None and "no band" in p.reason


def test_saturation_band_brackets_the_projection_with_three_points():
    spec = m.Spec(target_value=90, target_year=2020, higher_is_better=True, upper_bound=100, lower_bound=0)
    p = m.saturation([2015, 2016, 2017], [20.0, 58.0, 81.0], spec)
    assert p.low < p.value < p.high <= 100


def test_escap_time_weighted_regression():
    spec = m.Spec(
        target_value=80, target_year=2020, higher_is_better=True, upper_bound=100, lower_bound=0, baseline_value=10
    )
    p = m.escap([2015, 2016, 2017], [10.0, 20.0, 40.0], spec)
    assert p.detail["slope_per_year"] == pytest.approx(16.0)
    assert p.value == pytest.approx(87.0)
    assert p.year_met == 2020 and p.on_track
    assert p.detail["anticipated_gap"] == pytest.approx((80 - 87.0) / (80 - 10))


def test_methods_refuse_one_point_and_cagr_refuses_non_positive_values():
    spec = m.Spec(target_value=5, target_year=2020, higher_is_better=False)
    for method in m.METHODS.values():
        assert not method([2015], [3.0], spec).applicable
    assert not m.cagr([2015, 2016], [0.0, 1.0], spec).applicable


def test_year_met_is_never_before_the_next_year_when_the_last_point_misses():
    spec = m.Spec(target_value=20, target_year=2020, higher_is_better=True, upper_bound=100, lower_bound=0)
    p = m.escap([2015, 2016, 2017, 2018, 2019], [9.5, 15.0, 17.5, 19.5, 19.0], spec)
    assert p.year_met >= 2020


def test_t_quantiles_shrink_towards_normal():
    assert m.t_quantile(1) > m.t_quantile(5) > m.t_quantile(30) > m.t_quantile(1000) == 1.282
    assert math.isnan(m.t_quantile(0))


# --- the default data -----------------------------------------------------------------------------


def test_default_data_verdicts():
    scores = {s.target: s for s in Scorer(FRAMEWORK, load_default(), REGISTRY).scorecard()}
    assert len(scores) == 17
    assert (scores["1.1"].status, scores["1.1"].year_met) == ("achieved", 2019)
    assert "rests on an estimate: the 2019 value is an estimate" in scores["1.1"].explanation
    assert scores["1.1"].evidence.estimates == (2019,) and scores["1.1"].evidence.rests_on == (2019,)
    # 2020 observed by no release: 54.0 in 2019, 63.0 in 2021, about 58.5 in 2020
    assert (scores["1.2"].status, scores["1.2"].year_met) == ("probably_not_achieved", None)
    assert scores["2.1.B"].status == "probably_not_achieved"  # ITU's 2019 release: 11.8 in 2019
    assert scores["2.5.A"].status == "probably_not_achieved"  # 0.91 in 2019, 0.94 in 2024: 2020 unobserved
    assert scores["3.2"].status == "probably_not_achieved"  # 34 Mt in 2010, 62 Mt in 2022
    assert scores["3.3"].reason == "no_data"
    assert {scores[t].status for t in ("4.1", "4.2")} == {"not_assessable"}
    assert (scores["2.5.B"].status, scores["2.5.B"].reason) == ("insufficient_data", "too_few_points")
    assert all(s.sources for s in scores.values() if s.evidence.points)
    assert scores["1.1"].latest_source.startswith("ITU Key ICT indicators")  # 57.0 in 2019, ITU's own workbook
    assert scores["1.1"].latest_source.endswith("(edition 2019-10-28)")
    assert sum(summary_counts(list(scores.values())).values()) == 17


def test_default_data_methods_disagree_on_developing_households():
    scorer = Scorer(FRAMEWORK, load_default(), REGISTRY)
    score = scorer.score("2.1.A", as_of=2019, compare=True)
    views = {v.method: v for v in score.methods}
    assert set(views) == set(m.METHODS)
    # saturation 49.3% (short of 50%), while the growth-rate ratio's own rule calls 49.99% on track
    assert views["saturation"].projected_value < 50.0 and views["cagr"].projected_value == pytest.approx(50.0, abs=0.05)
    assert (score.status, score.reason) == ("too_close_to_call", "methods_disagree")
    assert {v.status for v in score.methods} == {"too_close_to_call"}  # each alone: a chance near even


def test_progress_is_undefined_when_the_baseline_already_meets_the_target():
    s = score(users((2015, 87.0), (2019, 90.0), economy="DEU"), economy="DEU")
    assert s.status == "achieved" and s.progress is None


def test_a_change_target_whose_series_skips_the_baseline_year_interpolates_it_and_says_so():
    # The Global E-waste Monitor 2024 restates 2010 (34 Mt) and reports 2022 (62 Mt), but not 2014
    rows = [("ewaste_generated", "WLD", 2010, 34.0, "2024-03"), ("ewaste_generated", "WLD", 2022, 62.0, "2024-03")]
    table = make_table(rows, unit="Mt")
    score = Scorer(FRAMEWORK, table, REGISTRY).score("3.2")
    assert (score.baseline_year, round(score.baseline_value, 2)) == (2014, 43.33)  # 34 + 28 * 4/12
    assert round(score.target_value, 2) == 21.67 and score.status == "probably_not_achieved"
    assert score.evidence.baseline_interpolated
    assert "The 2014 baseline (43.3 Mt) is interpolated between the observations either side of it." in (
        score.explanation
    )
    rows = [("ewaste_generated", "WLD", 2014, 41.8, "2014"), ("ewaste_generated", "WLD", 2019, 53.6, "2014")]
    assert not Scorer(FRAMEWORK, make_table(rows, unit="Mt"), REGISTRY).score("3.2").evidence.baseline_interpolated


def test_default_data_latest_view_claims_only_what_the_data_support():
    scorer = Scorer(FRAMEWORK, load_default(), REGISTRY)
    scores = [scorer.score(t, compare=True) for t in FRAMEWORK.targets]
    for s in scores:
        assert s.status not in ("on_track", "off_track", "regressing"), s.target
        if s.status in ("not_achieved", "achieved_late"):  # a negative outcome needs the deadline observed
            assert s.target_year in [p.year for p in s.points], s.target
    by_id = {s.target: s for s in scores}
    ldc = by_id["2.2.B"]  # 19.1% in 2019 (an estimate), 36% in 2022: about 24.7% in 2020
    assert (ldc.status, ldc.reason, ldc.year_met) == ("achieved", "met_by_interpolation", 2020)
    assert "about 24.7% by interpolation between 2019 (19.1%) and 2022 (36.0%)" in ldc.explanation
    assert ldc.progress is None and "different releases" in ldc.progress_reason
    households = by_id["2.2.A"]  # a projection of 50.03 against 50, six years after the deadline
    assert households.status == "too_close_to_call" and f"({households.probability_met:.0%} chance)" in (
        households.explanation
    )


def test_progress_is_null_where_the_baseline_is_unobserved_or_from_another_release():
    one = score(users((2016, 47.0)))
    assert one.progress is None and one.progress_reason == "progress cannot be measured: one observation"
    late_start = score(users((2016, 47.0), (2017, 50.0), (2018, 52.0)))
    assert late_start.progress is None and "2015 baseline is not observed" in late_start.progress_reason
    mixed = score(users((2015, 40.0), (2016, 45.0), edition="2017") + users((2017, 52.0), (2018, 55.0), edition="2019"))
    assert mixed.progress is None and "different releases" in mixed.progress_reason
    same = score(users((2015, 40.0), (2016, 45.0), (2017, 50.0), edition="2019"))
    assert same.progress == pytest.approx(0.5) and same.progress_reason == ""
    assert same.to_dict()["progress"] == 0.5 and one.to_dict()["progress"] is None


def test_estimates_and_approximations_are_flagged_and_named_when_a_verdict_rests_on_one():
    table = make_table(users((2015, 40.0), (2016, 50.0), (2017, 61.0)))
    table["note"] = ["", "almost 50 per cent", "2017*: estimate"]
    s = Scorer(FRAMEWORK, table, REGISTRY).score("1.2", compare=True)
    assert (s.evidence.estimates, s.evidence.approximations) == ((2017,), (2016,))
    assert s.status == "achieved" and "rests on an estimate: the 2017 value is an estimate" in s.explanation
    assert [p.flag for p in s.points] == ["", "approximation", "estimate"]


def test_series_lists_its_releases_with_their_years_and_names_level_shifts():
    rows = users((2012, 6.0), (2017, 17.5), edition="2017") + users(
        (2011, 6.6), (2012, 8.1), (2013, 9.3), (2018, 17.6), (2019, 19.1), edition="2019-10-28"
    )
    rows += users((2022, 36.0), edition="2023-03")
    s = score(rows, target="1.2")
    releases = s.series.releases
    assert [(r.release, r.years) for r in releases] == [
        ("2019-10-28", (2011, 2012, 2013, 2018, 2019)),
        ("2023-03", (2022,)),
    ]
    assert dict(s.evidence.points_per_release) == {"2019-10-28": 5, "2023-03": 1}
    (shift,) = s.series.level_shifts
    assert (shift.older, shift.newer, shift.years) == ("2017", "2019-10-28", (2012,))
    assert "2017 puts 2012 at 6%, 2019-10-28 at 8.1%" in shift.text


def test_statuses_group_into_outcomes_forecasts_and_not_scorable():
    from indicators.scoring import GROUP_LABELS, STATUS_GROUPS, STATUSES, group_counts, grouped

    assert sorted(status for members in STATUS_GROUPS.values() for status in members) == sorted(STATUSES)
    assert set(GROUP_LABELS) == set(STATUS_GROUPS)
    scores = Scorer(FRAMEWORK, load_default(), REGISTRY).scorecard()
    assert group_counts(scores) == {"outcome": 2, "forecast": 6, "not_scorable": 9}
    assert [s.target for s in grouped(scores)["outcome"]] == ["1.1", "2.2.B"]


def test_as_of_follows_publication_dates_not_the_year_a_report_covers():
    scorer = Scorer(FRAMEWORK, load_default(), REGISTRY)
    # ITU's Annual Report 2018 (LDCs 19.5% online in 2018) came out in 2019
    assert scorer.score("2.2.B", as_of=2018).evidence.last_year == 2017
    assert 2018 in [p.year for p in scorer.score("2.2.B", as_of=2019, compare=True).points]


def _holds_dict(hint) -> bool:
    return hint is dict or typing.get_origin(hint) is dict or any(_holds_dict(a) for a in typing.get_args(hint))


def loose_fields(record: type) -> list[str]:
    """Fields of a dataclass typed as a plain dict, or a list, tuple or union holding dicts."""
    return [name for name, hint in typing.get_type_hints(record).items() if _holds_dict(hint)]


def test_the_detector_finds_dict_fields():
    @dataclasses.dataclass
    class Loose:
        by_source: list[dict]
        rates: dict | None
        releases: tuple[dict[str, int], ...]
        points: list[int]

    assert loose_fields(Loose) == ["by_source", "rates", "releases"]


@pytest.mark.parametrize(
    "record",
    [TargetScore, Evidence, *(c for c in vars(records).values() if dataclasses.is_dataclass(c))],
    ids=lambda record: record.__name__,
)
def test_a_score_carries_named_fields_not_dicts(record):
    assert loose_fields(record) == [], f"{record.__name__}: give these a record of their own"
