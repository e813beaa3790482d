"""What the pipeline needs of a throttle, and the throttle that never waits (layer 3).

``Throttle`` (in-process) and any shared throttle implement ``ThrottleLike``; a slot is held
around one attempt and told the response's status and headers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Hashable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, Protocol

__all__ = ["NoThrottle", "SlotLike", "ThrottleLike"]


class SlotLike(Protocol):
    """What the pipeline needs of a throttle slot."""

    def observe(self, status: int, headers: Mapping[str, str]) -> None: ...


class ThrottleLike(Protocol):
    """What the pipeline needs of a throttle."""

    def slot(
        self, group: str | None, *, operation: Hashable | None = None
    ) -> AbstractAsyncContextManager[SlotLike]: ...

    def pause_remaining(self, group: str) -> float: ...


class _NoSlot:
    def observe(self, status: int, headers: Mapping[str, str]) -> None:
        return None


class NoThrottle:
    """A throttle that never waits (``throttle=False``)."""

    @asynccontextmanager
    async def slot(
        self, group: str | None, *, operation: Hashable | None = None
    ) -> AsyncIterator[SlotLike]:
        yield _NoSlot()

    def stats(self) -> dict[str, Any]:
        return {}

    def pause_remaining(self, group: str) -> float:
        return 0.0
