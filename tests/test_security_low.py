"""Small hardening: log lines cannot be forged through names, and a huge backtest range is refused at once."""

from __future__ import annotations

import logging
import time
import tracemalloc

import pytest

from indicators import incidents
from indicators.scoring import backtest as bt


def test_a_line_break_in_a_logged_name_cannot_forge_a_log_line():
    formatter = incidents.OneLineFormatter("%(levelname)s %(message)s")
    forged = "data.csv\n2026-12-07 10:00:00 INFO indicators published version 9 by admin"
    record = logging.LogRecord("indicators", logging.INFO, __file__, 1, "read %s", (forged,), None)
    line = formatter.format(record)
    assert "\n" not in line and line.endswith(
        "data.csv\\n2026-12-07 10:00:00 INFO indicators published version 9 by admin"
    )


def test_a_huge_origins_range_is_refused_before_any_year_is_listed():
    """Before, ``--origins 0-999999999`` built a set of a billion years and exhausted memory."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(bt.BacktestError, match="1960-2100"):
            bt.parse_origins("0-999999999")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000 and time.perf_counter() - started < 1.0
    assert bt.parse_origins("2010-2012,2015") == [2010, 2011, 2012, 2015]


def test_an_error_in_a_callback_shows_no_traceback_in_the_browser():
    """A widget callback's exception escapes the pages' incident handling; the browser then showed its
    traceback with server paths. The shipped configuration shows a generic message instead."""
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"


def test_a_cli_incident_traceback_goes_to_the_cli_log_not_the_terminal(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("INDICATORS_LOG_FILE", raising=False)
    log = tmp_path / "cli.log"
    incidents.configure(default_file=log)
    try:
        raise RuntimeError("boom in a command")
    except RuntimeError as error:
        incident = incidents.report(error, "command scorecard")
    finally:
        destination = incidents.log_destination()
        incidents.configure()  # back to standard error for the tests that follow
    text = log.read_text(encoding="utf-8")
    assert f"incident {incident}" in text and "Traceback" in text
    assert "Traceback" not in capsys.readouterr().err
    assert destination == str(log)
