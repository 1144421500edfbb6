"""The store over object storage (obstore): the same guarantees with create-if-absent instead of links.

Each test runs on obstore's in-memory and local stores and on a real S3-protocol server on loopback
(moto's server mode, ``tests/s3_support.py``), where ``mode="create"`` is an HTTP put with
``If-None-Match: *`` that the server refuses with 412 when the name is taken.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from obstore.store import LocalStore, MemoryStore
from test_store_support import BASE, rows, same_rows

from indicators.store import ConflictError, ObstoreObjectStore, Store


@pytest.fixture(params=["memory", "local", "s3"])
def objects(request, tmp_path):
    if request.param == "s3":
        return request.getfixturevalue("s3_bucket").objects()
    backend = MemoryStore() if request.param == "memory" else LocalStore(str(tmp_path))
    return ObstoreObjectStore(backend, f"{request.param}://test")


def test_create_if_absent_claims_a_name_once(objects):
    assert objects.put_if_absent("_log/00000001.json", b"first") is True
    assert objects.put_if_absent("_log/00000001.json", b"second") is False
    assert objects.get("_log/00000001.json") == b"first"
    with pytest.raises(FileNotFoundError):
        objects.get("_log/00000002.json")


def test_list_filters_by_name_prefix_not_only_by_folder(objects):
    for name in ("_log/00000001.json", "_log/00000002.json", "data/v1-a.parquet", "data/x.parquet"):
        objects.put(name, b"1")
    assert objects.list("_log/") == ["_log/00000001.json", "_log/00000002.json"]
    assert objects.list("data/v") == ["data/v1-a.parquet"]
    objects.delete("data/x.parquet")
    objects.delete("data/x.parquet")  # deleting twice is not an error
    assert objects.list("data/") == ["data/v1-a.parquet"]
    assert objects.modified("data/v1-a.parquet") > 0


def test_publish_history_and_rollback_over_object_storage(objects):
    store = Store(objects, default_loader=lambda: BASE.copy())
    first = store.publish(rows(("alpha", "WLD", 2019, 1.0)), author="ana", message="first")
    second = store.publish(rows(("alpha", "WLD", 2019, 2.0)), author="ben", message="second")
    assert (first.number, second.number, store.head()) == (1, 2, 2)
    back = store.rollback(1, author="ana", message="undo")
    assert back.number == 3 and same_rows(store.read(3), store.read(1))
    reopened = Store(objects, default_loader=lambda: BASE.copy())
    assert [v.number for v in reopened.versions()] == [0, 1, 2, 3]


def test_concurrent_publishes_each_get_their_own_version_or_a_conflict(objects):
    store = Store(objects, default_loader=lambda: BASE.copy())

    def publish(i: int):
        try:
            return store.publish(rows(("alpha", "WLD", 2000 + i, float(i))), author=f"a{i}", message=f"m{i}").number
        except ConflictError:
            return "conflict"

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(publish, range(8)))
    numbers = sorted(o for o in outcomes if o != "conflict")
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) == 8  # retried on the new head
    head = store.read()
    published = head[(head["indicator"] == "alpha") & (head["economy"] == "WLD") & head["year"].between(2000, 2007)]
    assert sorted(published["value"]) == [float(i) for i in range(8)]  # no publish was lost


def test_unknown_objects_and_storage_failures_are_plain_errors(monkeypatch):
    import obstore

    objects = ObstoreObjectStore(MemoryStore(), "memory://x")
    with pytest.raises(FileNotFoundError):
        objects.modified("missing")

    def refuse(*args, **kwargs):
        raise RuntimeError("403 Forbidden")

    monkeypatch.setattr(obstore, "put", refuse)
    with pytest.raises(OSError, match="object storage refused the request: 403 Forbidden"):
        objects.put("a", b"1")
    with pytest.raises(OSError, match="403 Forbidden"):
        objects.put_if_absent("b", b"1")


def test_a_failing_listing_is_an_os_error_with_one_line(monkeypatch):
    import obstore

    def unreachable(*args, **kwargs):
        raise RuntimeError("Generic S3 error: Error performing PUT\n\nDebug source: ...")

    monkeypatch.setattr(obstore, "list", unreachable)
    objects = ObstoreObjectStore(MemoryStore(), "memory://x")
    with pytest.raises(OSError) as caught:
        objects.list("_log/")
    assert str(caught.value).count("\n") == 0 and "Generic S3 error: Error performing PUT" in str(caught.value)
