"""Group indicators computed from country figures: statistics, coverage, labels, and what a verdict says."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from indicators import group_indicators
from indicators.catalogue import CatalogueError, GroupComputation, load_framework, load_named
from indicators.cli import main
from indicators.registry import load_registry
from indicators.scoring import Scorer
from indicators.table import normalise

REGISTRY = load_registry()
FRAMEWORK = load_named("connect2020", registry=REGISTRY)
WORLD = sorted(e.code for e in REGISTRY.members("WLD"))
COUNTRIES = [code for code in WORLD if code != "CHI"]  # the Channel Islands only stand in for Guernsey and Jersey
DEVELOPING = sorted(e.code for e in REGISTRY.members("DEVELOPING"))
DEVELOPED = sorted(e.code for e in REGISTRY.members("DEVELOPED"))
REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"
GCI = REALDATA / "itu_gci" / "gci-local-indicator-summary.csv"
PRICES = REALDATA / "itu_prices"


def countries(indicator: str, codes: list[str], year: int, value, *, publisher="ITU", edition="2024", unit="index"):
    """One row per country; ``value`` is a number or a function of the country's position."""
    return [
        dict(
            indicator=indicator,
            economy=code,
            year=year,
            value=value(i) if callable(value) else value,
            unit=unit,
            source=f"Test country figures {edition}",
            edition=edition,
            publisher=publisher,
        )
        for i, code in enumerate(codes)
    ]


def table(*groups: list[dict]) -> pd.DataFrame:
    return normalise(pd.DataFrame([row for rows in groups for row in rows]))


def test_a_mean_carries_its_coverage_inputs_publisher_and_release():
    data = table(
        countries("gci_score", COUNTRIES[:200], 2014, 0.3),
        countries("gci_score", COUNTRIES[:200], 2017, lambda i: 0.2 if i % 2 else 0.6),
    )
    computed = group_indicators.compute(data, FRAMEWORK, REGISTRY)
    figures = {f.year: f for f in computed.of("gci_score", "WLD")}
    assert figures[2014].value == pytest.approx(0.3) and figures[2017].value == pytest.approx(0.4)
    assert (figures[2014].countries, figures[2014].members) == (200, len(WORLD))
    assert figures[2014].missing == tuple(code for code in WORLD if code not in COUNTRIES[:200])
    row = computed.rows[computed.rows["year"] == 2014].iloc[0]
    assert (row["economy"], row["publisher"], row["edition"]) == ("WLD", "ITU", "2024")
    assert row["source"].startswith("Computed by this dashboard: mean of gci_score over 200 of the")
    assert "Test country figures 2024" in row["source"] and "not published as such" in row["note"]


def test_releases_and_publishers_are_never_mixed():
    data = table(
        countries("gci_score", COUNTRIES[:200], 2014, 0.3, edition="2015"),
        countries("gci_score", COUNTRIES[:200], 2014, 0.5, edition="2024"),
        countries("gci_score", COUNTRIES[:200], 2014, 0.9, publisher="Other"),
    )
    figures = group_indicators.compute(data, FRAMEWORK, REGISTRY).of("gci_score", "WLD")
    found = {(f.publisher, f.edition): f.value for f in figures}
    assert found == pytest.approx({("ITU", "2015"): 0.3, ("ITU", "2024"): 0.5, ("Other", "2024"): 0.9})


@pytest.mark.parametrize(
    ("statistic", "threshold", "expected"),
    [("mean", None, 4.0), ("median", None, 2.0), ("count_under", 5.0, 3.0), ("share_under", 5.0, 75.0)],
)
def test_each_statistic(statistic, threshold, expected, tmp_path):
    computation = GroupComputation("fixed_broadband_basket", "fixed_broadband_basket", statistic, ("LDC",), threshold)
    ldc = sorted(e.code for e in REGISTRY.members("LDC"))
    rows = countries("fixed_broadband_basket", ldc[:4], 2015, lambda i: [1.0, 2.0, 2.0, 11.0][i])
    records = [(r["economy"], r["publisher"], r["edition"], r["year"], r["value"], r["source"]) for r in rows]
    figures = list(group_indicators._figures(computation, records, {"LDC": ldc}))
    assert [f.value for f in figures] == pytest.approx([expected])


def test_a_combined_economy_is_not_counted_beside_its_parts():
    computation = GroupComputation("gci_score", "gci_score", "mean", ("DEVELOPED",))
    rows = countries("gci_score", ["GGY", "JEY", "CHI"], 2014, lambda i: [0.2, 0.4, 0.9][i])
    records = [(r["economy"], r["publisher"], r["edition"], r["year"], r["value"], r["source"]) for r in rows]
    (figure,) = group_indicators._figures(computation, records, {"DEVELOPED": DEVELOPED})
    assert figure.value == pytest.approx(0.3) and figure.countries == 2 and "CHI" in figure.missing


