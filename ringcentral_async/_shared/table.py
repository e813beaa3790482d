"""``GroupTable``: the groups one shared throttle tracks (layer 3: bookkeeping, no I/O).

Each group's configured limit (defaults, then the user's ``limits``) and the
:class:`~.group.LocalGroup` made for it on first use (bounded: a server inventing group
names ends up in the fallback group). Which group the server reported for an operation is
kept in :mod:`.operations`, shared through the backend.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping

from .._config import check_limit
from .._spec import NO_THROTTLING
from .._throttle import DEFAULT_LIMITS, FALLBACK_GROUP
from .._throttle.headers import normalise_group
from .group import LocalGroup
from .state import GroupConfig

__all__ = ["GROUPS_MAX", "GroupTable"]

#: At most this many groups are tracked (a server inventing names cannot grow it further).
GROUPS_MAX = 64


class GroupTable:
    """Group name -> :class:`LocalGroup` (with the configured limits)."""

    def __init__(
        self, limits: Mapping[str, tuple[int, float]] | None, *, grace: float, probe_first: bool
    ) -> None:
        self._grace = grace
        self._probe_first = probe_first
        self._limits: dict[str, tuple[int, float]] = {}
        for name, value in {**DEFAULT_LIMITS, **(limits or {})}.items():
            self._limits[normalise_group(name).casefold()] = check_limit(name, value)
        self._groups: dict[str, LocalGroup] = {}
        for name in DEFAULT_LIMITS:
            self.get(name)
        for name in limits or {}:
            if normalise_group(name) != NO_THROTTLING:
                self.get(name)

    def __iter__(self) -> Iterator[LocalGroup]:
        return iter(self._groups.values())

    def get(self, name: str) -> LocalGroup:
        """The group named ``name`` (made on first use; the fallback group past the bound)."""
        canonical = normalise_group(name)
        key = canonical.casefold()
        g = self._groups.get(key)
        if g is None:
            if len(self._groups) >= GROUPS_MAX:
                return self.get(FALLBACK_GROUP)
            limit, window = self._limits.get(key, self._limits[FALLBACK_GROUP.casefold()])
            cfg = GroupConfig(limit, window, self._grace, self._probe_first)
            g = LocalGroup(canonical, cfg)
            self._groups[key] = g
        return g

    def wake(self, operation: Hashable | None) -> None:
        """Wake the queued waiters of ``operation`` (None: of every operation) to requeue."""
        for g in self._groups.values():
            for waiter in g.waiters:
                mine = operation is None or waiter.operation == operation
                if waiter.operation is not None and mine and not waiter.fut.done():
                    waiter.fut.set_result(None)

    def find(self, name: str) -> LocalGroup | None:
        """The group named ``name`` if it is tracked already."""
        return self._groups.get(normalise_group(name).casefold())
