"""Walking one time slice: a chain of call-log requests that read each record about once.

The walk asks for the slice (with the margins of :func:`request_range`) and, after each
full page, asks again with the range ending at the page's last startTime (newest-first; the
mirror image when the log comes oldest-first) instead of following ``page=2, 3, ...``:

- page numbers shift when calls are added to or deleted from the range during the walk,
  which repeats or, worse, silently skips records; a range that ends at the last record
  seen cannot shift;
- it costs nothing extra but the few records that share the page's last startTime (read
  again, dropped by the slice's cursor), so requests stay at the minimum plus at most one
  partly filled page per slice, with per_page at the maximum.

``navigation.nextPage`` is still followed when a page cannot move the range (every record
on it shares one startTime) and for the rest of a slice once the platform is seen to
ignore the requested range. The walk stops as soon as a page reaches past the slice.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any

from .. import AsyncPaginator
from ..models import CallLogRecord
from ._slices import ASC, DESC, SECOND, HarvestError, SliceState, floor_second, page_order
from ._slices import request_range as _request_range

__all__ = ["walk_concurrently", "walk_slice"]

Query = Callable[[datetime, datetime], AsyncPaginator[CallLogRecord]]
Emit = Callable[[list[CallLogRecord]], Awaitable[None]]


def _within(records: Sequence[CallLogRecord], lo: datetime, hi: datetime) -> bool:
    """Whether every record lies in the requested ``[lo, hi]`` (ends either way)."""
    return all(lo <= r.start_time <= hi for r in records if r.start_time is not None)


async def walk_slice(piece: SliceState, query: Query, emit: Emit) -> None:
    """Read what is left of ``piece`` and ``emit`` every page in order (records unfiltered).

    ``query(date_from, date_to)`` makes the paginator of one request chain; its pages go
    through the client (Heavy limiter, retries, refresh). ``piece`` is only read here: the
    consumer decides which records are new and moves the cursor.
    """
    lo, hi = _request_range(*piece.remaining())
    order = piece.order
    keyset = True  # False once the platform is seen to ignore dateFrom/dateTo
    while True:
        paginator = query(lo, hi)
        pages = paginator.pages(concurrency=1)  # no prefetch: the next range is not known
        requery = False
        async with contextlib.aclosing(pages):
            async for page in pages:
                records = page.records
                seen = page_order(records)
                if order is None:
                    order = seen
                elif seen is not None and seen != order:
                    raise HarvestError("the call log changed its order during a walk")
                if keyset and not _within(records, lo, hi):
                    keyset = False
                await emit(records)
                if not records or paginator.next_params is None:
                    break  # the end of this range
                last = records[-1].start_time
                assert last is not None  # checked by page_order
                if (order == DESC and last < piece.start) or (order == ASC and last >= piece.end):
                    break  # past the slice: the rest belongs to another one
                if keyset and order == DESC and floor_second(last) + SECOND < hi:
                    hi, requery = floor_second(last) + SECOND, True
                elif keyset and order == ASC and floor_second(last) - SECOND > lo:
                    lo, requery = floor_second(last) - SECOND, True
                if requery:
                    break
                # else: the page could not move the range; follow nextPage
        if not requery:
            return


async def walk_concurrently(
    pieces: Sequence[SliceState], query: Query, concurrency: int, on_page: Callable[[], None]
) -> AsyncGenerator[tuple[SliceState, list[CallLogRecord] | None], None]:
    """Walk ``pieces``, up to ``concurrency`` at once; yield ``(piece, records)`` per page as
    pages arrive (each piece's pages in order) and ``(piece, None)`` once a piece is done.

    A small bounded queue between the walkers and the caller keeps memory flat: a walker
    waits while the caller is behind. The first failure of a walker is raised here; closing
    the generator cancels the walkers.
    """
    pending = list(pieces)
    queue: asyncio.Queue[tuple[SliceState | None, Any]] = asyncio.Queue(maxsize=concurrency)

    async def walker() -> None:
        try:
            while pending:
                piece = pending.pop(0)

                async def emit(records: list[CallLogRecord], piece: SliceState = piece) -> None:
                    on_page()
                    await queue.put((piece, records))

                await walk_slice(piece, query, emit)
                await queue.put((piece, None))
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # handed to the caller, which re-raises it
            await queue.put((None, exc))

    left = len(pending)
    tasks = [asyncio.create_task(walker()) for _ in range(min(concurrency, left))]
    try:
        while left:
            piece, payload = await queue.get()
            if piece is None:
                raise payload
            if payload is None:
                left -= 1
            yield piece, payload
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
