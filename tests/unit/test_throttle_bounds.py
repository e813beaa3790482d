"""The throttle against hostile header values: bounded pauses, bounded windows and limits,
work independent of the numbers in headers, a bounded group table (virtual time)."""

from __future__ import annotations

import asyncio
import bisect
import math
import time
from collections.abc import Mapping

import pytest
from _vclock import VirtualClock
from hypothesis import given, settings
from hypothesis import strategies as st

from ringcentral_async import ConfigurationError, Throttle
from ringcentral_async._config import DEFAULT_MAX_PAUSE, RATE_LIMIT_MAX, RATE_WINDOW_MAX
from ringcentral_async._throttle import (
    DEFAULT_LIMITS,
    LEARNED_GROUPS_MAX,
    LEARNED_OPERATIONS_MAX,
    NoThrottle,
)
from ringcentral_async._throttle._window import Window

T0 = 1000.0
#: A limiter operation must cost less than this, whatever a header says (2-core CI box).
FAST = 0.05


@pytest.fixture
def vc() -> VirtualClock:
    return VirtualClock(T0)


def make(
    vc: VirtualClock, limits: Mapping[str, tuple[int, float]] | None = None, **kw: object
) -> Throttle:
    return Throttle(limits, clock=vc, sleep=vc.sleep, **kw)  # type: ignore[arg-type]


async def respond(
    t: Throttle, group: str, status: int, headers: Mapping[str, str], operation: object = None
) -> None:
    async with t.slot(group, operation=operation) as slot:
        slot.observe(status, headers)


# -- max_pause: configuration ---------------------------------------------------------------


@pytest.mark.parametrize("bad", [0, -1, 0.0, math.nan, math.inf, -math.inf, "300", True, None])
def test_max_pause_must_be_positive_and_finite(bad: object) -> None:
    with pytest.raises(ConfigurationError, match="max_pause"):
        Throttle(max_pause=bad)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="max_pause"):
        NoThrottle(max_pause=bad)  # type: ignore[arg-type]


def test_max_pause_defaults_to_five_minutes() -> None:
    assert DEFAULT_MAX_PAUSE == 300.0
    assert Throttle().max_pause == NoThrottle().max_pause == 300.0
    assert Throttle(max_pause=12).max_pause == 12.0
    assert NoThrottle(max_pause=2.5).max_pause == 2.5


# -- max_pause: a 429's Retry-After pauses the group at most that long ----------------------


@pytest.mark.parametrize(
    "retry_after",
    [
        "1000000000",
        "1" + "0" * 400,  # float() of this is inf
        "Fri, 31 Dec 9999 23:59:59 GMT",
    ],
)
async def test_huge_retry_after_pauses_the_group_only_max_pause(
    vc: VirtualClock, retry_after: str
) -> None:
    t = make(vc, {"Heavy": (5, 1.0)}, probe_first=False)
    log: list[float] = []

    async def later() -> None:
        async with t.slot("Heavy") as slot:
            log.append(vc.now)
            slot.observe(200, {})

    async def scenario() -> None:
        await respond(t, "Heavy", 429, {"Retry-After": retry_after})
        assert t.paused_until("Heavy") == pytest.approx(T0 + 300)
        assert t.pause_remaining("Heavy") == pytest.approx(300)
        await later()

    await vc.run(scenario())
    assert log == pytest.approx([T0 + 300], abs=1e-3)
    assert all(0 <= s <= 300 + 1e-3 for s in vc.sleeps)


async def test_configured_max_pause_caps_retry_after_and_penalties(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (5, 1.0)}, probe_first=False, max_pause=20.0, default_retry_after=1e6)
    await respond(t, "Heavy", 429, {"Retry-After": "21"})
    assert t.pause_remaining("Heavy") == pytest.approx(20)
    await respond(t, "Light", 429, {})  # no Retry-After: the default, capped
    assert t.pause_remaining("Light") == pytest.approx(20)
    t.penalize("Medium", 1e12)
    assert t.pause_remaining("Medium") == pytest.approx(20)
    t.penalize("Auth", math.inf)
    assert t.pause_remaining("Auth") == pytest.approx(20)
    t.penalize("Heavy", 3)  # a shorter one never shortens
    assert t.pause_remaining("Heavy") == pytest.approx(20)


