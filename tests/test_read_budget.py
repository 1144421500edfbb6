"""The read budget: one read per owner at a time, a few per process, a short queue, then "busy"."""

from __future__ import annotations

import threading
import time

import pytest

from indicators.ingest import read_upload
from indicators.ingest.budget import ReadBudget, ReadBusy

TIDY = b"indicator,economy,year,value\ninternet_users,KEN,2019,22.7\n"


@pytest.fixture
def two_slots(monkeypatch):
    monkeypatch.setenv("INDICATORS_MAX_READS", "2")
    monkeypatch.setenv("INDICATORS_READ_QUEUE_S", "0")


def test_an_owner_reads_one_file_at_a_time(two_slots):
    budget = ReadBudget()
    with budget.slot("session-a"):
        with pytest.raises(ReadBusy, match="previous file is still being read"):
            with budget.slot("session-a"):
                pass
        with budget.slot("session-b"):
            assert budget.running == 2
    assert budget.running == 0
    with budget.slot("session-a"):  # free again once its read ended
        pass


def test_the_server_refuses_a_read_over_its_slots_and_frees_them_on_errors(two_slots):
    budget = ReadBudget()
    with budget.slot("a"), budget.slot("b"):
        with pytest.raises(ReadBusy, match="try again in a minute"):
            with budget.slot("c"):
                pass
    with pytest.raises(RuntimeError):
        with budget.slot("a"):
            raise RuntimeError("a crash inside a read")
    assert budget.running == 0
    with budget.slot("c"):  # "c" was not left marked as reading by its refusal
        pass


def test_a_read_waits_in_the_queue_for_a_slot(monkeypatch):
    monkeypatch.setenv("INDICATORS_MAX_READS", "1")
    monkeypatch.setenv("INDICATORS_READ_QUEUE_S", "60")
    budget = ReadBudget()
    entered = threading.Event()
    release = threading.Event()

    def first() -> None:
        with budget.slot("a"):
            entered.set()
            release.wait(60)

    thread = threading.Thread(target=first)
    thread.start()
    assert entered.wait(60)
    threading.Timer(0.2, release.set).start()
    started = time.monotonic()
    with budget.slot("b"):
        assert time.monotonic() - started < 60
    thread.join(60)


def test_read_upload_takes_a_slot_of_the_process_budget(monkeypatch):
    from indicators.ingest.budget import BUDGET

    monkeypatch.setenv("INDICATORS_MAX_READS", "1")
    monkeypatch.setenv("INDICATORS_READ_QUEUE_S", "0")
    with BUDGET.slot("someone"):
        with pytest.raises(ReadBusy):
            read_upload(TIDY, "t.csv", owner="me")
    assert read_upload(TIDY, "t.csv", owner="me", publisher="ITU", edition="2020").report.valid


def test_a_second_read_of_the_same_owner_waits_for_the_first(monkeypatch):
    """A rerun while the session's file is still being read waits in the queue instead of failing."""
    monkeypatch.setenv("INDICATORS_MAX_READS", "2")
    monkeypatch.setenv("INDICATORS_READ_QUEUE_S", "60")
    budget = ReadBudget()
    entered, release, order = threading.Event(), threading.Event(), []

    def first() -> None:
        with budget.slot("session-a"):
            entered.set()
            release.wait(60)
            order.append("first done")

    thread = threading.Thread(target=first)
    thread.start()
    assert entered.wait(60)
    threading.Timer(0.2, release.set).start()
    with budget.slot("session-a"):
        order.append("second started")
    thread.join(60)
    assert order == ["first done", "second started"]
