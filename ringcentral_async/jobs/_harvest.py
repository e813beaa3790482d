"""``harvest_call_log``: a whole call-log range, in concurrent time slices, resumable.

How it works:

- ``[date_from, date_to)`` is cut into ``slices`` contiguous half-open time slices; up to
  ``concurrency`` of them are walked at once (:mod:`._walk`), each page at ``per_page``
  (1000, the maximum). Every request goes through the client, hence through its Heavy
  limiter (and its retries and token refresh).
- Pages go through a small bounded queue to the one consumer loop, which hands records out
  as they arrive. Which slice a record belongs to, and whether it was handed out already,
  is decided by the pure rules of :mod:`._slices`: by startTime against the slice's ends
  (so a record exactly on a border is in one slice only) and against the slice's cursor
  (plus the ids at the cursor, for calls sharing a startTime). Memory stays flat: no set
  of every id ever seen is kept.
- Checkpoint (a JSON file, replaced atomically): the slices, each done or with its cursor.
  A record counts as consumed when the caller asks for the next one, or leaves an
  ``async with`` block (or calls ``aclose()``) normally while holding it; leaving the block
  by an exception, cancellation or Ctrl-C does not count the record in hand. State is saved
  at most every ``save_every`` seconds between pages, at each finished slice and when the
  harvest stops for any reason; ``on_checkpoint()`` is called right before each save so
  the caller can store its own position (e.g. the bytes of output written) in the same
  atomic write. A rerun with the same file yields exactly the records no run consumed.
- ``lookback``: on a rerun over a completed checkpoint, the last ``lookback`` of the range
  is read again; a record is yielded again only if its ``lastModifiedTime`` changed (an
  update: :meth:`HarvestCallLog.is_update` tells it apart) or it was not there before (a
  late arrival, counted as a new record).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any, Self

import attrs

from .. import AsyncPaginator, ConfigurationError, RingCentral
from ..models import CallLogRecord
from ._checkpoint import HarvestState, load_state, save_state
from ._slices import HarvestError, SliceState, Verdict, plan_slices
from ._walk import walk_concurrently
from ._wire import boundary_time, format_time

__all__ = ["HarvestCallLog", "HarvestError", "HarvestStats", "harvest_call_log"]

#: The call log's largest page.
MAX_PER_PAGE = 1000
VIEWS = ("Simple", "Detailed")


@attrs.define
class HarvestStats:
    """Counters of one harvest run (live: read them while iterating)."""

    records: int = 0
    updates: int = 0
    pages: int = 0
    duplicates_skipped: int = 0
    outside_skipped: int = 0
    slices_total: int = 0
    slices_done: int = 0
    resumed_slices: int = 0
    started: float = attrs.field(factory=time.monotonic)

    @property
    def elapsed(self) -> float:
        """Seconds since the run started."""
        return time.monotonic() - self.started


def _modified(record: CallLogRecord) -> str:
    moment = record.last_modified_time
    return "" if moment is None else format_time(moment)


class HarvestCallLog(AsyncIterator[CallLogRecord]):
    """The async iterator ``harvest_call_log`` returns; ``stats`` holds live counters.

    Use it as ``async with harvest_call_log(...) as records: async for r in records: ...``:
    leaving the block saves the checkpoint and stops the slice walkers (see the module
    docstring for when the record in hand counts as consumed).
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
        self.date_from = boundary_time("date_from", date_from)
        self.date_to = boundary_time("date_to", date_to)
        if self.date_to <= self.date_from:
            raise ConfigurationError("date_to must be after date_from")
        if view not in VIEWS:
            raise ConfigurationError(f"view={view!r} is not one of {', '.join(VIEWS)}")
        if concurrency < 1:
            raise ConfigurationError("concurrency must be >= 1")
        if slices is not None and slices < 1:
            raise ConfigurationError("slices must be >= 1")
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise ConfigurationError(f"per_page must be 1..{MAX_PER_PAGE}")
        if lookback is not None:
            if lookback <= timedelta(0):
                raise ConfigurationError("lookback must be a positive timedelta")
            if checkpoint is None:
                raise ConfigurationError("lookback needs a checkpoint (it compares with it)")
            if view != "Detailed":
                raise ConfigurationError("lookback needs view='Detailed' (lastModifiedTime)")
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
        self._state: HarvestState | None = None
        self._holding: tuple[Callable[[CallLogRecord], None], CallLogRecord] | None = None
        self._consumed_on_close = False
        self._updated: set[str] = set()
        self._gen = self._run()

    # -- iterator protocol ------------------------------------------------------------
    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> CallLogRecord:
        return await self._gen.__anext__()

    async def aclose(self, *, consumed: bool = True) -> None:
        """Stop: cancel the walkers and save the checkpoint.

        ``consumed``: whether the record handed out last counts as consumed (it does when
        you stop after processing it, the usual ``break``).
        """
        self._consumed_on_close = consumed
        await self._gen.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose(consumed=exc_type is None)

    def progress(self) -> float:
        """The share of the range's time read so far, 0..1 (slices done and cursors)."""
        state = self._state
        if state is None:
            return 0.0
        total = (self.date_to - self.date_from).total_seconds()
        covered = sum((s.covered() for s in state.slices), timedelta(0)).total_seconds()
        return min(1.0, covered / total) if total > 0 else 1.0

    def is_update(self, record: CallLogRecord) -> bool:
        """Whether ``record`` was yielded by the look-back pass as a changed version."""
        return record.id in self._updated

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
                if self.lookback is not None and state.recent_from is None:
                    raise ConfigurationError(
                        f"checkpoint {self.checkpoint} was made without lookback, so it has "
                        "no modification times to compare with; start a new one with lookback"
                    )
                return state
        recent_from = None
        if self.lookback is not None:
            recent_from = max(self.date_to - self.lookback, self.date_from)
        return HarvestState(
            key=self._key(),
            slices=plan_slices(self.date_from, self.date_to, self._slice_count),
            recent_from=recent_from,
        )

    def _save(self, state: HarvestState) -> None:
        if self.checkpoint is None:
            return
        if self._on_checkpoint is not None:
            state.consumer = self._on_checkpoint()
        save_state(self.checkpoint, state)

    # -- the walk -----------------------------------------------------------------------
    def _query(self, start: datetime, end: datetime) -> AsyncPaginator[CallLogRecord]:
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

    async def _pass(
        self,
        state: HarvestState,
        pieces: list[SliceState],
        check: Callable[[SliceState, CallLogRecord], Verdict],
        take: Callable[[SliceState, CallLogRecord], None],
        *,
        count_slices: bool = True,
    ) -> AsyncGenerator[CallLogRecord, None]:
        """Walk ``pieces`` concurrently; yield what ``check`` calls new, ``take`` it once
        the caller asks for the next record."""

        def page_read() -> None:
            self.stats.pages += 1

        events = walk_concurrently(pieces, self._query, self.concurrency, page_read)
        last_save = time.monotonic()
        async with contextlib.aclosing(events):
            async for piece, records in events:
                if records is None:  # the piece is finished
                    piece.done = True
                    self.stats.slices_done += count_slices
                    self._save(state)
                    last_save = time.monotonic()
                    continue
                for record in records:
                    verdict = check(piece, record)
                    if verdict is Verdict.SEEN:
                        self.stats.duplicates_skipped += 1
                        continue
                    if verdict is Verdict.OUTSIDE:
                        self.stats.outside_skipped += 1
                        continue
                    self._holding = (lambda r, p=piece: take(p, r), record)
                    yield record
                    self._holding = None
                    take(piece, record)
                if time.monotonic() - last_save >= self._save_every:
                    self._save(state)
                    last_save = time.monotonic()

    async def _run(self) -> AsyncGenerator[CallLogRecord, None]:
        state = self._initial_state()
        self._state = state
        was_complete = state.complete
        pending = [s for s in state.slices if not s.done]
        self.stats.slices_total = len(state.slices)
        self.stats.slices_done = len(state.slices) - len(pending)
        self.stats.resumed_slices = sum(1 for s in pending if s.cursor is not None)
        try:
            self._save(state)  # the plan is on disk before the first record is handed out
            main = self._pass(state, pending, self._check_main, self._take_main)
            async with contextlib.aclosing(main):
                async for record in main:
                    yield record
            if self.lookback is not None and was_complete:
                window = self._lookback_window(state)
                recent = self._pass(
                    state, [window], self._check_recent, self._take_recent, count_slices=False
                )
                async with contextlib.aclosing(recent):
                    async for record in recent:
                        yield record
        finally:
            held, self._holding = self._holding, None
            if held is not None and self._consumed_on_close:
                held[0](held[1])
            self._save(state)

    # -- the main pass: slices ----------------------------------------------------------
    def _check_main(self, piece: SliceState, record: CallLogRecord) -> Verdict:
        assert record.start_time is not None and record.id is not None  # walk checked it
        return piece.check(record.start_time, record.id)

    def _take_main(self, piece: SliceState, record: CallLogRecord) -> None:
        assert record.start_time is not None and record.id is not None
        piece.take(record.start_time, record.id)
        state = self._state
        assert state is not None
        if state.recent_from is not None and record.start_time >= state.recent_from:
            state.recent[record.id] = _modified(record)
        self.stats.records += 1

    # -- the look-back pass ---------------------------------------------------------------
    def _lookback_window(self, state: HarvestState) -> SliceState:
        assert self.lookback is not None and state.recent_from is not None
        start = max(self.date_to - self.lookback, state.recent_from)
        return SliceState(start=start, end=self.date_to)

    def _check_recent(self, piece: SliceState, record: CallLogRecord) -> Verdict:
        assert record.start_time is not None and record.id is not None
        if not piece.start <= record.start_time < piece.end:
            return Verdict.OUTSIDE
        state = self._state
        assert state is not None
        if state.recent.get(record.id) == _modified(record):
            return Verdict.SEEN
        return Verdict.NEW

    def _take_recent(self, piece: SliceState, record: CallLogRecord) -> None:
        assert record.id is not None
        state = self._state
        assert state is not None
        if record.id in state.recent:
            self.stats.updates += 1
            self._updated.add(record.id)
        else:
            self.stats.records += 1
        state.recent[record.id] = _modified(record)


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
    save_every: float = 1.0,
) -> HarvestCallLog:
    """Every call-log record of ``[date_from, date_to)``, each exactly once, as they arrive.

    ``extension_id``: None for the company log (admin), ``"~"`` or an id for one extension.
    ``slices`` (default: ``concurrency``) time slices are walked, ``concurrency`` at a
    time, under the client's Heavy limiter. ``checkpoint``: a JSON file path; a rerun with the
    same file and arguments yields only what earlier runs did not hand out. ``lookback``
    (needs a checkpoint and the Detailed view): on a rerun over a completed checkpoint,
    re-read the last part of the range and yield records whose ``lastModifiedTime``
    changed (``is_update(record)`` is True for them) and late arrivals.
    ``on_checkpoint()`` is called just before each save (at most every ``save_every``
    seconds, at each finished slice and at the end); what it returns is stored with the
    checkpoint (read it back with :func:`read_consumer_state`). Use the result as
    ``async with harvest_call_log(...) as calls:`` so that stopping saves the checkpoint.
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
        save_every=save_every,
    )
