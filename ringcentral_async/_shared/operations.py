"""Which group the server counts an operation in, shared by every process of a namespace.

When a response's ``X-Rate-Limit-Group`` differs from the spec's group for its operation
(method and path template), the throttle remembers it and puts that operation's next
requests in the reported group; when a later response names the spec's group again, it
forgets it. :class:`SharedOperations` keeps that map in the backend (Redis: a hash
``rcthrottle:{namespace|app}:ops`` with a version counter ``...:opsv``, both with a TTL; a
SQLite file: the ``operations`` table), so that every process learns from every response.
The map is per namespace and app, not per user: the group of an operation is the same
for every user of an app.

Cost: the common path sends nothing more. Each process keeps a local copy; a request
waiting for admission asks the backend whether the map's version changed at most once
every :data:`OPERATIONS_REFRESH` seconds per process (a small reply; the whole map only
when it changed), and requests already queued then move to the group now learned (or back
to their own). A failed read counts as a backend failure (raise, or the in-process
fallback). Only a change is written, by a background task right after the response that
taught it; it is used locally at once, and the writes reach the backend in order.

Bounds: the shared map refuses new operations past ``LEARNED_OPERATIONS_MAX`` (updates and
deletions of known ones still apply; a refused one is remembered only by this process, up to
the same number, oldest first out); an operation key is at most :data:`OPERATION_KEY_MAX`
characters; a group name read back is checked like one read from a header.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Hashable, Mapping
from typing import Protocol

from .._config import RATE_GROUP_NAME_MAX
from .._errors import SharedStateError
from .._spec import NO_THROTTLING
from .._throttle import LEARNED_OPERATIONS_MAX
from .._throttle.headers import normalise_group

__all__ = [
    "OPERATIONS_REFRESH",
    "OPERATION_KEY_MAX",
    "OperationStore",
    "SharedOperations",
    "checked_entries",
    "operation_key",
]

#: A process asks the backend whether the operation map changed at most this often (s).
OPERATIONS_REFRESH = 2.0
#: Longer operation keys are never shared (they stay local).
OPERATION_KEY_MAX = 512


class OperationStore(Protocol):
    """The part of a backend that keeps the shared operation -> group map."""

    async def operations(self, bucket: str, known: str | None) -> tuple[str, dict[str, str] | None]:
        """The map's version, and the map itself unless that version is ``known``."""
        ...

    async def set_operation(self, bucket: str, operation: str, group: str | None) -> bool:
        """Record ``operation`` -> ``group`` (None: forget it); False when refused because
        the map already holds LEARNED_OPERATIONS_MAX operations."""
        ...


def operation_key(operation: Hashable) -> str | None:
    """The stable text key of an operation ``(method, path template)``; None if it has none."""
    if not (
        isinstance(operation, tuple)
        and len(operation) == 2
        and all(isinstance(part, str) for part in operation)
    ):
        return None
    key = f"{operation[0].strip().upper()} {operation[1].strip()}"
    if len(key) > OPERATION_KEY_MAX or not key.isprintable():
        return None
    return key


def _group(name: object) -> str | None:
    if not isinstance(name, str):
        return None
    group = normalise_group(name)
    if not group or len(group) > RATE_GROUP_NAME_MAX or not group.isprintable():
        return None
    return None if group == NO_THROTTLING else group


def checked_entries(raw: Mapping[str, str]) -> dict[str, str]:
    """The valid entries of a map read back (at most LEARNED_OPERATIONS_MAX of them)."""
    out: dict[str, str] = {}
    for key, name in raw.items():
        group = _group(name)
        if group is not None and 0 < len(key) <= OPERATION_KEY_MAX and key.isprintable():
            out[key] = group
            if len(out) >= LEARNED_OPERATIONS_MAX:
                break
    return out


