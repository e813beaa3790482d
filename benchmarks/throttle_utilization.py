"""Throttle utilisation: requests/s achieved vs the limit, and 429s, for three policies.

    python -m benchmarks.throttle_utilization [--seconds 10] [--limit 10] [--window 1]
    python benchmarks/throttle_utilization.py  [--penalty 2] [--workers 30] [--jitter 0.02]

Each policy gets a fresh FakeRingCentral whose Heavy group allows ``--limit`` requests per
``--window`` seconds (sliding window; once over, every request is rejected for ``--penalty``
seconds and each rejected one restarts the penalty, as on the platform). ``--workers``
coroutines (default 3 x limit) request the company call log (Heavy) back to back for
``--seconds`` seconds:

(a) ringcentral_async: the client's proactive limiter, with RingCentral's *default* limits
    (Heavy 10 per 60 s): it learns the real limit and window from the first response's
    ``X-Rate-Limit-*`` headers (probe-first), then waits before sending.
(b) reactive, like the official SDKs (ringcentral-extensible's rate-limit extension): send
    freely; on a 429 wait ``X-Rate-Limit-Window`` x 2^n seconds and retry, at most 3 retries,
    then give up.
(c) no limiter: send freely; on a 429 wait ``Retry-After`` and retry.

``--jitter J`` adds a random network delay (uniform 0..J seconds, seeded) on the way out and
again on the way back of every request, for every policy alike (aiohttp trace hooks on the
client side): the server then counts each request at a time the client cannot know.

Counted from the fake's request log: successful Heavy requests that arrived within the
measured interval (from the first arrival, ``--seconds`` long), and every 429 sent back. The
share of the limit is the server's window capacity in use, averaged over the interval: each
success fills one place of the sliding window for ``window`` seconds, so the share is the
sum of those place-seconds inside the interval over ``limit x seconds`` (unlike
``ok / seconds``, this does not round a limiter that sends in bursts up to whole windows);
req/s = share x limit / window.
Goal: (a) reaches >= 97 % of the limit with 0 x 429. Prints one table.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import aiohttp

if __package__ in (None, ""):  # `python benchmarks/throttle_utilization.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import client, fake_platform, median, print_table, raw_token
from ringcentral_async.testing import FakeRingCentral

PATH = "/restapi/v1.0/account/~/call-log"  # Heavy
PARAMS = {"perPage": "5"}

Worker = Callable[[], Coroutine[Any, Any, None]]


class Counters:
    """What a policy's workers saw on their side."""

    def __init__(self) -> None:
        self.gave_up = 0


def network(jitter: float, seed: int = 1) -> list[aiohttp.TraceConfig]:
    """Trace hooks that delay each request before it is sent and after its response."""
    if jitter <= 0:
        return []
    rnd = random.Random(seed)

    async def delay(*_: Any) -> None:
        await asyncio.sleep(rnd.uniform(0.0, jitter))

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(delay)
    trace.on_request_end.append(delay)
    return [trace]


async def run_workers(worker: Worker, workers: int, seconds: float) -> None:
    """Run ``workers`` copies of ``worker`` for ``seconds``, then cancel them."""
    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    try:
        await asyncio.sleep(seconds)
    finally:
        for task in tasks:
            task.cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError):
            raise result


async def ours(fake: FakeRingCentral, args: argparse.Namespace, counters: Counters) -> None:
    """(a) the SDK's limiter with default limits, calibrated from the response headers."""
    async with (
        aiohttp.ClientSession(trace_configs=network(args.jitter)) as http,
        client(fake, throttle=True, session=http) as rc,
    ):

        async def worker() -> None:
            while True:
                await rc.get(PATH, params=PARAMS)

        await run_workers(worker, args.workers, args.seconds)


async def _raw_policy(
    fake: FakeRingCentral,
    args: argparse.Namespace,
    counters: Counters,
    wait_for: Callable[[aiohttp.ClientResponse, int], float | None],
) -> None:
    """Plain aiohttp workers; ``wait_for(response, retries_so_far)`` after a 429 gives the
    seconds to wait before retrying, or None to give up."""
    async with aiohttp.ClientSession(trace_configs=network(args.jitter)) as http:
        token = await raw_token(http, fake)
        headers = {"Authorization": "Bearer " + token}

        async def worker() -> None:
            while True:
                retries = 0
                while True:
                    async with http.get(fake.url + PATH, params=PARAMS, headers=headers) as resp:
                        await resp.read()
                        if resp.status != 429:
                            resp.raise_for_status()
                            break
                        wait = wait_for(resp, retries)
                    if wait is None:
                        counters.gave_up += 1
                        break
                    retries += 1
                    await asyncio.sleep(wait)

        await run_workers(worker, args.workers, args.seconds)


