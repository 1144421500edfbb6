"""The real public files in ../shared/realdata ingest correctly (skipped when that folder is absent).

Values are checked against the raw files read independently with the standard ``csv`` module or
openpyxl, so a reader bug cannot hide behind itself.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from indicators.ingest import read_path
from tests.helpers import read_path_with_source

REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"
WB = REALDATA / "worldbank_wdi"
INTERNET_WB = WB / "API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"
MOBILE_WB = WB / "API_IT.CEL.SETS.P2_DS2_en_csv_v2_4903391.csv"
METADATA_WB = WB / "Metadata_Country_API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"
OWID_INTERNET = REALDATA / "owid" / "share-of-individuals-using-the-internet.csv"
OWID_ICT = REALDATA / "owid" / "ict-adoption-per-100-people.csv"
PRICES = REALDATA / "itu_prices"

pytestmark = pytest.mark.skipif(not REALDATA.is_dir(), reason="../shared/realdata is not available")


def raw_wide(path: Path) -> dict[tuple[str, str], str]:
    """(country code, year) -> cell text, straight from the World Bank file."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    start = next(i for i, row in enumerate(rows) if row and row[0] == "Country Name")
    header = rows[start]
    return {(row[1], header[j]): row[j] for row in rows[start + 1 :] if row for j in range(4, len(header)) if header[j]}


def raw_long(path: Path, column: str) -> dict[tuple[str, str], str]:
    with open(path, encoding="utf-8", newline="") as handle:
        return {(r["Code"], r["Year"]): r[column] for r in csv.DictReader(handle) if r["Code"]}


def figure(upload, indicator: str, economy: str, year: int) -> float:
    table = upload.table
    hit = table[(table["indicator"] == indicator) & (table["economy"] == economy) & (table["year"] == year)]
    assert len(hit) == 1, (indicator, economy, year, len(hit))
    return float(hit["value"].iloc[0])


@pytest.fixture(scope="module")
def internet_wb():
    return read_path_with_source(INTERNET_WB, metadata=METADATA_WB)


def test_worldbank_internet_users_spot_checks(internet_wb):
    raw = raw_wide(INTERNET_WB)
    assert internet_wb.report.valid, internet_wb.report.text()
    assert internet_wb.format == "worldbank" and internet_wb.format_confident
    assert figure(internet_wb, "internet_users", "KEN", 2019) == float(raw[("KEN", "2019")]) == 22.6688
    for code, year in (("FRA", 2020), ("BRA", 2010), ("IND", 2020), ("WLD", 2019), ("LDC", 2015)):
        assert figure(internet_wb, "internet_users", code, year) == pytest.approx(float(raw[(code, str(year))]))
    assert not ((internet_wb.table["economy"] == "KEN") & (internet_wb.table["year"] == 2023)).any()  # blank cell
    filled = sum(1 for v in raw.values() if v.strip())
    kept = len(internet_wb.aggregates)
    assert len(internet_wb.table) + kept == filled


def test_worldbank_aggregates_kept_apart_with_metadata(internet_wb):
    apart = set(internet_wb.aggregates_kept_apart)
    assert {"AFE", "LMY", "ARB", "HIC", "EUU", "INX"} <= apart
    assert not apart & {"WLD", "LDC"}
    assert not apart & set(internet_wb.table["economy"])
    assert len(apart) == 47
    assert internet_wb.economy_metadata is not None
    meta = internet_wb.economy_metadata.set_index("code")
    assert meta.loc["KEN", "income_group"] == "Lower middle income"
    assert meta.loc["AFE", "aggregate"]
    assert "aggregates_kept_apart" in internet_wb.report.codes()


def test_worldbank_unmodified_download_with_preamble():
    upload = read_path(MOBILE_WB)
    raw = raw_wide(MOBILE_WB)
    assert upload.report.valid, upload.report.text()
    assert set(upload.table["edition"]) == {"2023-03-01"}  # "Last Updated Date","2023-03-01"
    assert set(upload.table["publisher"]) == {"World Bank"}
    assert figure(upload, "mobile_subscriptions", "ZAF", 2021) == float(raw[("ZAF", "2021")])
    assert figure(upload, "mobile_subscriptions", "KEN", 2020) == float(raw[("KEN", "2020")])
    assert set(upload.table["unit"]) == {"per 100 people"}


def test_worldbank_metadata_alone_is_not_data():
    upload = read_path(METADATA_WB)
    assert upload.format == "worldbank_metadata"
    assert upload.table.empty
    assert list(upload.report.codes()) == ["metadata_only"]
    assert upload.report.rows == 265  # multi-line notes are one row each


