"""``sync_extensions``: mirror the account's extensions (and details) into SQLite.

One table per resource (``extensions`` and one per detail of :data:`DETAILS`), each row
``(key, extension_id, json)`` with the record's wire JSON (canonical: sorted keys). A run
first reads everything from the platform (details concurrently, each call under its own
usage-plan group through the client's limiter), then compares with the stored snapshot and
writes the difference in ONE transaction: an interrupted run leaves the previous snapshot
as it was, and a run that finds no difference does not write at all. SQLite runs in a
worker thread (``asyncio.to_thread``), never on the event loop.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from .. import ConfigurationError, NotFoundError, RingCentral, unstructure

__all__ = ["DETAILS", "SyncReport", "TableDiff", "sync_extensions"]

#: table name -> rows {key: json}
Snapshot = dict[str, dict[str, tuple[str, str]]]
Fetcher = Callable[[RingCentral, str], Awaitable[list[tuple[str, Any]]]]


def _keyed(items: Iterable[Any], key: Callable[[dict[str, Any]], Any]) -> list[tuple[str, Any]]:
    """``(key, json)`` per item; an item without a key is keyed by its position."""
    out = []
    for n, item in enumerate(items):
        data = unstructure(item)
        value = key(data)
        out.append((f"#{n}" if value is None else str(value), data))
    return out


async def _phone_numbers(rc: RingCentral, ext_id: str) -> list[tuple[str, Any]]:
    numbers = await rc.phone_numbers.list(extension_id=ext_id, per_page=1000).collect()
    return _keyed(numbers, lambda d: d.get("id") or d.get("phoneNumber"))


async def _caller_id(rc: RingCentral, ext_id: str) -> list[tuple[str, Any]]:
    return [("", unstructure(await rc.caller_id.get(extension_id=ext_id)))]


async def _forwarding_numbers(rc: RingCentral, ext_id: str) -> list[tuple[str, Any]]:
    items = await rc.forwarding_numbers.list(extension_id=ext_id).collect()
    return _keyed(items, lambda d: d.get("id") or d.get("phoneNumber"))


async def _answering_rules(rc: RingCentral, ext_id: str) -> list[tuple[str, Any]]:
    items = await rc.answering_rules.list(extension_id=ext_id).collect()
    return _keyed(items, lambda d: d.get("id"))


async def _grants(rc: RingCentral, ext_id: str) -> list[tuple[str, Any]]:
    items = await rc.grants.list(extension_id=ext_id).collect()
    return _keyed(items, lambda d: (d.get("extension") or {}).get("id"))


#: The per-extension details ``sync_extensions`` can mirror (name -> fetcher); each one is
#: a table named like it.
DETAILS: Mapping[str, Fetcher] = {
    "phone_numbers": _phone_numbers,
    "caller_id": _caller_id,
    "forwarding_numbers": _forwarding_numbers,
    "answering_rules": _answering_rules,
    "grants": _grants,
}


@attrs.define
class TableDiff:
    """Keys added / changed / removed since the previous run, and how many were unchanged."""

    added: list[str] = attrs.field(factory=list)
    changed: list[str] = attrs.field(factory=list)
    removed: list[str] = attrs.field(factory=list)
    unchanged: int = 0

    @property
    def dirty(self) -> bool:
        """Whether anything differs."""
        return bool(self.added or self.changed or self.removed)


@attrs.define
class SyncReport:
    """The outcome of ``sync_extensions``: one diff per table; ``written``: a commit happened."""

    tables: dict[str, TableDiff]
    written: bool
    elapsed: float
    missing_details: int = 0

    def counts(self) -> dict[str, dict[str, int]]:
        """``{table: {added, changed, removed, unchanged}}`` (for summaries)."""
        return {
            name: {
                "added": len(d.added),
                "changed": len(d.changed),
                "removed": len(d.removed),
                "unchanged": d.unchanged,
            }
            for name, d in self.tables.items()
        }


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _read_snapshot(db_path: Path, tables: Iterable[str]) -> Snapshot | None:
    """The stored rows per table (None: no database file yet)."""
    snap: Snapshot = {t: {} for t in tables}
    if not db_path.exists():
        return None
    con = sqlite3.connect(db_path)
    try:
        present = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for table in snap:
            if table in present:
                rows = con.execute(f'SELECT key, extension_id, json FROM "{table}"')
                snap[table] = {k: (e, j) for k, e, j in rows}
    finally:
        con.close()
    return snap


def _write(db_path: Path, new: Snapshot, diffs: Mapping[str, TableDiff]) -> None:
    """Apply every diff in one transaction (rolled back as a whole on any failure)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(db_path, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        try:
            for table, diff in diffs.items():
                con.execute(
                    f'CREATE TABLE IF NOT EXISTS "{table}" '
                    "(key TEXT PRIMARY KEY, extension_id TEXT, json TEXT NOT NULL)"
                )
                rows = new[table]
                con.executemany(
                    f'INSERT OR REPLACE INTO "{table}" (key, extension_id, json) VALUES (?, ?, ?)',
                    [(k, *rows[k]) for k in [*diff.added, *diff.changed]],
                )
                con.executemany(
                    f'DELETE FROM "{table}" WHERE key = ?', [(k,) for k in diff.removed]
                )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.close()


def _diff(old: Mapping[str, tuple[str, str]], new: Mapping[str, tuple[str, str]]) -> TableDiff:
    diff = TableDiff()
    for key, row in new.items():
        before = old.get(key)
        if before is None:
            diff.added.append(key)
        elif before != row:
            diff.changed.append(key)
        else:
            diff.unchanged += 1
    diff.removed = [k for k in old if k not in new]
    for keys in (diff.added, diff.changed, diff.removed):
        keys.sort()
    return diff


async def sync_extensions(
    rc: RingCentral,
    db_path: str | os.PathLike[str],
    *,
    details: Iterable[str] = ("phone_numbers",),
    concurrency: int = 8,
    progress: Callable[[int, int], None] | None = None,
) -> SyncReport:
    """Mirror every extension (and ``details`` per extension) into the SQLite file ``db_path``.

    ``details``: names from :data:`DETAILS` (``phone_numbers``, ``caller_id``,
    ``forwarding_numbers``, ``answering_rules``, ``grants``), one table each.
    ``concurrency`` bounds the detail requests in flight (the client's limiter paces them).
    ``progress(done, total)`` is called as extensions' details complete.
    """
    chosen = list(dict.fromkeys(details))
    unknown = [d for d in chosen if d not in DETAILS]
    if unknown:
        raise ConfigurationError(f"unknown details {unknown}; choose from {sorted(DETAILS)}")
    if concurrency < 1:
        raise ConfigurationError("concurrency must be >= 1")
    started = time.monotonic()
    path = Path(db_path)
    tables = ["extensions", *chosen]
    new: Snapshot = {t: {} for t in tables}
    extensions = await rc.extensions.list(per_page=1000).collect()
    for ext in extensions:
        data = unstructure(ext)
        new["extensions"][str(ext.id)] = (str(ext.id), _canonical(data))

    gate = asyncio.Semaphore(concurrency)
    missing = 0
    done = 0

    async def fetch(ext_id: str) -> None:
        nonlocal missing, done
        async with gate:
            for name in chosen:
                try:
                    rows = await DETAILS[name](rc, ext_id)
                except NotFoundError:
                    missing += 1  # the extension went away since the list was read
                    continue
                for key, data in rows:
                    full_key = f"{ext_id}/{key}" if key else ext_id
                    new[name][full_key] = (ext_id, _canonical(data))
        done += 1
        if progress is not None:
            progress(done, len(extensions))

    if chosen:
        try:
            async with asyncio.TaskGroup() as group:
                for ext_key in list(new["extensions"]):
                    group.create_task(fetch(ext_key))
        except BaseExceptionGroup as failed:  # the first failure, as a plain exception
            raise failed.exceptions[0] from None
    stored = await asyncio.to_thread(_read_snapshot, path, tables)
    old = stored if stored is not None else {t: {} for t in tables}
    diffs = {t: _diff(old[t], new[t]) for t in tables}
    dirty = stored is None or any(d.dirty for d in diffs.values())
    if dirty:
        await asyncio.to_thread(_write, path, new, diffs)
    return SyncReport(
        tables=diffs, written=dirty, elapsed=time.monotonic() - started, missing_details=missing
    )
