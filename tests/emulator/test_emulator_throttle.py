"""The real public client against the strict emulator: zero 429 in the emulator's own log.

Every test uses the client's default ``throttle=True`` (RingCentral's documented limits:
Heavy 10 per 60 s, ...) unless it is about configuration: the emulator's real, shorter or
lower limits must be learned from its headers. Windows are short (0.5 s) so the file runs
in a few seconds; ZERO 429 is asserted strictly (the limiter's guarantee does not depend on
timing), rates only with a wide margin (loaded 2-core machine).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from _emu_app import MakeEmulator, PlatformEmulator
from _emu_state import Arrival

from ringcentral_async import NotFoundError, RateLimitError, RingCentral, Throttle

CALL_LOG = "/restapi/v1.0/account/~/call-log"  # Heavy
EXTENSION_LIST = "/restapi/v1.0/account/~/extension"  # Medium
MY_EXTENSION = "/restapi/v1.0/account/~/extension/~"  # Light
PATHS = {"Heavy": CALL_LOG, "Medium": EXTENSION_LIST, "Light": MY_EXTENSION}

MakeClient = Callable[..., Awaitable[RingCentral]]

W = 0.5  # every short window in this file
SHORT = {"Light": (12, W), "Medium": (8, W), "Heavy": (4, W), "Auth": (5, W)}
#: Share of the allowed rate demanded despite jitter and a loaded machine.
MIN_SHARE = 0.6


def max_in_window(arrivals: Sequence[Arrival], window: float) -> int:
    """The most arrivals in any window (t - window, t] (the emulator's rule)."""
    times = sorted(a.time for a in arrivals)
    best = lo = 0
    for hi, t in enumerate(times):
        while times[lo] <= t - window:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


def share_of_limit(arrivals: Sequence[Arrival], limit: int, window: float) -> float:
    """Achieved rate / allowed rate; ``k * limit`` ideal arrivals span ``(k - 1) * window``."""
    times = sorted(a.time for a in arrivals)
    return len(times) / (times[-1] - times[0] + window) / (limit / window)


def assert_clean(emu: PlatformEmulator) -> None:
    """No 429, no 401, nothing sent with a dead, expired or unknown token."""
    bad = [a for a in emu.log if a.status >= 400 or a.token_state not in ("valid", "basic")]
    assert bad == [], bad


async def burst(rc: RingCentral, path: str, n: int) -> list[Any]:
    return await asyncio.gather(*(rc.get(path, params={"perPage": 5}) for _ in range(n)))


@pytest.mark.timing
@pytest.mark.parametrize("seed", [1, 2])
async def test_heavy_burst_three_times_the_limit_with_jitter(
    make_emulator: MakeEmulator, make_client: MakeClient, seed: int
) -> None:
    limit, window = SHORT["Heavy"]
    emu = await make_emulator(limits=SHORT, penalty=2.0, jitter=0.03, seed=seed)
    rc = await make_client(emu)  # throttle=True: believes Heavy 10 per 60 s

    results = await burst(rc, CALL_LOG, 3 * limit)

    assert [len(r["records"]) for r in results] == [5] * (3 * limit)
    heavy = emu.arrivals(group="Heavy")
    assert len(heavy) == 3 * limit
    assert_clean(emu)
    assert max_in_window(heavy, window) <= limit
    assert share_of_limit(heavy, limit, window) >= MIN_SHARE
    stats = rc.throttle.stats()["Heavy"]
    assert (stats.limit, stats.window, stats.sent, stats.rejected_429) == (limit, W, 12, 0)


async def test_app_limits_lower_than_the_defaults_in_every_group(
    make_emulator: MakeEmulator, make_client: MakeClient
) -> None:
    """Light 3, Medium 2, Heavy 2 per 0.5 s (defaults: 50, 40, 10 per 60 s): three concurrent
    bursts of 3x the limit, with jitter; the first response of each group calibrates it."""
    lower = {"Light": (3, W), "Medium": (2, W), "Heavy": (2, W)}
    emu = await make_emulator(limits=lower, penalty=2.0, jitter=0.02, seed=5)
    rc = await make_client(emu)

    await asyncio.gather(*(burst(rc, PATHS[g], 3 * n) for g, (n, _) in lower.items()))

    assert_clean(emu)
    stats = rc.throttle.stats()
    for group, (limit, window) in lower.items():
        arrivals = emu.arrivals(group=group)
        assert len(arrivals) == 3 * limit
        assert max_in_window(arrivals, window) <= limit
        assert (stats[group].limit, stats[group].window) == (limit, window)


@pytest.mark.parametrize(
    ("prefix", "case"),
    [("X-Rate-Limit-", str.lower), ("X-RateLimit-", str), ("x-rate-limit-", str.upper)],
    ids=["lower-case-group", "X-RateLimit-spelling", "all-lower-names-upper-group"],
)
async def test_header_spellings_and_group_case(
    make_emulator: MakeEmulator, make_client: MakeClient, prefix: str, case: Any
) -> None:
    emu = await make_emulator(
        limits={"Heavy": (3, W)}, penalty=2.0, jitter=0.02, header_prefix=prefix, group_case=case
    )
    rc = await make_client(emu)

    await burst(rc, CALL_LOG, 6)

    assert_clean(emu)
    assert max_in_window(emu.arrivals(group="Heavy"), W) <= 3
    assert "heavy" not in rc.throttle.stats() and "HEAVY" not in rc.throttle.stats()
    assert (rc.throttle.stats()["Heavy"].limit, rc.throttle.stats()["Heavy"].window) == (3, W)


async def test_rate_headers_missing_on_some_responses(
    make_emulator: MakeEmulator, make_client: MakeClient
) -> None:
    """The first response of each group and then every third one come without
    X-Rate-Limit-* headers; the real Heavy limit (3 per 0.5 s) is still never exceeded."""
    emu = await make_emulator(
        limits={"Heavy": (3, W)},
        penalty=2.0,
        jitter=0.02,
        omit_rate_headers=lambda group, n: n == 1 or n % 3 == 0,
    )
    rc = await make_client(emu)

    await burst(rc, CALL_LOG, 9)

    assert_clean(emu)
    assert max_in_window(emu.arrivals(group="Heavy"), W) <= 3


async def test_window_longer_than_the_default(
    make_emulator: MakeEmulator, make_client: MakeClient
) -> None:
    """Heavy 3 per 300 s (default: 10 per 60 s): 3 calls go, the others wait (no 429), and
    cancelling the waiters frees their places without anything reaching the emulator."""
    emu = await make_emulator(limits={"Heavy": (3, 300.0)}, jitter=0.02)
    rc = await make_client(emu)
    tasks = [asyncio.ensure_future(rc.get(CALL_LOG)) for _ in range(6)]
    pending_now: set[asyncio.Future[Any]] = set(tasks)
    while len(pending_now) > 3:  # the first 3 answers, however slow the machine
        answered, pending_now = await asyncio.wait(
            pending_now, timeout=30, return_when=asyncio.FIRST_COMPLETED
        )
        assert answered, "no answer within 30 s"
    # The defaults (10 per 60 s) would have sent the others at once (a wrong limiter shows
    # up here; a slow machine only makes the check weaker, never fail).
    await asyncio.sleep(0.3)
    done = {t for t in tasks if t.done()}
    pending = [t for t in tasks if not t.done()]

    assert len(done) == 3 and len(pending) == 3
    assert all(t.exception() is None for t in done)
    stats = rc.throttle.stats()["Heavy"]
    assert (stats.limit, stats.window, stats.remaining) == (3, 300.0, 0)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    assert emu.count(group="Heavy") == 3
    assert_clean(emu)
    # Other groups are not held up by Heavy's long window.
    assert (await rc.get(MY_EXTENSION))["extensionNumber"] == "101"


async def run_across_a_refresh(emu: PlatformEmulator, rc: RingCentral, skew: list[float]) -> int:
    """24 coroutines call Light back to back; once 48 calls have arrived the shared clock
    jumps 50 s (10 s of the token's 60 s left: inside the client's refresh margin, still
    valid on the emulator); they stop after 48 more calls with the new token."""
    stop = asyncio.Event()

    async def worker() -> int:
        n = 0
        while not stop.is_set():
            await rc.get(MY_EXTENSION)
            n += 1
        return n

    async def until(condition: Callable[[], bool]) -> None:
        for _ in range(3_000):  # at most 30 s on a very slow machine
            if condition():
                return
            await asyncio.sleep(0.01)
        raise AssertionError("the run made no progress")

    async def drive() -> None:
        try:
            await until(lambda: emu.count(group="Light") >= 48)
            skew[0] += 50.0
            await until(lambda: emu.count(group="Auth") >= 2)
            after = emu.count(group="Light")
            await until(lambda: emu.count(group="Light") >= after + 48)
        finally:
            stop.set()

    counts = asyncio.gather(*(worker() for _ in range(24)))
    await asyncio.gather(counts, drive())
    return sum(counts.result())


#: API requests take 0-30 ms to arrive, token requests 0-2 ms: requests sent with the old
#: token just before a refresh are still on their way when the refresh rotates the pair.
SHORT_TTL: dict[str, Any] = {
    "limits": {"Light": (400, W)},
    "penalty": 2.0,
    "jitter": 0.03,
    "auth_jitter": 0.002,
    "access_ttl": 60.0,
}


async def test_token_expiring_mid_run_one_refresh_and_no_dead_token(
    make_emulator: MakeEmulator, make_client: MakeClient
) -> None:
    """Many concurrent callers while the access token nears its end: exactly one refresh,
    and the requests that took the old token just before it must have arrived before the
    refresh rotates the pair (the old token dies at once): no 401, no dead or expired
    token. The emulator and the client share one clock that the test moves forward."""
    skew = [0.0]
    started_wall, started = datetime.now(UTC), time.monotonic()
    emu = await make_emulator(**SHORT_TTL, clock=lambda: time.monotonic() + skew[0])
    rc = await make_client(
        emu,
        clock=lambda: started_wall + timedelta(seconds=time.monotonic() - started + skew[0]),
    )

    calls = await run_across_a_refresh(emu, rc, skew)

    grants = [a.grant for a in emu.arrivals(group="Auth")]
    assert grants == ["urn:ietf:params:oauth:grant-type:jwt-bearer", "refresh_token"]
    assert_clean(emu)
    assert emu.count(group="Light", status=200) == calls


@pytest.mark.timing
async def test_injected_429_pauses_only_its_group(
    make_emulator: MakeEmulator, make_client: MakeClient
) -> None:
    """A 429 with Retry-After: 1 on the 4th Heavy call: the emulator restarts the penalty on
    any Heavy arrival during it (a second 429 would show), Light and Medium keep flowing,
    and every call succeeds (the rejected one is retried after the pause)."""
    retry_after = 1.0
    emu = await make_emulator(limits=SHORT, penalty=2.0, jitter=0.02)
    rc = await make_client(emu)
    done = asyncio.Event()

    async def heavy_walk() -> list[Any]:
        out = []
        try:
            for i in range(6):
                if i == 3:
                    emu.inject_429("Heavy", retry_after=retry_after)
                out.append(await rc.get(CALL_LOG, params={"perPage": 5}))
        finally:
            done.set()
        return out

    async def paced(path: str) -> int:
        sent = 0
        while not done.is_set():
            await rc.get(path)
            sent += 1
            await asyncio.sleep(0.05)
        return sent

    heavy_results, light_sent, medium_sent = await asyncio.gather(
        heavy_walk(), paced(MY_EXTENSION), paced(EXTENSION_LIST)
    )

    assert [len(r["records"]) for r in heavy_results] == [5] * 6
    rejected = emu.arrivals(status=429)
    assert [(a.group, a.reason) for a in rejected] == [("Heavy", "injected")]
    hit = rejected[0]
    heavy = emu.arrivals(group="Heavy")
    assert len(heavy) == 7
    during = [a for a in heavy if hit.time < a.time < hit.time + retry_after]
    assert during == []
    assert [a.status for a in heavy if a.time > hit.time] == [200, 200, 200]
    for group in ("Light", "Medium"):
        flowing = [a for a in emu.arrivals(group=group) if hit.time < a.time < hit.time + 1]
        assert len(flowing) >= 4, group
    assert emu.count(group="Light") == light_sent
    assert emu.count(group="Medium") == medium_sent
    stats = rc.throttle.stats()
    assert (stats["Heavy"].rejected_429, stats["Light"].rejected_429) == (1, 0)


async def test_non_user_level_429_without_headers_is_honoured(
    make_emulator: MakeEmulator, make_client: MakeClient
) -> None:
    """A 429 with neither Retry-After nor rate headers (account/global limit): the group waits
    the default pause (configured to 1 s here instead of 30 s), then the call succeeds."""
    emu = await make_emulator(limits=SHORT, penalty=2.0, jitter=0.02)
    rc = await make_client(emu, throttle=Throttle(default_retry_after=1.0))
    await rc.get(CALL_LOG)
    emu.inject_429("Heavy", retry_after=None, penalty=0.9, rate_headers=False)

    await rc.get(CALL_LOG)  # rejected, paused, retried
    results = await burst(rc, CALL_LOG, 3)

    assert [len(r["records"]) for r in results] == [5] * 3
    heavy = emu.arrivals(group="Heavy")
    assert [a.reason for a in heavy] == ["ok", "injected", "ok", "ok", "ok", "ok"]
    assert heavy[2].time - heavy[1].time >= 0.9
    assert emu.count(status=429) == 1
    assert rc.throttle.stats()["Heavy"].rejected_429 == 1


async def test_plan_error_429_is_not_retried(
    make_emulator: MakeEmulator, make_client: MakeClient
) -> None:
    """CMN-303 (API plan cannot be resolved): retrying does not help, the error surfaces."""
    emu = await make_emulator(limits=SHORT)
    rc = await make_client(emu)
    emu.inject_429("Heavy", retry_after=0.2, error_code="CMN-303")

    with pytest.raises(RateLimitError) as info:
        await rc.get(CALL_LOG)

    assert info.value.error_code == "CMN-303"
    assert emu.count(group="Heavy") == 1


async def test_paged_call_log_walk_under_the_real_limit(
    make_emulator: MakeEmulator, make_client: MakeClient
) -> None:
    """navigation.nextPage paging (no totals), 12 pages at Heavy 4 per 0.5 s, three walks
    at once: every record once per walk, zero 429."""
    emu = await make_emulator(limits=SHORT, penalty=2.0, jitter=0.02, call_log_records=48)
    rc = await make_client(emu)

    walks = await asyncio.gather(
        *(rc.paginate(CALL_LOG, params={"perPage": 12}).collect() for _ in range(3))
    )

    for items in walks:
        assert len({r["id"] for r in items}) == len(items) == 48
    assert emu.count(group="Heavy") == 12
    assert_clean(emu)


async def test_token_requests_share_the_auth_limit(
    make_emulator: MakeEmulator, make_client: MakeClient
) -> None:
    """Auth 2 per 0.5 s: a login and three refreshes in a row never get a 429."""
    emu = await make_emulator(limits={"Auth": (2, W)}, penalty=2.0)
    rc = await make_client(emu)

    for _ in range(3):
        await rc.refresh()

    auth = emu.arrivals(group="Auth")
    assert len(auth) == 4
    assert max_in_window(auth, W) <= 2
    assert_clean(emu)
    with contextlib.suppress(RateLimitError):  # the client still works
        assert (await rc.get(MY_EXTENSION))["id"]


async def test_raw_call_groups_from_the_spec_table_override_and_fallback(
    make_emulator: MakeEmulator, make_client: MakeClient
) -> None:
    emu = await make_emulator(limits=SHORT)
    rc = await make_client(emu)

    await rc.get(MY_EXTENSION)  # Light by the spec table
    await rc.get(MY_EXTENSION, group="Medium")  # group= overrides it
    with pytest.raises(NotFoundError):
        await rc.get("/restapi/v1.0/no-such-area")  # unknown to the spec: Heavy, the strictest

    stats = rc.throttle.stats()
    assert (stats["Light"].sent, stats["Medium"].sent, stats["Heavy"].sent) == (1, 1, 1)
    assert emu.count(group="Light") == 2


async def test_calls_the_server_counts_in_another_group(
    make_emulator: MakeEmulator, make_client: MakeClient
) -> None:
    """The spec says Heavy; the server counts the call log in "heavy-v2" (2 per 0.5 s) and
    says so in X-Rate-Limit-Group (group names may change, docs/platform.md §1.3): the calls
    queued behind the first move to that group (the pipeline passes ``operation=``)."""
    emu = await make_emulator(
        limits={"heavy-v2": (2, W)}, counted_as={"Heavy": "heavy-v2"}, penalty=2.0, jitter=0.01
    )
    rc = await make_client(emu)

    await burst(rc, CALL_LOG, 6)

    assert emu.count(status=429) == 0
    assert max_in_window(emu.arrivals(group="heavy-v2"), W) <= 2
