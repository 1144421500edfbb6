"""The documentation describes what the code does: every status and reason code, and the quoted numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indicators.catalogue import load_named
from indicators.ingest.problems import CATALOGUE, markdown
from indicators.registry import load_registry
from indicators.scoring import METHODS, STATUSES, Scorer
from indicators.table import load_default

ROOT = Path(__file__).resolve().parents[1]
METHODOLOGY = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
REASONS = ("no_data", "no_baseline", "one_point", "fell_back", "not_met")


@pytest.mark.parametrize("word", [*STATUSES, *REASONS, *METHODS])
def test_every_status_reason_and_method_is_documented(word):
    assert f"`{word}`" in METHODOLOGY


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
    example = readme.split("$ python -m indicators scorecard\n", 1)[1].split("```", 1)[0]
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
