"""Admission (FIFO, cancellation-safe), calibration from headers and 429 pauses.

``Throttle`` holds one :class:`~._window.Window` per usage-plan group; a ``Slot`` is one
request's place. See the package docstring for the rules.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable, Hashable, Mapping
from contextlib import AbstractAsyncContextManager
from types import TracebackType

from .._config import DEFAULT_MAX_PAUSE, DEFAULT_RETRY_AFTER_429, check_limit, check_max_pause
from .._errors import ConfigurationError
from .._protocol import parse_http_date, parse_retry_after
from .._spec import NO_THROTTLING
from ._window import (
    DEFAULT_LIMITS,
    FALLBACK_GROUP,
    LEARNED_GROUPS_MAX,
    LEARNED_OPERATIONS_MAX,
    GroupStats,
    Waiter,
    Window,
)
from .headers import (
    RateLimitInfo,
    lower_headers,
    normalise_group,
    parse_lowered_rate_limit_headers,
)

__all__ = ["Slot", "Throttle"]


class Slot(AbstractAsyncContextManager["Slot"]):
    """One request's place in its group: ``async with throttle.slot(group) as slot``.

    Entering waits until the request may be sent; call :meth:`observe` with the response.
    Exiting without ``observe`` (error, cancellation) releases the place at exit time plus a
    grace (the request may still be on its way): see the module docstring.
    """

    def __init__(
        self,
        throttle: Throttle,
        group: Window | None,
        requested: str | None = None,
        operation: Hashable | None = None,
    ) -> None:
        self._throttle = throttle
        self._group = group
        self._requested = requested
        self._operation = operation
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
            self._group, self.admitted_at, self.waited = await self._throttle._acquire(
                self._group, self._operation
            )
            self.group = self._group.name
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

    ``max_pause`` (seconds, default 300) caps every wait a server value decides: a 429's
    ``Retry-After`` (or ``default_retry_after`` when it has none) pauses the group for at
    most ``max_pause``, and a learned ``X-Rate-Limit-Window`` longer than ``max_pause`` (and
    than the group's configured window) is taken as that. A call whose 429 (or 5xx) asks for
    a longer wait raises at once instead of sleeping (see ``Pipeline.request``).
    """

    #: A 429 observed by a slot pauses its group: the retried call waits in its next slot.
    pauses_groups = True

    def __init__(
        self,
        limits: Mapping[str, tuple[int, float]] | None = None,
        *,
        calibrate: bool = True,
        probe_first: bool = True,
        default_retry_after: float = DEFAULT_RETRY_AFTER_429,
        max_pause: float = DEFAULT_MAX_PAUSE,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if not (math.isfinite(default_retry_after) and default_retry_after >= 0):
            raise ConfigurationError("default_retry_after must be a finite number >= 0")
        self._max_pause = check_max_pause(max_pause)
        self._calibrate = calibrate
        self._probe_first = probe_first and calibrate
        self._default_retry_after = float(default_retry_after)
        self._clock = clock
        self._sleep = sleep
        self._limits: dict[str, tuple[int, float]] = {}
        for name, value in {**DEFAULT_LIMITS, **(limits or {})}.items():
            self._limits[normalise_group(name).casefold()] = check_limit(name, value)
        self._groups: dict[str, Window] = {}
        self._learned: dict[Hashable, str] = {}  # operation -> group the server reported
        self._reported: set[str] = set()  # groups created because a response named them
        for name in DEFAULT_LIMITS:
            self._get_group(name)
        for name in limits or {}:
            if normalise_group(name) != NO_THROTTLING:
                self._get_group(name)

    def __repr__(self) -> str:
        parts = ", ".join(f"{g.name}={g.limit}/{g.window:g}s" for g in self._groups.values())
        return f"Throttle({parts})"

    # -- public -------------------------------------------------------------------------

    @property
    def max_pause(self) -> float:
        """The longest pause (seconds) a server value may impose on a group or a call."""
        return self._max_pause

    def slot(self, group: str | None, *, operation: Hashable | None = None) -> Slot:
        """A place for one request of ``group`` (None / NoThrottling bypass the limiter).

        ``operation`` (e.g. method and path template) names what is called: once a response
        to it reports another ``X-Rate-Limit-Group`` than ``group`` (the platform renames
        groups, media may have its own plan), its later requests wait in that group.
        """
        requested = group
        if operation is not None:
            group = self._learned.get(operation, group)
        if group is None or normalise_group(group) == NO_THROTTLING:
            return Slot(self, None, requested, operation)
        return Slot(self, self._get_group(group), requested, operation)

    def penalize(self, group: str, retry_after: float | None) -> None:
        """Admit nothing of ``group`` for ``retry_after`` seconds (None: the default, 30 s),
        at most ``max_pause``."""
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

    def pause_remaining(self, group: str) -> float:
        """Seconds until ``group`` may send again after a 429 (0.0 when it is not paused)."""
        until = self.paused_until(group)
        return 0.0 if until is None else max(0.0, until - self._clock())

    # -- internals ------------------------------------------------------------------------

    def _get_group(self, name: str) -> Window:
        canonical = normalise_group(name)
        key = canonical.casefold()
        g = self._groups.get(key)
        if g is None:
            limit, window = self._configured(key)
            g = Window(canonical, limit, window, probing=self._probe_first)
            self._groups[key] = g
        return g

    def _configured(self, key: str) -> tuple[int, float]:
        return self._limits.get(key, self._limits[FALLBACK_GROUP.casefold()])

    def _reported_group(self, name: str) -> Window | None:
        """The group a response names; None if it would be one new name too many."""
        key = name.casefold()
        if key not in self._groups:
            if len(self._reported) >= LEARNED_GROUPS_MAX:
                return None
            self._reported.add(key)
        return self._get_group(name)

    async def _acquire(self, g: Window, operation: Hashable | None) -> tuple[Window, float, float]:
        """Wait (FIFO) until a group admits the request: ``g``, or the group the server
        reports for ``operation`` if that is learned meanwhile (the request then queues
        there). Returns (group, admitted at, waited seconds)."""
        start = self._clock()
        if not g.waiters and g.delay(start) == 0.0:
            return g, *self._admit(g, start, start)
        loop = asyncio.get_running_loop()
        me = Waiter(loop.create_future(), operation)
        g.waiters.append(me)
        try:
            while True:
                me.fut = loop.create_future()
                moved = self._learned_group(operation)
                if moved is not None and moved is not g:
                    g.leave(me)
                    g = moved
                    g.waiters.append(me)
                    continue
                if g.waiters[0] is not me:
                    await me.fut  # woken when we become the head (or the group is learned)
                    continue
                now = self._clock()
                delay = g.delay(now)
                if delay == 0.0:
                    g.waiters.popleft()
                    g.wake_head()  # the next one may be admissible too
                    return g, *self._admit(g, now, start)
                if delay is None:
                    await me.fut
                else:
                    await self._sleep_or_wake(delay, me.fut)
        except BaseException:
            g.leave(me)
            raise

    def _learned_group(self, operation: Hashable | None) -> Window | None:
        if operation is None:
            return None
        name = self._learned.get(operation)
        return self._get_group(name) if name is not None else None

    def _admit(self, g: Window, now: float, start: float) -> tuple[float, float]:
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

    def _pause(self, g: Window, retry_after: float | None, now: float) -> None:
        seconds = self._default_retry_after if retry_after is None else retry_after
        seconds = min(max(0.0, seconds), self._max_pause)  # NaN -> 0 (max() keeps 0.0)
        g.paused_until = max(g.paused_until, now + seconds)
        g.wake_head()  # the head re-computes its wait

    def _observe(self, slot: Slot, status: int, headers: Mapping[str, str]) -> None:
        now = self._clock()
        h = lower_headers(headers)
        info = parse_lowered_rate_limit_headers(h)
        own = slot._group
        target = own
        if info is not None and info.group is not None:
            if info.group == NO_THROTTLING:
                target = None
            else:
                target = self._reported_group(info.group)
                if target is None:  # one unknown group name too many: ignore the report
                    target, info = own, None
        if own is not None and slot._entered and not slot._released:
            slot._released = True
            if slot.admitted_at is not None:
                own.rtts.append(now - slot.admitted_at)
            if own.probing and not (target is own and _teaches_limits(info)):
                own.heard_nothing()
            own.release(now)
        if self._calibrate and info is not None and info.group is not None:
            self._learn(slot, info.group)
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

    def _learn(self, slot: Slot, reported: str) -> None:
        """Remember the group the server counts ``slot``'s operation in (if not the spec's)."""
        op = slot._operation
        if op is None or reported == NO_THROTTLING:
            return
        requested = slot._requested
        before = self._learned.pop(op, None)
        if requested is None or normalise_group(requested).casefold() != reported.casefold():
            self._learned[op] = reported
            if len(self._learned) > LEARNED_OPERATIONS_MAX:
                del self._learned[next(iter(self._learned))]
        if self._learned.get(op) != before:
            # Requests of this operation already queued in the old group move over.
            for g in self._groups.values():
                for waiter in g.waiters:
                    if waiter.operation == op and not waiter.fut.done():
                        waiter.fut.set_result(None)

    def _calibrate_group(
        self, g: Window, info: RateLimitInfo, now: float, admitted: float, *, correct: bool
    ) -> None:
        """Apply a response's limit/window at once; account for places others used."""
        old_limit, old_window = g.limit, g.window
        if info.limit is not None:
            g.limit = info.limit
        if info.window is not None:
            # No learned window holds places longer than the pause cap (unless configured so).
            cap = max(self._max_pause, self._configured(g.name.casefold())[1])
            g.window = min(info.window, cap)
        if _teaches_limits(info):
            g.probing = False
        if correct and info.remaining is not None and now - admitted <= g.window:
            # Everything of ours the server may have counted when this request arrived
            # (somewhere in [admitted, now]); the rest of its count is someone else's.
            foreign = g.limit - g.possibly_counted_at(admitted) - info.remaining
            g.hold(min(foreign, g.limit), now)
        if g.limit > old_limit or g.window < old_window:
            g.wake_head()


def _teaches_limits(info: RateLimitInfo | None) -> bool:
    return info is not None and (info.limit is not None or info.window is not None)
