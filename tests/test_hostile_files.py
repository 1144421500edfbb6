"""Files built to exhaust the server are refused early, with a located problem, in bounded memory and time.

Each bomb is read in a fresh interpreter whose peak resident memory is taken before and after the
read (``/proc/self/status``), so the measure is the reader's own and holds on a busy machine. The
ceilings (200 MB extra, 10 s) are far below what these files cost before the limits existed (4.3 GB
for the Parquet file, 2.3 GB and 50 s for the shared-string workbook, 187 s for the cell workbook).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from indicators.ingest import read_path
from probes.memory import PEAK_MEMORY_PRELUDE
from tests import hostile_files as make

PROJECT = Path(__file__).resolve().parents[1]
EXTRA_MB = 200
SECONDS = 10.0

CHILD = (
    PEAK_MEMORY_PRELUDE
    + """
import json, sys, time
from indicators.ingest import read_path
from indicators.registry import load_registry
registry = load_registry()
before = high_water_mb()
start = time.perf_counter()
upload = read_path(sys.argv[1], registry=registry)
seconds = time.perf_counter() - start
problems = [[p.code, p.row, p.column, p.value] for p in upload.report.errors]
print(json.dumps({"extra_mb": high_water_mb() - before, "seconds": seconds, "errors": problems}))
"""
)

#: Who published the figures of the hand-made tidy files (they carry no publisher or edition column).
SOURCE = {"publisher": "ITU", "edition": "2020"}


def refused(path: Path) -> dict:
    """Read ``path`` in a fresh interpreter; its errors, the extra peak memory (MB) and the seconds taken."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], cwd=PROJECT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


needs_proc = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc")


def assert_cheap_refusal(result: dict, code: str) -> list:
    found = [problem for problem in result["errors"] if problem[0] == code]
    assert found, result["errors"]
    assert result["extra_mb"] < EXTRA_MB, result
    assert result["seconds"] < SECONDS, result
    return found[0]


@needs_proc
def test_parquet_row_bomb_is_refused_from_its_footer(tmp_path):
    path = make.parquet_row_bomb(tmp_path / "rows.parquet")
    assert path.stat().st_size < 400_000  # ten million rows in a few hundred KB
    code, row, column, value = assert_cheap_refusal(refused(path), "too_many_rows")
    assert value == "10,000,000 data rows"


@needs_proc
def test_parquet_long_value_shared_by_every_row_is_refused_before_decoding(tmp_path):
    path = make.parquet_long_dictionary_value(tmp_path / "note.parquet")
    code, row, column, value = assert_cheap_refusal(refused(path), "cell_too_long")
    assert (row, column) == (2, "note")


def test_parquet_whose_values_decode_over_the_limit_is_refused_from_its_dictionaries(tmp_path, monkeypatch):
    monkeypatch.setenv("INDICATORS_MAX_DECODED_MB", "1")
    path = make.parquet_long_dictionary_value(tmp_path / "notes.parquet", rows=500, length=5_000)
    assert path.stat().st_size < 50_000  # 2.5 MB of notes once decoded
    problem = next(p for p in read_path(path).report.errors if p.code == "unpacked_too_large")
    assert float(problem.value.removesuffix(" MB")) > 2.38 and "INDICATORS_MAX_DECODED_MB" in problem.message
    monkeypatch.setenv("INDICATORS_MAX_DECODED_MB", "4")
    assert read_path(path, **SOURCE).report.valid


@needs_proc
def test_xlsx_shared_string_bomb_is_refused_at_its_first_cell(tmp_path):
    path = make.xlsx_shared_string_bomb(tmp_path / "strings.xlsx")
    assert path.stat().st_size < 20_000
    code, row, column, value = assert_cheap_refusal(refused(path), "cell_too_long")
    assert (row, column) == (2, "column A")
    assert len(value) <= 120  # the report shows the start of the value, not a megabyte of it


@needs_proc
def test_xlsx_cell_bomb_is_refused_from_the_zip_directory(tmp_path):
    path = make.xlsx_cell_bomb(tmp_path / "cells.xlsx")
    assert path.stat().st_size < 1_000_000
    code, row, column, value = assert_cheap_refusal(refused(path), "unpacked_too_large")
    assert value == "100 MB"


