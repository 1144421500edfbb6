"""What each source says, on the target page and the overview cards (Streamlit AppTest).

The World Bank's real internet-use file (skipped when ../shared/realdata is absent) is previewed beside
the embedded ITU figures; a revised ITU release shows on the verdict timeline.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from indicators.table import load_default, normalise
from tests.conftest import PAGES, card, charts

WB_INTERNET = (
    Path(__file__).resolve().parents[1].parent
    / "shared" / "realdata" / "worldbank_wdi" / "API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"
)  # fmt: skip
WORLD_BANK = "World Bank (release not stated)"  # the file carries no "Last Updated Date"


@pytest.fixture(scope="module")
def world_bank_preview() -> dict:
    if not WB_INTERNET.is_file():
        pytest.skip("../shared/realdata is not available")
    from indicators.readers import read_path

    upload = read_path(WB_INTERNET)
    rows = upload.table.assign(publisher="World Bank")
    table = normalise(pd.concat([load_default(), rows], ignore_index=True))
    return {"table": table, "label": "worldbank.csv", "key": "test-worldbank"}


def revised_itu_preview() -> dict:
    """ITU's release of 28 October 2019 revising LDC households online (8.2 to 11.8 for 2015-2019)."""
    revised = pd.DataFrame(
        {"indicator": "internet_households", "economy": "LDC", "year": range(2015, 2020),
         "value": [8.2, 9.2, 10.3, 11.1, 11.8], "unit": "percent", "publisher": "ITU",
         "source": "ITU Key ICT indicators (28 October 2019)", "edition": "2019-10-28", "kind": "observation"}
    )  # fmt: skip
    table = normalise(pd.concat([load_default(), revised], ignore_index=True))
    return {"table": table, "label": "itu_key_2019.csv", "key": "test-itu-2019"}


def test_target_page_shows_what_each_source_says(app, world_bank_preview):
    at = app(PAGES["target"], target="2.2.B")
    at.session_state["preview"] = world_bank_preview
    at.run()
    assert not at.exception
    (table,) = [d.value for d in at.dataframe if {"verdict", "publisher"} <= set(d.value.columns)]
    assert list(table.columns) == ["publisher", "release", "verdict", "latest value", "of year", "year met", "points",
                                   "source"]  # fmt: skip
    first = table.iloc[0]
    assert (first["publisher"], first["release"], first["verdict"]) == ("ITU", "2019", "On track (official)")
    world_bank = table[table["publisher"] == "World Bank"].iloc[0]
    assert (world_bank["verdict"], world_bank["year met"], world_bank["release"]) == ("Achieved", 2019, "not stated")
    assert world_bank["latest value"] == "30.7%" and world_bank["of year"] == 2022
    warnings = [w.value for w in at.warning]
    assert f"{WORLD_BANK}: achieved 2019: this source disagrees with the official verdict." in [
        w.replace("\\", "") for w in warnings
    ]
    names = [t.get("name") for t in charts(at)[0]["data"]]
    assert f"{WORLD_BANK}: achieved 2019" in names
    official = next(t for t in charts(at)[0]["data"] if t.get("name") == "Least developed countries (observed)")
    assert 23.0 not in [round(v, 1) for v in official["y"] if v is not None]  # no World Bank value in ITU's line


def test_overview_card_marks_where_sources_disagree(app, world_bank_preview):
    at = app()
    at.session_state["preview"] = world_bank_preview
    at.run()
    assert not at.exception
    marks = [m.value.replace("\\", "") for m in at.markdown if "Sources disagree" in m.value]
    assert f":material/compare_arrows: Sources disagree: {WORLD_BANK}: achieved 2019" in marks
    assert "status-on_track" in card(at, "2.2.B")  # the official verdict stays ITU's


def test_verdict_timeline_shows_a_revision_change_the_verdict(app):
    at = app(PAGES["target"], target="2.1.B")
    at.session_state["preview"] = revised_itu_preview()
    at.run()
    assert not at.exception
    (timeline,) = [d.value for d in at.dataframe if "end of year" in d.value.columns]
    by_year = timeline.set_index("end of year")
    assert by_year.loc[2017, "release used"] == "2017" and by_year.loc[2017, "verdict"].endswith("Achieved")
    assert by_year.loc[2019, "release used"] == "2019-10-28" and by_year.loc[2019, "verdict"].endswith("Off track")
    (data,) = [d.value for d in at.dataframe if "used" in d.value.columns]
    old = data[(data["edition"] == "2017") & (data["year"] == 2017)]
    assert old["used"].tolist() == ["not used: superseded by release 2019-10-28"]
