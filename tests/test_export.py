"""Downloads: scorecard frame, CSV/Excel cells that cannot run as formulas, Parquet round trip."""

from __future__ import annotations

import io

import pandas as pd
import pyarrow.parquet as pq

from indicators.catalogue import load_named
from indicators.export import csv_bytes, excel_bytes, parquet_bytes, scorecard_frame
from indicators.registry import load_registry
from indicators.scoring import Scorer
from indicators.table import from_arrow, load_default
from tests.helpers import make_table

REGISTRY = load_registry()


def test_scorecard_frame_has_one_row_per_target_with_sources_and_evidence():
    scores = Scorer(load_named("connect2020", registry=REGISTRY), load_default(), REGISTRY).scorecard()
    frame = scorecard_frame(scores, {"WLD": "World"})
    assert len(frame) == 17 and frame.loc[0, "economy_name"] == "World"
    row = frame.set_index("target").loc["1.1"]
    assert (row["status"], row["year_met"], row["evidence_points"]) == ("achieved", 2019, 15)
    assert "Key ICT indicators" in row["sources"]
    assert str(frame["year_met"].dtype) == "Int64"


def test_csv_and_excel_cells_starting_like_formulas_are_neutralised():
    table = make_table([("internet_users", "KEN", 2019, -3.0)])
    table.loc[0, "note"] = '=HYPERLINK("http://x","click")'
    table.loc[0, "source"] = "@SUM(A1)"
    text = csv_bytes(table).decode()
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text and ",-3.0," in text
    workbook = pd.read_excel(io.BytesIO(excel_bytes({"data": table})), sheet_name="data")
    assert workbook.loc[0, "note"].startswith("'=") and workbook.loc[0, "value"] == -3.0


def test_parquet_download_round_trips_the_model_table():
    table = load_default()
    back = from_arrow(pq.read_table(io.BytesIO(parquet_bytes(table))))
    pd.testing.assert_frame_equal(back, table)


def test_a_note_with_bell_and_escape_characters_still_makes_an_excel_file():
    table = make_table([("internet_users", "KEN", 2019, 22.7), ("internet_users", "UGA", 2019, 10.0)])
    table.loc[0, "note"] = "provisional\x07 \x1b[31mestimate\x1b[0m"
    table.loc[1, "note"] = "\n=1+1"
    table.loc[1, "source"] = '\uff1dHYPERLINK("http://x")'
    workbook = pd.read_excel(io.BytesIO(excel_bytes({"data": table})), sheet_name="data")
    assert workbook["note"].tolist() == ["provisional [31mestimate[0m", "'\n=1+1"]
    assert workbook.loc[1, "source"].startswith("'\uff1d")
    text = csv_bytes(table).decode()
    assert "\x07" not in text and "\x1b" not in text and "'\n=1+1" in text
