"""The README's commands work in a fresh clone: every shell line names a Makefile target and variable, or
a command line the argument parsers accept, run through the environment the Makefile creates."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from indicators import settings
from indicators.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
SHELL_BLOCKS = re.findall(r"```sh\n(.*?)```", README, re.S)
ACTIVATE = ". .venv/bin/activate"


def shell_lines() -> list[tuple[int, str]]:
    """(block number, command) for every non-empty line of the README's ``sh`` blocks, comments removed."""
    return [
        (number, line.split(" #")[0].strip())
        for number, block in enumerate(SHELL_BLOCKS)
        for line in block.splitlines()
        if line.split(" #")[0].strip()
    ]


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][\w-]*):", MAKEFILE, re.M))


def check_assignments(line: str, words: list[str]) -> list[str]:
    """Leading ``NAME=value`` words name settings, and a value with ``$`` is single-quoted in the line."""
    known = {setting.env for setting in settings.SETTINGS}
    while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
        name, value = words.pop(0).split("=", 1)
        assert name in known, f"{name} is not a setting: {line}"
        if "$" in value:
            assert f"{name}='" in line, f"{name}'s value holds '$' and must be single-quoted: {line}"
    return words


def check_make(line: str, arguments: list[str]) -> None:
    for word in arguments:
        if "=" in word:
            variable = word.split("=", 1)[0]
            assert f"$({variable})" in MAKEFILE, f"the Makefile does not use {variable}: {line}"
        else:
            assert word in make_targets(), f"the Makefile has no target {word!r}: {line}"


def check_cli(line: str, arguments: list[str], capsys) -> None:
    try:
        build_parser().parse_args(arguments)
    except SystemExit as done:
        assert done.code == 0, f"the parsers refuse {line!r}: {capsys.readouterr().err.strip()}"


def test_the_readme_has_shell_blocks_for_running_testing_choosing_a_port_and_the_cli():
    commands = [line for _, line in shell_lines()]
    assert {"make run", "make test", "make run PORT=8502", ACTIVATE} <= set(commands)
    assert any(line.startswith(".venv/bin/python -m indicators ") for line in commands)


def test_the_environment_the_readme_names_is_the_one_the_makefile_creates():
    assert re.search(r"^VENV := \.venv$", MAKEFILE, re.M) and "PY := $(VENV)/bin/python" in MAKEFILE


@pytest.mark.parametrize(("block", "line"), shell_lines(), ids=[line for _, line in shell_lines()])
def test_every_readme_shell_line_is_a_make_target_or_a_command_the_parsers_accept(block, line, capsys):
    if line == ACTIVATE:
        return
    words = check_assignments(line, shlex.split(line))
    program, arguments = words[0], words[1:]
    if program == "make":
        check_make(line, arguments)
        return
    if program == "python":
        activated = [text for number, text in shell_lines() if number == block]
        assert ACTIVATE in activated[: activated.index(line)], f"plain python before activating the venv: {line}"
    else:
        assert program == ".venv/bin/python", f"the README runs an unknown program: {line}"
    assert arguments[:2] == ["-m", "indicators"], f"not a command of this project: {line}"
    check_cli(line, arguments[2:], capsys)


def test_the_readme_stays_short_and_leads_to_the_docs():
    assert len(README.splitlines()) <= 150
    linked = set(re.findall(r"\]\((docs/[\w./-]+\.md)\)", README))
    assert {"docs/analysts.md", "docs/operators.md", "docs/cli.md", "docs/development.md"} <= linked
