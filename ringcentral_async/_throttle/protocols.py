"""What the pipeline needs of a throttle, and the throttle that never waits (layer 3).

``Throttle`` (in-process) and any shared throttle implement ``ThrottleLike``; a slot is held
around one attempt and told the response's status and headers.

After a 429 the pipeline asks ``pauses_groups``: True means the slot's ``observe`` paused the
group (for the ``Retry-After``, at most ``max_pause``), so the call just retries and waits in
its next slot (``pause_remaining`` says how long, for the log); False (``NoThrottle``) means
nothing paused, so the call sleeps the ``Retry-After`` itself before retrying.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Hashable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, Protocol

from .._config import DEFAULT_MAX_PAUSE, check_max_pause

__all__ = ["NoThrottle", "SlotLike", "ThrottleLike"]


class SlotLike(Protocol):
    """What the pipeline needs of a throttle slot."""

    def observe(self, status: int, headers: Mapping[str, str]) -> None: ...


class ThrottleLike(Protocol):
    """What the pipeline needs of a throttle."""

    def slot(
        self, group: str | None, *, operation: Hashable | None = None
    ) -> AbstractAsyncContextManager[SlotLike]: ...

    def pause_remaining(self, group: str) -> float:
        """Seconds until ``group`` may send again after a 429 (0.0 when not paused)."""
        ...

    @property
    def max_pause(self) -> float:
        """The longest wait a server value may impose on a call (a longer one raises)."""
        ...

    @property
    def pauses_groups(self) -> bool:
        """True if a slot that observes a 429 pauses its group, so later slots wait for it;
        False if the call must sleep the ``Retry-After`` itself."""
        ...


class _NoSlot:
    def observe(self, status: int, headers: Mapping[str, str]) -> None:
        return None


class NoThrottle:
    """A throttle that never waits (``throttle=False``); a 429's ``Retry-After`` is still
    slept by the call, up to ``max_pause`` seconds (a longer one raises at once)."""

    #: Nothing is paused here: after a 429 the call sleeps the ``Retry-After`` itself.
    pauses_groups = False

    def __init__(self, *, max_pause: float = DEFAULT_MAX_PAUSE) -> None:
        self._max_pause = check_max_pause(max_pause)

    @property
    def max_pause(self) -> float:
        """The longest wait a server value may impose; a call asked for more raises."""
        return self._max_pause

    @asynccontextmanager
    async def slot(
        self, group: str | None, *, operation: Hashable | None = None
    ) -> AsyncIterator[SlotLike]:
        yield _NoSlot()

    def stats(self) -> dict[str, Any]:
        return {}

    def pause_remaining(self, group: str) -> float:
        return 0.0