async def reactive(fake: FakeRingCentral, args: argparse.Namespace, counters: Counters) -> None:
    """(b) the official SDKs' way: wait X-Rate-Limit-Window x 2^n, at most 3 retries."""

    def wait_for(resp: aiohttp.ClientResponse, retries: int) -> float | None:
        if retries >= 3:
            return None
        window = float(resp.headers.get("X-Rate-Limit-Window", "60"))
        return float(window * 2**retries)

    await _raw_policy(fake, args, counters, wait_for)


async def unlimited(fake: FakeRingCentral, args: argparse.Namespace, counters: Counters) -> None:
    """(c) no limiter: send; on a 429 wait Retry-After and retry."""

    def wait_for(resp: aiohttp.ClientResponse, retries: int) -> float | None:
        return float(resp.headers.get("Retry-After", "30"))

    await _raw_policy(fake, args, counters, wait_for)


POLICIES: list[tuple[str, Any]] = [
    ("ringcentral_async (proactive, calibrated)", ours),
    ("reactive, official SDKs (window x 2^n, 3 retries)", reactive),
    ("no limiter (retry after Retry-After)", unlimited),
]


async def measure(name: str, policy: Any, args: argparse.Namespace) -> tuple[int, float, int, int]:
    """One run of ``policy``: (ok requests, share of the limit used, 429s, gave up)."""
    limits = {"Heavy": (args.limit, args.window)}
    async with fake_platform(
        extensions=10, call_log_records=50, seed=1, limits=limits, penalty=args.penalty
    ) as fake:
        counters = Counters()
        await policy(fake, args, counters)
        heavy = fake.requests(group="Heavy")
        t0 = heavy[0].time if heavy else 0.0
        ok = [r for r in heavy if r.status == 200 and t0 <= r.time < t0 + args.seconds]
        rejected = sum(1 for r in heavy if r.status == 429)
        end = t0 + args.seconds
        place_seconds = sum(max(0.0, min(r.time + args.window, end) - r.time) for r in ok)
        share = place_seconds / (args.limit * args.seconds)
        return len(ok), share, rejected, counters.gave_up


async def main(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    samples: dict[str, list[tuple[int, float, int, int]]] = {name: [] for name, _ in POLICIES}
    for _ in range(args.runs):  # interleaved runs, medians reported
        for name, policy in POLICIES:
            samples[name].append(await measure(name, policy, args))
    allowed = args.limit / args.window
    rows = []
    for name, runs in samples.items():
        share = median(s for _, s, _, _ in runs)
        rows.append([
            name,
            f"{median(ok for ok, _, _, _ in runs):g}",
            f"{share * allowed:.2f}",
            f"{allowed:.2f}",
            f"{share:.1%}",
            f"{median(r for _, _, r, _ in runs):g}",
            f"{median(g for _, _, _, g in runs):g}",
        ])  # fmt: skip
    print_table(
        ["policy", "ok requests", "req/s", "limit req/s", "share of limit", "429s", "gave up"],
        rows,
        title=(
            f"Heavy limit {args.limit} per {args.window:g} s, penalty {args.penalty:g} s, "
            f"{args.workers} concurrent workers, {args.seconds:g} s per policy, "
            f"network jitter 0-{args.jitter * 1000:g} ms each way; median of {args.runs} runs"
        ),
        notes=[
            "goal: ringcentral_async >= 97% of the limit with 0 x 429 "
            f"(total run {time.perf_counter() - started:.1f} s)"
        ],
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="run time per policy")
    parser.add_argument("--runs", type=int, default=3, help="runs per policy (medians)")
    parser.add_argument("--limit", type=int, default=10, help="Heavy requests per window")
    parser.add_argument("--window", type=float, default=1.0, help="window length, seconds")
    parser.add_argument("--penalty", type=float, default=2.0, help="429 penalty, seconds")
    parser.add_argument("--workers", type=int, default=None, help="default: 3 x limit")
    parser.add_argument(
        "--jitter", type=float, default=0.0, help="max random network delay each way, seconds"
    )
    args = parser.parse_args(argv)
    if args.workers is None:
        args.workers = 3 * args.limit
    return args


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
