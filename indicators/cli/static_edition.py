"""``static-edition``: write the static edition of a published version (default: the current one) to a folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from indicators.cli import CliError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "static-edition",
        help="write the read views of a version as a static site (any web server can serve it)",
        description="Write the overview, every target with its chart and table, the sources, the methodology and "
        "the scorecard (JSON, CSV) of a published version as plain files into OUT. The pages need nothing but "
        "their folder: open OUT/index.html from disk, or serve OUT from any web server or bucket website.",
    )
    parser.add_argument("out", metavar="OUT", help="the folder to write (created if need be)")
    parser.add_argument("--version", type=int, metavar="N", help="the version to write (default: the current one)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from indicators import live
    from indicators.static_edition import edition_of, write_folder
    from indicators.store import StoreError, open_store

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CliError(f"{out} exists and is not a folder", 2)
    try:
        store = open_store()
        version = store.head() if args.version is None else args.version
        edition, files = edition_of(store, version, live.framework(), live.registry())
    except StoreError as error:
        raise CliError(str(error)) from None
    try:
        write_folder(out, files)
    except OSError as error:
        raise CliError(f"{out}: cannot write the edition: {error.strerror or error}") from None
    print(f"wrote the static edition of {edition.label} ({len(files)} files) to {out}")
    return 0
