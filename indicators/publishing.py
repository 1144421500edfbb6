"""Publishing an analyst's upload and rolling back to an earlier version, as the dashboard does it.

Each attempt ends in an :class:`Outcome`: the new version, or a sentence saying why nothing was
published. Every refusal is logged with who asked (the analyst's name, or that nobody was signed in),
which version it was based on and why; every success with the new version's number. No password or
hash ever reaches this module, so none can be logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pandas as pd

from indicators.incidents import LOGGER_NAME
from indicators.safety import plain_label
from indicators.store import ConflictError, Store, StoreError
from indicators.store.manifest import VersionInfo

log = logging.getLogger(f"{LOGGER_NAME}.publishing")
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


def _who(author: str | None) -> str:
    return "nobody signed in" if author is None else f"analyst {plain_label(author, 200)!r}"


def _refused(action: str, author: str | None, based_on: int, why: str, conflict: bool = False) -> Outcome:
    log.warning("%s refused: by %s, based on version %d: %s", action, _who(author), based_on, why)
    return Outcome(why=why, conflict=conflict)


def publish(store: Store, proposal: Proposal, *, author: str | None, message: str) -> Outcome:
    """Publish ``proposal`` as ``author`` against the version it was compared with (None: not signed in)."""
    if author is None:
        return _refused("publish", author, proposal.based_on, NOT_SIGNED_IN)
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
        return _refused("publish", author, proposal.based_on, str(error), isinstance(error, ConflictError))
    log.info(
        "published version %d: by %s, based on version %d, from %s (sha256=%s)",
        info.number,
        _who(author),
        proposal.based_on,
        plain_label(proposal.source_name, 200),
        proposal.source_sha256,
    )
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
        return _refused(action, author, head, str(error), isinstance(error, ConflictError))
    log.info("rolled back: version %d holds the data of version %d, by %s", info.number, version, _who(author))
    return Outcome(info)


def published_text(info: VersionInfo) -> str:
    """'Published version 3 (12 added, 1 changed, 0 removed). Every viewer now sees it.'"""
    changes = info.changes
    return (
        f"Published version {info.number} ({changes['added']:,} added, {changes['changed']:,} changed, "
        f"{changes['removed']:,} removed). Every viewer now sees it."
    )
