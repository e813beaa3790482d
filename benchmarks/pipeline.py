"""Request pipeline throughput: GETs of a 100-record extension page.

    python -m benchmarks.pipeline [--sizes 1000,10000] [--runs 3] [--concurrency 50]

Against one FakeRingCentral on 127.0.0.1 (usage-plan limits off, so only the client is
measured), it times N GETs of ``/restapi/v1.0/account/~/extension?perPage=100``,
sequential and with 50 in flight, for:

- our raw ``rc.get`` (limiter in the path, calibration off, limits out of reach);
- our typed ``rc.extensions.list(per_page=100)`` first page (structured into models);
- bare aiohttp (one session, ``resp.json()``): the floor of what is possible;
- the official synchronous ``ringcentral`` SDK with 50 threads (if installed:
  ``pip install ringcentral``).

Prints one table of medians (requests/s) and the ratios to bare aiohttp and to
``ringcentral``. Goals: ours >= 0.9x bare aiohttp, >= 4x ``ringcentral``.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp

from benchmarks._common import client, fake_platform, median, print_table, raw_token
from ringcentral_async import Throttle
from ringcentral_async.testing import FakeRingCentral

PATH = "/restapi/v1.0/account/~/extension"
PARAMS = {"perPage": 100}
GROUPS = ("Light", "Medium", "Heavy", "Auth")


async def _drive(n: int, concurrency: int, one: Callable[[], Awaitable[object]]) -> float:
    """Run ``one()`` n times with ``concurrency`` in flight; requests per second."""
    started = time.perf_counter()
    if concurrency <= 1:
        for _ in range(n):
            await one()
    else:
        remaining = n

        async def worker() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                await one()

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return n / (time.perf_counter() - started)


async def _ours_raw(fake: FakeRingCentral, n: int, conc: int) -> float:
    throttle = Throttle(limits={g: (10**9, 60.0) for g in GROUPS}, calibrate=False)
    async with client(fake, throttle=throttle) as rc:
        return await _drive(n, conc, lambda: rc.get(PATH, params=PARAMS))


async def _ours_typed(fake: FakeRingCentral, n: int, conc: int) -> float:
    throttle = Throttle(limits={g: (10**9, 60.0) for g in GROUPS}, calibrate=False)
    async with client(fake, throttle=throttle) as rc:

        async def one() -> object:
            return await rc.extensions.list(per_page=100)

        return await _drive(n, conc, one)


async def _bare(fake: FakeRingCentral, n: int, conc: int) -> float:
    async with aiohttp.ClientSession() as http:
        token = await raw_token(http, fake)
        headers = {"Authorization": f"Bearer {token}"}

        async def one() -> object:
            async with http.get(fake.url + PATH, params=PARAMS, headers=headers) as resp:
                return await resp.json()

        return await _drive(n, conc, one)


def _official_available() -> bool:
    try:
        import ringcentral  # noqa: F401
    except ImportError:
        return False
    return True


async def _official(fake: FakeRingCentral, n: int, conc: int) -> float:
    from ringcentral import SDK  # type: ignore[import-untyped]

    sdk = SDK(fake.client_id, fake.client_secret, fake.url)
    platform = sdk.platform()
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, lambda: platform.login(jwt=fake.jwt))
    # The SDK sends "Authorization: bearer <token>" (token_type as returned); the fake, like
    # strict servers, accepts only the capitalised scheme, so set it the way it must be sent.
    platform.auth().set_data({"token_type": "Bearer"})

    def one_sync() -> object:
        return platform.get(PATH, PARAMS).json()

    threads = max(1, conc)
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        started = time.perf_counter()
        futures = [loop.run_in_executor(pool, one_sync) for _ in range(n)]
        await asyncio.gather(*futures)
        return n / (time.perf_counter() - started)


VARIANTS: dict[str, Callable[[FakeRingCentral, int, int], Awaitable[float]]] = {
    "ringcentral_async rc.get": _ours_raw,
    "ringcentral_async extensions.list": _ours_typed,
    "bare aiohttp": _bare,
    "ringcentral (official, threads)": _official,
}


async def main(sizes: list[int], runs: int, concurrency: int) -> None:
    rows = []
    async with fake_platform(extensions=100, throttling=False) as fake:
        for n in sizes:
            for conc in (1, concurrency):
                # Runs are interleaved (a, b, c, d, a, b, ...) so that drift in the machine's
                # speed during the benchmark hits every client alike.
                samples: dict[str, list[float]] = {name: [] for name in VARIANTS}
                for _ in range(runs):
                    for name, fn in VARIANTS.items():
                        if fn is _official and not _official_available():
                            continue
                        samples[name].append(await fn(fake, n, conc))
                results: dict[str, float | None] = {
                    name: median(values) if values else None for name, values in samples.items()
                }
                bare = results["bare aiohttp"] or 1.0
                official = results["ringcentral (official, threads)"]
                for name, rps in results.items():
                    mode = "sequential" if conc == 1 else f"{conc} concurrent"
                    if rps is None:
                        rows.append((name, n, mode, "not installed", "-", "-"))
                        continue
                    rows.append(
                        (
                            name,
                            n,
                            mode,
                            f"{rps:,.0f}",
                            f"{rps / bare:.2f}x",
                            f"{rps / official:.2f}x" if official else "-",
                        )
                    )
    print_table(
        ("client", "GETs", "mode", "req/s (median)", "vs aiohttp", "vs ringcentral"),
        rows,
        title=f"Pipeline throughput, 100-record extension page, median of {runs} runs",
        notes=("goals: ours >= 0.90x bare aiohttp, >= 4x ringcentral",),
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    asyncio.run(main([int(s) for s in args.sizes.split(",")], args.runs, args.concurrency))
