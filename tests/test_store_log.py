"""Every publish and rollback leaves one log line saying who did what to which version, never the data."""

from __future__ import annotations

import logging

import pytest
from test_store_support import memory_store, rows

from indicators import incidents
from indicators.store import ConflictError, StoreError


@pytest.fixture
def store():
    return memory_store()


def test_a_publish_is_logged_with_its_version_author_and_upload_digest(store, caplog):
    caplog.set_level(logging.INFO, logger="indicators")
    info = store.publish(
        rows(("alpha", "WLD", 2016, 9.0)),
        author="Ana",
        message="2016 figure",
        source_sha256="ab12" * 16,
    )
    [record] = [r for r in caplog.records if r.name == "indicators.store.versions"]
    assert record.levelname == "INFO"
    assert record.getMessage() == (
        f"publish (merge): version {info.number} published by 'Ana', based on version 0 (1 added, 0 changed, 0 removed)"
    )


def test_a_refused_publish_and_rollback_are_logged_as_warnings(store, caplog):
    caplog.set_level(logging.INFO, logger="indicators")
    with pytest.raises(ConflictError):
        store.publish(rows(("alpha", "WLD", 2016, 9.0)), author="Ana", message="m", based_on=7)
    with pytest.raises(StoreError):
        store.rollback(42, author="Ben")
    messages = [(r.levelname, r.getMessage()) for r in caplog.records if r.name.startswith("indicators.store")]
    assert messages[0][0] == "WARNING"
    assert messages[0][1].startswith("publish (merge) refused: by 'Ana', based on version 7: ")
    assert messages[1] == (
        "WARNING",
        "rollback to version 42 refused: by 'Ben', based on the head: "
        "version 42 does not exist: versions go from 0 to 0",
    )


def test_log_lines_carry_the_context_they_happened_in(store, tmp_path, monkeypatch):
    log_file = tmp_path / "app.log"
    monkeypatch.setenv("INDICATORS_LOG_FILE", str(log_file))
    monkeypatch.setenv("INDICATORS_LOG_LEVEL", "INFO")
    incidents.configure()
    with incidents.context(version=1):
        store.publish(rows(("alpha", "WLD", 2016, 9.0)), author="Ana", message="m", source_sha256="cd" * 32)
    line = log_file.read_text(encoding="utf-8").splitlines()[-1]
    assert (
        f" INFO indicators.store.versions [version=1 sha256={'cd' * 32}] publish (merge): version 1 published" in line
    )
    logging.getLogger("indicators.store").info("outside any context")
    assert log_file.read_text(encoding="utf-8").splitlines()[-1].endswith("[-] outside any context")
    monkeypatch.delenv("INDICATORS_LOG_FILE")
    monkeypatch.delenv("INDICATORS_LOG_LEVEL")
    incidents.configure()  # back to standard error for the tests that follow
