"""The tables the pages show, built by the core: on the World Bank's real internet-use file beside the
default data (skipped when ../shared/realdata is absent), and on small tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from indicators.catalogue import load_named
from indicators.charts import map_frame
from indicators.ingest import read_path
from indicators.registry import load_registry
from indicators.scoring import Scorer
from indicators.store import open_store
from indicators.table import load_default, normalise
from indicators.views.countries import profile, ranking, readable, sources_line
from indicators.views.data import publications
from indicators.views.history import versions_frame
from indicators.views.target import figures_used, method_agreement, methods_table, verdict_timeline
from tests.helpers import make_table

INTERNET = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "realdata"
    / "worldbank_wdi"
    / "API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"
)
TARGET = "2.2.B"  # internet users in the LDCs, ITU's series
COUNTRIES = ["KEN", "BRA", "DEU", "IND", "NGA", "TZA"]


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.fixture(scope="module")
def with_world_bank(registry):
    """(table, scorer): the default data and the World Bank's internet-use file for every country and group."""
    if not INTERNET.is_file():
        pytest.skip("../shared/realdata is not available")
    rows = read_path(INTERNET).table.assign(publisher="World Bank")
    table = normalise(pd.concat([load_default(), rows], ignore_index=True))
    return table, Scorer(load_named("connect2020", registry=registry), table, registry)


def test_the_figures_used_are_the_official_verdicts_points_and_no_other_publishers(with_world_bank):
    table, scorer = with_world_bank
    target = scorer.framework.target(TARGET)
    score = scorer.score(TARGET, compare=True)
    used = figures_used(table, scorer, score, target, None)
    is_used = used["used"].str.startswith("used")
    assert sorted(used.loc[is_used, "year"]) == sorted(p.year for p in score.points)
    assert (used.loc[used["publisher"] == "World Bank", "used"] == "another publisher: see What each source says").all()
    assert used.loc[is_used, "publisher"].eq(target.publisher).all()


def test_a_past_view_uses_nothing_published_after_it(with_world_bank):
    table, scorer = with_world_bank
    target = scorer.framework.target(TARGET)
    used = figures_used(table, scorer, scorer.score(TARGET, as_of=2015), target, 2015)
    assert not used.loc[used["year"] > 2015, "used"].str.startswith("used").any()
    assert (used.loc[used["year"] > 2015, "used"] == "not known at the end of 2015: not used").all()


def test_methods_and_timeline_read_the_same_series(with_world_bank):
    _, scorer = with_world_bank
    score = scorer.score(TARGET, compare=True)
    methods = methods_table(score)
    assert len(methods) == len(score.methods) and f"projected {score.target_year}" in methods
    agreeing = sum(m.status == score.status for m in score.methods)
    sentence = method_agreement(score)
    assert sentence.startswith(f"All {agreeing} methods" if agreeing == len(score.methods) else f"{agreeing} of ")
    timeline = verdict_timeline(scorer, TARGET, score.method, 2015, 2019)
    assert timeline["end of year"].tolist() == list(range(2015, 2020))
    assert (timeline["of year"].dropna() <= timeline["end of year"][timeline["of year"].notna()]).all()


def test_country_ranking_and_profile_on_real_countries(with_world_bank, registry):
    _, scorer = with_world_bank
    names = {code: e.name for code, e in registry.economies.items()}
    frame = map_frame([scorer.score(TARGET, economy=code) for code in COUNTRIES], names)
    ranked = ranking(frame, higher_is_better=True, unit="percent")
    assert ranked["rank"].tolist() == list(range(1, len(COUNTRIES) + 1))
    assert ranked["country"].iloc[0] == "Germany" and ranked["value"].iloc[0].endswith("%")
    sources = sorted({s for s in frame["source"] if s})
    assert sources_line(frame) == sources[0] + (f" and {len(sources) - 1} more" if len(sources) > 1 else "")
    national = scorer.scorecard(economy="KEN")
    shown = profile(national, scorer.scorecard())
    assert len(shown) == len(national) and shown["official verdict"].str.endswith(")").all()


def test_readable_leaves_out_columns_with_nothing_to_say():
    frame = pd.DataFrame(
        {
            "status_text": ["✔ Achieved"],
            "name": ["Kenya"],
            "value": [57.8],
            "year": [2019],
            "progress": [float("nan")],
            "points": [6],
            "source": [""],
            "iso3": ["KEN"],
        }
    )
    assert readable(frame, "percent").columns.tolist() == ["status", "country", "value", "year", "points", "iso3"]
    assert sources_line(frame) == ""


def test_publications_count_figures_and_name_missing_editions():
    figures = make_table([("internet_users", "WLD", 2019, 54.0, "2024"), ("internet_users", "WLD", 2018, 50.0, "")])
    figures["source"] = "ITU"
    assert publications(figures).to_dict("records") == [
        {"source": "ITU", "editions": "(not stated), 2024", "figures": 2}
    ]


def test_versions_are_listed_newest_first_with_what_they_changed():
    store = open_store("memory://")
    store.publish(make_table([("internet_users", "WLD", 2019, 54.0)]), author="ana", message="=cmd|' /C calc'!A0")
    frame = versions_frame(store.history())
    assert frame["version"].tolist() == [1, 0]
    assert frame["author"].iloc[0] == "ana" and frame["changes"].iloc[0] == "1 added"
    assert not frame["message"].iloc[0].startswith("=")  # a formula-looking message is neutralised
