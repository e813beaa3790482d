"""``harvest_call_log``: a whole call-log range, in concurrent time slices, resumable.

How it works:

- ``[date_from, date_to)`` is cut into ``slices`` equal, non-overlapping time slices; up to
  ``concurrency`` of them are walked at once, each page at ``per_page`` (1000, the maximum),
  so the requests used are at most the minimum plus one partly filled page per slice. Every
  request goes through the client, hence through its Heavy limiter (and retry / refresh).
- Pages go through a small bounded queue to the one consumer loop, which hands records out
  as they arrive and keeps the bookkeeping: ids at slice borders (calls sharing a startTime
  with a border are handed out once) and, per running slice, the position reached.
- The position is a cursor in time: the call log comes newest first, so what is left of a
  slice is ``[start, cursor]`` minus the ids already handed out at ``cursor``. Resuming
  sends one request for ``[start, cursor + 1 ms)``: no page is re-read, and records added
  or deleted meanwhile cannot shift a page number under the resumed walk.
- With a checkpoint file that state is saved atomically (at most every ``save_every``
  seconds, at each finished slice, and when the harvest stops for any reason, including
  cancellation and Ctrl-C). A record counts as handed out once the consumer has taken it,
  so a rerun with the same checkpoint yields exactly the records the first run did not.
- ``lookback``: after the slices, the last ``lookback`` of the range is read again and a
  record is yielded again only if it is new or its ``lastModifiedTime`` changed (an update).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

import attrs

from .. import AsyncPaginator, ConfigurationError, RingCentral, RingCentralError
from ..models import CallLogRecord
from ._checkpoint import HarvestState, SliceState, load_state, save_state
from ._wire import format_time, parse_time

__all__ = ["HarvestCallLog", "HarvestError", "HarvestStats", "harvest_call_log"]

#: The call log's largest page.
MAX_PER_PAGE = 1000


class HarvestError(RingCentralError):
    """The harvest cannot go on safely (e.g. the call log was not newest-first)."""


@attrs.define
class HarvestStats:
    """Counters of one harvest run (live: read them while iterating)."""

    records: int = 0
    updates: int = 0
    pages: int = 0
    duplicates_skipped: int = 0
    slices_total: int = 0
    slices_done: int = 0
    resumed_slices: int = 0
    started: float = attrs.field(factory=time.monotonic)

    @property
    def elapsed(self) -> float:
        """Seconds since the run started."""
        return time.monotonic() - self.started


def _aware(name: str, value: datetime | str) -> datetime:
    if isinstance(value, str):
        try:
            value = parse_time(value)
        except ValueError:
            raise ConfigurationError(f"{name}={value!r} is not an ISO 8601 date") from None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ConfigurationError(f"{name}: pass an aware datetime or an ISO 8601 string")
    return value


def plan_slices(date_from: datetime, date_to: datetime, count: int) -> list[SliceState]:
    """``count`` equal, contiguous, half-open slices of ``[date_from, date_to)`` (whole ms)."""
    span = date_to - date_from
    edges = [date_from]
    for i in range(1, count):
        edge = date_from + span * i / count
        edge -= timedelta(microseconds=edge.microsecond % 1000)
        if edge > edges[-1]:
            edges.append(edge)
    edges.append(date_to)
    return [SliceState(start=a, end=b) for a, b in itertools.pairwise(edges)]


class HarvestCallLog(AsyncIterator[CallLogRecord]):
    """The async iterator ``harvest_call_log`` returns; ``stats`` holds live counters.

    Close it (``await h.aclose()``, or ``contextlib.aclosing``) when stopping early: that
    saves the checkpoint and stops the slice walkers.
    """

    def __init__(
        self,
        rc: RingCentral,
        date_from: datetime | str,
        date_to: datetime | str,
        *,
        extension_id: str | int | None = None,
        view: str = "Detailed",
        slices: int | None = None,
        per_page: int = MAX_PER_PAGE,
        checkpoint: str | os.PathLike[str] | None = None,
        concurrency: int = 4,
        lookback: timedelta | None = None,
        on_checkpoint: Callable[[], Any] | None = None,
        save_every: float = 1.0,
    ) -> None:
        self.date_from = _aware("date_from", date_from)
        self.date_to = _aware("date_to", date_to)
        if self.date_to <= self.date_from:
            raise ConfigurationError("date_to must be after date_from")
        if concurrency < 1:
            raise ConfigurationError("concurrency must be >= 1")
        if slices is not None and slices < 1:
            raise ConfigurationError("slices must be >= 1")
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise ConfigurationError(f"per_page must be 1..{MAX_PER_PAGE}")
        if lookback is not None and lookback <= timedelta(0):
            raise ConfigurationError("lookback must be a positive timedelta")
        self._rc = rc
        self.extension_id = extension_id
        self.view = view
        self.per_page = per_page
        self.checkpoint = checkpoint
        self.concurrency = concurrency
        self.lookback = lookback
        self._on_checkpoint = on_checkpoint
        self._save_every = save_every
        self._slice_count = slices if slices is not None else concurrency
        self.stats = HarvestStats()
        self._gen = self._run()

    # -- iterator protocol ------------------------------------------------------------
    def __aiter__(self) -> HarvestCallLog:
        return self

    async def __anext__(self) -> CallLogRecord:
        return await self._gen.__anext__()

    async def aclose(self) -> None:
        """Stop: cancel the walkers and save the checkpoint."""
        await self._gen.aclose()

    # -- state --------------------------------------------------------------------------
    def _key(self) -> dict[str, Any]:
        return {
            "dateFrom": format_time(self.date_from),
            "dateTo": format_time(self.date_to),
            "extensionId": None if self.extension_id is None else str(self.extension_id),
            "view": self.view,
        }

    def _initial_state(self) -> HarvestState:
        if self.checkpoint is not None:
            try:
                state = load_state(self.checkpoint)
            except (ValueError, KeyError, TypeError) as exc:
                raise ConfigurationError(f"checkpoint {self.checkpoint}: {exc}") from None
            if state is not None:
                if state.key != self._key():
                    raise ConfigurationError(
                        f"checkpoint {self.checkpoint} belongs to another harvest "
                        f"({state.key}); use a new file"
                    )
                return state
        recent_from = None if self.lookback is None else self.date_to - self.lookback
        return HarvestState(
            key=self._key(),
            slices=plan_slices(self.date_from, self.date_to, self._slice_count),
            recent_from=recent_from if recent_from is None else max(recent_from, self.date_from),
        )

    def _save(self, state: HarvestState) -> None:
        if self.checkpoint is None:
            return
        if self._on_checkpoint is not None:
            state.consumer = self._on_checkpoint()
        save_state(self.checkpoint, state)

    # -- the walk -----------------------------------------------------------------------
    def _paginator(self, start: datetime, end: datetime) -> AsyncPaginator[CallLogRecord]:
        if self.extension_id is None:
            return self._rc.call_log.list_company(
                date_from=start, date_to=end, view=self.view, per_page=self.per_page
            )
        return self._rc.call_log.list(
            extension_id=self.extension_id,
            date_from=start,
            date_to=end,
            view=self.view,
            per_page=self.per_page,
        )

    async def _walk(
        self, pending: list[SliceState], queue: asyncio.Queue[tuple[str, Any, Any]]
    ) -> None:
        """One walker: take slices off ``pending`` and put their pages on ``queue``."""
        try:
            while pending:
                piece = pending.pop(0)
                pages = self._paginator(piece.start, piece.remaining_end()).pages()
                async with contextlib.aclosing(pages):
                    async for page in pages:
                        self.stats.pages += 1
                        await queue.put(("page", piece, page.records))
                await queue.put(("done", piece, None))
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # handed to the consumer, which re-raises it
            await queue.put(("error", None, exc))

    async def _run(self) -> AsyncGenerator[CallLogRecord, None]:
        state = self._initial_state()
        borders = {s.start for s in state.slices[1:]}
        pending = [s for s in state.slices if not s.done]
        self.stats.slices_total = len(state.slices)
        self.stats.slices_done = len(state.slices) - len(pending)
        self.stats.resumed_slices = sum(1 for s in pending if s.cursor is not None)
        queue: asyncio.Queue[tuple[str, Any, Any]] = asyncio.Queue(maxsize=self.concurrency)
        self._save(state)  # the plan is on disk before the first record is handed out
        walkers = [
            asyncio.create_task(self._walk(pending, queue))
            for _ in range(min(self.concurrency, len(pending)))
        ]
        last_save = time.monotonic()
        try:
            while self.stats.slices_done < self.stats.slices_total:
                kind, piece, payload = await queue.get()
                if kind == "error":
                    raise payload
                if kind == "done":
                    piece.done = True
                    self.stats.slices_done += 1
                    self._save(state)
                    last_save = time.monotonic()
                    continue
                for record in payload:
                    if self._take(state, piece, record, borders):
                        yield record
                if time.monotonic() - last_save >= self._save_every:
                    self._save(state)
                    last_save = time.monotonic()
            if self.lookback is not None and state.complete:
                async for record in self._lookback(state):
                    yield record
        finally:
            for task in walkers:
                task.cancel()
            await asyncio.gather(*walkers, return_exceptions=True)
            self._save(state)

    def _take(
        self, state: HarvestState, piece: SliceState, record: CallLogRecord, borders: set[datetime]
    ) -> bool:
        """Bookkeeping for one record about to be handed out; False: skip it (a duplicate)."""
        rid, start = record.id, record.start_time
        if rid is None or start is None:
            raise HarvestError("a call-log record without id or startTime")
        if piece.cursor is not None and start > piece.cursor:
            if self.checkpoint is not None:
                raise HarvestError(
                    "the call log did not come newest-first; positions inside a slice "
                    "cannot be checkpointed (rerun without a checkpoint or with more slices)"
                )
        elif piece.cursor is not None and start == piece.cursor:
            if rid in piece.cursor_ids:
                self.stats.duplicates_skipped += 1
                return False
            piece.cursor_ids.add(rid)
        else:
            piece.cursor = start
            piece.cursor_ids = {rid}
        if start in borders or start == self.date_from:
            if rid in state.border_ids:
                self.stats.duplicates_skipped += 1
                return False
            state.border_ids.add(rid)
        if state.recent_from is not None and start >= state.recent_from:
            state.recent[rid] = _modified(record)
        piece.records += 1
        self.stats.records += 1
        return True

    async def _lookback(self, state: HarvestState) -> AsyncGenerator[CallLogRecord, None]:
        """Read the recent window again; yield new records and changed ones (updates)."""
        assert self.lookback is not None
        window_from = max(self.date_to - self.lookback, self.date_from)
        if state.recent_from is not None:
            window_from = max(window_from, state.recent_from)
        else:
            return  # the checkpoint kept no modification times: nothing to compare with
        pages = self._paginator(window_from, self.date_to).pages()
        async with contextlib.aclosing(pages):
            async for page in pages:
                self.stats.pages += 1
                for record in page.records:
                    if record.id is None:
                        continue
                    modified = _modified(record)
                    before = state.recent.get(record.id)
                    if before == modified:
                        continue
                    state.recent[record.id] = modified
                    if before is None:
                        self.stats.records += 1
                    else:
                        self.stats.updates += 1
                    yield record


def _modified(record: CallLogRecord) -> str:
    moment = record.last_modified_time
    return "" if moment is None else format_time(moment)


def harvest_call_log(
    rc: RingCentral,
    date_from: datetime | str,
    date_to: datetime | str,
    *,
    extension_id: str | int | None = None,
    view: str = "Detailed",
    slices: int | None = None,
    per_page: int = MAX_PER_PAGE,
    checkpoint: str | os.PathLike[str] | None = None,
    concurrency: int = 4,
    lookback: timedelta | None = None,
    on_checkpoint: Callable[[], Mapping[str, Any] | None] | None = None,
) -> HarvestCallLog:
    """Every call-log record of ``[date_from, date_to)``, each exactly once, as they arrive.

    ``extension_id``: None for the company log (admin), ``"~"`` or an id for one extension.
    ``slices`` (default: ``concurrency``) equal time slices are walked, ``concurrency`` at a
    time, under the client's Heavy limiter. ``checkpoint``: a JSON file path; a rerun with the
    same file and arguments yields only what earlier runs did not. ``lookback``: re-read the
    last part of the range and yield new and updated (changed ``lastModifiedTime``) records.
    ``on_checkpoint()`` is called just before each save; what it returns is stored with the
    checkpoint (read it back with :func:`read_consumer_state`).
    """
    return HarvestCallLog(
        rc,
        date_from,
        date_to,
        extension_id=extension_id,
        view=view,
        slices=slices,
        per_page=per_page,
        checkpoint=checkpoint,
        concurrency=concurrency,
        lookback=lookback,
        on_checkpoint=on_checkpoint,
    )
