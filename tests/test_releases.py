"""One coherent series per verdict: the designated publisher's latest release, filled only before its first year.

Hand-made tables with explicit publishers and releases, the default data, and the real World Bank file
(skipped when ../shared/realdata is absent) published beside ITU's figures.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from indicators.catalogue import CatalogueError, load_framework, load_named
from indicators.registry import load_registry
from indicators.scoring import Scorer
from indicators.scoring.releases import Figure, Release, official
from indicators.table import load_default, normalise

REGISTRY = load_registry()
FRAMEWORK = load_named("connect2020", registry=REGISTRY)
WB_INTERNET = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "realdata"
    / "worldbank_wdi"
    / "API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"
)


def table(*releases: tuple[str, str, str, list[tuple[int, float]]], indicator="internet_users") -> pd.DataFrame:
    """Releases of (publisher, edition, economy, [(year, value), ...]) as one model table."""
    records = [
        dict(
            indicator=indicator,
            economy=economy,
            year=year,
            value=value,
            unit="percent",
            publisher=publisher,
            source=f"{publisher or 'Unnamed'} report {edition}",
            edition=edition,
            kind="observation",
            note="",
        )
        for publisher, edition, economy, points in releases
        for year, value in points
    ]
    return normalise(pd.DataFrame(records))


def score(frame: pd.DataFrame, target: str = "1.2", **kwargs):
    return Scorer(FRAMEWORK, frame, REGISTRY).score(target, **kwargs)


# --- the rule on hand-made releases -------------------------------------------------------------------


def test_a_revised_release_replaces_the_older_one_instead_of_mixing_year_by_year():
    # LDC households: 2017 release said 10.5, 12.9, 15 for 2015-2017; the 2019 release revised the series
    frame = table(
        ("ITU", "2017", "LDC", [(2015, 10.5), (2016, 12.9), (2017, 14.7)]),
        ("ITU", "2019-10-28", "LDC", [(2015, 8.2), (2016, 9.2), (2017, 10.3), (2018, 11.1), (2019, 11.8)]),
        indicator="internet_households",
    )
    s = score(frame, "2.1.B", compare=True)
    assert [p.value for p in s.points] == [8.2, 9.2, 10.3, 11.1, 11.8]
    assert s.status == "off_track" and s.series.release == "2019-10-28"
    assert s.series.filled_from_older_releases == ()
    by_release = {e.release: e for e in s.by_source}
    assert (by_release["2017"].status, by_release["2017"].value) == ("on_track", 14.7)
    assert by_release["2019-10-28"].official and not by_release["2017"].official


def test_older_releases_fill_only_years_before_the_first_year_already_covered_and_are_marked():
    frame = table(
        ("ITU", "2015", "WLD", [(2000, 6.5), (2015, 43.4)]),
        ("ITU", "2018", "WLD", [(2016, 47.1), (2017, 49.0), (2018, 51.2)]),
        ("ITU", "2019", "WLD", [(2005, 16.8), (2017, 48.6), (2019, 53.6)]),
        ("ITU", "2021", "WLD", [(2021, 63.0)]),  # a highlight alone
    )
    s = score(frame, compare=True)
    points = [(p.year, p.value, p.filled) for p in s.points]
    # 2021 from the latest release; 2005, 2017, 2019 from the 2019 release (all before 2021); the 2018
    # release has nothing before 2005 and the 2015 release gives 2000 only: 2015 is after 2005
    assert points == [
        (2000, 6.5, True),
        (2005, 16.8, True),
        (2017, 48.6, True),
        (2019, 53.6, True),
        (2021, 63.0, False),
    ]
    assert (s.series.publisher, s.series.release, s.series.source, s.series.filled_from_older_releases) == (
        "ITU",
        "2021",
        "ITU report 2021",
        (2000, 2005, 2017, 2019),
    )
    assert [(r.release, r.points) for r in s.series.releases] == [("2015", 1), ("2019", 3), ("2021", 1)]
    # 2020 unobserved: 53.6% in 2019, 63.0% in 2021, about 58.3% in 2020 against 60%
    assert (s.status, s.year_met) == ("probably_not_achieved", None)


def test_values_of_another_publisher_never_enter_the_official_series():
    frame = table(
        ("ITU", "2019", "LDC", [(2015, 9.5), (2017, 17.6), (2019, 19.1)]),
        ("World Bank", "2024-06-28", "LDC", [(2015, 11.0), (2019, 18.5), (2020, 25.3), (2021, 29.0)]),
    )
    s = score(frame, "2.2.B", compare=True)
    assert [p.value for p in s.points] == [9.5, 17.6, 19.1]
    assert all("World Bank" not in c for p in s.points for c in p.sources)
    # the table holds a 2024 release: the 2020 deadline has passed, and ITU's series ends in 2019
    assert s.status in ("probably_achieved", "probably_not_achieved", "too_close_to_call")
    assert s.series.publisher == "ITU"
    (itu, wb) = s.by_source
    assert (itu.publisher, itu.official, itu.status) == ("ITU", True, s.status)
    assert (wb.publisher, wb.release, wb.status) == ("World Bank", "2024-06-28", "achieved")
    assert wb.year_met == 2020
    assert (wb.value, wb.year, wb.points, wb.official) == (29.0, 2021, 4, False)


def test_a_blank_publisher_counts_as_the_designated_one():
    frame = table(("", "2019", "WLD", [(2015, 43.4), (2019, 53.6)]), ("OWID", "2024", "WLD", [(2020, 60.0)]))
    s = score(frame)
    assert s.series.publisher == "ITU" and s.year == 2019
    assert [e.publisher for e in s.by_source] == ["ITU", "OWID"]


def test_a_target_can_name_another_publisher(tmp_path):
    text = FRAMEWORK.path.read_text(encoding="utf-8").replace('id = "1.2"\n', 'id = "1.2"\npublisher = "World Bank"\n')
    path = tmp_path / "override.toml"
    path.write_text(text, encoding="utf-8")
    framework = load_framework(path, REGISTRY)
    assert framework.publisher == "ITU" and framework.target("1.2").publisher == "World Bank"
    assert framework.target("1.1").publisher == "ITU"
    frame = table(("ITU", "2019", "WLD", [(2019, 53.6)]), ("World Bank", "2024", "WLD", [(2019, 55.0), (2020, 61.0)]))
    s = Scorer(framework, frame, REGISTRY).score("1.2")
    assert (s.series.publisher, s.status, s.value) == ("World Bank", "achieved", 61.0)


@pytest.mark.parametrize(
    ("where", "line", "message"),
    [
        ("framework", 'publisher = "ITU"', "override.toml: [framework]: field 'publisher' is blank"),
        ("target", 'id = "1.2"\npublisher = 3', "override.toml: target 1.2: field 'publisher' must be str, found 3"),
    ],
)
def test_a_bad_publisher_field_names_file_target_and_field(tmp_path, where, line, message):
    text = FRAMEWORK.path.read_text(encoding="utf-8")
    text = text.replace(line, 'publisher = ""') if where == "framework" else text.replace('id = "1.2"', line)
    path = tmp_path / "override.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_framework(path, REGISTRY)
    assert str(caught.value).startswith(message)


def test_the_rule_on_figures_keeps_the_later_row_of_one_release_and_year():
    figures = [Figure("ITU", "2019", 2019, 50.0, 0), Figure("ITU", "2019", 2019, 51.0, 1)]
    chosen = official(figures, "ITU")
    assert chosen.values == (51.0,) and chosen.release == Release("ITU", "2019")
    assert official(figures, "World Bank").release is None


# --- what was known when --------------------------------------------------------------------------


def test_as_of_sees_the_release_that_was_out_then_and_a_later_revision_changes_the_verdict():
    frame = table(
        ("ITU", "2017", "LDC", [(2015, 10.5), (2016, 12.9), (2017, 14.7)]),
        ("ITU", "2019-10-28", "LDC", [(2015, 8.2), (2016, 9.2), (2017, 10.3), (2018, 11.1), (2019, 11.8)]),
        indicator="internet_households",
    )
    then = score(frame, "2.1.B", as_of=2018)
    assert then.series.release == "2017" and then.status == "on_track" and then.year == 2017
    assert [e.release for e in then.by_source] == ["2017"]  # the 2019 release did not exist yet
    later = score(frame, "2.1.B", as_of=2019)
    assert later.series.release == "2019-10-28" and later.status == "off_track"


def test_figures_without_a_known_release_are_cut_by_observation_year_and_say_so():
    frame = table(("ITU", "", "WLD", [(2015, 43.4), (2016, 47.0), (2019, 53.6)]))
    s = score(frame, as_of=2016)
    assert s.year == 2016 and s.evidence.points == 2 and s.evidence.undated
    assert not score(table(("ITU", "2016", "WLD", [(2015, 43.4), (2016, 47.0)])), as_of=2016).evidence.undated


# --- the default data and the real World Bank file ----------------------------------------------------


def test_default_data_scored_series_never_mix_releases_year_by_year():
    scorer = Scorer(FRAMEWORK, load_default(), REGISTRY)
    for target in FRAMEWORK.targets:
        s = scorer.score(target.id, compare=True)
        if not s.points or s.evidence.derived:
            continue
        assert s.series.publisher == target.publisher  # ITU, or UNU/UNITAR for 3.2 (the E-waste Monitor)
        chosen = scorer.index.official(target.indicator, s.economy, target.publisher)
        editions = list(chosen.editions)
        assert list(chosen.years) == [p.year for p in s.points]
        assert editions == sorted(editions), (target.id, editions)  # newer releases only ever for later years


@pytest.fixture(scope="module")
def with_world_bank() -> pd.DataFrame:
    if not WB_INTERNET.is_file():
        pytest.skip("../shared/realdata is not available")
    from indicators.ingest import read_path

    # The file's "Last Updated Date" preamble was stripped; it was downloaded in 2024 (columns to 2023), so the
    # analyst enters the release, as the upload panel asks.
    upload = read_path(WB_INTERNET, publisher="World Bank", edition="2024")
    assert upload.report.valid, upload.report.text()
    world_bank = upload.table
    assert set(world_bank["publisher"]) == {"World Bank"} and set(world_bank["edition"]) == {"2024"}
    return normalise(pd.concat([load_default(), world_bank], ignore_index=True))


def test_after_adding_world_bank_rows_every_official_verdict_is_on_itu_series_only(with_world_bank):
    default = {s.target: s for s in Scorer(FRAMEWORK, load_default(), REGISTRY).scorecard()}
    scorer = Scorer(FRAMEWORK, with_world_bank, REGISTRY)
    for s in scorer.scorecard():
        assert (s.status, s.value, s.year, s.evidence.points) == (
            default[s.target].status,
            default[s.target].value,
            default[s.target].year,
            default[s.target].evidence.points,
        ), s.target
        assert not any("World Bank" in c for c in s.sources), s.target
    ldc = scorer.score("2.2.B")
    assert ldc.status == "achieved" and ldc.series.publisher == "ITU"  # 36.0 in 2022 (ITU March 2023): ~24.7 in 2020
    world_bank = next(e for e in ldc.by_source if e.publisher == "World Bank")
    assert (world_bank.status, world_bank.year_met) == ("achieved", 2019)  # 22.97 in 2019, own series
    assert world_bank.source.startswith("World Bank, World Development Indicators")
    world = next(e for e in scorer.score("1.2").by_source if e.publisher == "World Bank")
    assert world.points > 30 and world.status in ("achieved", "achieved_late")


def test_a_target_only_another_publisher_covers_says_so_instead_of_no_data():
    from indicators.catalogue import load_named
    from indicators.registry import load_registry
    from indicators.scoring import Scorer
    from tests.helpers import make_table

    registry = load_registry()
    rows = [("internet_users", "WLD", 2019, 53.0, "2024-06"), ("internet_users", "WLD", 2020, 59.3, "2024-06")]
    table = make_table(rows).assign(publisher="World Bank")
    score = Scorer(load_named("connect2020", registry=registry), table, registry).score("1.2")
    assert (score.status, score.reason) == ("insufficient_data", "no_data")
    assert score.explanation.startswith("ITU has published no figure of this for WLD; World Bank has")
    assert [e.publisher for e in score.by_source] == ["World Bank"]


def test_a_national_view_uses_whoever_publishes_the_country_one_publisher_at_a_time():
    from indicators.catalogue import load_named
    from indicators.registry import load_registry
    from indicators.scoring import Scorer
    from tests.helpers import make_table

    registry = load_registry()
    rows = [("internet_users", "KEN", 2015, 16.6, "2024-06"), ("internet_users", "KEN", 2020, 29.5, "2024-06")]
    world_bank = make_table(rows).assign(publisher="World Bank")
    office = make_table([("internet_users", "KEN", 2019, 40.0, "2021")]).assign(publisher="Kenya ICT Authority")
    table = pd.concat([world_bank, office], ignore_index=True)
    score = Scorer(load_named("connect2020", registry=registry), table, registry).score("1.2", economy="KEN")
    assert score.series.publisher == "World Bank"  # ITU has no Kenyan figure: the longest other series
    assert (score.value, score.year, score.status) == (29.5, 2020, "not_achieved")
    itu = make_table([("internet_users", "KEN", 2019, 22.6, "2020")]).assign(publisher="ITU")
    both = Scorer(load_named("connect2020", registry=registry), pd.concat([table, itu]), registry)
    assert both.score("1.2", economy="KEN").series.publisher == "ITU"  # the designated publisher first
