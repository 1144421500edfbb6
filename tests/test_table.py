"""The tidy table, the default data and their provenance."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from indicators.default_data import WORKBOOK_SOURCE, read_quoted, superseded, workbook_rows
from indicators.ingest import read_path
from indicators.paths import DEFAULT_DATA_FILE, KEY_ICT_WORKBOOK
from indicators.registry import load_registry
from indicators.scoring.index import SeriesIndex
from indicators.sources import load_sources
from indicators.table import COLUMNS, KEY, load_default
from tests.helpers import make_table

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REGISTRY = load_registry()


def test_default_data_has_the_model_columns_and_valid_codes():
    table = load_default(cache_dir=None)
    assert tuple(table.columns) == COLUMNS
    assert set(table["indicator"]) <= set(REGISTRY.indicators)
    assert set(table["economy"]) <= set(REGISTRY.economies)
    assert set(table["kind"]) == {"observation", "projection"}
    assert not table.duplicated(list(KEY) + ["kind"]).any()
    assert (table["source"].str.len() > 10).all(), "every row cites its publication"
    for code, unit in table[["indicator", "unit"]].drop_duplicates().itertuples(index=False):
        assert REGISTRY.indicator(code).unit == unit


def test_parquet_cache_is_rebuilt_when_the_csv_changes(tmp_path):
    csv_copy = tmp_path / "figures.csv"
    shutil.copy(DEFAULT_DATA_FILE, csv_copy)
    cache = tmp_path / "cache"
    first = load_default(csv_copy, cache)
    assert len(list(cache.glob("*.parquet"))) == 1
    pd.testing.assert_frame_equal(first, load_default(csv_copy, cache))  # served from the cache
    text = csv_copy.read_text().replace(",WLD,2018,57.8,", ",WLD,2018,57.9,")
    csv_copy.write_text(text)
    changed = load_default(csv_copy, cache)
    assert 57.9 in changed["value"].to_list() and 57.8 not in changed["value"].to_list()
    assert len(list(cache.glob("*.parquet"))) == 2


def test_unwritable_cache_falls_back_to_the_csv(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    assert len(load_default(cache_dir=blocker)) == len(load_default(cache_dir=None))


def test_coherent_observations_keep_the_newest_release_and_older_ones_only_before_it():
    table = make_table(
        [
            ("internet_households", "WLD", 2014, 44.0, "2015"),
            ("internet_households", "WLD", 2015, 46.0, "2015"),
            ("internet_households", "WLD", 2015, 49.0, "2019"),
            ("internet_households", "WLD", 2018, 60.0, "2018-12"),
            ("internet_households", "WLD", 2018, 57.8, "2019"),
            ("internet_households", "WLD", 2020, 56.0, "2015", "projection"),
        ]
    )
    kept = SeriesIndex(table).coherent_observations()
    assert kept[["year", "value", "edition"]].values.tolist() == [
        [2014, 44.0, "2015"],
        [2015, 49.0, "2019"],
        [2018, 57.8, "2019"],
    ]


def test_blank_edition_sorts_before_any_dated_edition():
    table = make_table(
        [("internet_users_men", "WLD", 2019, 55.0, ""), ("internet_users_men", "WLD", 2019, 58.0, "2019")]
    )
    assert SeriesIndex(table).coherent_observations()["value"].tolist() == [58.0]


def test_each_publisher_keeps_its_own_series():
    table = make_table([("internet_users", "KEN", 2019, 22.6, "2024"), ("internet_users", "KEN", 2019, 29.0, "2023")])
    table.loc[1, "publisher"] = "World Bank"
    assert SeriesIndex(table).coherent_observations()["value"].tolist() == [22.6, 29.0]


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is absent: provenance check needs the reference files")
def test_every_default_figure_is_a_published_figure_with_its_citation():
    """Primary rows equal ITU's workbook; quoted rows are in the reference tables with their citation."""
    with open(SHARED / "reference" / "published_figures.csv", newline="", encoding="utf-8") as handle:
        published = {(r["year"], float(r["value"]), r["source"], r["kind"]) for r in csv.DictReader(handle)}
    additions = _additions()
    sources = load_sources()
    figures = pd.read_csv(DEFAULT_DATA_FILE, dtype=str, keep_default_na=False)
    primary = figures[figures["source_id"] == WORKBOOK_SOURCE]
    workbook = read_path(KEY_ICT_WORKBOOK).table
    expected = {(r.indicator, r.economy, r.year): r.value for r in workbook.itertuples()}
    assert {(r.indicator, r.economy, int(r.year)): float(r.value) for r in primary.itertuples()} == expected
    for row in figures[figures["source_id"] != WORKBOOK_SOURCE].itertuples():
        key = (row.year, float(row.value))
        cited = {sources[row.source_id]} | {sources[copy] for copy in press_copies(row.note, sources)}
        found = any((*key, s.citation, row.kind) in published or key in additions.get(s.url, set()) for s in cited)
        assert found, row


