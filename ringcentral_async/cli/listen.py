"""``ringcentral-async listen``: print the events of a WebSocket subscription as JSON lines.

One JSON object per event on stdout (``uuid``, ``event``, ``timestamp``, ``subscriptionId``,
``ownerId``, ``body``), flushed at once so it can be piped. Recoveries and gaps are said on
stderr: a gap means events of that time span may be missing (resync them by REST). Ctrl-C
(SIGINT) or SIGTERM deletes the subscription and exits with code 0.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import signal
import sys
from typing import Any

from .. import Gap, Notification, RingCentral
from ._common import add_common_args, run_job

__all__ = ["add_parser", "event_json", "run"]


def add_parser(sub: Any) -> None:
    """Register the sub-command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "listen",
        help="subscribe over a WebSocket and print one JSON line per event (Ctrl-C to stop)",
    )
    p.add_argument(
        "--filter",
        dest="filters",
        action="append",
        required=True,
        metavar="PATH",
        help="an event filter, e.g. /restapi/v1.0/account/~/extension/~/message-store "
        "(repeat for more)",
    )
    add_common_args(p)
    p.set_defaults(run=run)


def event_json(event: Notification) -> str:
    """One event as a JSON line (the platform's field names)."""
    return json.dumps(
        {
            "uuid": event.uuid,
            "event": event.event,
            "timestamp": event.timestamp.isoformat() if event.timestamp else None,
            "subscriptionId": event.subscription_id,
            "ownerId": event.owner_id,
            "body": event.body,
        },
        separators=(",", ":"),
        default=str,
    )


class _StderrLog(logging.Handler):
    """The subscription's recovery messages, one line each on stderr (gaps: see on_gap)."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO and not str(record.msg).startswith("event gap"):
            print(f"listen: {record.getMessage()}", file=sys.stderr, flush=True)


async def run(args: argparse.Namespace) -> int:
    """Listen until interrupted; 0 after a clean stop."""
    return await run_job(args, lambda rc, again: _listen(rc, args))


async def _listen(rc: RingCentral, args: argparse.Namespace) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
            signals.append(sig)
    events_log = logging.getLogger("ringcentral_async.events")
    handler = _StderrLog()
    events_log.addHandler(handler)
    previous_level = events_log.level
    if not args.quiet:
        events_log.setLevel(logging.INFO)

    async def on_gap(gap: Gap) -> None:
        extra = f" ({gap.dropped} dropped)" if gap.dropped else ""
        print(
            f"listen: gap ({gap.reason}){extra}: events between {gap.since.isoformat()} and "
            f"{gap.until.isoformat()} may be missing; resync them by REST",
            file=sys.stderr,
            flush=True,
        )

    count = 0
    try:
        async with rc.subscribe(args.filters, on_gap=on_gap) as sub:
            if not args.quiet:
                print(
                    f"listen: subscription {sub.id} on {len(sub.event_filters)} filter(s); "
                    "Ctrl-C to stop",
                    file=sys.stderr,
                    flush=True,
                )
            events = sub.__aiter__()
            stopping = loop.create_task(stop.wait())
            try:
                while True:
                    following = loop.create_task(events.__anext__())
                    await asyncio.wait({following, stopping}, return_when=asyncio.FIRST_COMPLETED)
                    if not following.done():
                        following.cancel()
                        with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
                            await following
                        break
                    try:
                        event = following.result()
                    except StopAsyncIteration:
                        break
                    print(event_json(event), flush=True)
                    count += 1
            finally:
                stopping.cancel()
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)
        events_log.removeHandler(handler)
        events_log.setLevel(previous_level)
    if not args.quiet:
        print(f"listen: stopped after {count} event(s); subscription deleted", file=sys.stderr)
    return 0
