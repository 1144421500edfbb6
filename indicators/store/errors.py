"""Failures of the published-data store, each with a message fit to show a user as is."""

from __future__ import annotations

from indicators.errors import UserError


class StoreError(UserError):
    """The store could not do what was asked; the message says why in plain words."""


class ConflictError(StoreError):
    """Someone else published first: the data this change was prepared against are no longer current."""

    exit_code = 3


class NothingToPublishError(StoreError):
    """The new version would hold exactly the data of the current one, so none is created."""
