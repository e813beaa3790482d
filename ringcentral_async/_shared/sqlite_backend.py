"""The SQLite backend of the shared throttle: the processes of ONE host share a file.

Every call is one short ``BEGIN IMMEDIATE`` transaction (run in a worker thread) on this
process's connection, in WAL mode. Times are the wall clock (``time.time()``): processes do not
share a monotonic clock, and they all run on this host. Imported on first use only (it
pulls in ``sqlite3``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from .._errors import SharedStateError
from .._throttle import LEARNED_OPERATIONS_MAX
from .state import (
    PAUSE_MAX,
    PROBE_RESPONSES,
    Admission,
    GroupConfig,
    Settled,
    Settlement,
    clamp_limit,
    clamp_window,
)

__all__ = ["SqliteBackend"]

T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS places (
    scope TEXT NOT NULL, grp TEXT NOT NULL, member TEXT NOT NULL, release REAL NOT NULL,
    PRIMARY KEY (scope, grp, member));
CREATE INDEX IF NOT EXISTS places_by_release ON places (scope, grp, release);
CREATE TABLE IF NOT EXISTS groups (
    scope TEXT NOT NULL, grp TEXT NOT NULL, lim INTEGER, win REAL,
    learned INTEGER NOT NULL DEFAULT 0, unheard INTEGER NOT NULL DEFAULT 0,
    paused_until REAL NOT NULL DEFAULT 0, probe TEXT, probe_until REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, grp));
CREATE TABLE IF NOT EXISTS operations (
    bucket TEXT NOT NULL, op TEXT NOT NULL, grp TEXT NOT NULL, PRIMARY KEY (bucket, op));
CREATE TABLE IF NOT EXISTS operations_version (
    bucket TEXT PRIMARY KEY, version INTEGER NOT NULL);
"""


class _Group:
    """One group's row, read inside a transaction."""

    def __init__(self, db: sqlite3.Connection, scope: str, grp: str, cfg: GroupConfig) -> None:
        db.execute("INSERT OR IGNORE INTO groups (scope, grp) VALUES (?, ?)", (scope, grp))
        row = db.execute(
            "SELECT lim, win, learned, unheard, paused_until, probe, probe_until FROM groups "
            "WHERE scope = ? AND grp = ?",
            (scope, grp),
        ).fetchone()
        self.learned_limit: int | None = int(row[0]) if row[0] is not None else None
        self.learned_window: float | None = float(row[1]) if row[1] is not None else None
        self.limit = self.learned_limit if self.learned_limit is not None else cfg.limit
        self.window = self.learned_window if self.learned_window is not None else cfg.window
        self.learned = bool(row[2])
        self.unheard = int(row[3])
        self.paused_until = float(row[4])
        self.probe: str | None = row[5]
        self.probe_until = float(row[6])


