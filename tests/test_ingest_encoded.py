"""The CSV reader's dictionary-encoded text columns: what they save, and that every check reads them right.

A large tidy file is parsed with its text columns dictionary-encoded block by block, so its text is never
held as one string per cell before the model table is built; a file's bytes read from disk are let go of
once parsed and hashed. The same figures, saved as Parquet (read as plain text), must give the same
model table and the same problems at the same rows.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from indicators.ingest import read_path, read_upload
from indicators.ingest.containers import csv
from indicators.ingest.containers.text import decode
from indicators.ingest.limits import Limits, longest_cell
from indicators.ingest.model import encode
from indicators.ingest.report import ProblemList
from indicators.ingest.upload import Payload
from indicators.registry import load_registry
from tests.helpers import ANALYST_SOURCE

PROJECT = Path(__file__).resolve().parents[1]
TIDY = "indicator,economy,year,value,unit,source,edition,kind,note,publisher\n"


def _grid(text: str):
    return csv.read_csv_grid(decode(text.encode()), ProblemList("test.csv"), Limits.current())


def test_tidy_text_columns_are_parsed_dictionary_encoded_and_numbers_typed():
    grid = _grid(TIDY + "internet_users,KEN,2019,22.7,,ITU,2020,observation,,ITU\n")
    types = {name: grid.column(grid.at(name)).type for name in grid.header}
    assert all(pa.types.is_dictionary(types[name]) for name in ("indicator", "economy", "source", "note", "publisher"))
    assert (types["year"], types["value"]) == (pa.int64(), pa.float64())


def test_a_column_the_tidy_format_does_not_know_stays_plain_text():
    grid = _grid("indicator,economy,year,value,comment\ninternet_users,KEN,2019,22.7,hello\n")
    assert grid.column(grid.at("comment")).type == pa.string()


def test_the_first_over_long_cell_is_found_across_chunks_with_different_dictionaries():
    first = pa.array(["short", "tiny", "short"]).dictionary_encode()
    second = pa.array(["ok", "x" * 12, "ok", "y" * 15]).dictionary_encode()
    column = pa.chunked_array([first, second])
    assert longest_cell(column, 10) == (4, 12)
    assert longest_cell(column, 20) is None


def test_encoding_a_dictionary_column_unifies_its_chunks():
    column = pa.chunked_array([pa.array(["a", "b", "a"]).dictionary_encode(), pa.array(["c", "a"]).dictionary_encode()])
    encoded = encode(column)
    assert [encoded.values[i] for i in encoded.index] == ["a", "b", "a", "c", "a"]
    assert sorted(encoded.values) == ["a", "b", "c"]


def test_line_ends_are_counted_across_slices(monkeypatch):
    monkeypatch.setattr(csv, "COUNT_SLICE", 7)
    data = b"header\n" + b"a,b\n" * 20 + b'"q"\n"no end'
    body = csv.Body(data, 7)
    assert body.count(ord("\n")) == data.count(b"\n", 7)
    assert body.count(ord('"')) == data.count(b'"', 7)
    assert body.line_count() == data.count(b"\n", 7) + 1


def _messy_tidy(rows: int) -> pd.DataFrame:
    """Unique figures whose text varies down the file, so each parse block has its own dictionary: blank
    sources and publishers (filled from the analyst's entry), an unknown economy and a unit that contradicts
    the registry only in the second half, and the last figure repeated."""
    countries = np.array([e.code for e in load_registry().countries()][:200])
    position = np.arange(rows)
    half = position >= rows // 2
    economy = countries[(position // 2) % 100 + np.where(half, 100, 0)]
    frame = pd.DataFrame(
        {
            "indicator": np.array(["internet_users", "mobile_subscriptions"])[position % 2],
            "economy": np.where(half & (position % 1001 == 0), "Atlantis", economy),
            "year": (1960 + (position // 200) % 60).astype(np.int64),
            "value": np.round((position % 900) / 10, 1),
            "unit": np.where(half & (position % 997 == 0), "tonnes", ""),
            "source": np.where(position % 5 == 0, "", "ITU, World Telecommunication/ICT Indicators database"),
            "edition": (2000 + position // 12_000).astype(str),
            "kind": "observation",
            "note": np.where(position % 11 == 0, "estimate", ""),
            "publisher": np.where(position % 7 == 0, "", "ITU"),
        }
    )
    frame.loc[rows] = frame.loc[rows - 1]
    return frame


def test_a_large_csv_reads_as_the_same_figures_saved_as_parquet(tmp_path):
    frame = _messy_tidy(120_000)  # about 10 MB of CSV: several parse blocks
    csv_path, parquet_path = tmp_path / "figures.csv", tmp_path / "figures.parquet"
    frame.to_csv(csv_path, index=False)
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), parquet_path, use_dictionary=False)
    entry = dict(ANALYST_SOURCE, source="the analyst's source", max_bytes=1 << 30)  # the same for both names
    from_csv, from_parquet = read_path(csv_path, **entry), read_path(parquet_path, **entry)
    codes = {p.code for p in from_csv.report.problems}
    assert codes == {"unknown_economy", "unit_mismatch", "duplicate_row"}, codes
    shown = [(p.code, p.row, p.column, p.value) for p in from_csv.report.problems]
    assert shown == [(p.code, p.row, p.column, p.value) for p in from_parquet.report.problems]
    pd.testing.assert_frame_equal(from_csv.table, from_parquet.table)
    assert from_csv.table.dtypes.equals(from_parquet.table.dtypes)
    assert (from_csv.table["source"] != "").all() and (from_csv.table["publisher"] != "").all()


LET_GO = """
import hashlib, sys
from indicators.ingest import checks, read_upload
from indicators.ingest.upload import Payload
from tests.helpers import ANALYST_SOURCE

data = (TIDY + "internet_users,KEN,2019,22.7,,ITU,2020,observation,,ITU\\n" * 10_000).encode()
assert len(data) < 1 << 20  # hashed at once, not on a second thread
payload = Payload(data)
held = sys.getrefcount(data)  # this script's reference, the payload's, and the count's own
references = []
real_check = checks.check

def checking(*args, **kwargs):
    references.append(sys.getrefcount(data))
    return real_check(*args, **kwargs)

checks.check = checking
upload = read_upload(payload, "figures.csv", **ANALYST_SOURCE)
assert upload.valid, upload.report.text()
assert references == [held - 1], (references, held)  # only this script's: the read kept none
assert upload.sha256 == hashlib.sha256(data).hexdigest()
"""


def test_bytes_passed_as_a_payload_are_let_go_of_before_the_model_table_is_built():
    """Counted in a fresh interpreter: a test process's earlier tests can leave references of their own."""
    script = f"TIDY = {TIDY!r}\n" + LET_GO
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.parametrize("rows", [1, 3])
def test_a_short_file_passed_as_a_payload_reads_as_its_bytes(rows):
    data = (TIDY + "internet_users,KEN,2019,22.7,,ITU,2020,observation,,ITU\n" * rows).encode()
    assert read_upload(Payload(data), "t.csv").sha256 == read_upload(data, "t.csv").sha256


def test_a_publisher_of_only_whitespace_is_asked_for_like_a_blank_one():
    rows = (
        "internet_users,KEN,2019,22.7,,ITU,2020,observation,,\u00a0 \n"
        + "internet_users,UGA,2019,20.1,,ITU,,observation,,ITU\n"
    )
    upload = read_upload((TIDY + rows).encode(), "t.csv")
    problem = next(p for p in upload.report.errors if p.code == "missing_source")
    assert problem.column == "publisher, edition" and "2 figures" in problem.message
