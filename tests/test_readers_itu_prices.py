"""ITU's ICT Price Baskets: the workbook's economies sheet and its long form, built here in ITU's layout.

The real 33-economy extracts, read as they are, are tested with the other real files (test_readers_realdata.py).
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from indicators.catalogue import load_named
from indicators.registry import load_registry
from indicators.scoring import Scorer
from tests.helpers import read_path_with_source, read_upload_with_source

YEARS = list(range(2008, 2026))
HEADER = ["IsoCode", "Economy", "Code", "Basket name", "Unit", "ITURegion", "LDC", "LLDC", "SIDS", "Income_2025"]
LONG_HEADER = "iso3,economy,code,basket_name,unit,unit_label,year,value,status,itu_region,wb_income_2025,LDC,LLDC,SIDS"
LONG_FILE = Path(__file__).parent / "data" / "good" / "itu-price-baskets-long.csv"
REGISTRY = load_registry()


def workbook(rows: list[list]) -> bytes:
    """ITU's workbook: an overview sheet, the economies sheet (a row per economy and code), a medians sheet."""
    book = openpyxl.Workbook()
    overview = book.active
    overview.title = "Overview"
    overview.append(["ITU ICT Price Baskets, historical data series"])
    sheet = book.create_sheet("economies_2008-2025")
    sheet.append(HEADER + YEARS)
    for iso, name, code, values in rows:
        unit = "USD" if code.endswith("$") else "PPP" if code.endswith("_PPP") else "GNIpc"
        sheet.append([iso, name, code, "basket", unit, "Africa", "", "", "", "LMI", *values])
    book.create_sheet("medians").append(["Code", 2024])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def series(upload, indicator: str, economy: str) -> dict[int, float]:
    rows = upload.table[(upload.table["indicator"] == indicator) & (upload.table["economy"] == economy)]
    return dict(zip(rows["year"].astype(int), rows["value"], strict=True))


def test_the_economies_sheet_reads_each_basket_as_its_own_indicator():
    data = workbook(
        [
            ["KEN", "Kenya", "i154_FBB_GNI", [30.5 - i for i in range(10)] + ["NA"] * 8],
            ["KEN", "Kenya", "i154_FBB$", [50.0] * 18],
            ["KEN", "Kenya", "i154_FBB5_GNI", ["NA"] * 10 + [9.5] * 8],
            ["BDI", "Burundi", "i271mb_1GB5_GNI", ["NA"] * 10 + [20.1, 19.0, 18.2] + [None] * 5],
            ["BDI", "Burundi", "i271mb_2GB_GNI", [None] * 13 + [15.0] * 5],
        ]
    )
    upload = read_upload_with_source(data, "ITU_ICTPriceBaskets_2008-2025.xlsx")
    assert upload.report.valid, upload.report.text()
    assert upload.format == "itu_prices" and upload.details["sheet"] == "economies_2008-2025"
    assert series(upload, "fixed_broadband_basket", "KEN") == {2008 + i: 30.5 - i for i in range(10)}
    assert series(upload, "fixed_broadband_basket_5gb", "KEN") == dict.fromkeys(range(2018, 2026), 9.5)
    assert series(upload, "mobile_broadband_basket_1gb5", "BDI") == {2018: 20.1, 2019: 19.0, 2020: 18.2}
    assert set(upload.table["unit"]) == {"% GNI p.c."} and len(upload.table) == 21  # no dollars, no 2 GB basket
    left_out = [p for p in upload.report.problems if p.code == "codes_left_out"]
    assert [p.value for p in left_out] == ["i154_FBB$", "i271mb_2GB_GNI"]
    assert "dollars" in left_out[0].message and "never chained" in left_out[1].message


def test_the_long_form_reads_the_same_codes_and_keeps_itus_status():
    upload = read_path_with_source(LONG_FILE, publisher=None)  # ITU, as the layout says
    assert upload.report.valid, upload.report.text()
    assert upload.format == "itu_prices"
    assert series(upload, "fixed_broadband_basket", "KEN") == {2015: 25.51}
    assert series(upload, "fixed_broadband_basket_5gb", "KEN") == {2019: 9.46}
    assert series(upload, "mobile_broadband_basket_1gb5", "BDI") == {2019: 19.04}
    assert len(upload.table) == 3  # USD and PPP rows left out, FJI's NA is no figure
    burundi = upload.table[upload.table["economy"] == "BDI"].iloc[0]
    assert burundi["note"] == "ITU status: experimental" and burundi["publisher"] == "ITU"


def test_an_unknown_economy_code_in_the_sheet_is_an_error():
    upload = read_upload_with_source(workbook([["XYZ", "Nowhere", "i154_FBB_GNI", [1.0] * 18]]), "prices.xlsx")
    assert not upload.report.valid and "XYZ" in upload.report.text()


def test_a_complete_long_file_gives_the_developing_countries_mean_to_23b():
    developing = sorted(e.code for e in REGISTRY.members("DEVELOPING"))
    lines = [LONG_HEADER] + [
        f"{code},{code},i154_FBB_GNI,Fixed-broadband basket,GNIpc,% of GNI per capita,{year},{value},official,,,,,"
        for i, code in enumerate(developing[:150])
        for year, value in ((2015, 12.0 + i % 3), (2017, 8.0 + i % 3))
    ]
    upload = read_upload_with_source("\n".join(lines).encode(), "itu_price_baskets_long.csv", publisher=None)
    assert upload.report.valid, upload.report.text()
    score = Scorer(load_named("connect2020", registry=REGISTRY), upload.table, REGISTRY).score("2.3.B")
    assert score.value == pytest.approx(9.0) and score.year == 2017  # 8, 9 and 10, fifty times each
    assert score.evidence.computed.figures[-1].countries == 150
    assert score.latest_source.startswith("Computed by this dashboard: mean of fixed_broadband_basket over 150 of")
