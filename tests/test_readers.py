"""Readers: formats and encodings analysts have, detection, mapping, row numbers, progress, model form."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from indicators.ingest import FORMATS, Upload
from indicators.table import COLUMNS, normalise
from tests.helpers import read_path_with_source as read_path
from tests.helpers import read_upload_with_source as read_upload

GOOD = Path(__file__).parent / "data" / "good"


def value(upload: Upload, indicator: str, economy: str, year: int) -> float:
    rows = upload.table[
        (upload.table["indicator"] == indicator) & (upload.table["economy"] == economy) & (upload.table["year"] == year)
    ]
    assert len(rows) == 1, rows
    return float(rows["value"].iloc[0])


@pytest.mark.parametrize("path", sorted(GOOD.iterdir()), ids=lambda p: p.name)
def test_good_files_are_valid_and_in_model_form(path):
    upload = read_path(path)
    assert upload.report.valid, upload.report.text()
    assert len(upload.table) > 0
    assert list(upload.table.columns) == list(COLUMNS)
    pd.testing.assert_frame_equal(normalise(upload.table), upload.table)
    assert len(upload.sha256) == 64
    assert upload.format in FORMATS


def test_latin1_semicolon_decimal_comma():
    upload = read_path(GOOD / "latin1-decimal-comma-semicolon.csv")
    assert upload.details["encoding"] == "windows-1252"
    assert upload.details["delimiter"] == ";"
    assert upload.details["decimal mark"] == "comma"
    assert value(upload, "internet_users", "CIV", 2019) == 36.3
    assert value(upload, "population", "KEN", 2019) == 52_573_967
    civ = upload.table[upload.table["economy"] == "CIV"].iloc[0]
    assert civ["unit"] == "percent"  # '%' accepted as the registry's unit and normalised
    assert civ["note"] == "estimation UIT"


def test_bom_tab_utf8_keeps_non_ascii_text():
    upload = read_path(GOOD / "utf8-bom-tab.csv")
    assert upload.details["encoding"] == "utf-8-sig"
    assert upload.details["delimiter"] == "tab"
    assert upload.table.loc[upload.table["indicator"] == "internet_users", "source"].item() == "TÜİK survey"
    blank_source = upload.table.loc[upload.table["indicator"] == "fixed_broadband_subscriptions", "source"].item()
    assert blank_source == "Uploaded file utf8-bom-tab.csv"


def test_utf16_tab_export_from_excel():
    upload = read_path(GOOD / "utf16-excel-unicode-text.txt")
    assert upload.details["encoding"] == "utf-16"
    assert value(upload, "internet_users", "KEN", 2019) == 22.7


def test_full_model_columns_with_projection_and_editions():
    upload = read_path(GOOD / "tidy-full-model.csv")
    table = upload.table
    assert set(table["edition"]) == {"2024-06", "2020", "2025"}
    projection = table[table["kind"] == "projection"].iloc[0]
    assert projection["year"] == 2025 and projection["note"] == "trend, published 2020"
    assert table["source"].iloc[0] == "ITU, World Telecommunication/ICT Indicators database"


def test_worldbank_databank_dots_and_aggregates():
    upload = read_path(GOOD / "worldbank-databank-dots.csv")
    assert upload.format == "worldbank"
    assert value(upload, "internet_users", "WLD", 2019) == 53.6
    assert not ((upload.table["economy"] == "KEN") & (upload.table["year"] == 2018)).any()
    assert upload.aggregates_kept_apart == ["LMY"]
    assert set(upload.aggregates["economy"]) == {"LMY"}
    assert "LMY" not in set(upload.table["economy"])


def test_worldbank_excel_download_uses_data_sheet_preamble_and_metadata_sheet():
    upload = read_path(GOOD / "worldbank-excel-download.xlsx")
    assert upload.details["sheet"] == "Data"
    assert set(upload.table["edition"]) == {"2024-06-28"}  # the release is the full "Last Updated Date"
    assert upload.economy_metadata is not None
    assert upload.economy_metadata.set_index("code").loc["ARB", "aggregate"]
    assert upload.aggregates_kept_apart == ["ARB"]
    assert "sheet_ignored" not in upload.report.codes()


def test_owid_codes_names_and_aggregates():
    upload = read_path(GOOD / "owid-small.csv")
    assert set(upload.table["economy"]) == {"KEN", "WLD", "XKX", "FRO"}
    assert upload.aggregates_kept_apart == ["Africa"]  # never read as the ITU Africa region


def test_title_line_and_mac_line_ends():
    assert value(read_path(GOOD / "title-line-then-header.csv"), "internet_users", "KEN", 2019) == 22.7
    assert value(read_path(GOOD / "mac-line-ends.csv"), "internet_users", "KEN", 2019) == 22.7


def test_excel_and_parquet_tidy():
    xlsx = read_path(GOOD / "tidy.xlsx")
    assert xlsx.table["year"].tolist() == [2019, 2019]
    assert xlsx.table["edition"].tolist() == ["2024", "2024-06"]
    parquet = read_path(GOOD / "tidy.parquet")
    assert value(parquet, "mobile_subscriptions", "KEN", 2019) == 114.2
    # formula-looking text is kept as plain text in the table (neutralised only on export)
    assert parquet.table["note"].iloc[1] == '=HYPERLINK("http://x")'


def test_opendocument_spreadsheet_reads_like_the_same_excel_workbook():
    ods = read_path(GOOD / "tidy.ods")
    assert ods.details["container"] == "ods" and ods.report.valid
    columns = ["indicator", "economy", "year", "value", "edition"]
    assert ods.table[columns].equals(read_path(GOOD / "tidy.xlsx").table[columns])


def test_price_columns_map_known_ones_and_warn_about_the_rest_without_offering_them():
    upload = read_path(GOOD / "itu-price-columns.parquet")
    assert upload.format == "columns"
    assert value(upload, "fixed_broadband_basket_5gb", "ARM", 2020) == 3.19  # the 5 GB basket from 2018
    assert upload.unmapped == []  # a price in US dollars cannot be scored: never offered for mapping
    assert [w.code for w in upload.report.warnings] == ["unmapped_column", "joined_series"]
    (warning,) = [w for w in upload.report.warnings if w.code == "unmapped_column"]
    assert warning.column == "fixed_broad_price_usd" and "US dollars" in warning.message
    assert "Map it" not in warning.message


def test_a_column_of_unknown_meaning_is_offered_for_mapping():
    upload = read_upload(b"country,year,happiness\nKEN,2019,4.5\n", "x.csv")
    assert upload.unmapped == ["happiness"]
    assert "map it to one of ours" in upload.report.warnings[0].message


def test_indicator_map_maps_an_unknown_column_and_an_unknown_code():
    data = b"Entity,Code,Year,Happiness index\nKenya,KEN,2019,4.5\n"
    assert not read_upload(data, "x.csv").report.valid
    mapped = read_upload(data, "x.csv", indicator_map={"Happiness index": "gci_score"})
    assert not mapped.report.valid  # 4.5 is outside the GCI's 0-1 range: mapping does not skip checks
    assert mapped.report.errors[0].code == "out_of_range"
    tidy = b"indicator,economy,year,value\nNET_USERS,KEN,2019,22.7\n"
    upload = read_upload(tidy, "t.csv", indicator_map={"net_users": "internet_users"})
    assert upload.report.valid and upload.table["indicator"].tolist() == ["internet_users"]
    wrong = read_upload(tidy, "t.csv", indicator_map={"NET_USERS": "no_such_indicator"})
    assert wrong.report.errors[0].code == "unknown_indicator"
    assert "no_such_indicator" in wrong.report.errors[0].message
    assert wrong.unmapped == ["NET_USERS"]


def test_indicator_codes_of_publishers_are_recognised():
    data = (
        b"indicator,economy,year,value\nIT.NET.USER.ZS,KEN,2019,22.7\ni911,KEN,2019,114.2\n"
        b"Individuals using the Internet,UGA,2019,10\n"
    )
    upload = read_upload(data, "codes.csv")
    assert upload.report.valid
    assert upload.table["indicator"].tolist() == ["internet_users", "mobile_subscriptions", "internet_users"]


def test_economy_names_and_worldbank_codes_resolve_to_iso3():
    data = "indicator,economy,year,value\ninternet_users,Kenya,2019,22.7\ninternet_users,Côte d’Ivoire,2019,36\n"
    upload = read_upload(data.encode(), "names.csv")
    assert upload.table["economy"].tolist() == ["KEN", "CIV"]


def test_forced_format_when_detection_is_unsure():
    data = b"indicator,economy,year,amount\ninternet_users,KEN,2019,22.7\n"
    upload = read_upload(data, "x.csv")
    assert upload.format == "tidy" and not upload.format_confident
    assert upload.report.errors[0].code == "missing_column"
    forced = read_upload(data, "x.csv", format="tidy")
    assert forced.format_confident
    with pytest.raises(ValueError, match="unknown format"):
        read_upload(data, "x.csv", format="stata")


def test_row_numbers_follow_preamble_blank_lines_and_quoted_newlines():
    data = (
        b'"Data Source","World Development Indicators",\n\n"Last Updated Date","2024-06-28",\n\n'
        b'"Country Name","Country Code","Indicator Name","Indicator Code","2019","2020",\n'
        b'"Kenya","KEN","Internet","IT.NET.USER.ZS","22.7","abc",\n\n'
        b'"Uganda","UGA","Internet","IT.NET.USER.ZS","10","130",\n'
    )
    upload = read_upload(data, "wb.csv")
    found = {(p.code, p.row, p.column) for p in upload.report.problems}
    assert ("not_a_number", 6, "2020") in found
    assert ("out_of_range", 8, "2020") in found
    tidy = (
        b'indicator,economy,year,value,note\r\ninternet_users,KEN,2018,1,"a\r\nb\r\nc"\r\n'
        b"internet_users,KEN,2019,abc,\r\n"
    )
    assert [(p.code, p.row) for p in read_upload(tidy, "t.csv").report.errors] == [("not_a_number", 5)]


def test_excel_rows_are_sheet_rows():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Internet users, national survey"])
    sheet.append([])
    sheet.append(["indicator", "economy", "year", "value"])
    sheet.append(["internet_users", "KEN", 2019, 22.7])
    sheet.append(["internet_users", "KEN", 1950, 3])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = read_upload(buffer.getvalue(), "sheet.xlsx")
    assert [(p.code, p.row, p.column) for p in upload.report.errors] == [("year_before_1960", 5, "year")]
    assert value(upload, "internet_users", "KEN", 2019) == 22.7


def test_excel_never_evaluates_formulas():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["indicator", "economy", "year", "value", "note"])
    sheet.append(["internet_users", "KEN", 2019, "=1+1", '=cmd|" /C calc"!A0'])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = read_upload(buffer.getvalue(), "formula.xlsx")
    # openpyxl wrote no cached value, so the formula cell is empty: never computed by us
    assert upload.table.empty
    assert "missing_value" in upload.report.codes()


def test_progress_is_reported_from_zero_to_one():
    calls: list[tuple[float, str]] = []
    read_path(GOOD / "owid-small.csv", progress=lambda f, m: calls.append((f, m)))
    fractions = [f for f, _ in calls]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert all(isinstance(m, str) and m for _, m in calls)


def test_broken_progress_callback_does_not_break_reading():
    def broken(fraction, message):
        raise RuntimeError("display gone")

    assert read_path(GOOD / "owid-small.csv", progress=broken).report.valid


def test_published_figures_flag_changed_values_only():
    published = read_path(GOOD / "tidy-full-model.csv").table
    changed = (
        b"indicator,economy,year,value,edition,publisher\n"
        b"internet_users,KEN,2019,25,2024-06,ITU\ninternet_users,KEN,2019,23.1,2025,ITU\n"
        b"internet_users,KEN,2019,30,2024-06,My office\n"  # another publisher's figure is not a correction
    )
    upload = read_upload(changed, "new.csv", published=published)
    differs = [p for p in upload.report.problems if p.code == "differs_from_published"]
    assert [(p.row, p.value) for p in differs] == [(2, "25")]
    assert "22.7" in differs[0].expected
    assert upload.report.valid  # a warning: a correction is allowed


def test_filename_is_a_label_only():
    upload = read_upload(b"indicator,economy,year,value\ninternet_users,KEN,2019,22.7\n", "../../etc/\npasswd\x00.csv")
    assert "\n" not in upload.filename and "\x00" not in upload.filename
    assert upload.report.valid


def test_many_bad_cells_are_counted_not_all_listed():
    rows = "".join(f"internet_users,KEN,{1990 + i % 30},bad{i}\n" for i in range(5000))
    upload = read_upload(("indicator,economy,year,value\n" + rows).encode(), "many.csv")
    listed = [p for p in upload.report.problems if p.code == "not_a_number" and p.row is not None]
    summary = [p for p in upload.report.problems if p.code == "not_a_number" and p.row is None]
    assert len(listed) == 200
    assert len(summary) == 1 and "4,800 more" in summary[0].message


# --- who published the figures, and in which release -----------------------------------------------------


def test_a_file_that_does_not_say_its_source_asks_for_it_and_the_analysts_entry_fills_it():
    from indicators.ingest import read_upload as read_bare

    data = b"indicator,economy,year,value\ninternet_users,KEN,2019,22.7\n"
    upload = read_bare(data, "x.csv")
    assert [(p.code, p.severity, p.column) for p in upload.report.problems] == [
        ("missing_source", "error", "publisher, edition")
    ]
    assert "Enter the publisher and the release" in upload.report.problems[0].message
    entered = read_bare(data, "x.csv", publisher="Kenya ICT Authority", edition="2020-07")
    assert entered.report.valid
    assert entered.table[["publisher", "edition"]].values.tolist() == [["Kenya ICT Authority", "2020-07"]]


def test_the_files_own_publisher_and_edition_columns_win_over_the_entry():
    from indicators.ingest import read_upload as read_bare

    data = (
        b"indicator,economy,year,value,publisher,edition\n"
        b"internet_users,KEN,2019,22.7,ITU,2020-12-15\n"
        b"internet_users,KEN,2018,17.8,,\n"
    )
    assert read_bare(data, "x.csv").report.codes() == {"missing_source": 1}
    upload = read_bare(data, "x.csv", publisher="World Bank", edition="2021")
    rows = upload.table.sort_values("year")[["year", "publisher", "edition"]].values.tolist()
    assert rows == [[2018, "World Bank", "2021"], [2019, "ITU", "2020-12-15"]]


def test_an_entered_release_that_is_not_a_date_is_an_error():
    from indicators.ingest import read_upload as read_bare

    upload = read_bare(
        b"indicator,economy,year,value\ninternet_users,KEN,2019,22.7\n", "x.csv", publisher="ITU", edition="autumn 2019"
    )
    assert ("invalid_edition", "release (entered)", "autumn 2019") in [
        (p.code, p.column, p.value) for p in upload.report.problems
    ]
    assert not upload.report.valid


def test_world_bank_and_owid_files_name_their_publisher():
    from indicators.ingest import read_path as read_bare

    worldbank = read_bare(GOOD / "worldbank-excel-download.xlsx")
    assert worldbank.report.valid, worldbank.report.text()
    assert set(worldbank.table["publisher"]) == {"World Bank"} and set(worldbank.table["edition"]) == {"2024-06-28"}
    owid = read_bare(GOOD / "owid-small.csv")
    assert set(owid.table["publisher"]) == {"Our World in Data"}
    assert owid.report.codes().get("missing_source") == 1  # OWID files carry no release date: it is asked for
    assert read_bare(GOOD / "owid-small.csv", edition="2024-03").report.valid


def test_two_publishers_may_give_the_same_figure_of_one_release_but_one_publisher_may_not():
    header = "indicator,economy,year,value,publisher,edition\n"
    both = header + "internet_users,KEN,2019,22.7,ITU,2024\ninternet_users,KEN,2019,23.0,World Bank,2024\n"
    upload = read_upload(both.encode(), "both.csv")
    assert upload.report.valid, upload.report.text()
    assert sorted(upload.table["publisher"]) == ["ITU", "World Bank"]
    twice = header + "internet_users,KEN,2019,22.7,ITU,2024\ninternet_users,KEN,2019,23.0,ITU,2024\n"
    assert "conflicting_values" in {p.code for p in read_upload(twice.encode(), "twice.csv").report.errors}
