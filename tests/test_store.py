"""Versioned store semantics: version 0, merge and replace, history, rollback, conflicts, damaged files."""

from __future__ import annotations

import hashlib
import io

import pandas as pd
import pyarrow.parquet as pq
import pytest
from test_store_support import BASE, FakeClock, memory_store, rows, same_rows

from indicators.store import (
    ConflictError,
    LocalFolderStore,
    NothingToPublishError,
    ObstoreObjectStore,
    Store,
    StoreError,
    open_store,
)
from indicators.store.manifest import manifest_name
from indicators.table import load_default


def test_version_zero_is_the_embedded_default_data():
    store = open_store("memory://")
    assert store.head() == 0
    assert store.read().equals(load_default())
    assert store.read(0).equals(load_default())
    [zero] = store.versions()
    assert (zero.number, zero.mode, zero.rows) == (0, "default", len(load_default()))
    assert zero.source_name == "figures.csv" and len(zero.source_sha256) == 64


def test_merge_upserts_by_key_and_keeps_everything_else():
    store = memory_store()
    upload = rows(
        ("alpha", "WLD", 2018, 12.0),  # same key: replaces 11.0
        ("alpha", "WLD", 2019, 13.0),  # new year
        ("alpha", "WLD", 2018, 99.0, "projection"),  # same key, other kind: a separate figure
    )
    info = store.publish(upload, author="ana", message="2019 update", source_name="f.csv", source_sha256="ab")
    assert (info.number, info.parent, info.mode) == (1, 0, "merge")
    assert info.changes == {"added": 2, "changed": 1, "removed": 0}
    assert same_rows(
        store.read(),
        rows(
            ("alpha", "WLD", 2017, 10.0),
            ("alpha", "WLD", 2018, 12.0),
            ("alpha", "WLD", 2018, 99.0, "projection"),
            ("alpha", "WLD", 2019, 13.0),
            ("alpha", "LDC", 2018, 3.0),
            ("beta", "WLD", 2018, 50.0),
            ("beta", "WLD", 2019, 55.0),
        ),
    )
    assert store.read(0).equals(BASE)  # the previous version is untouched


def test_replace_swaps_one_indicator_series_only():
    store = memory_store()
    info = store.publish(rows(("alpha", "WLD", 2020, 20.0)), author="ana", message="new series", mode="replace")
    assert info.indicator == "alpha" and info.mode == "replace"
    assert info.changes == {"added": 1, "changed": 0, "removed": 3}
    assert same_rows(
        store.read(),
        rows(("alpha", "WLD", 2020, 20.0), ("beta", "WLD", 2018, 50.0), ("beta", "WLD", 2019, 55.0)),
    )


def test_replace_with_an_empty_upload_removes_the_named_series():
    store = memory_store()
    store.publish(
        rows(("beta", "WLD", 2018, 1.0)).iloc[0:0],
        author="a",
        message="drop",
        mode="replace",
        indicator="beta",
    )
    assert sorted(store.read()["indicator"].unique()) == ["alpha"]


def test_replace_needs_one_indicator_and_refuses_other_indicators():
    store = memory_store()
    two = rows(("alpha", "WLD", 2020, 1.0), ("beta", "WLD", 2020, 1.0))
    with pytest.raises(StoreError, match="replace mode needs an indicator code.*alpha, beta"):
        store.publish(two, author="a", message="m", mode="replace")
    with pytest.raises(StoreError, match="other indicators than alpha: beta"):
        store.publish(two, author="a", message="m", mode="replace", indicator="alpha")
    with pytest.raises(StoreError, match="unknown publish mode 'upsert'"):
        store.publish(two, author="a", message="m", mode="upsert")
    assert store.head() == 0


