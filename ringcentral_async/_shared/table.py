"""``GroupTable``: the groups one shared throttle tracks (layer 3: bookkeeping, no I/O).

Each group's configured limit (defaults, then the user's ``limits``), the
:class:`~.group.LocalGroup` made for it on first use (bounded: a server inventing group
names ends up in the fallback group), and the group the server reported for an operation
(bounded too), which moves that operation's waiters to it.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterator, Mapping

from .._errors import ConfigurationError
from .._spec import NO_THROTTLING
from .._throttle import DEFAULT_LIMITS, FALLBACK_GROUP
from .._throttle.headers import normalise_group
from .group import LocalGroup
from .state import GroupConfig

__all__ = ["GROUPS_MAX", "LEARNED_OPERATIONS_MAX", "GroupTable"]

#: At most this many groups are tracked (a server inventing names cannot grow it further).
GROUPS_MAX = 64
#: Operations whose server-reported group is remembered.
LEARNED_OPERATIONS_MAX = 1024


class GroupTable:
    """Group name -> :class:`LocalGroup`, and operation -> the group the server reported."""

    def __init__(
        self, limits: Mapping[str, tuple[int, float]] | None, *, grace: float, probe_first: bool
    ) -> None:
        self._grace = grace
        self._probe_first = probe_first
        self._limits: dict[str, tuple[int, float]] = {}
        for name, value in {**DEFAULT_LIMITS, **(limits or {})}.items():
            self._limits[normalise_group(name).casefold()] = _check_limit(name, value)
        self._groups: dict[str, LocalGroup] = {}
        #: operation -> the group the server reported for it
        self.learned: dict[Hashable, str] = {}
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

    def find(self, name: str) -> LocalGroup | None:
        """The group named ``name`` if it is tracked already."""
        return self._groups.get(normalise_group(name).casefold())

    def learn(self, operation: Hashable | None, requested: str | None, reported: str) -> None:
        """Remember the group the server reported for ``operation``; if that changed,
        wake the operation's waiters so they move to it."""
        if operation is None or reported == NO_THROTTLING:
            return
        before = self.learned.pop(operation, None)
        if requested is None or normalise_group(requested).casefold() != reported.casefold():
            self.learned[operation] = reported
            if len(self.learned) > LEARNED_OPERATIONS_MAX:
                del self.learned[next(iter(self.learned))]
        if self.learned.get(operation) != before:
            for g in self._groups.values():
                for waiter in g.waiters:
                    if waiter.operation == operation and not waiter.fut.done():
                        waiter.fut.set_result(None)


def _check_limit(name: str, value: tuple[int, float]) -> tuple[int, float]:
    try:
        limit, window = value
        ok = int(limit) == limit and limit >= 1 and math.isfinite(window) and window > 0
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ConfigurationError(
            f"limits[{name!r}] must be (requests >= 1, window seconds > 0), got {value!r}"
        )
    return int(limit), float(window)
