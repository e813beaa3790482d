"""A process of the shared-operation-map test (run as ``python _ops_worker.py '<json>'``).

``role`` "learn": one request of ``operation`` whose response reports ``reported``;
"ask": print the group the next request of ``operation`` is admitted in (no response).
The throttle is a RedisThrottle (``redis_url``) or a FileThrottle (``path``).
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

import redis.asyncio as aioredis

from ringcentral_async import FileThrottle
from ringcentral_async._shared.limiter import SharedThrottle
from ringcentral_async.redis import RedisThrottle


async def main(cfg: dict[str, Any]) -> None:
    limits = {"Light": (50, 60.0), "Heavy": (10, 60.0)}
    client = aioredis.Redis.from_url(cfg["redis_url"]) if cfg.get("redis_url") else None
    throttle: SharedThrottle
    if client is not None:
        throttle = RedisThrottle(client, namespace="mp", limits=limits, probe_first=False)
    else:
        throttle = FileThrottle(cfg["path"], namespace="mp", limits=limits, probe_first=False)
    throttle.bind("app", lambda: "7")
    operation = tuple(cfg["operation"])
    async with throttle.slot("Light", operation=operation) as slot:
        if cfg["role"] == "learn":
            slot.observe(200, {"X-Rate-Limit-Group": cfg["reported"]})
    await throttle.aclose()
    if client is not None:
        await client.aclose()
    print(json.dumps({"group": slot.group}), flush=True)


if __name__ == "__main__":
    asyncio.run(main(json.loads(sys.argv[1])))
