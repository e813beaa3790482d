"""A bounded memory of recently seen event uuids (deduplication of replays)."""

from __future__ import annotations

from collections import OrderedDict

__all__ = ["RecentIds"]


class RecentIds:
    """Remembers the last ``size`` uuids; older ones are forgotten first."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("size must be at least 1")
        self.size = size
        self._ids: OrderedDict[str, None] = OrderedDict()

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, uid: object) -> bool:
        return uid in self._ids

    def add(self, uid: str) -> bool:
        """Remember ``uid``; False if it was already remembered (a duplicate)."""
        if uid in self._ids:
            return False
        self._ids[uid] = None
        if len(self._ids) > self.size:
            self._ids.popitem(last=False)
        return True
