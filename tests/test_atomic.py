"""Files the product writes are replaced whole or not at all; a file cut short is refused, never half-read."""

from __future__ import annotations

import errno
import os

import pandas as pd
import pytest

from indicators import atomic, default_data
from indicators.paths import DEFAULT_DATA_FILE
from indicators.scoring import calibration as cal
from indicators.scoring.methods import Projection, Spec
from indicators.table import load_default, read_default_csv
from tests.test_backtest import uniform_calibration

SPEC = Spec(target_value=60, target_year=2020, higher_is_better=True, lower_bound=0, upper_bound=100)
PROJECTION = Projection("naive", True, value=55.0)


def _full_disk(fd: int) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_write_that_fails_leaves_the_old_file_whole_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "figures.csv"
    path.write_text("indicator,economy\n" + "internet_users,KEN\n" * 2_000)
    before = path.read_bytes()
    monkeypatch.setattr(os, "fsync", _full_disk)
    with pytest.raises(OSError, match="No space left"):
        atomic.write_text_atomic(path, "indicator,economy\ninternet_users,UGA\n", digest=True)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figures.csv"]


def test_figures_cut_at_a_line_break_are_refused_with_the_fix(tmp_path):
    """Before, a figures.csv cut after 100 lines loaded silently as the default data with 99 rows."""
    path = tmp_path / "figures.csv"
    default_data.write(pd.read_csv(DEFAULT_DATA_FILE, dtype=str, keep_default_na=False), path)
    assert path.read_bytes() == DEFAULT_DATA_FILE.read_bytes()  # build-default's writer, byte for byte
    assert len(read_default_csv(path)) == len(load_default())
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:100]))
    with pytest.raises(atomic.DamagedFile, match="figures.csv does not match figures.csv.sha256.*build-default"):
        read_default_csv(path)
    with pytest.raises(atomic.DamagedFile):
        load_default(path, cache_dir=tmp_path / "cache")


def test_a_cut_calibration_gives_no_band_with_a_reason_instead_of_breaking_every_verdict(tmp_path, monkeypatch):
    path = tmp_path / "calibration.csv"
    cal.save(uniform_calibration(2.0), path)
    assert cal.load(path) is not None
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[: len(lines) // 2]))
    cal.load.cache_clear()
    with pytest.raises(atomic.DamagedFile, match="calibration.csv does not match"):
        cal.load(path)
    monkeypatch.setattr(cal, "CALIBRATION_FILE", path)
    cal.load.cache_clear()
    try:
        band = cal.calibrated_band(PROJECTION, SPEC, 2018, "percent")
    finally:
        cal.load.cache_clear()
    assert band.low is None and "calibration.csv does not match" in band.reason


def test_the_shipped_files_match_their_digests():
    for path in (DEFAULT_DATA_FILE, cal.CALIBRATION_FILE):
        assert atomic.verified_bytes(path, "")