def test_a_figure_the_publisher_released_is_never_replaced():
    published = dict(countries("gci_score", ["WLD"], 2014, 0.28, edition="2024")[0], source="ITU Annual Report")
    data = table(countries("gci_score", WORLD, 2014, 0.5), [published])
    extended = group_indicators.compute(data, FRAMEWORK, REGISTRY).extend(data)
    world = extended[(extended["economy"] == "WLD") & (extended["indicator"] == "gci_score")]
    assert world["value"].tolist() == [0.28] and world["source"].tolist() == ["ITU Annual Report"]


def test_a_verdict_on_a_computed_mean_says_so_with_its_coverage():
    data = table(
        countries("gci_score", COUNTRIES[:190], 2014, 0.28),
        countries("gci_score", COUNTRIES[:190], 2017, 0.36),
        countries("gci_score", COUNTRIES[:190], 2018, 0.43),
    )
    score = Scorer(FRAMEWORK, data, REGISTRY).score("3.1")
    assert score.status == "achieved" and score.baseline_value == pytest.approx(0.28)
    assert score.evidence.derived.startswith("computed by this dashboard: mean of gci_score, 2018 over 190 of")
    evidence = json.loads(json.dumps(score.to_dict()))["evidence"]["computed"]
    assert evidence["publisher_of_inputs"] == "ITU" and evidence["statistic"] == "mean"
    assert [(f["year"], f["countries"], f["members"]) for f in evidence["figures"]] == [
        (2014, 190, len(WORLD)),
        (2017, 190, len(WORLD)),
        (2018, 190, len(WORLD)),
    ]
    assert "Computed by this dashboard from ITU country figures" in group_indicators.computed_text(score)


def test_as_of_a_year_the_evidence_names_only_the_figures_known_then():
    data = table(
        countries("gci_score", COUNTRIES[:190], 2014, 0.28, edition="2017"),
        countries("gci_score", COUNTRIES[:190], 2017, 0.36, edition="2017"),
        countries("gci_score", COUNTRIES[:190], 2018, 0.43, edition="2017"),  # a year after the release: not by 2017
    )
    score = Scorer(FRAMEWORK, data, REGISTRY).score("3.1", as_of=2017)
    assert [f.year for f in score.evidence.computed.figures] == [2014, 2017]
    assert ", 2017 over 190 of" in score.evidence.derived


def test_thin_years_of_a_scored_release_are_listed_as_not_scored():
    data = table(
        countries("gci_score", COUNTRIES[:190], 2014, 0.28),
        countries("gci_score", COUNTRIES[:190], 2017, 0.36),
        countries("gci_score", COUNTRIES[:50], 2018, 0.9),  # too few: never scored
    )
    score = Scorer(FRAMEWORK, data, REGISTRY).score("3.1")
    assert score.year == 2017 and score.evidence.last_year == 2017
    listed = {f.year: f.scored for f in score.evidence.computed.figures}
    assert listed == {2014: True, 2017: True, 2018: False}
    assert "190 of" in group_indicators.computed_text(score) and "in 2017" in group_indicators.computed_text(score)


def test_thin_coverage_refuses_the_verdict_and_says_the_threshold():
    data = table(
        countries("fixed_broadband_basket", DEVELOPING[:10], 2015, 8.0),
        countries("fixed_broadband_basket", DEVELOPING[:10], 2019, 3.0),
    )
    scorer = Scorer(FRAMEWORK, data, REGISTRY)
    assert scorer.computed.rows.empty  # thin figures are never scored
    score = scorer.score("2.3.B")
    assert (score.status, score.reason) == ("insufficient_data", "thin_coverage")
    assert f"from 10 of the {len(DEVELOPING)} members of Developing economies" in score.explanation
    assert "under the 67% of members" in score.explanation and "3 % GNI p.c. in 2019" in score.explanation
    assert list(score.evidence.computed.figures[-1].missing) == DEVELOPING[10:]
    assert scorer.score("2.3.B", as_of=2016).reason == "no_data"  # the release of 2024 was not out in 2016


