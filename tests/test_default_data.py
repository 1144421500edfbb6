"""The source registry, the default data built from ITU's own workbook, and the decisions they needed."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.catalogue import load_named
from indicators.default_data import WORKBOOK_SOURCE, BuildError, build, read_quoted
from indicators.paths import DEFAULT_DATA_FILE, KEY_ICT_WORKBOOK
from indicators.registry import GROUP_CODES, load_registry
from indicators.scoring import Scorer
from indicators.sources import SourceError, load_sources
from indicators.table import load_default

REGISTRY = load_registry()
needs_workbook = pytest.mark.skipif(not KEY_ICT_WORKBOOK.is_file(), reason="../shared/realdata is not available")


def figures() -> pd.DataFrame:
    return pd.read_csv(DEFAULT_DATA_FILE, dtype=str, keep_default_na=False)


def series(table: pd.DataFrame, indicator: str, economy: str, edition: str | None = None) -> dict[int, float]:
    hit = table[(table["indicator"] == indicator) & (table["economy"] == economy) & (table["kind"] == "observation")]
    if edition is not None:
        hit = hit[hit["edition"] == edition]
    return dict(zip(hit["year"], hit["value"], strict=True))


def test_every_row_points_at_an_existing_source_and_every_source_is_used():
    sources = load_sources()
    used = set(figures()["source_id"])
    quoted_only = set(read_quoted()["source_id"]) - used
    press_copies = set(read_quoted()["reported_by"]) - {""}
    assert used <= set(sources)
    assert set(sources) == used | quoted_only | press_copies, "a source no row cites"
    # a source cited only by quotes that the workbook replaced quotes the workbook's own release
    assert all("facts-and-figures-2019" in source for source in quoted_only - press_copies)
    assert all(source.provenance in ("primary", "secondary") and source.publisher for source in sources.values())


def test_loading_fills_citation_publisher_and_release_from_the_registry():
    table = load_default(cache_dir=None)
    assert (table["publisher"] != "").all() and (table["source"].str.len() > 10).all()
    ldc = table[(table["indicator"] == "internet_households") & (table["economy"] == "LDC") & (table["year"] == 2019)]
    row = ldc[ldc["edition"] == "2019-10-28"].iloc[0]
    assert row.publisher == "ITU" and "Key ICT indicators" in row.source and row.note == "2019*: estimate"
    ewaste = table[table["indicator"] == "ewaste_generated"]
    assert set(ewaste["publisher"]) == {"UNU/UNITAR"}


def test_a_row_naming_an_unknown_source_is_a_located_error(tmp_path):
    broken = tmp_path / "figures.csv"
    lines = DEFAULT_DATA_FILE.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(lines[3].split(",")[5], "no-such-source")
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match="figures.csv row 4: source_id 'no-such-source' is not in sources.csv"):
        load_default(broken, cache_dir=None)


def test_a_source_registry_with_a_repeated_id_is_refused(tmp_path):
    from indicators.paths import SOURCES_FILE

    lines = SOURCES_FILE.read_text(encoding="utf-8").splitlines()
    copy = tmp_path / "sources.csv"
    copy.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match=f"row {len(lines) + 1}: the id .* is used twice"):
        load_sources(copy)


@needs_workbook
def test_the_committed_default_data_is_the_build_output():
    built = build(KEY_ICT_WORKBOOK)
    pd.testing.assert_frame_equal(built, figures(), check_dtype=False)


def test_ldc_households_follow_itus_2019_release_and_2_1_b_is_not_achieved():
    table = load_default()
    revised = series(table, "internet_households", "LDC", "2019-10-28")
    assert [round(revised[year], 1) for year in range(2015, 2020)] == [8.2, 9.2, 10.3, 11.1, 11.8]
    assert series(table, "internet_households", "LDC", "2017")[2017] == 14.7  # the unrounded value, not 15
    score = Scorer(load_named("connect2020", registry=REGISTRY), table, REGISTRY).score("2.1.B")
    assert score.status not in ("achieved", "achieved_late")


def test_every_default_row_of_the_workbooks_series_comes_from_the_workbook_or_another_release():
    table = figures()
    primary = table[table["source_id"] == WORKBOOK_SOURCE]
    assert len(primary) == 2124
    assert set(primary["economy"]) == set(GROUP_CODES)
    quoted = table[table["source_id"] != WORKBOOK_SOURCE]
    assert not quoted["source_id"].str.contains("facts-and-figures-2019-via-alertify").any()


def test_2_5_b_is_a_count_of_countries_against_all_member_states():
    framework = load_named("connect2020", registry=REGISTRY)
    target = next(t for t in framework.targets if t.id == "2.5.B")
    assert (target.type, target.target_value) == ("level", 193)
    assert target.indicator == "ict_accessibility_framework_countries"
    score = Scorer(framework, load_default(), REGISTRY).score("2.5.B")
    assert (score.status, score.value, score.year) == ("insufficient_data", 84.0, 2019)


def test_3_2_is_not_achieved_on_every_release_of_the_e_waste_monitor():
    table = load_default()
    generated = table[(table["indicator"] == "ewaste_generated")]
    by_release = {edition: series(generated, "ewaste_generated", "WLD", edition) for edition in generated["edition"]}
    assert by_release["2024-03"] == {2010: 34.0, 2022: 62.0}
    baseline = by_release["2014"][2014]
    assert all(max(values.values()) > baseline / 2 for values in by_release.values())  # never halved
    score = Scorer(load_named("connect2020", registry=REGISTRY), table, REGISTRY).score("3.2")
    # no release observes 2020 itself: both neighbours (2010, 2022) fall short, never a firm "not achieved"
    assert (score.status, score.reason) == ("probably_not_achieved", "below_on_both_sides")


def test_the_methodology_states_the_decisions_on_the_default_data():
    from indicators.paths import DOCS_DIR

    text = (DOCS_DIR / "methodology.md").read_text(encoding="utf-8")
    section = text.split("## 9. Default data and the decisions they needed", 1)[1].split("\n## ", 1)[0]
    for needed in ("**2.1.B", "**2.5.B", "**3.2", "193 ITU Member States", "build-default", "14.7%"):
        assert needed in section, needed


def test_a_figure_whose_primary_publication_is_on_file_cites_it_and_names_the_press_copy():
    sources = load_sources()
    for row in read_quoted().itertuples():
        primary = row.source_id.split("-via-")[0]  # a press copy's id: the publication's id, "-via-", the outlet
        assert primary == row.source_id or primary not in sources, f"{row.indicator} {row.year}: cite {primary}"
    women = figures().query("indicator == 'internet_users_women' and economy == 'WLD' and year == '2021'").iloc[0]
    assert women.source_id == "itu-facts-and-figures-2021"
    assert women.note == "press copy: " + sources["itu-facts-and-figures-2021-via-the-citizen"].citation
    ldc = figures().query("indicator == 'internet_households' and economy == 'LDC' and value == '6.7'").iloc[0]
    assert ldc.source_id == "itu-measuring-the-information-society-report-2015-executive-summary"


def test_a_press_copy_must_be_a_secondary_source(tmp_path):
    bad = read_quoted()
    bad.loc[0, "reported_by"] = "itu-facts-and-figures-2021"  # a primary publication, not a press copy
    path = tmp_path / "quoted.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(
        BuildError, match="quoted.csv row 2: reported_by 'itu-facts-and-figures-2021' is not a secondary"
    ):
        build(quoted=path)


def test_releases_are_dated_by_publication():
    from indicators.paths import SOURCES_FILE

    sources = load_sources(SOURCES_FILE)
    workbook = sources[WORKBOOK_SOURCE].release
    facts_2019 = [s for key, s in sources.items() if key.startswith("itu-facts-and-figures-2019")]
    assert facts_2019 and {s.release for s in facts_2019} == {"2019-11-05"} and workbook < "2019-11-05"
    assert sources["itu-annual-report-2018"].release == "2019"  # a report on 2018, published in 2019
