"""What reaches the consumer of a subscription: each event once, in order, gaps recorded.

:class:`Delivery` is the receiving half of a :class:`~._events.subscription.Subscription`:
it parses notification frames (a malformed one is logged and skipped), drops replayed events
it has delivered already (by uuid, in a bounded memory), queues the rest in a bounded
:class:`~._events.queue.EventQueue` (the oldest are dropped into an ``overflow`` gap when
the consumer falls behind), and records every gap so that ``on_gap`` sees it in stream
order. It knows nothing of sockets or recovery.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from ..models.subscriptions import Gap, Notification
from .frames import Frame, FrameError, parse_notification
from .queue import EventQueue
from .recent import RecentIds

__all__ = ["DEFAULT_DEDUP", "MAX_GAPS", "Delivery", "OnGap"]

logger = logging.getLogger("ringcentral_async.events")

OnGap = Callable[[Gap], Awaitable[None]]

#: uuids remembered for deduplication (at least 10 recovery buffers' worth).
DEFAULT_DEDUP = 5_000
#: ``sub.gaps`` keeps the most recent this many gaps (each was handed to on_gap too).
MAX_GAPS = 1_000


class Delivery:
    """Dedup, the bounded queue and the gaps of one subscription."""

    def __init__(self, max_queue: int, on_gap: OnGap | None, now: Callable[[], datetime]) -> None:
        self.queue = EventQueue(max_queue)
        self.gaps: list[Gap] = []
        self.duplicates = 0
        #: Set whenever something new is waiting (an event, a gap, the end).
        self.wakeup = asyncio.Event()
        # The newest event timestamp seen (or the subscription's start): a gap starts there,
        # since an event published later may have been on the wire when the socket died.
        self.last_event_at: datetime | None = None
        # After a successful recovery: the highest sequence seen before the drop, and the
        # sequence of the recovery's ConnectionDetails (replays carry lower sequences).
        self.replay_check: tuple[int, int, datetime] | None = None
        self._recent = RecentIds(DEFAULT_DEDUP)
        self._on_gap = on_gap
        self._now = now

    def on_notification(self, frame: Frame) -> None:
        """A ServerNotification frame: queue its event unless it was delivered already."""
        try:
            event = parse_notification(frame.body)
        except FrameError as exc:
            logger.warning("skipped a malformed notification: %s", exc)
            return
        check = self.replay_check
        if check is not None and frame.wsc_sequence is not None:
            seen, details_seq, dropped_at = check
            self.replay_check = None
            if details_seq > frame.wsc_sequence > seen + 1:
                # The oldest replayed event is newer than what we saw last: the gateway's
                # recovery buffer overflowed, events in between are gone.
                self.record_gap(dropped_at, event.timestamp or self._now(), "recovery-incomplete")
        if not self._recent.add(event.uuid):
            self.duplicates += 1
            return
        moment = event.timestamp or self._now()
        if self.last_event_at is None or moment > self.last_event_at:
            self.last_event_at = moment
        self.queue.put(event, self._now())
        self.wakeup.set()

    def add_gap(self, gap: Gap) -> None:
        """Keep ``gap`` in ``gaps`` (the most recent :data:`MAX_GAPS`)."""
        self.gaps.append(gap)
        if len(self.gaps) > MAX_GAPS:
            del self.gaps[: len(self.gaps) - MAX_GAPS]

    def record_gap(self, since: datetime, until: datetime, reason: str) -> None:
        """A span whose events may be missing: kept, and queued for ``on_gap`` in order."""
        gap = Gap(since=min(since, until), until=until, reason=reason)
        self.add_gap(gap)
        self.queue.put_gap(gap)
        self.wakeup.set()
        logger.warning("event gap (%s): %s .. %s", reason, gap.since.isoformat(), until.isoformat())

    def take_overflow(self) -> Gap | None:
        """The ``overflow`` gap of events dropped since the last call (kept in ``gaps``)."""
        overflow = self.queue.take_overflow()
        if overflow is not None:
            self.add_gap(overflow)
        return overflow

    async def next_item(self) -> Notification | None:
        """The next event, after handing any gap before it to ``on_gap``; None when empty."""
        while True:
            overflow = self.take_overflow()
            if overflow is not None:
                logger.warning(
                    "the consumer fell behind: %d events dropped (%s .. %s)",
                    overflow.dropped,
                    overflow.since.isoformat(),
                    overflow.until.isoformat(),
                )
                await self._gap_callback(overflow)
                continue
            item = self.queue.get()
            if isinstance(item, Gap):
                await self._gap_callback(item)
                continue
            return item

    async def _gap_callback(self, gap: Gap) -> None:
        if self._on_gap is not None:
            await self._on_gap(gap)
