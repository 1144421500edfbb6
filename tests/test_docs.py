"""The documentation describes what the code does: every status and reason code, and the quoted numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indicators.catalogue import load_named
from indicators.ingest.problems import CATALOGUE, markdown
from indicators.registry import load_registry
from indicators.scoring import METHODS, STATUSES, Scorer, reasons
from indicators.table import load_default
from tests.helpers import make_table

ROOT = Path(__file__).resolve().parents[1]
METHODOLOGY = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
REASON_TABLE = re.compile(r"<!-- reason-codes:start[^>]*-->\n(.*?)\n<!-- reason-codes:end -->", re.S)


@pytest.mark.parametrize("word", [*STATUSES, *METHODS])
def test_every_status_and_method_is_documented(word):
    assert f"`{word}`" in METHODOLOGY


def test_the_reason_codes_in_the_methodology_are_the_ones_the_code_knows():
    assert REASON_TABLE.findall(METHODOLOGY) == [reasons.markdown_table()], (
        "docs/methodology.md's reason table is stale; regenerate it with "
        "python -c 'from indicators.scoring.reasons import markdown_table; print(markdown_table())'"
    )


def _users(*pairs):
    return [("internet_users", "WLD", year, value) for year, value in pairs]


# One case per reason code: (target, rows, options). Target 1.2 is 60% of individuals online by 2020.
REASON_CASES = {
    "qualitative": ("4.1", [], {}),
    "not_applicable_to_economy": ("2.3.A", _users((2015, 40.0)), {"economy": "KEN"}),
    "no_data": ("1.2", [("internet_users", "LDC", 2016, 15.0)], {}),
    "thin_coverage": ("1.3", [("ict_price_basket", "KEN", 2015, 5.0)], {}),
    "no_baseline": ("1.3", [("ict_price_basket", "WLD", 2008, 15.2), ("ict_price_basket", "WLD", 2010, 12.4)], {}),
    "too_few_points": ("1.2", _users((2015, 40.0), (2016, 47.0)), {}),
    "method_not_applicable": ("1.2", _users((2015, 0.0), (2016, 5.0), (2017, 8.0)), {"method": "cagr"}),
    "met_by_target_year": ("1.2", _users((2015, 43.4), (2017, 61.0)), {}),
    "met_after_target_year": ("1.2", _users((2015, 43.4), (2020, 58.0), (2021, 63.0)), {}),
    "fell_back": ("1.2", _users((2015, 50.0), (2017, 61.0), (2020, 58.0)), {}),
    "not_met": ("1.2", _users((2015, 40.0), (2020, 55.0)), {}),
    "met_by_interpolation": ("1.2", _users((2016, 50.0), (2017, 52.0), (2018, 54.0), (2019, 56.5), (2022, 75.0)), {}),
    "not_bracketed": ("1.2", _users((2021, 65.0)), {}),
    "interpolated_probably_met": (
        "1.2",
        _users((2016, 50.0), (2017, 52.0), (2018, 54.0), (2019, 56.0), (2021, 65.0)),
        {},
    ),
    "interpolated_probably_missed": (
        "1.2",
        _users((2016, 50.0), (2017, 52.0), (2018, 54.0), (2019, 56.0), (2021, 63.0)),
        {},
    ),
    "below_on_both_sides": ("1.2", _users((2015, 40.0), (2019, 50.0), (2021, 55.0)), {}),
    "below_after_deadline": ("1.2", _users((2021, 55.0)), {}),
    "interpolated_too_close": ("1.2", _users((2019, 53.6), (2021, 63.0)), {}),
    "projected_too_close": ("1.2", _users((2015, 46.0), (2016, 49.0), (2017, 52.0), (2018, 55.0), (2019, 58.0)), {}),
    "methods_disagree": ("1.2", _users((2015, 40.0), (2016, 44.0), (2017, 48.0), (2018, 52.0), (2019, 56.0)), {}),
    "projected_probably_met": (
        "1.2",
        _users((2015, 40.0), (2016, 45.0), (2017, 50.0), (2018, 55.0)),
        {"as_of": 2022},
    ),
    "projected_probably_missed": (
        "1.2",
        _users((2015, 40.0), (2016, 41.0), (2017, 42.0), (2018, 43.0)),
        {"as_of": 2022},
    ),
    "projected_to_meet": ("1.2", _users((2015, 40.0), (2016, 50.0), (2017, 58.0)), {}),
    "projected_to_miss": ("1.2", _users((2015, 40.0), (2016, 40.0), (2017, 40.0)), {}),
    "moving_away": ("1.2", _users((2015, 50.0), (2016, 45.0), (2017, 40.0)), {}),
}


def test_every_reason_code_has_a_case():
    assert set(REASON_CASES) == set(reasons.REASONS)


@pytest.mark.parametrize("code", REASON_CASES)
def test_every_reason_code_is_produced_by_the_scoring(code):
    target, rows, options = REASON_CASES[code]
    registry = load_registry()
    unit = "% GNI p.c." if target == "1.3" else "%"
    score = Scorer(load_named("connect2020", registry=registry), make_table(rows, unit=unit), registry).score(
        target, **options
    )
    assert score.reason == code
    assert score.status == reasons.REASONS[code].status


def test_a_verdict_with_an_undocumented_reason_is_refused():
    with pytest.raises(ValueError, match="not a documented reason"):
        reasons.check("looks_fine", "achieved")
    with pytest.raises(ValueError, match="not a documented reason"):
        reasons.check("not_met", "achieved")


def test_the_numbers_quoted_for_developing_households_are_current():
    registry = load_registry()
    scorer = Scorer(load_named("connect2020", registry=registry), load_default(), registry)
    views = {v.method: v for v in scorer.score("2.1.A", compare=True).methods}
    quoted = re.search(
        r"saturation\s+trend projects ([\d.]+)% .*?compound growth ([\d.]+)%.*?regression ([\d.]+)%", METHODOLOGY, re.S
    )
    assert quoted, "the 2.1.A example is missing from docs/methodology.md"
    for method, text in zip(("saturation", "cagr", "escap"), quoted.groups()):
        assert f"{views[method].projected_value:.1f}" == text, method


def test_readme_quick_start_is_the_two_make_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```")[1]
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()] == ["sh", "make run", "make test"]


def test_readme_scorecard_example_is_the_real_output(tmp_path, monkeypatch, capsys):
    from indicators.cli import main

    monkeypatch.setenv("INDICATORS_STORE", str(tmp_path / "store"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("$ .venv/bin/python -m indicators scorecard\n", 1)[1].split("```", 1)[0]
    assert main(["scorecard"]) == 0
    assert capsys.readouterr().out == example


PROBLEMS_TABLE = re.compile(r"<!-- problems-table:start[^>]*-->\n(.*?)\n<!-- problems-table:end -->", re.S)


def test_docs_list_every_problem_code_as_the_catalogue_renders_it():
    found = PROBLEMS_TABLE.findall((ROOT / "docs" / "problems.md").read_text(encoding="utf-8"))
    assert len(found) == 1, "docs/problems.md needs one table between the problems-table markers"
    assert found[0] == markdown(), (
        "docs/problems.md differs from indicators/ingest/problems.py: replace the table with the output of "
        "python -c 'from indicators.ingest.problems import markdown; print(markdown())'"
    )
    assert all(f"| `{code}` |" in found[0] for code in CATALOGUE)


def test_the_cli_reference_is_the_one_made_from_the_argument_parsers():
    from indicators.cli import reference

    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == reference.markdown(), (
        "docs/cli.md differs from the argument parsers: run `make docs` "
        "(python -m indicators.cli.reference > docs/cli.md)"
    )


def test_every_command_has_a_section_in_the_cli_reference():
    from indicators.cli import build_parser, reference

    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert all(f"## `{name}`" in text for name in reference.commands(build_parser()))


@pytest.mark.parametrize("page", sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"], ids=lambda p: p.name)
def test_every_relative_link_in_the_docs_points_to_a_file(page):
    links = re.findall(r"\]\(([^)#:\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8"))
    missing = [link for link in links if not (page.parent / link).exists()]
    assert not missing, f"{page.name} links to files that do not exist: {missing}"
