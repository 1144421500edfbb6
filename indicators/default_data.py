"""Builds the embedded default data (``data/default/figures.csv``) from ITU's own workbook and quoted figures.

Figures come from the publisher's own file wherever one is available: ITU's Key ICT indicators
workbook of 28 October 2019, at full precision, for every series and group it has. Figures quoted
by reports (``data/default/quoted.csv``) are kept only for releases whose own file is not available;
those that quote the release the workbook is (ITU's Facts and Figures 2019, published with it) are
dropped for the series the workbook has, since its own values replace them. The committed
``figures.csv`` is this build's output, so the build is the record of how it was made.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from indicators.atomic import write_text_atomic
from indicators.errors import UserError
from indicators.ingest import read_path
from indicators.paths import DEFAULT_DATA_FILE, KEY_ICT_WORKBOOK, QUOTED_DATA_FILE, SOURCES_FILE
from indicators.sources import Source, load_sources

COLUMNS = ("indicator", "economy", "year", "value", "unit", "source_id", "kind", "note")
WORKBOOK_SOURCE = "itu-key-ict-indicators-2019-10-28"
#: Sources quoting ITU's Facts and Figures 2019, the release the workbook was published with.
QUOTING_THE_WORKBOOK = frozenset(
    {
        "itu-facts-and-figures-2019-via-infotechs-nepal",
        "itu-facts-and-figures-2019-offline-population-page",
        "itu-facts-and-figures-2019-via-alertify",
        "itu-facts-and-figures-2019-via-digital-watch",
        "itu-facts-and-figures-2019-gender-gap-page",
        "itu-facts-and-figures-2019-affordability-page",
    }
)


class BuildError(UserError, ValueError):
    """The workbook or the quoted figures cannot be used; the message says which file and why."""


def workbook_rows(workbook: Path | str = KEY_ICT_WORKBOOK, sources: Path | str = SOURCES_FILE) -> pd.DataFrame:
    """Every figure of the workbook, as rows of ``figures.csv`` (values written at full precision)."""
    upload = read_path(Path(workbook))
    if not upload.valid or upload.format != "itu_key_ict":
        raise BuildError(f"{Path(workbook).name}: not a readable Key ICT workbook: {upload.report.summary()}")
    release = load_sources(sources)[WORKBOOK_SOURCE].release
    editions = set(upload.table["edition"])
    if editions != {release}:
        raise BuildError(
            f"{Path(workbook).name}: release {', '.join(sorted(editions))}, but sources.csv describes "
            f"{WORKBOOK_SOURCE} as the release of {release}"
        )
    table = upload.table
    return pd.DataFrame(
        {
            "indicator": table["indicator"],
            "economy": table["economy"],
            "year": table["year"].astype(str),
            "value": [repr(float(v)) for v in table["value"]],
            "unit": table["unit"],
            "source_id": WORKBOOK_SOURCE,
            "kind": table["kind"],
            "note": table["note"],
        }
    )


def read_quoted(path: Path | str = QUOTED_DATA_FILE) -> pd.DataFrame:
    """The quoted figures as written (values stay text, so 14.7 is never re-rounded)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def superseded(quoted: pd.DataFrame, primary: pd.DataFrame) -> pd.Series:
    """Quoted rows that the workbook replaces: same release quoted, series the workbook has."""
    series = set(zip(primary["indicator"], primary["economy"], strict=True))
    in_workbook = pd.Series(
        [pair in series for pair in zip(quoted["indicator"], quoted["economy"], strict=True)], index=quoted.index
    )
    return quoted["source_id"].isin(QUOTING_THE_WORKBOOK) & in_workbook


def with_press_copies(quoted: pd.DataFrame, sources: dict[str, Source], name: str) -> pd.DataFrame:
    """Quoted rows citing their primary publication, with the press copy that reported them (``reported_by``)
    named in the note: the figure's source is the publisher's own release, the copy a secondary mention."""
    copies = quoted.get("reported_by", pd.Series("", index=quoted.index))
    for position, copy in enumerate(copies):
        if copy and (copy not in sources or sources[copy].provenance != "secondary"):
            raise BuildError(
                f"{name} row {position + 2}: reported_by {copy!r} is not a secondary source in sources.csv"
            )
    mention = [f"press copy: {sources[copy].citation}" if copy else "" for copy in copies]
    notes = ["; ".join(part for part in (note, extra) if part) for note, extra in zip(quoted["note"], mention)]
    return quoted.assign(note=notes)


def build(
    workbook: Path | str = KEY_ICT_WORKBOOK,
    quoted: Path | str = QUOTED_DATA_FILE,
    sources: Path | str = SOURCES_FILE,
) -> pd.DataFrame:
    """The default data: the workbook's figures, then the quoted figures it does not replace."""
    primary = workbook_rows(workbook, sources)
    others = read_quoted(quoted)
    known = load_sources(sources)
    unknown = sorted(set(others["source_id"]) - set(known))
    if unknown:
        raise BuildError(f"{Path(quoted).name}: source_id(s) not in sources.csv: {', '.join(unknown)}")
    others = with_press_copies(others, known, Path(quoted).name)
    frame = pd.concat([primary, others[~superseded(others, primary)]], ignore_index=True)
    order = frame.assign(_year=frame["year"].astype(int)).sort_values(
        ["indicator", "economy", "_year", "source_id", "kind"], kind="stable"
    )
    return order.drop(columns="_year")[list(COLUMNS)].reset_index(drop=True)


def write(frame: pd.DataFrame, path: Path | str = DEFAULT_DATA_FILE) -> None:
    """Write ``figures.csv`` with plain CSV quoting and Unix line ends, whole or not at all, with its digest."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(frame[list(COLUMNS)].itertuples(index=False, name=None))
    write_text_atomic(path, buffer.getvalue(), digest=True)
