"""Proactive per-usage-plan-group throttling (layer 3: stdlib only, never aiohttp).

One sliding-window limiter per group. The platform counts requests on *arrival* in a sliding
window and restarts a penalty on every request sent during it (platform-facts §1.2), so the
limiter is conservative: a request occupies a place in its group's window from the moment it
is admitted until ``window`` seconds after its response was observed, because its arrival lies
somewhere in between. A request that ends without a response (error, timeout, cancellation)
may still be on its way to the server, so its place is held ``window`` seconds past its exit
plus a grace of the longest recent round trip of its group. At most ``limit`` places are
occupied at any time, so at most ``limit`` requests can arrive in any window, whatever the
network latency; there is no initial burst.

Before a group's limits are known from the server (``X-Rate-Limit-*``), only one request of
the group is in flight at a time (probe-first): the app's real limit may be lower, or its
window longer, than the documented defaults. Probing ends with the first response that
carries the group's rate headers, or after :data:`PROBE_RESPONSES` responses without them
(a server that never sends them is then trusted to follow the configured limits).

No background task: waiters are futures in a FIFO queue, woken by the coroutines that
acquire, release, calibrate or cancel; the head waiter sleeps (with the injected ``sleep``)
until the next admission time.
"""

from __future__ import annotations

import asyncio
import bisect
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from types import TracebackType

from ._config import DEFAULT_RETRY_AFTER_429
from ._errors import ConfigurationError
from ._groups import NO_THROTTLING
from ._ratelimit_headers import (
    RateLimitInfo,
    lower_headers,
    normalise_group,
    parse_http_date,
    parse_rate_limit_headers,
    parse_retry_after,
)

__all__ = ["DEFAULT_LIMITS", "GroupStats", "Slot", "Throttle"]

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


@dataclass(frozen=True, slots=True)
class GroupStats:
    """A snapshot of one group's limiter."""

    limit: int
    window: float
    remaining: int
    sent: int
    waited_s: float
    rejected_429: int


class _Waiter:
    __slots__ = ("fut",)

    def __init__(self, fut: asyncio.Future[None]) -> None:
        self.fut = fut


class _Group:
    """The state of one group's sliding-window limiter."""

    def __init__(self, name: str, limit: int, window: float, probing: bool) -> None:
        self.name = name
        self.limit = limit
        self.window = window
        self.probing = probing  # True until the group's limits were learned from the server
        self.unheard = 0  # responses seen while probing that carried no rate headers
        self.rtts: deque[float] = deque(maxlen=_RTT_SAMPLES)  # admission -> response
        self.inflight = 0
        self.released: list[float] = []  # release / phantom times, ascending (2 windows kept)
        self.paused_until = -math.inf
        self.waiters: deque[_Waiter] = deque()
        self.sent = 0
        self.waited_s = 0.0
        self.rejected_429 = 0

    def _live_start(self, now: float) -> int:
        horizon = now - 2 * self.window
        if self.released and self.released[0] <= horizon:
            del self.released[: bisect.bisect_right(self.released, horizon)]
        return bisect.bisect_right(self.released, now - self.window)

    def occupied(self, now: float) -> int:
        start = self._live_start(now)  # prunes: take len() afterwards
        return self.inflight + len(self.released) - start

    def delay(self, now: float) -> float | None:
        """0 if a request may start now, else seconds to wait, or None: wait for an event."""
        if self.paused_until > now:
            return self.paused_until - now + _EPSILON
        if self.probing and self.inflight:
            return None
        start = self._live_start(now)
        live = len(self.released) - start
        excess = self.inflight + live - self.limit + 1  # places that must free up first
        if excess <= 0:
            return 0.0
        if excess > live:
            return None  # only a release (then expiry) or a higher limit can help
        return self.released[start + excess - 1] + self.window - now + _EPSILON

    def release(self, at: float) -> None:
        """Free one in-flight place; it stays counted until ``at + window``."""
        self.inflight -= 1
        bisect.insort(self.released, at)
        self.wake_head()

    def heard_nothing(self) -> None:
        """A response without this group's rate headers arrived while probing."""
        self.unheard += 1
        if self.unheard >= PROBE_RESPONSES:
            self.probing = False

    def grace(self, held: float) -> float:
        """How much later than now an abandoned request may still reach the server."""
        latest = max(self.rtts) if self.rtts else held
        return min(max(latest, 0.0), self.window)

    def wake_head(self) -> None:
        if self.waiters and not self.waiters[0].fut.done():
            self.waiters[0].fut.set_result(None)

    def stats(self, now: float) -> GroupStats:
        return GroupStats(
            limit=self.limit,
            window=self.window,
            remaining=max(0, self.limit - self.occupied(now)),
            sent=self.sent,
            waited_s=self.waited_s,
            rejected_429=self.rejected_429,
        )


