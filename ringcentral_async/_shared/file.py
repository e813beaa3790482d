"""``FileThrottle``: the shared throttle for the processes of one host (a SQLite file)."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable, Mapping

from .._config import DEFAULT_RETRY_AFTER_429
from .limiter import BackendErrorMode, SharedThrottle

__all__ = ["FileThrottle"]


class FileThrottle(SharedThrottle):
    """A usage-plan throttle whose state lives in a SQLite file, shared by every process
    of this host that uses the same ``path`` (consecutive runs too: a rerun never starts
    into a window the previous run filled). Behaves like :class:`Throttle` otherwise.

    Times are the host's wall clock (processes do not share a monotonic clock); each
    admission and release is one short ``BEGIN IMMEDIATE`` transaction in WAL mode. For
    processes on several hosts use :class:`ringcentral_async.redis.RedisThrottle`.

    Options as for :class:`~ringcentral_async.redis.RedisThrottle`: ``namespace``
    (default ``"local"``), ``limits``, ``max_pause``, ``grace``, ``fallback_share`` and
    ``on_error`` (``"fallback"`` or ``"raise"`` when the file cannot be used).
    """

    _kind = "FileThrottle"

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        namespace: str = "local",
        limits: Mapping[str, tuple[int, float]] | None = None,
        max_pause: float = 300.0,
        grace: float = 30.0,
        fallback_share: float = 0.5,
        on_error: BackendErrorMode = "fallback",
        calibrate: bool = True,
        probe_first: bool = True,
        default_retry_after: float = DEFAULT_RETRY_AFTER_429,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        from .sqlite_backend import SqliteBackend  # sqlite3 only for those who use it

        backend = SqliteBackend(path, clock=wall_clock)
        self.path = backend.path
        super().__init__(
            backend,
            namespace=namespace,
            limits=limits,
            max_pause=max_pause,
            grace=grace,
            calibrate=calibrate,
            probe_first=probe_first,
            default_retry_after=default_retry_after,
            fallback_share=fallback_share,
            on_backend_error=on_error,
            clock=clock,
            sleep=sleep,
        )
