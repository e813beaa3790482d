"""The OAuth token and where it is kept (layer 1: no I/O but the file store's)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import os
import re
import tempfile
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import MISSING, dataclass, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from .._errors import DecodeError, SharedStateError

__all__ = [
    "FileTokenStore",
    "LockingTokenStore",
    "MemoryTokenStore",
    "Token",
    "TokenStore",
    "TokenStoreConflict",
]

#: How long FileTokenStore waits for another process's refresh lock by default (seconds).
FILE_LOCK_WAIT = 60.0
#: What a token may hold: visible ASCII (a CR, LF, NUL or space would break, or split, the
#: ``Authorization`` header it is sent in).
_TOKEN_TEXT = re.compile(r"[\x21-\x7e]+")

logger = logging.getLogger("ringcentral_async")


@dataclass(frozen=True, kw_only=True, repr=False)
class Token:
    """An OAuth token pair. ``repr()`` never shows the access or refresh token."""

    access_token: str
    token_type: str = "bearer"
    expires_at: datetime
    refresh_token: str | None = None
    refresh_token_expires_at: datetime | None = None
    scope: str | None = None
    owner_id: str | None = None
    endpoint_id: str | None = None
    session_id: str | None = None
    issued_at: datetime | None = None

    def __post_init__(self) -> None:
        for value in (self.expires_at, self.refresh_token_expires_at, self.issued_at):
            if value is not None and value.tzinfo is None:
                raise ValueError("token timestamps must be timezone-aware")

    @classmethod
    def from_response(cls, data: Mapping[str, Any], *, now: datetime) -> Token:
        """Build a token from a ``/restapi/oauth/token`` response body.

        A malformed body raises DecodeError (its text never holds a token): not a JSON
        object, no ``access_token`` string, or an ``expires_in`` /
        ``refresh_token_expires_in`` that is not a number of seconds in
        ``[MIN_TOKEN_LIFETIME, MAX_TOKEN_LIFETIME]`` (1 s to a year: 0, negative, NaN, a bool,
        a non-numeric string or an absurd value would make every call refresh first, or
        never).
        """
        if not isinstance(data, Mapping):
            raise DecodeError("token response is not a JSON object")
        access = data.get("access_token")
        if not isinstance(access, str) or not _TOKEN_TEXT.fullmatch(access):
            raise DecodeError("token response lacks a valid access_token (visible ASCII)")
        expires_in = _lifetime(data.get("expires_in"), "expires_in")
        if expires_in is None:
            raise DecodeError("token response lacks expires_in")
        refresh_seconds = _lifetime(
            data.get("refresh_token_expires_in"), "refresh_token_expires_in"
        )
        try:
            expires_at = now + timedelta(seconds=expires_in)
            refresh_at = (
                now + timedelta(seconds=refresh_seconds) if refresh_seconds is not None else None
            )
        except OverflowError:  # only near datetime.max
            raise DecodeError("token response has a lifetime past the end of time") from None
        refresh = data.get("refresh_token")
        if refresh is not None and not isinstance(refresh, str):
            raise DecodeError("token response has a refresh_token that is not a string")
        if refresh and not _TOKEN_TEXT.fullmatch(refresh):
            raise DecodeError("token response has a refresh_token that is not visible ASCII")
        owner = data.get("owner_id")
        return cls(
            access_token=access,
            token_type=str(data.get("token_type") or "bearer"),
            expires_at=expires_at,
            refresh_token=refresh or None,
            refresh_token_expires_at=refresh_at,
            scope=_opt_str(data.get("scope")),
            owner_id=_opt_str(owner),
            endpoint_id=_opt_str(data.get("endpoint_id")),
            session_id=_opt_str(data.get("session_id")),
            issued_at=now,
        )

    @property
    def lifetime(self) -> float:
        """Seconds between issue and expiry (3600 if the issue time is unknown)."""
        if self.issued_at is None:
            return 3600.0
        return (self.expires_at - self.issued_at).total_seconds()

    def expires_within(self, seconds: float, now: datetime) -> bool:
        """True if the access token expires within ``seconds`` of ``now``."""
        return self.expires_at - timedelta(seconds=seconds) <= now

    def can_refresh(self, now: datetime) -> bool:
        """True if a refresh token exists and has not expired."""
        if not self.refresh_token:
            return False
        return self.refresh_token_expires_at is None or self.refresh_token_expires_at > now

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (for token stores; it holds the secrets)."""
        out: dict[str, Any] = {}
        for field in fields(Token):
            value = getattr(self, field.name)
            out[field.name] = value.isoformat() if isinstance(value, datetime) else value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Token:
        """The inverse of to_dict()."""
        kwargs: dict[str, Any] = {}
        for field in fields(Token):
            value = data.get(field.name)
            if value is not None and field.name.endswith(("_at",)):
                value = datetime.fromisoformat(value)
            if value is not None or field.default is MISSING:
                kwargs[field.name] = value
        return cls(**kwargs)

    def __repr__(self) -> str:
        refresh_exp = self.refresh_token_expires_at
        return (
            f"Token(token_type={self.token_type!r}, owner_id={self.owner_id!r}, "
            f"scope={self.scope!r}, expires_at={self.expires_at.isoformat()!r}, "
            f"refresh_token_expires_at={refresh_exp.isoformat() if refresh_exp else None!r}, "
            "access_token=<redacted>, refresh_token="
            f"{'<redacted>' if self.refresh_token else None})"
        )

    __str__ = __repr__


