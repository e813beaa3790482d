"""``ringcentral-async fake``: serve the embedded fake platform on 127.0.0.1."""

from __future__ import annotations

import argparse
import contextlib
from typing import Any

from ..testing import run_fake_server

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """Register the sub-command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "fake", help="serve the fake RingCentral platform (prints URL and credentials)"
    )
    p.add_argument("--port", type=int, default=8088, help="port on 127.0.0.1 (default 8088)")
    p.add_argument("--extensions", type=int, default=250)
    p.add_argument("--call-log-records", type=int, default=5000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument(
        "--window",
        type=float,
        default=None,
        help="shorten every usage-plan window to this many seconds (default: 60 s, as the "
        "platform)",
    )
    p.set_defaults(run=run)


async def run(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    limits = None
    penalty = 60.0
    if args.window:
        penalty = args.window
        limits = {
            g: (n, args.window)
            for g, n in (("Light", 50), ("Medium", 40), ("Heavy", 10), ("Auth", 5))
        }
    with contextlib.suppress(KeyboardInterrupt):
        await run_fake_server(
            args.port,
            extensions=args.extensions,
            call_log_records=args.call_log_records,
            seed=args.seed,
            limits=limits,
            penalty=penalty,
        )
    return 0
