"""Computed group figures: means of member countries, weighting, coverage, labelling."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.aggregate import group_aggregates, has_population
from indicators.registry import load_registry
from indicators.table import COLUMNS, normalise


def rows(*records, edition="2024", source="Test upload") -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=["indicator", "economy", "year", "value"])
    return normalise(frame.assign(edition=edition, source=source, unit=""))


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def members(registry, group):
    return [e.code for e in registry.members(group)]


def test_unweighted_mean_of_members_with_data(registry):
    ldcs = members(registry, "LDC")[:3]
    table = rows(*[("internet_users", code, 2019, value) for code, value in zip(ldcs, (10, 20, 60), strict=True)])
    out = group_aggregates(table, registry, groups=("LDC",), coverage_columns=True)
    assert len(out) == 1
    row = out.iloc[0]
    assert row["economy"] == "LDC" and row["year"] == 2019 and row["value"] == pytest.approx(30)
    assert row["kind"] == "observation" and row["unit"] == "percent" and row["edition"] == "2024"
    assert row["source"] == "Computed from Test upload: unweighted mean of 3 countries"
    assert "not an official estimate" in row["note"]
    assert f"3 of {len(members(registry, 'LDC'))} member countries" in row["note"]
    assert row["countries"] == 3 and row["members"] == len(members(registry, "LDC"))
    assert row["country_share"] == pytest.approx(3 / row["members"])


def test_population_weighted_mean_and_population_coverage(registry):
    a, b, c = members(registry, "ITU_EUR")[:3]
    table = rows(
        ("internet_users", a, 2019, 90),
        ("internet_users", b, 2019, 50),
        ("population", a, 2019, 1_000_000),
        ("population", b, 2019, 3_000_000),
        ("population", c, 2019, 4_000_000),
    )
    assert has_population(table)
    weighted = group_aggregates(table, registry, groups=("ITU_EUR",), weighting="population", coverage_columns=True)
    row = weighted.iloc[0]
    assert row["value"] == pytest.approx((90 * 1 + 50 * 3) / 4)
    assert "population-weighted mean of 2 countries" in row["source"]
    assert row["population_share"] == pytest.approx(4 / 8)
    assert "50% of the members' population" in row["note"]
    unweighted = group_aggregates(table, registry, groups=("ITU_EUR",))
    assert unweighted.iloc[0]["value"] == pytest.approx(70)
    assert set(unweighted["indicator"]) == {"internet_users"}  # population itself is never averaged


def test_population_weighting_needs_population(registry):
    table = rows(("internet_users", "KEN", 2019, 22.7))
    with pytest.raises(ValueError, match="population"):
        group_aggregates(table, registry, weighting="population")
    with pytest.raises(ValueError, match="weighting"):
        group_aggregates(table, registry, weighting="median")
    with pytest.raises(ValueError, match="not group codes"):
        group_aggregates(table, registry, groups=("KEN",))


def test_only_countries_observations_and_averaged_indicators(registry):
    table = pd.concat(
        [
            rows(("internet_users", "KEN", 2019, 20), ("internet_users", "WLD", 2019, 99)),
            rows(("internet_users", "UGA", 2019, 90)).assign(kind="projection"),
            rows(("economies_fixed_broadband_under_5pct", "KEN", 2019, 1)),
            rows(("ewaste_generated", "KEN", 2019, 0.05)),
        ]
    )
    out = group_aggregates(table, registry, groups=("WLD",))
    assert out["indicator"].tolist() == ["internet_users"]
    assert out["value"].tolist() == [20]  # group rows and projections are not inputs


def test_latest_edition_per_country_is_used(registry):
    table = pd.concat(
        [
            rows(("internet_users", "KEN", 2019, 10), edition="2020"),
            rows(("internet_users", "KEN", 2019, 20), edition="2024"),
        ]
    )
    out = group_aggregates(table, registry, groups=("WLD",))
    assert out["value"].tolist() == [20] and out["edition"].tolist() == ["2024"]


def test_channel_islands_not_counted_twice(registry):
    table = rows(("internet_users", "CHI", 2019, 10), ("internet_users", "JEY", 2019, 30))
    out = group_aggregates(table, registry, groups=("WLD",), coverage_columns=True)
    assert out["value"].tolist() == [30] and out["countries"].tolist() == [1]


def test_output_is_model_form_and_can_be_filtered_by_coverage(registry):
    table = rows(("internet_users", "KEN", 2019, 20), ("internet_users", "KEN", 2020, 25))
    out = group_aggregates(table, registry)
    assert list(out.columns) == list(COLUMNS)
    pd.testing.assert_frame_equal(normalise(out), out)
    assert set(out["economy"]) == {"WLD", "DEVELOPING", "ITU_AFR"}
    assert group_aggregates(table, registry, min_country_share=0.5).empty
    assert group_aggregates(rows(), registry).empty
