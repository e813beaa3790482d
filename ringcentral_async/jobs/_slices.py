"""Time slices of a harvest and the pure rules that make each record count exactly once.

A slice is a half-open interval ``[start, end)`` of startTimes. Which records belong to it
is decided HERE, on the client, not by the platform's ``dateFrom``/``dateTo``, whose
inclusiveness is not documented: requests ask for a little more than the slice (a second
before its start, whole seconds at its end) and :meth:`SliceState.check` drops what lies
outside. So a record exactly on a border is in exactly one slice, whatever the platform
does with the ends of a range, and a platform that cuts dates to whole seconds loses none.

Inside a slice the records come in time order (newest first on the platform; oldest first
is recognised too). The position reached is a cursor in time: every record on the far side
of ``cursor`` has been handed out, plus ``cursor_ids`` at ``cursor`` itself. That is all a
checkpoint needs, it stays a few bytes however many records were read, and it does not
depend on page numbers, which shift when calls are added or deleted meanwhile.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import Enum

import attrs

from .. import RingCentralError
from ..models import CallLogRecord

__all__ = [
    "ASC",
    "DESC",
    "HarvestError",
    "SliceState",
    "Verdict",
    "floor_second",
    "page_order",
    "plan_slices",
    "request_range",
]

DESC = "desc"
ASC = "asc"
SECOND = timedelta(seconds=1)


class HarvestError(RingCentralError):
    """The harvest cannot go on safely (e.g. the call log came in no time order)."""


class Verdict(Enum):
    """What :meth:`SliceState.check` says about a record."""

    NEW = "new"
    SEEN = "seen"  # handed out already (a record re-read at a page's last startTime)
    OUTSIDE = "outside"  # not in this slice (the margin requests add around it)


def floor_second(moment: datetime) -> datetime:
    """``moment`` with the fraction of a second dropped."""
    return moment.replace(microsecond=0)


def ceil_second(moment: datetime) -> datetime:
    """The first whole second at or after ``moment``."""
    floor = floor_second(moment)
    return floor if floor == moment else floor + SECOND


@attrs.define
class SliceState:
    """One time slice ``[start, end)`` and the position reached inside it."""

    start: datetime
    end: datetime
    done: bool = False
    order: str | None = None  # DESC / ASC once two startTimes were seen
    cursor: datetime | None = None
    cursor_ids: set[str] = attrs.field(factory=set)
    records: int = 0

    def check(self, start: datetime, rid: str) -> Verdict:
        """Whether the record ``(start, rid)`` is new in this slice (never mutates)."""
        if not self.start <= start < self.end:
            return Verdict.OUTSIDE
        cursor = self.cursor
        if cursor is None:
            return Verdict.NEW
        if start == cursor:
            return Verdict.SEEN if rid in self.cursor_ids else Verdict.NEW
        if self.order == DESC:
            return Verdict.NEW if start < cursor else Verdict.SEEN
        if self.order == ASC:
            return Verdict.NEW if start > cursor else Verdict.SEEN
        return Verdict.NEW  # the first other startTime: it tells the order

    def take(self, start: datetime, rid: str) -> None:
        """Record that ``(start, rid)`` was handed out (after ``check`` said NEW)."""
        cursor = self.cursor
        if cursor is not None and start == cursor:
            self.cursor_ids.add(rid)
        else:
            if cursor is not None and self.order is None:
                self.order = DESC if start < cursor else ASC
            self.cursor = start
            self.cursor_ids = {rid}
        self.records += 1

    def covered(self) -> timedelta:
        """How much of the slice's time has been read (all of it once done)."""
        if self.done:
            return self.end - self.start
        if self.cursor is None or self.order is None:
            return timedelta(0)
        if self.order == DESC:
            return self.end - self.cursor
        return self.cursor - self.start

    def remaining(self) -> tuple[datetime, datetime]:
        """The ``[start, end)`` still to read (the whole slice while the order is unknown)."""
        if self.cursor is None or self.order is None:
            return self.start, self.end
        if self.order == DESC:
            return self.start, min(self.end, floor_second(self.cursor) + SECOND)
        return max(self.start, self.cursor), self.end


def request_range(lo: datetime, hi: datetime) -> tuple[datetime, datetime]:
    """``dateFrom``/``dateTo`` that cover ``[lo, hi)`` under any reading of the ends.

    A second before ``lo`` (an exclusive ``dateFrom``, or one cut to whole seconds, still
    includes ``lo``) and ``hi`` rounded up to a whole second (an exclusive ``dateTo`` still
    covers everything before ``hi``). What comes back outside ``[lo, hi)`` is dropped.
    """
    return floor_second(lo) - SECOND, ceil_second(hi)


def plan_slices(date_from: datetime, date_to: datetime, count: int) -> list[SliceState]:
    """``count`` contiguous half-open slices of ``[date_from, date_to)``, inner edges on whole
    seconds (so no platform rounding of ``dateFrom``/``dateTo`` can move them)."""
    span = date_to - date_from
    edges = [date_from]
    for i in range(1, count):
        edge = floor_second(date_from + span * i / count)
        if edges[-1] < edge < date_to:
            edges.append(edge)
    edges.append(date_to)
    return [SliceState(start=a, end=b) for a, b in itertools.pairwise(edges)]


def page_order(records: Sequence[CallLogRecord]) -> str | None:
    """DESC or ASC by startTime (None: fewer than two startTimes); HarvestError if neither."""
    order: str | None = None
    previous: datetime | None = None
    for record in records:
        start = record.start_time
        if start is None or record.id is None:
            raise HarvestError("a call-log record without id or startTime")
        if previous is not None and start != previous:
            step = DESC if start < previous else ASC
            if order is None:
                order = step
            elif step != order:
                raise HarvestError(
                    "the call log came in no time order (neither newest nor oldest first); "
                    "positions inside a time slice cannot be kept"
                )
        previous = start
    return order
