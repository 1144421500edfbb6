"""A page that fails unexpectedly shows an incident id, and the log holds the traceback under that id."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indicators.ingest.layouts import tidy
from tests.page_helpers import PAGES

TIDY_FILE = Path(__file__).parent / "data" / "good" / "tidy-full-model.csv"


@pytest.fixture
def log_file(monkeypatch, tmp_path) -> Path:
    path = tmp_path / "dashboard.log"
    monkeypatch.setenv("INDICATORS_LOG_FILE", str(path))
    return path


def test_a_crash_on_a_page_shows_an_incident_id_and_logs_the_traceback(app, monkeypatch, log_file):
    monkeypatch.setattr("app_pages.common.header", _explode)
    at = app(PAGES["methodology"])
    at.run()
    incident = _alerted_incident(at, "Something went wrong on this page.")
    _assert_logged(log_file, rf"ERROR indicators \[version=\S+@0\] incident {incident}: page methodology failed")


def test_a_crash_inside_a_reader_shows_an_incident_id_on_the_upload_page(app, monkeypatch, log_file):
    monkeypatch.setattr(tidy, "read", _explode)
    at = app(PAGES["data"])
    at.run()
    at.file_uploader[0].set_value(("figures.csv", TIDY_FILE.read_bytes(), "text/csv")).run()
    assert not at.exception
    shown = " ".join(str(d.value.to_dict()) for d in at.dataframe) + " ".join(e.value for e in at.markdown)
    incident = re.search(r"incident ([0-9a-f]{6})", shown)
    assert incident, "the upload page does not show an incident id"
    _assert_logged(log_file, f"incident {incident[1]}: reading an upload failed: RuntimeError: boom file=figures.csv")


def test_a_crash_inside_a_widget_callback_shows_an_incident_id_and_logs_the_traceback(app, monkeypatch, log_file):
    """Callbacks run before the page's script, out of reach of the page's own guard: without theirs,
    Streamlit showed its own error with no id to quote and stopped the page."""
    monkeypatch.setattr("app_pages.upload_file.pair", _explode)  # inside the uploader's callback
    at = app(PAGES["data"])
    at.run()
    at.file_uploader[0].set_value(("figures.csv", TIDY_FILE.read_bytes(), "text/csv")).run()
    incident = _alerted_incident(at, "Something went wrong with what you just did.")
    _assert_logged(log_file, rf"ERROR indicators \[.*\] incident {incident}: callback _keep failed: RuntimeError: boom")
    assert at.title, "the page is not drawn after the callback's incident"
    at.run()
    assert not at.error, "the incident is shown more than once"


def test_a_misconfigured_setting_is_one_line_on_the_page(app, monkeypatch):
    monkeypatch.setenv("INDICATORS_MAX_UPLOAD_MB", "lots")
    at = app()
    at.run()
    assert not at.exception
    (alert,) = [e.value for e in at.error]
    assert alert.startswith("The dashboard is misconfigured: INDICATORS_MAX_UPLOAD_MB='lots'")


def _alerted_incident(at, opening: str) -> str:
    """The incident id in the page's one error, which opens with ``opening``; the page raised nothing."""
    assert not at.exception
    (alert,) = [e.value for e in at.error]
    assert alert.startswith(f"{opening} Quote incident **")
    return alert.split("**")[1]


def _assert_logged(log_file: Path, pattern: str) -> None:
    logged = log_file.read_text(encoding="utf-8")
    assert re.search(pattern, logged), logged
    assert "Traceback (most recent call last)" in logged


def _explode(*args, **kwargs):
    raise RuntimeError("boom")
