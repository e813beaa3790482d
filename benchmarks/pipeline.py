"""Request pipeline throughput: GETs of a 100-record extension page.

    python -m benchmarks.pipeline [--sizes 1000,10000] [--https-sizes 1000] [--rtt 0 5]
                                  [--runs 3] [--concurrency 50]

N GETs of ``/restapi/v1.0/account/~/extension?perPage=100``, sequential and with 50 in
flight, against one FakeRingCentral in a process of its own (throttling off, so only the
clients are measured), for:

- our raw ``rc.get`` (the limiter in the path with limits out of reach, calibration off);
- our typed ``rc.extensions.list(per_page=100)`` first page (100 records structured into
  frozen attrs models: more work than the others do, which return dicts);
- bare aiohttp (one session, ``resp.json()``): the floor of what is possible;
- the official synchronous ``ringcentral`` SDK, in as many threads as requests in flight
  (``pip install ringcentral``; a new ``requests.Session``, so a new connection, per call:
  its real behaviour).

Networks: ``--rtt 0`` is plain http on loopback (client CPU costs in full view); ``--rtt N``
is https through a proxy that adds an N ms round trip (``benchmarks/_fake_server.py``), the
way every production call travels; its sizes are ``--https-sizes``. Runs are interleaved and
rotated; medians reported, with the client process's CPU per request.

Goals: ours >= 0.9x bare aiohttp, >= 4x ``ringcentral``. Prints one table.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp

from benchmarks._common import median, print_table
from benchmarks._fake_process import clients_for, fake_process, tls_for
from ringcentral_async import RingCentral

PATH = "/restapi/v1.0/account/~/extension"
PARAMS = {"perPage": 100}
RAW, TYPED = "ringcentral_async rc.get", "ringcentral_async extensions.list"
BARE, OFFICIAL = "bare aiohttp", "ringcentral (official, threads)"

#: A timed run: (number of requests, in flight) -> (requests/s, client CPU s per request).
Run = Callable[[int, int], Awaitable[tuple[float, float]]]


async def _drive(
    n: int, concurrency: int, one: Callable[[], Awaitable[object]]
) -> tuple[float, float]:
    """Run ``one()`` n times with ``concurrency`` in flight: (requests/s, CPU s/request)."""
    remaining = n

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await one()

    cpu, started = time.process_time(), time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(max(1, concurrency))))
    wall = time.perf_counter() - started
    return n / wall, (time.process_time() - cpu) / n


def _clients(
    rc: RingCentral, http: aiohttp.ClientSession, token: str, url: str, platform: Any
) -> dict[str, Run]:
    headers = {"Authorization": f"Bearer {token}"}

    async def raw(n: int, k: int) -> tuple[float, float]:
        return await _drive(n, k, lambda: rc.get(PATH, params=PARAMS))

    async def typed(n: int, k: int) -> tuple[float, float]:
        async def one() -> object:
            return await rc.extensions.list(per_page=100)

        return await _drive(n, k, one)

    async def bare(n: int, k: int) -> tuple[float, float]:
        async def one() -> object:
            async with http.get(url + PATH, params=PARAMS, headers=headers) as resp:
                resp.raise_for_status()
                return await resp.json()

        return await _drive(n, k, one)

    async def official(n: int, k: int) -> tuple[float, float]:
        loop = asyncio.get_running_loop()

        def one_sync() -> object:
            return platform.get(PATH, PARAMS).json_dict()

        with concurrent.futures.ThreadPoolExecutor(max(1, k)) as pool:
            cpu, started = time.process_time(), time.perf_counter()
            await asyncio.gather(*(loop.run_in_executor(pool, one_sync) for _ in range(n)))
            wall = time.perf_counter() - started
            return n / wall, (time.process_time() - cpu) / n

    runs: dict[str, Run] = {RAW: raw, TYPED: typed, BARE: bare}
    if platform is not None:
        runs[OFFICIAL] = official
    return runs


async def scenario(
    args: argparse.Namespace, rtt: float, tls: tuple[Path, Path, Path] | None
) -> list[list[Any]]:
    network = "loopback http" if tls is None else f"https, {rtt:g} ms RTT"
    sizes = args.sizes if tls is None else args.https_sizes
    rows: list[list[Any]] = []
    server_tls = None if tls is None else (tls[0], tls[1])
    with fake_process(100, 100, rtt, server_tls) as info:
        async with clients_for(info, tls) as (rc, bare_http, platform):
            assert rc.token is not None
            runs = _clients(rc, bare_http, rc.token.access_token, info["url"], platform)
            names = list(runs)
            for n in sizes:
                for k in (1, args.concurrency):
                    for name in names:  # warm-up: connections open, caches filled
                        await runs[name](min(n, 50), k)
                    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
                    for run in range(args.runs):
                        for name in names[run % len(names) :] + names[: run % len(names)]:
                            samples[name].append(await runs[name](n, k))
                    rates = {name: median(r for r, _ in s) for name, s in samples.items()}
                    bare, official = rates[BARE], rates.get(OFFICIAL)
                    mode = "sequential" if k == 1 else f"{k} concurrent"
                    for name in [RAW, TYPED, BARE, OFFICIAL]:
                        if name not in rates:
                            rows.append([network, name, n, mode, "not installed", "-", "-", "-"])
                            continue
                        cpu = median(c for _, c in samples[name]) * 1e6
                        vs_official = f"{rates[name] / official:.2f}x" if official else "-"
                        rows.append([network, name, n, mode, f"{rates[name]:,.0f}", f"{cpu:,.0f}",
                                     f"{rates[name] / bare:.2f}x", vs_official])  # fmt: skip
    return rows


async def main(args: argparse.Namespace) -> None:
    rows: list[list[Any]] = []
    with tls_for(args.rtt) as tls:
        for rtt in args.rtt:
            rows += await scenario(args, rtt, tls if rtt > 0 else None)
    print_table(
        ("network", "client", "GETs", "mode", "req/s (median)", "client CPU us/req",
         "vs aiohttp", "vs ringcentral"),
        rows,
        title=(f"Pipeline throughput, 100-record extension page, fake in its own process, "
               f"median of {args.runs} runs"),
        notes=("goals: ours >= 0.90x bare aiohttp, >= 4x ringcentral",
               "extensions.list structures 100 records into models per request; the others "
               "return dicts"),
    )  # fmt: skip


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="GETs per run on loopback http")
    parser.add_argument("--https-sizes", default="1000", help="GETs per run over https + RTT")
    parser.add_argument(
        "--rtt", type=float, nargs="+", default=[0, 5],
        help="emulated round trips in ms; 0 = plain http loopback, else https + latency",
    )  # fmt: skip
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args(argv)
    args.sizes = [int(s) for s in args.sizes.split(",")]
    args.https_sizes = [int(s) for s in args.https_sizes.split(",")]
    return args


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
