"""Usage-plan limits as the platform enforces them: a sliding window per (owner, group)."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Mapping

import attrs

__all__ = ["DEFAULT_LIMITS", "Decision", "RateLimiter"]

#: The platform's documented defaults: (requests, window seconds) per group.
DEFAULT_LIMITS: Mapping[str, tuple[int, float]] = {
    "Light": (50, 60.0),
    "Medium": (40, 60.0),
    "Heavy": (10, 60.0),
    "Auth": (5, 60.0),
}


@attrs.frozen
class Decision:
    """The outcome of one arrival: allowed or not, plus what the headers should say."""

    allowed: bool
    group: str
    limit: int
    window: float
    remaining: int
    during_penalty: bool
    retry_after: float

    def headers(self) -> dict[str, str]:
        """The X-Rate-Limit-* headers (plus Retry-After when rejected)."""
        out = {
            "X-Rate-Limit-Group": self.group,
            "X-Rate-Limit-Limit": str(self.limit),
            "X-Rate-Limit-Remaining": str(self.remaining),
            "X-Rate-Limit-Window": _seconds(self.window),
        }
        if not self.allowed:
            out["Retry-After"] = str(max(1, math.ceil(self.retry_after)))
        return out


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@attrs.define
class _Bucket:
    arrivals: deque[float] = attrs.field(factory=deque)
    penalty_until: float = float("-inf")


class RateLimiter:
    """Sliding-window counters with a penalty that every request sent during it restarts.

    Every arrival is counted (accepted or rejected). Once the window holds ``limit``
    arrivals, the next one is rejected and opens a penalty of ``penalty`` seconds; any
    request of that (owner, group) arriving during the penalty is rejected and restarts it.
    """

    def __init__(
        self,
        clock: Callable[[], float],
        limits: Mapping[str, tuple[int, float]] | None = None,
        penalty: float = 60.0,
        enabled: bool = True,
    ) -> None:
        self.clock = clock
        self.limits: dict[str, tuple[int, float]] = dict(DEFAULT_LIMITS)
        self.limits.update(limits or {})
        self.penalty = penalty
        self.enabled = enabled
        self._buckets: dict[tuple[str, str], _Bucket] = {}

    def throttles(self, group: str | None) -> bool:
        """Whether requests of ``group`` are counted at all."""
        return self.enabled and group is not None and group in self.limits

    def arrive(self, owner: str, group: str) -> Decision:
        """Count one request arriving now and decide whether it may proceed."""
        limit, window = self.limits[group]
        now = self.clock()
        bucket = self._buckets.setdefault((owner, group), _Bucket())
        while bucket.arrivals and bucket.arrivals[0] <= now - window:
            bucket.arrivals.popleft()
        in_penalty = now < bucket.penalty_until
        over = len(bucket.arrivals) >= limit
        bucket.arrivals.append(now)
        if in_penalty or over:
            bucket.penalty_until = now + self.penalty
            return Decision(False, group, limit, window, 0, in_penalty, self.penalty)
        remaining = max(0, limit - len(bucket.arrivals))
        return Decision(True, group, limit, window, remaining, False, 0.0)

    def in_penalty(self, owner: str, group: str) -> bool:
        """Whether (owner, group) is inside a penalty right now."""
        bucket = self._buckets.get((owner, group))
        return bucket is not None and self.clock() < bucket.penalty_until

    def reset(self) -> None:
        """Forget every window and penalty."""
        self._buckets.clear()
