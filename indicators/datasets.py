"""Which table to score: the published data (store head, else the embedded defaults) or a given file."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from indicators.errors import UserError


class DataError(UserError):
    """A data file that cannot be used; the message is one plain sentence (plus the report, if any)."""


def published_table() -> tuple[pd.DataFrame, str]:
    """The data every viewer sees, with a label naming its version.

    With a store configured (``INDICATORS_STORE``) or present in ``data/store``, that is the store's
    newest complete version; otherwise the embedded default data (version 0).
    """
    from indicators import store as store_module  # imported lazily: the CLI must start fast
    from indicators.live import version_label

    store = store_module.open_store()
    head = store.head()
    return store.read(head), version_label(head)


def table_from_file(path: str | os.PathLike) -> pd.DataFrame:
    """Read any supported upload format; refuse (DataError) when the file has errors."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    from indicators.ingest import read_path

    upload = read_path(path)
    if not upload.report.valid:
        first = upload.report.errors[0]
        more = len(upload.report.errors) - 1
        suffix = f" (and {more} more; run 'python -m indicators validate {path}')" if more else ""
        raise DataError(f"{first.line(with_file=True)}{suffix}")
    return upload.table
