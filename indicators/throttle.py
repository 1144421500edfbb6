"""Failed sign-ins per client address and per account, in one process-wide object no client can clear.

The state lives in this module, not in a framework cache: Streamlit lets any browser clear its caches,
which would reset the count. An attempt is reserved under the lock before the password is checked, so
any number of concurrent attempts are counted against one counter. Keys are SHA-256 digests (a long
name costs 16 bytes) and each table keeps at most :data:`MAX_RECORDS` records, the least recently
touched being dropped first.

Two counters decide whether an attempt is checked at all:
- the client address: every failure from it, whatever the name, slows that address down;
- the account: failures from all addresses slow down only addresses that have never signed in to that
  account, so a stranger cannot lock an analyst out of the address the analyst signs in from.
Each dashboard process keeps its own counts: with several replicas, an address gets its attempts on each.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

FREE_FAILURES = 2  # the slow-down of an address starts at its third failure in a row
ACCOUNT_FREE_FAILURES = 10  # an account slows unknown addresses down after this many failures from all
FIRST_DELAY = 1.0
MAX_DELAY = 300.0
FORGET_AFTER = 3600.0  # failures older than this no longer count
TRUST_FOR = 90 * 24 * 3600.0  # how long an address that signed in to an account stays known to it
MAX_RECORDS = 10_000  # per table: bounds memory whatever names and addresses are sent
LOCAL = "local"  # the address key of clients whose address is unknown (the same machine)


def delay_after(failures: int, free: int = FREE_FAILURES) -> float:
    """Seconds to wait after ``failures`` failures in a row: none for the first ``free``, then doubling."""
    if failures <= free:
        return 0.0
    return min(MAX_DELAY, FIRST_DELAY * 2 ** (failures - free - 1))


def _key(*parts: str) -> bytes:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.digest()[:16]


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0
    blocked_until: float = 0.0


class _Table:
    """Bounded records by hashed key, least recently touched first."""

    def __init__(self, limit: int):
        self._limit = limit
        self._records: OrderedDict[bytes, _Failures] = OrderedDict()

    def __len__(self) -> int:
        return len(self._records)

    def get(self, key: bytes, now: float) -> _Failures | None:
        state = self._records.get(key)
        if state is not None and now - state.last > FORGET_AFTER:
            del self._records[key]
            return None
        return state

    def touch(self, key: bytes, now: float) -> _Failures:
        state = self.get(key, now) or _Failures()
        self._records[key] = state
        self._records.move_to_end(key)
        state.last = now
        while len(self._records) > self._limit:
            self._records.popitem(last=False)
        return state

    def pop(self, key: bytes) -> None:
        self._records.pop(key, None)


@dataclass(frozen=True)
class Reservation:
    """An attempt that may go ahead (``wait`` is 0) or must wait ``wait`` seconds and is not checked."""

    wait: float
    address: bytes
    account: bytes
    delay: float = 0.0  # what a failure of this attempt makes the next one wait


class Throttle:
    """Counts failed sign-ins; ``clock`` is injectable so tests need not sleep."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, limit: int = MAX_RECORDS):
        self._clock = clock
        self._lock = threading.Lock()
        self._addresses = _Table(limit)
        self._accounts = _Table(limit)
        self._trusted: OrderedDict[bytes, float] = OrderedDict()
        self._limit = limit

    def __len__(self) -> int:
        """The number of records held (for memory bounds)."""
        with self._lock:
            return len(self._addresses) + len(self._accounts) + len(self._trusted)

    def _is_trusted(self, pair: bytes, now: float) -> bool:
        since = self._trusted.get(pair)
        return since is not None and now - since <= TRUST_FOR

    def reserve(self, account: str, address: str | None) -> Reservation:
        """Count an attempt as a failure before its password is checked, unless it must wait first."""
        address_key, account_key = _key("address", address or LOCAL), _key("account", account)
        pair = _key("pair", account, address or LOCAL)
        with self._lock:
            now = self._clock()
            by_address = self._addresses.get(address_key, now)
            by_account = None if self._is_trusted(pair, now) else self._accounts.get(account_key, now)
            blocked = max((s.blocked_until for s in (by_address, by_account) if s is not None), default=0.0)
            if blocked > now:
                return Reservation(blocked - now, address_key, account_key)
            delay = _fail(self._addresses, address_key, now, FREE_FAILURES)
            account_delay = _fail(self._accounts, account_key, now, ACCOUNT_FREE_FAILURES)
            if not self._is_trusted(pair, now):
                delay = max(delay, account_delay)
            return Reservation(0.0, address_key, account_key, delay)

    def succeeded(self, reservation: Reservation, account: str, address: str | None) -> None:
        """The reserved attempt signed in: forget its address's and account's failures, trust the address."""
        pair = _key("pair", account, address or LOCAL)
        with self._lock:
            self._addresses.pop(reservation.address)
            self._accounts.pop(reservation.account)
            self._trusted[pair] = self._clock()
            self._trusted.move_to_end(pair)
            while len(self._trusted) > self._limit:
                self._trusted.popitem(last=False)


def _fail(table: _Table, key: bytes, now: float, free: int) -> float:
    """Count one more failure under ``key``; the wait it imposes on the next attempt."""
    state = table.touch(key, now)
    state.count += 1
    state.blocked_until = now + delay_after(state.count, free)
    return state.blocked_until - now


_shared = Throttle()


def shared() -> Throttle:
    """The throttle of this process, shared by every session of the dashboard."""
    return _shared
