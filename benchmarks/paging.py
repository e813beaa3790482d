"""Paging throughput: items/s for our paginator vs a hand-written aiohttp loop vs the
official ``ringcentral`` SDK, over the same FakeRingCentral in a process of its own.

    python -m benchmarks.paging [--records 5000] [--extensions 2345] [--per-page 100 1000]
                                [--rtt 0 5 20] [--runs 5] [--profile CLIENT]

Set-up (what makes the comparison fair):

- The fake runs in a subprocess (``benchmarks/_fake_server.py``), throttling off, so its
  work per page (filtering, rendering, JSON encoding) does not compete with the clients for
  the GIL; on 2 cores client and server each get one. In-process, the fake's work landed in
  every client's wall time alike and hid the differences between clients.
- ``--rtt 0``: plain http on loopback, no added latency (client CPU costs in full view).
  ``--rtt N`` (ms): https through a proxy that holds every chunk N/2 ms each way and charges a
  new connection one more round trip (the TCP handshake), so the TLS handshake also costs its
  real round trip. The certificate is made with ``openssl`` (RSA 2048) and trusted through a
  bundle of certifi's roots plus it, which every client loads as it normally would.
- Same fake, same records, same page size for every client; every client reads every record
  (checked). Timed: the walk only (login before). Runs are interleaved; medians reported.
- Clients: ``rc.paginate(path, params=, per_page=)`` (dicts, a loose Throttle, so the
  limiter's bookkeeping is paid but never a wait), and on collections with totals also
  ``.pages(concurrency=4)``; a hand-written aiohttp loop (one session, ``resp.json()``,
  follows ``navigation.nextPage.uri``); the official SDK (``requests``) following
  ``navigation.nextPage.uri`` by hand. The official SDK makes a new ``requests.Session``, so a
  new connection (and TLS handshake), for every call: that is its real behaviour
  (``ringcentral/http/client.py``), not a handicap added here.
- Columns: ``client CPU`` is this process's CPU time per page, ``server CPU`` the fake
  process's (from /proc, 10 ms ticks); the rest of a page's time is waiting (network, server).

What bounds the ratios (profiles: ``--profile CLIENT``): on loopback every client waits for
the fake's work per page (render + JSON encode, the ``server CPU`` column) and decodes the same
JSON, so no client can be much faster than another. Over https the official SDK pays, per page,
a new TCP connection and TLS handshake (two extra round trips) and, above all, a new
``SSLContext`` that loads the whole CA bundle (``load_verify_locations``, ~20 ms of CPU here,
requests 2.34 / urllib3 2.x); ours reuses one warm connection. Big pages shift the cost to
the server and to JSON decoding, which every client pays alike. ``prefetch`` overlaps round
trips and server time when totals are known. The proxy's timers add ~1 ms per direction, so
the real round trip is a little above the nominal one (the same for every client).

Goals: ours >= 0.9 x the aiohttp loop, >= 4 x the official SDK. Prints one table.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import math
import pstats
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp

if __package__ in (None, ""):  # `python benchmarks/paging.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import median, print_table
from benchmarks._fake_process import clients_for, fake_process, process_cpu, tls_for
from ringcentral_async import RingCentral

CALL_LOG = "/restapi/v1.0/account/~/call-log"
EXTENSIONS = "/restapi/v1.0/account/~/extension"
PREFETCH = 4
SAMPLE_S = 0.3  # a timed sample repeats a short walk until it lasts about this long
OURS, OURS_PREFETCH = "ringcentral_async", f"ringcentral_async prefetch={PREFETCH}"
LOOP, OFFICIAL = "aiohttp loop", "official SDK"

#: A timed walk: () -> (items, pages).
Walk = Callable[[], Awaitable[tuple[int, int]]]


# -- the clients -----------------------------------------------------------------------------


def ours(rc: RingCentral, path: str, params: dict[str, str], per_page: int, k: int) -> Walk:
    async def walk() -> tuple[int, int]:
        items = pages = 0
        paginator = rc.paginate(path, params=params, per_page=per_page)
        async for page in paginator.pages(concurrency=k):
            pages += 1
            items += len(page.records)
        return items, pages

    return walk


def aiohttp_loop(
    http: aiohttp.ClientSession, token: str, url: str, path: str, params: dict[str, str],
    per_page: int,
) -> Walk:  # fmt: skip
    headers = {"Authorization": "Bearer " + token}

    async def walk() -> tuple[int, int]:
        items = pages = 0
        target: str | None = url + path
        query: dict[str, str] | None = {**params, "perPage": str(per_page)}
        while target is not None:
            async with http.get(target, params=query, headers=headers) as resp:
                resp.raise_for_status()
                body = await resp.json()
            pages += 1
            items += len(body["records"])
            target = body.get("navigation", {}).get("nextPage", {}).get("uri")
            query = None
        return items, pages

    return walk


def official(platform: Any, path: str, params: dict[str, str], per_page: int) -> Walk:
    async def walk() -> tuple[int, int]:  # synchronous inside: nothing else runs meanwhile
        items = pages = 0
        resp = platform.get(path, {**params, "perPage": per_page})
        while True:
            body = resp.json_dict()
            pages += 1
            items += len(body["records"])
            uri = body.get("navigation", {}).get("nextPage", {}).get("uri")
            if not uri:
                return items, pages
            resp = platform.get(uri)

    return walk


# -- measuring -------------------------------------------------------------------------------


async def measure(
    walks: dict[str, Walk], runs: int, server_pid: int, expected: int
) -> dict[str, dict[str, float]]:
    """Interleaved runs of every walk, in a rotating order so that no client always follows
    the same one; medians per walk. One untimed warm-up each; a sample repeats a short walk
    until it lasts ``SAMPLE_S`` (the same count for every client of the group), so that a
    3-page walk is not timed on a few milliseconds."""
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in walks}
    shape: dict[str, tuple[int, int]] = {}
    fastest = float("inf")
    for walk in walks.values():
        started = time.perf_counter()
        await walk()
        fastest = min(fastest, time.perf_counter() - started)
    repeat = max(1, math.ceil(SAMPLE_S / max(fastest, 1e-3)))
    names = list(walks)
    for run in range(runs):
        for name in names[run % len(names) :] + names[: run % len(names)]:  # rotate the order
            walk = walks[name]
            server0, cpu0, wall0 = process_cpu(server_pid), time.process_time(), time.perf_counter()
            for _ in range(repeat):
                shape[name] = await walk()
            wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
            server1 = process_cpu(server_pid)
            server = server1 - server0 if server0 is not None and server1 is not None else -1.0
            samples[name].append((wall / repeat, cpu / repeat, server / repeat))
    out: dict[str, dict[str, float]] = {}
    for name, rows in samples.items():
        items, pages = shape[name]
        if items != expected:
            raise RuntimeError(f"{name} read {items} items, expected {expected}")
        wall = median(r[0] for r in rows)
        out[name] = {
            "items": items,
            "pages": pages,
            "wall": wall,
            "rate": items / wall,
            "cpu": median(r[1] for r in rows) / pages,
            "server": median(r[2] for r in rows) / pages if min(r[2] for r in rows) >= 0 else -1,
        }
    return out


async def scenario(
    args: argparse.Namespace, rtt: float, tls: tuple[Path, Path, Path] | None
) -> list[list[Any]]:
    rows: list[list[Any]] = []
    network = "loopback http" if tls is None else f"https, {rtt:g} ms RTT"
    server_tls = None if tls is None else (tls[0], tls[1])
    with fake_process(args.records, args.extensions, rtt, server_tls) as info:
        dates = {"dateFrom": info["dateFrom"], "dateTo": info["dateTo"]}
        async with clients_for(info, tls) as (rc, loop_http, platform):
            assert rc.token is not None
            token = rc.token.access_token
            collections = [
                ("call log (nextPage.uri)", CALL_LOG, dates, args.records, False),
                ("extensions (totals)", EXTENSIONS, {}, args.extensions, True),
            ]
            for label, path, params, expected, totals in collections:
                for per_page in args.per_page:
                    walks: dict[str, Walk] = {OURS: ours(rc, path, params, per_page, 1)}
                    if totals:
                        walks[OURS_PREFETCH] = ours(rc, path, params, per_page, PREFETCH)
                    walks[LOOP] = aiohttp_loop(loop_http, token, info["url"], path, params,
                                               per_page)  # fmt: skip
                    if platform is not None:
                        walks[OFFICIAL] = official(platform, path, params, per_page)
                    if args.profile in walks:
                        await profile(walks[args.profile], f"{network}, {label}, {per_page}")
                        return []
                    result = await measure(walks, args.runs, info["pid"], expected)
                    base = result[OURS]["rate"]
                    for name, r in result.items():
                        ratio = "1.00x" if name == OURS else f"{base / r['rate']:.2f}x"
                        server = f"{r['server'] * 1000:.1f}" if r["server"] >= 0 else "-"
                        rows.append([network, label, per_page, name, int(r["pages"]),
                                     f"{r['wall'] * 1000:.0f}", f"{r['rate']:,.0f}",
                                     f"{r['cpu'] * 1000:.2f}", server, ratio])  # fmt: skip
                    if platform is None:
                        rows.append([network, label, per_page, OFFICIAL, "-", "-", "-", "-", "-",
                                     "not installed (pip install ringcentral)"])  # fmt: skip
    return rows


async def profile(walk: Walk, what: str) -> None:
    """One walk under cProfile: the 20 functions with the most time of their own."""
    await walk()
    profiler = cProfile.Profile()
    profiler.enable()
    await walk()
    profiler.disable()
    print(f"cProfile: {what}")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(20)


async def main(args: argparse.Namespace) -> None:
    rows: list[list[Any]] = []
    with tls_for(args.rtt) as tls:
        for rtt in args.rtt:
            rows += await scenario(args, rtt, tls if rtt > 0 else None)
            if args.profile:
                return
    print_table(
        ["network", "collection", "perPage", "client", "pages", "median ms", "items/s",
         "client CPU ms/page", "server CPU ms/page", "ours / this"],
        rows,
        title=(f"Paging {args.records:,} call-log records (no totals) and {args.extensions:,} "
               f"extensions (totals); fake in its own process; median of {args.runs} runs"),
        notes=["goals: ours / aiohttp loop >= 0.9x; ours / official SDK >= 4x",
               f"'{OURS_PREFETCH}' is .pages(concurrency={PREFETCH}); it needs totals"],
    )  # fmt: skip


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=5000, help="call-log records")
    parser.add_argument("--extensions", type=int, default=2345, help="extensions")
    parser.add_argument(
        "--per-page", type=int, nargs="+", default=[100, 1000], help="page sizes to measure"
    )
    parser.add_argument(
        "--rtt", type=float, nargs="+", default=[0, 5, 20],
        help="emulated round trips in ms; 0 = plain http loopback, else https + latency",
    )  # fmt: skip
    parser.add_argument("--runs", type=int, default=5, help="runs per client (median)")
    parser.add_argument(
        "--profile", choices=[OURS, OURS_PREFETCH, LOOP, OFFICIAL],
        help="profile this client on the first scenario instead of measuring",
    )  # fmt: skip
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
