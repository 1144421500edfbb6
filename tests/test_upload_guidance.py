"""What the upload panel asks in place: the missing publisher or release, where to find it, a suggested value;
and a redistributor's copy of ITU's series named as ITU's, via the site."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicators.ingest import read_path, read_upload
from indicators.producers import producer_of, via
from indicators.registry import load_registry
from indicators.scoring.disagreement import disagreements
from indicators.scoring.records import SourceVerdict
from indicators.upload_guidance import errors_in_file, missing_entries, suggested_producer, suggested_release
from tests.helpers import make_score

REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"
WORLD_BANK = REALDATA / "worldbank_wdi" / "API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"
OWID = REALDATA / "owid" / "share-of-individuals-using-the-internet.csv"
PRICES = REALDATA / "itu_prices" / "itu_fixed_broad_price_processed.xlsx"
needs_real_data = pytest.mark.skipif(not WORLD_BANK.is_file(), reason="../shared/realdata is not available")


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.mark.parametrize(
    ("name", "release"),
    [
        ("ITU_Key_2005-2019_ICT_data_with_LDCs_28Oct2019.xls", "2019-10-28"),
        ("wdi-2024-06-28.csv", "2024-06-28"),
        ("export_20231115.csv", "2023-11-15"),
        ("prices 3 March 2022.xlsx", "2022-03-03"),
        ("ITU_ICTPriceBaskets_2008-2025.xlsx", ""),  # the years covered, not a release
        ("API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv", ""),
        ("figures_2019.csv", ""),
        ("report_31Feb2019.csv", ""),  # not a date
    ],
)
def test_a_release_is_suggested_only_from_a_full_date_in_the_file_name(name, release):
    assert suggested_release(name) == release


def test_producer_and_distributor():
    assert via("ITU", "Our World in Data") == "ITU (via Our World in Data)"
    assert producer_of("ITU (via Our World in Data)") == "ITU"
    assert producer_of("World Bank") == "World Bank"
    assert producer_of("Ministry (Kenya)") == "Ministry (Kenya)"


def test_a_copy_of_the_official_publishers_series_is_not_a_source_that_disagrees():
    def said(publisher: str, release: str, status: str, year_met: int | None = None) -> SourceVerdict:
        official = publisher == "ITU"
        return SourceVerdict(publisher, release, "", status, 60.0, 2021, year_met, 10, official)

    score = make_score([(2021, 60.0)], status="achieved_late")
    score.by_source = [
        said("ITU", "2022-11", "achieved_late", 2021),
        said("ITU (via Our World in Data)", "2024-11", "not_achieved"),
        said("World Bank", "2024-12", "not_achieved"),
    ]
    assert [e.publisher for e in disagreements(score)] == ["World Bank"]


@needs_real_data
def test_the_preamble_less_world_bank_file_only_lacks_its_release(registry):
    upload = read_path(WORLD_BANK)
    assert not upload.valid and errors_in_file(upload) == []  # nothing to fix in the file itself
    (missing,) = missing_entries(upload, registry)
    assert missing.entry == "release" and "Last Updated Date" in missing.where and missing.suggestion == ""
    assert suggested_producer(upload, registry) == "ITU (via World Bank)"  # IT.NET.USER.ZS is ITU's series
    assert read_path(WORLD_BANK, edition="2024-11").valid


@needs_real_data
def test_owid_and_price_files_are_asked_what_they_lack_with_where_to_find_it(registry):
    owid = read_path(OWID)
    (missing,) = missing_entries(owid, registry)
    assert missing.entry == "release" and "Our World in Data gives it" in missing.where
    assert suggested_producer(owid, registry) == "ITU (via Our World in Data)"
    prices = read_path(PRICES)
    asked = [(m.entry, m.suggestion) for m in missing_entries(prices, registry)]
    assert asked == [("publisher", "ITU"), ("release", "")]


def test_a_real_error_in_the_file_is_not_asked_in_place(registry):
    upload = read_upload(b"indicator,economy,year,value\ninternet_users,KEN,2019,104.5\n", "x.csv", edition="nope")
    codes = {p.code for p in errors_in_file(upload)}
    assert codes == {"out_of_range"}  # the mistyped release is fixed on the panel, the value in the file
