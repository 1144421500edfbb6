"""Parquet files to grids. Row numbers are counted as in the same table saved as CSV (header = row 1).

A Parquet file says in its footer how many rows and columns it has and how large its data are once
decompressed; those are checked against the limits before any row group is read. Text columns are
read still dictionary-encoded, so that a few short values repeated millions of times, or one long
value referenced from many rows, are measured (cell length, decoded size) before they are expanded.
"""

from __future__ import annotations

import io

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from indicators.ingest.grid import Grid
from indicators.ingest.limits import Limits, longest_cell
from indicators.ingest.report import FileRefused


def _plain(column: pa.ChunkedArray) -> pa.Array:
    """Numbers as they are, everything else as text (nested values shown, never interpreted)."""
    array = column.combine_chunks()
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    if pa.types.is_integer(array.type) or pa.types.is_floating(array.type):
        return array
    if pa.types.is_string(array.type):
        return array
    try:
        return pc.cast(array, pa.string())
    except pa.ArrowException:  # invalid, unsupported or mistyped: fall back to Python's str()
        return pa.array(["" if v is None else str(v) for v in array.to_pylist()], type=pa.string())


def _unreadable() -> FileRefused:
    return FileRefused("unreadable_file", container="a Parquet file")


def _check_footer(metadata: pq.FileMetaData, limits: Limits) -> None:
    """Rows, columns and decompressed size as the footer declares them, before anything is read."""
    limits.check_columns(metadata.num_columns, row=1)
    limits.check_rows(metadata.num_rows)
    unpacked = sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups))
    limits.check_decoded(unpacked)


def _text_columns(schema: pa.Schema) -> list[str]:
    return [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]


def _check_decoded(table: pa.Table, header: list[str], keep: list[int], limits: Limits) -> None:
    """Cell length and decoded size of dictionary-encoded text columns, measured without decoding them."""
    decoded = 0
    for name, position in zip(header, keep, strict=True):
        column = table.column(position).combine_chunks()
        if not pa.types.is_dictionary(column.type):
            continue
        found = longest_cell(column.dictionary, limits.cell_chars)
        if found is not None:
            entry, length = found
            hits = np.flatnonzero(np.asarray(pc.fill_null(pc.equal(column.indices, entry), False)))
            row = int(hits[0]) + 2 if len(hits) else None
            raise limits.cell_too_long(column.dictionary[entry].as_py(), length, row, name)
        lengths = pc.binary_length(column.dictionary)
        decoded += int(pc.sum(pc.take(lengths, column.indices)).as_py() or 0) if len(lengths) else 0
    limits.check_decoded(decoded)


def read_parquet_grid(data: bytes, limits: Limits) -> Grid:
    """The one table of a Parquet file, refused from its footer when it is over the limits."""
    try:
        with pq.ParquetFile(io.BytesIO(data)) as file:
            metadata, schema = file.metadata, file.schema_arrow
    except Exception as error:  # pyarrow raises several types for damaged files
        raise _unreadable() from error
    _check_footer(metadata, limits)
    try:
        text = _text_columns(schema)
        # One thread: with threads, a process that read such a file (the CLI, a test's child) aborted at
        # exit about once in 25 runs ("terminate called without an active exception", apache/arrow#34314).
        with pq.ParquetFile(io.BytesIO(data), read_dictionary=text or None) as file:
            table = file.read(use_threads=False)
        table.validate(full=True)  # e.g. text that is not valid UTF-8
    except Exception as error:
        raise _unreadable() from error
    keep = [i for i, name in enumerate(table.column_names) if not str(name).startswith("__index_level_")]
    header = [str(table.column_names[i]).strip() for i in keep]
    _check_decoded(table, header, keep, limits)
    try:
        columns = [_plain(table.column(i)) for i in keep]
    except Exception as error:
        raise _unreadable() from error
    rows = np.arange(table.num_rows, dtype=np.int64) + 2
    return Grid(header, columns, rows, 1, "parquet", {})