def test_publish_refuses_no_change_missing_message_and_bad_tables():
    store = memory_store()
    with pytest.raises(NothingToPublishError, match="identical to version 0"):
        store.publish(BASE.iloc[:2], author="a", message="same again")
    with pytest.raises(StoreError, match="message"):
        store.publish(rows(("alpha", "WLD", 2030, 1.0)), author="a", message="  ")
    with pytest.raises(StoreError, match="author"):
        store.publish(rows(("alpha", "WLD", 2030, 1.0)), author="", message="m")
    with pytest.raises(StoreError, match="no value column"):
        store.publish(pd.DataFrame({"indicator": ["a"], "economy": ["WLD"], "year": [1]}), author="a", message="m")
    assert store.head() == 0 and store.objects.list("") == []


def test_preview_shows_the_publish_result_without_writing():
    store = memory_store()
    table, diff = store.preview(rows(("beta", "WLD", 2019, 56.0)))
    assert diff.counts() == {"added": 0, "changed": 1, "removed": 0}
    assert table.loc[(table["indicator"] == "beta") & (table["year"] == 2019), "value"].tolist() == [56.0]
    assert store.objects.list("") == []
    info = store.publish(rows(("beta", "WLD", 2019, 56.0)), author="a", message="m")
    assert same_rows(store.read(info.number), table)
    _, against_zero = store.preview(rows(("beta", "WLD", 2019, 56.0)), based_on=0)
    _, against_head = store.preview(rows(("beta", "WLD", 2019, 56.0)))
    assert against_zero.counts()["changed"] == 1 and against_head.empty


def test_history_diff_and_rollback_create_new_versions():
    clock = FakeClock()
    store = memory_store(clock=clock)
    store.publish(rows(("alpha", "WLD", 2019, 1.0)), author="ana", message="one")
    clock.now += 60
    store.publish(rows(("alpha", "WLD", 2019, 2.0), ("beta", "LDC", 2019, 3.0)), author="bo", message="two")
    assert store.diff(0, 2).counts() == {"added": 2, "changed": 0, "removed": 0}
    assert store.diff(1, 2).counts() == {"added": 1, "changed": 1, "removed": 0}
    assert store.diff(2, 0).counts() == {"added": 0, "changed": 0, "removed": 2}

    back = store.rollback(1, author="cy")
    assert (back.number, back.parent, back.mode, back.message) == (3, 2, "rollback", "Rollback to version 1")
    assert back.changes == {"added": 0, "changed": 1, "removed": 1}
    assert store.read(3).equals(store.read(1))
    reset = store.rollback(0, author="cy", message="start over")
    assert reset.number == 4 and same_rows(store.read(), BASE)

    history = store.versions()
    assert [v.number for v in history] == [0, 1, 2, 3, 4]
    assert [v.author for v in history[1:]] == ["ana", "bo", "cy", "cy"]
    assert history[1].created == "2023-11-14T22:13:20Z" and history[2].created == "2023-11-14T22:14:20Z"
    assert [v.parent for v in history[1:]] == [0, 1, 2, 3]
    assert all(same_rows(store.read(v.number), store.read(v.number)) for v in history)
    with pytest.raises(NothingToPublishError):
        store.rollback(0, author="cy")


def test_download_bytes_are_the_version_data():
    store = memory_store()
    info = store.publish(rows(("alpha", "WLD", 2019, 1.0)), author="a", message="m")
    frame = pq.read_table(io.BytesIO(store.data_bytes(1))).to_pandas()
    assert same_rows(frame, store.read(1)) and info.rows == len(frame)
    assert hashlib.sha256(store.data_bytes(1)).hexdigest() == info.data_sha256  # the stored file itself
    zero = pq.read_table(io.BytesIO(store.data_bytes(0))).to_pandas()
    assert same_rows(zero, BASE)


def test_unknown_versions_are_a_clear_error():
    store = memory_store()
    store.publish(rows(("alpha", "WLD", 2019, 1.0)), author="a", message="m")
    for bad in (2, 7, -1):
        with pytest.raises(StoreError, match=rf"version {bad} does not exist: versions go from 0 to 1"):
            store.read(bad)
    with pytest.raises(StoreError, match="version 5 does not exist"):
        store.rollback(5, author="a")
    with pytest.raises(StoreError, match="version 9 does not exist"):
        store.diff(0, 9)


