"""One usage-plan group's sliding window: places in flight, places counted, waiters.

Pure bookkeeping on a clock value (no sleeping, no I/O); the limiter in ``_limiter.py``
drives it. See the package docstring for the rules.
"""

from __future__ import annotations

import asyncio
import bisect
import math
from collections import deque
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

__all__ = [
    "DEFAULT_LIMITS",
    "FALLBACK_GROUP",
    "LEARNED_GROUPS_MAX",
    "LEARNED_OPERATIONS_MAX",
    "PROBE_RESPONSES",
    "GroupStats",
    "Waiter",
    "Window",
]

#: RingCentral's documented default user-level limits: group -> (requests, window seconds).
DEFAULT_LIMITS: Mapping[str, tuple[int, float]] = {
    "Light": (50, 60.0),
    "Medium": (40, 60.0),
    "Heavy": (10, 60.0),
    "Auth": (5, 60.0),
}
#: Limits for a group nobody configured (the strictest documented group).
FALLBACK_GROUP = "Heavy"
#: Sleep this much past an expiry, so float rounding never admits a request a hair early.
_EPSILON = 1e-6
#: Header-less responses after which a group stops probing and trusts its configured limits.
PROBE_RESPONSES = 3
#: Round trips remembered per group to bound how late an abandoned request may still arrive.
_RTT_SAMPLES = 32
#: Operations whose server-reported group is remembered (the oldest is forgotten first).
LEARNED_OPERATIONS_MAX = 1024
#: Group names a server may introduce in ``X-Rate-Limit-Group`` beyond the documented and
#: configured ones; reports of further new names are ignored (the request stays counted in
#: its spec group), so a server cannot grow the group table or ``stats()`` without bound.
LEARNED_GROUPS_MAX = 16


@dataclass(frozen=True, slots=True)
class GroupStats:
    """A snapshot of one group's limiter."""

    limit: int
    window: float
    remaining: int
    sent: int
    waited_s: float
    rejected_429: int


class Waiter:
    __slots__ = ("fut", "operation")

    def __init__(self, fut: asyncio.Future[None], operation: Hashable | None) -> None:
        self.fut = fut
        self.operation = operation


class WaitQueue:
    """The FIFO of requests waiting for one group's places, and its recent round trips
    (what the in-process and the shared limiter keep alike for a group)."""

    window: float

    def __init__(self) -> None:
        self.waiters: deque[Waiter] = deque()
        self.rtts: deque[float] = deque(maxlen=_RTT_SAMPLES)  # admission -> response

    def grace(self, held: float) -> float:
        """How much later than now an abandoned request may still reach the server."""
        latest = max(self.rtts) if self.rtts else held
        return min(max(latest, 0.0), self.window)

    def wake_head(self) -> None:
        """Let the first waiter try again."""
        if self.waiters and not self.waiters[0].fut.done():
            self.waiters[0].fut.set_result(None)

    def leave(self, me: Waiter) -> None:
        """Take ``me`` out of the queue (waking the next one if it was first)."""
        was_head = bool(self.waiters) and self.waiters[0] is me
        if me in self.waiters:
            self.waiters.remove(me)
        if was_head:
            self.wake_head()


class Window(WaitQueue):
    """The state of one group's sliding-window limiter.

    Places that stay counted after they were freed live in two sorted lists: ``released``,
    one time per request of ours, and ``held``, one ``[time, count]`` entry per response
    that reported requests of someone else (same user, another client). So the cost of
    every operation depends on how many requests *we* made in the last two windows, never
    on a number a server put in a header.
    """

    def __init__(self, name: str, limit: int, window: float, probing: bool) -> None:
        super().__init__()
        self.name = name
        self.limit = limit
        self.window = window
        self.probing = probing  # True until the group's limits were learned from the server
        self.unheard = 0  # responses seen while probing that carried no rate headers
        self.inflight = 0
        self.released: list[float] = []  # our release times, ascending (2 windows kept)
        self.held_at: list[float] = []  # times others' requests were reported, ascending
        self.held_n: list[int] = []  # how many each of those reports held (parallel list)
        self.paused_until = -math.inf
        self.sent = 0
        self.waited_s = 0.0
        self.rejected_429 = 0

    def _prune(self, now: float) -> None:
        horizon = now - 2 * self.window
        if self.released and self.released[0] <= horizon:
            del self.released[: bisect.bisect_right(self.released, horizon)]
        if self.held_at and self.held_at[0] <= horizon:
            cut = bisect.bisect_right(self.held_at, horizon)
            del self.held_at[:cut], self.held_n[:cut]

    def _counted_after(self, t: float) -> int:
        """Places freed (ours) or held (others') after ``t``: still counted at ``t + window``."""
        ours = len(self.released) - bisect.bisect_right(self.released, t)
        return ours + sum(self.held_n[bisect.bisect_right(self.held_at, t) :])

    def occupied(self, now: float) -> int:
        self._prune(now)
        return self.inflight + self._counted_after(now - self.window)

    def delay(self, now: float) -> float | None:
        """0 if a request may start now, else seconds to wait, or None: wait for an event."""
        if self.paused_until > now:
            return self.paused_until - now + _EPSILON
        if self.probing and self.inflight:
            return None
        self._prune(now)
        live = self._counted_after(now - self.window)
        excess = self.inflight + live - self.limit + 1  # places that must free up first
        if excess <= 0:
            return 0.0
        if excess > live:
            return None  # only a release (then expiry) or a higher limit can help
        return self._nth_counted(excess, now - self.window) + self.window - now + _EPSILON

    def _nth_counted(self, k: int, after: float) -> float:
        """The time of the ``k``-th oldest place counted after ``after`` (1 <= k <= live).

        Walks the ``held`` entries (one per report, not per request) and jumps over our own
        places between them by bisection.
        """
        i = bisect.bisect_right(self.released, after)
        for j in range(bisect.bisect_right(self.held_at, after), len(self.held_at)):
            at = self.held_at[j]
            ours = bisect.bisect_right(self.released, at, lo=i) - i  # ours up to ``at``
            if ours >= k:
                return self.released[i + k - 1]
            if ours + self.held_n[j] >= k:
                return at
            k -= ours + self.held_n[j]
            i += ours
        return self.released[i + k - 1]

    def release(self, at: float) -> None:
        """Free one in-flight place; it stays counted until ``at + window``."""
        self.inflight -= 1
        bisect.insort(self.released, at)
        self.wake_head()

    def possibly_counted_at(self, t: float) -> int:
        """Our places the server may have counted when a request admitted at ``t`` arrived:
        the ones in flight and the ones released after ``t - window``."""
        return self.inflight + self._counted_after(t - self.window)

    def hold(self, n: int, at: float) -> None:
        """Count ``n`` requests of someone else (same user, other client) until ``at + window``.

        One entry whatever ``n`` is (entries at the same time merge): O(log entries).
        """
        if n <= 0:
            return
        j = bisect.bisect_right(self.held_at, at)
        if j and self.held_at[j - 1] == at:
            self.held_n[j - 1] += n
        else:
            self.held_at.insert(j, at)
            self.held_n.insert(j, n)

    def heard_nothing(self) -> None:
        """A response without this group's rate headers arrived while probing."""
        self.unheard += 1
        if self.unheard >= PROBE_RESPONSES:
            self.probing = False

    def stats(self, now: float) -> GroupStats:
        return GroupStats(
            limit=self.limit,
            window=self.window,
            remaining=max(0, self.limit - self.occupied(now)),
            sent=self.sent,
            waited_s=self.waited_s,
            rejected_429=self.rejected_429,
        )
