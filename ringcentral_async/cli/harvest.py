"""``ringcentral-async harvest-call-log``: every call-log record of a range into JSON Lines.

The output file and the harvest checkpoint (``<out>.checkpoint.json``) stay consistent:
right before each checkpoint save the output is flushed and fsynced and its length (up to
the last record written whole) goes into the same atomic write; ``--resume`` cuts the
output back to that length before going on. So the file holds every record exactly once
even after a crash, a kill or Ctrl-C. With ``--lookback-hours`` (given from the first
run on), a ``--resume`` over the finished harvest appends the records changed since: a
later line with the same ``id`` is the newer version of the record.
"""

from __future__ import annotations

import argparse
import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from .. import ConfigurationError, RingCentral, unstructure
from ..jobs import HarvestStats, harvest_call_log, read_consumer_state
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
        help="keep the last hours of the range in the checkpoint; a --resume over the "
        "finished harvest re-reads them and appends the records changed since (a later "
        "line with the same id is the newer version)",
    )
    add_common_args(p)
    p.set_defaults(run=run)


def _prepare_output(out: Path, checkpoint: Path, resume: bool) -> tuple[int, int]:
    """Cut the output back to what the checkpoint knows (resume) or start both afresh.

    Returns ``(bytes, records)`` of the output that the checkpoint accounts for.
    """
    if not resume:
        if checkpoint.exists():
            checkpoint.unlink()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(b"")
        return 0, 0
    if not checkpoint.exists():
        raise ConfigurationError(f"--resume: no checkpoint {checkpoint} (run without --resume)")
    try:
        state = read_consumer_state(checkpoint)
    except ValueError as exc:
        raise ConfigurationError(str(exc)) from None
    state = state if isinstance(state, dict) else {}
    size, records = int(state.get("outBytes", 0)), int(state.get("records", 0))
    have = out.stat().st_size if out.exists() else 0
    if have < size:
        raise ConfigurationError(
            f"--resume: {out} has {have} bytes but the checkpoint accounts for {size}; "
            "it is not the output of that harvest (run without --resume to start again)"
        )
    with open(out, "r+b") as fh:
        fh.truncate(size)  # drop what was written after the last checkpoint
        fh.flush()
        os.fsync(fh.fileno())
    return size, records


async def run(args: argparse.Namespace) -> int:
    """Harvest; 0 on success."""
    checkpoint: Path = args.checkpoint or args.out.with_name(args.out.name + ".checkpoint.json")
    lookback = None if args.lookback_hours is None else timedelta(hours=args.lookback_hours)
    progress = Progress(quiet=args.quiet or args.json)
    prepared = _prepare_output(args.out, checkpoint, args.resume)  # before any request

    async def job(rc: RingCentral, again: bool) -> tuple[HarvestStats, int]:
        # a second attempt (after a fresh login) goes on from the first one's checkpoint
        good, written = _prepare_output(args.out, checkpoint, True) if again else prepared
        # buffered local writes: cheap enough on the loop (flushed at each checkpoint save)
        with open(args.out, "ab") as fh:  # noqa: ASYNC230

            def position() -> dict[str, int]:
                # called by the harvest right before it saves: the output is on disk up to
                # the last record written, and the checkpoint will say so atomically
                fh.flush()
                os.fsync(fh.fileno())
                return {"outBytes": good, "records": written}

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
                async with harvest:
                    async for record in harvest:
                        if progress.due():
                            progress.update(
                                f"{bar(harvest.progress())} records {stats.records:,}  "
                                f"updates {stats.updates:,}  pages {stats.pages}  slices "
                                f"{stats.slices_done}/{stats.slices_total}  {limiter_text(rc)}"
                            )
                        line = json.dumps(unstructure(record), separators=(",", ":")) + "\n"
                        data = line.encode()
                        fh.write(data)  # if this raises, the record does not count
                        good += len(data)  # nothing after the write can fail
                        written += 1
            finally:
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
        table = format_table(
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
        emit_summary(args, summary, [table, format_table(group_rows(rc))])
        return stats, written

    await run_job(args, job)
    return 0
