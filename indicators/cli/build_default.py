"""``python -m indicators build-default``: rebuild ``data/default/figures.csv`` from ITU's own workbook."""

from __future__ import annotations

import argparse
from pathlib import Path

from indicators.cli import CliError
from indicators.paths import DEFAULT_DATA_FILE, KEY_ICT_WORKBOOK


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "build-default",
        help="rebuild the embedded default data from ITU's Key ICT workbook and the quoted figures",
        description="Read ITU's Key ICT indicators workbook (full precision) and data/default/quoted.csv, "
        "and write data/default/figures.csv.",
    )
    parser.add_argument("--workbook", default=str(KEY_ICT_WORKBOOK), help="the ITU workbook (.xls)")
    parser.add_argument("--output", default=str(DEFAULT_DATA_FILE), help="where to write (default figures.csv)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from indicators.default_data import build, write

    workbook = Path(args.workbook)
    if not workbook.is_file():
        raise CliError(f"the ITU workbook {workbook} was not found; figures.csv was left as it is", exit_code=2)
    frame = build(workbook)
    write(frame, args.output)
    primary = int((frame["source_id"] == "itu-key-ict-indicators-2019-10-28").sum())
    print(f"wrote {len(frame):,} rows to {args.output}: {primary:,} from the workbook, {len(frame) - primary:,} quoted")
    return 0
