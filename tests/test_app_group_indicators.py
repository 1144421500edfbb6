"""Pages: a verdict on a computed group indicator says so on its card and page; a thin one says why it is refused."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from indicators.catalogue import load_named
from indicators.registry import load_registry
from indicators.store import open_store
from indicators.table import normalise
from tests.page_helpers import PAGES, card_words
from tests.test_app_upload import upload
from tests.test_app_verdict_changes import verdicts

WORLD = sorted(e.code for e in load_registry().members("WLD") if e.code != "CHI")  # CHI: Guernsey and Jersey
DEVELOPING = sorted(e.code for e in load_registry().members("DEVELOPING"))
GCI = Path(__file__).resolve().parents[1].parent / "shared" / "realdata" / "itu_gci" / "gci-local-indicator-summary.csv"


def publish(indicator: str, codes: list[str], years: dict[int, float]) -> None:
    rows = [
        dict(
            indicator=indicator,
            economy=code,
            year=year,
            value=value,
            unit="",
            source=f"ITU test figures {year}",
            edition="2024-09",
            publisher="ITU",
        )
        for code in codes
        for year, value in years.items()
    ]
    open_store().publish(normalise(pd.DataFrame(rows)), author="analyst", message=f"{indicator} by country")


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def test_the_card_of_a_target_scored_on_a_computed_mean_says_so(app):
    at = app(PAGES["overview"])
    publish("gci_score", WORLD[:200], {2014: 0.28, 2017: 0.35, 2018: 0.43})
    at.run()
    assert not at.exception
    target_ids = [t.id for t in load_named("connect2020").targets]
    computed = [t for t in target_ids if "Computed by this dashboard from ITU country figures" in card_words(at, t)]
    assert computed == ["3.1"]
    assert "200 of" in card_words(at, "3.1") and "in 2018" in card_words(at, "3.1")


def test_the_target_page_says_why_a_thin_computed_figure_is_not_scored(app):
    publish("fixed_broadband_basket", DEVELOPING[:5], {2019: 3.0})
    at = app(PAGES["target"], target="2.3.B")
    at.run()
    assert not at.exception
    shown = " ".join([i.value for i in at.info] + [m.value for m in at.markdown])
    assert "from 5 of the" in shown and "under the 67% of members" in shown
    assert any(c.startswith("Computed by this dashboard from ITU") and "5 of" in c for c in captions(at))


@pytest.mark.skipif(not GCI.is_file(), reason="../shared/realdata is not available")
def test_uploading_itus_gci_table_shows_31_scored_on_the_computed_world_mean(app):
    at = upload(app, GCI.name, GCI.read_bytes(), entry=("ITU", "2024-09"))
    change = verdicts(at).loc["3.1"]
    assert change["after"].endswith("Achieved") and change["before"] != change["after"], change.to_dict()
