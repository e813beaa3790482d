"""What a shared throttle does while its backend (Redis, the state file) fails.

``"raise"``: the error reaches the caller (admission) or is logged (a release: the place
expires by itself). ``"fallback"``: an in-process :class:`Throttle` limited to ``share`` of
each limit takes over, the outage is logged once, and the backend is tried again every
``retry_after`` seconds; its recovery is logged once too.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable, Iterable
from typing import Literal

from .._errors import SharedStateError
from .._throttle import Throttle
from .group import LocalGroup

__all__ = ["BackendErrorMode", "Outage"]

logger = logging.getLogger("ringcentral_async")

BackendErrorMode = Literal["fallback", "raise"]


class Outage:
    """The backend-failure state of one shared throttle."""

    def __init__(
        self,
        kind: str,
        *,
        mode: BackendErrorMode,
        share: float,
        retry_after: float,
        max_pause: float,
        default_retry_after: float,
        clock: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._kind = kind
        self.mode = mode
        self.share = share
        self._retry_after = retry_after
        self._max_pause = max_pause
        self._default_retry_after = default_retry_after
        self._clock = clock
        self._sleep = sleep
        self._until = -math.inf  # use the local limiter until then
        self._logged = False
        self._local: Throttle | None = None

    def active(self) -> bool:
        """Whether admissions go to the local limiter now."""
        return self._clock() < self._until

    def failed(self, exc: SharedStateError, *, may_raise: bool = True) -> None:
        """The backend failed: raise (mode "raise" and ``may_raise``) or switch over."""
        if self.mode == "raise":
            if may_raise:
                raise exc
            logger.warning("%s: %s", self._kind, exc)
            return
        self._until = self._clock() + self._retry_after
        if not self._logged:
            self._logged = True
            logger.warning(
                "%s: shared state unavailable (%s); limiting this process to %g of each "
                "limit until it is back",
                self._kind,
                exc,
                self.share,
            )

    def ok(self) -> None:
        """The backend answered."""
        if self._logged:
            self._logged = False
            logger.info("%s: shared state reachable again", self._kind)

    def local(self, groups: Iterable[LocalGroup]) -> Throttle:
        """The in-process limiter (made on first use from the limits last seen)."""
        if self._local is None:
            limits = {g.name: (max(1, math.floor(g.limit * self.share)), g.window) for g in groups}
            import inspect  # only on a backend outage

            options: dict[str, object] = {}
            if "max_pause" in inspect.signature(Throttle).parameters:
                options["max_pause"] = self._max_pause
            self._local = Throttle(
                limits,
                calibrate=False,
                default_retry_after=self._default_retry_after,
                clock=self._clock,
                sleep=self._sleep,
                **options,  # type: ignore[arg-type]
            )
        return self._local
