"""examples/arq_harvest.py with two REAL arq worker processes (and one interrupted job)."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest
import redis.asyncio as aioredis
from arq import create_pool
from arq.connections import RedisSettings
from arq.jobs import Job

from ringcentral_async.testing import FakeRingCentral

from ._procs import ROOT, worker_env

EXAMPLE = ROOT / "examples" / "arq_harvest.py"
LIMITS = {"Light": (20, 1.0), "Medium": (20, 1.0), "Heavy": (10, 1.0), "Auth": (5, 1.0)}


def _load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("arq_harvest_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.timing
async def test_two_arq_workers_store_every_record_once_with_zero_429(
    clean_redis: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    async with FakeRingCentral(call_log_records=300, limits=LIMITS, penalty=1.0) as fake:
        env = {
            "REDIS_URL": clean_redis,
            "HARVEST_NAMESPACE": "h",
            "HARVEST_BATCH": "10",
            "RINGCENTRAL_SERVER_URL": fake.url,
            "RINGCENTRAL_CLIENT_ID": fake.client_id,
            "RINGCENTRAL_CLIENT_SECRET": fake.client_secret,
            "RINGCENTRAL_JWT": fake.jwt,
        }
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        example = _load_example()
        lo = fake.now.replace(month=1, day=29).isoformat()
        hi = fake.now.isoformat()
        slices = example.slices_of(*(example.datetime.fromisoformat(d) for d in (lo, hi)), 4)

        # a job that dies half-way (its worker crashed): its checkpoint stays in Redis
        ctx: dict[str, object] = {}
        await example.startup(ctx)
        try:
            r: aioredis.Redis = ctx["r"]  # type: ignore[assignment]
            job = asyncio.ensure_future(example.harvest_slice(ctx, *slices[0], per_page=20))
            while await r.hlen(example.RECORDS) < 2 * example.BATCH:  # type: ignore[misc]
                assert not job.done(), job
                await asyncio.sleep(0.01)
            job.cancel()
            await asyncio.gather(job, return_exceptions=True)
            early = int(await r.hlen(example.RECORDS))  # type: ignore[misc]
            assert await r.keys("h:checkpoint:*")
        finally:
            await example.shutdown(ctx)

        # all four slices (the interrupted one again) go to two worker processes
        await example.enqueue(lo, hi, 4, 20)
        procs = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                str(EXAMPLE),
                "worker",
                "--burst",
                env={**worker_env(), **env},
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
            )
            for _ in range(2)
        ]
        for p in procs:
            _, err = await asyncio.wait_for(p.communicate(), 90)
            assert p.returncode == 0, err.decode()[-3000:]

        client = aioredis.Redis.from_url(clean_redis)
        try:
            stored = {k.decode() for k in await client.hkeys(example.RECORDS)}
        finally:
            await client.aclose()
        assert stored == {str(rec["id"]) for rec in fake.call_records}
        pool = await create_pool(RedisSettings.from_dsn(clean_redis))
        try:
            counts = [await Job(f"harvest:{a}:{b}", pool).result(timeout=5) for a, b in slices]
        finally:
            await pool.aclose()
        # the resumed job did not start over: it wrote what was missing (and at most the
        # one record in hand when it was cancelled, again: same id, same hash field)
        assert len(stored) == 300
        assert 300 <= early + sum(counts) <= 301
        assert fake.count(status=429) == 0
        assert fake.sessions_opened == 1  # the workers adopted the first login's session
        assert os.environ["HARVEST_NAMESPACE"] == "h"
