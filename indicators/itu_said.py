"""What ITU itself said about each target, shown beside our verdict: its statements, its target values and
the context figures the framework names.

A verdict computed from the data can differ from the publisher's own reading, and a target the data
cannot score still has a published record. The statements live in ``data/itu_said.toml`` with the
words used and where they were found; the context figures come from the data table, with their
sources. :func:`itu_said` gathers both for one target, as of a year when asked, so that the target
page, the cards, the report and ``scorecard --format json`` all say the same thing.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from indicators.catalogue import Framework, Target
from indicators.paths import DATA_DIR, SOURCES_FILE
from indicators.sources import Source, load_sources

ITU_SAID_FILE = DATA_DIR / "itu_said.toml"
KINDS = ("verdict", "forecast", "figure")
KIND_LABELS = {
    "verdict": "ITU's verdict",
    "forecast": "ITU's forecast",
    "figure": "ITU's figure",
    "target_value": "ITU's published target",
}
CONTEXT_COLUMNS = ("indicator", "economy", "year", "value", "unit", "kind", "publisher", "release", "source", "note")
_RELEASED = re.compile(r"(\d{4})(-\d{2}(-\d{2})?)?")
_REQUIRED = ("target", "kind", "says", "quote", "publisher", "publication", "found_at")
_OPTIONAL_TEXT = ("released", "source", "unit", "economy")
_KNOWN = frozenset((*_REQUIRED, *_OPTIONAL_TEXT, "value", "year"))


class ItuSaidError(ValueError):
    """``itu_said.toml`` cannot be used: the message names the file, the entry and the field."""


@dataclass(frozen=True)
class Statement:
    """One published statement about a target, with the words used and where they were found."""

    target: str
    kind: str
    says: str
    quote: str
    publisher: str
    publication: str
    released: str  # YYYY, YYYY-MM or YYYY-MM-DD; blank when the publication is undated
    found_at: str
    source: str = ""  # the publication's id in data/sources.csv, where it is there
    value: float | None = None
    unit: str = ""
    year: int | None = None
    economy: str = ""

    @property
    def released_year(self) -> int | None:
        return int(self.released[:4]) if self.released else None


@dataclass(frozen=True)
class Record:
    """Every statement and every 'what would allow a verdict', by target."""

    statements: dict[str, tuple[Statement, ...]]
    needs: dict[str, str]
    sources: dict[str, Source]  # the registry the statements were checked against


def _text(raw: dict, key: str, where: str, required: bool) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise ItuSaidError(f"{where}: field {key!r} must be text")
    if required and not value.strip():
        raise ItuSaidError(f"{where}: field {key!r} is required")
    return value.strip()


def _statement(raw: dict, where: str, sources: dict[str, Source]) -> Statement:
    unknown = sorted(set(raw) - _KNOWN)
    if unknown:
        raise ItuSaidError(f"{where}: unknown field {unknown[0]!r}")
    fields = {key: _text(raw, key, where, True) for key in _REQUIRED}
    fields.update({key: _text(raw, key, where, False) for key in _OPTIONAL_TEXT})
    where = f"{where} (target {fields['target']})"
    if fields["kind"] not in KINDS:
        raise ItuSaidError(f"{where}: kind {fields['kind']!r} is not one of {', '.join(KINDS)}")
    if fields["released"] and not _RELEASED.fullmatch(fields["released"]):
        raise ItuSaidError(f"{where}: released {fields['released']!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    source = fields["source"]
    if source and source not in sources:
        raise ItuSaidError(f"{where}: source {source!r} is not in sources.csv")
    if source and sources[source].publisher != fields["publisher"]:
        raise ItuSaidError(
            f"{where}: publisher {fields['publisher']!r}, but sources.csv names {sources[source].publisher!r} "
            f"for {source!r}"
        )
    value, year = raw.get("value"), raw.get("year")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise ItuSaidError(f"{where}: field 'value' must be a number")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise ItuSaidError(f"{where}: field 'year' must be a whole number")
    return Statement(**fields, value=None if value is None else float(value), year=year)


def parse(text: str, name: str, sources: dict[str, Source]) -> Record:
    """The record in ``text`` (the file's contents; ``name`` for messages), every field checked."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ItuSaidError(f"{name}: not valid TOML: {error}") from None
    unknown = sorted(set(raw) - {"statements", "needs"})
    if unknown:
        raise ItuSaidError(f"{name}: unknown table {unknown[0]!r} (expected statements and needs)")
    statements: dict[str, list[Statement]] = {}
    for number, entry in enumerate(raw.get("statements", []), start=1):
        statement = _statement(entry, f"{name}, statement {number}", sources)
        statements.setdefault(statement.target, []).append(statement)
    needs: dict[str, str] = {}
    for number, entry in enumerate(raw.get("needs", []), start=1):
        where = f"{name}, needs entry {number}"
        target, publication = _text(entry, "target", where, True), _text(entry, "publication", where, True)
        if target in needs:
            raise ItuSaidError(f"{where}: target {target} has two entries")
        needs[target] = publication
    return Record({k: tuple(v) for k, v in statements.items()}, needs, sources)


@lru_cache(maxsize=2)
def load(path: Path = ITU_SAID_FILE, sources_path: Path = SOURCES_FILE) -> Record:
    """The shipped record (read once per process)."""
    return parse(Path(path).read_text(encoding="utf-8"), Path(path).name, load_sources(sources_path))


def check(record: Record, framework: Framework) -> None:
    """Every target the record names is one of ``framework``'s."""
    known = {t.id for t in framework.targets}
    for target in [*record.statements, *record.needs]:
        if target not in known:
            raise ItuSaidError(f"{ITU_SAID_FILE.name}: target {target!r} is not in the {framework.id} framework")


def _published_target(target: Target, sources: dict[str, Source]) -> dict | None:
    """The target value ITU itself published (3.1: 0.39), with the publication it came from."""
    if target.published_target_value is None:
        return None
    cited = next((s for s in sources.values() if s.citation == target.published_target_source), None)
    return {
        "target": target.id,
        "kind": "target_value",
        "says": f"target value {target.published_target_value:g} by {target.target_year}",
        "quote": "",
        "publisher": cited.publisher if cited else target.publisher,
        "publication": cited.title if cited else target.published_target_source,
        "released": cited.release if cited else "",
        "found_at": cited.url if cited else "",
        "source": cited.id if cited else "",
        "value": target.published_target_value,
        "unit": "",
        "year": target.target_year,
        "economy": target.economy,
    }


def _known_by(released: str, as_of: int | None) -> bool:
    """Whether a release was out by the end of ``as_of`` (an undated one only in the latest view)."""
    if as_of is None:
        return True
    return bool(released) and released[:4].isdigit() and int(released[:4]) <= as_of


def context_figures(target: Target, table: pd.DataFrame, as_of: int | None = None) -> list[dict]:
    """The figures of the framework's context indicators for ``target`` in ``table``, with their sources."""
    if not target.context_indicators:
        return []
    rows = table[table["indicator"].isin(target.context_indicators)]
    if as_of is not None:
        known = rows["edition"].map(lambda edition: _known_by(edition, as_of)).astype(bool)
        rows = rows[(rows["year"] <= as_of) & known]
    rows = rows.sort_values(["indicator", "economy", "year", "edition"]).rename(columns={"edition": "release"})
    rows = rows.astype({"year": int, "value": float})
    return rows[list(CONTEXT_COLUMNS)].to_dict(orient="records")


def itu_said(
    target: Target, table: pd.DataFrame | None = None, as_of: int | None = None, record: Record | None = None
) -> dict:
    """What ITU published about ``target`` by the end of ``as_of`` (or ever): its statements (the published
    target value first), the context figures in ``table``, and which publication would allow a verdict."""
    record = record or load()
    published = _published_target(target, record.sources)
    statements = [asdict(s) for s in record.statements.get(target.id, ())]
    if published is not None:
        statements.insert(0, published)
    return {
        "statements": [s for s in statements if _known_by(s["released"], as_of)],
        "context": context_figures(target, table, as_of) if table is not None else [],
        "needed": record.needs.get(target.id, ""),
    }


def headline(said: dict) -> dict | None:
    """The statement a card shows: ITU's latest verdict, else its latest forecast, else its published target,
    else its latest figure about the target."""
    for kind in ("verdict", "forecast", "target_value", "figure"):
        found = [s for s in said["statements"] if s["kind"] == kind]
        if found:
            return max(found, key=lambda s: s["released"])
    return None


def statement_source(statement: dict) -> str:
    """'ITU Council 2019 Snapshot Report, Key outcomes, 2019': who published it, where and when."""
    publisher, publication = statement["publisher"], statement["publication"]
    named = publication if publication.startswith(publisher) else f"{publisher}, {publication}"
    return f"{named}, {statement['released'] or 'undated'}"


def statement_line(statement: dict) -> str:
    """'ITU's verdict (ITU Council 2019 Snapshot Report, Key outcomes, 2019): achieved'."""
    return f"{KIND_LABELS[statement['kind']]} ({statement_source(statement)}): {statement['says']}"


def context_frame(said: dict) -> pd.DataFrame:
    """The context figures as a table for a page or the report: what, where, when, how much, from whom."""
    return pd.DataFrame(said["context"], columns=list(CONTEXT_COLUMNS))


def needed_text(said: dict) -> str:
    """'A verdict needs ...': the publication that would allow one, for a target the data cannot score."""
    if not said["needed"]:
        return ""
    return f"A verdict needs: {said['needed']} An analyst can upload such a file on the Data and sources page."