class SqliteBackend:
    """Shared windows in a SQLite file (created with mode 0600)."""

    def __init__(
        self, path: str | os.PathLike[str], *, timeout: float = 5.0, clock: Callable[[], float]
    ) -> None:
        self.path = Path(path).expanduser()
        self._timeout = timeout
        self._clock = clock
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        """This process's connection (opened on first use; a forked child opens its own).

        It stays open: closing the last connection of a WAL database checkpoints it and
        syncs the file, which would cost milliseconds per call."""
        if self._db is None or self._pid != os.getpid():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(
                self.path, timeout=self._timeout, isolation_level=None, check_same_thread=False
            )
            with contextlib.suppress(OSError):
                os.chmod(self.path, 0o600)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
            self._db, self._pid = db, os.getpid()
        return self._db

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            db = self._connection()
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    async def _run(self, what: str, fn: Callable[[sqlite3.Connection], T]) -> T:
        def call() -> T:
            with self._transaction() as db:
                return fn(db)

        try:
            return await asyncio.to_thread(call)
        except (sqlite3.Error, OSError) as exc:
            raise SharedStateError(
                f"throttle state file {self.path}: {what} failed ({exc.__class__.__name__})"
            ) from exc

    async def acquire(self, scope: str, group: str, member: str, cfg: GroupConfig) -> Admission:
        """See :class:`~.state.Backend`."""

        def admit(db: sqlite3.Connection) -> Admission:
            now = self._clock()
            g = _Group(db, scope, group, cfg)
            db.execute(
                "DELETE FROM places WHERE scope = ? AND grp = ? AND release <= ?",
                (scope, group, now - 2 * g.window),
            )
            live = _live(db, scope, group, now - g.window)
            if g.paused_until > now:
                wait = g.paused_until - now
                return Admission(False, wait, g.limit, g.window, live, wait)
            probing = cfg.probe_first and not g.learned
            if probing and g.probe is not None and g.probe_until > now:
                return Admission(False, None, g.limit, g.window, live, 0.0)
            excess = live - g.limit + 1
            if excess > 0:
                (score,) = db.execute(
                    "SELECT release FROM places WHERE scope = ? AND grp = ? AND release > ? "
                    "ORDER BY release LIMIT 1 OFFSET ?",
                    (scope, group, now - g.window, excess - 1),
                ).fetchone()
                wait = min(float(score), now) + g.window - now
                return Admission(False, wait, g.limit, g.window, live, 0.0)
            db.execute(
                "INSERT OR REPLACE INTO places VALUES (?, ?, ?, ?)",
                (scope, group, member, now + cfg.grace),
            )
            if probing:
                db.execute(
                    "UPDATE groups SET probe = ?, probe_until = ? WHERE scope = ? AND grp = ?",
                    (member, now + cfg.grace, scope, group),
                )
            return Admission(True, 0.0, g.limit, g.window, live + 1, 0.0)

        return await self._run("admission", admit)

    async def settle(
        self, scope: str, group: str, member: str, cfg: GroupConfig, how: Settlement
    ) -> Settled:
        """See :class:`~.state.Backend`."""

        def settle(db: sqlite3.Connection) -> Settled:
            now = self._clock()
            g = _Group(db, scope, group, cfg)
            sign = -1.0 if how.mode == "response" else 1.0  # released ago / from now
            release = now + sign * max(0.0, how.age)
            if how.mode != "calibrate":
                db.execute(
                    "INSERT OR REPLACE INTO places VALUES (?, ?, ?, ?)",
                    (scope, group, member, release),
                )
                if g.probe == member:
                    g.probe, g.probe_until = None, 0.0
            if how.mode == "response" and not g.learned and not how.teaches:
                g.unheard += 1
                if g.unheard >= PROBE_RESPONSES:
                    g.learned = True
            if how.limit is not None:
                g.limit = g.learned_limit = clamp_limit(how.limit)
            if how.window is not None:
                g.window = g.learned_window = clamp_window(how.window)
            if how.teaches:
                g.learned = True
            if how.correct and how.remaining is not None and how.admitted_age <= g.window:
                admitted = now - how.admitted_age
                ours = _live(db, scope, group, admitted - g.window)
                foreign = min(g.limit - ours - how.remaining, g.limit)
                db.executemany(
                    "INSERT OR REPLACE INTO places VALUES (?, ?, ?, ?)",
                    [(scope, group, f"held:{member}:{i}", now) for i in range(foreign)],
                )
            if how.retry_after is not None:
                g.paused_until = max(g.paused_until, now + min(how.retry_after, PAUSE_MAX))
            db.execute(
                "UPDATE groups SET lim = ?, win = ?, learned = ?, unheard = ?, "
                "paused_until = ?, probe = ?, probe_until = ? WHERE scope = ? AND grp = ?",
                (
                    g.learned_limit,
                    g.learned_window,
                    int(g.learned),
                    g.unheard,
                    g.paused_until,
                    g.probe,
                    g.probe_until,
                    scope,
                    group,
                ),
            )
            live = _live(db, scope, group, now - g.window)
            return Settled(g.limit, g.window, live, max(0.0, g.paused_until - now))

        return await self._run("release", settle)

    async def operations(self, bucket: str, known: str | None) -> tuple[str, dict[str, str] | None]:
        """See :class:`~.operations.OperationStore`."""

        def read(db: sqlite3.Connection) -> tuple[str, dict[str, str] | None]:
            row = db.execute(
                "SELECT version FROM operations_version WHERE bucket = ?", (bucket,)
            ).fetchone()
            version = "" if row is None else str(row[0])
            if version == known:
                return version, None
            rows = db.execute(
                "SELECT op, grp FROM operations WHERE bucket = ? LIMIT ?",
                (bucket, LEARNED_OPERATIONS_MAX),
            ).fetchall()
            return version, {str(op): str(grp) for op, grp in rows}

        return await self._run("operation map read", read)

    async def set_operation(self, bucket: str, operation: str, group: str | None) -> bool:
        """See :class:`~.operations.OperationStore`."""

        def write(db: sqlite3.Connection) -> bool:
            row = db.execute(
                "SELECT grp FROM operations WHERE bucket = ? AND op = ?", (bucket, operation)
            ).fetchone()
            current = None if row is None else str(row[0])
            if current == group:
                return True
            if group is None:
                db.execute(
                    "DELETE FROM operations WHERE bucket = ? AND op = ?", (bucket, operation)
                )
            else:
                if current is None:
                    (n,) = db.execute(
                        "SELECT COUNT(*) FROM operations WHERE bucket = ?", (bucket,)
                    ).fetchone()
                    if n >= LEARNED_OPERATIONS_MAX:
                        return False
                db.execute(
                    "INSERT OR REPLACE INTO operations VALUES (?, ?, ?)", (bucket, operation, group)
                )
            db.execute(
                "INSERT INTO operations_version VALUES (?, 1) "
                "ON CONFLICT (bucket) DO UPDATE SET version = version + 1",
                (bucket,),
            )
            return True

        return await self._run("operation map write", write)

    async def aclose(self) -> None:
        """Close this process's connection (a later call opens a new one)."""

        def close() -> None:
            with self._lock:
                if self._db is not None:
                    self._db.close()
                    self._db = None

        await asyncio.to_thread(close)


def _live(db: sqlite3.Connection, scope: str, group: str, after: float) -> int:
    (n,) = db.execute(
        "SELECT COUNT(*) FROM places WHERE scope = ? AND grp = ? AND release > ?",
        (scope, group, after),
    ).fetchone()
    return int(n)


def wall_clock() -> float:
    """Seconds since the epoch: the clock every process of one host shares."""
    return time.time()
