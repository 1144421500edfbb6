"""ITU's Key ICT indicators workbook: layout, estimates, missing cells, release date, and the real file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from indicators.ingest import read_path, read_upload
from indicators.registry import GROUP_CODES
from tests.itu_workbook import key_ict_rows, key_ict_xlsx

ROOT = Path(__file__).resolve().parents[1]
WORKBOOK = ROOT.parent / "shared" / "realdata" / "itu_key_ict" / "ITU_Key_2005-2019_ICT_data_with_LDCs_28Oct2019.xls"
needs_workbook = pytest.mark.skipif(not WORKBOOK.is_file(), reason="../shared/realdata/itu_key_ict is not available")


def rows_of(upload, indicator: str, economy: str) -> dict[int, tuple[float, str]]:
    table = upload.table
    hit = table[(table["indicator"] == indicator) & (table["economy"] == economy)]
    return {int(r.year): (float(r.value), r.note) for r in hit.itertuples()}


def test_both_halves_estimates_and_missing_cells_are_read():
    upload = read_upload(key_ict_xlsx(), "key.xlsx")
    assert upload.valid, upload.report.text()
    assert (upload.format, upload.format_confident) == ("itu_key_ict", True)
    assert rows_of(upload, "internet_users", "WLD") == {
        2017: (48.6, ""),
        2018: (51.4, ""),
        2019: (53.5593325462751, "2019*: estimate"),
    }
    assert 2019 not in rows_of(upload, "internet_users_total", "WLD")  # N/A: not available, not an error
    assert 2017 not in rows_of(upload, "internet_users", "LDC")
    assert rows_of(upload, "internet_users_total", "LDC")[2018] == (177.209252143693, "")
    assert rows_of(upload, "internet_households", "LDC")[2019][0] == 11.8405715355627
    assert set(upload.table["edition"]) == {"2019-10-28"}
    assert set(upload.table["publisher"]) == {"ITU"}
    assert set(upload.table["unit"]) == {"millions", "percent"}
    assert "ITU World Telecommunication/ICT Indicators database" in upload.table["source"].iloc[0]
    assert upload.details["release"] == "2019-10-28"
    assert "* Estimate." in upload.details["footnotes"]


def test_an_unknown_section_is_a_located_error_and_the_known_sections_are_still_read():
    upload = read_upload(key_ict_xlsx(key_ict_rows("Population covered by a 5G mobile network")), "key.xlsx")
    problems = [(p.code, p.row, p.column, p.value) for p in upload.report.problems]
    assert problems == [("unknown_section", 10, "A", "Population covered by a 5G mobile network")]
    assert not upload.valid
    assert set(upload.table["indicator"]) == {"internet_users", "internet_users_total"}


def test_a_value_in_a_half_the_layout_does_not_have_is_reported():
    rows = key_ict_rows()
    rows[10][2] = 12.5  # a "total" for households, which ITU does not publish
    upload = read_upload(key_ict_xlsx(rows), "key.xlsx")
    assert [(p.code, p.row, p.column) for p in upload.report.problems] == [("unexpected_value", 11, "C")]


def test_a_release_given_by_the_analyst_wins_over_a_missing_updated_line():
    rows = [row for row in key_ict_rows() if not (row and str(row[0]).startswith("Updated"))]
    upload = read_upload(key_ict_xlsx(rows), "key.xlsx", edition="2019-11")
    assert set(upload.table["edition"]) == {"2019-11"}


def _raw_cells() -> list[list[object]]:
    """The real sheet read with python-calamine directly (not through pandas or the reader)."""
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(WORKBOOK)).get_sheet_by_index(0).to_python()


@needs_workbook
@pytest.mark.parametrize(
    ("indicator", "economy", "sheet_row", "first_column"),
    [
        ("internet_households", "LDC", 70, 16),  # development table, rates half (2005 in column Q)
        ("internet_households", "WLD", 69, 16),
        ("internet_users", "DEVELOPING", 74, 16),
        ("internet_users_total", "LDC", 76, 1),  # development table, totals half
        ("mobile_broadband_coverage", "LDC", 39, 16),
        ("internet_users", "ITU_AFR", 174, 16),  # regional table
        ("internet_households", "ITU_AMS", 171, 16),
        ("mobile_4g_coverage", "ITU_CIS", 138, 16),
        ("fixed_telephone_subscriptions_total", "ITU_ASP", 89, 1),
    ],
)
def test_the_real_workbook_matches_the_file_at_full_precision(indicator, economy, sheet_row, first_column):
    raw = _raw_cells()
    upload = read_path(WORKBOOK)
    found = rows_of(upload, indicator, economy)
    expected = {
        2005 + k: raw[sheet_row - 1][first_column + k]
        for k in range(15)
        if isinstance(raw[sheet_row - 1][first_column + k], int | float)
    }
    assert expected, "the positions in this test must point at data"
    assert {year: value for year, (value, _) in found.items()} == expected
    assert found[2019][1] == "2019*: estimate"


@needs_workbook
def test_the_real_workbook_reads_whole_with_its_release():
    upload = read_path(WORKBOOK)
    assert upload.valid and not upload.report.problems, upload.report.text()
    assert set(upload.table["edition"]) == {"2019-10-28"}
    assert set(upload.table["economy"]) == set(GROUP_CODES)
    numbers = sum(
        isinstance(cell, int | float) and not isinstance(cell, bool)
        for row in _raw_cells()
        if row
        and str(row[0]).strip()
        in {
            "World",
            "Developed",
            "Developing",
            "LDCs",
            "Africa",
            "Arab States",
            "Asia & Pacific",
            "CIS",
            "Europe",
            "The Americas",
        }
        for cell in row[1:]
    )
    assert len(upload.table) == numbers == 2124
    ldc = rows_of(upload, "internet_households", "LDC")
    assert [round(ldc[year][0], 1) for year in range(2015, 2020)] == [8.2, 9.2, 10.3, 11.1, 11.8]


@needs_workbook
def test_validate_accepts_the_real_workbook():
    done = subprocess.run(
        [sys.executable, "-m", "indicators", "validate", str(WORKBOOK)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ITU Key ICT indicators workbook" in done.stdout


@needs_workbook
def test_a_legacy_workbook_whose_reader_runs_out_of_memory_is_refused_not_read(monkeypatch):
    """.xls sheets are built whole by python-calamine, so they are read in a child with a memory cap:
    when the child cannot finish within it, the upload is refused with a problem, never an exception."""
    from indicators.ingest.containers import excel

    monkeypatch.setattr(excel, "XLS_MEMORY_BYTES", 12 * 1024 * 1024)
    upload = read_path(WORKBOOK)
    assert [p.code for p in upload.report.errors] == ["unpacked_too_large"]
    assert upload.table.empty


@needs_workbook
def test_a_legacy_workbook_cell_over_the_length_limit_is_named(monkeypatch):
    monkeypatch.setenv("INDICATORS_MAX_CELL_CHARS", "20")
    (problem,) = read_path(WORKBOOK).report.errors
    assert problem.code == "cell_too_long" and problem.row is not None and problem.column.startswith("column ")
