"""``Leases``: the API requests in flight with the current access token (layer 3).

A refresh rotates the pair and the platform kills the old access token at once, so a
refresh first waits (briefly) for the requests still in flight with the old token: each
request holds a lease from taking the token until its response arrives.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

__all__ = ["LEASE_WAIT_MAX", "Leases"]

logger = logging.getLogger("ringcentral_async")

#: A refresh waits at most this long (and never past the old token's expiry) for the
#: requests in flight with the old access token to get their responses.
LEASE_WAIT_MAX = 10.0


class Leases:
    """Counts the requests holding the access token; a refresh can wait for none."""

    def __init__(self) -> None:
        self.count = 0
        self._none = asyncio.Event()
        self._none.set()

    def take(self) -> None:
        """One more request holds the token."""
        self.count += 1
        self._none.clear()

    def give_back(self) -> None:
        """A request holding the token got its response."""
        self.count -= 1
        if self.count <= 0:
            self.count = 0
            self._none.set()

    async def drain(self, expires_at: datetime, clock: Callable[[], datetime]) -> None:
        """Wait until no lease is held, at most :data:`LEASE_WAIT_MAX` seconds and never
        past ``expires_at`` (the old token's expiry)."""
        if self.count == 0:
            return
        left = (expires_at - clock()).total_seconds()
        wait = min(LEASE_WAIT_MAX, left)
        if wait <= 0:
            return  # already expired: requests still out with it are lost anyway
        try:
            await asyncio.wait_for(self._none.wait(), wait)
        except TimeoutError:
            logger.debug("refreshing with %d request(s) still in flight", self.count)
