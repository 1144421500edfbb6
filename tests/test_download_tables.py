"""Downloads a viewer can use as they are: rounded as shown, progress in percent, definitions and sources."""

from __future__ import annotations

import io

import pandas as pd

from indicators.download_tables import as_shown, definitions, shown_number
from indicators.export import excel_bytes
from indicators.registry import load_registry
from indicators.sources import load_sources
from indicators.table import load_default
from indicators.units import format_value


def test_numbers_are_rounded_exactly_as_the_pages_show_them():
    for value in (56.95870033149016, 0.9412345, 1234.5678, 0.0123456, -3.14159):
        assert format_value(shown_number(value)) == format_value(value)
    assert shown_number(56.95870033149016) == 57.0 and shown_number(float("nan")) is None


def test_progress_and_chance_become_whole_percent_as_on_the_cards():
    frame = pd.DataFrame({"target": ["1.1"], "value": [56.95870033149016], "progress": [1.2489], "year": [2019]})
    shown = as_shown(frame)
    assert list(shown.columns) == ["target", "value", "progress (%)", "year"]
    assert shown.loc[0, "progress (%)"] == 125 and shown.loc[0, "value"] == 57.0 and shown.loc[0, "year"] == 2019


def test_the_workbook_has_a_definitions_and_sources_sheet_with_licence_and_view():
    table = load_default()
    sheet = definitions(table, load_registry(), load_sources(), "http://dash.example/data")
    row = sheet[(sheet["indicator"] == "internet_users") & (sheet["release"] == "2019-10-28")].iloc[0]
    assert row["name"] and row["unit"] == "percent" and row["definition"] != "not stated"
    assert row["publisher"] == "ITU" and row["licence"] == "ITU: free to use with attribution"
    assert row["view"] == "http://dash.example/data"
    assert len(sheet) == len(table[["indicator", "source"]].drop_duplicates())
    workbook = pd.read_excel(io.BytesIO(excel_bytes({"data": as_shown(table), "definitions and sources": sheet})), None)
    assert list(workbook) == ["data", "definitions and sources"]
