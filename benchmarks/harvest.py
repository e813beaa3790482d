"""Benchmark: harvest_call_log vs the sequential nextPage walk the official SDK allows.

Runs the fake platform in a subprocess (so its memory is not counted), with the default
Heavy limit (10 requests per window) and the 60 s window scaled down to ``--window``.
Prints ONE table. ``--records`` sets the call-log size; the fake holds every record in
memory (in its own process) and builds about 10k records per second, so run the same
command at two sizes (e.g. 50k and 500k) to see that the client's RSS growth stays flat.
The sequential row is the walk the official SDK allows (one page after the other, following
``navigation.nextPage.uri``), written with aiohttp so that only the walk is compared.

    python benchmarks/harvest.py --records 50000
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import math
import resource
import socket
import sys
import time
from datetime import datetime, timedelta
from typing import Any

import aiohttp

from ringcentral_async import RingCentral, Throttle
from ringcentral_async.jobs import harvest_call_log
from ringcentral_async.testing import REFERENCE_DATE


def _rss_now_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


class _Peak:
    """Samples the current RSS every 20 ms; ``growth`` = peak minus the RSS at start."""

    def __init__(self) -> None:
        self.base = _rss_now_mb()
        self.peak = self.base
        self.task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            self.peak = max(self.peak, _rss_now_mb())
            await asyncio.sleep(0.02)

    def growth(self) -> float:
        self.task.cancel()
        self.peak = max(self.peak, _rss_now_mb())
        return self.peak - self.base


def _rss_mb() -> Any:
    return _Peak()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _start_fake(records: int, window: float) -> tuple[Any, dict[str, str]]:
    port = _free_port()
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "ringcentral_async",
        "fake",
        "--port",
        str(port),
        "--call-log-records",
        str(records),
        "--extensions",
        "20",
        "--window",
        str(window),
        stdout=asyncio.subprocess.PIPE,
    )
    env: dict[str, str] = {}
    assert proc.stdout is not None
    while "RINGCENTRAL_JWT" not in env:
        line = (await proc.stdout.readline()).decode()
        if not line:
            raise RuntimeError("the fake did not start")
        if line.startswith("RINGCENTRAL_"):
            name, _, value = line.strip().partition("=")
            env[name] = value
    return proc, env


async def _ours(env: dict[str, str], limits: Any, start: datetime, end: datetime) -> dict[str, Any]:
    async with RingCentral(
        env["RINGCENTRAL_CLIENT_ID"],
        env["RINGCENTRAL_CLIENT_SECRET"],
        server_url=env["RINGCENTRAL_SERVER_URL"],
        throttle=Throttle(limits=limits),
    ) as rc:
        await rc.login(jwt=env["RINGCENTRAL_JWT"])
        base = _rss_mb()
        t0 = time.perf_counter()
        n = 0
        async for _ in harvest_call_log(rc, start, end, concurrency=4):
            n += 1
        elapsed = time.perf_counter() - t0
        heavy = rc.throttle.stats()["Heavy"]
        return {
            "records": n,
            "seconds": elapsed,
            "requests": heavy.sent,
            "429": heavy.rejected_429,
            "rss": base.growth(),
        }


async def _sequential(env: dict[str, str], start: datetime, end: datetime) -> dict[str, Any]:
    """What the official SDK allows: one GET after another, nextPage followed by hand."""
    server = env["RINGCENTRAL_SERVER_URL"]
    async with aiohttp.ClientSession() as s:
        basic = base64.b64encode(
            f"{env['RINGCENTRAL_CLIENT_ID']}:{env['RINGCENTRAL_CLIENT_SECRET']}".encode()
        ).decode()
        async with s.post(
            server + "/restapi/oauth/token",
            headers={"Authorization": f"Basic {basic}"},
            data={
                "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                "assertion": env["RINGCENTRAL_JWT"],
            },
        ) as r:
            token = (await r.json())["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        url: str | None = server + "/restapi/v1.0/account/~/call-log"
        params: dict[str, str] | None = {
            "dateFrom": start.isoformat(),
            "dateTo": end.isoformat(),
            "view": "Detailed",
            "perPage": "1000",
        }
        base, t0, n, requests, rejected = _rss_mb(), time.perf_counter(), 0, 0, 0
        while url:
            async with s.get(url, params=params, headers=headers) as r:
                requests += 1
                if r.status == 429:  # no limiter: wait what the platform says, then retry
                    rejected += 1
                    await asyncio.sleep(float(r.headers.get("Retry-After", "60")))
                    continue
                body = await r.json()
            n += len(body["records"])
            url, params = (body.get("navigation", {}).get("nextPage") or {}).get("uri"), None
        return {
            "records": n,
            "seconds": time.perf_counter() - t0,
            "requests": requests,
            "429": rejected,
            "rss": base.growth(),
        }


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=50_000)
    ap.add_argument("--window", type=float, default=0.5, help="stands for the 60 s window")
    args = ap.parse_args()
    limits = {
        "Light": (50, args.window),
        "Medium": (40, args.window),
        "Heavy": (10, args.window),
        "Auth": (5, args.window),
    }
    end = REFERENCE_DATE
    start = end - timedelta(days=31)
    rows = []
    for label, kind in (
        ("ringcentral_async harvest_call_log (4 slices)", "ours"),
        ("sequential nextPage walk (official-SDK style)", "seq"),
    ):
        proc, env = await _start_fake(args.records, args.window)  # fresh limits per run
        try:
            r = await (
                _ours(env, limits, start, end) if kind == "ours" else _sequential(env, start, end)
            )
        finally:
            proc.terminate()
            await proc.wait()
        minimum = math.ceil(args.records / 1000)
        budget = r["seconds"] / args.window * 10
        rows.append(
            (
                label,
                r["records"],
                f"{r['records'] / r['seconds']:,.0f}",
                f"{r['requests']} / {minimum}",
                f"{min(1.0, r['requests'] / budget):.0%}",
                r["429"],
                f"{r['rss']:.1f}",
            )
        )
    head = (
        "method",
        "records",
        "records/s",
        "requests used / min",
        "Heavy limit used",
        "429s",
        f"peak RSS growth MB @{args.records:,}",
    )
    widths = [max(len(str(x[i])) for x in [head, *rows]) for i in range(len(head))]
    for n, row in enumerate([head, *rows]):
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
        if n == 0:
            print("  ".join("-" * w for w in widths))
    print(
        f"(Heavy 10 per {args.window:g} s = the platform's 10 per 60 s, time-scaled; "
        "the sequential row is the official SDK's walk written with aiohttp; growth is "
        "bounded by the pages in flight (4 slices x 1000 records), not by the total)"
    )


if __name__ == "__main__":
    asyncio.run(main())