@pytest.mark.parametrize(
    "retry_after", ["-5", "-1e9", "nan", "NaN", "-inf", "garbage", "Thu, 01 Jan 1970 00:00:00 GMT"]
)
async def test_odd_retry_after_never_gives_a_negative_or_infinite_pause(
    vc: VirtualClock, retry_after: str
) -> None:
    t = make(vc, {"Heavy": (5, 1.0)}, probe_first=False)
    await respond(t, "Heavy", 429, {"Retry-After": retry_after})
    remaining = t.pause_remaining("Heavy")
    assert math.isfinite(remaining) and 0 <= remaining <= 30.0  # at most the default
    t.penalize("Light", -1e9)
    t.penalize("Medium", math.nan)
    assert t.paused_until("Light") is None and t.paused_until("Medium") is None


# -- learned limits and windows are clamped -------------------------------------------------


async def test_learned_limit_and_window_are_clamped(vc: VirtualClock) -> None:
    t = make(vc, probe_first=False)
    await respond(
        t, "Heavy", 200, {"X-Rate-Limit-Limit": "1e300", "X-Rate-Limit-Window": "1000000000"}
    )
    s = t.stats()["Heavy"]
    assert (s.limit, s.window) == (RATE_LIMIT_MAX, 300.0)  # the window: at most max_pause
    await respond(t, "Light", 200, {"X-Rate-Limit-Window": "0.000001"})
    assert t.stats()["Light"].window == 0.1


async def test_learned_window_above_max_pause_only_if_configured_so(vc: VirtualClock) -> None:
    t = make(vc, {"Heavy": (10, 900.0)}, probe_first=False, max_pause=1000.0)
    await respond(t, "Heavy", 200, {"X-Rate-Limit-Window": "7200"})
    await respond(t, "Light", 200, {"X-Rate-Limit-Window": "7200"})
    stats = t.stats()
    assert stats["Heavy"].window == 1000.0  # max(max_pause, configured)
    assert stats["Light"].window == 1000.0
    t = make(vc, {"Heavy": (10, 900.0)}, probe_first=False)  # max_pause 300
    await respond(t, "Heavy", 200, {"X-Rate-Limit-Window": "7200"})
    await respond(t, "Light", 200, {"X-Rate-Limit-Window": "7200"})
    stats = t.stats()
    assert stats["Heavy"].window == 900.0  # the window the user configured is kept
    assert stats["Light"].window == 300.0
    assert RATE_WINDOW_MAX == 3600.0


async def test_a_remaining_zero_window_never_stalls_the_group_past_max_pause(
    vc: VirtualClock,
) -> None:
    t = make(vc, {"Heavy": (5, 1.0)}, probe_first=False, max_pause=30.0)
    log: list[float] = []
    hostile = {"X-Rate-Limit-Limit": "5", "X-Rate-Limit-Remaining": "0"}

    async def scenario() -> None:
        await respond(t, "Heavy", 200, {**hostile, "X-Rate-Limit-Window": "99999999"})
        async with t.slot("Heavy") as slot:
            log.append(vc.now)
            slot.observe(200, {})

    await vc.run(scenario())
    assert log == pytest.approx([T0 + 30], abs=1e-3)


# -- no work in proportion to a header value ------------------------------------------------


@pytest.mark.parametrize("limit", ["5000000", "1000000000", "1e300"])
async def test_huge_limit_with_remaining_zero_is_cheap(vc: VirtualClock, limit: str) -> None:
    t = make(vc, {"Heavy": (10, 60.0)}, probe_first=False)
    hostile = {"X-Rate-Limit-Limit": limit, "X-Rate-Limit-Remaining": "0"}
    started = time.perf_counter()
    await respond(t, "Heavy", 200, hostile)
    t.stats()
    group = t.slot("Heavy")._group
    assert group is not None
    assert group.delay(vc.now) == pytest.approx(60.0, abs=1e-3)
    assert time.perf_counter() - started < FAST
    s = t.stats()["Heavy"]
    assert (s.limit, s.remaining) == (RATE_LIMIT_MAX, 0)


