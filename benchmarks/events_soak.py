"""Soak test of WebSocket subscriptions: events published while sockets drop at random.

    python -m benchmarks.events_soak [--events 10000] [--drop-every 400] [--unrecoverable 0.25]

One client subscribes through ``rc.subscribe`` to FakeRingCentral on 127.0.0.1. A publisher
sends ``--events`` events (paced at about ``--rate`` per second) and, after each one, cuts
every live socket with probability ``1 / --drop-every``; a cut is unrecoverable (the next
recovery answers Failed, the events published meanwhile are lost) with probability
``--unrecoverable``. The consumer records what arrives. Printed, one table:

- events/s: events delivered per second of the run;
- end-to-end latency on loopback (publish to iteration), p50 and p99, all deliveries
  (replays after a recovery included);
- delivered twice (goal 0): the same event handed to the consumer more than once;
- lost without a recorded gap (goal 0): events published but never delivered whose
  publish time lies in no ``Gap`` of ``sub.gaps``. Events that are lost *inside* a gap are
  counted apart: that is the protocol saying so, and the caller resyncs by REST.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import client, fake_platform, print_table
from ringcentral_async import Gap

FILTER = "/restapi/v1.0/account/~/extension/~/message-store"
#: The fake writes timestamps with milliseconds: allow that much slack at a gap's borders.
SLACK = timedelta(milliseconds=2)


async def soak(
    events: int, drop_every: int, unrecoverable: float, rate: float, seed: int
) -> dict[str, float]:
    rng = random.Random(seed)
    published: dict[int, datetime] = {}
    sent_at: dict[int, float] = {}
    received: dict[int, int] = {}
    latencies: list[float] = []
    drops = {"recoverable": 0, "unrecoverable": 0}
    async with (
        fake_platform(extensions=5, call_log_records=5, throttling=False) as fake,
        client(fake, throttle=False) as rc,
    ):
        gaps: list[Gap] = []

        async def on_gap(gap: Gap) -> None:
            gaps.append(gap)

        sub = rc.subscribe([FILTER], on_gap=on_gap, reconnect_bands=[(0.01, 0.05)])
        async with sub:
            done = asyncio.Event()

            async def consume() -> None:
                async for event in sub:
                    n = int(event.body["n"])
                    received[n] = received.get(n, 0) + 1
                    latencies.append(time.perf_counter() - sent_at[n])
                    if n == events - 1:
                        done.set()

            consumer = asyncio.create_task(consume())
            started = time.perf_counter()
            interval = 1.0 / rate if rate > 0 else 0.0
            for n in range(events):
                published[n] = datetime.now(UTC)
                sent_at[n] = time.perf_counter()
                await fake.publish(FILTER, {"n": n})
                if n < events - 1 and rng.random() < 1.0 / drop_every:
                    bad = rng.random() < unrecoverable
                    if await fake.drop_websockets(recoverable=not bad):
                        drops["unrecoverable" if bad else "recoverable"] += 1
                lag = started + (n + 1) * interval - time.perf_counter()
                if lag > 0:
                    await asyncio.sleep(lag)
                elif n % 50 == 49:
                    await asyncio.sleep(0)  # unpaced: let the consumer run now and then
            # The last event may itself have been lost in a gap: then wait for quiet.
            last = events - 1
            deadline = time.perf_counter() + 10
            while not done.is_set() and time.perf_counter() < deadline:
                if any(g.since - SLACK <= published[last] <= g.until + SLACK for g in gaps):
                    await asyncio.sleep(0.5)
                    break
                await asyncio.sleep(0.05)
            elapsed = time.perf_counter() - started
            await asyncio.sleep(0.2)  # anything delivered twice shows up by now
            consumer.cancel()
            reconnects = sub.reconnects
            replays_dropped = sub.duplicates
    missing = [n for n in range(events) if n not in received]
    in_gap = [
        n for n in missing if any(g.since - SLACK <= published[n] <= g.until + SLACK for g in gaps)
    ]
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "published": events,
        "delivered": sum(1 for n in received),
        "events_per_s": len(received) / elapsed,
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "twice": sum(1 for c in received.values() if c > 1),
        "lost_in_gap": len(in_gap),
        "lost_silently": len(missing) - len(in_gap),
        "drops_ok": drops["recoverable"],
        "drops_bad": drops["unrecoverable"],
        "reconnects": reconnects,
        "gaps": len(gaps),
        "gap_reasons": "/".join(
            str(sum(1 for g in gaps if g.reason == reason))
            for reason in ("recovery-failed", "recovery-incomplete", "recovery-timeout", "overflow")
        ),
        "replays_dropped": replays_dropped,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--drop-every", type=int, default=400, help="mean events between cuts")
    parser.add_argument("--unrecoverable", type=float, default=0.25, help="share of bad cuts")
    parser.add_argument(
        "--rate", type=float, default=2000.0, help="events published per second (0: unpaced)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--verbose", action="store_true", help="show the recovery log")
    args = parser.parse_args()
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.ERROR, format="%(name)s: %(message)s"
    )
    r = asyncio.run(soak(args.events, args.drop_every, args.unrecoverable, args.rate, args.seed))
    print_table(
        [
            "events",
            "cuts ok/bad",
            "reconnects",
            "gaps f/i/t/o",
            "publish rate",
            "events/s",
            "p50 ms",
            "p99 ms",
            "delivered twice",
            "lost in a gap",
            "lost without a gap",
        ],
        [
            (
                f"{r['published']:,}",
                f"{r['drops_ok']}/{r['drops_bad']}",
                r["reconnects"],
                r["gap_reasons"],
                f"{rate:,.0f}/s" if (rate := args.rate) > 0 else "unpaced",
                f"{r['events_per_s']:,.0f}",
                f"{r['p50_ms']:.2f}",
                f"{r['p99_ms']:.1f}",
                r["twice"],
                r["lost_in_gap"],
                r["lost_silently"],
            )
        ],
        title="events_soak.py: rc.subscribe against FakeRingCentral, sockets cut at random",
        notes=[
            f"replays dropped as duplicates: {r['replays_dropped']:,}; gaps: recovery-failed/"
            "recovery-incomplete/recovery-timeout/overflow; "
            "goals: delivered twice 0, lost without a gap 0",
        ],
    )
    return 0 if r["twice"] == 0 and r["lost_silently"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
