"""Worker PROCESSES sharing one app through a real redis-server, against FakeRingCentral.

The fake runs in the test process with short windows; each worker is a separate Python
process (``_worker.py``) with a RedisThrottle and a RedisTokenStore on the same namespace.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import redis.asyncio as aioredis

from ringcentral_async import RingCentral
from ringcentral_async.redis import RedisThrottle, RedisTokenStore
from ringcentral_async.testing import FakeRingCentral

from ._procs import go, results, start_workers, worker_env

pytestmark = pytest.mark.timing

EXT = "/restapi/v1.0/account/~/extension/~"  # Light
LIGHT = {"Light": (20, 1.0), "Medium": (20, 1.0), "Heavy": (5, 1.0), "Auth": (5, 1.0)}


def _config(fake: FakeRingCentral, redis_url: str, **extra: Any) -> dict[str, Any]:
    cfg: dict[str, Any] = {
        "redis_url": redis_url,
        "fake_url": fake.url,
        "client_id": fake.client_id,
        "client_secret": fake.client_secret,
        "jwt": fake.jwt,
        "namespace": "mp",
        "limits": {k: list(v) for k, v in LIGHT.items()},
        "requests": 10,
        "concurrency": 10,
        "path": EXT,
        "grace": 2.0,
    }
    cfg.update(extra)
    return cfg


def _light(fake: FakeRingCentral) -> list[Any]:
    return [r for r in fake.log if r.group == "Light"]


def _max_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    best = start = 0
    for end, t in enumerate(times):
        while times[start] <= t - window:
            start += 1
        best = max(best, end - start + 1)
    return best


async def test_four_workers_share_one_window_at_90_percent(clean_redis: str) -> None:
    async with FakeRingCentral(limits=LIGHT, penalty=1.0) as fake:
        cfg = _config(fake, clean_redis, requests=25)
        procs = await start_workers([cfg] * 4)
        go(procs)
        out = await results(procs)
        assert [o["errors"] for o in out] == [[]] * 4
        light = _light(fake)
        assert len(light) == 100
        assert fake.count(status=429) == 0
        assert fake.sessions_opened == 1  # one login shared by all four
        times = sorted(r.time for r in light)
        assert _max_in_window(times, 1.0) <= 20
        # 100 requests at 20 per second: the first 20 go at once, then 20 per window
        # (plus the round trips that hold each place a little longer than a window)
        rate = (len(times) - 20) / (times[-1] - times[0])
        assert rate >= 0.9 * 20, f"{rate:.1f} requests/s of a 20/s limit"


async def test_a_lower_limit_known_only_from_headers_is_learned_by_all(clean_redis: str) -> None:
    fake_limits = {**LIGHT, "Light": (6, 1.0)}  # the app's real limit; workers assume 20
    async with FakeRingCentral(limits=fake_limits, penalty=1.0) as fake:
        procs = await start_workers([_config(fake, clean_redis, requests=6)] * 4)
        go(procs)
        out = await results(procs)
        assert [o["errors"] for o in out] == [[]] * 4
        assert fake.count(status=429) == 0
        assert all(o["stats"]["Light"]["limit"] == 6 for o in out)
        assert _max_in_window([r.time for r in _light(fake)], 1.0) <= 6


async def test_an_injected_429_pauses_the_group_in_every_process(clean_redis: str) -> None:
    async with FakeRingCentral(limits=LIGHT, penalty=1.0) as fake:
        procs = await start_workers([_config(fake, clean_redis, requests=5)] * 3)
        fake.fail_next(429, group="Light", retry_after=1)
        go(procs)
        out = await results(procs)
        assert [o["errors"] for o in out] == [[]] * 3
        light = _light(fake)
        (rejected,) = [r for r in light if r.status == 429]
        after = [r for r in light if r.time > rejected.time]
        assert len(after) == 15  # every request done once the pause is over
        assert min(r.time for r in after) >= rejected.time + 1.0
        assert sum(o["stats"]["Light"]["rejected_429"] for o in out) == 1


async def test_a_killed_worker_s_places_return_after_one_window(aredis: aioredis.Redis) -> None:
    url = aredis.connection_pool.connection_kwargs
    redis_url = f"redis://{url['host']}:{url['port']}/0"
    limits = {**LIGHT, "Light": (10, 1.0)}
    async with FakeRingCentral(limits=limits, penalty=1.0) as fake:
        # learn the limits first (no probe in the way), then let the window empty
        async with RingCentral(
            fake.client_id,
            fake.client_secret,
            server_url=fake.url,
            throttle=RedisThrottle(aredis, namespace="mp", limits=limits, grace=0.5),
            token_store=RedisTokenStore(aredis, key="mp:token"),
        ) as rc:
            await rc.login(jwt=fake.jwt)
            await rc.get(EXT)
        await asyncio.sleep(1.05)
        cfg = {
            "limits": {k: list(v) for k, v in limits.items()},
            "grace": 0.5,
            "concurrency": 10,
        }
        fake.delay_next(5.0, count=10, group="Light")  # the victim's requests hang
        (victim,) = await start_workers([_config(fake, redis_url, requests=10, **cfg)])
        go([victim])
        deadline = time.monotonic() + 20
        while sum(1 for r in _light(fake) if r.fault == "delay") < 10:
            assert time.monotonic() < deadline, "the victim never filled the window"
            await asyncio.sleep(0.01)
        admitted = max(r.time for r in _light(fake) if r.fault == "delay")
        os.kill(victim.pid, signal.SIGKILL)
        await victim.wait()
        procs = await start_workers([_config(fake, redis_url, requests=10, **cfg)])
        go(procs)
        (out,) = await results(procs)
        assert out["errors"] == []
        assert fake.count(status=429) == 0
        fresh = [r for r in _light(fake) if r.time > admitted and r.fault is None]
        assert len(fresh) == 10
        first = min(r.time for r in fresh)
        # held until admission + grace + window, not longer (plus start-up slack)
        assert admitted + 1.0 <= first <= admitted + 0.5 + 1.0 + 1.0


async def test_expiring_tokens_are_refreshed_once_per_expiry_across_processes(
    clean_redis: str,
) -> None:
    limits = {**LIGHT, "Light": (40, 1.0)}
    async with FakeRingCentral(limits=limits, penalty=1.0, access_token_ttl=2) as fake:
        # 240 requests at 40 per second: about 6 s, four lives of the 2 s token
        cfg = _config(fake, clean_redis, requests=60, concurrency=5)
        cfg["limits"]["Light"] = [40, 1.0]
        procs = await start_workers([cfg] * 4)
        go(procs)
        out = await results(procs)
        assert [o["errors"] for o in out] == [[]] * 4
        token_calls = fake.requests(path="/restapi/oauth/token")
        assert fake.sessions_opened == 1
        assert {r.status for r in token_calls} == {200}  # a reused refresh token gets 400
        refreshes = token_calls[1:]
        light = _light(fake)
        run = light[-1].time - token_calls[0].time
        # the 2 s token is refreshed 0.5 s before it expires: once per 1.5 s, by ONE process
        assert len(refreshes) >= 2
        assert len(refreshes) <= run / 1.5 + 1
        gaps = [b.time - a.time for a, b in itertools.pairwise(token_calls)]
        assert min(gaps) >= 1.0, gaps
        assert fake.count(status=429) == 0


async def test_a_token_killed_early_is_refreshed_once_for_all_processes(clean_redis: str) -> None:
    limits = {**LIGHT, "Light": (40, 1.0)}
    async with FakeRingCentral(limits=limits, penalty=1.0) as fake:
        cfg = _config(fake, clean_redis, requests=40, concurrency=5)
        cfg["limits"]["Light"] = [40, 1.0]
        procs = await start_workers([cfg] * 4)
        go(procs)
        await asyncio.sleep(0.5)
        fake.expire_access_tokens()  # every process gets 401s: one refreshes, all adopt
        out = await results(procs)
        assert [o["errors"] for o in out] == [[]] * 4
        assert [r.status for r in fake.requests(path="/restapi/oauth/token")] == [200, 200]
        assert fake.sessions_opened == 1
        assert fake.count(status=429) == 0


async def test_eight_workers_with_max_sessions_5_need_exactly_one_login(clean_redis: str) -> None:
    async with FakeRingCentral(limits=LIGHT, penalty=1.0, max_sessions=5) as fake:
        cfg = _config(fake, clean_redis, requests=2, concurrency=2, login_before_go=False)
        procs = await start_workers([cfg] * 8)
        go(procs)
        out = await results(procs)
        assert [o["errors"] for o in out] == [[]] * 8
        assert fake.count(path="/restapi/oauth/token") == 1
        assert fake.sessions_opened == 1 and fake.sessions_evicted == 0
        assert len(_light(fake)) == 16
        assert fake.count(status=401) == 0


async def _ops_process(**cfg: Any) -> str:
    """Run ``_ops_worker.py`` as its own process; the group its request was counted in."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        str(Path(__file__).with_name("_ops_worker.py")),
        json.dumps(cfg),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=worker_env(),
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, err.decode(errors="replace")[-4000:]
    return str(json.loads(out.decode().strip().splitlines()[-1])["group"])


@pytest.mark.parametrize("backend", ["redis", "file"])
async def test_a_group_learned_in_one_process_is_used_by_the_next(
    backend: str, clean_redis: str, tmp_path: Path
) -> None:
    where = {"redis_url": clean_redis} if backend == "redis" else {"path": str(tmp_path / "s")}
    op = ["GET", "/restapi/v1.0/account/{accountId}/call-log"]
    assert await _ops_process(role="ask", operation=op, **where) == "Light"
    assert await _ops_process(role="learn", operation=op, reported="Heavy", **where) == "Light"
    assert await _ops_process(role="ask", operation=op, **where) == "Heavy"  # never saw one
    assert await _ops_process(role="learn", operation=op, reported="Light", **where) == "Heavy"
    assert await _ops_process(role="ask", operation=op, **where) == "Light"  # forgotten too
