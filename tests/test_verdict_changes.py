"""Verdicts that would change: two scorecards compared, each change with the value and source behind it."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicators.catalogue import load_named
from indicators.registry import load_registry
from indicators.scoring import Scorer
from indicators.scoring.verdict_changes import changes_frame, verdict_changes
from indicators.store import open_store
from indicators.table import load_default

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
WORLD_BANK = SHARED / "realdata" / "worldbank_wdi" / "API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def scorecard(table, registry, **options):
    return Scorer(load_named("connect2020", registry=registry), table, registry).scorecard(**options)


def test_the_same_data_change_no_verdict(registry):
    scores = scorecard(load_default(), registry)
    assert verdict_changes(scores, scores) == []
    assert list(changes_frame([]).columns[:3]) == ["target", "before", "after"]


def test_a_past_reading_against_today_names_each_change_with_its_values_and_sources(registry):
    then, now = scorecard(load_default(), registry, as_of=2017), scorecard(load_default(), registry)
    changes = {c.target: c for c in verdict_changes(then, now)}
    assert changes["1.1"].before == "too_close_to_call" and changes["1.1"].after == "achieved"
    assert changes["1.1"].after_value == "57.0% in 2019"  # ITU Key ICT indicators, 28 October 2019
    assert changes["1.1"].after_source and changes["1.1"].before_source
    assert "1.1 Households online, worldwide: Too close to call → Achieved" in changes["1.1"].sentence()
    unchanged = {s.target for s in now} - set(changes)
    assert all(a.status == b.status for a, b in zip(then, now, strict=True) if a.target in unchanged)


@pytest.mark.skipif(not WORLD_BANK.is_file(), reason="the shared World Bank download is not present")
def test_the_world_bank_file_adds_an_achieved_verdict_for_2_2_b_beside_the_official_one(registry, tmp_path):
    """The official verdict rests on ITU's series alone; the World Bank's LDC series is scored beside it."""
    from indicators.ingest import read_path

    upload = read_path(WORLD_BANK, registry=registry, edition="2024-12")  # the file states no release
    assert upload.report.valid
    merged, _ = open_store(str(tmp_path / "store")).preview(upload.table, mode="merge", based_on=0)
    before, after = scorecard(load_default(), registry), scorecard(merged, registry)
    # ITU's own data: met by 2020 (about 24.7% by interpolation); the World Bank's series agrees, so its
    # arrival beside the official verdict changes nothing a reader sees
    assert [c for c in verdict_changes(before, after) if c.target == "2.2.B"] == []
    ldc = {s.target: s for s in after}["2.2.B"]
    assert ldc.status == "achieved"
    world_bank = next(e for e in ldc.by_source if e.publisher == "World Bank")
    assert (world_bank.status, world_bank.release) == ("achieved", "2024-12")
    assert world_bank.value == pytest.approx(30.7, abs=0.05)
