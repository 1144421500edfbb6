"""Parquet files to grids. Row numbers are counted as in the same table saved as CSV (header = row 1).

A Parquet file says in its footer how many rows, columns and values (every leaf value of every column
chunk, list items included) it holds. Before any page is read, that footer is priced: each value at its
decoded width (numbers, dates, list offsets), each value that will be shown as text at what showing it
costs, all against the limits. Text and binary values are then read still dictionary-encoded, one row
group at a time, so a few short values repeated millions of times, or one long value referenced from
many rows (at any depth of a list or struct), are measured before they are expanded, and the read
stops at the first row group that takes the total over the limit.
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

#: Decoded bytes of one value of each physical type (byte arrays: the offset; their bytes are measured).
_WIDTHS = {"BOOLEAN": 1, "INT32": 4, "INT64": 8, "INT96": 12, "FLOAT": 4, "DOUBLE": 8, "BYTE_ARRAY": 4}
#: Bytes one value of a column that is neither numbers nor text costs while it is turned into text
#: (measured: about 65 for an item of a list of numbers, shown through Python's ``str``).
TEXT_BYTES_PER_VALUE = 64


def _plain(column: pa.ChunkedArray) -> pa.Array:
    """Numbers as they are, everything else as text (nested values shown, never interpreted)."""
    chunks = [_plain_chunk(chunk) for chunk in column.chunks]
    if not chunks:
        return _plain_chunk(pa.array([], type=column.type))
    return chunks[0] if len(chunks) == 1 else pa.concat_arrays(chunks)


def _plain_chunk(array: pa.Array) -> pa.Array:
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    if pa.types.is_integer(array.type) or pa.types.is_floating(array.type) or pa.types.is_string(array.type):
        return array
    try:
        return pc.cast(array, pa.string())
    except pa.ArrowException:  # invalid, unsupported or mistyped: fall back to Python's str()
        return pa.array(["" if v is None else str(v) for v in array.to_pylist()], type=pa.string())


def _unreadable() -> FileRefused:
    return FileRefused("unreadable_file", container="a Parquet file")


def _shown_as_is(column: pq.ColumnSchema) -> bool:
    """Whether a leaf column's values stay numbers or text (anything else is turned into text)."""
    logical = str(column.logical_type)
    if column.max_repetition_level or "." in column.path:
        return False
    if column.physical_type in ("INT32", "INT64", "FLOAT", "DOUBLE"):
        return logical in ("None", "Int") or logical.startswith("Int(")
    return column.physical_type == "BYTE_ARRAY" and logical in ("String", "None")


def declared_cost(metadata: pq.FileMetaData) -> tuple[int, int, int]:
    """(values, values shown as text, decoded bytes) that the footer declares, before anything is read.

    Text and binary values count their offsets here; their bytes are measured from their dictionaries."""
    schema = metadata.schema
    values = as_text = size = 0
    for group_index in range(metadata.num_row_groups):
        group = metadata.row_group(group_index)
        for index in range(group.num_columns):
            chunk, column = group.column(index), schema.column(index)
            width = column.length if chunk.physical_type == "FIXED_LEN_BYTE_ARRAY" else _WIDTHS.get(chunk.physical_type)
            width = (width or 8) + 4 * column.max_repetition_level + 1
            count = max(chunk.num_values, 0)
            values += count
            size += count * width
            if not _shown_as_is(column):
                as_text += count
                size += count * TEXT_BYTES_PER_VALUE
    return values, as_text, size


def _check_footer(metadata: pq.FileMetaData, limits: Limits) -> None:
    """Rows, columns, values and decoded size as the footer declares them, before anything is read."""
    limits.check_columns(metadata.num_columns, row=1)
    limits.check_rows(metadata.num_rows)
    values, as_text, size = declared_cost(metadata)
    limits.check_cell_count(values)
    limits.check_nested(as_text)
    limits.check_decoded(size)


