"""Usage-plan throttling against FakeRingCentral with short windows (issue 4, "Done when").

The tests that measure rates, or count what flows during a pause, run on the wall clock
and carry the ``timing`` marker (CI runs them in a step of their own). Assertions are on
the fake's request log (arrival times on the same monotonic clock as the client's limiter),
not on wall-clock sums. Rates are measured as ``n / (span + window)``: a perfect
sliding-window limiter sending ``k * limit`` requests needs a span of ``(k - 1) * window``
from the first to the last arrival, so that ratio equals the limit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import pytest

from ringcentral_async import RingCentral, Throttle
from ringcentral_async.testing import FakeRingCentral, RequestRecord

CALL_LOG = "/restapi/v1.0/account/~/call-log"  # Heavy
EXTENSION_LIST = "/restapi/v1.0/account/~/extension"  # Medium
MY_EXTENSION = "/restapi/v1.0/account/~/extension/~"  # Light

HEAVY = (5, 1.0)
SHORT = {"Light": (50, 1.0), "Medium": (50, 1.0), "Heavy": HEAVY, "Auth": (5, 1.0)}
#: Loaded 2-core CI box: demand 90 % of the allowed rate, not 100 %.
MIN_SHARE = 0.90

MakeFake = Callable[..., Awaitable[FakeRingCentral]]
MakeClient = Callable[..., Awaitable[RingCentral]]


def share_of_limit(records: Sequence[RequestRecord], limit: int, window: float) -> float:
    """Achieved rate / allowed rate, from the arrival times of ``records``."""
    times = sorted(r.time for r in records)
    rate = len(times) / (times[-1] - times[0] + window)
    return rate / (limit / window)


def max_in_window(records: Sequence[RequestRecord], window: float) -> int:
    """The most arrivals in any half-open window of ``window`` seconds (the fake's rule)."""
    times = sorted(r.time for r in records)
    best = 0
    lo = 0
    for hi, t in enumerate(times):
        while times[lo] <= t - window:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


async def heavy_burst(rc: RingCentral, n: int) -> list[Any]:
    """``n`` concurrent company call-log requests (Heavy)."""
    return await asyncio.gather(*(rc.get(CALL_LOG, params={"perPage": 5}) for _ in range(n)))


@pytest.mark.timing
async def test_three_times_the_limit_concurrently_zero_429_at_full_rate(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    limit, window = HEAVY
    fake = await make_fake(limits=SHORT)
    rc = await make_client(fake, throttle=Throttle(limits=SHORT))

    results = await heavy_burst(rc, 3 * limit)

    assert [len(r["records"]) for r in results] == [5] * (3 * limit)
    heavy = fake.requests(group="Heavy")
    assert len(heavy) == 3 * limit
    assert fake.count(status=429) == 0
    assert {r.status for r in heavy} == {200}
    assert max_in_window(heavy, window) <= limit
    assert share_of_limit(heavy, limit, window) >= MIN_SHARE

    stats = rc.throttle.stats()
    assert stats["Heavy"].limit == limit
    assert stats["Heavy"].window == window
    assert stats["Heavy"].sent == 3 * limit
    assert stats["Heavy"].rejected_429 == 0
    # Batches 2 and 3 wait about 1 and 2 windows each: 5 * 1 + 5 * 2 = 15 s in total.
    assert stats["Heavy"].waited_s >= 0.8 * limit * (1 + 2) * window
    assert 0 <= stats["Heavy"].remaining <= limit
    # The JWT login went through the Auth group, once.
    assert fake.count(group="Auth") == 1
    assert stats["Auth"].sent == 1
    assert stats["Auth"].rejected_429 == 0


@pytest.mark.timing
@pytest.mark.parametrize(
    "client_limits",
    [None, {"Heavy": (10, 1.0)}],
    ids=["client-defaults-10-per-60s", "client-10-per-1s"],
)
async def test_fake_limit_lower_than_the_clients_is_learned_from_headers(
    make_fake: MakeFake, make_client: MakeClient, client_limits: dict[str, Any] | None
) -> None:
    """The fake allows Heavy 3 per 1 s; the client believes more (RingCentral's defaults,
    10 per 60 s, or 10 per 1 s). Probe-first + header calibration: never a 429, and the
    learned window (1 s, not 60 s) keeps the rate up."""
    limit, window = 3, 1.0
    fake = await make_fake(limits={**SHORT, "Heavy": (limit, window)})
    rc = await make_client(fake, throttle=Throttle(limits=client_limits))

    await heavy_burst(rc, 3 * limit)

    heavy = fake.requests(group="Heavy")
    assert len(heavy) == 3 * limit
    assert fake.count(status=429) == 0
    assert max_in_window(heavy, window) <= limit
    assert share_of_limit(heavy, limit, window) >= MIN_SHARE
    stats = rc.throttle.stats()["Heavy"]
    assert (stats.limit, stats.window) == (limit, window)
    assert stats.sent == 3 * limit
    assert stats.rejected_429 == 0


async def _paced(rc: RingCentral, path: str, done: asyncio.Event) -> int:
    """GET ``path`` about 20 times a second until ``done`` (well below its group's limit)."""
    sent = 0
    while not done.is_set():
        await rc.get(path)
        sent += 1
        await asyncio.sleep(0.05)
    return sent


def _in(records: Sequence[RequestRecord], start: float, end: float) -> list[RequestRecord]:
    return [r for r in records if start < r.time < end]


@pytest.mark.timing
async def test_injected_429_pauses_only_its_group_and_the_call_succeeds(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    """A 429 with Retry-After: 1 on the 4th Heavy call of a sequential walk: no Heavy request
    reaches the fake for 1 s, Light and Medium keep flowing meanwhile, every call succeeds."""
    retry_after = 1.0
    fake = await make_fake(limits=SHORT)
    rc = await make_client(fake, throttle=Throttle(limits=SHORT))
    done = asyncio.Event()

    async def heavy_walk() -> list[Any]:
        out = []
        try:
            for i in range(8):
                if i == 3:
                    fake.fail_next(429, group="Heavy", retry_after=retry_after)
                out.append(await rc.get(CALL_LOG, params={"perPage": 5, "view": "Simple"}))
        finally:
            done.set()
        return out

    heavy_results, light_sent, medium_sent = await asyncio.gather(
        heavy_walk(),
        _paced(rc, MY_EXTENSION, done),
        _paced(rc, EXTENSION_LIST, done),
    )

    assert [len(r["records"]) for r in heavy_results] == [5] * 8
    rejected = fake.requests(status=429)
    assert len(rejected) == 1
    hit = rejected[0]
    assert (hit.group, hit.fault) == ("Heavy", "fail")
    heavy = fake.requests(group="Heavy")
    assert len(heavy) == 9  # 8 calls + 1 retry
    later = [r for r in heavy if r.time > hit.time]
    assert later, "the rejected call was never retried"
    # Nothing of the Heavy group during the pause; the retry is the same request.
    assert later[0].time - hit.time >= retry_after
    assert (later[0].path, later[0].query) == (hit.path, hit.query)
    # The other groups kept flowing during the pause (about 20/s each).
    assert len(_in(fake.requests(group="Light"), hit.time, hit.time + retry_after)) >= 5
    assert len(_in(fake.requests(group="Medium"), hit.time, hit.time + retry_after)) >= 5
    assert fake.count(group="Light") == light_sent
    assert fake.count(group="Medium") == medium_sent
    assert {r.status for r in fake.log if r is not hit} == {200}

    stats = rc.throttle.stats()
    assert stats["Heavy"].rejected_429 == 1
    assert stats["Heavy"].sent == 9
    assert stats["Heavy"].waited_s >= 0.9 * retry_after
    assert stats["Light"].rejected_429 == stats["Medium"].rejected_429 == 0
    assert stats["Light"].sent == light_sent
    assert stats["Medium"].sent == medium_sent


async def test_429_on_the_first_of_a_concurrent_burst_holds_the_whole_group(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    """Probe-first: the first Heavy request goes alone; it gets a 429 with Retry-After, so
    the 2 * limit requests queued behind it wait the whole pause, then all succeed."""
    limit, window = HEAVY
    retry_after = 1.0
    fake = await make_fake(limits=SHORT)
    rc = await make_client(fake, throttle=Throttle(limits=SHORT))
    fake.fail_next(429, group="Heavy", retry_after=retry_after)

    results = await heavy_burst(rc, 2 * limit)

    assert [len(r["records"]) for r in results] == [5] * (2 * limit)  # perPage=5, all answered
    heavy = fake.requests(group="Heavy")
    hit = heavy[0]
    assert (hit.status, hit.fault) == (429, "fail")
    assert len(heavy) == 2 * limit + 1
    assert _in(heavy, hit.time, hit.time + retry_after) == []
    assert fake.count(status=429) == 1
    assert max_in_window(heavy[1:], window) <= limit
    stats = rc.throttle.stats()["Heavy"]
    assert (stats.sent, stats.rejected_429) == (2 * limit + 1, 1)
