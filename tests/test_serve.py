"""One way to serve: ``python -m indicators serve`` warms the data, binds loopback, passes the upload limit."""

from __future__ import annotations

import os
import subprocess

import pytest

from indicators import live
from indicators.cli import build_parser, main
from indicators.cli.serve import serve_command, streamlit_arguments
from indicators.store import open_store
from tests.conftest import DASHBOARD, PROJECT, free_port, stop, wait_healthy
from tests.helpers import make_table
from tests.page_helpers import PAGES


def option(arguments: list[str], name: str) -> str:
    return arguments[arguments.index(name) + 1]


def test_serve_listens_on_this_machine_only_unless_told(monkeypatch):
    args = build_parser().parse_args(["serve"])
    assert (args.address, args.port, args.app) == ("127.0.0.1", 8501, "dashboard.py")
    arguments = streamlit_arguments(DASHBOARD, args.port, args.address)
    assert option(arguments, "--server.address") == "127.0.0.1"
    everywhere = build_parser().parse_args(["serve", "--address", "0.0.0.0", "--port", "9000"])
    assert option(streamlit_arguments(DASHBOARD, everywhere.port, everywhere.address), "--server.port") == "9000"


def test_serve_passes_an_upload_limit_above_the_config_default(monkeypatch):
    monkeypatch.setenv("INDICATORS_MAX_UPLOAD_MB", "200")
    assert option(streamlit_arguments(DASHBOARD, 8501, "127.0.0.1"), "--server.maxUploadSize") == "200"
    monkeypatch.setenv("INDICATORS_MAX_UPLOAD_MB", "0.5")
    assert option(streamlit_arguments(DASHBOARD, 8501, "127.0.0.1"), "--server.maxUploadSize") == "1"


def test_serve_without_the_dashboard_script_says_where_to_run_it(tmp_path, capsys):
    assert main(["serve", "--app", str(tmp_path / "dashboard.py")]) == 2
    assert "run from the folder that holds dashboard.py, or pass --app PATH" in capsys.readouterr().err


@pytest.mark.parametrize("path", ["Makefile", "Dockerfile", ".ci/run", "tests/conftest.py", "benchmarks"])
def test_every_server_is_started_by_the_serve_command(path):
    files = sorted((PROJECT / path).glob("*.py")) if (PROJECT / path).is_dir() else [PROJECT / path]
    text = "\n".join(f.read_text(encoding="utf-8") for f in files)
    assert "streamlit run" not in text and '"streamlit", "run"' not in text and "-m streamlit" not in text
    assert any(call in text for call in ("indicators serve", '"indicators", "serve"', "serve_command"))


def test_make_run_keeps_its_port_option():
    assert "-m indicators serve --port $(PORT)" in (PROJECT / "Makefile").read_text(encoding="utf-8")


def test_a_version_is_read_and_scored_once_per_process(tmp_path, monkeypatch):
    uri = str(tmp_path / "store")
    monkeypatch.setenv("INDICATORS_STORE", uri)
    open_store(uri).publish(
        make_table([("internet_users", "WLD", 2019, 53.6)]), author="analyst", message="World 2019", mode="merge"
    )
    warmed = live.warm()
    assert warmed.number == 1 and warmed.label == "published version 1"
    assert live.kept_version(live.version_key(uri, 1)) is warmed

    def read_again(*_args, **_kwargs):
        raise AssertionError("the warmed version was read again")

    monkeypatch.setattr(type(live.shared_store(uri, 5.0)), "read", read_again)
    assert live.scored_version(uri, 1, 5.0) is warmed


def test_the_served_dashboard_answers_only_after_scoring_the_data(tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "INDICATORS_STORE": str(tmp_path / "store"), "PYTHONPATH": str(PROJECT)}
    with log.open("w") as out:
        process = subprocess.Popen(serve_command(DASHBOARD, port), cwd=PROJECT, env=env, stdout=out, stderr=out)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process)
        lines = log.read_text(encoding="utf-8").splitlines()
        scored = [i for i, line in enumerate(lines) if line.startswith("scored embedded default data (version 0)")]
        listening = [i for i, line in enumerate(lines) if f"127.0.0.1:{port}" in line and i not in scored]
        assert scored and listening and scored[0] < listening[0], lines
    finally:
        stop(process)


def test_every_page_reuses_the_version_read_and_scored_for_the_first(app, monkeypatch):
    at = app()
    at.run()
    assert not at.exception

    def read_again(*_args, **_kwargs):
        raise AssertionError("a page read the published version again")

    def score_again(*_args, **_kwargs):
        raise AssertionError("a page built another scorer for the published version")

    monkeypatch.setattr("indicators.store.Store.read", read_again)
    monkeypatch.setattr("indicators.live.Scorer", score_again)
    for page in PAGES.values():
        at.switch_page(page).run()
        failed = [e.value for e in at.error if "Something went wrong" in e.value]
        assert not at.exception and not failed, (page, at.exception, failed)
