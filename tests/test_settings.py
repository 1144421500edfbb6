"""Settings: one module, one-line errors naming the variable, checked at start; the operators' table comes from it."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from indicators import settings
from indicators.cli import main
from indicators.store.cloud import s3_endpoint_options


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


OPERATORS_GUIDE = Path(__file__).resolve().parents[1] / "docs" / "operators.md"
TABLE = re.compile(r"<!-- settings-table:start[^>]*-->\n(.*?)\n<!-- settings-table:end -->", re.S)


def test_operators_guide_settings_table_is_the_one_made_from_the_settings_module():
    found = TABLE.findall(OPERATORS_GUIDE.read_text(encoding="utf-8"))
    assert len(found) == 1, "docs/operators.md needs one settings table between the settings-table markers"
    assert found[0] == settings.markdown_table(), (
        "docs/operators.md's settings table differs from indicators/settings.py: replace it with the output of "
        "python -c 'from indicators.settings import markdown_table; print(markdown_table())'"
    )


def test_every_setting_is_documented_and_named_once():
    names = [s.env for s in settings.SETTINGS]
    assert len(names) == len(set(names))
    assert all(name.startswith("INDICATORS_") and s.help.strip() for name, s in zip(names, settings.SETTINGS))


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, 5.0),
        ({"INDICATORS_HEAD_TTL": "0"}, 0.0),
        ({"INDICATORS_HEAD_TTL": " 2.5 "}, 2.5),
    ],
)
def test_head_ttl_values(env, expected):
    assert settings.HEAD_TTL.value(env) == expected


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("INDICATORS_HEAD_TTL", "-1"),
        ("INDICATORS_HEAD_TTL", "soon"),
        ("INDICATORS_HEAD_TTL", "inf"),
        ("INDICATORS_MAX_UPLOAD_MB", "1e308"),
        ("INDICATORS_MAX_ROWS", "1" + "0" * 30),
        ("INDICATORS_LOG_FILE", "/nonexistent-folder/dashboard.log"),
        ("INDICATORS_LOG_FILE", "/tmp"),
        ("INDICATORS_STORE_ENDPOINT", "127.0.0.1:9000"),
        ("INDICATORS_STORE_ENDPOINT", "ftp://storage"),
        ("INDICATORS_STORE_ENDPOINT", "https://"),
        ("INDICATORS_EDITION_URL", "data.example.org/editions"),
        ("INDICATORS_EDITION_URL", "javascript:alert(1)"),
        ("INDICATORS_EDITION_URL", "https://reader:secret@data.example.org/editions"),
        ("INDICATORS_EDITION_URL", "https://data.example.org/editions?token=1"),
        ("INDICATORS_EDITION_URL", "https://data.example.org/editions#top"),
        ("INDICATORS_EDITION_URL", "https://data.example.org/my editions"),
        ("INDICATORS_EDITION_URL", "https://data.example.org/éditions"),
        ("INDICATORS_EDITION_URL", "https://data.example.org:99999/editions"),
        ("INDICATORS_EDITION_URL", "https://[::1/editions"),
        ("INDICATORS_EDITION_URL", "https://data.example.org/" + "e" * 2000),
        ("INDICATORS_APP_URL", "connect2020.example.org"),
        ("INDICATORS_APP_URL", "https://admin:pw@connect2020.example.org"),
    ],
)
def test_bad_values_are_one_line_naming_the_variable_and_the_value(name, raw):
    problems = settings.check_all({name: raw})
    assert len(problems) == 1
    assert problems[0].startswith(f"{name}={raw[:80]!r}: expected") and "\n" not in problems[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://data.example.org/connect2020/editions/", "https://data.example.org/connect2020/editions"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://[::1]:8080/editions", "http://[::1]:8080/editions"),
        ("https://cdn.example.org/%7Eteam/editions", "https://cdn.example.org/%7Eteam/editions"),
    ],
)
def test_an_edition_address_is_kept_without_its_trailing_slash(raw, expected):
    assert settings.EDITION_URL.value({"INDICATORS_EDITION_URL": raw}) == expected
    assert settings.EDITION_URL.value({}) == ""


def test_the_dashboard_refuses_to_start_on_a_bad_edition_address(app, monkeypatch):
    monkeypatch.setenv("INDICATORS_EDITION_URL", "https://reader:secret@data.example.org")
    at = app()
    at.run()
    (error,) = at.error
    assert error.value.startswith("The dashboard is misconfigured: INDICATORS_EDITION_URL=")
    assert "expected an address without a user name or password" in error.value and not at.get("link_button")


def test_endpoint_applies_to_s3_stores_only_and_allows_http_only_when_given(monkeypatch):
    monkeypatch.delenv("INDICATORS_STORE_ENDPOINT", raising=False)
    assert s3_endpoint_options("s3://bucket/store") == {}
    monkeypatch.setenv("INDICATORS_STORE_ENDPOINT", "http://10.0.0.5:9000/")
    assert s3_endpoint_options("s3://bucket/store") == {
        "config": {"endpoint": "http://10.0.0.5:9000"},
        "client_options": {"allow_http": True},
    }
    assert s3_endpoint_options("gs://bucket/store") == {}
    monkeypatch.setenv("INDICATORS_STORE_ENDPOINT", "https://storage.example.org")
    assert s3_endpoint_options("s3://b/p")["client_options"] == {"allow_http": False}
