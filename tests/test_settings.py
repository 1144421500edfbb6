"""The settings module is the one description of every setting: the README's table is made from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indicators import settings
from indicators.store.cloud import s3_endpoint_options

README = Path(__file__).resolve().parents[1] / "README.md"
TABLE = re.compile(r"<!-- settings-table:start[^>]*-->\n(.*?)\n<!-- settings-table:end -->", re.S)


def test_readme_settings_table_is_the_one_made_from_the_settings_module():
    found = TABLE.findall(README.read_text(encoding="utf-8"))
    assert len(found) == 1, "README.md needs one settings table between the settings-table markers"
    assert found[0] == settings.markdown_table(), (
        "README.md's settings table differs from indicators/settings.py: replace it with the output of "
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
        ("INDICATORS_STORE_ENDPOINT", "127.0.0.1:9000"),
        ("INDICATORS_STORE_ENDPOINT", "ftp://storage"),
        ("INDICATORS_STORE_ENDPOINT", "https://"),
    ],
)
def test_bad_values_are_one_line_naming_the_variable_and_the_value(name, raw):
    problems = settings.check_all({name: raw})
    assert len(problems) == 1
    assert problems[0].startswith(f"{name}={raw!r}: expected") and "\n" not in problems[0]


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
