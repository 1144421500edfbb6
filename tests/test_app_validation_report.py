"""The validation report read top-down: one line per problem, locations in a table, a file with no figures blocked."""

from __future__ import annotations

import pytest

from indicators.views.validation_report import shortened
from tests.page_helpers import PAGES
from tests.test_app_upload import BAD, ENTRY, PREVIEW_BUTTON, WORLD_BANK, labels, report, source_input, upload

METADATA = WORLD_BANK.parent / "Metadata_Country_API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"


def problem_lines(at) -> list[str]:
    return [m.value.replace("\\", "") for m in at.markdown if m.value.startswith(("⛔ Error", "⚠️ Warning"))]


def test_each_problem_is_one_line_naming_row_column_value_and_expectation(app):
    # The analyst enters the publisher and release the file does not state, so its one remaining problem shows.
    at = upload(app, "percentage-over-100.csv", (BAD / "percentage-over-100.csv").read_bytes(), entry=ENTRY)
    (line,) = problem_lines(at)
    assert line.startswith("⛔ Error: row 3, column 'value': A percentage must be between 0 and 100.")
    assert "Found '104.5'" in line and "Expected: a percentage between 0 and 100" in line
    table = report(at)
    assert list(table.columns[:2]) == ["severity", "message"]  # what is wrong first, where after
    assert PREVIEW_BUTTON not in labels(at)


def test_a_long_list_of_values_is_cut_with_a_count():
    codes = ", ".join(f"C{i:02d}" for i in range(47))
    assert shortened(codes) == "C00, C01, C02, C03, C04, C05, … (47 in all)"
    assert shortened("KEN, UGA") == "KEN, UGA" and shortened(None) is None
    assert shortened("A, B, C, D, E, F, G, H…") == "A, B, C, D, E, F, …"  # the message states the real count


@pytest.mark.skipif(not METADATA.is_file(), reason="the shared World Bank metadata file is not present")
def test_a_metadata_file_alone_asks_for_its_data_file_without_an_error_or_a_ready_line(app):
    at = upload(app, METADATA.name, METADATA.read_bytes())
    assert any("holds no figures" in i.value and "Add that data file" in i.value for i in at.info)
    assert not at.error and not at.success
    assert not any("ready to publish" in t.value for t in at.text)
    assert PREVIEW_BUTTON not in labels(at)
    assert not any(m.value.startswith("**Verdicts that would change") for m in at.markdown)


@pytest.mark.skipif(not WORLD_BANK.is_file(), reason="the shared World Bank download is not present")
def test_the_world_bank_aggregate_codes_are_shortened_in_the_report(app):
    at = upload(app, WORLD_BANK.name, WORLD_BANK.read_bytes())
    (line,) = [x for x in problem_lines(at) if "aggregates" in x]
    assert line.startswith("⚠️ Warning: file, column 'Country Code': 47 World Bank aggregates")
    assert "Found 'AFE, AFW, ARB, CEB, CSS, EAP, …'." in line and len(line) < 400
    assert "in all" not in line  # one count in one message: the 47 it starts with


def test_the_upload_section_comes_first_on_the_data_page(app):
    at = upload(app, "percentage-over-100.csv", (BAD / "percentage-over-100.csv").read_bytes())
    headers = [h.value for h in at.header]
    assert headers == ["Upload new figures", "Figures in use"]


@pytest.mark.skipif(not METADATA.is_file(), reason="the shared World Bank files are not present")
def test_the_world_bank_data_and_metadata_files_are_read_together(app):
    at = app(PAGES["data"])
    at.run()
    at.file_uploader[0].set_value(
        [(METADATA.name, METADATA.read_bytes(), "text/csv"), (WORLD_BANK.name, WORLD_BANK.read_bytes(), "text/csv")]
    ).run()
    assert not at.exception
    source_input(at, "Release").set_value("2024-12").run()  # the bulk download has no release date line
    assert not at.exception
    assert f"{WORLD_BANK.name} + {METADATA.name}" in [t.value for t in at.text]
    assert not any("holds no figures" in i.value for i in at.info)
    assert PREVIEW_BUTTON in labels(at)


@pytest.mark.skipif(not METADATA.is_file(), reason="the shared World Bank files are not present")
def test_a_metadata_file_added_after_its_data_file_is_read_with_it(app):
    at = upload(app, WORLD_BANK.name, WORLD_BANK.read_bytes())
    at.file_uploader[0].set_value(
        [(WORLD_BANK.name, WORLD_BANK.read_bytes(), "text/csv"), (METADATA.name, METADATA.read_bytes(), "text/csv")]
    ).run()
    assert not at.exception
    assert f"{WORLD_BANK.name} + {METADATA.name}" in [t.value for t in at.text]
    assert not any("Replace" in w.value for w in at.warning)
    (note,) = [c.value for c in at.caption if c.value.startswith("The metadata file lists")]
    assert "217 economies" in note and "48 aggregates" in note


def test_two_data_files_at_once_are_refused_in_one_line(app):
    at = app(PAGES["data"])
    at.run()
    bad = (BAD / "percentage-over-100.csv").read_bytes()
    at.file_uploader[0].set_value([("a.csv", bad, "text/csv"), ("b.csv", bad, "text/csv")]).run()
    assert not at.exception
    (warning,) = [w.value for w in at.warning]
    assert warning.startswith("2 new files at once \\(a\\.csv, b\\.csv\\)\\: add one data file at a time")
    assert not any(m.value == "**Validation report**" for m in at.markdown)
