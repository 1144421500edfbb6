"""The published version as the dashboard serves it: read, checked and scored once per process and version.

Every viewer of one server process shares the same :class:`Store` and, for each data version, the same
table and :class:`Scorer`. ``python -m indicators serve`` calls :func:`warm` before the server answers
its health check, so the first viewer after a start finds the work done, as the next one does.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from dataclasses import dataclass

import pandas as pd

from indicators import settings
from indicators.catalogue import Framework, load_named
from indicators.registry import Registry, load_registry
from indicators.scoring import DEFAULT_METHOD, Scorer
from indicators.store import Store, open_store, store_uri

FRAMEWORK = "connect2020"
KEPT_VERSIONS = 4  # a new head plus the few a rollback or a slow replica may still ask for


@dataclass(frozen=True)
class ScoredVersion:
    """One published version with its label and the scorer every page asks (shared: treat as read-only)."""

    key: str
    number: int
    label: str
    table: pd.DataFrame
    scorer: Scorer


_lock = threading.Lock()
_stores: dict[tuple[str, float], Store] = {}
_versions: OrderedDict[str, ScoredVersion] = OrderedDict()


def version_label(number: int) -> str:
    """How the pages and the static edition name a version."""
    return "embedded default data (version 0)" if number == 0 else f"published version {number}"


@functools.cache
def framework() -> Framework:
    """The Connect 2020 framework, loaded once per process."""
    return load_named(FRAMEWORK, registry=registry())


def registry() -> Registry:
    """The indicator and economy registry (loaded once per process by :func:`load_registry`)."""
    return load_registry()


def shared_store(uri: str, head_ttl: float) -> Store:
    """One :class:`Store` per location and head TTL in this process: it keeps what it has read and checked."""
    with _lock:
        found = _stores.get((uri, head_ttl))
        if found is None:
            found = _stores[(uri, head_ttl)] = open_store(uri, head_ttl=head_ttl)
        return found


def version_key(uri: str, number: int) -> str:
    """The cache key of a version: pages key every cached view of the data by it."""
    return f"{uri}@{number}"


def scored_version(uri: str, number: int, head_ttl: float) -> ScoredVersion:
    """Version ``number`` of the store at ``uri``, read and checked once, with its scorer (may raise StoreError).

    Two viewers asking at once for a version not yet read may both read it; the first one kept wins.
    """
    key = version_key(uri, number)
    with _lock:
        found = _versions.get(key)
        if found is not None:
            _versions.move_to_end(key)
            return found
    table = shared_store(uri, head_ttl).read(number)
    made = ScoredVersion(key, number, version_label(number), table, Scorer(framework(), table, registry()))
    with _lock:
        kept = _versions.setdefault(key, made)
        while len(_versions) > KEPT_VERSIONS:
            _versions.popitem(last=False)
        return kept


def kept_version(key: str) -> ScoredVersion | None:
    """The version named ``key`` (see :func:`version_key`) if this process has it, else None."""
    with _lock:
        return _versions.get(key)


def warm() -> ScoredVersion:
    """Read, check and score the current version of ``INDICATORS_STORE`` with the default view, as the
    overview does, so that the first viewer waits no longer than the next (may raise StoreError)."""
    uri = store_uri()
    ttl = settings.HEAD_TTL.value()
    version = scored_version(uri, shared_store(uri, ttl).head(), ttl)
    scores = version.scorer.scorecard(method=DEFAULT_METHOD)
    from indicators.charts import progress_figure  # the overview's chart: its first build loads Plotly's schema

    progress_figure(scores)
    return version