def press_copies(note: str, sources) -> list[str]:
    """The press copy a primary citation names in its note ("press copy: <citation>"): where the figure was read."""
    return [key for key, s in sources.items() if f"press copy: {s.citation}" in note]


def _additions() -> dict[str, set[tuple[str, float]]]:
    """URL -> (year, value) pairs of published_figures_additions.csv: each row's own figure, and the
    figures its quote states for a year ("from 61 in 2014", "18 per cent" of the row's year)."""
    out: dict[str, set[tuple[str, float]]] = {}
    with open(SHARED / "reference" / "published_figures_additions.csv", newline="", encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            pairs = out.setdefault(r["url_or_location"].split(" ")[0], set())
            pairs.add((r["year"], float(r["value"])))
            quote = r["quote"].split("DERIVED")[0]
            pairs.update((year, float(v)) for v, year in re.findall(r"(\d+(?:\.\d+)?) in (\d{4})", quote))
            pairs.update((r["year"], float(v)) for v in re.findall(r"(\d+(?:\.\d+)?) per ?cent", quote))
            pairs.update((r["year"], float(v)) for v in re.findall(r"(\d+(?:\.\d+)?) (?:billion kg|kg)", quote))
    return out


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is absent: provenance check needs the reference files")
def test_every_published_figure_is_kept_or_replaced_by_the_exact_or_primary_value():
    """A press figure leaves the default data only when ITU's own workbook (the release it quotes) or the
    unrounded published value replaces it; the 3.1 target value (a target, not data) is never data."""
    table = load_default(cache_dir=None)
    sources = load_sources()
    kept = {(str(r.year), r.value, r.source, r.kind) for r in table.itertuples(index=False)}
    kept |= {
        (str(r.year), r.value, sources[copy].citation, r.kind)
        for r in table.itertuples(index=False)
        for copy in press_copies(r.note, sources)
    }
    quoted = read_quoted()
    replaced = quoted[superseded(quoted, workbook_rows())]
    by_citation = {(r.year, float(r.value), sources[r.source_id].citation): r for r in replaced.itertuples()}
    latest = {(r.indicator, r.economy, r.year): r.value for r in table[table["edition"] == "2019-10-28"].itertuples()}
    with open(SHARED / "reference" / "published_figures.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    missing = [r for r in rows if (r["year"], float(r["value"]), r["source"], r["kind"]) not in kept]
    exact = []
    for r in missing:
        hit = by_citation.get((r["year"], float(r["value"]), r["source"]))
        if hit is not None:  # the quote is ITU's own workbook value, rounded as the press printed it
            digits = len(r["value"].split(".")[1]) if "." in r["value"] else 0
            assert round(latest[(hit.indicator, hit.economy, int(hit.year))], digits) == float(r["value"]), r
        else:
            exact.append((r["target_id"], r["year"], r["value"], r["kind"]))
    assert sorted(exact) == [("2.1.B", "2017", "15", "observation"), ("3.1", "2020", "0.39", "projection")]
    ldc = table[(table["indicator"] == "internet_households") & (table["economy"] == "LDC")]
    assert 14.7 in ldc[ldc["year"] == 2017]["value"].to_list()