def test_the_gap_of_two_computed_means_is_scored_and_named():
    data = table(
        countries("ict_price_basket", DEVELOPING, 2014, 20.0, unit="% GNI p.c."),
        countries("ict_price_basket", DEVELOPED, 2014, 2.0, unit="% GNI p.c."),
        countries("ict_price_basket", DEVELOPING, 2020, 10.0, unit="% GNI p.c."),
        countries("ict_price_basket", DEVELOPED, 2020, 1.0, unit="% GNI p.c."),
    )
    score = Scorer(FRAMEWORK, data, REGISTRY).score("2.3.A")
    assert score.baseline_value == pytest.approx(18.0) and score.value == pytest.approx(9.0)
    assert score.status == "achieved"
    assert "gap: DEVELOPING minus DEVELOPED; computed by this dashboard" in score.evidence.derived
    assert {f.group for f in score.evidence.computed.figures} == {"DEVELOPING", "DEVELOPED"}


def test_a_national_view_is_not_annotated():
    data = table(countries("gci_score", WORLD, 2014, 0.3), countries("gci_score", WORLD, 2018, 0.5))
    score = Scorer(FRAMEWORK, data, REGISTRY).score("3.1", economy="KEN")
    assert not score.evidence.computed and not score.evidence.derived


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('statistic = "average"', "expected one of mean, median"),
        ('statistic = "count_under"', "needs a field 'threshold'"),
        ('statistic = "mean"\nthreshold = 5', "takes no field 'threshold'"),
        ('statistic = "mean"\nmin_coverage = 1.5', "min_coverage"),
        ('statistic = "mean"\ngroups = ["KEN"]', "'KEN', which is not a group"),
        ('statistic = "mean"\nfrom = "gci_scor"', "unknown indicator 'gci_scor'"),
        ('statistic = "count_under"\nthreshold = 0.5', "a count_under gives 'countries'"),
        ('statistic = "mean"\nfrom = "internet_users"', "a mean gives 'percent', but indicator 'gci_score'"),
    ],
)
def test_a_bad_declaration_is_refused_with_the_target_and_field(entry, message, tmp_path):
    text = (Path(FRAMEWORK.path or "").read_text(encoding="utf-8")).replace(
        '[[targets.computed]]\nstatistic = "mean"  # of the 0-1', f"[[targets.computed]]\n{entry}  # of the 0-1", 1
    )
    path = tmp_path / "changed.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError, match="target 3.1: computed #1") as raised:
        load_framework(path, REGISTRY)
    assert message in str(raised.value)


def test_a_ministry_can_change_the_computation_in_the_framework_file(tmp_path):
    text = Path(FRAMEWORK.path or "").read_text(encoding="utf-8")
    changed = text.replace('statistic = "mean"  # of the 0-1', 'statistic = "median"\nmin_coverage = 0.9  # of', 1)
    path = tmp_path / "median.toml"
    path.write_text(changed, encoding="utf-8")
    framework = load_framework(path, REGISTRY)
    data = table(countries("gci_score", COUNTRIES[:200], 2014, lambda i: 0.1 if i < 120 else 0.9))
    score = Scorer(framework, data, REGISTRY).score("3.1")
    assert score.reason == "thin_coverage" and "under the 90% of members" in score.explanation
    assert "median of gci_score" in score.explanation


def cli_json(capsys, *argv: str):
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.skipif(not GCI.is_file() or not PRICES.is_dir(), reason="../shared/realdata is not available")
def test_the_real_gci_and_price_files_publish_and_feed_31_and_23b(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INDICATORS_STORE", str(tmp_path / "store"))
    assert main(["validate", str(GCI), "--edition", "2024-09"]) == 0
    assert main(["publish", str(GCI), "--edition", "2024-09", "-m", "GCI by country"]) == 0
    for path in sorted(PRICES.glob("*.xlsx")):
        assert main(["publish", str(path), "--publisher", "ITU", "--edition", "2025", "-m", "ITU prices"]) == 0
    capsys.readouterr()
    scores = {s["target"]: s for s in cli_json(capsys, "scorecard", "--format", "json")}
    gci = scores["3.1"]
    figures = {f["year"]: f for f in gci["evidence"]["computed"]["figures"]}
    assert abs(figures[2014]["value"] - 0.28) < 0.005 and gci["baseline_value"] == figures[2014]["value"]
    assert figures[2014]["countries"] == 194 and set(figures) == {2014, 2017, 2018}  # never the 0-100 editions
    assert gci["evidence"]["derived"].startswith("computed by this dashboard: mean of gci_score")
    assert gci["series"]["publisher"] == "ITU" and gci["series"]["release"] == "2024-09"
    price = scores["2.3.B"]
    assert (price["status"], price["reason"]) == ("insufficient_data", "thin_coverage")
    latest = price["evidence"]["computed"]["figures"][-1]
    # the extracts' 1 GB basket ends in 2017 (the 5 GB basket from 2018 is another indicator)
    assert latest["year"] == 2017 and latest["countries"] == 3 and latest["members"] == len(DEVELOPING)
    assert "fixed_broadband_basket" in price["explanation"] and "67%" in price["explanation"]
