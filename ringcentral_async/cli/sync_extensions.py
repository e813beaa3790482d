"""``ringcentral-async sync-extensions``: mirror the account's extensions into SQLite."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .. import RingCentral
from ..jobs import DETAILS, sync_extensions
from ._common import (
    Progress,
    add_common_args,
    bar,
    emit_summary,
    format_table,
    group_json,
    group_rows,
    limiter_text,
    run_job,
)

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """Register the sub-command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "sync-extensions",
        help="mirror extensions (and per-extension details) into a SQLite file; report the diff",
    )
    p.add_argument("--db", required=True, type=Path, help="SQLite file (created if missing)")
    p.add_argument(
        "--details",
        default="phone_numbers",
        help=f"comma-separated, from {', '.join(sorted(DETAILS))}; '' for none",
    )
    p.add_argument("--concurrency", type=int, default=8, help="detail requests in flight")
    add_common_args(p)
    p.set_defaults(run=run)


async def run(args: argparse.Namespace) -> int:
    """Sync; 0 on success."""
    details = [d.strip() for d in args.details.split(",") if d.strip()]
    progress = Progress(quiet=args.quiet or args.json)

    async def job(rc: RingCentral, again: bool) -> None:
        def show(done: int, total: int) -> None:
            if done == total or progress.due():
                text = f"{bar(done / max(total, 1))} extensions {done:,}/{total:,}"
                progress.update(f"{text}  {limiter_text(rc)}", force=True)

        try:
            report = await sync_extensions(
                rc, args.db, details=details, concurrency=args.concurrency, progress=show
            )
        finally:
            progress.done()
        counts = report.counts()
        rows: list[tuple[Any, ...]] = [("table", "added", "changed", "removed", "unchanged")]
        for table, c in counts.items():
            rows.append((table, c["added"], c["changed"], c["removed"], c["unchanged"]))
        note = f"{'written to' if report.written else 'no change, nothing written to'} {args.db}"
        summary = {
            "command": "sync-extensions",
            "db": str(args.db),
            "written": report.written,
            "tables": counts,
            "seconds": round(report.elapsed, 2),
            "groups": group_json(rc),
        }
        tables = [format_table(rows) + "\n" + note, format_table(group_rows(rc))]
        emit_summary(args, summary, tables)

    await run_job(args, job)
    return 0
