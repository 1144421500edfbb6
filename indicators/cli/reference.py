"""The command-line reference (docs/cli.md), written from the argument parsers so it cannot drift.

``make docs`` rewrites the file; tests/test_docs.py fails when it differs from what this module prints.
"""

from __future__ import annotations

import argparse

from indicators.cli import build_parser

#: Help is wrapped at a fixed width, whatever the terminal, so the file is the same on every machine.
WIDTH = 100
HEADER = """# Command-line reference

The `python -m indicators` command (installed as `connect2020`) works on the same data, store and
settings as the dashboard. Run it with the project's environment: `.venv/bin/python -m indicators ...`,
or activate the environment first (`. .venv/bin/activate`). Any bad argument or unreadable file gives one
line on stderr and a non-zero exit code; an unexpected failure prints one line with an incident id and
logs its traceback (see the `INDICATORS_LOG_FILE` setting in [operators.md](operators.md)).

This file is made from the argument parsers (`make docs`); a test keeps it current.
"""


def _fixed_width(*, prog: str) -> argparse.HelpFormatter:
    return argparse.HelpFormatter(prog, width=WIDTH)


def _help(parser: argparse.ArgumentParser) -> str:
    """The parser's --help text at the fixed width (every command uses argparse's plain formatter)."""
    parser.formatter_class = _fixed_width
    return parser.format_help().rstrip()


def commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The sub-command parsers by name, in the order they were registered."""
    (sub,) = (action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    return dict(sub.choices)


def markdown() -> str:
    """docs/cli.md: the overview, then one section per command with its --help text."""
    parser = build_parser()
    parts = [HEADER.rstrip(), "```\n" + _help(parser) + "\n```"]
    for name, command in commands(parser).items():
        parts.append(f"## `{name}`\n\n```\n{_help(command)}\n```")
    return "\n\n".join(parts) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
