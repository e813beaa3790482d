"""A call-log harvest spread over several worker processes with arq (a Redis job queue).

Every worker process creates ONE client on startup, with a RedisThrottle and a
RedisTokenStore on the same Redis: all workers together stay under the app's usage-plan
limits (zero 429s) and share one login and one token (one refresh per expiry). Each job
harvests one time slice of the company call log; its checkpoint lives in Redis, written in
the same transaction as the records it covers, so a job that is re-run (its worker died,
it timed out, it was re-enqueued) resumes where it stopped, and every record is stored
exactly once (records are kept in a Redis hash by id).

What more workers buy: one user's token has ONE budget per usage-plan group (call-log reads
are Heavy: 10 requests per minute by default) however many processes share it. More
workers give resilience (a dead worker's job is picked up by another one) and parallel
downloads while a page is on its way, not more requests per minute. Throughput grows only
when the work is spread over several users' tokens (each with its own budget).

    pip install "ringcentral-async[redis]" arq
    export REDIS_URL=redis://localhost:6379/0 RINGCENTRAL_SERVER_URL=... \\
           RINGCENTRAL_CLIENT_ID=... RINGCENTRAL_CLIENT_SECRET=... RINGCENTRAL_JWT=...
    python examples/arq_harvest.py enqueue --from 2026-01-01 --to 2026-02-01 --slices 8
    python examples/arq_harvest.py worker --burst     # start as many as you like
    python examples/arq_harvest.py report
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import itertools
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import redis.asyncio as aioredis
from arq import create_pool
from arq.connections import RedisSettings
from arq.worker import Worker

from ringcentral_async import RingCentral, unstructure
from ringcentral_async.jobs import harvest_call_log
from ringcentral_async.redis import RedisThrottle, RedisTokenStore

NAMESPACE = os.environ.get("HARVEST_NAMESPACE", "call-log-harvest")
RECORDS = f"{NAMESPACE}:records"  # hash: record id -> record JSON
#: Records written (with the checkpoint) per Redis transaction.
BATCH = int(os.environ.get("HARVEST_BATCH", "100"))


def redis_url() -> str:
    return os.environ.get("REDIS_URL", "redis://localhost:6379/0")


# -- the worker ---------------------------------------------------------------------------


async def startup(ctx: dict[str, Any]) -> None:
    """One Redis client and one RingCentral client per worker process."""
    r = aioredis.Redis.from_url(redis_url())
    rc = RingCentral(
        os.environ["RINGCENTRAL_CLIENT_ID"],
        os.environ.get("RINGCENTRAL_CLIENT_SECRET"),
        server_url=os.environ["RINGCENTRAL_SERVER_URL"],
        throttle=RedisThrottle(r, namespace=NAMESPACE),
        token_store=RedisTokenStore(r, key=f"{NAMESPACE}:token"),
    )
    await rc.login(jwt=os.environ["RINGCENTRAL_JWT"])  # adopts the shared session if any
    ctx["r"], ctx["rc"] = r, rc
    ctx["tmp"] = tempfile.TemporaryDirectory(prefix="arq-harvest-")


async def shutdown(ctx: dict[str, Any]) -> None:
    await ctx["rc"].aclose()
    await ctx["r"].aclose()
    ctx["tmp"].cleanup()


async def harvest_slice(ctx: dict[str, Any], start: str, end: str, per_page: int = 1000) -> int:
    """Harvest ``[start, end)`` into the records hash; resume from the checkpoint in Redis.

    The harvest keeps its checkpoint in a local file; after every batch, the records and
    that file's latest state go to Redis in ONE transaction (records first in the same
    MULTI), so the stored checkpoint never counts a record that is not stored.
    """
    r: aioredis.Redis = ctx["r"]
    name = hashlib.sha256(f"{start}|{end}".encode()).hexdigest()[:16]
    key = f"{NAMESPACE}:checkpoint:{name}"
    local = Path(ctx["tmp"].name) / f"{name}.json"
    saved = await r.get(key)
    if saved:
        local.write_bytes(saved)  # resume where an earlier run of this job stopped
    else:
        local.unlink(missing_ok=True)
    batch: dict[str, str] = {}
    stored = 0

    async def flush() -> None:
        nonlocal stored
        async with r.pipeline(transaction=True) as tx:
            if batch:
                tx.hset(RECORDS, mapping=batch)
            if local.exists():
                tx.set(key, local.read_bytes())
            await tx.execute()
        stored += len(batch)
        batch.clear()

    harvest = harvest_call_log(
        ctx["rc"], start, end, slices=1, concurrency=1, per_page=per_page, checkpoint=local
    )
    try:
        async with harvest as calls:
            async for record in calls:
                batch[str(record.id)] = json.dumps(unstructure(record), default=str)
                if len(batch) >= BATCH:
                    await flush()
    finally:
        # Leaving the block saved the checkpoint (done, or where a cancelled job stopped):
        # store it with the last records. A worker killed outright skips this; its job
        # then resumes from the previous batch and rewrites a few records (same ids).
        await asyncio.shield(flush())
    return stored


class WorkerSettings:
    """``arq examples.arq_harvest.WorkerSettings`` (or ``python arq_harvest.py worker``)."""

    functions = (harvest_slice,)
    on_startup = startup
    on_shutdown = shutdown
    max_jobs = 4
    job_timeout = 3600
    max_tries = 5


# -- enqueue and report ---------------------------------------------------------------------


def slices_of(date_from: datetime, date_to: datetime, n: int) -> list[tuple[str, str]]:
    step = (date_to - date_from) / n
    edges = [date_from + step * i for i in range(n)] + [date_to]
    return [(a.isoformat(), b.isoformat()) for a, b in itertools.pairwise(edges)]


async def enqueue(date_from: str, date_to: str, n: int, per_page: int) -> None:
    pool = await create_pool(RedisSettings.from_dsn(redis_url()))
    try:
        lo, hi = (datetime.fromisoformat(d) for d in (date_from, date_to))
        for start, end in slices_of(lo, hi, n):
            # the job id makes enqueueing twice harmless
            await pool.enqueue_job(
                "harvest_slice", start, end, per_page, _job_id=f"harvest:{start}:{end}"
            )
    finally:
        await pool.aclose()


async def report() -> int:
    r = aioredis.Redis.from_url(redis_url())
    try:
        count = int(await r.hlen(RECORDS))
    finally:
        await r.aclose()
    print(f"{count} records in {RECORDS}")
    return count


def worker(burst: bool) -> None:
    w = Worker(
        functions=WorkerSettings.functions,
        on_startup=startup,
        on_shutdown=shutdown,
        redis_settings=RedisSettings.from_dsn(redis_url()),
        max_jobs=WorkerSettings.max_jobs,
        job_timeout=WorkerSettings.job_timeout,
        max_tries=WorkerSettings.max_tries,
        burst=burst,
        poll_delay=0.2,
    )
    w.run()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("enqueue")
    e.add_argument("--from", dest="date_from", required=True)
    e.add_argument("--to", dest="date_to", required=True)
    e.add_argument("--slices", type=int, default=8)
    e.add_argument("--per-page", type=int, default=1000)
    w = sub.add_parser("worker")
    w.add_argument("--burst", action="store_true", help="exit when the queue is empty")
    sub.add_parser("report")
    args = p.parse_args()
    if args.command == "enqueue":
        asyncio.run(enqueue(args.date_from, args.date_to, args.slices, args.per_page))
    elif args.command == "worker":
        worker(args.burst)
    else:
        asyncio.run(report())


if __name__ == "__main__":
    main()
