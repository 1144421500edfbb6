"""What each source says, on the target page and the overview cards (Streamlit AppTest).

The World Bank's real internet-use file (skipped when ../shared/realdata is absent) is previewed beside
the embedded ITU figures; ITU's revision of its own figures shows on the verdict timeline.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from app_pages.state import Keys, Preview
from indicators.table import load_default, normalise
from tests.page_helpers import PAGES, card, card_words, charts, show_preview

WB_INTERNET = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "realdata"
    / "worldbank_wdi"
    / "API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"
)
WORLD_BANK = "World Bank (release not stated)"  # the file carries no "Last Updated Date"


@pytest.fixture(scope="module")
def world_bank_preview() -> dict:
    if not WB_INTERNET.is_file():
        pytest.skip("../shared/realdata is not available")
    from indicators.ingest import read_path

    upload = read_path(WB_INTERNET)
    rows = upload.table.assign(publisher="World Bank")
    table = normalise(pd.concat([load_default(), rows], ignore_index=True))
    return Preview(table, "worldbank.csv", "test-worldbank", based_on=0)


def test_target_page_shows_what_each_source_says(app, world_bank_preview):
    at = app(PAGES["target"], target="2.2.B")
    show_preview(at, world_bank_preview)
    at.run()
    assert not at.exception
    (table,) = [d.value for d in at.dataframe if {"verdict", "publisher"} <= set(d.value.columns)]
    assert list(table.columns) == [
        "publisher",
        "release",
        "verdict",
        "latest value",
        "of year",
        "year met",
        "points",
        "source",
    ]
    first = table.iloc[0]
    # ITU's March 2023 LDC release (36.0% in 2022), completed before 2022 by its 28 October 2019 workbook
    # 2020 observed by neither: about 24.7% by interpolation between 19.1% (2019) and 36.0% (2022)
    assert (first["publisher"], first["release"], first["verdict"]) == ("ITU", "2023-03", "Achieved (official)")
    assert first["year met"] == 2020
    world_bank = table[table["publisher"] == "World Bank"].iloc[0]
    assert (world_bank["verdict"], world_bank["year met"], world_bank["release"]) == ("Achieved", 2019, "not stated")
    assert world_bank["latest value"] == "30.7%" and world_bank["of year"] == 2022
    warnings = [w.value for w in at.warning]
    assert not any("disagrees with the official verdict" in w for w in warnings)  # both say achieved
    names = [t.get("name") for t in charts(at)[0]["data"]]
    assert f"{WORLD_BANK}: achieved 2019" not in names  # other publishers' lines wait behind a switch
    at.toggle(key=Keys.SHOW_RELEASES).set_value(True).run()
    names = [t.get("name") for t in charts(at)[0]["data"]]
    assert f"{WORLD_BANK}: achieved 2019" in names
    official = next(t for t in charts(at)[0]["data"] if t.get("name") == "Least developed countries (observed)")
    assert 23.0 not in [round(v, 1) for v in official["y"] if v is not None]  # no World Bank value in ITU's line


def test_overview_card_marks_where_sources_disagree(app, world_bank_preview):
    at = app()
    show_preview(at, world_bank_preview)
    at.run()
    assert not at.exception
    marks = [t for t in ("1.2", "2.2.B") if "Sources disagree" in card_words(at, t)]
    # 1.2: ITU observes no 2020 (probably not met); the World Bank does (achieved late). 2.2.B: both say achieved.
    assert marks == ["1.2"] and f"⇄ Sources disagree: {WORLD_BANK}: achieved late 2021" in card_words(at, "1.2")
    assert "status-probably_not_achieved" in card(at, "1.2") and "status-achieved" in card(at, "2.2.B")


def test_verdict_timeline_shows_a_revision_change_the_verdict(app):
    """ITU's 28 October 2019 workbook revised LDC households online down (14.7% to 10.3% for 2017)."""
    at = app(PAGES["target"], target="2.1.B")
    at.run()
    assert not at.exception
    (timeline,) = [d.value for d in at.dataframe if "end of year" in d.value.columns]
    by_year = timeline.set_index("end of year")
    # as of 2017 the 2017 release alone is too short to project; by 2019 the revised series is off track
    assert by_year.loc[2017, "release used"] == "2017" and by_year.loc[2017, "verdict"].endswith("Insufficient data")
    assert by_year.loc[2019, "release used"] == "2019-10-28" and by_year.loc[2019, "verdict"].endswith("Off track")
    (data,) = [d.value for d in at.dataframe if "used" in d.value.columns]
    old = data[(data["edition"] == "2017") & (data["year"] == 2017)]
    assert old["used"].tolist() == ["not used: superseded by release 2019-10-28"]
