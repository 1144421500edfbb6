"""Text columns as readers give them: plain Arrow strings, or dictionary-encoded strings.

The CSV reader has Arrow's parser dictionary-encode the tidy format's text columns (indicator, economy,
source, ...) block by block, so a million-row file is never held as a million strings per column: each
distinct value is stored once. A test of every cell of such a column is made once per distinct value
and spread over the rows, and the column is expanded to plain strings only for the model table.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def is_text(type_: pa.DataType) -> bool:
    """Strings, or dictionary-encoded strings."""
    if pa.types.is_dictionary(type_):
        type_ = type_.value_type
    return pa.types.is_string(type_) or pa.types.is_large_string(type_)


def _chunks(column: pa.Array | pa.ChunkedArray) -> list[pa.Array]:
    return column.chunks if isinstance(column, pa.ChunkedArray) else [column]


def distinct_texts(column: pa.Array | pa.ChunkedArray) -> list[pa.Array]:
    """Arrays that hold every text of the column: its dictionaries, or the column's own chunks."""
    return [chunk.dictionary if pa.types.is_dictionary(chunk.type) else chunk for chunk in _chunks(column)]


def cells_where(column: pa.Array | pa.ChunkedArray, test: Callable[[pa.Array], pa.Array]) -> np.ndarray:
    """``test`` (a boolean Arrow kernel) of every cell of a text column; null cells are False."""
    parts = []
    for chunk in _chunks(column):
        if pa.types.is_dictionary(chunk.type):
            hits = pc.take(test(chunk.dictionary), chunk.indices)
        else:
            hits = test(chunk)
        parts.append(np.asarray(pc.fill_null(hits, False).to_numpy(zero_copy_only=False), dtype=bool))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


def pandas_text(column: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """The column as large strings, as pandas holds text: a dictionary-encoded one is expanded straight
    into them, and the model table becomes a pandas frame without copying its text again."""
    return pc.cast(column, pa.large_string())
