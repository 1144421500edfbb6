"""Settings: one module, one-line errors naming the variable, checked at start by the CLI."""

from __future__ import annotations

import argparse

import pytest

from indicators import settings
from indicators.cli import main


def test_defaults_apply_when_unset_or_blank():
    assert settings.MAX_UPLOAD_MB.value({}) == 50.0
    assert settings.MAX_UPLOAD_MB.value({"INDICATORS_MAX_UPLOAD_MB": "  "}) == 50.0
    assert settings.LOG_LEVEL.value({"INDICATORS_LOG_LEVEL": "debug"}) == "DEBUG"


@pytest.mark.parametrize("raw", ["lots", "0", "-3", "nan", "inf"])
def test_bad_number_is_one_line_naming_the_variable(raw):
    with pytest.raises(settings.SettingError) as caught:
        settings.MAX_UPLOAD_MB.value({"INDICATORS_MAX_UPLOAD_MB": raw})
    message = str(caught.value)
    assert message.startswith("INDICATORS_MAX_UPLOAD_MB=") and "\n" not in message


def test_check_all_lists_every_bad_setting():
    problems = settings.check_all({"INDICATORS_MAX_UPLOAD_MB": "x", "INDICATORS_LOG_LEVEL": "loud"})
    assert [p.split("=")[0] for p in problems] == ["INDICATORS_MAX_UPLOAD_MB", "INDICATORS_LOG_LEVEL"]
    assert settings.check_all({}) == []


def test_every_setting_is_named_once_and_documented():
    names = [s.env for s in settings.SETTINGS]
    assert len(names) == len(set(names))
    table = settings.markdown_table()
    for setting in settings.SETTINGS:
        assert setting.env.startswith("INDICATORS_") and setting.help
        assert f"`{setting.env}`" in table


def test_cli_refuses_to_start_on_a_bad_setting(monkeypatch, capsys):
    monkeypatch.setenv("INDICATORS_MAX_UPLOAD_MB", "fifty")
    assert main(["scorecard", "--format", "json"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "error: INDICATORS_MAX_UPLOAD_MB='fifty': could not convert string to float: 'fifty'"


def test_unexpected_failure_is_logged_with_traceback_and_shown_as_incident(monkeypatch, capsys, tmp_path):
    def explode(args):
        raise RuntimeError("disk on fire")

    log_file = tmp_path / "incidents.log"
    monkeypatch.setenv("INDICATORS_LOG_FILE", str(log_file))
    monkeypatch.setattr("indicators.cli.build_parser", _parser_with(explode))
    assert main(["boom"]) == 1
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err and err.startswith("error: unexpected RuntimeError (incident ")
    assert str(log_file) in err
    incident = err.split("incident ")[1].split(",")[0]
    logged = log_file.read_text(encoding="utf-8")
    assert f"incident {incident}: command boom failed: RuntimeError: disk on fire" in logged
    assert "Traceback (most recent call last)" in logged


def _parser_with(func):
    def build():
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers(dest="command", required=True)
        sub.add_parser("boom").set_defaults(func=func)
        return parser

    return build
