"""``ringcentral-async harvest-call-log``: every call-log record of a range into JSON Lines.

The output file and the harvest checkpoint (``<out>.checkpoint.json``) stay consistent:
the checkpoint stores the output's length at each save, and ``--resume`` cuts the output
back to that length before going on, so the file holds every record exactly once even
after a crash, a kill or Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from .. import ConfigurationError, unstructure
from ..jobs import harvest_call_log, read_consumer_state
from ._common import (
    Progress,
    add_common_args,
    connect,
    emit_summary,
    format_table,
    group_json,
    group_rows,
    limiter_text,
)

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """Register the sub-command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "harvest-call-log",
        help="write every call-log record of a date range to a JSON Lines file (resumable)",
    )
    p.add_argument("--from", dest="date_from", required=True, help="start, e.g. 2026-01-01")
    p.add_argument("--to", dest="date_to", required=True, help="end (exclusive), e.g. 2026-02-01")
    p.add_argument(
        "--extension",
        default=None,
        help="an extension id, or ~ for the logged-in user (default: the company log)",
    )
    p.add_argument("--view", default="Detailed", choices=("Simple", "Detailed"))
    p.add_argument("--out", required=True, type=Path, help="output file (.jsonl)")
    p.add_argument(
        "--resume", action="store_true", help="go on from the checkpoint of an earlier run"
    )
    p.add_argument("--checkpoint", type=Path, help="default: <out>.checkpoint.json")
    p.add_argument("--concurrency", type=int, default=4, help="time slices walked at once")
    p.add_argument("--slices", type=int, default=None, help="time slices (default: concurrency)")
    p.add_argument(
        "--lookback-hours",
        type=float,
        default=None,
        help="re-read the last hours of the range and append updated records",
    )
    add_common_args(p)
    p.set_defaults(run=run)


def _prepare_output(out: Path, checkpoint: Path, resume: bool) -> int:
    """Cut the output back to what the checkpoint knows (resume) or start both afresh."""
    if not resume:
        if checkpoint.exists():
            checkpoint.unlink()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(b"")
        return 0
    if not checkpoint.exists():
        raise ConfigurationError(f"--resume: no checkpoint {checkpoint} (run without --resume)")
    try:
        state = read_consumer_state(checkpoint)
    except ValueError as exc:
        raise ConfigurationError(str(exc)) from None
    size = int(state.get("outBytes", 0)) if isinstance(state, dict) else 0
    with open(out, "ab") as fh:
        fh.truncate(size)
    return int(state.get("records", 0)) if isinstance(state, dict) else 0


async def run(args: argparse.Namespace) -> int:
    """Harvest; 0 on success."""
    checkpoint: Path = args.checkpoint or args.out.with_name(args.out.name + ".checkpoint.json")
    lookback = None if args.lookback_hours is None else timedelta(hours=args.lookback_hours)
    earlier = _prepare_output(args.out, checkpoint, args.resume)
    progress = Progress(quiet=args.quiet or args.json)
    rc = await connect(args)
    async with rc:
        # buffered local writes: cheap enough on the loop (flushed at each checkpoint save)
        with open(args.out, "ab") as fh:  # noqa: ASYNC230
            written = earlier

            def position() -> dict[str, int]:
                fh.flush()
                os.fsync(fh.fileno())
                return {"outBytes": fh.tell(), "records": written}

            harvest = harvest_call_log(
                rc,
                args.date_from,
                args.date_to,
                extension_id=args.extension,
                view=args.view,
                slices=args.slices,
                concurrency=args.concurrency,
                checkpoint=checkpoint,
                lookback=lookback,
                on_checkpoint=position,
            )
            stats = harvest.stats
            try:
                async for record in harvest:
                    fh.write(
                        json.dumps(unstructure(record), separators=(",", ":")).encode() + b"\n"
                    )
                    written += 1
                    progress.update(
                        f"records {stats.records:,}  pages {stats.pages}  slices "
                        f"{stats.slices_done}/{stats.slices_total}  {limiter_text(rc, ['Heavy'])}"
                    )
            finally:
                await harvest.aclose()
                progress.done()
        summary = {
            "command": "harvest-call-log",
            "out": str(args.out),
            "records_this_run": stats.records,
            "updates": stats.updates,
            "records_in_file": written,
            "pages": stats.pages,
            "duplicates_skipped": stats.duplicates_skipped,
            "slices": stats.slices_total,
            "resumed_slices": stats.resumed_slices,
            "seconds": round(stats.elapsed, 2),
            "groups": group_json(rc),
        }
        job = format_table(
            [
                ("harvest-call-log", "records", "updates", "in file", "pages", "slices", "s"),
                (
                    str(args.out),
                    stats.records,
                    stats.updates,
                    written,
                    stats.pages,
                    stats.slices_total,
                    f"{stats.elapsed:.1f}",
                ),
            ]
        )
        emit_summary(args, summary, [job, format_table(group_rows(rc))])
    return 0