def test_owid_internet_share():
    upload = read_path_with_source(OWID_INTERNET)
    raw = raw_long(OWID_INTERNET, "Individuals using the Internet (% of population)")
    assert upload.report.valid, upload.report.text()
    assert figure(upload, "internet_users", "KEN", 2019) == float(raw[("KEN", "2019")])
    assert figure(upload, "internet_users", "WLD", 2020) == float(raw[("OWID_WRL", "2020")])
    assert figure(upload, "internet_users", "XKX", 2018) == float(raw[("OWID_KOS", "2018")])
    assert set(upload.aggregates_kept_apart) == {
        "Low-income countries",
        "Lower-middle-income countries",
        "South Asia (WB)",
    }
    countries_2022 = upload.table[(upload.table["year"] == 2022) & (upload.table["economy"] != "WLD")]
    coded = sum(1 for (code, year) in raw if year == "2022" and code != "OWID_WRL")
    assert len(countries_2022) == coded == 183  # 186 entities in 2022: World and two income groups are not countries


def test_owid_four_indicators_in_one_file():
    upload = read_path_with_source(OWID_ICT)
    assert upload.report.valid, upload.report.text()
    assert set(upload.table["indicator"]) == {
        "fixed_telephone_subscriptions",
        "fixed_broadband_subscriptions",
        "mobile_subscriptions",
        "internet_users",
    }
    broadband = raw_long(OWID_ICT, "Fixed broadband subscriptions (per 100 people)")
    assert figure(upload, "fixed_broadband_subscriptions", "KEN", 2020) == float(broadband[("KEN", "2020")])
    in_2020 = upload.table[(upload.table["year"] == 2020) & (upload.table["economy"] != "WLD")]
    for indicator, column in (
        ("fixed_broadband_subscriptions", "Fixed broadband subscriptions (per 100 people)"),
        ("mobile_subscriptions", "Mobile cellular subscriptions (per 100 people)"),
    ):
        raw = raw_long(OWID_ICT, column)
        coded = sum(1 for (code, year), v in raw.items() if year == "2020" and v and code != "OWID_WRL")
        # every coded country, plus the Faroe Islands, which OWID lists without a code
        assert (in_2020["indicator"] == indicator).sum() == coded + 1
    assert "FRO" in set(in_2020["economy"])


@pytest.mark.parametrize(
    ("name", "column", "indicators"),
    [
        # one column joins the 1 GB basket (to 2017) and the 5 GB basket (from 2018): read as two indicators
        (
            "itu_fixed_broad_price_processed.xlsx",
            "fixed_broad_price_gni_pct",
            (2018, "fixed_broadband_basket", "fixed_broadband_basket_5gb"),
        ),
        (
            "itu_mobile_broad_price_processed.xlsx",
            "mobile_broad_price_gni_pct",
            (2018, "mobile_broadband_price", "mobile_broadband_price"),
        ),
    ],
)
def test_itu_price_workbooks(name, column, indicators):
    path = PRICES / name
    upload = read_path_with_source(path)
    assert upload.report.valid, upload.report.text()
    assert upload.format == "columns"
    sheet = openpyxl.load_workbook(path, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    raw = {(r[header.index("country")], r[header.index("year")]): r[header.index(column)] for r in rows[1:]}
    assert len(upload.table) == sum(v is not None for v in raw.values())
    start, before, after = indicators
    assert set(upload.table["indicator"]) == {before, after}
    for economy, year in (("ARM", 2012), ("ARM", 2020), ("SWE", 2021), ("UKR", 2024)):
        if (economy, year) in raw:
            assert figure(upload, before if year < start else after, economy, year) == raw[(economy, year)]
    unmapped = {column.replace("gni_pct", "usd"), column.replace("gni_pct", "ppp")}
    assert upload.unmapped == []  # USD and PPP prices cannot be scored, so they are not offered for mapping
    warned = {p.column for p in upload.report.warnings}
    assert unmapped | {"series_code", "series_units", "variable"} <= warned


def test_a_world_bank_file_without_its_preamble_asks_for_the_release():
    upload = read_path(INTERNET_WB, metadata=METADATA_WB)
    assert [(p.code, p.column) for p in upload.report.errors] == [("missing_source", "edition")]
    assert set(upload.table["publisher"]) == {"World Bank"}
    entered = read_path(INTERNET_WB, metadata=METADATA_WB, edition="2024-12")
    assert entered.report.valid and set(entered.table["edition"]) == {"2024-12"}
