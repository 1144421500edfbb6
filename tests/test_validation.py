"""Cell parsers and the report: statuses per cell, plain-language views, capped listings."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from indicators.ingest.cells import (
    BLANK,
    FOOTNOTE,
    MARKER,
    OK,
    PERCENT,
    TEXT,
    THOUSANDS,
    YEAR_BLANK,
    YEAR_EARLY,
    YEAR_FUTURE,
    YEAR_NOT_INTEGER,
    YEAR_OK,
    current_year,
    describe_number_problem,
    parse_numbers,
    parse_years,
)
from indicators.ingest.problems import CATALOGUE
from indicators.ingest.report import LIST_LIMIT, Problem, ProblemList, Report, display_value


def test_parse_numbers_classifies_every_kind_of_cell():
    cells = [
        "12.5",
        " 3 ",
        "",
        "..",
        "n/a",
        "-",
        "12.3*",
        "4.5 a",
        "45%",
        "1,234,567",
        "abc",
        "-2e3",
        "nan",
        "inf",
    ]
    values, status = parse_numbers(pa.array(cells))
    assert status.tolist() == [
        OK,
        OK,
        BLANK,
        MARKER,
        MARKER,
        MARKER,
        FOOTNOTE,
        FOOTNOTE,
        PERCENT,
        THOUSANDS,
        TEXT,
        OK,
        MARKER,
        TEXT,
    ]
    assert values[0] == 12.5 and values[1] == 3 and values[11] == -2000
    assert np.isnan(values[2:11]).all() and np.isnan(values[12:]).all()


def test_parse_numbers_fast_path_and_numeric_columns():
    values, status = parse_numbers(pa.array(["1", "2.5", "-3"]))
    assert values.tolist() == [1, 2.5, -3] and (status == OK).all()
    values, status = parse_numbers(pa.array([1.5, None, 3.0, float("nan"), float("inf")]))
    assert status.tolist() == [OK, BLANK, OK, BLANK, TEXT]
    values, status = parse_numbers(pd.Series(["7", None]))
    assert status.tolist() == [OK, BLANK]


def test_parse_numbers_with_decimal_comma():
    values, status = parse_numbers(pa.array(["12,5", "1.234,5", "52.573.967", "-0,25", "3"]), decimal_comma=True)
    assert values.tolist() == [12.5, 1234.5, 52573967, -0.25, 3]
    assert (status == OK).all()


def test_parse_years():
    this_year = current_year()
    cells = ["2019", "1959", "2019.5", "", "2019-20", str(this_year + 1), " 2000 ", "2019.0"]
    years, status = parse_years(pa.array(cells))
    assert status.tolist() == [
        YEAR_OK,
        YEAR_EARLY,
        YEAR_NOT_INTEGER,
        YEAR_BLANK,
        YEAR_NOT_INTEGER,
        YEAR_FUTURE,
        YEAR_OK,
        YEAR_OK,
    ]
    assert years[0] == 2019 and years[6] == 2000 and years[7] == 2019
    years, status = parse_years(pa.array([2030.0, 2019.0, 2019.25]), allow_future=np.array([True, False, False]))
    assert status.tolist() == [YEAR_OK, YEAR_OK, YEAR_NOT_INTEGER]


def test_parse_years_of_an_integer_column_marks_early_and_future_years():
    this_year = current_year()
    column = pa.chunked_array([pa.array([2019, 1959], pa.int64()), pa.array([this_year + 1, 2030], pa.int64())])
    years, status = parse_years(column, allow_future=np.array([False, False, False, True]))
    assert years.tolist() == [2019, 1959, this_year + 1, 2030]
    assert status.tolist() == [YEAR_OK, YEAR_EARLY, YEAR_FUTURE, YEAR_OK]
    _, status = parse_years(pa.array([2019, None, 1950], pa.int64()))
    assert status.tolist() == [YEAR_OK, YEAR_BLANK, YEAR_EARLY]


@pytest.mark.parametrize(
    ("status", "cell", "code", "words"),
    [
        (MARKER, "..", "missing_value", "'..' is blank or a missing-data marker"),
        (FOOTNOTE, "12.3*", "footnote_mark", "footnote mark '*'"),
        (PERCENT, "45%", "not_a_number", "per-cent sign"),
        (THOUSANDS, "1,234", "not_a_number", "thousands separators"),
        (TEXT, "abc", "not_a_number", "not a plain number"),
        (BLANK, "", "missing_value", "'' is blank"),
    ],
)
def test_number_problems_are_described_plainly(status, cell, code, words):
    found_code, fields = describe_number_problem(status, cell)
    assert found_code == code
    message, expected = CATALOGUE[code].render(fields)
    assert words in message
    assert expected


def test_display_value_is_plain_and_bounded():
    assert display_value("a\nb\x00c") == "a b c"
    assert len(display_value("x" * 1000)) == 120
    assert display_value(12.5) == "12.5" and display_value(None) is None


def make_report() -> Report:
    problems = [
        Problem("duplicate_row", "warning", "f.csv", 3, "value", "1", "each figure once", "Repeated."),
        Problem("out_of_range", "error", "f.csv", 2, "value", "150", "a percentage between 0 and 100", "Too big."),
    ]
    return Report(problems, "f.csv", rows=2, fmt="Tidy long CSV (this project)")


def test_report_views():
    report = make_report()
    assert not report.valid
    assert [p.code for p in report.errors] == ["out_of_range"]
    assert [p.code for p in report.warnings] == ["duplicate_row"]
    frame = report.to_frame()
    assert list(frame.columns) == [
        "severity",
        "file",
        "row",
        "column",
        "value",
        "expected",
        "message",
        "code",
    ]
    assert frame["row"].tolist() == [3, 2]
    document = json.loads(json.dumps(report.to_dict()))
    assert document["valid"] is False and document["errors"] == 1 and len(document["problems"]) == 2
    assert set(document["problems"][0]) == {
        "code",
        "severity",
        "file",
        "row",
        "column",
        "value",
        "expected",
        "message",
    }
    assert "not valid" in report.summary() and "1 error and 1 warning" in report.summary()
    text = report.text().splitlines()
    assert text[1].startswith("ERROR   row 2, column 'value'") and "Found '150'" in text[1]
    assert text[2].startswith("WARNING row 3")


def test_empty_report_is_valid_and_frames_cleanly():
    report = Report([], "ok.csv", rows=10)
    assert report.valid and "ready to publish" in report.summary()
    assert report.to_frame().empty


def test_problem_list_caps_per_code_and_column():
    problems = ProblemList("f.csv")
    rows = np.arange(2, 2 + 1000)
    fields = {"found": "text", "number": "42"}
    problems.add_cells("not_a_number", rows, "value", ["x"] * 1000, fields=fields)
    problems.add_cells("not_a_number", rows[:3], "year", ["y"] * 3, fields=fields)
    listed = problems.finish()
    value_rows = [p for p in listed if p.column == "value" and p.row is not None]
    assert len(value_rows) == LIST_LIMIT
    summary = [p for p in listed if p.row is None]
    assert len(summary) == 1 and "800 more" in summary[0].message
    assert len([p for p in listed if p.column == "year"]) == 3


def test_every_code_has_a_severity_a_title_and_a_fix():
    for code, kind in CATALOGUE.items():
        assert kind.code == code and kind.severity in ("error", "warning"), code
        assert kind.title.endswith(".") and kind.fix.endswith("."), code


def test_messages_come_only_from_the_templates():
    problems = ProblemList("f.csv")
    problems.add("duplicate_row", row=3, value="1", original=2)
    assert problems.problems[0].message == "This row repeats row 2 (same figure, same value); one is kept."
    with pytest.raises(KeyError, match="no field message"):
        problems.add("duplicate_row", row=3, original=2, message="free text")
    with pytest.raises(KeyError):
        problems.add("duplicate_row", row=3)  # a field the template needs is missing
