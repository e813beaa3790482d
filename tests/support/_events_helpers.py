"""Shared helpers of the events tests (real sockets on 127.0.0.1 against the fake)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from ringcentral_async import RingCentral
from ringcentral_async.models.subscriptions import Notification
from ringcentral_async.testing import FakeRingCentral

MESSAGES = "/restapi/v1.0/account/~/extension/~/message-store"
PRESENCE = "/restapi/v1.0/account/~/extension/~/presence"
#: Reconnect almost at once (the default bands start at about 1 s).
FAST = [(0.01, 0.02)]


async def take(sub: object, n: int, timeout: float = 10.0) -> list[Notification]:
    """The next ``n`` events of ``sub`` (TimeoutError if they do not come)."""
    got: list[Notification] = []

    async def collect() -> None:
        async for event in sub:  # type: ignore[attr-defined]
            got.append(event)
            if len(got) == n:
                return

    await asyncio.wait_for(collect(), timeout)
    return got


async def until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    """Poll ``predicate`` every 10 ms until true (TimeoutError after ``timeout``)."""
    async with asyncio.timeout(timeout):
        while True:
            if predicate():
                return
            await asyncio.sleep(0.01)


MakeFake = Callable[..., Awaitable[FakeRingCentral]]
MakeClient = Callable[..., Awaitable[RingCentral]]