class Slot(AbstractAsyncContextManager["Slot"]):
    """One request's place in its group: ``async with throttle.slot(group) as slot``.

    Entering waits until the request may be sent; call :meth:`observe` with the response.
    Exiting without ``observe`` (error, cancellation) releases the place at exit time plus a
    grace (the request may still be on its way): see the module docstring.
    """

    def __init__(self, throttle: Throttle, group: _Group | None) -> None:
        self._throttle = throttle
        self._group = group
        self._entered = False
        self._released = False
        #: The resolved group name (None when the request bypasses throttling).
        self.group: str | None = group.name if group is not None else None
        #: Seconds this request waited for admission.
        self.waited: float = 0.0
        #: Clock time at which the request was admitted (None before entering).
        self.admitted_at: float | None = None

    async def __aenter__(self) -> Slot:
        if self._entered:
            raise RuntimeError("a throttle slot can be entered only once")
        self._entered = True
        if self._group is None:
            self.admitted_at = self._throttle._clock()
        else:
            self.admitted_at, self.waited = await self._throttle._acquire(self._group)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        g = self._group
        if g is not None and not self._released:
            # No response: a failed probe does not end probing (the next request probes).
            self._released = True
            now = self._throttle._clock()
            admitted = self.admitted_at if self.admitted_at is not None else now
            g.release(now + g.grace(now - admitted))

    def observe(self, status: int, headers: Mapping[str, str]) -> None:
        """Feed a response back: releases the place (timed now), calibrates, honours 429."""
        self._throttle._observe(self, status, headers)


