"""The per-group sliding-window limiter, in virtual time (no real sleeps)."""

from __future__ import annotations

import asyncio
import random
from collections import deque
from collections.abc import Mapping

import pytest
from _vclock import Deadlock, VirtualClock

from ringcentral_async import ConfigurationError
from ringcentral_async._throttle import (
    DEFAULT_LIMITS,
    LEARNED_OPERATIONS_MAX,
    PROBE_RESPONSES,
    GroupStats,
    Throttle,
)

T0 = 1000.0


@pytest.fixture
def vc() -> VirtualClock:
    return VirtualClock(T0)


def make(
    vc: VirtualClock, limits: Mapping[str, tuple[int, float]] | None = None, **kw: object
) -> Throttle:
    return Throttle(limits, clock=vc, sleep=vc.sleep, **kw)  # type: ignore[arg-type]


def rl(limit: int, remaining: int, window: float = 1.0, group: str | None = None) -> dict[str, str]:
    h = {
        "X-Rate-Limit-Limit": str(limit),
        "X-Rate-Limit-Remaining": str(remaining),
        "X-Rate-Limit-Window": str(window),
    }
    if group is not None:
        h["X-Rate-Limit-Group"] = group
    return h


async def request(
    t: Throttle,
    vc: VirtualClock,
    group: str | None,
    log: list[float],
    *,
    latency: float = 0.0,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Admit, record the admission time, wait `latency`, observe the response."""
    async with t.slot(group) as slot:
        log.append(vc.now)
        await vc.sleep(latency)
        slot.observe(status, headers or {})


def approx(values: list[float]) -> object:
    return pytest.approx(values, abs=1e-4)


# -- sliding window ------------------------------------------------------------------------


async def test_exactly_limit_per_window_and_no_burst(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (3, 1.0)}, probe_first=False)
    log: list[float] = []
    await vc.run(asyncio.gather(*(request(t, vc, "Heavy", log) for _ in range(9))))
    assert log == approx([T0] * 3 + [T0 + 1] * 3 + [T0 + 2] * 3)
    # any sliding window of 1 s holds at most 3 admissions
    assert all(sum(a <= x < a + 1 - 1e-3 for x in log) <= 3 for a in log)


async def test_place_is_held_until_window_after_response(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (2, 1.0)}, probe_first=False)
    slow: list[float] = []
    fast: list[float] = []
    later: list[float] = []

    async def scenario() -> None:
        a = asyncio.ensure_future(request(t, vc, "Heavy", slow, latency=0.5))
        b = asyncio.ensure_future(request(t, vc, "Heavy", fast, latency=0.1))
        await vc.sleep(0.01)
        await asyncio.gather(a, b, *(request(t, vc, "Heavy", later) for _ in range(2)))

    await vc.run(scenario())
    assert slow == fast == approx([T0])
    # freed at response time + window: 0.1 + 1 and 0.5 + 1
    assert later == approx([T0 + 1.1, T0 + 1.5])


async def test_exit_without_response_holds_the_place_a_grace_longer(vc: VirtualClock) -> None:
    """No response: the request may still be on its way, so its place stays counted for a
    grace (here: no round trip seen yet, so the 0.3 s it was held) plus the window."""
    t = make(vc, {"Heavy": (1, 1.0)}, probe_first=False)
    log: list[float] = []

    async def failing() -> None:
        with pytest.raises(ConnectionError):
            async with t.slot("Heavy"):
                await vc.sleep(0.3)
                raise ConnectionError

    await vc.run(asyncio.gather(failing(), request(t, vc, "Heavy", log)))
    assert log == approx([T0 + 1.6])
    assert t.stats()["Heavy"].sent == 2


async def test_cancelled_request_inside_slot_releases(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (1, 1.0)}, probe_first=False)
    log: list[float] = []

    async def scenario() -> None:
        hung = asyncio.ensure_future(request(t, vc, "Heavy", [], latency=100))
        await vc.sleep(0.2)
        hung.cancel()
        await asyncio.gather(hung, return_exceptions=True)
        await request(t, vc, "Heavy", log)

    await vc.run(scenario())
    assert log == approx([T0 + 1.4])  # cancelled at +0.2, grace 0.2, window 1


async def test_grace_is_the_longest_recent_round_trip_capped_by_the_window(
    vc: VirtualClock,
) -> None:
    t = make(vc, {"Heavy": (1, 1.0)}, probe_first=False)
    log: list[float] = []

    async def abandoned(after: float) -> None:
        """Admitted, then given up ``after`` seconds later without a response."""
        with pytest.raises(TimeoutError):
            async with t.slot("Heavy"):
                log.append(vc.now)
                await vc.sleep(after)
                raise TimeoutError

    async def scenario() -> None:
        await request(t, vc, "Heavy", log, latency=0.25)  # round trip 0.25, free at +1.25
        await abandoned(0.05)  # admitted +1.25, gone +1.30: free at +1.30 + 0.25 + 1
        await request(t, vc, "Heavy", log, latency=3.0)  # a 3 s round trip
        await abandoned(0.01)
        await request(t, vc, "Heavy", log)

    await vc.run(scenario())
    # +2.55 (responds +5.55, free +6.55); abandoned +6.55 -> +6.56 + min(3, 1) + 1 = +8.56
    assert log == approx([T0, T0 + 1.25, T0 + 2.55, T0 + 6.55, T0 + 8.56])


# -- probe first ---------------------------------------------------------------------------


async def test_probe_first_sizes_group_from_headers(vc: VirtualClock) -> None:
    t = make(vc)  # Heavy default 10 / 60 s, but the app really has 2 / 1 s
    log: list[float] = []
    await vc.run(
        asyncio.gather(
            request(t, vc, "Heavy", log, latency=0.2, headers=rl(2, 1, 1.0, "Heavy")),
            *(request(t, vc, "Heavy", log, headers=rl(2, 0, 1.0, "Heavy")) for _ in range(2)),
        )
    )
    # only the probe goes first; then the learned limit of 2 per 1 s applies
    assert log == approx([T0, T0 + 0.2, T0 + 1.2])
    s = t.stats()["Heavy"]
    assert (s.limit, s.window, s.sent) == (2, 1.0, 3)


async def test_probe_without_headers_keeps_defaults(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (3, 1.0)})
    log: list[float] = []
    await vc.run(
        asyncio.gather(
            request(t, vc, "Heavy", log, latency=0.2, status=500),
            *(request(t, vc, "Heavy", log) for _ in range(3)),
        )
    )
    assert log == approx([T0, T0 + 0.2, T0 + 0.2, T0 + 1.2])
    assert t.stats()["Heavy"].limit == 3


async def test_failed_probe_lets_the_next_request_probe(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (3, 1.0)})
    log: list[float] = []

    async def broken() -> None:
        with pytest.raises(ConnectionError):
            async with t.slot("Heavy"):
                log.append(vc.now)
                await vc.sleep(0.1)
                raise ConnectionError

    await vc.run(
        asyncio.gather(
            broken(),
            request(t, vc, "Heavy", log, latency=0.2, headers=rl(3, 2)),
            request(t, vc, "Heavy", log),
        )
    )
    assert log == approx([T0, T0 + 0.1, T0 + 0.3])


async def test_probing_goes_on_while_responses_lack_rate_headers(vc: VirtualClock) -> None:
    """The first response has no X-Rate-Limit-* headers: still one at a time, until one that
    has them (2 per 1 s) sizes the group."""
    t = make(vc)  # Heavy default 10 / 60 s
    log: list[float] = []
    await vc.run(
        asyncio.gather(
            request(t, vc, "Heavy", log, latency=0.2),  # no headers
            request(t, vc, "Heavy", log, latency=0.2, headers=rl(2, 0, 1.0, "heavy")),
            *(request(t, vc, "Heavy", log, headers=rl(2, 0, 1.0)) for _ in range(2)),
        )
    )
    assert log == approx([T0, T0 + 0.2, T0 + 1.2, T0 + 1.4])
    assert (t.stats()["Heavy"].limit, t.stats()["Heavy"].window) == (2, 1.0)


async def test_probing_ends_after_a_few_responses_without_headers(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (10, 1.0)})
    log: list[float] = []
    await vc.run(asyncio.gather(*(request(t, vc, "Heavy", log, latency=0.1) for _ in range(6))))
    assert PROBE_RESPONSES == 3
    assert log == approx([T0, T0 + 0.1, T0 + 0.2, T0 + 0.3, T0 + 0.3, T0 + 0.3])


async def test_headers_of_another_group_do_not_end_the_probe(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (10, 1.0)})
    log: list[float] = []
    await vc.run(
        asyncio.gather(
            request(t, vc, "Heavy", log, latency=0.1, headers=rl(30, 29, 1.0, "Medium")),
            request(t, vc, "Heavy", log, latency=0.1),
        )
    )
    assert log == approx([T0, T0 + 0.1])
    assert t.stats()["Medium"].limit == 30


async def test_probe_is_per_group_and_optional(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (3, 1.0), "Light": (3, 1.0)}, probe_first=False)
    log: list[float] = []
    await vc.run(asyncio.gather(*(request(t, vc, "Light", log, latency=0.5) for _ in range(3))))
    assert log == approx([T0] * 3)


# -- calibration ---------------------------------------------------------------------------


async def test_calibration_down_takes_effect_at_once(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (5, 1.0)}, probe_first=False)
    log: list[float] = []

    async def scenario() -> None:
        await request(t, vc, "Heavy", log, latency=0.1, headers=rl(2, 1, 2.0))
        await asyncio.gather(
            *(request(t, vc, "Heavy", log, headers=rl(2, 0, 2.0)) for _ in range(3))
        )

    await vc.run(scenario())
    # the response (t0 + 0.1) says 2 per 2 s: one more place until t0 + 2.1
    assert log == approx([T0, T0 + 0.1, T0 + 2.1, T0 + 2.1])
    assert (t.stats()["Heavy"].limit, t.stats()["Heavy"].window) == (2, 2.0)


async def test_calibration_up_wakes_waiters(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (1, 10.0)}, probe_first=False)
    log: list[float] = []
    await vc.run(
        asyncio.gather(
            request(t, vc, "Heavy", log, latency=0.5, headers=rl(3, 2, 10.0)),
            *(request(t, vc, "Heavy", log, headers=rl(3, 0, 10.0)) for _ in range(3)),
        )
    )
    assert log == approx([T0, T0 + 0.5, T0 + 0.5, T0 + 10.5])
    assert t.stats()["Heavy"].limit == 3


async def test_shorter_window_from_headers_wakes_sleeping_head(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (1, 60.0)}, probe_first=False)
    log: list[float] = []

    async def scenario() -> None:
        await request(t, vc, "Heavy", log)
        waiter = asyncio.ensure_future(request(t, vc, "Heavy", log))
        await vc.sleep(0.5)
        # another group's response reports Heavy's real window (header names the group)
        await request(t, vc, "Light", [], headers=rl(1, 1, 1.0, "heavy"))
        await waiter

    await vc.run(scenario())
    assert log == approx([T0, T0 + 1.0])


async def test_longer_window_from_headers_still_counts_old_requests(vc: VirtualClock) -> None:
    """A longer window learned later also applies to the requests already sent."""
    t = make(vc, {"Heavy": (3, 1.0)}, probe_first=False)
    log: list[float] = []

    async def scenario() -> None:
        await asyncio.gather(*(request(t, vc, "Heavy", log) for _ in range(2)))
        await vc.sleep(1.5)
        assert t.stats()["Heavy"].remaining == 3
        # the server's real window is 10 s (no Remaining header to correct us)
        await request(t, vc, "Heavy", log, latency=0.1, headers={"X-Rate-Limit-Window": "10"})
        await request(t, vc, "Heavy", log)

    await vc.run(scenario())
    assert log == approx([T0, T0, T0 + 1.5, T0 + 10])


async def test_calibration_disabled_ignores_headers(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (2, 1.0)}, calibrate=False)
    log: list[float] = []
    await vc.run(
        asyncio.gather(*(request(t, vc, "Heavy", log, headers=rl(1, 0, 5.0)) for _ in range(3)))
    )
    assert log == approx([T0, T0, T0 + 1])  # no probe either
    assert t.stats()["Heavy"].limit == 2


async def test_remaining_lower_than_ours_adds_phantoms(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (5, 1.0)}, probe_first=False)
    log: list[float] = []

    async def scenario() -> None:
        # the server saw 3 other requests of the same token: 5 - 1 - 3 = 1 remaining
        await request(t, vc, "Heavy", log, latency=0.1, headers=rl(5, 1))
        assert t.stats()["Heavy"].remaining == 1
        await asyncio.gather(*(request(t, vc, "Heavy", log) for _ in range(2)))

    await vc.run(scenario())
    assert log == approx([T0, T0 + 0.1, T0 + 1.1])


async def test_concurrent_responses_do_not_create_phantoms(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (5, 1.0)}, probe_first=False)
    log: list[float] = []
    # 4 in flight together; the first arrival saw only itself (remaining 4), the last 1
    await vc.run(
        asyncio.gather(
            *(request(t, vc, "Heavy", log, latency=0.1, headers=rl(5, 4 - i)) for i in range(4))
        )
    )
    assert t.stats()["Heavy"].remaining == 1


async def test_stale_response_does_not_correct(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (5, 1.0)}, probe_first=False)
    # a response that took longer than a window reports an old, meaningless remaining
    await vc.run(request(t, vc, "Heavy", [], latency=1.5, headers=rl(5, 0)))
    assert t.stats()["Heavy"].remaining == 4


# -- 429 and penalties ---------------------------------------------------------------------


async def test_429_pauses_whole_group_while_others_flow(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (5, 1.0), "Light": (5, 1.0)}, probe_first=False)
    heavy: list[float] = []
    light: list[float] = []

    async def scenario() -> None:
        await request(t, vc, "Heavy", heavy, status=429, headers={"Retry-After": "5"})
        assert t.paused_until("Heavy") == pytest.approx(T0 + 5)
        assert t.paused_until("Light") is None
        waiting = [asyncio.ensure_future(request(t, vc, "Heavy", heavy)) for _ in range(3)]
        for _ in range(5):
            await request(t, vc, "Light", light)
            await vc.sleep(1.0)
        await asyncio.gather(*waiting)

    await vc.run(scenario())
    assert heavy == approx([T0] + [T0 + 5] * 3)  # nothing admitted during the pause
    assert light == approx([T0 + i for i in range(5)])
    assert t.stats()["Heavy"].rejected_429 == 1
    assert t.paused_until("Heavy") is None


async def test_429_without_retry_after_waits_30s(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (5, 1.0)}, probe_first=False)
    log: list[float] = []

    async def scenario() -> None:
        await request(t, vc, "Heavy", log, status=429)  # no rate headers: non-user-level
        await request(t, vc, "Heavy", log)

    await vc.run(scenario())
    assert log == approx([T0, T0 + 30])


async def test_default_retry_after_configurable(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (5, 60.0)}, probe_first=False, default_retry_after=2.0)
    log: list[float] = []

    async def scenario() -> None:
        await request(t, vc, "Heavy", log, status=429, headers=rl(5, 0, 60.0))
        assert t.paused_until("Heavy") == pytest.approx(T0 + 2)
        await request(t, vc, "Heavy", log)

    await vc.run(scenario())
    # Retry-After governs a 429: its "remaining 0" does not block for a whole window
    assert log == approx([T0, T0 + 2])


async def test_http_date_retry_after_relative_to_date_header(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (5, 1.0)}, probe_first=False)
    headers = {
        "date": "Sun, 01 Mar 2026 12:00:00 GMT",
        "RETRY-AFTER": "Sun, 01 Mar 2026 12:00:42 GMT",
    }
    await vc.run(request(t, vc, "Heavy", [], status=429, headers=headers))
    assert t.paused_until("Heavy") == pytest.approx(T0 + 42)


async def test_429_naming_another_group_pauses_both(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (5, 1.0)}, probe_first=False)
    headers = {"Retry-After": "3", **rl(50, 0, 60.0, "light")}
    await vc.run(request(t, vc, "Heavy", [], status=429, headers=headers))
    assert t.paused_until("Heavy") == pytest.approx(T0 + 3)
    assert t.paused_until("Light") == pytest.approx(T0 + 3)


async def test_penalize_and_extension_while_waiting(vc: VirtualClock) -> None:
    t = make(vc, {"Medium": (5, 1.0)}, probe_first=False)
    log: list[float] = []

    async def scenario() -> None:
        t.penalize("medium", 2.0)
        waiter = asyncio.ensure_future(request(t, vc, "Medium", log))
        await vc.sleep(1.0)
        t.penalize("Medium", 4.0)  # extends to T0 + 5
        t.penalize("Medium", 0.5)  # never shortens
        await waiter

    await vc.run(scenario())
    assert log == approx([T0 + 5])
    assert t.stats()["Medium"].rejected_429 == 0
    t.penalize("NoThrottling", 5)  # ignored


async def test_penalize_none_uses_default(vc: VirtualClock) -> None:
    t = make(vc)
    t.penalize("Auth", None)
    assert t.paused_until("Auth") == pytest.approx(T0 + 30)
    assert t.paused_until("Unknown") is None


# -- fairness and cancellation -------------------------------------------------------------


async def test_fifo_within_a_group(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (1, 1.0)}, probe_first=False)
    order: list[int] = []

    async def numbered(i: int) -> None:
        async with t.slot("Heavy") as slot:
            order.append(i)
            slot.observe(200, {})

    async def scenario() -> None:
        tasks = []
        for i in range(6):
            tasks.append(asyncio.ensure_future(numbered(i)))
            await asyncio.sleep(0)  # start in order
        await asyncio.gather(*tasks)

    await vc.run(scenario())
    assert order == list(range(6))


async def test_cancelled_waiter_frees_its_place(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (1, 1.0)}, probe_first=False)
    log: list[float] = []

    async def scenario() -> None:
        await request(t, vc, "Heavy", log)
        head = asyncio.ensure_future(request(t, vc, "Heavy", log))  # sleeping head
        middle = asyncio.ensure_future(request(t, vc, "Heavy", log))
        last = asyncio.ensure_future(request(t, vc, "Heavy", log))
        await vc.sleep(0.5)
        head.cancel()
        middle.cancel()
        await asyncio.gather(head, middle, return_exceptions=True)
        await last

    await vc.run(scenario())
    assert log == approx([T0, T0 + 1])
    assert t.stats()["Heavy"].sent == 2


async def test_cancelled_waiter_behind_event_wait(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (1, 1.0)}, probe_first=False)
    log: list[float] = []

    async def scenario() -> None:
        holder = asyncio.ensure_future(request(t, vc, "Heavy", log, latency=2.0))
        await asyncio.sleep(0)
        head = asyncio.ensure_future(request(t, vc, "Heavy", log))  # waits for a release
        nxt = asyncio.ensure_future(request(t, vc, "Heavy", log))
        await vc.sleep(0.5)
        head.cancel()
        await asyncio.gather(holder, head, nxt, return_exceptions=True)

    await vc.run(scenario())
    assert log == approx([T0, T0 + 3])


async def test_blocked_forever_is_a_deadlock_not_a_hang(vc: VirtualClock) -> None:
    t = make(vc)  # probe in flight forever: the next waiter waits for an event

    async def scenario() -> None:
        async with t.slot("Heavy"):
            await request(t, vc, "Heavy", [])

    with pytest.raises(Deadlock):
        await vc.run(scenario())


# -- groups the server reports for an operation --------------------------------------------

MEDIA = ("GET", "/restapi/v1.0/account/{accountId}/recording/{recordingId}/content")


async def test_operation_counted_in_another_group_waits_there(vc: VirtualClock) -> None:
    """The spec says Heavy; the server counts the operation in "Media" (1 per 10 s): after
    the first response its requests wait in Media, other Heavy calls stay in Heavy."""
    t = make(vc, {"Heavy": (5, 1.0)}, probe_first=False)
    media: list[float] = []
    heavy: list[float] = []
    media_headers = rl(1, 0, 10.0, "media")

    async def media_call() -> None:
        async with t.slot("Heavy", operation=MEDIA) as slot:
            media.append(vc.now)
            await vc.sleep(0.1)
            slot.observe(200, media_headers)

    async def scenario() -> None:
        await media_call()
        assert t.slot("Heavy", operation=MEDIA).group == "media"
        assert t.slot("Heavy", operation=("GET", "/other")).group == "Heavy"
        await asyncio.gather(
            media_call(), media_call(), *(request(t, vc, "Heavy", heavy) for _ in range(3))
        )

    await vc.run(scenario())
    assert media == approx([T0, T0 + 10.1, T0 + 20.2])
    assert heavy == approx([T0 + 0.1] * 3)
    assert t.stats()["media"].sent == 2


async def test_queued_requests_move_to_the_group_the_server_reports(vc: VirtualClock) -> None:
    """Six concurrent calls queued in Heavy (probe-first); the probe's response says the
    server counts them in "media" (2 per 1 s): the other five wait there, never over 2/s."""
    server = StrictServer(vc, limit=2, window=1.0)
    t = make(vc, {"Heavy": (10, 60.0)})
    log: list[float] = []

    async def call() -> None:
        async with t.slot("Heavy", operation=MEDIA) as slot:
            log.append(vc.now)
            await vc.sleep(0.05)
            status, headers = server.handle()
            await vc.sleep(0.05)
            slot.observe(status, {**headers, "X-Rate-Limit-Group": "media"})

    await vc.run(asyncio.gather(*(call() for _ in range(6))))
    assert server.rejected == 0
    assert log == approx([T0, T0 + 0.1, T0 + 1.1, T0 + 1.2, T0 + 2.2, T0 + 2.3])
    stats = t.stats()
    assert (stats["Heavy"].sent, stats["media"].sent) == (1, 5)


async def test_reported_group_equal_to_the_spec_forgets_the_mapping(vc: VirtualClock) -> None:
    t = make(vc, probe_first=False)
    async with t.slot("Light", operation="op") as slot:
        slot.observe(200, rl(50, 49, 60.0, "Medium"))
    assert t.slot("Light", operation="op").group == "Medium"
    async with t.slot("Light", operation="op") as slot:
        slot.observe(200, rl(50, 48, 60.0, "light"))
    assert t.slot("Light", operation="op").group == "Light"
    async with t.slot(None, operation="bypass") as slot:  # NoThrottling by the spec
        slot.observe(200, rl(5, 4, 60.0, "Auth"))
    assert t.slot(None, operation="bypass").group == "Auth"


async def test_learned_operations_are_bounded(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (10_000, 1.0)}, probe_first=False)
    for i in range(LEARNED_OPERATIONS_MAX + 5):
        async with t.slot("Heavy", operation=i) as slot:
            slot.observe(200, {"X-Rate-Limit-Group": "Medium"})
    assert t.slot("Heavy", operation=0).group == "Heavy"  # the oldest were forgotten
    assert t.slot("Heavy", operation=LEARNED_OPERATIONS_MAX + 4).group == "Medium"


# -- groups, bypass, stats -----------------------------------------------------------------


async def test_none_and_nothrottling_bypass(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (1, 60.0)}, probe_first=False)
    log: list[float] = []
    await vc.run(
        asyncio.gather(
            *(request(t, vc, g, log) for g in [None, "NoThrottling", "nothrottling"] * 5)
        )
    )
    assert log == approx([T0] * 15)
    async with t.slot(None) as slot:
        assert slot.group is None
    assert "NoThrottling" not in t.stats()


async def test_group_names_normalised_and_unknown_groups(vc: VirtualClock) -> None:
    t = make(vc, {"heavy": (4, 2.0), "Custom": (7, 3.0)}, probe_first=False)
    async with t.slot("HEAVY") as slot:
        assert slot.group == "Heavy"
        slot.observe(200, rl(9, 8, 1.0, "light"))  # lower-case group in the header
    async with t.slot("Brand-New") as slot:
        slot.observe(200, {"x-rate-limit-group": "superheavy", "X-RATE-LIMIT-LIMIT": "3"})
    stats = t.stats()
    assert (stats["Heavy"].limit, stats["Heavy"].window) == (4, 2.0)
    assert (stats["Light"].limit, stats["Light"].window) == (9, 1.0)
    assert stats["Light"].remaining == 8  # the header's request counted as someone else's
    assert (stats["Custom"].limit, stats["Custom"].window) == (7, 3.0)
    assert (stats["Brand-New"].limit, stats["Brand-New"].window) == (4, 2.0)  # Heavy's
    assert (stats["superheavy"].limit, stats["superheavy"].window) == (3, 2.0)


async def test_stats(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (2, 1.0)}, probe_first=False)
    assert set(t.stats()) == {"Light", "Medium", "Heavy", "Auth"}
    assert t.stats()["Light"] == GroupStats(50, 60.0, 50, 0, 0.0, 0)
    await vc.run(asyncio.gather(*(request(t, vc, "Heavy", []) for _ in range(4))))
    s = t.stats()["Heavy"]
    assert (s.limit, s.window, s.remaining, s.sent, s.rejected_429) == (2, 1.0, 0, 4, 0)
    assert s.waited_s == pytest.approx(2.0, abs=1e-4)  # two requests waited 1 s each
    await vc.advance(1.01)
    assert t.stats()["Heavy"].remaining == 2


def test_created_outside_a_loop_and_validates() -> None:
    t = Throttle()
    assert {k: (v.limit, v.window) for k, v in t.stats().items()} == dict(DEFAULT_LIMITS)
    assert "Heavy=10/60s" in repr(t)
    for bad in [(0, 60.0), (5, 0.0), (2.5, 1.0), (5, float("inf")), (5,)]:
        with pytest.raises(ConfigurationError):
            Throttle({"Heavy": bad})  # type: ignore[dict-item]
    with pytest.raises(ConfigurationError):
        Throttle(default_retry_after=-1)


async def test_slot_cannot_be_reused() -> None:
    t = Throttle(probe_first=False)
    slot = t.slot("Light")
    async with slot:
        pass
    with pytest.raises(RuntimeError):
        await slot.__aenter__()


async def test_real_clock_smoke() -> None:
    t = Throttle({"Light": (2, 0.02)}, probe_first=False)
    loop = asyncio.get_running_loop()
    start = loop.time()
    for _ in range(3):
        async with t.slot("Light") as slot:
            slot.observe(200, {})
    assert loop.time() - start >= 0.015


# -- against a strict sliding-window emulator ----------------------------------------------


class StrictServer:
    """Counts arrivals in (now - window, now]; over the limit -> 429 + a restarting penalty."""

    def __init__(self, vc: VirtualClock, limit: int, window: float, penalty: float = 1.0) -> None:
        self.vc, self.limit, self.window, self.penalty = vc, limit, window, penalty
        self.arrivals: deque[float] = deque()
        self.penalty_until = -1.0
        self.rejected = 0
        self.accepted: list[float] = []

    def handle(self) -> tuple[int, dict[str, str]]:
        now = self.vc.now
        while self.arrivals and self.arrivals[0] <= now - self.window:
            self.arrivals.popleft()
        if now < self.penalty_until or len(self.arrivals) >= self.limit:
            self.penalty_until = now + self.penalty
            self.rejected += 1
            return 429, {"Retry-After": str(self.penalty), **rl(self.limit, 0, self.window)}
        self.arrivals.append(now)
        self.accepted.append(now)
        return 200, rl(self.limit, self.limit - len(self.arrivals), self.window, "heavy")


async def drive(t: Throttle, vc: VirtualClock, server: StrictServer, n: int, seed: int) -> None:
    rnd = random.Random(seed)

    async def one() -> None:
        while True:
            async with t.slot("Heavy") as slot:
                await vc.sleep(rnd.uniform(0.0005, 0.01))
                status, headers = server.handle()
                await vc.sleep(rnd.uniform(0.0005, 0.01))
                slot.observe(status, headers)
            if status != 429:
                return

    await vc.run(asyncio.gather(*(one() for _ in range(n))))


@pytest.mark.parametrize("seed", range(5))
async def test_strict_emulator_zero_429_and_high_utilisation(vc: VirtualClock, seed: int) -> None:
    server = StrictServer(vc, limit=5, window=1.0)
    t = make(vc, {"Heavy": (5, 1.0)})
    await drive(t, vc, server, 3 * 5 * 4, seed)
    assert server.rejected == 0
    acc = server.accepted
    rate = (len(acc) - server.limit) / (acc[-1] - acc[0])
    assert rate >= 0.97 * server.limit / server.window


async def test_strict_emulator_with_lower_real_limit_than_default(vc: VirtualClock) -> None:
    server = StrictServer(vc, limit=3, window=1.0)
    t = make(vc)  # defaults: Heavy 10 per 60 s; the probe learns 3 per 1 s
    await drive(t, vc, server, 9, seed=1)
    assert server.rejected == 0
    assert t.stats()["Heavy"].limit == 3
    assert vc.now - T0 < 3.5


async def test_strict_emulator_with_requests_abandoned_in_flight(vc: VirtualClock) -> None:
    """A fifth of the requests time out on the client *before* they reach the server, which
    still counts them when they arrive: the grace keeps their places until then."""
    server = StrictServer(vc, limit=5, window=1.0)
    t = make(vc, {"Heavy": (5, 1.0)})
    rnd = random.Random(7)
    late: list[asyncio.Future[None]] = []

    async def arrive_later(delay: float) -> None:
        await vc.sleep(delay)
        server.handle()

    async def one() -> None:
        while True:
            d_in, d_out = rnd.uniform(0.001, 0.05), rnd.uniform(0.001, 0.05)
            try:
                async with t.slot("Heavy") as slot:
                    if rnd.random() < 0.2:
                        late.append(asyncio.ensure_future(arrive_later(d_in)))
                        await vc.sleep(rnd.uniform(0.0, d_in))
                        raise TimeoutError
                    await vc.sleep(d_in)
                    status, headers = server.handle()
                    await vc.sleep(d_out)
                    slot.observe(status, headers)
            except TimeoutError:
                continue
            if status != 429:
                return

    async def scenario() -> None:
        await asyncio.gather(*(one() for _ in range(40)))
        await asyncio.gather(*late)

    await vc.run(scenario())
    assert len(late) >= 5
    assert server.rejected == 0
    assert len(server.accepted) == 40 + len(late)


async def test_cancelled_waiters_leave_no_task_behind() -> None:
    """Real loop: waiters sleeping for a place, then cancelled: no task of the limiter stays."""
    t = Throttle({"Heavy": (1, 30.0)}, probe_first=False)
    async with t.slot("Heavy") as slot:
        slot.observe(200, {})

    async def wait_for_place() -> None:
        async with t.slot("Heavy"):
            raise AssertionError("admitted inside the window")

    waiters = [asyncio.ensure_future(wait_for_place()) for _ in range(3)]
    await asyncio.sleep(0.01)
    assert len(asyncio.all_tasks()) > 4  # the head sleeps in a task of its own
    for w in waiters:
        w.cancel()
    await asyncio.gather(*waiters, return_exceptions=True)
    await asyncio.sleep(0)
    assert asyncio.all_tasks() == {asyncio.current_task()}
    assert t.stats()["Heavy"].sent == 1