def test_stale_preview_is_a_conflict_and_writes_nothing():
    store = memory_store()
    store.publish(rows(("alpha", "WLD", 2019, 1.0)), author="ana", message="first")
    before = store.objects.list("")
    with pytest.raises(ConflictError, match="version 1 was published by ana .* after your preview of version 0"):
        store.publish(rows(("alpha", "WLD", 2019, 2.0)), author="bo", message="late", based_on=0)
    assert store.objects.list("") == before
    assert store.publish(rows(("alpha", "WLD", 2019, 2.0)), author="bo", message="ok", based_on=1).number == 2
    with pytest.raises(ConflictError, match="based on version 7, but the newest version is 2"):
        store.publish(rows(("alpha", "WLD", 2019, 3.0)), author="bo", message="bogus", based_on=7)


class LosesTheRaceOnce:
    """An object store where another publisher claims the next manifest just before we do."""

    def __init__(self, inner, rival: Store):
        self.inner, self.rival, self.location, self.raced = inner, rival, inner.location, False

    def put_if_absent(self, name, data):
        if not self.raced and name.startswith("_log/"):
            self.raced = True
            self.rival.publish(rows(("beta", "LDC", 2019, 7.0)), author="rival", message="won")
        return self.inner.put_if_absent(name, data)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_lost_race_is_a_conflict_with_based_on_and_a_retry_without():
    for based_on in (0, None):
        base = memory_store()
        racing = Store(LosesTheRaceOnce(base.objects, base), default_loader=lambda: BASE.copy())
        upload = rows(("alpha", "WLD", 2019, 1.0))
        if based_on == 0:
            with pytest.raises(ConflictError, match="version 1 was published by rival"):
                racing.publish(upload, author="me", message="mine", based_on=0)
            assert base.head() == 1 and len(base.objects.list("data/")) == 1  # our data file was discarded
        else:
            info = racing.publish(upload, author="me", message="mine")
            assert (info.number, info.parent) == (2, 1)
            final = base.read()
            assert {("alpha", 2019), ("beta", 2019)} <= set(zip(final["indicator"], final["year"], strict=True))
            assert len(base.objects.list("data/")) == 2


def test_damaged_or_partial_versions_are_skipped_by_readers():
    store = memory_store()
    store.publish(rows(("alpha", "WLD", 2019, 1.0)), author="a", message="one")
    two = store.publish(rows(("alpha", "WLD", 2019, 2.0)), author="a", message="two")
    fresh = Store(store.objects, default_loader=lambda: BASE.copy())
    assert fresh.head() == 2
    store.objects.put(two.data_file, store.objects.get(two.data_file)[:-10])  # truncated data file
    fresh = Store(store.objects, default_loader=lambda: BASE.copy())
    assert fresh.head() == 1 and fresh.read().equals(store.read(1))
    with pytest.raises(StoreError, match="version 2 is damaged"):
        fresh.read(2)
    store.objects.put(manifest_name(3), b'{"number": 3, "truncat')  # unparseable manifest
    assert fresh.head() == 1
    info = fresh.publish(rows(("alpha", "WLD", 2019, 4.0)), author="a", message="after damage")
    assert (info.number, info.parent) == (4, 1)  # never reuses a taken name, builds on the last good version
    assert [v.number for v in fresh.versions()] == [0, 1, 2, 4]


