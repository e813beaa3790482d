"""One request's place in a shared (multi-process) throttle: ``SharedSlot``.

Entering waits for admission (the throttle's local FIFO, then the backend); ``observe``
records the response and starts the backend update at once (release, calibration, a 429
pause); exiting waits for that update, or, without a response, gives the place back with a
grace (the request may still be on its way).
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable, Mapping
from contextlib import AbstractAsyncContextManager
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .._protocol import parse_http_date, parse_retry_after
from .._spec import NO_THROTTLING
from .._throttle.headers import lower_headers, parse_lowered_rate_limit_headers
from .group import LocalGroup
from .state import PAUSE_MAX, Settlement

if TYPE_CHECKING:
    from .limiter import SharedThrottle

__all__ = ["SharedSlot"]


class SharedSlot(AbstractAsyncContextManager["SharedSlot"]):
    """``async with throttle.slot(group) as slot``; call :meth:`observe` with the response."""

    def __init__(
        self,
        throttle: SharedThrottle,
        group: LocalGroup | None,
        requested: str | None,
        operation: Hashable | None,
    ) -> None:
        self._throttle = throttle
        self._group = group
        self._requested = requested
        self._operation = operation
        self._entered = False
        self._released = False
        self._scope = ""
        self._member = ""
        self._local: AbstractAsyncContextManager[Any] | None = None  # fallback slot
        self._local_slot: Any = None
        self._task: asyncio.Task[None] | None = None
        #: The resolved group name (None when the request bypasses throttling).
        self.group: str | None = group.name if group is not None else None
        #: Seconds this request waited for admission.
        self.waited: float = 0.0
        #: Local monotonic time at which the request was admitted.
        self.admitted_at: float | None = None

    async def __aenter__(self) -> SharedSlot:
        if self._entered:
            raise RuntimeError("a throttle slot can be entered only once")
        self._entered = True
        t = self._throttle
        if self._group is None:
            self.admitted_at = t._clock()
            return self
        await t._acquire(self)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._local is not None:
            await self._local.__aexit__(exc_type, exc, tb)
            return
        g = self._group
        if g is None or not self._member:
            return
        if self._task is None and not self._released:
            self._released = True
            now = self._throttle._clock()
            held = now - (self.admitted_at if self.admitted_at is not None else now)
            how = Settlement("abandon", age=g.grace(held), admitted_age=held)
            self._task = self._throttle._spawn_settle(self, g, [(g, how)], observed_at=now)
        if self._task is not None:
            await asyncio.shield(self._task)

    def observe(self, status: int, headers: Mapping[str, str]) -> None:
        """Feed a response back: releases the place, calibrates, honours a 429."""
        if self._local_slot is not None:
            self._local_slot.observe(status, headers)
            return
        own = self._group
        t = self._throttle
        if own is None or not self._member or self._released:
            return
        self._released = True
        now = t._clock()
        admitted = self.admitted_at if self.admitted_at is not None else now
        own.rtts.append(now - admitted)
        h = lower_headers(headers)
        info = parse_lowered_rate_limit_headers(h)
        target: LocalGroup | None = own
        if info is not None and info.group is not None:
            target = None if info.group == NO_THROTTLING else t._get_group(info.group)
            if t._calibrate:
                t._learn(self._operation, self._requested, info.group)
        retry_after: float | None = None
        if status == 429:
            parsed = parse_retry_after(h.get("retry-after"), parse_http_date(h.get("date")))
            retry_after = min(t._default_retry_after if parsed is None else parsed, PAUSE_MAX)
            own.rejected_429 += 1
            for g in {id(x): x for x in (own, target) if x is not None}.values():
                g.paused_until = max(g.paused_until, now + retry_after)
        learn = t._calibrate and info is not None
        teaches = learn and info is not None and (info.limit is not None or info.window is not None)

        def settlement(mode: Any, g: LocalGroup) -> Settlement:
            calibrate_here = learn and g is target
            return Settlement(
                mode,
                admitted_age=now - admitted,
                limit=info.limit if calibrate_here and info is not None else None,
                window=info.window if calibrate_here and info is not None else None,
                remaining=info.remaining if calibrate_here and info is not None else None,
                teaches=teaches and calibrate_here,
                correct=calibrate_here and status != 429,
                retry_after=retry_after if g is own or g is target else None,
            )

        plan = [(own, settlement("response", own))]
        if target is not None and target is not own:
            plan.append((target, settlement("calibrate", target)))
        self._task = t._spawn_settle(self, own, plan, observed_at=now)
