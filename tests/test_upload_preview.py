"""From a checked upload to what would be published: aggregates, rows used, and the names of a comparison."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from indicators.ingest import read_path
from indicators.registry import load_registry
from indicators.table import load_default
from indicators.views.upload_panel import (
    SERIES_KEY,
    UploadChoices,
    aggregate_weightings,
    has_no_figures,
    rows_to_publish,
    stated_sources,
    with_aggregates,
)
from tests.helpers import make_table

WDI = Path(__file__).resolve().parents[1].parent / "shared" / "realdata" / "worldbank_wdi"
INTERNET = WDI / "API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"
METADATA = WDI / "Metadata_Country_API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"
needs_real_data = pytest.mark.skipif(not INTERNET.is_file(), reason="../shared/realdata is not available")


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.fixture(scope="module")
def world_bank():
    if not INTERNET.is_file():
        pytest.skip("../shared/realdata is not available")
    return read_path(INTERNET).table


@needs_real_data
def test_world_bank_countries_get_group_means_without_touching_the_files_own_groups(world_bank, registry):
    published = load_default()
    assert aggregate_weightings(world_bank, published, registry) == ["unweighted"]  # no population anywhere
    out, added = with_aggregates(world_bank, published, registry, "unweighted")
    assert added == len(out) - len(world_bank) > 0
    assert not out.duplicated(SERIES_KEY).any()
    kept = out.iloc[: len(world_bank)]
    pd.testing.assert_frame_equal(kept, world_bank.reset_index(drop=True), check_dtype=False)
    computed = out.iloc[len(world_bank) :]
    file_world_years = set(world_bank.loc[world_bank["economy"] == "WLD", "year"])
    assert file_world_years and file_world_years.isdisjoint(computed.loc[computed["economy"] == "WLD", "year"])
    assert computed["note"].str.startswith("Computed figure, not an official estimate").all()
    developed = computed[(computed["economy"] == "DEVELOPED") & (computed["year"] == 2019)]["value"]
    members = {e.code for e in registry.members("DEVELOPED")}
    file_2019 = world_bank[(world_bank["year"] == 2019) & world_bank["economy"].isin(members)]
    assert developed.item() == pytest.approx(file_2019["value"].mean())


@needs_real_data
def test_no_aggregates_leaves_the_file_as_it_is(world_bank, registry):
    out, added = with_aggregates(world_bank, load_default(), registry, "none")
    assert out is world_bank and added == 0


def test_population_weighting_is_offered_when_the_published_data_hold_population(registry):
    countries = make_table([("internet_users", "KEN", 2019, 20.0), ("internet_users", "NGA", 2019, 40.0)])
    population = make_table([("population", "KEN", 2019, 1.0), ("population", "NGA", 2019, 3.0)], unit="people")
    assert aggregate_weightings(countries, population, registry) == ["unweighted", "population"]
    out, _ = with_aggregates(countries, population, registry, "population")
    africa = out[(out["economy"] == "LDC") | (out["economy"] == "DEVELOPING")]
    assert africa["value"].tolist() == pytest.approx([35.0] * len(africa))  # (20 * 1 + 40 * 3) / 4
    assert set(out["indicator"]) == {"internet_users"}  # the weights are not published with the file


def test_a_file_of_groups_only_is_offered_no_aggregates(registry):
    groups = make_table([("internet_users", "WLD", 2019, 54.0)])
    assert aggregate_weightings(groups, load_default(), registry) == []


def test_a_replace_publishes_only_its_indicators_rows():
    table = make_table([("internet_users", "WLD", 2019, 54.0), ("mobile_broadband", "WLD", 2019, 80.0)])
    assert rows_to_publish(table, "merge", None) is table
    assert rows_to_publish(table, "replace", "mobile_broadband")["indicator"].tolist() == ["mobile_broadband"]


def test_every_choice_makes_another_comparison_key():
    sha = "f" * 64
    base = UploadChoices()
    variants = [
        UploadChoices(format="tidy"),
        UploadChoices(mapping={"NET": "internet_users"}),
        UploadChoices(aggregates="unweighted"),
        UploadChoices(publisher="ITU"),
        UploadChoices(release="2024"),
        UploadChoices(mode="replace", indicator="internet_users"),
    ]
    keys = [choices.key(sha) for choices in [base, *variants]]
    assert len(set(keys)) == len(keys) and all(key.startswith(sha) for key in keys)
    assert UploadChoices(mapping={"a": "x", "b": "y"}).key(sha) == UploadChoices(mapping={"b": "y", "a": "x"}).key(sha)
    assert base.label("t.csv") == "t.csv (merge)"
    assert variants[-1].label("t.csv") == "t.csv (replace internet_users)"


def test_stated_sources_lists_each_publisher_and_release_once():
    table = make_table([("internet_users", "WLD", 2019, 54.0, "2024"), ("internet_users", "WLD", 2018, 50.0, "")])
    table["publisher"] = ["ITU", "ITU"]
    assert stated_sources(table) == {"publisher": ["ITU"], "release": ["2024"]}


@needs_real_data
def test_a_metadata_file_alone_has_no_figures():
    assert has_no_figures(read_path(METADATA))
    assert not has_no_figures(read_path(INTERNET))
