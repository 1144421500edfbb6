"""Every failure the user can correct derives from one base, which the command line catches once."""

from __future__ import annotations

import pytest

from indicators.catalogue import CatalogueError
from indicators.cli import CliError, main
from indicators.cli import scorecard as scorecard_command
from indicators.datasets import DataError
from indicators.default_data import BuildError
from indicators.errors import UserError
from indicators.scoring.backtest import BacktestError
from indicators.store import ConflictError, StoreError


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (StoreError("the store at /nowhere cannot be read"), 1),
        (ConflictError("version 3 was published meanwhile"), 3),
        (DataError("figures.csv has no usable figure"), 1),
        (CatalogueError("unknown framework 'nope'"), 1),
        (BacktestError("origin 2019 is not before the horizon"), 2),
        (BuildError("the workbook has no Internet sheet"), 1),
        (CliError("--as-of 3000 is outside 1960-2100", 2), 2),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else str(value),
)
def test_a_user_error_from_any_command_is_one_line_with_its_exit_code(monkeypatch, capsys, error, code):
    def fail(args):
        raise error

    monkeypatch.setattr(scorecard_command, "run", fail)
    assert isinstance(error, UserError)
    assert main(["scorecard"]) == code
    out, err = capsys.readouterr()
    assert err == f"error: {error}\n" and out == ""


def test_an_unexpected_failure_is_an_incident_not_a_user_error(monkeypatch, capsys, tmp_path):
    def fail(args):
        raise RuntimeError("a bug")

    monkeypatch.setenv("INDICATORS_LOG_FILE", str(tmp_path / "cli.log"))
    monkeypatch.setattr(scorecard_command, "run", fail)
    assert main(["scorecard"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: unexpected RuntimeError (incident ") and "a bug" not in err