@needs_proc
def test_unclosed_quote_is_named_by_the_line_where_it_opened(tmp_path):
    path = make.unclosed_quote_csv(tmp_path / "quote.csv")
    code, row, column, value = assert_cheap_refusal(refused(path), "unclosed_quote")
    assert (row, column) == (2, "note")


def test_a_quote_left_open_at_the_end_of_a_short_file_is_an_error(tmp_path):
    path = make.unclosed_quote_csv(tmp_path / "quote.csv", rows=3)
    upload = read_path(path)
    assert not upload.report.valid
    problem = next(p for p in upload.report.errors if p.code == "unclosed_quote")
    assert (problem.row, problem.column) == (2, "note")
    assert "line 2" in problem.message and "4 lines" in problem.message
    assert upload.table.empty


def test_quoted_line_breaks_within_the_limit_are_still_values(tmp_path):
    path = tmp_path / "note.csv"
    path.write_text('indicator,economy,year,value,note\ninternet_users,KEN,2019,22.7,"two\nlines"\n')
    upload = read_path(path, **SOURCE)
    assert upload.report.valid, upload.report.text()
    assert upload.table["note"].tolist() == ["two\nlines"]


def test_long_csv_cell_without_line_breaks_is_too_long(tmp_path, monkeypatch):
    monkeypatch.setenv("INDICATORS_MAX_CELL_CHARS", "50")
    path = tmp_path / "long.csv"
    rows = [
        "indicator,economy,year,value,note",
        "internet_users,KEN,2019,22.7,ok",
        f"internet_users,KEN,2018,20.1,{'n' * 51}",
    ]
    path.write_text("\n".join(rows) + "\n")
    problem = next(p for p in read_path(path).report.errors if p.code == "cell_too_long")
    assert (problem.row, problem.column) == (3, "note")
    assert "51 characters" in problem.message and "50" in problem.expected


def test_sheet_declaring_more_columns_than_the_limit_is_refused_before_its_rows(tmp_path):
    path = make.xlsx_sheet(tmp_path / "wide.xlsx", make.HEADER_ROW, dimension="A1:XFD3")
    problem = next(p for p in read_path(path).report.errors if p.code == "too_many_columns")
    assert problem.value == "16,384 columns"


def test_sheet_row_far_down_is_refused_while_streaming(tmp_path, monkeypatch):
    monkeypatch.setenv("INDICATORS_MAX_ROWS", "1000")
    far = '<row r="5000000"><c r="A5000000"><v>1</v></c></row>'
    path = make.xlsx_sheet(tmp_path / "far.xlsx", make.HEADER_ROW + far)
    problem = next(p for p in read_path(path).report.errors if p.code == "too_many_rows")
    assert problem.value == "at least 1,001 rows"


def test_row_limit_counts_csv_rows(tmp_path, monkeypatch):
    monkeypatch.setenv("INDICATORS_MAX_ROWS", "2")
    path = tmp_path / "three.csv"
    path.write_text(
        "indicator,economy,year,value\n" + "".join(f"internet_users,KEN,{y},1\n" for y in (2017, 2018, 2019))
    )
    assert [p.code for p in read_path(path).report.errors] == ["too_many_rows"]
    monkeypatch.setenv("INDICATORS_MAX_ROWS", "3")
    assert read_path(path, **SOURCE).report.valid


@needs_proc
@pytest.mark.parametrize(
    ("maker", "code", "value"),
    [
        (make.parquet_binary_bomb, "unpacked_too_large", "5e+03 MB"),
        (make.parquet_nested_text_bomb, "unpacked_too_large", "5e+03 MB"),
        (make.parquet_nested_bomb, "too_many_cells", "64,000,032 values"),
        (make.parquet_numeric_bomb, "too_many_cells", "128,000,000 values"),
    ],
)
def test_parquet_columns_of_every_type_are_priced_before_they_expand(tmp_path, maker, code, value):
    """Binary, nested text, list and plain number columns without an Arrow schema (1.2-2.2 GB and
    "unreadable" under a 3 GB cap before each type was priced)."""
    path = maker(tmp_path / "bomb.parquet")
    assert path.stat().st_size < 1_000_000
    assert assert_cheap_refusal(refused(path), code)[3] == value


