"""Damage is announced, never hidden: each kind of damage to a published version, seen by the store and the CLI.

A local store gets versions 1-3, then version 3 (or the log) is damaged the way a failing disk, a careless
copy or an intruder would: the newest intact version is served, and every reader is told which version is
damaged and why.
"""

from __future__ import annotations

import json
import os
import resource
import time
from pathlib import Path

import pytest

from indicators.cli import main
from indicators.store import NothingToPublishError, StoreError, open_store
from indicators.store.manifest import manifest_name
from tests.helpers import make_table


def publish_three(folder: Path):
    store = open_store(str(folder))
    infos = [
        store.publish(make_table([("internet_users", "WLD", 2030, value)]), author="ana", message=f"figure {value}")
        for value in (70.0, 71.0, 72.0)
    ]
    return infos


def truncate(folder, info, infos):
    path = folder / info.data_file
    path.write_bytes(path.read_bytes()[:-100])


def flip_a_byte(folder, info, infos):
    path = folder / info.data_file
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def replace_with_another_version(folder, info, infos):
    (folder / info.data_file).write_bytes((folder / infos[0].data_file).read_bytes())


def symlink_to_another_version(folder, info, infos):
    path = folder / info.data_file
    path.unlink()
    path.symlink_to(folder / infos[1].data_file)


def symlink_to_dev_zero(folder, info, infos):
    path = folder / info.data_file
    path.unlink()
    path.symlink_to("/dev/zero")


def remove(folder, info, infos):
    (folder / info.data_file).unlink()


def manifest_naming_etc_passwd(folder, info, infos):
    manifest = folder / manifest_name(info.number)
    body = json.loads(manifest.read_text())
    body["data_file"] = "data/../../../etc/passwd"
    manifest.unlink()
    manifest.write_text(json.dumps(body))


def _rewrite_manifest(folder, info, change) -> None:
    manifest = folder / manifest_name(info.number)
    body = json.loads(manifest.read_text())
    change(body)
    manifest.unlink()
    manifest.write_text(json.dumps(body))


def manifest_recording_size_zero_over_a_large_file(folder, info, infos):
    """Before, a size of 0 meant "read it whole": a 400 MB object took 977 MB."""
    _rewrite_manifest(folder, info, lambda body: body.update(data_size=0))
    path = folder / info.data_file
    path.chmod(0o644)
    with path.open("ab") as data:
        data.truncate(300 * 1024 * 1024)  # sparse: 300 MB read back, none on disk


def manifest_without_a_size(folder, info, infos):
    _rewrite_manifest(folder, info, lambda body: body.pop("data_size"))


def data_file_longer_than_its_manifest_says(folder, info, infos):
    path = folder / info.data_file
    path.chmod(0o644)
    with path.open("ab") as data:
        data.truncate(300 * 1024 * 1024)


DAMAGE = [
    (truncate, "has"),
    (flip_a_byte, "does not match its recorded SHA-256"),
    (replace_with_another_version, "its data file data/v00000003-"),
    (symlink_to_another_version, "is refused: it is a symbolic link"),
    (symlink_to_dev_zero, "is refused: it is a symbolic link"),
    (remove, "is missing"),
    (manifest_naming_etc_passwd, "names a data file this store never makes ('data/../../../etc/passwd')"),
    (manifest_recording_size_zero_over_a_large_file, "records a data size of 0 bytes, outside 1 byte to"),
    (manifest_without_a_size, "its manifest has no 'data_size' field"),
    (data_file_longer_than_its_manifest_says, "is refused"),
]


@pytest.fixture
def damaged(request, tmp_path, monkeypatch):
    """A store whose version 3 is damaged by the parametrised action; returns (folder, infos, expected why)."""
    action, why = request.param
    folder = tmp_path / "store"
    monkeypatch.setenv("INDICATORS_STORE", str(folder))
    monkeypatch.setattr("getpass.getuser", lambda: "analyst-os")
    infos = publish_three(folder)
    action(folder, infos[2], infos)
    return folder, infos, why


