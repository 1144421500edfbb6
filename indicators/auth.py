"""Who may publish: analysts' salted scrypt password hashes from configuration, checked with throttling.

A hash string carries its own parameters, ``scrypt$<n>$<r>$<p>$<salt>$<key>`` (salt and key in
unpadded URL-safe base64), so stronger parameters can be adopted without invalidating old hashes.
Credentials come from ``INDICATORS_ANALYSTS`` (``name:hash`` entries separated by commas or lines)
and from a mapping the caller passes in (the dashboard's secrets). There is no default credential:
with none configured, publishing is disabled. Passwords are never stored, logged or echoed.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import logging
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass

from indicators import settings
from indicators.incidents import LOGGER_NAME
from indicators.safety import plain_label
from indicators.throttle import Throttle

ENV_VAR = settings.ANALYSTS.env
SCHEME = "scrypt"
KEY_BYTES = 32
SALT_BYTES = 16
MAX_MEMORY = 256 * 1024 * 1024  # refuse hash strings that would make a check use more than this
MAX_NAME_CHARS = 200  # longer names are never configured analysts
log = logging.getLogger(f"{LOGGER_NAME}.auth")


class CredentialsError(ValueError):
    """The configured credentials are malformed; the message names the entry, never the hash."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _memory(n: int, r: int, p: int) -> int:
    return 128 * r * (n + p + 2)


def _derive(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    limit = _memory(n, r, p) + 1024 * 1024
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=limit, dklen=length)


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    """The parameters, salt and key of a hash string, or None when it is not one we can check."""
    parts = stored.strip().split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return None
    try:
        n, r, p = (int(part) for part in parts[1:4])
        salt, key = _unb64(parts[4]), _unb64(parts[5])
    except ValueError:
        return None
    sane = n >= 2 and n & (n - 1) == 0 and 1 <= r <= 64 and 1 <= p <= 64 and _memory(n, r, p) <= MAX_MEMORY
    if not sane or len(salt) < 8 or not 16 <= len(key) <= 64:
        return None
    return n, r, p, salt, key


def hash_password(password: str, *, n: int = 2**14, r: int = 8, p: int = 1) -> str:
    """A new salted hash string for ``password`` (a fresh random salt every call)."""
    if not password:
        raise ValueError("the password is empty")
    if _memory(n, r, p) > MAX_MEMORY or n < 2 or n & (n - 1):
        raise ValueError("scrypt parameters out of range: n must be a power of two and memory at most 256 MiB")
    salt = os.urandom(SALT_BYTES)
    key = _derive(password, salt, n, r, p, KEY_BYTES)
    return f"{SCHEME}${n}${r}${p}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches the hash string ``stored`` (compared in constant time)."""
    parsed = _parse(stored)
    if parsed is None:
        return False
    n, r, p, salt, key = parsed
    return hmac.compare_digest(_derive(password, salt, n, r, p, len(key)), key)


@functools.cache
def _decoy_hash() -> str:
    """Checked for unknown names so that they take as long as a wrong password for a real one."""
    return hash_password(_b64(os.urandom(16)))


def _entries(text: str) -> list[str]:
    pieces = [piece.strip() for line in text.splitlines() for piece in line.split(",")]
    return [piece for piece in pieces if piece and not piece.startswith("#")]


def load_credentials(env: Mapping[str, str] = os.environ, secrets: Mapping | None = None) -> dict[str, str]:
    """Analyst name -> hash string, from ``secrets`` and then ``INDICATORS_ANALYSTS`` (which wins)."""
    found: dict[str, str] = {}
    for name, stored in (secrets or {}).items():
        if not isinstance(stored, str) or _parse(stored) is None:
            raise CredentialsError(f"the analyst credential for {name!r} in the secrets is not a scrypt hash string")
        found[str(name).strip()] = stored.strip()
    for number, entry in enumerate(_entries(env.get(ENV_VAR, "")), start=1):
        name, colon, stored = entry.partition(":")
        if not colon or not name.strip() or _parse(stored) is None:
            shown = f" ({name.strip()!r})" if colon and name.strip() else ""
            raise CredentialsError(
                f"{ENV_VAR} entry {number}{shown} is not name:scrypt-hash; make one with "
                "python -m indicators hash-password"
            )
        found[name.strip()] = stored.strip()
    return found


@dataclass(frozen=True)
class AuthResult:
    ok: bool
    message: str
    retry_after: float = 0.0  # seconds before another attempt will be considered


class SignIn:
    """Checks analysts' passwords, slowing down repeated failures per client address and per account.

    The failure counts live in a :class:`~indicators.throttle.Throttle` (by default a fresh one; the
    dashboard passes the process-wide one). An attempt that must wait is refused without checking the
    password; a name longer than :data:`MAX_NAME_CHARS` is refused as unknown and still counted.
    """

    def __init__(self, credentials: Mapping[str, str], throttle: Throttle | None = None):
        self._credentials = {str(name).strip(): str(stored).strip() for name, stored in credentials.items()}
        self._throttle = throttle if throttle is not None else Throttle()

    def __repr__(self) -> str:
        return f"SignIn({len(self._credentials)} analysts)"

    @property
    def enabled(self) -> bool:
        return bool(self._credentials)

    @property
    def analysts(self) -> list[str]:
        return sorted(self._credentials)

    def attempt(self, name: str, password: str, address: str | None) -> AuthResult:
        """Sign ``name`` in from the client ``address`` (None: unknown, counted as one local address)."""
        name = name.strip()
        if not self.enabled:
            return AuthResult(False, f"publishing is disabled: no analyst credentials are configured ({ENV_VAR})")
        reservation = self._throttle.reserve(name, address)
        if reservation.wait > 0:
            wait = reservation.wait
            _log_refusal(name, address, "throttled after repeated failures")
            return AuthResult(False, f"too many failed sign-ins: try again in {math.ceil(wait)} s", wait)
        stored = self._credentials.get(name) if len(name) <= MAX_NAME_CHARS else None
        matches = verify_password(password, stored if stored is not None else _decoy_hash())
        if matches and stored is not None:
            self._throttle.succeeded(reservation, name, address)
            log.info("signed in: analyst %r from %s", name, address or "this machine")
            return AuthResult(True, f"signed in as {name}")
        _log_refusal(name, address, "wrong password" if stored is not None else "unknown analyst name")
        message = "unknown analyst name or wrong password"
        if reservation.delay > 0:
            message += f"; wait {math.ceil(reservation.delay)} s before trying again"
        return AuthResult(False, message, reservation.delay)


def _log_refusal(name: str, address: str | None, why: str) -> None:
    """One log line per refused sign-in: the name as typed (bounded, printable), the address and why."""
    shown = plain_label(name, MAX_NAME_CHARS)
    log.warning("sign-in refused: name %r from %s: %s", shown, plain_label(address or "this machine", 100), why)
