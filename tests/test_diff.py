"""diff_tables on small hand-made tables whose differences are known exactly."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from indicators.diff import diff_tables
from indicators.ingest import read_path
from indicators.store.modes import as_model_table, compose
from indicators.table import load_default, normalise


def table(*rows):
    """Rows as (indicator, economy, year, value[, edition[, kind[, source]]])."""
    records = []
    for row in rows:
        indicator, economy, year, value, *rest = row
        edition = rest[0] if len(rest) > 0 else "2020"
        kind = rest[1] if len(rest) > 1 else "observation"
        source = rest[2] if len(rest) > 2 else "src"
        records.append(
            dict(
                indicator=indicator,
                economy=economy,
                year=year,
                value=value,
                unit="%",
                source=source,
                edition=edition,
                kind=kind,
                note="",
            )
        )
    return normalise(pd.DataFrame.from_records(records))


OLD = table(
    ("a", "WLD", 2017, 10.0),
    ("a", "WLD", 2018, 11.0),
    ("a", "LDC", 2018, 3.0),
    ("b", "WLD", 2018, 50.0),
    ("b", "WLD", 2019, float("nan")),
)


def test_identical_tables_have_an_empty_diff():
    diff = diff_tables(OLD, OLD.iloc[::-1])
    assert diff.empty
    assert diff.counts() == {"added": 0, "changed": 0, "removed": 0}
    assert diff.by_series().empty
    assert list(diff.by_series().columns) == ["indicator", "economy", "added", "changed", "removed"]


def test_counts_added_changed_removed():
    new = table(
        ("a", "WLD", 2017, 10.0),  # same
        ("a", "WLD", 2018, 12.5),  # changed
        ("b", "WLD", 2018, 50.0),  # same
        ("b", "WLD", 2019, float("nan")),  # same (both missing)
        ("b", "WLD", 2020, 60.0),  # added
        ("a", "LDC", 2018, 3.0, "2021"),  # new edition: added, and the 2020 edition is removed
    )
    diff = diff_tables(OLD, new)
    assert diff.counts() == {"added": 2, "changed": 1, "removed": 1}
    changed = diff.changed.iloc[0]
    assert (changed["indicator"], changed["economy"], changed["year"]) == ("a", "WLD", 2018)
    assert (changed["old_value"], changed["new_value"], changed["fields"]) == (11.0, 12.5, "value")
    assert set(zip(diff.added["economy"], diff.added["year"], diff.added["edition"], strict=True)) == {
        ("WLD", 2020, "2020"),
        ("LDC", 2018, "2021"),
    }
    assert diff.removed[["indicator", "economy", "edition"]].values.tolist() == [["a", "LDC", "2020"]]
    assert sorted(diff.added["value"]) == [3.0, 60.0]


def test_value_becoming_missing_is_a_change_and_kind_is_part_of_the_key():
    new = table(
        ("a", "WLD", 2017, float("nan")),
        ("a", "WLD", 2018, 11.0, "2020", "projection"),
        ("a", "LDC", 2018, 3.0),
        ("b", "WLD", 2018, 50.0),
        ("b", "WLD", 2019, float("nan")),
    )
    diff = diff_tables(OLD, new)
    assert diff.counts() == {"added": 1, "changed": 1, "removed": 1}
    assert math.isnan(diff.changed["new_value"].iloc[0])
    assert diff.added["kind"].tolist() == ["projection"]
    assert diff.removed["kind"].tolist() == ["observation"]


def test_citation_change_alone_is_reported_with_its_field():
    new = OLD.copy()
    new.loc[new["indicator"] == "b", "source"] = "corrected source"
    diff = diff_tables(OLD, new)
    assert diff.counts() == {"added": 0, "changed": 2, "removed": 0}
    assert set(diff.changed["fields"]) == {"source"}


def test_by_series_groups_by_indicator_and_economy():
    new = table(
        ("a", "WLD", 2017, 99.0),
        ("a", "WLD", 2018, 98.0),
        ("a", "WLD", 2019, 97.0),
        ("b", "WLD", 2018, 50.0),
        ("b", "WLD", 2019, float("nan")),
    )
    series = diff_tables(OLD, new).by_series().set_index(["indicator", "economy"])
    assert series.loc[("a", "WLD")].tolist() == [1, 2, 0]
    assert series.loc[("a", "LDC")].tolist() == [0, 0, 1]
    assert ("b", "WLD") not in series.index


def test_duplicate_keys_are_matched_by_occurrence():
    old = table(("a", "WLD", 2017, 1.0), ("a", "WLD", 2017, 2.0))
    new = table(("a", "WLD", 2017, 1.0), ("a", "WLD", 2017, 2.0), ("a", "WLD", 2017, 3.0))
    assert diff_tables(old, new).counts() == {"added": 1, "changed": 0, "removed": 0}
    assert diff_tables(new, old).counts() == {"added": 0, "changed": 0, "removed": 1}


def test_diff_against_empty_table_adds_everything():
    default = load_default(cache_dir=None)
    diff = diff_tables(default.iloc[0:0], default)
    assert diff.counts() == {"added": len(default), "changed": 0, "removed": 0}
    assert list(diff.added.columns) == list(default.columns)
    assert diff_tables(default, default.iloc[0:0]).counts()["removed"] == len(default)


def test_a_citation_reworded_alone_changes_no_figure_and_keeps_both_texts():
    new = OLD.copy()
    new.loc[new["indicator"] == "b", "source"] = "corrected source"
    diff = diff_tables(OLD, new)
    assert diff.changes_no_figure and diff.figures_changed.empty
    assert diff.figure_counts() == {"added": 0, "changed": 0, "removed": 0, "citations changed": 2}
    assert set(zip(diff.citations_changed["old_citation"], diff.citations_changed["new_citation"])) == {
        ("src", "corrected source")
    }


def test_a_value_or_unit_change_with_a_new_citation_is_a_changed_figure():
    new = OLD.copy()
    new.loc[0, ["value", "source"]] = [123.0, "corrected source"]
    new.loc[1, "unit"] = "per 100 people"
    diff = diff_tables(OLD, new)
    assert not diff.changes_no_figure
    assert len(diff.figures_changed) == 2 and diff.citations_changed.empty
    assert set(diff.figures_changed["fields"]) == {"value, source", "unit"}


def test_reuploading_the_itu_key_ict_workbook_changes_no_figure():
    """The embedded data were built from this workbook: only the citation is worded differently."""
    workbook = Path(__file__).resolve().parents[1].parent / "shared" / "realdata" / "itu_key_ict"
    path = workbook / "ITU_Key_2005-2019_ICT_data_with_LDCs_28Oct2019.xls"
    if not path.is_file():
        pytest.skip("../shared/realdata is not available")
    published = load_default(cache_dir=None)
    upload = read_path(path)
    diff = diff_tables(published, compose(published, as_model_table(upload.table), mode="merge", indicator=None))
    assert diff.changes_no_figure, diff.figures_changed.head()
    assert diff.figure_counts()["changed"] == 0
    citations = diff.citations_changed
    assert len(citations) == len(upload.table) > 2000
    assert citations["new_citation"].str.contains("ITU_Key_2005-2019_ICT_data_with_LDCs_28Oct2019.xls").all()
    assert (citations["old_citation"] != citations["new_citation"]).all()
