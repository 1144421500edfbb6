"""Publishing an analyst's upload and rolling back to an earlier version, as the dashboard does it.

Each attempt ends in an :class:`Outcome`: the new version, or a sentence saying why nothing was
published. The store logs what it did or refused; this module logs the refusals that never reach it
(nobody signed in, no confirmation), in the same words. No password or hash ever reaches this module,
so none can be logged.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from indicators.static_edition import publish_edition
from indicators.store import ConflictError, Store, StoreError
from indicators.store.manifest import VersionInfo
from indicators.store.versions import log_refusal

NOT_SIGNED_IN = "sign in as an analyst first"
NOT_CONFIRMED = "tick the confirmation first"


@dataclass(frozen=True)
class Proposal:
    """What the analyst has checked and compared: the rows to publish and how."""

    table: pd.DataFrame
    mode: str
    indicator: str | None
    based_on: int
    source_name: str
    source_sha256: str
    key: str  # names the comparison, so a refusal is shown beside the proposal it concerns
    verdicts: tuple[str, ...] = ()  # the verdicts publishing would change, one sentence each


@dataclass(frozen=True)
class Outcome:
    """A new version, or why there is none (``conflict``: someone else published first)."""

    info: VersionInfo | None = None
    why: str = ""
    conflict: bool = False


def _refused(action: str, author: str | None, based_on: int, why: str) -> Outcome:
    log_refusal(action, author, based_on, why)
    return Outcome(why=why)


def _failed(error: StoreError) -> Outcome:
    return Outcome(why=str(error), conflict=isinstance(error, ConflictError))


def publish(store: Store, proposal: Proposal, *, author: str | None, message: str) -> Outcome:
    """Publish ``proposal`` as ``author`` against the version it was compared with (None: not signed in)."""
    if author is None:
        return _refused(f"publish ({proposal.mode})", author, proposal.based_on, NOT_SIGNED_IN)
    try:
        info = store.publish(
            proposal.table,
            author=author,
            message=message,
            source_name=proposal.source_name,
            source_sha256=proposal.source_sha256,
            mode=proposal.mode,
            indicator=proposal.indicator,
            based_on=proposal.based_on,
        )
    except StoreError as error:
        return _failed(error)
    publish_edition(store, info.number)
    return Outcome(info)


def rollback(store: Store, version: int, *, head: int, author: str | None, message: str, confirmed: bool) -> Outcome:
    """Publish the data of ``version`` as a new version, if the head is still ``head`` and it was confirmed."""
    action = f"rollback to version {version}"
    if author is None:
        return _refused(action, author, head, NOT_SIGNED_IN)
    if not confirmed:
        return _refused(action, author, head, NOT_CONFIRMED)
    try:
        info = store.rollback(version, author=author, message=message, based_on=head)
    except StoreError as error:
        return _failed(error)
    publish_edition(store, info.number)
    return Outcome(info)


def published_text(info: VersionInfo) -> str:
    """'Published version 3 (12 added, 1 changed, 0 removed). Every viewer now sees it.'"""
    changes = info.changes
    return (
        f"Published version {info.number} ({changes['added']:,} added, {changes['changed']:,} changed, "
        f"{changes['removed']:,} removed). Every viewer now sees it."
    )