def test_cleanup_removes_only_old_unreferenced_files():
    clock = FakeClock()
    store = memory_store(clock=clock)
    info = store.publish(rows(("alpha", "WLD", 2019, 1.0)), author="a", message="one")
    lost_race = "data/v00000001-" + "a" * 32 + ".parquet"  # lost the claim on version 1
    crashed = "data/v00000002-" + "b" * 32 + ".parquet"  # killed before claiming version 2
    unreadable = "data/v00000003-" + "c" * 32 + ".parquet"  # named by a manifest this code cannot parse
    for name in (lost_race, crashed, unreadable, "data/notes.txt", "_tmp/abc.tmp"):
        store.objects.put(name, b"leftover")
    store.objects.put(manifest_name(3), b'{"format": 2, "number": 3}')
    assert store.cleanup() == []  # still within the grace period: could be a publish in progress
    clock.now += 7200
    in_progress = "data/v00000004-" + "d" * 32 + ".parquet"
    store.objects.put(in_progress, b"publish in progress")
    assert sorted(store.cleanup()) == sorted(["_tmp/abc.tmp", lost_race, crashed])
    assert sorted(store.objects.list("data/")) == sorted([info.data_file, unreadable, "data/notes.txt", in_progress])
    assert store.head() == 1 and same_rows(store.read(), store.read(1))


def test_publish_tidies_old_leftovers_itself():
    clock = FakeClock()
    store = memory_store(clock=clock)
    crashed = "data/v00000001-" + "e" * 32 + ".parquet"
    store.objects.put(crashed, b"left by a crash")
    clock.now += 7200
    info = store.publish(rows(("alpha", "WLD", 2019, 1.0)), author="a", message="one")
    assert store.objects.list("data/") == [info.data_file]


def test_open_store_locations(tmp_path, monkeypatch):
    monkeypatch.setenv("INDICATORS_STORE", str(tmp_path / "store"))
    store = open_store()
    assert isinstance(store.objects, LocalFolderStore) and store.location == str(tmp_path / "store")
    assert store.head() == 0 and not (tmp_path / "store").exists()  # reading never creates anything
    assert store.read().equals(load_default())
    store.publish(rows(("alpha", "WLD", 2019, 1.0)), author="a", message="m")
    assert open_store(f"file://{tmp_path / 'store'}").head() == 1
    assert open_store().read()["indicator"].tolist().count("alpha") == 1

    shared = open_store("memory://shared-test")
    shared.publish(rows(("alpha", "WLD", 2019, 1.0)), author="a", message="m")
    assert open_store("memory://shared-test").head() == 1
    assert open_store("memory://").head() == 0

    assert isinstance(open_store("s3://bucket/prefix").objects, ObstoreObjectStore)  # no request is sent yet
    with pytest.raises(StoreError, match="unknown scheme ftp://"):
        open_store("ftp://host/folder")
    (tmp_path / "afile").write_text("x")
    with pytest.raises(StoreError, match="is a file, not a folder"):
        open_store(str(tmp_path / "afile"))


def test_local_folder_layout_and_reopen(tmp_path):
    store = Store(LocalFolderStore(tmp_path), default_loader=lambda: BASE.copy())
    one = store.publish(rows(("alpha", "WLD", 2019, 1.0)), author="ana", message="one", source_name="up.csv")
    assert (tmp_path / "_log" / "00000001.json").is_file()
    assert (tmp_path / one.data_file).is_file() and one.data_file.startswith("data/v00000001-")
    assert list((tmp_path / "_tmp").iterdir()) == []
    reopened = Store(LocalFolderStore(tmp_path), default_loader=lambda: BASE.copy())
    assert reopened.versions()[1] == one
    assert reopened.read().equals(store.read())


def test_head_checks_each_data_file_once_per_store():
    store = memory_store()
    store.publish(rows(("alpha", "WLD", 2019, 1.0)), author="a", message="m")
    reads = []
    original = store.objects.get
    store.objects.get = lambda name, limit=None: reads.append(name) or original(name, limit)
    for _ in range(5):
        assert store.head() == 1
    assert len([name for name in reads if name.startswith("data/")]) == 1  # read and checked once, then cached
    mine = store.read(1)
    mine.loc[0, "value"] = -1.0  # a caller changing its copy does not change the store
    assert store.read(1).loc[0, "value"] != -1.0
