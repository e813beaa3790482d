"""What one process knows of a shared group: its local FIFO, counters and the last shared
state it saw (layer 3: pure bookkeeping, no I/O)."""

from __future__ import annotations

import math

from .._throttle import GroupStats
from .._throttle._window import WaitQueue
from .state import GroupConfig

__all__ = ["LocalGroup"]


class LocalGroup(WaitQueue):
    """One usage-plan group as seen by this process."""

    def __init__(self, name: str, cfg: GroupConfig) -> None:
        super().__init__()
        self.name = name
        self.cfg = cfg
        # the shared state as of this process's last exchange with the backend
        self.limit = cfg.limit
        self.window = cfg.window
        self.occupied = 0
        self.paused_until = -math.inf  # local monotonic clock
        self.sent = 0
        self.waited_s = 0.0
        self.rejected_429 = 0

    def seen(self, limit: int, window: float, occupied: int, paused: float, now: float) -> None:
        """Remember the shared state the backend reported at ``now``."""
        self.limit, self.window, self.occupied = limit, window, occupied
        if paused > 0:
            self.paused_until = max(self.paused_until, now + paused)

    def stats(self) -> GroupStats:
        return GroupStats(
            limit=self.limit,
            window=self.window,
            remaining=max(0, self.limit - self.occupied),
            sent=self.sent,
            waited_s=self.waited_s,
            rejected_429=self.rejected_429,
        )
