"""Every file in tests/data/bad/ is named for its problem; the report must name that exact problem.

Each entry gives the problem code, the row and column as the analyst sees them in the file, and the
value found. Reading must never raise, and a file with an error must not be publishable.
"""

from __future__ import annotations

import os
from pathlib import Path
from unittest import mock

import pytest

from indicators.ingest import read_upload
from indicators.ingest.layouts import tidy
from indicators.ingest.problems import CATALOGUE
from indicators.table import load_default
from tests.helpers import read_path_with_source

BAD = Path(__file__).parent / "data" / "bad"
GOOD = BAD.parent / "good"

# file -> (code, row, column, value); None where the problem is about the whole file or row
EXPECTED: dict[str, tuple[str, int | None, str | None, str | None]] = {
    "empty-file.csv": ("empty_file", None, None, None),
    "whitespace-only.csv": ("empty_file", None, None, None),
    "header-only.csv": ("header_only", 1, None, None),
    "binary-png-renamed.csv": ("binary_file", None, None, None),
    "binary-nul-bytes.csv": ("binary_file", None, None, None),
    "pdf-renamed.csv": ("binary_file", None, None, None),
    "blank-header-with-data.csv": ("blank_header", 1, "column C", ""),
    "duplicate-header.csv": ("duplicate_header", 1, "Value", "Value"),
    "missing-value-column.csv": ("missing_column", 1, "value", None),
    "value-not-a-number.csv": ("not_a_number", 3, "value", "abc"),
    "value-two-dots-marker.csv": ("missing_value", 3, "value", ".."),
    "value-na-marker.csv": ("missing_value", 2, "value", "n/a"),
    "value-dash-marker.csv": ("missing_value", 3, "value", "-"),
    "footnote-mark-in-value.csv": ("footnote_mark", 2, "value", "12.3*"),
    "footnote-letter-in-value.csv": ("footnote_mark", 3, "value", "22.7 b"),
    "percent-sign-in-value.csv": ("not_a_number", 2, "value", "22.7%"),
    "thousands-separator-in-value.csv": ("not_a_number", 2, "value", "52,573,967"),
    "percentage-over-100.csv": ("out_of_range", 3, "value", "104.5"),
    "percentage-negative.csv": ("out_of_range", 2, "value", "-4"),
    "negative-count.csv": ("out_of_range", 2, "value", "-3"),
    "ratio-out-of-range.csv": ("out_of_range", 2, "value", "3.5"),
    "index-score-above-1.csv": ("out_of_range", 2, "value", "1.2"),
    "year-before-1960.csv": ("year_before_1960", 2, "year", "1959"),
    "year-in-future.csv": ("year_in_future", 2, "year", "2099"),
    "year-not-integer.csv": ("year_not_integer", 2, "year", "2019.5"),
    "year-range-text.csv": ("year_not_integer", 2, "year", "2019-2020"),
    "year-blank.csv": ("blank_key", 2, "year", ""),
    "unknown-economy-code.csv": ("unknown_economy", 3, "economy", "KNE"),
    "world-bank-aggregate-in-tidy.csv": ("unknown_economy", 2, "economy", "LMY"),
    "latin1-unknown-economy-semicolon.csv": ("unknown_economy", 2, "economy", "Côte d'Ivoir"),
    "blank-economy.csv": ("blank_key", 2, "economy", ""),
    "unknown-indicator.csv": ("unknown_indicator", 2, "indicator", "internet_userz"),
    "duplicate-row.csv": ("duplicate_row", 3, "value", "22.7"),
    "same-figure-two-values.csv": ("conflicting_values", 4, "value", "29.5"),
    "unit-mismatch.csv": ("unit_mismatch", 2, "unit", "per 100 people"),
    "invalid-kind.csv": ("invalid_kind", 2, "kind", "forecast"),
    "invalid-edition.csv": ("invalid_edition", 2, "edition", "June 2023"),
    "wrong-field-count.csv": ("wrong_field_count", 3, None, "internet_users,UGA,2019,10,extra"),
    "unknown-layout.csv": ("unknown_layout", 1, None, "a, b, c"),
    "damaged-excel-97.xls": ("unreadable_file", None, None, None),
    "itu-key-ict-unknown-section.xlsx": ("unknown_section", 10, "A", "Population covered by a 5G mobile network"),
    "zip-not-excel.xlsx": ("unsupported_file", None, None, None),
    "damaged-excel.xlsx": ("unreadable_file", None, None, None),
    "damaged-parquet.parquet": ("unreadable_file", None, None, None),
    "over-size-limit.csv": ("file_too_large", None, None, "699 bytes"),
    "differs-from-published.csv": ("differs_from_published", 2, "value", "65"),
    "metadata-only.csv": ("metadata_only", None, None, None),
    "all-values-blank.csv": ("no_data", None, None, None),
    "owid-unmapped-column.csv": ("unmapped_column", 1, "Happiness index", "Happiness index"),
    "owid-no-known-column.csv": ("unknown_indicator", 1, None, "Happiness index"),
    "worldbank-unknown-country.csv": ("unknown_economy", 3, "Country Code", "ATL"),
    "worldbank-preamble-value-over-100.csv": ("out_of_range", 7, "2019", "101.2"),
    "world-bank-databank-bad-year-cell.csv": ("footnote_mark", 2, "2019 [YR2019]", "22.7 e"),
    "quoted-newline-then-bad-row.csv": ("not_a_number", 4, "value", "x1"),
    "blank-lines-then-bad-row.csv": ("footnote_mark", 5, "value", "1959x"),
    "excel-footnote-mark.xlsx": ("footnote_mark", 4, "value", "22.7*"),
    "excel-two-data-sheets.xlsx": ("sheet_ignored", None, None, "2020"),
    "parquet-year-before-1960.parquet": ("year_before_1960", 3, "year", "1955"),
    "mixed-utf8-and-cp1252.csv": ("mixed_encoding", 3, None, "internet_users,KEN,2019,22.7,Nairobi café"),
    "unclosed-quote-at-end.csv": (
        "unclosed_quote",
        2,
        "note",
        "abc internet_users,UGA,2019,10.0, internet_users,TZA,2019,20.0, ",
    ),
    "value-column-spelled-twice.csv": ("duplicate_header", 1, "value", "value"),
    "excel-declares-16384-columns.xlsx": ("too_many_columns", 1, None, "16,384 columns"),
    "note-over-cell-length-limit.csv": ("cell_too_long", 2, "note", "x" * 119 + "…"),
    "more-rows-than-row-limit.csv": ("too_many_rows", None, None, "5 data rows"),
    "more-values-than-cell-limit.parquet": ("too_many_cells", None, None, "30 values"),
    "workbook-unzips-past-limit.xlsx": ("unpacked_too_large", None, None, "21 MB"),
    "no-publisher-or-release.csv": ("missing_source", None, "publisher, edition", None),
    "tidy-extra-column.csv": ("ignored_column", 1, "comment", "comment"),
    "itu-key-ict-value-where-none-is-published.xlsx": ("unexpected_value", 11, "B", "5"),
    "gci-unknown-country-name.csv": ("unknown_economy", 3, "Country", "Ruritania"),
}

