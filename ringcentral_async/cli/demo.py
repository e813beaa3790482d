"""``ringcentral-async demo``: the SDK end to end against the embedded fake platform.

It starts FakeRingCentral in-process (usage-plan windows shortened so it takes seconds),
logs in with a JWT, runs both jobs (``harvest_call_log`` over the company call log, then
``sync_extensions`` twice into a temporary SQLite file), shows a WebSocket subscription
surviving a dropped connection with nothing lost or repeated, and prints the summaries:
records, pages, the diff, requests per usage-plan group, 429s, time.
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from .. import RingCentral, Throttle
from ..jobs import harvest_call_log, sync_extensions
from ..testing import FakeRingCentral
from ._common import format_table
from ._demo_events import demo_events

__all__ = ["add_parser", "run"]

#: The platform's default limits, with the window shortened from 60 s.
DEMO_LIMITS = {"Light": 50, "Medium": 40, "Heavy": 10, "Auth": 5}


def add_parser(sub: Any) -> None:
    """Register the sub-command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "demo", help="run the SDK against the embedded fake platform and print a summary"
    )
    p.add_argument("--extensions", type=int, default=200)
    p.add_argument("--call-log-records", type=int, default=4000)
    p.add_argument(
        "--window",
        type=float,
        default=0.25,
        help="usage-plan window of the fake, seconds (the platform's is 60)",
    )
    p.add_argument("--seed", type=int, default=7)
    p.set_defaults(run=run)


async def run(args: argparse.Namespace) -> int:
    """Run both jobs; 0 if every record arrived exactly once and no 429 was provoked."""
    limits = {g: (n, args.window) for g, n in DEMO_LIMITS.items()}
    started = time.perf_counter()
    async with FakeRingCentral(
        extensions=args.extensions,
        call_log_records=args.call_log_records,
        seed=args.seed,
        limits=limits,
        penalty=max(args.window, 1.0),
    ) as fake:
        print(
            f"Fake RingCentral platform on {fake.url} "
            f"(usage-plan windows {args.window:g} s instead of 60 s)"
        )
        async with RingCentral(
            fake.client_id,
            fake.client_secret,
            server_url=fake.url,
            throttle=Throttle(limits=limits),
        ) as rc:
            await rc.login(jwt=fake.jwt)
            account = await rc.account.get()
            print(f"Logged in with a JWT to account {account.id} ({account.status})")
            with tempfile.TemporaryDirectory(prefix="rc-demo-") as tmp:
                t0 = time.perf_counter()
                ids: set[str] = set()
                count = 0
                harvest = harvest_call_log(
                    rc,
                    fake.now - timedelta(days=31),
                    fake.now,
                    checkpoint=Path(tmp) / "harvest.json",
                )
                async with contextlib.aclosing(harvest):
                    async for call in harvest:
                        count += 1
                        ids.add(str(call.id))
                t_calls = time.perf_counter() - t0
                t0 = time.perf_counter()
                report = await sync_extensions(rc, Path(tmp) / "extensions.sqlite")
                again = await sync_extensions(rc, Path(tmp) / "extensions.sqlite")
                t_ext = time.perf_counter() - t0
            print()
            events_ok = await demo_events(rc, fake, before=50, after=50)
            stats = rc.throttle.stats()
        rejected = fake.count(status=429)

    hs = harvest.stats
    print()
    print(
        format_table(
            [
                ("harvest_call_log (company, Detailed)", "records", "unique", "pages", "seconds"),
                (
                    "4 time slices, checkpointed",
                    str(count),
                    str(len(ids)),
                    str(hs.pages),
                    f"{t_calls:.2f}",
                ),
            ]
        )
    )
    print()
    rows: list[tuple[str, ...]] = [("sync_extensions", "added", "changed", "removed", "unchanged")]
    for name, c in report.counts().items():
        rows.append(
            (name, str(c["added"]), str(c["changed"]), str(c["removed"]), str(c["unchanged"]))
        )
    print(format_table(rows))
    unchanged = all(not d.dirty for d in again.tables.values()) and not again.written
    print(
        f"second run: {'all unchanged, nothing written' if unchanged else 'CHANGED'} "
        f"({t_ext:.2f} s for both runs)"
    )
    print()
    header = ("usage-plan group", "requests", "limit/window", "waited s", "429s")
    grows: list[tuple[str, ...]] = [header]
    for name, st in stats.items():
        grows.append(
            (
                name,
                str(st.sent),
                f"{st.limit}/{st.window:g}s",
                f"{st.waited_s:.2f}",
                str(st.rejected_429),
            )
        )
    print(format_table(grows))
    print()
    total = time.perf_counter() - started
    ok = count == len(ids) == args.call_log_records and rejected == 0 and unchanged and events_ok
    print(
        f"429 responses from the platform: {rejected}; total time {total:.1f} s; "
        f"{'OK' if ok else 'MISMATCH'}: every record exactly once"
    )
    return 0 if ok else 1
