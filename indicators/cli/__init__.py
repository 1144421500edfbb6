"""Command-line entry point. Each sub-command lives in its own module with a ``register`` function.

Error rule: a bad argument or unreadable input prints one line on stderr and exits non-zero;
no traceback ever reaches the user. Every failure the user can correct is a
:class:`~indicators.errors.UserError` (the core's errors derive from it; a command's own checks raise
:class:`CliError`), caught once in :func:`main`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import NoReturn

from indicators import incidents, settings
from indicators.errors import UserError

COMMAND_MODULES = (
    "indicators.cli.validate",
    "indicators.cli.scorecard",
    "indicators.cli.store_commands",
    "indicators.cli.build_default",
    "indicators.cli.backtest",
    "indicators.cli.serve",
    "indicators.cli.static_edition",
)


class CliError(UserError):
    """A command's own check failed: shown as ``error: <message>`` with the given exit code."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, as argparse does, without the usage block
        self.exit(2, f"error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m indicators", description="Connect 2020 targets: score, validate, publish.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    bad_settings = settings.check_all()
    if bad_settings:
        for line in bad_settings:
            print(f"error: {line}", file=sys.stderr)
        return 2
    incidents.configure(default_file=incidents.CLI_LOG_FILE)
    try:
        return int(args.func(args) or 0)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # last resort: logged with its traceback, one line for the user
        incident = incidents.report(error, f"command {args.command}")
        where = incidents.log_destination()
        print(f"error: unexpected {type(error).__name__} (incident {incident}, logged in {where})", file=sys.stderr)
        return 1
