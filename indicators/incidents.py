"""Logging, configured once, and incidents: an unexpected failure is logged with its traceback
under a short id that the user is shown and can quote, so a report finds its log line.

Each log line carries the time, level, module, the context it happened in (the data version a page
showed, the SHA-256 of the upload being read: set with :func:`context`, ``-`` when there is none) and
the message. Secrets are never passed in.
"""

from __future__ import annotations

import logging
import secrets
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from indicators import settings

LOGGER_NAME = "indicators"
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(context)s] %(message)s"
_context: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("log_context", default=())
_configured = threading.Lock()
_handler: logging.Handler | None = None
_target = ""


CLI_LOG_FILE = Path(tempfile.gettempdir()) / "connect2020-cli.log"


def configure(default_file: Path | None = None) -> logging.Logger:
    """Send the ``indicators`` loggers' events to ``INDICATORS_LOG_FILE``, else ``default_file``, else
    standard error (the dashboard's server log), at the configured level. Safe to call on every run."""
    global _handler, _target
    logger = logging.getLogger(LOGGER_NAME)
    target = settings.LOG_FILE.value() or (str(default_file) if default_file else "")
    with _configured:
        if _handler is None or target != _target:
            if _handler is not None:
                logger.removeHandler(_handler)
                _handler.close()
            _handler = logging.FileHandler(target, encoding="utf-8") if target else logging.StreamHandler(sys.stderr)
            _handler.setFormatter(OneLineFormatter(FORMAT))
            _handler.addFilter(_add_context)
            _target = target
            logger.addHandler(_handler)
            logger.propagate = False
        logger.setLevel(settings.LOG_LEVEL.value())
    return logger


class OneLineFormatter(logging.Formatter):
    """Each event's own line never breaks: a line break in a message (a file or author name) is written
    as ``\\n``, so nobody can forge a log line; a traceback still follows on the lines below."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        return super().formatMessage(record).replace("\r", "\\r").replace("\n", "\\n")


@contextmanager
def context(**values: object) -> Iterator[None]:
    """Stamp every log line written inside the block with these values (e.g. ``version=3``), added to
    any context already set; blank values are left out. Context variables keep sessions apart."""
    added = tuple((key, str(value)) for key, value in values.items() if value not in (None, ""))
    token = _context.set(tuple((k, v) for k, v in _context.get() if k not in values) + added)
    try:
        yield
    finally:
        _context.reset(token)


def _add_context(record: logging.LogRecord) -> bool:
    record.context = " ".join(f"{key}={value}" for key, value in _context.get()) or "-"
    return True


def new_incident_id() -> str:
    """Six hex digits: short enough to read out, random enough not to collide in a day's log."""
    return secrets.token_hex(3)


def log_destination() -> str:
    """Where the log goes, for a message that tells the user where to look."""
    return getattr(_handler, "baseFilename", "the server's standard error")


def report(error: BaseException, what: str, **context: object) -> str:
    """Log ``error`` with its traceback as an incident and return the incident id to show the user."""
    incident = new_incident_id()
    details = " ".join(f"{key}={value}" for key, value in context.items())
    message = f"incident {incident}: {what} failed: {type(error).__name__}: {error} {details}".rstrip()
    logger = logging.getLogger(LOGGER_NAME) if _handler is not None else configure()  # where it is configured
    logger.error(message, exc_info=(type(error), error, error.__traceback__))
    return incident
