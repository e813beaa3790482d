"""Paging throughput: items/s for our paginator vs a hand-written aiohttp loop vs the
official ``ringcentral`` SDK, walking the company call log of one FakeRingCentral.

    python -m benchmarks.paging [--records 5000] [--per-page 100 1000] [--runs 5]
    python benchmarks/paging.py

The call log has no totals, so every client follows ``navigation.nextPage.uri`` one page at
a time (no prefetch is possible); the fake runs in this process with throttling off, and
every client reads the same records. Timed: the walk only (login happens before). Each
client is run ``--runs`` times, interleaved, and the median is reported.

- ringcentral_async: ``rc.paginate(path, params=..., per_page=...)`` (items as dicts), with a
  loose Throttle (so the limiter's own cost is included, never a wait).
- aiohttp loop: one ``aiohttp.ClientSession``, ``resp.json()``, follow nextPage.uri by hand.
- official SDK: PyPI ``ringcentral`` (synchronous, requests), following
  ``navigation.nextPage.uri`` by hand, run in a worker thread (the fake needs the loop).

Goals: ours >= 0.9 x the aiohttp loop, >= 4 x the official SDK. Prints one table.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp

if __package__ in (None, ""):  # `python benchmarks/paging.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import client, fake_platform, median, print_table, raw_token
from ringcentral_async import RingCentral, Throttle
from ringcentral_async.testing import FakeRingCentral

PATH = "/restapi/v1.0/account/~/call-log"
LOOSE = Throttle(
    limits={g: (100_000, 1.0) for g in ("Light", "Medium", "Heavy", "Auth")},
    calibrate=False,
)

#: A walk: (per_page) -> (items, pages); set up (login) before, timed by the caller.
Walk = Callable[[int], Awaitable[tuple[int, int]]]


def date_range(fake: FakeRingCentral) -> dict[str, str]:
    calls = fake.platform.calls
    fmt = "%Y-%m-%dT%H:%M:%S.000Z"
    return {
        "dateFrom": (calls.start - timedelta(days=1)).strftime(fmt),
        "dateTo": (calls.end + timedelta(days=1)).strftime(fmt),
    }


def ours(rc: RingCentral, dates: dict[str, str]) -> Walk:
    async def walk(per_page: int) -> tuple[int, int]:
        items = pages = 0
        async for page in rc.paginate(PATH, params=dates, per_page=per_page).pages():
            pages += 1
            items += len(page.records)
        return items, pages

    return walk


def aiohttp_loop(http: aiohttp.ClientSession, token: str, url: str, dates: dict[str, str]) -> Walk:
    headers = {"Authorization": "Bearer " + token}

    async def walk(per_page: int) -> tuple[int, int]:
        items = pages = 0
        target: str | None = url + PATH
        params: dict[str, str] | None = {**dates, "perPage": str(per_page)}
        while target is not None:
            async with http.get(target, params=params, headers=headers) as resp:
                resp.raise_for_status()
                body = await resp.json()
            pages += 1
            items += len(body["records"])
            target = body.get("navigation", {}).get("nextPage", {}).get("uri")
            params = None
        return items, pages

    return walk


def official(fake: FakeRingCentral, dates: dict[str, str]) -> Walk | None:
    try:
        from ringcentral import SDK  # type: ignore[import-untyped]
    except ImportError:
        return None
    platform = SDK(fake.client_id, fake.client_secret, fake.url).platform()
    platform.login(jwt=fake.jwt)
    # Workaround: the SDK sends "Authorization: bearer <token>" (the token_type as the
    # platform returns it); FakeRingCentral only accepts the capitalised "Bearer" scheme.
    platform.auth().set_data({"token_type": "Bearer"})

    def walk_sync(per_page: int) -> tuple[int, int]:
        items = pages = 0
        resp = platform.get(PATH, {**dates, "perPage": per_page})
        while True:
            body = resp.json_dict()
            pages += 1
            items += len(body["records"])
            uri = body.get("navigation", {}).get("nextPage", {}).get("uri")
            if not uri:
                return items, pages
            resp = platform.get(uri)

    async def walk(per_page: int) -> tuple[int, int]:
        return await asyncio.to_thread(walk_sync, per_page)

    return walk


async def main(args: argparse.Namespace) -> None:
    async with (
        fake_platform(
            extensions=20, call_log_records=args.records, seed=5, throttling=False
        ) as fake,
        client(fake, throttle=LOOSE) as rc,
        aiohttp.ClientSession() as http,
    ):
        dates = date_range(fake)
        token = await raw_token(http, fake)
        official_walk = await asyncio.to_thread(official, fake, dates)
        walks: dict[str, Walk | None] = {
            "ringcentral_async rc.paginate": ours(rc, dates),
            "hand-written aiohttp loop": aiohttp_loop(http, token, fake.url, dates),
            "official ringcentral SDK (thread)": official_walk,
        }
        rows: list[list[Any]] = []
        for per_page in args.per_page:
            times: dict[str, list[float]] = {name: [] for name, w in walks.items() if w}
            shape: dict[str, tuple[int, int]] = {}
            for _ in range(args.runs):
                for name, walk in walks.items():
                    if walk is None:
                        continue
                    started = time.perf_counter()
                    shape[name] = await walk(per_page)
                    times[name].append(time.perf_counter() - started)
            rate = {name: shape[name][0] / median(t) for name, t in times.items()}
            ours_rate = rate["ringcentral_async rc.paginate"]
            for name, walk in walks.items():
                if walk is None:
                    rows.append(
                        [name, per_page, "-", "-", "not installed (pip install ringcentral)"]
                    )
                    continue
                items, pages = shape[name]
                if items != args.records:
                    raise RuntimeError(f"{name} read {items} items, expected {args.records}")
                ratio = ours_rate / rate[name]
                rows.append(
                    [
                        name,
                        per_page,
                        pages,
                        f"{median(times[name]) * 1000:.0f}",
                        f"{rate[name]:,.0f}",
                        "1.00x" if name.startswith("ringcentral_async") else f"{ratio:.2f}x",
                    ]
                )
    print_table(
        ["client", "perPage", "pages", "median ms", "items/s", "ours / this"],
        rows,
        title=(
            f"Company call log, {args.records:,} records without totals (nextPage.uri), "
            f"median of {args.runs} runs"
        ),
        notes=["goals: ours / aiohttp loop >= 0.9x; ours / official SDK >= 4x"],
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=5000, help="call-log records")
    parser.add_argument(
        "--per-page", type=int, nargs="+", default=[100, 1000], help="page sizes to measure"
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per client (median)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
