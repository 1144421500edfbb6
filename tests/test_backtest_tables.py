"""The backtest page's tables, built in the core: hindsight on the embedded data, the record, the band widths."""

from __future__ import annotations

import pytest

from indicators.catalogue import load_named
from indicators.registry import load_registry
from indicators.scoring import METHODS, Scorer
from indicators.scoring import calibration as cal
from indicators.table import load_default
from indicators.views import backtest as tables


@pytest.fixture(scope="module")
def scorer():
    registry = load_registry()
    return Scorer(load_named("connect2020", registry=registry), load_default(), registry)


def test_hindsight_lists_every_method_then_itus_own_projection_beside_the_outcome(scorer):
    seen = tables.hindsight(scorer, "1.2", 2015)
    assert seen.year == 2020 and seen.then.year == 2015  # fed the data up to 2015 only
    said = seen.said.set_index("method")["said for 2020"]
    assert len(said) == len(METHODS) + 1
    published = [m for m in said.index if m.endswith("published projection")]
    assert len(published) == 1 and said[published[0]] == "53.0%"  # ITU, MIS Report 2015
    assert said["Diffusion curve"] == "57.0%"  # the short name the page shows
    assert seen.now.value_at_target_year == pytest.approx(58.5)


def test_hindsight_for_a_qualitative_target_has_nothing_to_show(scorer):
    seen = tables.hindsight(scorer, "4.1", 2015)
    assert seen.said.empty and list(seen.said.columns) == ["said for 2020", "method"]  # the answer first


def test_the_recorded_backtest_is_read_with_its_horizons_and_renamed_coverage():
    record = tables.load_record()
    assert record is not None and record.default_method in METHODS
    assert set(record.by_origin["years_ahead"]) == {2020 - origin for origin in record.by_origin["origin"]}
    assert {"80% band holds", "own band holds", "brier"} <= set(record.summary.columns)
    assert set(record.summary["method"]) == set(METHODS)


def test_a_missing_or_broken_record_is_none(tmp_path):
    assert tables.load_record(tmp_path / "absent.json") is None
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert tables.load_record(broken) is None


def test_band_widths_grow_with_the_years_ahead_and_stay_within_100_points():
    calibration = cal.load()
    assert calibration is not None
    widths = tables.band_widths(calibration)
    assert len(widths) == len(calibration.quantiles)
    for _, by_method in widths.groupby("method"):
        ordered = by_method.sort_values("years ahead")["band width at 50% (points)"].tolist()
        assert ordered == sorted(ordered) and 0 < ordered[0] and ordered[-1] < 100
