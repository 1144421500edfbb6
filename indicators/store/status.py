"""What the history says about each version: intact, or damaged and why, so damage is told, never hidden."""

from __future__ import annotations

from dataclasses import dataclass

from indicators.store.manifest import VersionInfo

INTACT = "ok"
DAMAGED = "damaged"


@dataclass(frozen=True)
class Damage:
    """A version that cannot be served: its number and why, in words fit to show a user."""

    number: int
    why: str

    def sentence(self) -> str:
        return f"version {self.number} is damaged: {self.why}"


@dataclass(frozen=True)
class Listed:
    """One line of the history: the manifest entry (None when the manifest itself is unreadable)."""

    number: int
    info: VersionInfo | None
    why: str = ""  # empty when the version is intact

    @property
    def status(self) -> str:
        return DAMAGED if self.why else INTACT

    def to_dict(self) -> dict:
        """The manifest's fields (only the number when it is unreadable), its status and why."""
        body = self.info.to_dict() if self.info is not None else {"number": self.number}
        return {**body, "status": self.status, "why": self.why}


def shown_instead(damaged: list[Damage], head: int) -> str:
    """'version 3 is damaged (...); showing version 2': one sentence for damaged versions above the head."""
    if not damaged:
        return ""
    parts = "; ".join(d.sentence() for d in sorted(damaged, key=lambda d: d.number, reverse=True))
    shown = "the embedded default data (version 0)" if head == 0 else f"version {head}"
    return f"{parts}; showing {shown}, the newest intact version"