OPTIONS: dict[str, dict] = {
    "over-size-limit.csv": {"max_bytes": 200},
    "differs-from-published.csv": {"published": "default"},
    "no-publisher-or-release.csv": {"publisher": None, "edition": None},
}
#: Settings in force while a file is read (a limit lowered so that a small file can cross it).
SETTINGS = {
    "more-rows-than-row-limit.csv": {"INDICATORS_MAX_ROWS": "3"},
    "more-values-than-cell-limit.parquet": {"INDICATORS_MAX_CELLS": "20"},
}
#: Codes no file can cause: a crash of the reader itself (tested below by making a layout fail).
NOT_FROM_FILES = {"unexpected_error"}


def read(name: str, folder: Path = BAD):
    options = dict(OPTIONS.get(name, {}))
    if options.get("published") == "default":
        options["published"] = load_default()
    with mock.patch.dict(os.environ, SETTINGS.get(name, {})):
        return read_path_with_source(folder / name, **options)


def test_corpus_is_large_and_fully_described():
    files = sorted(p.name for p in BAD.iterdir())
    assert len(files) >= 25
    assert set(files) == set(EXPECTED), "every bad file needs an expected problem (and vice versa)"


def test_every_problem_code_of_the_brief_is_in_the_corpus():
    wanted = {
        "empty_file",
        "header_only",
        "binary_file",
        "blank_header",
        "duplicate_header",
        "missing_column",
        "not_a_number",
        "footnote_mark",
        "missing_value",
        "out_of_range",
        "year_not_integer",
        "year_before_1960",
        "year_in_future",
        "unknown_economy",
        "unknown_indicator",
        "duplicate_row",
        "conflicting_values",
        "file_too_large",
    }
    assert wanted <= {code for code, *_ in EXPECTED.values()}
    assert {code for code, *_ in EXPECTED.values()} <= set(CATALOGUE)


