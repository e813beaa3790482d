"""The events step of ``ringcentral-async demo``: a subscription survives a dropped socket."""

from __future__ import annotations

import asyncio
import contextlib
import time

from .. import RingCentral
from ..testing import FakeRingCentral

__all__ = ["demo_events"]

FILTER = "/restapi/v1.0/account/~/extension/~/message-store"


async def demo_events(rc: RingCentral, fake: FakeRingCentral, before: int, after: int) -> bool:
    """Publish ``before`` events, cut the socket, publish ``after`` more: all arrive once.

    Prints one line; True if every event arrived exactly once and no gap was recorded.
    """
    started = time.perf_counter()
    total = before + after
    seen: list[int] = []
    async with rc.subscribe([FILTER], reconnect_bands=[(0.05, 0.15)]) as sub:
        for n in range(before):
            await fake.publish(FILTER, {"n": n})
        cut = await fake.drop_websockets()
        for n in range(before, total):  # published while the socket is down
            await fake.publish(FILTER, {"n": n})

        async def collect() -> None:
            async for event in sub:
                seen.append(int(event.body["n"]))
                if len(set(seen)) == total:
                    return

        await asyncio.wait_for(collect(), 30)
        with contextlib.suppress(TimeoutError):  # anything delivered twice shows up by now
            while True:
                extra = await asyncio.wait_for(anext(sub), 0.2)
                seen.append(int(extra.body["n"]))
        gaps, replayed = len(sub.gaps), sub.duplicates
    ok = sorted(seen) == list(range(total)) and gaps == 0
    print(
        f"WebSocket subscription: {before} events, {cut} connection cut, {after} more while "
        f"it was down -> {len(seen)} delivered, {len(set(seen))} unique, {replayed} replays "
        f"dropped as duplicates, {gaps} gaps ({time.perf_counter() - started:.2f} s): "
        f"{'OK' if ok else 'MISMATCH'}"
    )
    return ok
