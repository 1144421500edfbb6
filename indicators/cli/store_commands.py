"""``publish``, ``history``, ``rollback`` and ``hash-password``: the published-data store from a shell.

The CLI runs on the server, so shell access is its sign-in: versions it creates record the
operating-system user as their author. The store location comes from ``INDICATORS_STORE``.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import sys
from pathlib import Path

from indicators.cli import CliError
from indicators.safety import plain_label

EXIT_DAMAGED = 4
_VERSION = re.compile(r"[0-9]{1,8}")
MIN_PASSWORD_LENGTH = 8


def register(sub: argparse._SubParsersAction) -> None:
    publish = sub.add_parser("publish", help="publish a data file as a new version of the published data")
    publish.add_argument("file", metavar="FILE", help="CSV, Excel or Parquet file in any supported layout")
    publish.add_argument("--message", "-m", required=True, metavar="TEXT", help="what changed and why")
    publish.add_argument(
        "--mode",
        choices=("merge", "replace"),
        default="merge",
        help="merge: add or update figures (default); replace: the file's rows replace one indicator's series",
    )
    publish.add_argument("--indicator", metavar="CODE", help="the indicator a replace applies to")
    from indicators.ingest import add_source_arguments

    add_source_arguments(publish)
    publish.set_defaults(func=run_publish)

    history = sub.add_parser(
        "history", help="list every published version, newest last; exit 4 when a version is damaged"
    )
    history.add_argument("--format", default="text", choices=("text", "json"))
    history.set_defaults(func=run_history)

    rollback = sub.add_parser("rollback", help="publish the data of an earlier version as a new version")
    rollback.add_argument("version", metavar="VERSION", help="version number (0 = the embedded default data)")
    rollback.add_argument("--message", "-m", default="", metavar="TEXT", help="why (default: 'Rollback to ...')")
    rollback.set_defaults(func=run_rollback)

    hashing = sub.add_parser("hash-password", help="make a password hash line for INDICATORS_ANALYSTS")
    hashing.add_argument("--name", metavar="NAME", help="print NAME:HASH, ready to add to INDICATORS_ANALYSTS")
    hashing.set_defaults(func=run_hash_password)


def os_user() -> str:
    """The operating-system account running the command: the author of versions made here."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown user"


def _open_store():
    from indicators.store import open_store

    return open_store()


def _changes(info) -> str:
    c = info.changes
    return f"{c['added']} added, {c['changed']} changed, {c['removed']} removed"


def _canonical_indicator(code: str) -> str:
    from indicators.registry import load_registry

    registry = load_registry()
    found = registry.find_indicator(code)
    if found is None:
        hint = registry.suggest_indicator(code)
        raise CliError(f"unknown indicator {code!r}" + (f"; did you mean {hint}?" if hint else ""), 2)
    return found.code


def _warn_damage(store) -> None:
    """Say on stderr when the newest versions are damaged, so a write that builds on an older one is explained."""
    from indicators.store import StoreError

    try:
        note = store.damage_note()
    except StoreError:
        return  # the write itself reports an unreadable store
    if note:
        print(f"warning: {plain_label(note, 500)}", file=sys.stderr)


def _commit(store, action, described) -> None:
    """Run a store write, say what it made (``described(info)``), then write the new version's static edition
    beside it and say where readers find it. A write with nothing to change is said on stdout; a refused one
    raises its StoreError, which the command line reports."""
    from indicators.static_edition import edition_address, publish_edition
    from indicators.store import NothingToPublishError

    _warn_damage(store)
    try:
        info = action()
    except NothingToPublishError as error:
        print(f"{error}; no new version was made")
        return
    print(described(info))
    if publish_edition(store, info.number) is None:
        print(f"warning: the static edition of version {info.number} was not written (see the log)", file=sys.stderr)
    else:
        print(f"static edition: {plain_label(edition_address(store, info.number), 2500)}")