@pytest.mark.parametrize("damaged", DAMAGE, indirect=True, ids=[d[0].__name__ for d in DAMAGE])
def test_the_store_serves_version_2_and_says_why_version_3_is_not(damaged):
    folder, infos, why = damaged
    store = open_store(str(folder))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    assert store.head() == 2 and store.read().equals(open_store(str(folder)).read(2))
    assert time.monotonic() - started < 30
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KiB: never reads /dev/zero
    [damage] = store.damaged()
    assert damage.number == 3 and why in damage.why, damage.why
    note = store.damage_note()
    assert note.startswith("version 3 is damaged: ") and note.endswith("; showing version 2, the newest intact version")
    with pytest.raises(StoreError, match="version 3 is damaged"):
        store.read(3)
    listed = {entry.number: entry for entry in store.history()}
    assert [listed[n].status for n in (0, 1, 2, 3)] == ["ok", "ok", "ok", "damaged"]


@pytest.mark.parametrize("damaged", DAMAGE, indirect=True, ids=[d[0].__name__ for d in DAMAGE])
def test_history_lists_the_damaged_version_and_exits_4(damaged, capsys):
    _, _, why = damaged
    assert main(["history", "--format", "json"]) == 4
    out, err = capsys.readouterr()
    entries = json.loads(out)
    assert [(e["number"], e["status"]) for e in entries] == [(0, "ok"), (1, "ok"), (2, "ok"), (3, "damaged")]
    assert why in entries[3]["why"] and entries[2]["why"] == ""
    assert err.splitlines() == [
        f"warning: version 3 is damaged: {entries[3]['why']}",
        "warning: the published data are version 2, the newest intact one",
    ]
    assert main(["history"]) == 4
    out, _ = capsys.readouterr()
    assert out.splitlines()[-1].split()[:2] == ["3", "damaged"]


@pytest.mark.parametrize("damaged", DAMAGE[:2], indirect=True, ids=[d[0].__name__ for d in DAMAGE[:2]])
def test_rollback_and_publish_explain_the_damage(damaged, tmp_path, capsys):
    explained = r"identical to version 2 \(version 3 is damaged: .*showing version 2"
    with pytest.raises(NothingToPublishError, match=explained):
        open_store().rollback(2, author="ana")
    assert main(["rollback", "2"]) == 0
    out, err = capsys.readouterr()
    assert "identical to version 2 (version 3 is damaged" in out
    assert err.startswith("warning: version 3 is damaged: ")

    assert main(["rollback", "1"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("published version 4: the data of version 1")
    assert err.startswith("warning: version 3 is damaged: ")
    assert open_store().head() == 4


def test_junk_in_the_log_is_reported_and_never_hides_later_versions(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "store"
    monkeypatch.setenv("INDICATORS_STORE", str(folder))
    publish_three(folder)
    (folder / "_log" / "99999999.json").write_bytes(b"\x00junk{")
    store = open_store()
    assert store.head() == 3
    assert [d.number for d in store.damaged()] == [99999999]
    assert "version 99999999 is damaged: its manifest is not valid JSON" in store.damage_note()
    for value in (80.0, 81.0, 82.0):
        info = open_store().publish(make_table([("internet_users", "WLD", 2031, value)]), author="a", message="m")
        assert open_store().head() == info.number  # what was published is what every reader now sees
    assert open_store().head() == 6
    assert main(["history", "--format", "json"]) == 4
    entries = json.loads(capsys.readouterr().out)
    assert [e["number"] for e in entries] == [0, 1, 2, 3, 4, 5, 6, 99999999]
    assert entries[-1] == {"number": 99999999, "status": "damaged", "why": entries[-1]["why"]}


def test_a_damaged_older_version_is_listed_but_the_newest_is_served(tmp_path, monkeypatch):
    folder = tmp_path / "store"
    infos = publish_three(folder)
    flip_a_byte(folder, infos[0], infos)
    store = open_store(str(folder))
    assert store.head() == 3 and store.damaged() == [] and store.damage_note() == ""
    assert [e.status for e in store.history()] == ["ok", "damaged", "ok", "ok"]
    with pytest.raises(StoreError, match="version 1 is damaged"):
        store.diff(1, 3)


def test_a_fifo_in_place_of_a_data_file_is_refused_without_blocking(tmp_path):
    folder = tmp_path / "store"
    infos = publish_three(folder)
    path = folder / infos[2].data_file
    path.unlink()
    os.mkfifo(path)
    store = open_store(str(folder))
    assert store.head() == 2
    assert "is refused: it is not a regular file" in store.damaged()[0].why
