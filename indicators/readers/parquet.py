"""Parquet files to grids. Row numbers are counted as in the same table saved as CSV (header = row 1)."""

from __future__ import annotations

import io

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from indicators.readers._grid import Grid
from indicators.readers._text import NotText


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


def read_parquet_grid(data: bytes) -> Grid:
    try:
        table = pq.read_table(io.BytesIO(data))
        table.validate(full=True)  # e.g. text that is not valid UTF-8
        keep = [i for i, name in enumerate(table.column_names) if not str(name).startswith("__index_level_")]
        header = [str(table.column_names[i]).strip() for i in keep]
        columns = [_plain(table.column(i)) for i in keep]
    except Exception as error:  # pyarrow raises several types for damaged files
        raise NotText(
            "unreadable_file",
            "The Parquet file could not be read; it may be damaged.",
            "a Parquet file written by pandas, pyarrow, R or Spark",
        ) from error
    rows = np.arange(table.num_rows, dtype=np.int64) + 2
    return Grid(header, columns, rows, 1, "parquet", {})
