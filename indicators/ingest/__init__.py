"""Ingest: an analyst's file to model rows and a report of every problem, for upload, validate and publish.

Four stages, run in order by :func:`read_upload`: ``containers`` (load the bytes within the limit, parse
CSV/TSV, .xlsx, .xls, .ods or Parquet to a grid), ``layouts`` (the grid to raw long rows: tidy, World
Bank, OWID, country-year, ITU Key ICT), ``checks`` (clean model rows plus problems) and ``report`` (what
the analyst reads, in the words of the catalogue in ``problems``). Bad content never raises; a crash
becomes one ``unexpected_error`` with an incident id (the traceback goes to the log).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from indicators import incidents
from indicators.ingest import checks, containers, layouts
from indicators.ingest.budget import BUDGET, ReadBusy
from indicators.ingest.layouts import FORMATS
from indicators.ingest.limits import Limits
from indicators.ingest.model import Context
from indicators.ingest.report import FileRefused, ProblemList, Report
from indicators.ingest.upload import Digest, Payload, Progress, Request, Upload, add_source_arguments
from indicators.names import fold
from indicators.registry import Registry, load_registry
from indicators.safety import max_upload_bytes, plain_label
from indicators.table import empty

__all__ = ["FORMATS", "ReadBusy", "Upload", "add_source_arguments", "read_path", "read_upload"]


def read_upload(
    data: bytes | Payload,
    filename: str,
    *,
    format: str | None = None,
    indicator_map: dict[str, str] | None = None,
    registry: Registry | None = None,
    max_bytes: int | None = None,
    progress: Progress | None = None,
    published: pd.DataFrame | None = None,
    metadata: bytes | None = None,
    source: str | None = None,
    edition: str | None = None,
    publisher: str | None = None,
    owner: str | None = None,
) -> Upload:
    """Read one uploaded file into model rows and a report of problems; never raises for bad content.

    The read holds a slot of :data:`~indicators.ingest.budget.BUDGET` (``owner``, a browser session,
    reads one file at a time) and raises :class:`ReadBusy`, before any work, when none is free.

    ``format`` forces a layout (a key of :data:`FORMATS`); ``indicator_map`` maps the file's names to our
    codes; ``metadata`` is a World Bank country metadata file; ``source``, ``publisher`` and ``edition``
    fill what the file leaves blank; ``published`` is the published table, to flag changed figures. Bytes
    passed as a :class:`Payload` are let go of once parsed and hashed, before the checks build the model table."""
    if format is not None and format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    with BUDGET.slot(owner):
        name = plain_label(filename) or "upload"
        problems = ProblemList(name)
        limit = max_bytes if max_bytes is not None else max_upload_bytes()
        registry = registry or load_registry()
        request = Request(limit, Limits.current(), registry, format, progress, published, metadata)
        mapping = {fold(k): v for k, v in (indicator_map or {}).items()}
        release, publisher = checks.release(edition, problems), (publisher or "").strip() or None
        ctx = Context(registry, name, problems, mapping, source, release, publisher)
        data = data.take() if isinstance(data, Payload) else data
        upload, digest = Upload(empty(), Report([], name), format or "", format is not None, name, ""), Digest(data)
        request.notify(0.0, f"Reading {name}")
        try:
            grid, sheet = containers.parse(containers.load(data, limit), problems, request.limits)  # load, parse
            del data  # the digest's thread holds the bytes until they are hashed
            digest.start()
            companion = containers.companion(metadata, request.limits)
            candidate = layouts.read(grid, [companion, sheet], request, upload, ctx)  # layout
            request.notify(0.6, "Checking values, years, units and duplicates")
            if upload.format != "worldbank_metadata":
                upload.table = checks.run(candidate, ctx, request.limits, published)  # check
        except FileRefused as refusal:
            problems.add_refusal(refusal)
        except Exception as error:  # last resort: one plain line and an incident id, never a traceback
            upload.table = empty()
            problems.add_crash(error, incidents.report(error, "reading an upload", file=name))
        upload.unmapped, upload.aggregates_kept_apart = list(ctx.unmapped), list(ctx.kept_apart)
        upload.sha256 = digest.hexdigest()
        upload.report = Report(problems.finish(), name, upload.rows, FORMATS.get(upload.format, ""))  # report
        request.notify(1.0, upload.report.summary())
        return upload


def read_path(path: str | Path, **kwargs) -> Upload:
    """Read a file from disk (the command line and tests); the file name is only used as a label."""
    path = Path(path)
    limit = kwargs.get("max_bytes")
    try:
        containers.check_size(path.stat().st_size, limit if limit is not None else max_upload_bytes())
    except FileRefused as refusal:  # refused before the bytes are read into memory
        problems = ProblemList(plain_label(path.name))
        problems.add_refusal(refusal)
        return Upload(empty(), Report(problems.finish(), problems.filename), "", False, problems.filename, "")
    metadata = kwargs.pop("metadata", None)
    if isinstance(metadata, str | Path):
        metadata = Path(metadata).read_bytes()
    return read_upload(Payload(path.read_bytes()), path.name, metadata=metadata, **kwargs)
