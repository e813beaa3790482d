"""End to end against a hostile server on 127.0.0.1: no header value stalls a call or a
group, freezes the event loop, or grows the throttle's group table without bound.

The server is a few lines of ``aiohttp.web`` that answer from a script. Every call runs
under ``asyncio.wait_for`` so that a client which does sleep for what the server said
fails the test in seconds instead of hanging it.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
from aiohttp import web

from ringcentral_async import (
    MemoryTokenStore,
    RateLimitError,
    RingCentral,
    ServerError,
    Throttle,
    Token,
)
from ringcentral_async._throttle import DEFAULT_LIMITS, LEARNED_GROUPS_MAX

PATH = "/restapi/v1.0/account/~/extension/~"  # Light in the spec
#: Longest a call may take before it counts as having slept for the server (seconds).
PROMPT = 5.0
#: Longest the event loop may go without running a 5 ms ticker (a loaded 2-core box).
MAX_LOOP_GAP = 0.25
LOOSE = {group: (10_000, 1.0) for group in ("Light", "Medium", "Heavy", "Auth")}

T = TypeVar("T")
Reply = tuple[int, Mapping[str, str]]


class HostileServer:
    """Answers every request with the next scripted (status, headers), then 200 ``{}``."""

    def __init__(self) -> None:
        self.script: deque[Reply] = deque()
        self.arrivals: list[float] = []
        self.url = ""

    def then(self, status: int, headers: Mapping[str, str] | None = None) -> None:
        self.script.append((status, dict(headers or {})))

    async def handle(self, request: web.Request) -> web.Response:
        self.arrivals.append(time.monotonic())
        status, headers = self.script.popleft() if self.script else (200, {})
        return web.json_response({"ok": status < 300}, status=status, headers=headers)


@pytest.fixture
async def server() -> AsyncIterator[HostileServer]:
    hostile = HostileServer()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", hostile.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    hostile.url = f"http://127.0.0.1:{port}"
    try:
        yield hostile
    finally:
        await runner.cleanup()


@pytest.fixture
async def connect(server: HostileServer) -> AsyncIterator[Callable[..., Awaitable[RingCentral]]]:
    clients: list[RingCentral] = []

    async def make(**kwargs: Any) -> RingCentral:
        token = Token(access_token="ACCESS", expires_at=datetime.now(UTC) + timedelta(hours=1))
        rc = RingCentral(
            "client-id",
            "client-secret",
            server_url=server.url,
            token_store=MemoryTokenStore(token),
            **kwargs,
        )
        clients.append(rc)
        await rc.login()  # resumes the stored token: no request
        return rc

    try:
        yield make
    finally:
        for rc in clients:
            await rc.aclose()


async def prompt(aw: Awaitable[T]) -> T:
    """``aw``, which must finish well before any server-decided wait could have passed."""
    return await asyncio.wait_for(aw, PROMPT)


HUGE_RETRY_AFTER = ["1000000000", "Fri, 31 Dec 9999 23:59:59 GMT"]


# -- Retry-After beyond the cap: the call raises at once ------------------------------------


@pytest.mark.parametrize("retry_after", HUGE_RETRY_AFTER)
async def test_429_with_a_huge_retry_after_raises_at_once_without_throttle(
    server: HostileServer, connect: Callable[..., Awaitable[RingCentral]], retry_after: str
) -> None:
    rc = await connect(throttle=False)
    server.then(429, {"Retry-After": retry_after})
    with pytest.raises(RateLimitError) as info:
        await prompt(rc.get(PATH))
    assert info.value.retry_after is not None and info.value.retry_after >= 1e9  # as said
    assert len(server.arrivals) == 1


@pytest.mark.parametrize("retry_after", HUGE_RETRY_AFTER)
async def test_429_with_a_huge_retry_after_pauses_the_group_at_most_max_pause(
    server: HostileServer, connect: Callable[..., Awaitable[RingCentral]], retry_after: str
) -> None:
    rc = await connect(throttle=Throttle(LOOSE, max_pause=0.3, probe_first=False))
    server.then(429, {"Retry-After": retry_after, "X-Rate-Limit-Group": "Light"})
    with pytest.raises(RateLimitError) as info:
        await prompt(rc.get(PATH))
    assert info.value.retry_after is not None and info.value.retry_after >= 1e9
    assert 0 < rc.throttle.pause_remaining("Light") <= 0.3
    assert await prompt(rc.get(PATH)) == {"ok": True}  # the group resumes after the cap
    first, second = server.arrivals
    assert 0.25 <= second - first < PROMPT


async def test_default_cap_is_five_minutes_for_the_group(
    server: HostileServer, connect: Callable[..., Awaitable[RingCentral]]
) -> None:
    rc = await connect()  # throttle=True: the default Throttle()
    server.then(429, {"Retry-After": "1000000000", "X-Rate-Limit-Group": "Light"})
    with pytest.raises(RateLimitError):
        await prompt(rc.get(PATH))
    assert 290 < rc.throttle.pause_remaining("Light") <= 300


@pytest.mark.parametrize("retry_after", HUGE_RETRY_AFTER)
async def test_503_with_a_huge_retry_after_raises_at_once(
    server: HostileServer, connect: Callable[..., Awaitable[RingCentral]], retry_after: str
) -> None:
    rc = await connect(throttle=False)
    server.then(503, {"Retry-After": retry_after})
    with pytest.raises(ServerError):
        await prompt(rc.get(PATH))
    assert len(server.arrivals) == 1


async def test_503_with_a_retry_after_within_the_cap_is_honoured(
    server: HostileServer, connect: Callable[..., Awaitable[RingCentral]]
) -> None:
    rc = await connect(throttle=False)
    server.then(503, {"Retry-After": "0.2"})
    assert await prompt(rc.get(PATH)) == {"ok": True}
    first, second = server.arrivals
    assert second - first >= 0.2


# -- rate-limit headers: the loop never freezes ---------------------------------------------


async def _max_loop_gap(aw: Awaitable[T]) -> tuple[T, float]:
    """Run ``aw`` while a 5 ms ticker measures the longest time the loop was blocked."""
    loop = asyncio.get_running_loop()
    gaps: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        last = loop.time()
        while not done.is_set():
            await asyncio.sleep(0.005)
            now = loop.time()
            gaps.append(now - last)
            last = now

    task = asyncio.ensure_future(ticker())
    try:
        result = await prompt(aw)
    finally:
        done.set()
        await task
    return result, max(gaps, default=0.0)


@pytest.mark.parametrize("limit", ["5000000", "1000000000", "1e300"])
async def test_a_huge_limit_with_remaining_zero_does_not_freeze_the_loop(
    server: HostileServer, connect: Callable[..., Awaitable[RingCentral]], limit: str
) -> None:
    rc = await connect(throttle=Throttle(probe_first=False))
    hostile = {
        "X-Rate-Limit-Group": "Light",
        "X-Rate-Limit-Limit": limit,
        "X-Rate-Limit-Remaining": "0",
        "X-Rate-Limit-Window": "60",
    }
    server.then(200, hostile)
    result, gap = await _max_loop_gap(rc.get(PATH))
    assert result == {"ok": True}
    assert gap < MAX_LOOP_GAP
    light = rc.throttle.stats()["Light"]
    assert (light.limit, light.window, light.remaining) == (10_000, 60.0, 0)


async def test_a_huge_window_never_holds_the_group_past_max_pause(
    server: HostileServer, connect: Callable[..., Awaitable[RingCentral]]
) -> None:
    short = {"Light": (10_000, 0.1)}  # the cap is max(max_pause, configured window)
    rc = await connect(throttle=Throttle(short, probe_first=False, max_pause=0.3))
    server.then(
        200,
        {
            "X-Rate-Limit-Limit": "1",
            "X-Rate-Limit-Remaining": "0",
            "X-Rate-Limit-Window": "1000000000",
        },
    )
    await prompt(rc.get(PATH))
    assert rc.throttle.stats()["Light"].window == 0.3
    assert await prompt(rc.get(PATH)) == {"ok": True}  # waited one (capped) window
    first, second = server.arrivals
    assert 0.25 <= second - first < PROMPT


# -- group names: a bounded table -----------------------------------------------------------


async def test_a_new_group_name_in_every_response_is_bounded(
    server: HostileServer, connect: Callable[..., Awaitable[RingCentral]]
) -> None:
    rc = await connect(throttle=Throttle(LOOSE, probe_first=False))
    for i in range(200):
        server.then(200, {"X-Rate-Limit-Group": f"group-{i}", "X-Rate-Limit-Limit": "10000"})
        assert await prompt(rc.get(PATH)) == {"ok": True}
    stats = rc.throttle.stats()
    assert len(stats) <= len(DEFAULT_LIMITS) + LEARNED_GROUPS_MAX
    assert sum(s.sent for s in stats.values()) == 200