def run_publish(args: argparse.Namespace) -> int:

    path = Path(args.file)
    if not path.exists():
        raise CliError(f"{path}: no such file")
    if not path.is_file():
        raise CliError(f"{path}: not a file")
    if not args.message.strip():
        raise CliError("--message is empty: say what changed and why", 2)
    indicator = _canonical_indicator(args.indicator) if args.indicator else None
    store = _open_store()
    from indicators.ingest import read_path

    try:
        upload = read_path(path, publisher=args.publisher, edition=args.edition)
    except OSError as error:
        raise CliError(f"{path}: cannot read the file: {error.strerror or error}") from None
    if not upload.report.valid:
        print(upload.report.text())
        raise CliError(f"{path} has {len(upload.report.errors)} error(s): nothing was published")
    if upload.report.problems:
        print(upload.report.text())
    _commit(
        store,
        lambda: store.publish(
            upload.table,
            author=os_user(),
            message=args.message,
            source_name=upload.filename,
            source_sha256=upload.sha256,
            mode=args.mode,
            indicator=indicator,
        ),
        _published_line,
    )
    return 0


def _published_line(info) -> str:
    what = f"{info.mode} of {info.source_name}" + (f" into {info.indicator}" if info.indicator else "")
    return f"published version {info.number} ({what}, by {info.author}): {_changes(info)}; {info.rows} rows"


def render_history(listed) -> str:
    """Plain-text history table, oldest first, every text from a manifest made one printable line."""
    header = ("version", "status", "created (UTC)", "author", "mode", "added", "changed", "removed", "rows", "message")
    rows = []
    for entry in listed:
        v = entry.info
        if v is None:
            rows.append((str(entry.number), entry.status, *["-"] * 7, plain_label(entry.why, 80)))
            continue
        rows.append(
            (
                str(v.number),
                entry.status,
                plain_label(v.created.replace("T", " ").rstrip("Z"), 20) or "-",
                plain_label(v.author, 20) or "-",
                plain_label(v.mode + (f" {v.indicator}" if v.indicator else ""), 30),
                str(v.changes["added"]),
                str(v.changes["changed"]),
                str(v.changes["removed"]),
                str(v.rows),
                plain_label(v.message + (f" [{v.source_name}]" if v.source_name else ""), 80),
            )
        )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in [header, *rows]]
    return "\n".join(lines) + "\n"


def run_history(args: argparse.Namespace) -> int:
    store = _open_store()
    listed = store.history()
    head = store.head()
    if args.format == "json":
        json.dump([entry.to_dict() for entry in listed], sys.stdout, indent=2, ensure_ascii=True)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(f"store: {plain_label(store.location, 500)}\n")
        sys.stdout.write(render_history(listed))
    damaged = [entry for entry in listed if entry.why]
    for entry in damaged:
        print(f"warning: version {entry.number} is damaged: {plain_label(entry.why, 300)}", file=sys.stderr)
    if damaged:
        print(f"warning: the published data are version {head}, the newest intact one", file=sys.stderr)
        return EXIT_DAMAGED
    return 0


def run_rollback(args: argparse.Namespace) -> int:
    text = args.version.strip().removeprefix("v")
    if not _VERSION.fullmatch(text):
        raise CliError(f"VERSION must be a version number such as 3, got {plain_label(args.version, 40)!r}", 2)
    store = _open_store()
    _commit(
        store,
        lambda: store.rollback(int(text), author=os_user(), message=args.message),
        lambda info: (
            f"published version {info.number}: the data of version {int(text)} ({_changes(info)}; {info.rows} rows)"
        ),
    )
    return 0


def _read_password() -> str:
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if first and getpass.getpass("Repeat the password: ") != first:
            raise CliError("the two passwords differ: nothing was printed")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.removesuffix("\n").removesuffix("\r")


def run_hash_password(args: argparse.Namespace) -> int:
    from indicators.auth import hash_password

    name = (args.name or "").strip()
    if args.name is not None and (not name or any(ch in name for ch in ":,\n")):
        raise CliError("--name must be non-empty and contain no ':', ',' or line break", 2)
    password = _read_password()
    if len(password) < MIN_PASSWORD_LENGTH:
        raise CliError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    stored = hash_password(password)
    print(f"{name}:{stored}" if name else stored)
    return 0
