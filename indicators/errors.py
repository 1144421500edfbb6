"""The one base of every failure the user can correct: a bad argument, file, framework or store state.

Its message is one plain sentence, fit to show as is. The command line catches :class:`UserError` once
and prints ``error: <message>``, exiting with the error's ``exit_code``; anything else is an incident.
"""

from __future__ import annotations


class UserError(Exception):
    """A failure the user can correct; ``exit_code`` is what the command line exits with."""

    exit_code: int = 1
