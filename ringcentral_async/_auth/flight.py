"""``SingleFlight``: at most one token request at a time (layer 3).

Every caller that needs a token while a request for one is in flight joins that request
instead of sending its own; if it fails, every waiter gets its error.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from .token import Token

__all__ = ["SingleFlight"]


class SingleFlight:
    """The token request in flight, if any, and the ways to join or wait for it."""

    def __init__(self) -> None:
        #: The token request in flight (None when there is none).
        self.task: asyncio.Task[Token] | None = None

    async def run(self, factory: Callable[[], Awaitable[Token]]) -> Token:
        """Start ``factory()`` unless a request is in flight already, and await the one."""
        if self.task is None:
            task = asyncio.ensure_future(factory())
            self.task = task
            task.add_done_callback(self._clear)
        return await asyncio.shield(self.task)

    async def wait(self, *, suppress: bool) -> None:
        """Wait until no token request is in flight (raising its error unless ``suppress``).

        A finished task is cleared here rather than awaited again: awaiting a done task
        does not yield to the loop, so its done-callback (which clears ``task``) could
        never run and the loop would spin forever.
        """
        while (task := self.task) is not None:
            if task.done():
                if self.task is task:
                    self.task = None
                if not suppress:
                    task.result()  # this waiter gets the error, as if it had awaited it
                continue
            if suppress:
                with contextlib.suppress(Exception):
                    await asyncio.shield(task)
            else:
                await asyncio.shield(task)

    def _clear(self, task: asyncio.Task[Token]) -> None:
        if self.task is task:
            self.task = None
        if not task.cancelled():
            task.exception()  # mark as retrieved; waiters re-raise it themselves

    async def cancel(self) -> None:
        """Cancel a token request still in flight and wait until it has stopped."""
        task = self.task
        if task is not None and not task.done():
            task.cancel()
            # wait() neither raises the task's outcome nor swallows our own cancellation
            await asyncio.wait([task])