class Throttle:
    """Proactive sliding-window limiter for every usage-plan group of one client.

    ``limits`` overrides :data:`DEFAULT_LIMITS` (group -> (requests, window seconds)); groups
    are matched case-insensitively, and a group nobody configured gets the Heavy limits.
    ``calibrate`` learns limits from ``X-Rate-Limit-*`` headers; ``probe_first`` lets only
    one request of a group through until its first response has been seen (only useful with
    ``calibrate``). ``clock`` and ``sleep`` are injectable for tests.
    """

    def __init__(
        self,
        limits: Mapping[str, tuple[int, float]] | None = None,
        *,
        calibrate: bool = True,
        probe_first: bool = True,
        default_retry_after: float = DEFAULT_RETRY_AFTER_429,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if not (math.isfinite(default_retry_after) and default_retry_after >= 0):
            raise ConfigurationError("default_retry_after must be a finite number >= 0")
        self._calibrate = calibrate
        self._probe_first = probe_first and calibrate
        self._default_retry_after = float(default_retry_after)
        self._clock = clock
        self._sleep = sleep
        self._limits: dict[str, tuple[int, float]] = {}
        for name, value in {**DEFAULT_LIMITS, **(limits or {})}.items():
            self._limits[normalise_group(name).casefold()] = _check_limit(name, value)
        self._groups: dict[str, _Group] = {}
        for name in DEFAULT_LIMITS:
            self._get_group(name)
        for name in limits or {}:
            if normalise_group(name) != NO_THROTTLING:
                self._get_group(name)

    def __repr__(self) -> str:
        parts = ", ".join(f"{g.name}={g.limit}/{g.window:g}s" for g in self._groups.values())
        return f"Throttle({parts})"

    # -- public -------------------------------------------------------------------------

    def slot(self, group: str | None) -> Slot:
        """A place for one request of ``group`` (None / NoThrottling bypass the limiter)."""
        if group is None or normalise_group(group) == NO_THROTTLING:
            return Slot(self, None)
        return Slot(self, self._get_group(group))

    def penalize(self, group: str, retry_after: float | None) -> None:
        """Admit nothing of ``group`` for ``retry_after`` seconds (None: the default, 30 s)."""
        if normalise_group(group) == NO_THROTTLING:
            return
        self._pause(self._get_group(group), retry_after, self._clock())

    def stats(self) -> dict[str, GroupStats]:
        """Per group: limit, window, remaining places now, sent, waited seconds, 429s."""
        now = self._clock()
        return {g.name: g.stats(now) for g in self._groups.values()}

    def paused_until(self, group: str) -> float | None:
        """The clock time until which ``group`` is paused, or None if it is not paused."""
        g = self._groups.get(normalise_group(group).casefold())
        if g is None or g.paused_until <= self._clock():
            return None
        return g.paused_until

    # -- internals ------------------------------------------------------------------------

    def _get_group(self, name: str) -> _Group:
        canonical = normalise_group(name)
        key = canonical.casefold()
        g = self._groups.get(key)
        if g is None:
            limit, window = self._limits.get(key, self._limits[FALLBACK_GROUP.casefold()])
            g = _Group(canonical, limit, window, probing=self._probe_first)
            self._groups[key] = g
        return g

    async def _acquire(self, g: _Group) -> tuple[float, float]:
        """Wait (FIFO) until ``g`` admits a request; returns (admitted at, waited seconds)."""
        start = self._clock()
        if not g.waiters and g.delay(start) == 0.0:
            return self._admit(g, start, start)
        loop = asyncio.get_running_loop()
        me = _Waiter(loop.create_future())
        g.waiters.append(me)
        try:
            while True:
                me.fut = loop.create_future()
                if g.waiters[0] is not me:
                    await me.fut  # woken when we become the head
                    continue
                now = self._clock()
                delay = g.delay(now)
                if delay == 0.0:
                    g.waiters.popleft()
                    g.wake_head()  # the next one may be admissible too
                    return self._admit(g, now, start)
                if delay is None:
                    await me.fut
                else:
                    await self._sleep_or_wake(delay, me.fut)
        except BaseException:
            was_head = bool(g.waiters) and g.waiters[0] is me
            if me in g.waiters:
                g.waiters.remove(me)
            if was_head:
                g.wake_head()
            raise

    def _admit(self, g: _Group, now: float, start: float) -> tuple[float, float]:
        g.inflight += 1
        g.sent += 1
        g.waited_s += now - start
        return now, now - start

    async def _sleep_or_wake(self, delay: float, fut: asyncio.Future[None]) -> None:
        sleeper = asyncio.ensure_future(self._sleep(delay))
        try:
            await asyncio.wait((sleeper, fut), return_when=asyncio.FIRST_COMPLETED)
        finally:
            if sleeper.done():
                if not sleeper.cancelled():
                    sleeper.result()  # surface a broken sleep()
            else:
                sleeper.cancel()

    def _pause(self, g: _Group, retry_after: float | None, now: float) -> None:
        seconds = self._default_retry_after if retry_after is None else max(0.0, retry_after)
        g.paused_until = max(g.paused_until, now + seconds)
        g.wake_head()  # the head re-computes its wait

    def _observe(self, slot: Slot, status: int, headers: Mapping[str, str]) -> None:
        now = self._clock()
        h = lower_headers(headers)
        info = parse_rate_limit_headers(h)
        own = slot._group
        target = own
        if info is not None and info.group is not None:
            target = None if info.group == NO_THROTTLING else self._get_group(info.group)
        if own is not None and slot._entered and not slot._released:
            slot._released = True
            if slot.admitted_at is not None:
                own.rtts.append(now - slot.admitted_at)
            if own.probing and not (target is own and _teaches_limits(info)):
                own.heard_nothing()
            own.release(now)
        if self._calibrate and info is not None and target is not None:
            admitted = slot.admitted_at if slot.admitted_at is not None else now
            # On a 429, Retry-After (not Remaining) says when to come back.
            self._calibrate_group(target, info, now, admitted, correct=status != 429)
        if status == 429:
            retry_after = parse_retry_after(h.get("retry-after"), parse_http_date(h.get("date")))
            counted = own if own is not None else target
            if counted is not None:
                counted.rejected_429 += 1
            for g in {id(x): x for x in (own, target) if x is not None}.values():
                self._pause(g, retry_after, now)

    def _calibrate_group(
        self, g: _Group, info: RateLimitInfo, now: float, admitted: float, *, correct: bool
    ) -> None:
        """Apply a response's limit/window at once; account for places others used."""
        old_limit, old_window = g.limit, g.window
        if info.limit is not None:
            g.limit = info.limit
        if info.window is not None:
            g.window = info.window
        if _teaches_limits(info):
            g.probing = False
        if correct and info.remaining is not None and now - admitted <= g.window:
            # Everything of ours the server may have counted when this request arrived
            # (somewhere in [admitted, now]); the rest of its count is someone else's.
            ours = (
                g.inflight + len(g.released) - bisect.bisect_right(g.released, admitted - g.window)
            )
            foreign = min(g.limit - ours - info.remaining, g.limit)
            for _ in range(foreign):
                bisect.insort(g.released, now)
        if g.limit > old_limit or g.window < old_window:
            g.wake_head()


def _teaches_limits(info: RateLimitInfo | None) -> bool:
    return info is not None and (info.limit is not None or info.window is not None)


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
