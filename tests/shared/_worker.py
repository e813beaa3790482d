"""One worker process of the multi-process tests (run as ``python _worker.py '<json>'``).

It builds one client with a RedisThrottle and a RedisTokenStore (as a real worker would on
startup), logs in with the JWT (adopting the shared session if there is one), prints
``READY``, waits for ``GO`` on stdin, then sends ``requests`` GETs of ``path`` from
``concurrency`` coroutines and prints one JSON line: errors and this process's stats.
"""

from __future__ import annotations

import asyncio
import faulthandler
import json
import sys
import time
from typing import Any

import redis.asyncio as aioredis

from ringcentral_async import RingCentral, RingCentralError
from ringcentral_async.redis import RedisThrottle, RedisTokenStore

WARM_UP = "/restapi/v1.0/account/~/extension"  # Medium: the tests measure Light


async def _watchdog(seconds: float) -> None:
    """If the worker is still running after ``seconds``, print every task's stack (stderr)."""
    await asyncio.sleep(seconds)
    for task in asyncio.all_tasks():
        task.print_stack(file=sys.stderr)
    sys.stderr.flush()


async def main(cfg: dict[str, Any]) -> None:
    asyncio.get_running_loop().create_task(_watchdog(cfg.get("watchdog", 40.0)))
    r = aioredis.Redis.from_url(cfg["redis_url"])
    limits = {k: (int(v[0]), float(v[1])) for k, v in cfg["limits"].items()}
    throttle = RedisThrottle(
        r,
        namespace=cfg["namespace"],
        limits=limits,
        grace=cfg.get("grace", 2.0),
        probe_first=cfg.get("probe_first", True),
    )
    store = RedisTokenStore(r, key=cfg["namespace"] + ":token", lock_ttl=10.0)
    errors: list[str] = []
    rc = RingCentral(
        cfg["client_id"],
        cfg["client_secret"],
        server_url=cfg["fake_url"],
        throttle=throttle,
        token_store=store,
    )
    async with rc:
        if cfg.get("login_before_go", True):
            await rc.login(jwt=cfg["jwt"])
            # a first request pays for lazy imports and the connection: not in the measure
            await rc.get(WARM_UP)
        print("READY", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        if not cfg.get("login_before_go", True):
            await rc.login(jwt=cfg["jwt"])
        queue: asyncio.Queue[int] = asyncio.Queue()
        for i in range(cfg["requests"]):
            queue.put_nowait(i)
        started = time.monotonic()

        async def run() -> None:
            while not queue.empty():
                queue.get_nowait()
                try:
                    await rc.get(cfg["path"])
                except RingCentralError as exc:
                    errors.append(f"{exc.__class__.__name__}: {exc}")

        await asyncio.gather(*(run() for _ in range(cfg["concurrency"])))
        elapsed = time.monotonic() - started
        stats = {
            name: {
                "limit": st.limit,
                "window": st.window,
                "sent": st.sent,
                "waited_s": st.waited_s,
                "rejected_429": st.rejected_429,
            }
            for name, st in rc.throttle.stats().items()
        }
        await throttle.aclose()
    await r.aclose()
    print(json.dumps({"errors": errors, "stats": stats, "elapsed": elapsed}), flush=True)


if __name__ == "__main__":
    faulthandler.dump_traceback_later(45, exit=False)  # a hung worker shows where it is
    asyncio.run(main(json.loads(sys.argv[1])))
