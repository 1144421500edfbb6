"""How many uploads are read at once: one per owner (a browser session), a few per server.

Reading a hostile file is bounded (see :mod:`indicators.ingest.limits`), but four bounded reads at once
still add up, and an .xls or .ods read runs a child process of up to a gigabyte. So every read takes a
slot: a read waits a few seconds in a queue for its owner's previous read to end and for a free server
slot, and is then told what it waits for (its own read, or a busy server) instead of piling up. With
``INDICATORS_MAX_READS`` slots, the children of .xls and .ods reads hold at most that many gigabytes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from indicators import settings


class ReadBusy(Exception):
    """No read can start now; the message says why and what to do (a plain sentence for the page)."""


class ReadBudget:
    """The slots of one process: at most one read per owner and ``INDICATORS_MAX_READS`` in all."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._owners: set[str] = set()
        self._running = 0
        self._freed = threading.Condition(self._lock)

    @contextmanager
    def slot(self, owner: str | None = None) -> Iterator[None]:
        """Hold a slot while the block runs; :class:`ReadBusy` when the owner or the server is busy."""
        limit, wait = settings.MAX_READS.value(), settings.READ_QUEUE_S.value()
        with self._lock:
            free = self._freed.wait_for(lambda: owner not in self._owners and self._running < limit, timeout=wait)
            if not free and owner in self._owners:
                raise ReadBusy("Your previous file is still being read: wait for it to finish, then try again.")
            if not free:
                raise ReadBusy(
                    f"The server is reading {self._running} other files: try again in a minute "
                    "(nothing was lost; your file is still here)."
                )
            if owner is not None:
                self._owners.add(owner)
            self._running += 1
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                if owner is not None:
                    self._owners.discard(owner)
                self._freed.notify_all()

    @property
    def running(self) -> int:
        with self._lock:
            return self._running


#: The process's one budget: every read of an upload, from the dashboard or the command line, takes a slot.
BUDGET = ReadBudget()