def test_every_problem_code_is_produced_by_a_file_of_the_corpus():
    produced = {code for name in EXPECTED for code in read(name).report.codes()}
    produced |= {code for path in GOOD.iterdir() for code in read(path.name, GOOD).report.codes()}
    assert set(CATALOGUE) - NOT_FROM_FILES == produced, "a code no file produces: add a file, or remove the code"


def test_a_crash_in_a_layout_is_one_problem_with_an_incident_id(monkeypatch):
    def crash(grid, ctx):
        raise RuntimeError("layout bug")

    monkeypatch.setattr(tidy, "read", crash)
    upload = read_upload((GOOD / "tidy-full-model.csv").read_bytes(), "t.csv")
    assert [p.code for p in upload.report.problems] == ["unexpected_error"]
    message = upload.report.problems[0].message
    assert "RuntimeError" in message and "Traceback" not in message
    incident = message.split("incident ")[1].rstrip(".")
    assert len(incident) == 6 and upload.table.empty


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_reports_its_exact_problem(name):
    code, row, column, value = EXPECTED[name]
    upload = read(name)
    found = [(p.code, p.row, p.column, p.value) for p in upload.report.problems]
    assert (code, row, column, value) in found, found
    problem = next(
        p for p in upload.report.problems if (p.code, p.row, p.column, p.value) == (code, row, column, value)
    )
    assert problem.file == name
    assert problem.message and problem.expected
    assert "Traceback" not in problem.message
    assert problem.severity == CATALOGUE[code].severity or code == "unknown_economy"
    if problem.severity == "error":
        assert not upload.report.valid
    assert "unexpected_error" not in upload.report.codes()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_rows_never_reach_the_table(name):
    upload = read(name)
    rows = {p.row for p in upload.report.errors if p.row is not None and p.row > 1}
    if rows and upload.table.shape[0]:
        assert upload.table["value"].notna().all()
    for problem in upload.report.errors:
        if problem.code in ("out_of_range", "not_a_number", "footnote_mark") and problem.value:
            assert problem.value not in upload.table["value"].astype(str).tolist()


def test_conflicting_values_reject_both_rows_and_keep_the_others():
    upload = read("same-figure-two-values.csv")
    assert upload.table["economy"].tolist() == ["UGA"]
    rows = sorted(p.row for p in upload.report.problems if p.code == "conflicting_values")
    assert rows == [2, 4]


def test_duplicate_row_keeps_one_copy():
    upload = read("duplicate-row.csv")
    assert upload.report.valid
    assert len(upload.table) == 1


def test_unknown_economy_suggests_the_closest_code():
    upload = read("unknown-economy-code.csv")
    problem = next(p for p in upload.report.problems if p.code == "unknown_economy")
    assert "KEN" in problem.message and "KEN" in problem.expected


def test_unknown_economy_in_latin1_file_suggests_by_name():
    upload = read("latin1-unknown-economy-semicolon.csv")
    problem = next(p for p in upload.report.problems if p.code == "unknown_economy")
    assert "CIV" in problem.message


def test_missing_markers_say_which_marker():
    for name, marker in (
        ("value-two-dots-marker.csv", ".."),
        ("value-na-marker.csv", "n/a"),
        ("value-dash-marker.csv", "-"),
    ):
        problem = next(p for p in read(name).report.problems if p.code == "missing_value")
        assert repr(marker) in problem.message


def test_footnote_message_names_the_mark_and_the_number():
    problem = next(p for p in read("footnote-mark-in-value.csv").report.problems if p.code == "footnote_mark")
    assert "'*'" in problem.message
    assert "12.3" in problem.expected


def test_size_limit_is_reported_politely_from_bytes_and_from_env(monkeypatch):
    data = (BAD / "over-size-limit.csv").read_bytes()
    upload = read_upload(data, "big.csv", max_bytes=100)
    problem = upload.report.problems[0]
    assert problem.code == "file_too_large"
    assert "upload limit" in problem.message and "INDICATORS_MAX_UPLOAD_MB" in problem.message
    monkeypatch.setenv("INDICATORS_MAX_UPLOAD_MB", "0.0005")  # about 524 bytes
    assert read_upload(data, "big.csv").report.codes()["file_too_large"] == 1
    monkeypatch.setenv("INDICATORS_MAX_UPLOAD_MB", "50")
    assert read_upload(data, "big.csv", publisher="Test publisher", edition="2024").report.valid