@runtime_checkable
class TokenStore(Protocol):
    """Where a client keeps its token between runs."""

    async def load(self) -> Token | None:
        """The saved token, or None."""
        ...

    async def save(self, token: Token | None) -> None:
        """Save ``token`` (None clears the store)."""
        ...


@runtime_checkable
class LockingTokenStore(TokenStore, Protocol):
    """A token store shared by several processes (optional extension of :class:`TokenStore`).

    ``refresh_lock()`` is held by at most one process at a time. The client takes it for
    every token request (login and refresh); inside it, it re-reads the store and adopts a
    pair another process has saved meanwhile instead of asking for one of its own, so N
    processes cause one login and one refresh per expiry. ``save`` may raise
    :class:`TokenStoreConflict` when a newer pair was saved by someone else (a writer that
    stalled past its lock): the client then adopts the stored pair.
    """

    def refresh_lock(self) -> AbstractAsyncContextManager[None]:
        """Wait (bounded) for the cross-process refresh lock; SharedStateError on timeout."""
        ...


class TokenStoreConflict(SharedStateError):
    """A shared token store holds a newer pair than the one this writer started from."""


class MemoryTokenStore:
    """The default store: the token lives only in this process."""

    def __init__(self, token: Token | None = None) -> None:
        self._token = token

    async def load(self) -> Token | None:
        """The token in memory."""
        return self._token

    async def save(self, token: Token | None) -> None:
        """Keep ``token`` in memory."""
        self._token = token

    def __repr__(self) -> str:
        return f"MemoryTokenStore(has_token={self._token is not None})"


class FileTokenStore:
    """A JSON file, mode 0600, replaced atomically on every save."""

    def __init__(self, path: str | os.PathLike[str], *, lock_wait: float = FILE_LOCK_WAIT) -> None:
        self.path = Path(path).expanduser()
        self.lock_wait = lock_wait

    @property
    def lock_path(self) -> Path:
        """The side file whose ``flock`` lets one process of this host refresh at a time."""
        return self.path.with_name(self.path.name + ".lock")

    @contextlib.asynccontextmanager
    async def refresh_lock(self) -> AsyncIterator[None]:
        """Hold an exclusive ``flock`` on :attr:`lock_path` (waits at most ``lock_wait`` s).

        Processes of one host that share this file then log in and refresh one at a time
        (the client re-reads the file inside the lock and adopts a pair saved meanwhile).
        On a system without ``fcntl`` the lock is a no-op.
        """
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            yield
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            deadline = time.monotonic() + self.lock_wait
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise SharedStateError(
                            f"timed out after {self.lock_wait:g} s waiting for the token "
                            f"lock {self.lock_path}"
                        ) from None
                    await asyncio.sleep(0.02)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def __repr__(self) -> str:
        return f"FileTokenStore({str(self.path)!r})"

    async def load(self) -> Token | None:
        """Read the file; a missing or unreadable file means no token."""
        return await asyncio.to_thread(self._load_sync)

    async def save(self, token: Token | None) -> None:
        """Write (or, for None, delete) the file."""
        await asyncio.to_thread(self._save_sync, token)

    def _load_sync(self) -> Token | None:
        try:
            data = json.loads(self.path.read_text("utf-8"))
            return Token.from_dict(data)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            # never log the content: it holds the tokens
            logger.warning(
                "token store %s is unreadable (%s); starting without a token",
                self.path,
                exc.__class__.__name__,
            )
            return None

    def _save_sync(self, token: Token | None) -> None:
        if token is None:
            self.path.unlink(missing_ok=True)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".token-", dir=self.path.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(token.to_dict(), fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


#: Longest lifetime (seconds) accepted for an access or a refresh token: one year. The
#: platform issues at most 3600 s and 30 days; anything beyond a year is a broken answer.
MAX_TOKEN_LIFETIME = 366 * 24 * 3600.0
#: Shortest lifetime (seconds) accepted: 0, a negative or a sub-second lifetime would make
#: every call refresh first.
MIN_TOKEN_LIFETIME = 1.0


def _lifetime(value: Any, name: str) -> float | None:
    """``expires_in``-style seconds, checked; None when absent; DecodeError when malformed."""
    if value is None:
        return None
    if isinstance(value, bool):
        seconds = math.nan
    elif isinstance(value, int | float):
        seconds = float(value) if abs(value) < 1e300 else math.inf
    elif isinstance(value, str) and len(value) <= 32:
        try:
            seconds = float(value)
        except ValueError:
            seconds = math.nan
    else:
        seconds = math.nan
    if not MIN_TOKEN_LIFETIME <= seconds <= MAX_TOKEN_LIFETIME:  # NaN fails too
        raise DecodeError(
            f"token response has an invalid {name}: expected seconds in "
            f"[{int(MIN_TOKEN_LIFETIME)}, {int(MAX_TOKEN_LIFETIME)}]"
        )
    return seconds


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def utcnow() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)
