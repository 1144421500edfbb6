"""What the upload panel asks the analyst in place: the publisher and release a file does not say.

A file that does not name its publisher or release is not a broken file: the panel asks for the
missing entry beside its field, says where the value is found, and suggests one when the file's name
hints at it. Only the other errors are problems in the file itself.

Sites such as Our World in Data and the World Bank redistribute series that ITU produced; the panel
suggests their producer as ``ITU (via Our World in Data)`` (see :mod:`indicators.producers`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from indicators.ingest import Upload
from indicators.ingest.report import Problem
from indicators.producers import via
from indicators.registry import Registry

#: The problem the panel asks about beside the publisher and release fields, not in the file's report.
ASKED_IN_PLACE = "missing_source"
#: The column a release typed on the panel is reported in (see :func:`indicators.ingest.checks.keys.release`).
ENTERED_RELEASE = "release (entered)"
#: Layouts of sites that redistribute other producers' series, by the name they give themselves.
DISTRIBUTORS = {"owid": "Our World in Data", "worldbank": "World Bank"}
ITU = "ITU"
MONTHS = {name: number for number, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}

Entry = Literal["publisher", "release"]
#: Each entry and the table column it fills.
ENTRY_COLUMNS: tuple[tuple[Entry, str], ...] = (("publisher", "publisher"), ("release", "edition"))

#: Where each entry is found, as a sentence, by layout.
WHERE_TO_FIND: dict[str, dict[Entry, str]] = {
    "worldbank": {
        "release": 'The World Bank gives it as the "Last Updated Date" on the indicator\'s page at '
        "data.worldbank.org and in the first lines of its full CSV download (API_...csv)",
        "publisher": "The World Bank names the series' source on the indicator's page (ITU for its ICT series)",
    },
    "owid": {
        "release": 'Our World in Data gives it as the "Last updated" date on the chart page (or its data page)',
        "publisher": "Our World in Data names the data's source on the chart page (ITU for its ICT series)",
    },
}
WHERE_ELSE: dict[Entry, str] = {
    "release": "It is the publication date on the publisher's download page or in the file's notes "
    '(e.g. "Updated: 28 October 2019")',
    "publisher": "It is the organisation that produced the figures, named on the download page or in the file's notes",
}


@dataclass(frozen=True)
class MissingEntry:
    """One entry the file does not say: which, where the analyst finds it, and a value the file hints at."""

    entry: Entry
    where: str
    suggestion: str = ""


def asked_in_place(problem: Problem) -> bool:
    """A missing publisher or release, or a release typed on the panel that is not a date: fixed on the panel."""
    return problem.code == ASKED_IN_PLACE or problem.column == ENTERED_RELEASE


def errors_in_file(upload: Upload) -> list[Problem]:
    """The errors only a corrected file can fix."""
    return [p for p in upload.report.errors if not asked_in_place(p)]


def missing_entries(upload: Upload, registry: Registry) -> list[MissingEntry]:
    """The publisher and/or release some figures lack, with where to find them and a suggested value."""
    if not any(p.code == ASKED_IN_PLACE for p in upload.report.errors):
        return []
    table = upload.table
    found: list[MissingEntry] = []
    for entry, column in ENTRY_COLUMNS:
        if table.empty or not (table[column].str.strip() == "").any():
            continue
        where = WHERE_TO_FIND.get(upload.format, WHERE_ELSE)[entry]
        hint = suggested_release(upload.filename) if entry == "release" else suggested_producer(upload, registry)
        found.append(MissingEntry(entry, where, hint))
    return found


def suggested_release(filename: str) -> str:
    """A release date the file's name states (``..._28Oct2019.xls``, ``2024-06-28``, ``20240628``), else "".

    A bare year is not taken: in a name such as ``2008-2025`` it is the years covered, not the release.
    """
    text = filename.lower()
    for match in re.finditer(r"(?<!\d)(\d{1,2})[ _-]?([a-z]{3})[a-z]*[ _-]?(\d{4})(?!\d)", text):
        day, month, year = int(match[1]), MONTHS.get(match[2]), int(match[3])
        if month and _is_date(year, month, day):
            return f"{year:04d}-{month:02d}-{day:02d}"
    for match in re.finditer(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)", text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
        if _is_date(year, month, day):
            return f"{year:04d}-{month:02d}-{day:02d}"
    return ""


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        return 1990 <= date(year, month, day).year <= date.today().year
    except ValueError:
        return False


def suggested_producer(upload: Upload, registry: Registry) -> str:
    """Who produced the file's figures, when the file or its name says so: ITU for ITU's own series."""
    codes = set(upload.table["indicator"]) if not upload.table.empty else set()
    itu_series = bool(codes) and all(registry.indicators[c].itu_code for c in codes if c in registry.indicators)
    distributor = DISTRIBUTORS.get(upload.format)
    if distributor and itu_series:
        return via(ITU, distributor)
    if re.search(r"(?<![a-z])itu(?![a-z])", upload.filename.lower()):
        return ITU
    return ""


def distributor_note(upload: Upload, registry: Registry) -> tuple[str, str] | None:
    """(distributor, producer) for a redistributor's file of series another organisation produced, else None."""
    distributor = DISTRIBUTORS.get(upload.format)
    producer = suggested_producer(upload, registry)
    if distributor is None or not producer.endswith(f"(via {distributor})"):
        return None
    return distributor, producer
