"""``python -m indicators validate FILE``: check an upload before publishing it.

Exit codes: 0 when the file can be published (warnings allowed), 1 when it has errors (the report
is on stdout either way), 2 when the command itself is misused (e.g. the file does not exist).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from indicators.cli import CliError

if TYPE_CHECKING:
    from indicators.ingest import Upload


def register(subparsers) -> None:
    from indicators.ingest import FORMATS, add_source_arguments

    parser = subparsers.add_parser(
        "validate",
        help="check an upload (CSV, Excel, Parquet) and list its problems",
        description="Read a file as an analyst upload and report every problem: file, row, column, value, "
        "what was expected. Exit 0 when valid, 1 when not, 2 on a usage error.",
    )
    parser.add_argument("file", help="the file to check (CSV, .xlsx, .xls or .parquet)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="report format (default text)")
    parser.add_argument(
        "--as",
        dest="layout",
        choices=sorted(FORMATS),
        default=None,
        help="read the file as this layout instead of detecting it",
    )
    parser.add_argument(
        "--metadata",
        default=None,
        help="the World Bank country metadata file that came with a World Bank download",
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="NAME=CODE",
        help="map a column, indicator name or code of the file to one of our indicator codes",
    )
    add_source_arguments(parser)
    parser.add_argument("--progress", action="store_true", help="print progress on stderr (default: when a terminal)")
    parser.add_argument(
        "--max-mb",
        type=float,
        default=None,
        help="upload size limit in MB (default: INDICATORS_MAX_UPLOAD_MB or 50)",
    )
    parser.set_defaults(func=run)


def _mapping(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, code = pair.partition("=")
        if not sep or not name.strip() or not code.strip():
            raise CliError(f"--map expects NAME=CODE, got {pair!r}", 2)
        out[name.strip()] = code.strip()
    return out


def _existing(path_text: str, what: str) -> Path:
    path = Path(path_text)
    if not path.exists():
        raise CliError(f"{what} {path_text!r} does not exist", 2)
    if not path.is_file():
        raise CliError(f"{what} {path_text!r} is not a file", 2)
    return path


def _progress_printer():
    live = sys.stderr.isatty()

    def show(fraction: float, message: str) -> None:
        if live:  # one line, rewritten in place
            end = "\n" if fraction >= 1 else ""
            print(f"\r[{fraction:4.0%}] {message[:100]:<100}", end=end, file=sys.stderr, flush=True)
        else:
            print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)

    return show


def run(args: argparse.Namespace) -> int:
    from indicators.ingest import FORMATS, read_path

    path = _existing(args.file, "file")
    metadata = _existing(args.metadata, "metadata file") if args.metadata else None
    if args.max_mb is not None and not args.max_mb > 0:
        raise CliError("--max-mb must be a positive number", 2)
    show = args.progress or sys.stderr.isatty()
    try:
        upload = read_path(
            path,
            format=args.layout,
            indicator_map=_mapping(args.map),
            metadata=metadata,
            max_bytes=int(args.max_mb * 1024 * 1024) if args.max_mb is not None else None,
            progress=_progress_printer() if show else None,
            publisher=args.publisher,
            edition=args.edition,
        )
    except OSError as error:
        raise CliError(f"cannot read {args.file!r}: {error.strerror or error}", 2) from None
    report = upload.report
    if args.format == "json":
        document = report.to_dict()
        document.update(
            format=upload.format,
            format_label=FORMATS.get(upload.format, ""),
            format_confident=upload.format_confident,
            rows_usable=len(upload.table),
            unmapped=upload.unmapped,
            aggregates_kept_apart=upload.aggregates_kept_apart,
            sha256=upload.sha256,
            details=upload.details,
        )
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print(report.text())
        if report.valid:
            print(f"{len(upload.table):,} figures can be published.")
        _print_missing(upload)
    return 0 if report.valid else 1


def _print_missing(upload: Upload) -> None:
    """What the file does not say, where to find it, and the option that gives it."""
    from indicators.registry import load_registry
    from indicators.upload_guidance import missing_entries

    for missing in missing_entries(upload, load_registry()):
        option = "--edition" if missing.entry == "release" else "--publisher"
        hint = f" (the file's name suggests {missing.suggestion})" if missing.suggestion else ""
        print(f"Missing {missing.entry}: {missing.where}{hint}. Give it with {option}.")
