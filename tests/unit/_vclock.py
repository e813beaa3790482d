"""Virtual time for timing tests: a fake clock + sleep that jump ahead when every task sleeps."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable
from typing import Any, TypeVar

T = TypeVar("T")


class Deadlock(AssertionError):
    """Every task waits on something no virtual timer will ever wake."""


class VirtualClock:
    """``clock()`` returns virtual seconds; ``await clock.sleep(d)`` waits virtual seconds.

    ``await clock.run(aw)`` drives the loop: whenever every task is blocked, the clock jumps
    to the earliest pending sleep and wakes it.
    """

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self._timers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        self.sleeps.append(delay)
        if delay <= 0:
            await asyncio.sleep(0)
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._timers, (self.now + delay, next(self._seq), fut))
        await fut

    async def settle(self) -> None:
        """Yield until no callback is ready (every task blocked on a future)."""
        loop = asyncio.get_running_loop()
        ready: Any = getattr(loop, "_ready", None)
        for _ in range(100_000 if ready is not None else 200):
            await asyncio.sleep(0)
            if ready is not None and not ready:
                return

    def _fire_next(self) -> bool:
        while self._timers and self._timers[0][2].done():
            heapq.heappop(self._timers)  # cancelled sleeps
        if not self._timers:
            return False
        when = self._timers[0][0]
        self.now = max(self.now, when)
        while self._timers and self._timers[0][0] <= self.now:
            fut = heapq.heappop(self._timers)[2]
            if not fut.done():
                fut.set_result(None)
        return True

    async def advance(self, seconds: float) -> None:
        """Let virtual time pass by ``seconds``, waking sleeps on the way."""
        end = self.now + seconds
        while True:
            await self.settle()
            live = [t for t in self._timers if not t[2].done()]
            if not live or min(live)[0] > end:
                break
            self._fire_next()
        self.now = end
        await self.settle()

    async def run(self, aw: Awaitable[T], *, limit: float = 1e6) -> T:
        """Drive virtual time until ``aw`` completes (at most ``limit`` virtual seconds)."""
        task = asyncio.ensure_future(aw)
        end = self.now + limit
        try:
            while True:
                await self.settle()
                if task.done():
                    return task.result()
                if self.now > end:
                    raise AssertionError("virtual time limit exceeded")
                if not self._fire_next():
                    raise Deadlock("all tasks blocked with no pending virtual sleep")
        finally:
            if not task.done():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