class SharedOperations:
    """This process's copy of the shared operation -> group map (see the module docstring)."""

    def __init__(
        self,
        store: OperationStore,
        *,
        bucket: Callable[[], str],
        clock: Callable[[], float],
        tasks: set[asyncio.Task[None]],
        on_error: Callable[[SharedStateError], None],
        refresh_every: float = OPERATIONS_REFRESH,
    ) -> None:
        self._store = store
        self._bucket = bucket
        self._clock = clock
        self._tasks = tasks
        self._on_error = on_error
        self._refresh_every = refresh_every
        self._shared: dict[str, str] = {}  # as of the last refresh
        self._pending: dict[str, str | None] = {}  # written, not yet confirmed
        self._local: dict[Hashable, str] = {}  # not shareable, or refused by a full map
        self._version: str | None = None
        self._of = ""  # the bucket the copy is of
        self._checked = -math.inf
        self._refreshing = False
        self._write_order = asyncio.Lock()

    def get(self, operation: Hashable | None) -> str | None:
        """The group learned for ``operation`` (None: the spec's group applies)."""
        if operation is None:
            return None
        key = operation_key(operation)
        if key is None:
            return self._local.get(operation)
        if key in self._pending:
            return self._pending[key]
        return self._shared.get(key, self._local.get(key))

    def report(self, operation: Hashable | None, requested: str | None, reported: str) -> bool:
        """A response of ``operation`` (sent in group ``requested``) counted in ``reported``:
        learn that group, or forget it when it is the requested one. True if it changed."""
        if operation is None or reported == NO_THROTTLING:
            return False
        same = (
            requested is not None and normalise_group(requested).casefold() == reported.casefold()
        )
        return self.learn(operation, None if same else reported)

    def group_of(self, operation: Hashable | None, requested: str | None) -> str | None:
        """The group ``operation``'s next request goes in: the learned one, else ``requested``
        (None when that bypasses the limiter: a forgotten group falls back to it)."""
        learned = self.get(operation)
        if learned is not None:
            return learned
        return (
            None if requested is None or normalise_group(requested) == NO_THROTTLING else requested
        )

    def learn(self, operation: Hashable, group: str | None) -> bool:
        """Remember (None: forget) ``operation``'s group here and in the backend; True if
        what this process uses for it changed (only a change is written)."""
        before = self.get(operation)
        if group == before:
            return False
        key = operation_key(operation)
        local: Hashable = operation if key is None else key
        self._local.pop(local, None)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop to write from: this process keeps it
            loop = None
        if key is None or loop is None:
            self._remember_locally(local, group)
            if key is not None:
                self._pending.pop(key, None)
        else:
            self._pending[key] = group
            task = loop.create_task(self._write(key, group))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return self.get(operation) != before

    async def refresh(self) -> bool:
        """Reload the map if the backend's version changed (asked at most once every
        ``refresh_every`` seconds, by one coroutine at a time); True if the map changed.
        Raises SharedStateError (the next look is one interval later)."""
        now = self._clock()
        bucket = self._bucket()
        if bucket != self._of:
            self._of, self._version, self._shared, self._checked = bucket, None, {}, -math.inf
        if self._refreshing or now - self._checked < self._refresh_every:
            return False
        self._checked = now
        self._refreshing = True
        try:
            version, entries = await self._store.operations(bucket, self._version)
        finally:
            self._refreshing = False
        if entries is None or bucket != self._of:
            return False
        self._version = version
        fresh = checked_entries(entries)
        changed = fresh != self._shared
        self._shared = fresh
        return changed

    async def _write(self, key: str, group: str | None) -> None:
        try:
            async with self._write_order:  # the backend sees the changes in their order
                stored = await self._store.set_operation(self._bucket(), key, group)
        except SharedStateError as exc:
            stored = False
            self._on_error(exc)
        if self._pending.get(key, "") != group:
            return  # a later write of the same operation decides
        del self._pending[key]
        if group is None:
            self._shared.pop(key, None)
        elif stored:
            self._shared[key] = group
        else:
            self._remember_locally(key, group)

    def _remember_locally(self, operation: Hashable, group: str | None) -> None:
        if group is None:
            return
        self._local[operation] = group
        if len(self._local) > LEARNED_OPERATIONS_MAX:
            del self._local[next(iter(self._local))]