def decoded_size(array: pa.Array) -> int:
    """Bytes ``array`` takes once its dictionaries are expanded, measured without expanding them."""
    if pa.types.is_dictionary(array.type):
        entries = array.dictionary
        if pa.types.is_binary(entries.type) or pa.types.is_string(entries.type):
            sizes = pc.add(pc.binary_length(entries), 4)
        else:
            sizes = pa.array([decoded_size(entries.slice(i, 1)) for i in range(len(entries))], pa.int64())
        taken = pc.sum(pc.take(sizes, array.indices)).as_py() if len(entries) else 0
        return int(taken or 0) + len(array)
    if isinstance(array, pa.ListArray | pa.LargeListArray | pa.FixedSizeListArray):
        return decoded_size(array.flatten()) + 4 * len(array)
    if isinstance(array, pa.StructArray):
        return sum(decoded_size(field) for field in array.flatten()) + len(array)
    return array.nbytes


def _byte_array_paths(metadata: pq.FileMetaData) -> list[str]:
    schema = metadata.schema
    return sorted(
        {schema.column(i).path for i in range(metadata.num_columns) if schema.column(i).physical_type == "BYTE_ARRAY"}
    )


def _check_long_text(table: pa.Table, first_row: int, header: list[str], keep: list[int], limits: Limits) -> None:
    """Refuse a text cell over the length limit, found in its column's dictionary before it is expanded."""
    for name, position in zip(header, keep, strict=True):
        column = table.column(position)
        if not pa.types.is_dictionary(column.type):
            continue
        found = longest_cell(column, limits.cell_chars)  # each distinct value measured once
        if found is not None:
            cell, length = found
            raise limits.cell_too_long(str(column[cell].as_py()), length, first_row + cell + 2, name)


def _read_groups(file: pq.ParquetFile, limits: Limits) -> pa.Table:
    """Every row group in turn, measured once read and before the next; the read stops at the limit."""
    tables: list[pa.Table] = []
    total = rows = 0
    for index in range(file.metadata.num_row_groups):
        # One thread: with threads, a process that read such a file (the CLI, a test's child) aborted at
        # exit about once in 25 runs ("terminate called without an active exception", apache/arrow#34314).
        group = file.read_row_group(index, use_threads=False)
        group.validate(full=True)  # e.g. text that is not valid UTF-8
        keep = _kept(group)
        _check_long_text(group, rows, [_name(group, i) for i in keep], keep, limits)
        total += sum(decoded_size(chunk) for column in group.columns for chunk in column.chunks)
        limits.check_decoded(total)
        rows += group.num_rows
        tables.append(group)
    if not tables:
        return file.schema_arrow.empty_table()
    return pa.concat_tables(tables) if len(tables) > 1 else tables[0]


def _kept(table: pa.Table) -> list[int]:
    return [i for i, name in enumerate(table.column_names) if not str(name).startswith("__index_level_")]


def _name(table: pa.Table, position: int) -> str:
    return str(table.column_names[position]).strip()


def read_parquet_grid(data: bytes, limits: Limits) -> Grid:
    """The one table of a Parquet file, refused from its footer (or at the first row group over the
    limits) when it is over the limits."""
    try:
        with pq.ParquetFile(io.BytesIO(data)) as file:
            metadata = file.metadata
    except Exception as error:  # pyarrow raises several types for damaged files
        raise _unreadable() from error
    _check_footer(metadata, limits)
    try:
        with pq.ParquetFile(io.BytesIO(data), read_dictionary=_byte_array_paths(metadata) or None) as file:
            table = _read_groups(file, limits)
    except FileRefused:
        raise
    except Exception as error:
        raise _unreadable() from error
    keep = _kept(table)
    header = [_name(table, i) for i in keep]
    try:
        columns = [_plain(table.column(i)) for i in keep]
    except Exception as error:
        raise _unreadable() from error
    rows = np.arange(table.num_rows, dtype=np.int64) + 2
    return Grid(header, columns, rows, 1, "parquet", {})