def test_parquet_numbers_over_the_decoded_limit_are_refused_from_the_footer(tmp_path, monkeypatch):
    monkeypatch.setenv("INDICATORS_MAX_DECODED_MB", "4")
    path = make.parquet_numeric_bomb(tmp_path / "numbers.parquet", rows=100_000, columns=6)
    problem = next(p for p in read_path(path).report.errors if p.code == "unpacked_too_large")
    assert problem.value == "5.15 MB"  # 600,000 numbers of 8 bytes and a validity byte


def test_parquet_list_items_count_as_values_shown_as_text(tmp_path, monkeypatch):
    monkeypatch.setenv("INDICATORS_MAX_NESTED_VALUES", "1000")
    path = make.parquet_nested_bomb(tmp_path / "items.parquet", groups=2, values=600)
    problem = next(p for p in read_path(path).report.errors if p.code == "too_many_cells")
    assert problem.value == "1,200 values to show as text"
    assert "INDICATORS_MAX_NESTED_VALUES" in problem.message


def test_parquet_text_inside_lists_is_measured_before_it_expands(tmp_path, monkeypatch):
    """Items of a list that repeat one text are measured from its dictionary, never expanded to count them."""
    monkeypatch.setenv("INDICATORS_MAX_DECODED_MB", "1")
    path = make.parquet_nested_text_bomb(tmp_path / "words.parquet", rows=40, refs=10, length=3_000)
    problem = next(p for p in read_path(path).report.errors if p.code == "unpacked_too_large")
    assert "INDICATORS_MAX_DECODED_MB" in problem.message
    monkeypatch.setenv("INDICATORS_MAX_DECODED_MB", "4")
    assert not [p for p in read_path(path).report.errors if p.code == "unpacked_too_large"]


@needs_proc
def test_sub_kilobyte_ods_in_the_key_ict_layout_is_refused_from_its_repeats(tmp_path):
    """Four million cells from 861 bytes: 9.9 s and a child killed at its 1 GB cap before they were counted."""
    path = make.ods_key_ict_bomb(tmp_path / "key-ict.ods")
    assert path.stat().st_size < 1_024
    result = refused(path)
    assert assert_cheap_refusal(result, "too_many_cells")[3] == "4,004,000 cells"
    assert result["seconds"] < 3.0, result


def test_ods_cells_are_counted_against_the_sheet_limit_once_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("INDICATORS_MAX_SHEET_CELLS", "500")
    path = make.ods_key_ict_bomb(tmp_path / "small.ods", rows=20, columns=30)
    problem = next(p for p in read_path(path).report.errors if p.code == "too_many_cells")
    assert problem.value == "630 cells" and "INDICATORS_MAX_SHEET_CELLS" in problem.message
    monkeypatch.setenv("INDICATORS_MAX_SHEET_CELLS", "630")
    assert not [p for p in read_path(path).report.errors if p.code == "too_many_cells"]


def test_ods_padding_of_empty_repeated_rows_and_cells_costs_nothing(tmp_path):
    """LibreOffice pads a sheet to its last row and column with empty cells "repeated" a million times."""
    header = "".join(make.ods_text(t) for t in ("indicator", "economy", "year", "value"))
    body = "".join(make.ods_text(t) for t in ("internet_users", "KEN", "2019", "22.7"))
    padding = '<table:table-cell table:number-columns-repeated="16380"/>'
    rows = f"<table:table-row>{header}{padding}</table:table-row><table:table-row>{body}{padding}</table:table-row>"
    empty_rows = '<table:table-row table:number-rows-repeated="1048574">'
    rows += f'{empty_rows}<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    upload = read_path(make.ods_sheet(tmp_path / "padded.ods", rows), **SOURCE)
    assert upload.report.valid, upload.report.text()
    assert upload.table["value"].tolist() == [22.7]


@needs_proc
def test_wide_world_bank_file_over_the_figure_limit_is_refused_before_it_is_made_long(tmp_path):
    """40 MB, 16 million figures: 84 s and 2.7 GB before the figures were counted column by column; the CSV
    parse itself stays (about 200 MB), within an upload's bounds of 20 s and 1 GB."""
    path = make.wide_world_bank_csv(tmp_path / "API_wide.csv")
    result = refused(path)
    found = [p for p in result["errors"] if p[0] == "too_many_rows"]
    assert found and found[0][3] == "16,000,000 figures", result["errors"]
    assert result["extra_mb"] < 500 and result["seconds"] < 20, result
