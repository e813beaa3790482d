"""``ringcentral-async demo``: the SDK end to end against the embedded fake platform.

It starts FakeRingCentral in-process (usage-plan windows shortened so it takes seconds),
logs in with a JWT, walks every page of the extension list and the company call log, and
prints what it did: counts, pages, requests per usage-plan group, 429s, time.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from .. import RingCentral
from ..testing import FakeRingCentral

__all__ = ["add_parser", "run"]

#: The platform's default limits, with the window shortened from 60 s.
DEMO_LIMITS = {"Light": 50, "Medium": 40, "Heavy": 10, "Auth": 5}


def add_parser(sub: Any) -> None:
    """Register the sub-command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "demo", help="run the SDK against the embedded fake platform and print a summary"
    )
    p.add_argument("--extensions", type=int, default=2345)
    p.add_argument("--call-log-records", type=int, default=3456)
    p.add_argument(
        "--window",
        type=float,
        default=1.0,
        help="usage-plan window of the fake, seconds (the platform's is 60)",
    )
    p.add_argument("--seed", type=int, default=7)
    p.set_defaults(run=run)


def _table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


async def run(args: argparse.Namespace) -> int:
    """Run the demo; 0 if every record arrived exactly once and no 429 was provoked."""
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
        async with RingCentral(fake.client_id, fake.client_secret, server_url=fake.url) as rc:
            await rc.login(jwt=fake.jwt)
            account = await rc.account.get()
            print(f"Logged in with a JWT to account {account.id} ({account.status})")

            t0 = time.perf_counter()
            extension_pages = 0
            extension_ids: set[int] = set()
            extension_count = 0
            async for page in rc.extensions.list(per_page=100).pages():
                extension_pages += 1
                for ext in page.records:
                    extension_count += 1
                    if ext.id is not None:
                        extension_ids.add(ext.id)
            t_ext = time.perf_counter() - t0

            t0 = time.perf_counter()
            call_pages = 0
            call_ids: set[str] = set()
            call_count = 0
            date_from = fake.now - timedelta(days=3650)
            calls = rc.call_log.list_company(
                date_from=date_from, date_to=fake.now, view="Detailed", per_page=250
            )
            async for call_page in calls.pages():
                call_pages += 1
                for call in call_page.records:
                    call_count += 1
                    if call.id is not None:
                        call_ids.add(call.id)
            t_calls = time.perf_counter() - t0

            stats = rc.throttle.stats()
        rejected = fake.count(status=429)
        per_group: dict[str, int] = {}
        for rec in fake.log:
            per_group[rec.group or "-"] = per_group.get(rec.group or "-", 0) + 1

    print()
    print(
        _table(
            [
                ("job", "records", "unique", "pages", "seconds"),
                (
                    "extension list",
                    str(extension_count),
                    str(len(extension_ids)),
                    str(extension_pages),
                    f"{t_ext:.2f}",
                ),
                (
                    "company call log (Detailed)",
                    str(call_count),
                    str(len(call_ids)),
                    str(call_pages),
                    f"{t_calls:.2f}",
                ),
            ]
        )
    )
    print()
    header = ("usage-plan group", "requests", "limit/window", "waited s", "429s")
    rows: list[tuple[str, ...]] = [header]
    for name, st in stats.items():
        rows.append(
            (
                name,
                str(per_group.get(name, 0)),
                f"{st.limit}/{st.window:g}s",
                f"{st.waited_s:.2f}",
                str(st.rejected_429),
            )
        )
    print(_table(rows))
    print()
    total = time.perf_counter() - started
    ok = (
        extension_count == len(extension_ids) == args.extensions
        and call_count == len(call_ids) == args.call_log_records
        and rejected == 0
    )
    print(
        f"429 responses from the platform: {rejected}; total time {total:.1f} s; "
        f"{'OK' if ok else 'MISMATCH'}: every record exactly once"
    )
    return 0 if ok else 1
