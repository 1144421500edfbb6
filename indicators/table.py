"""The tidy long table every part of the product speaks: one row per published figure.

Columns: ``indicator, economy, year, value, unit, source, edition, kind, note, publisher``.

- ``publisher`` is who produced the figure (``ITU``, ``World Bank``, ...); blank when unknown (tables
  published before the column existed). A scored series never mixes publishers.

- ``edition`` is the release: the publication date or vintage as ``YYYY``, ``YYYY-MM`` or
  ``YYYY-MM-DD`` (blank when unknown), so that plain string order is publication order. Several
  releases of one figure may coexist; which ones a verdict uses is decided in one place,
  :mod:`indicators.scoring.releases`; the others stay in the table for display.
- ``kind`` is ``observation`` or ``projection``. Projections are published forecasts: shown for
  comparison, never scored as data.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from indicators.atomic import verified_bytes, write_atomic
from indicators.paths import CACHE_DIR, DEFAULT_DATA_FILE, SOURCES_FILE
from indicators.sources import attach, load_sources

COLUMNS = ("indicator", "economy", "year", "value", "unit", "source", "edition", "kind", "note", "publisher")
KEY = ("indicator", "economy", "year", "publisher", "edition")
KINDS = ("observation", "projection")
TEXT_COLUMNS = ("indicator", "economy", "unit", "source", "edition", "kind", "note", "publisher")

ARROW_SCHEMA = pa.schema(
    [
        ("indicator", pa.string()),
        ("economy", pa.string()),
        ("year", pa.int64()),
        ("value", pa.float64()),
        ("unit", pa.string()),
        ("source", pa.string()),
        ("edition", pa.string()),
        ("kind", pa.string()),
        ("note", pa.string()),
        ("publisher", pa.string()),
    ]
)


def empty() -> pd.DataFrame:
    """An empty table with the right columns and dtypes."""
    return from_arrow(ARROW_SCHEMA.empty_table())


def normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with exactly the model's columns, dtypes and a clean index.

    Missing optional text columns become blank strings; ``kind`` defaults to ``observation``.
    The caller is responsible for having validated values (see :mod:`indicators.ingest.checks`).
    """
    out = pd.DataFrame(index=range(len(frame)))
    for column in COLUMNS:
        if column in frame.columns:
            out[column] = frame[column].array  # as stored: Arrow-backed text is not copied through Python objects
        else:
            out[column] = "observation" if column == "kind" else ""
    for column in TEXT_COLUMNS:
        out[column] = out[column].fillna("").astype(str)
    out["year"] = out["year"].astype("int64")
    out["value"] = out["value"].astype("float64")
    return out[list(COLUMNS)]


def to_arrow(frame: pd.DataFrame) -> pa.Table:
    """Convert a model table to Arrow with the fixed schema (no pandas index)."""
    return pa.Table.from_pandas(normalise(frame), schema=ARROW_SCHEMA, preserve_index=False)


def from_arrow(table: pa.Table) -> pd.DataFrame:
    """Convert an Arrow table with the model schema to the pandas form used everywhere else.

    Columns added to the model since a version was written (``publisher``) come back blank.
    """
    frame = table.select([name for name in COLUMNS if name in table.column_names]).to_pandas()
    return normalise(frame)


def _read_csv(path: Path | str | pa.BufferReader) -> pa.Table:
    options = pacsv.ConvertOptions(
        column_types={"year": pa.int64(), "value": pa.float64()},
        strings_can_be_null=False,
    )
    return pacsv.read_csv(path if isinstance(path, pa.BufferReader) else str(path), convert_options=options)


def read_default_csv(path: Path | str = DEFAULT_DATA_FILE, sources: Path | str = SOURCES_FILE) -> pd.DataFrame:
    """The embedded default data: rows name a ``source_id``; the source registry gives citation,
    publisher and release (``edition``)."""
    data = verified_bytes(path, "Rebuild it with `python -m indicators build-default`.")
    frame = _read_csv(pa.BufferReader(data)).to_pandas()
    return normalise(attach(frame, load_sources(sources), Path(path).name))


def file_digest(path: Path | str) -> str:
    """SHA-256 of a file's bytes: the identity of a data version."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_default(
    path: Path | str = DEFAULT_DATA_FILE,
    cache_dir: Path | str | None = CACHE_DIR,
    sources: Path | str = SOURCES_FILE,
) -> pd.DataFrame:
    """Load the embedded default data through a Parquet cache that is rebuilt when the CSV changes.

    The cache file is named after the SHA-256 of the figures and of the source registry, so an edited
    CSV can never be served from a stale cache. A cache directory that cannot be written is not an
    error: the CSV is read directly.
    """
    path = Path(path)
    if cache_dir is None:
        return read_default_csv(path, sources)
    key = hashlib.sha256((file_digest(path) + file_digest(sources)).encode()).hexdigest()
    cache = Path(cache_dir) / f"{path.stem}-{key[:16]}.parquet"
    if cache.exists():
        try:
            return from_arrow(pq.read_table(cache))
        except (OSError, pa.ArrowInvalid):
            pass  # unreadable cache: rebuild below
    frame = read_default_csv(path, sources)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        buffer = pa.BufferOutputStream()
        pq.write_table(to_arrow(frame), buffer)
        write_atomic(cache, buffer.getvalue().to_pybytes())
    except OSError:
        pass
    return frame


def observations(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows that are measurements (not published projections)."""
    return frame[frame["kind"] == "observation"]


def projections(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows that are published forecasts, shown beside the data but never scored."""
    return frame[frame["kind"] == "projection"]