def test_hold_is_one_entry_whatever_the_count() -> None:
    w = Window("Heavy", 5, 1.0, probing=False)
    started = time.perf_counter()
    w.hold(3_000_000, 10.0)
    assert time.perf_counter() - started < FAST
    w.hold(10**12, 10.0)  # merges with the entry at the same time
    w.hold(7, 10.5)
    assert time.perf_counter() - started < FAST
    assert (w.held_at, w.held_n) == ([10.0, 10.5], [3_000_000 + 10**12, 7])
    assert w.occupied(10.6) == 3_000_000 + 10**12 + 7
    assert w.delay(10.6) == pytest.approx(0.9 + 1e-6)  # the first entry's places expire at 11
    assert w.delay(11.2) == pytest.approx(0.3 + 1e-6)  # then the 7 held at 10.5
    assert w.delay(11.6) == 0.0
    w.hold(0, 12.0)
    w.hold(-5, 12.0)
    assert w.held_at == [10.0, 10.5]  # nothing to hold: no entry


class Expanded:
    """The reference: every held request is an entry of its own (the old representation)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self.inflight = 0
        self.times: list[float] = []

    def live(self, now: float) -> list[float]:
        return [x for x in self.times if x > now - self.window]

    def delay(self, now: float) -> float | None:
        live = sorted(self.live(now))
        excess = self.inflight + len(live) - self.limit + 1
        if excess <= 0:
            return 0.0
        if excess > len(live):
            return None
        return live[excess - 1] + self.window - now + 1e-6


_OPS = st.lists(
    st.tuples(
        st.sampled_from(["admit", "release", "hold", "tick"]),
        st.integers(min_value=0, max_value=6),  # how many to hold
        st.floats(min_value=0.0, max_value=0.7),  # time step / release offset
    ),
    max_size=40,
)


@settings(database=None, max_examples=120, deadline=None)
@given(
    ops=_OPS,
    limit=st.integers(min_value=1, max_value=8),
    window=st.sampled_from([0.5, 1.0, 2.0]),
)
def test_counted_holds_behave_like_one_entry_per_request(
    ops: list[tuple[str, int, float]], limit: int, window: float
) -> None:
    """Window (one entry per report) and the expanded reference agree on every answer."""
    w = Window("G", limit, window, probing=False)
    ref = Expanded(limit, window)
    now = 0.0
    for op, n, x in ops:
        if op == "admit":
            w.inflight += 1
            ref.inflight += 1
        elif op == "release" and w.inflight:
            w.release(now + x)  # a grace may put a release in the future
            ref.inflight -= 1
            bisect.insort(ref.times, now + x)
        elif op == "hold":
            w.hold(n, now)
            ref.times.extend([now] * n)
        elif op == "tick":
            now += x
        assert w.occupied(now) == ref.inflight + len(ref.live(now))
        expected = ref.delay(now)
        got = w.delay(now)
        if expected is None:
            assert got is None
        else:
            assert got == pytest.approx(expected, abs=1e-9)
        assert w.possibly_counted_at(now) == ref.inflight + len(ref.live(now))


# -- a bounded group table ------------------------------------------------------------------


async def test_new_group_names_from_responses_are_bounded(vc: VirtualClock) -> None:
    t = make(vc, {"Light": (10_000, 1.0), "Heavy": (10_000, 1.0)}, probe_first=False)
    for i in range(200):
        headers = {"X-Rate-Limit-Group": f"group-{i}", "X-Rate-Limit-Limit": "10000"}
        await respond(t, "Light", 200, headers, operation=("GET", f"/op/{i}"))
    stats = t.stats()
    assert LEARNED_GROUPS_MAX == 16
    assert len(stats) == len(DEFAULT_LIMITS) + LEARNED_GROUPS_MAX
    assert set(stats) - set(DEFAULT_LIMITS) == {f"group-{i}" for i in range(16)}
    # Beyond the bound a report is ignored: the request stays counted in its spec group.
    assert stats["Light"].sent == 200
    assert t.slot("Light", operation=("GET", "/op/199")).group == "Light"
    assert t.slot("Light", operation=("GET", "/op/3")).group == "group-3"
    # A known or already learned name is still honoured.
    await respond(t, "Light", 200, {"X-Rate-Limit-Group": "group-3"}, operation="x")
    await respond(t, "Light", 200, {"X-Rate-Limit-Group": "medium"}, operation="y")
    assert t.slot("Light", operation="x").group == "group-3"
    assert t.slot("Light", operation="y").group == "Medium"
    assert len(t.stats()) == len(DEFAULT_LIMITS) + LEARNED_GROUPS_MAX


async def test_groups_the_user_names_are_not_counted_against_the_bound(vc: VirtualClock) -> None:
    t = make(vc, {"Custom": (3, 1.0)}, probe_first=False)
    for i in range(LEARNED_GROUPS_MAX + 3):
        async with t.slot(f"mine-{i}") as slot:  # a group= the caller chose
            slot.observe(200, {})
    await respond(t, "Light", 200, {"X-Rate-Limit-Group": "reported"}, operation="op")
    assert "reported" in t.stats()


async def test_an_overlong_or_unprintable_group_name_is_ignored(vc: VirtualClock) -> None:
    t = make(vc, probe_first=False)
    await respond(t, "Light", 200, {"X-Rate-Limit-Group": "x" * 10_000}, operation="a")
    await respond(t, "Light", 200, {"X-Rate-Limit-Group": "bad\x7fname"}, operation="b")
    assert set(t.stats()) == set(DEFAULT_LIMITS)
    assert t.slot("Light", operation="a").group == "Light"


async def test_learned_operations_stay_bounded_with_many_reported_groups(
    vc: VirtualClock,
) -> None:
    t = make(vc, {"Heavy": (10_000, 1.0)}, probe_first=False)
    for i in range(LEARNED_OPERATIONS_MAX + 50):
        await respond(t, "Heavy", 200, {"X-Rate-Limit-Group": f"g{i % 20}"}, operation=i)
    assert len(t._learned) <= LEARNED_OPERATIONS_MAX
    assert len(t.stats()) <= len(DEFAULT_LIMITS) + LEARNED_GROUPS_MAX


async def test_hostile_headers_never_block_waiters_forever(vc: VirtualClock) -> None:
    """A mix of hostile values on 429s and 200s: every queued request is admitted within
    a bounded virtual time, and no sleep is negative or longer than max_pause + window."""
    t = make(vc, {"Heavy": (2, 1.0)}, max_pause=10.0)
    hostile = [
        (429, {"Retry-After": "1e999", "X-Rate-Limit-Limit": "0"}),
        (200, {"X-Rate-Limit-Limit": "1000000000", "X-Rate-Limit-Remaining": "0"}),
        (429, {"Retry-After": "Fri, 31 Dec 9999 23:59:59 GMT", "Date": "garbage"}),
        (200, {"X-Rate-Limit-Window": "inf", "X-Rate-Limit-Remaining": "-7"}),
        (200, {"X-Rate-Limit-Window": "1e308", "X-Rate-Limit-Limit": "2"}),
        (429, {"Retry-After": "-1"}),
    ]
    log: list[float] = []

    async def one(i: int) -> None:
        status, headers = hostile[i % len(hostile)]
        async with t.slot("Heavy") as slot:
            log.append(vc.now)
            slot.observe(status, headers)

    await vc.run(asyncio.gather(*(one(i) for i in range(12))), limit=600)
    assert len(log) == 12
    assert all(0 <= s <= 10.0 + 1e-3 for s in vc.sleeps)
