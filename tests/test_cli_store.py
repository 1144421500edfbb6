"""The store commands: publish, history, rollback, hash-password; exit codes and one-line errors.

``publish`` reads files with ``indicators.ingest.read_path``; most tests replace it with a small
reader of tidy CSVs so they test the command, not the readers. One test uses the real reader.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

import indicators.ingest as ingest
from indicators import auth
from indicators.cli import main
from indicators.store import objects as objects_module
from indicators.store import open_store
from indicators.store import versions as versions_module
from indicators.table import load_default, normalise

PROJECT = Path(__file__).resolve().parents[1]
HEADER = "indicator,economy,year,value,unit,source,edition,kind,note\n"


@dataclass
class FakeReport:
    errors: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return f"{len(self.errors)} errors"

    def text(self) -> str:
        return "\n".join([self.summary(), *self.errors])


@dataclass
class FakeUpload:
    table: object
    report: FakeReport
    filename: str
    sha256: str


def fake_read_path(path, **_source):
    path = Path(path)
    if "invalid" in path.name:
        return FakeUpload(None, FakeReport(errors=["ERROR row 2, column 'value': not a number"]), path.name, "")
    return FakeUpload(
        normalise(pd.read_csv(path, keep_default_na=False)),
        FakeReport(),
        path.name,
        hashlib.sha256(path.read_bytes()).hexdigest(),
    )


@pytest.fixture
def store_dir(tmp_path, monkeypatch):
    """A fresh store folder in INDICATORS_STORE (patch other things with ``monkeypatch.context()``)."""
    folder = tmp_path / "store"
    monkeypatch.setenv("INDICATORS_STORE", str(folder))
    monkeypatch.setattr(ingest, "read_path", fake_read_path, raising=False)
    monkeypatch.setattr("getpass.getuser", lambda: "analyst-os")
    return folder


def write_csv(path: Path, *lines: str) -> Path:
    path.write_text(HEADER + "".join(line + "\n" for line in lines))
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err: str, fragment: str) -> None:
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert fragment in err and "Traceback" not in err


def test_publish_history_rollback_happy_path(store_dir, tmp_path, capsys):
    upload = write_csv(
        tmp_path / "update.csv",
        "internet_users,WLD,2030,70.5,%,test source,2030,observation,",
        "internet_users,LDC,2030,40,%,test source,2030,observation,",
    )
    code, out, err = run(capsys, "publish", upload, "--message", "2030 figures")
    assert (code, err) == (0, "")
    assert out == (
        "published version 1 (merge of update.csv, by analyst-os): 2 added, 0 changed, 0 removed; "
        f"{len(load_default()) + 2} rows\nstatic edition: {store_dir}/editions/00000001/\n"
    )

    code, out, _ = run(capsys, "history", "--format", "json")
    history = json.loads(out)
    assert code == 0 and [v["number"] for v in history] == [0, 1]
    one = history[1]
    assert (one["author"], one["message"], one["source_name"], one["mode"]) == (
        "analyst-os",
        "2030 figures",
        "update.csv",
        "merge",
    )
    assert one["source_sha256"] == hashlib.sha256(upload.read_bytes()).hexdigest()
    assert one["changes"] == {"added": 2, "changed": 0, "removed": 0}

    code, out, err = run(capsys, "rollback", "0", "--message", "back to the defaults")
    assert (code, err) == (0, "")
    assert out.startswith("published version 2: the data of version 0 (0 added, 0 changed, 2 removed;")
    store = open_store()
    assert store.head() == 2 and store.read().equals(load_default())

    code, out, _ = run(capsys, "history")
    lines = out.splitlines()
    assert code == 0 and lines[0] == f"store: {store_dir}"
    assert lines[1].split()[:4] == ["version", "status", "created", "(UTC)"]
    assert [line.split()[:2] for line in lines[2:]] == [["0", "ok"], ["1", "ok"], ["2", "ok"]]
    assert "rollback" in lines[4] and "back to the defaults" in lines[4] and "analyst-os" in lines[4]


def test_publish_replace_mode_with_indicator(store_dir, tmp_path, capsys):
    upload = write_csv(tmp_path / "series.csv", "internet_users,WLD,2030,70.5,%,src,2030,observation,")
    code, out, _ = run(
        capsys, "publish", upload, "-m", "new series", "--mode", "replace", "--indicator", "internet_users"
    )
    assert code == 0 and "replace of series.csv into internet_users" in out
    table = open_store().read()
    assert table.loc[table["indicator"] == "internet_users", "year"].tolist() == [2030]
    assert (table["indicator"] != "internet_users").sum() == (load_default()["indicator"] != "internet_users").sum()


def test_publish_refuses_an_invalid_file_and_prints_its_report(store_dir, tmp_path, capsys):
    upload = write_csv(tmp_path / "invalid.csv", "internet_users,WLD,2030,x,%,src,2030,observation,")
    code, out, err = run(capsys, "publish", upload, "-m", "broken")
    assert code == 1
    assert "ERROR row 2, column 'value': not a number" in out
    assert_one_line_error(err, "invalid.csv has 1 error(s): nothing was published")
    assert open_store().head() == 0 and not store_dir.exists()


@pytest.mark.parametrize(
    ("argv", "exit_code", "fragment"),
    [
        (["publish", "{tmp}/missing.csv", "-m", "x"], 1, "missing.csv: no such file"),
        (["publish", "{tmp}", "-m", "x"], 1, ": not a file"),
        (["publish", "{tmp}/ok.csv", "-m", "  "], 2, "--message is empty"),
        (
            ["publish", "{tmp}/ok.csv", "-m", "x", "--indicator", "internet_userz"],
            2,
            "unknown indicator 'internet_userz'",
        ),
        (["publish", "{tmp}/ok.csv", "-m", "x", "--mode", "upsert"], 2, "invalid choice: 'upsert'"),
        (["publish", "{tmp}/ok.csv"], 2, "--message"),
        (["rollback", "9"], 1, "version 9 does not exist: versions go from 0 to 0"),
        (["rollback", "latest"], 2, "VERSION must be a version number such as 3, got 'latest'"),
        (["rollback", "²"], 2, "VERSION must be a version number such as 3, got '²'"),
        (["rollback", "1\x1b[2J"], 2, "VERSION must be a version number such as 3, got '1 [2J'"),
        (["history", "--format", "xml"], 2, "invalid choice: 'xml'"),
    ],
)
def test_errors_are_one_line_with_an_exit_code(store_dir, tmp_path, capsys, argv, exit_code, fragment):
    write_csv(tmp_path / "ok.csv", "internet_users,WLD,2030,70.5,%,src,2030,observation,")
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse usage errors
        code = exit_.code
    _, err = capsys.readouterr()
    assert code == exit_code
    assert_one_line_error(err, fragment)
    assert open_store().head() == 0


def test_publishing_the_same_data_again_makes_no_version(store_dir, tmp_path, capsys):
    upload = write_csv(tmp_path / "u.csv", "internet_users,WLD,2030,70.5,%,src,2030,observation,")
    assert run(capsys, "publish", upload, "-m", "first")[0] == 0
    code, out, err = run(capsys, "publish", upload, "-m", "again")
    assert (code, err) == (0, "")
    assert out == "nothing to publish: the result is identical to version 1; no new version was made\n"
    assert open_store().head() == 1


def test_conflict_exits_3_with_the_conflict_message(store_dir, tmp_path, capsys, monkeypatch):
    upload = write_csv(tmp_path / "u.csv", "internet_users,WLD,2030,70.5,%,src,2030,observation,")
    with monkeypatch.context() as patch:
        patch.setattr(versions_module, "MAX_COMMIT_ATTEMPTS", 2)
        patch.setattr(objects_module.LocalFolderStore, "put_if_absent", lambda self, name, data: False)
        code, _, err = run(capsys, "publish", upload, "-m", "always loses")
    assert code == 3
    assert_one_line_error(err, "could not publish: 2 other publishes won the race; try again in a moment")
    assert open_store().head() == 0
    assert list(store_dir.glob("data/*")) == []  # the losing data files were discarded


def test_disk_full_is_a_plain_error_and_keeps_the_previous_version(store_dir, tmp_path, capsys, monkeypatch):
    upload = write_csv(tmp_path / "u.csv", "internet_users,WLD,2030,70.5,%,src,2030,observation,")
    assert run(capsys, "publish", upload, "-m", "first")[0] == 0
    second = write_csv(tmp_path / "v.csv", "internet_users,WLD,2030,71.5,%,src,2030,observation,")

    def no_space(fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(objects_module.os, "write", no_space)
        code, _, err = run(capsys, "publish", second, "-m", "second")
    assert code == 1
    assert_one_line_error(err, f"could not write to the store at {store_dir}: the disk is full")
    assert open_store().head() == 1


def test_hash_password_from_stdin(store_dir, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long secret phrase\n"))
    code, out, err = run(capsys, "hash-password", "--name", "ana")
    assert (code, err) == (0, "")
    assert "a long secret phrase" not in out
    name, stored = out.strip().split(":", 1)
    assert name == "ana" and auth.verify_password("a long secret phrase", stored)
    credentials = auth.load_credentials({"INDICATORS_ANALYSTS": out})
    assert auth.SignIn(credentials).attempt("ana", "a long secret phrase", "s").ok


def test_hash_password_from_a_terminal_asks_twice(store_dir, capsys, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdin", Terminal(""))
    answers = iter(["typed secret 1", "typed secret 1"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, out, _ = run(capsys, "hash-password")
    assert code == 0 and auth.verify_password("typed secret 1", out.strip())

    answers = iter(["typed secret 1", "typed secret 2"])
    code, out, err = run(capsys, "hash-password")
    assert (code, out) == (1, "")
    assert_one_line_error(err, "the two passwords differ")
    assert "typed secret" not in err


def test_hash_password_refuses_short_passwords_and_bad_names(store_dir, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    code, out, err = run(capsys, "hash-password")
    assert (code, out) == (1, "")
    assert_one_line_error(err, "at least 8 characters")
    assert "short" not in err.replace("at least", "")
    code, _, err = run(capsys, "hash-password", "--name", "a:b")
    assert code == 2 and "--name must be non-empty" in err


def test_real_reader_publishes_a_valid_file_and_refuses_an_invalid_one(tmp_path, monkeypatch, capsys):
    if not hasattr(ingest, "read_path"):
        pytest.skip("indicators.ingest.read_path is not available yet")
    monkeypatch.setenv("INDICATORS_STORE", str(tmp_path / "store"))
    upload = write_csv(tmp_path / "tidy.csv", "internet_users,WLD,2019,53.7,%,ITU test source,2024,observation,")
    code, out, err = run(capsys, "publish", upload, "-m", "via the real reader", "--publisher", "ITU")
    assert code == 0, err
    assert open_store().read()["publisher"].eq("ITU").any()
    info = open_store().versions()[-1]
    assert (info.number, info.source_name, info.changes["added"]) == (1, "tidy.csv", 1)
    assert info.source_sha256 == hashlib.sha256(upload.read_bytes()).hexdigest()

    future = write_csv(tmp_path / "future.csv", "internet_users,WLD,2090,53.7,%,ITU test source,2024,observation,")
    code, out, err = run(capsys, "publish", future, "-m", "observation in the future", "--publisher", "ITU")
    assert code == 1 and "2090" in out and "row 2" in out  # the report names the row and the value
    assert_one_line_error(err, "future.csv has 1 error(s): nothing was published")
    assert open_store().head() == 1


def cli(*argv: str, env_store: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "INDICATORS_STORE": env_store, "PYTHONPATH": str(PROJECT)}
    return subprocess.run(
        [sys.executable, "-m", "indicators", *argv], input=stdin, capture_output=True, text=True, env=env, timeout=60
    )


def test_command_line_process_never_shows_a_traceback(tmp_path):
    bad_store = cli("history", env_store="ftp://host/folder")
    assert bad_store.returncode == 1 and bad_store.stdout == ""
    assert_one_line_error(bad_store.stderr, "unknown scheme ftp://")

    missing = cli("publish", str(tmp_path / "nope.csv"), "-m", "x", env_store=str(tmp_path / "s"))
    assert missing.returncode == 1
    assert_one_line_error(missing.stderr, "nope.csv: no such file")

    hashed = cli("hash-password", env_store=str(tmp_path / "s"), stdin="piped password\n")
    assert hashed.returncode == 0 and auth.verify_password("piped password", hashed.stdout.strip())
    assert "piped password" not in hashed.stdout + hashed.stderr

    history = cli("history", "--format", "json", env_store=str(tmp_path / "s"))
    assert history.returncode == 0 and json.loads(history.stdout)[0]["number"] == 0


def test_history_prints_no_escape_sequences_from_a_publish_message(store_dir, tmp_path, capsys):
    upload = write_csv(tmp_path / "u.csv", "internet_users,WLD,2030,70.5,%,src,2030,observation,")
    assert run(capsys, "publish", upload, "-m", "\x1b[2J\x1b]0;owned\x07red \x1b[31malert\x9b1m")[0] == 0
    code, out, err = run(capsys, "history")
    assert code == 0 and err == ""
    assert not any(ch in out for ch in "\x1b\x07\x9b")
    assert "[2J ]0;owned red [31malert 1m" in out
    code, out, _ = run(capsys, "history", "--format", "json")
    assert "\x1b" not in out and json.loads(out)[1]["message"].startswith("\x1b[2J")


def test_an_unusable_store_url_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INDICATORS_STORE", "s3://")
    code, _, err = run(capsys, "history")
    assert code == 1
    assert_one_line_error(err, "INDICATORS_STORE=s3://: cannot be opened (")
    assert "Debug source" not in err
