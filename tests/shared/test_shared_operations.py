"""The operation -> reported-group map is shared by the processes of a namespace.

Two throttle instances on one backend stand in for two processes: what one learns from a
response's ``X-Rate-Limit-Group``, the other applies to its next request of that operation
without having seen a response for it. Run against a real redis-server and a SQLite file.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import redis.asyncio as aioredis

from ringcentral_async import FileThrottle, SharedStateError
from ringcentral_async._shared.limiter import SharedThrottle
from ringcentral_async._shared.operations import OPERATIONS_REFRESH, operation_key
from ringcentral_async._shared.state import Admission, Settled
from ringcentral_async._throttle import LEARNED_OPERATIONS_MAX
from ringcentral_async.redis import RedisThrottle

OP = ("GET", "/restapi/v1.0/account/{accountId}/call-log")  # the spec says Light
OTHER = ("GET", "/restapi/v1.0/account/{accountId}/extension")
LIMITS = {"Light": (50, 60.0), "Medium": (50, 60.0), "Heavy": (10, 60.0)}
BUCKET = "rcthrottle:{billing|app}"


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


Make = Callable[[Clock], SharedThrottle]


@pytest.fixture(params=["redis", "file"])
async def make(
    request: pytest.FixtureRequest, clean_redis: str, tmp_path: Path
) -> AsyncIterator[Make]:
    """A factory of throttles (one per "process") sharing one backend and namespace."""
    made: list[SharedThrottle] = []
    client = aioredis.Redis.from_url(clean_redis)

    def factory(clock: Clock) -> SharedThrottle:
        throttle: SharedThrottle
        if request.param == "redis":
            throttle = RedisThrottle(
                client, namespace="billing", limits=LIMITS, probe_first=False, clock=clock
            )
        else:
            throttle = FileThrottle(
                tmp_path / "state.sqlite",
                namespace="billing",
                limits=LIMITS,
                probe_first=False,
                clock=clock,
            )
        throttle.bind("app", lambda: "42")
        made.append(throttle)
        return throttle

    try:
        yield factory
    finally:
        for throttle in made:
            await throttle.aclose()
        await client.aclose()


async def _respond(
    throttle: SharedThrottle, operation: tuple[str, str], reported: str, spec: str = "Light"
) -> str | None:
    """One request of ``operation`` whose response names group ``reported``; returns the
    group the request was counted in. Waits until the shared state is written."""
    async with throttle.slot(spec, operation=operation) as slot:
        slot.observe(200, {"X-Rate-Limit-Group": reported})
    await throttle.aclose()  # waits for the background writes (the throttle stays usable)
    return slot.group


async def _group_of_next(throttle: SharedThrottle, operation: tuple[str, str]) -> str | None:
    """The group the next request of ``operation`` is admitted in (no response seen)."""
    async with throttle.slot("Light", operation=operation) as slot:
        group = slot.group
    return group


async def test_a_group_learned_by_one_process_is_used_by_another(make: Make) -> None:
    clock = Clock()
    a, b = make(clock), make(clock)
    assert await _group_of_next(b, OP) == "Light"  # b's first look: nothing learned yet
    assert await _respond(a, OP, "Heavy") == "Light"
    assert a.slot("Light", operation=OP).group == "Heavy"  # a knows at once
    clock.now += OPERATIONS_REFRESH  # b looks again at most this often
    assert await _group_of_next(b, OP) == "Heavy"  # b never saw a response for OP
    assert b.slot("Light", operation=OP).group == "Heavy"
    assert await _group_of_next(b, OTHER) == "Light"  # only that operation moved


async def test_a_fresh_process_starts_with_what_others_learned(make: Make) -> None:
    clock = Clock()
    a = make(clock)
    await _respond(a, OP, "Heavy")
    c = make(clock)  # started later: its first admission loads the map
    assert await _group_of_next(c, OP) == "Heavy"


async def test_unlearning_propagates(make: Make) -> None:
    clock = Clock()
    a, b = make(clock), make(clock)
    await _respond(a, OP, "Heavy")
    assert await _group_of_next(b, OP) == "Heavy"
    # A later response counts OP in the spec's group again: a forgets, and so does b.
    assert await _respond(a, OP, "Light") == "Heavy"
    assert a.slot("Light", operation=OP).group == "Light"
    assert await _group_of_next(b, OP) == "Heavy"  # b has not looked again yet
    clock.now += OPERATIONS_REFRESH
    assert await _group_of_next(b, OP) == "Light"


async def test_b_looks_at_most_once_per_refresh_interval(make: Make) -> None:
    clock = Clock()
    a, b = make(clock), make(clock)
    reads = 0
    real = b._backend.operations

    async def counting(bucket: str, known: str | None) -> tuple[str, dict[str, str] | None]:
        nonlocal reads
        reads += 1
        return await real(bucket, known)

    b._backend.operations = counting  # type: ignore[method-assign]
    for _ in range(5):
        await _group_of_next(b, OP)
    assert reads == 1
    await _respond(a, OP, "Heavy")
    clock.now += OPERATIONS_REFRESH / 2
    assert await _group_of_next(b, OP) == "Light"  # within the interval: no round trip
    assert reads == 1
    clock.now += OPERATIONS_REFRESH / 2
    assert await _group_of_next(b, OP) == "Heavy"
    assert reads == 2


async def test_the_shared_map_stays_bounded(make: Make) -> None:
    clock = Clock()
    a, b = make(clock), make(clock)
    backend = a._backend
    for i in range(LEARNED_OPERATIONS_MAX):
        assert await backend.set_operation(BUCKET, f"GET /op/{i}", "Heavy")
    assert not await backend.set_operation(BUCKET, "GET /one/too/many", "Heavy")
    assert await backend.set_operation(BUCKET, "GET /op/0", "Medium")  # known: updated
    version, entries = await backend.operations(BUCKET, None)
    assert entries is not None and len(entries) == LEARNED_OPERATIONS_MAX
    assert entries["GET /op/0"] == "Medium"
    assert await backend.operations(BUCKET, version) == (version, None)  # unchanged: no map
    # A process whose operation is refused by the full map still uses what it learned.
    assert await _respond(a, OP, "Heavy") == "Light"
    assert a.slot("Light", operation=OP).group == "Heavy"
    assert await _group_of_next(b, OP) == "Light"  # not shared: the map is full
    assert await _group_of_next(b, ("GET", "/op/5")) == "Heavy"
    _, after = await backend.operations(BUCKET, None)
    assert after is not None and len(after) == LEARNED_OPERATIONS_MAX
    assert operation_key(OP) not in after
    # Forgetting makes room again.
    assert await backend.set_operation(BUCKET, "GET /op/1", None)
    assert await backend.set_operation(BUCKET, "GET /one/too/many", "Heavy")


async def test_invalid_entries_read_back_are_ignored(make: Make) -> None:
    clock = Clock()
    a, b = make(clock), make(clock)
    backend = a._backend
    key = operation_key(OP)
    assert key is not None
    await backend.set_operation(BUCKET, key, "x" * 65)  # longer than a group name may be
    await backend.set_operation(BUCKET, operation_key(OTHER) or "", "NoThrottling")
    await backend.set_operation(BUCKET, "GET /bad\x00key", "Heavy")
    assert await _group_of_next(b, OP) == "Light"
    assert await _group_of_next(b, OTHER) == "Light"


async def test_a_process_with_another_app_does_not_share_the_map(make: Make) -> None:
    clock = Clock()
    a, b = make(clock), make(clock)
    b.bind("other-app", lambda: "42")
    await _respond(a, OP, "Heavy")
    assert await _group_of_next(b, OP) == "Light"


def test_operation_keys_are_stable_text() -> None:
    assert operation_key(("get", " /a/{id} ")) == "GET /a/{id}"
    assert operation_key(("GET", "/a", "x")) is None
    assert operation_key(7) is None
    assert operation_key(("GET", "/" + "a" * 600)) is None
    assert operation_key(("GET", "/a\nb")) is None


async def test_the_redis_map_expires_by_itself(aredis: aioredis.Redis) -> None:
    throttle = RedisThrottle(aredis, namespace="billing", limits=LIMITS, probe_first=False)
    throttle.bind("app", lambda: "42")
    await _respond(throttle, OP, "Heavy")
    stored = await aredis.hget(f"{BUCKET}:ops", str(operation_key(OP)))  # type: ignore[misc]
    assert stored == b"Heavy"
    for key in (f"{BUCKET}:ops", f"{BUCKET}:opsv"):
        assert await aredis.pttl(key) > 0


class _MapDown:
    """A backend whose windows work but whose operation map cannot be read."""

    def __init__(self) -> None:
        self.acquired = 0

    async def acquire(self, scope: str, group: str, member: str, cfg: Any) -> Admission:
        self.acquired += 1
        return Admission(True, 0.0, cfg.limit, cfg.window, 1, 0.0)

    async def settle(self, scope: str, group: str, member: str, cfg: Any, how: Any) -> Settled:
        return Settled(cfg.limit, cfg.window, 0, 0.0)

    async def operations(self, bucket: str, known: str | None) -> tuple[str, None]:
        raise SharedStateError("map down")

    async def set_operation(self, bucket: str, operation: str, group: str | None) -> bool:
        raise SharedStateError("map down")

    async def aclose(self) -> None:
        pass


async def test_a_map_that_cannot_be_read_is_a_backend_failure(
    caplog: pytest.LogCaptureFixture,
) -> None:
    strict = SharedThrottle(_MapDown(), namespace="n", on_backend_error="raise")
    with pytest.raises(SharedStateError, match="map down"):
        await _group_of_next(strict, OP)
    backend = _MapDown()
    lenient = SharedThrottle(backend, namespace="n", probe_first=False)
    with caplog.at_level(logging.WARNING, logger="ringcentral_async"):
        assert await _group_of_next(lenient, OP) == "Light"  # the in-process fallback
        assert await _group_of_next(lenient, OTHER) == "Light"
    assert backend.acquired == 0
    assert [r.message.count("shared state unavailable") for r in caplog.records] == [1]
    # What a response teaches is still used here when the map cannot be written.
    lenient._learn(OP, "Light", "Heavy")
    assert lenient.slot("Light", operation=OP).group == "Heavy"  # at once
    await lenient.aclose()  # the write failed
    assert lenient.slot("Light", operation=OP).group == "Heavy"


async def test_only_a_change_is_written(make: Make) -> None:
    clock = Clock()
    a = make(clock)
    writes: list[tuple[str, str | None]] = []
    real = a._backend.set_operation

    async def counting(bucket: str, operation: str, group: str | None) -> bool:
        writes.append((operation, group))
        return await real(bucket, operation, group)

    a._backend.set_operation = counting  # type: ignore[method-assign]
    for reported in ("Light", "Heavy", "Heavy", "Heavy", "Light", "Light"):
        await _respond(a, OP, reported)
    key = operation_key(OP)
    assert writes == [(key, "Heavy"), (key, None)]
