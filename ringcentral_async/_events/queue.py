"""The bounded queue between the socket reader and the consumer, with overflow accounting.

The reader never waits for the consumer: when ``max_queue`` events are waiting, the oldest
undelivered event is dropped and counted into a pending ``overflow`` Gap (its time span and
how many were dropped). The gap is handed out before the next event, so nothing is dropped
silently. Gap markers (a recovery that lost events) travel in the queue in stream order and
do not count towards the bound.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime

from ..models.subscriptions import Gap, Notification

__all__ = ["EventQueue"]


class EventQueue:
    """Notifications and gap markers in arrival order; at most ``max_events`` notifications."""

    def __init__(self, max_events: int) -> None:
        if max_events < 1:
            raise ValueError("max_events must be at least 1")
        self.max_events = max_events
        self._items: deque[Notification | Gap] = deque()
        self._events = 0
        self._dropped = 0
        self._since: datetime | None = None
        self._until: datetime | None = None

    def __len__(self) -> int:
        """Notifications waiting (gap markers not counted)."""
        return self._events

    def __bool__(self) -> bool:
        return bool(self._items) or self._dropped > 0

    def put(self, event: Notification, now: datetime) -> None:
        """Append ``event``; drop the oldest waiting event first if the queue is full."""
        if self._events >= self.max_events:
            self._drop_oldest(now)
        self._items.append(event)
        self._events += 1

    def put_gap(self, gap: Gap) -> None:
        """Append a gap marker (handed out in order, between the events around it)."""
        self._items.append(gap)

    def _drop_oldest(self, now: datetime) -> None:
        for index, item in enumerate(self._items):
            if isinstance(item, Notification):
                del self._items[index]
                self._events -= 1
                moment = item.timestamp or now
                self._since = moment if self._since is None else min(self._since, moment)
                self._until = moment if self._until is None else max(self._until, moment)
                self._dropped += 1
                return

    def take_overflow(self) -> Gap | None:
        """The pending overflow Gap (and forget it), or None."""
        if not self._dropped or self._since is None or self._until is None:
            return None
        gap = Gap(since=self._since, until=self._until, reason="overflow", dropped=self._dropped)
        self._dropped, self._since, self._until = 0, None, None
        return gap

    def get(self) -> Notification | Gap | None:
        """The oldest item, or None when empty (take the overflow gap first)."""
        if not self._items:
            return None
        item = self._items.popleft()
        if isinstance(item, Notification):
            self._events -= 1
        return item
