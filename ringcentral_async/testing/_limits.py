"""Usage-plan limits as the platform enforces them: a sliding window per (owner, group)."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Mapping

import attrs

__all__ = ["DEFAULT_LIMITS", "Decision", "GroupLimit", "RateLimiter"]

#: The platform's documented defaults: (requests, window seconds) per group.
DEFAULT_LIMITS: Mapping[str, tuple[int, float]] = {
    "Light": (50, 60.0),
    "Medium": (40, 60.0),
    "Heavy": (10, 60.0),
    "Auth": (5, 60.0),
}

#: What ``limits=`` takes per group: ``(requests, window)`` or ``(requests, window, penalty)``.
GroupLimit = tuple[int, float] | tuple[int, float, float]


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


def _positive(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def _checked(
    limits: Mapping[str, GroupLimit] | None, penalty: float
) -> dict[str, tuple[int, float, float]]:
    """Defaults overlaid with ``limits``; ValueError on an unknown group or a bad number."""
    if not _positive(penalty):
        raise ValueError(f"penalty={penalty!r}: must be a positive number of seconds")
    table = {group: (n, window, float(penalty)) for group, (n, window) in DEFAULT_LIMITS.items()}
    for group, spec in (limits or {}).items():
        if group not in DEFAULT_LIMITS:
            raise ValueError(f"limits: unknown usage-plan group {group!r} (use {list(table)})")
        if not isinstance(spec, tuple) or len(spec) not in (2, 3):
            raise ValueError(f"limits[{group!r}]: use (requests, window) or (.., .., penalty)")
        count, window = spec[0], spec[1]
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise ValueError(f"limits[{group!r}]: requests must be an integer >= 1")
        if not _positive(window) or (len(spec) == 3 and not _positive(spec[2])):
            raise ValueError(f"limits[{group!r}]: window and penalty must be positive seconds")
        table[group] = (count, float(window), float(spec[2]) if len(spec) == 3 else penalty)
    return table


@attrs.define
class _Bucket:
    arrivals: deque[float] = attrs.field(factory=deque)
    penalty_until: float = float("-inf")


class RateLimiter:
    """Sliding-window counters with a penalty that every request sent during it restarts.

    Every arrival is counted (accepted or rejected). Once the window holds ``limit``
    arrivals, the next one is rejected and opens a penalty of the group's penalty interval;
    any request of that (owner, group) arriving during the penalty is rejected and restarts
    it. Because rejected arrivals stay in the window too, a client that kept sending during
    the penalty may still find the window full when the penalty ends.
    """

    def __init__(
        self,
        clock: Callable[[], float],
        limits: Mapping[str, GroupLimit] | None = None,
        penalty: float = 60.0,
        enabled: bool = True,
    ) -> None:
        self.clock = clock
        #: group -> (requests, window seconds, penalty seconds)
        self.limits = _checked(limits, penalty)
        self.penalty = penalty
        self.enabled = enabled
        self._buckets: dict[tuple[str, str], _Bucket] = {}

    def throttles(self, group: str | None) -> bool:
        """Whether requests of ``group`` are counted at all."""
        return self.enabled and group is not None and group in self.limits

    def arrive(self, owner: str, group: str) -> Decision:
        """Count one request arriving now and decide whether it may proceed."""
        limit, window, penalty = self.limits[group]
        now = self.clock()
        bucket = self._buckets.setdefault((owner, group), _Bucket())
        while bucket.arrivals and bucket.arrivals[0] <= now - window:
            bucket.arrivals.popleft()
        in_penalty = now < bucket.penalty_until
        over = len(bucket.arrivals) >= limit
        bucket.arrivals.append(now)
        if in_penalty or over:
            bucket.penalty_until = now + penalty
            return Decision(False, group, limit, window, 0, in_penalty, penalty)
        remaining = max(0, limit - len(bucket.arrivals))
        return Decision(True, group, limit, window, remaining, False, 0.0)

    def in_penalty(self, owner: str, group: str) -> bool:
        """Whether (owner, group) is inside a penalty right now."""
        bucket = self._buckets.get((owner, group))
        return bucket is not None and self.clock() < bucket.penalty_until

    def reset(self) -> None:
        """Forget every window and penalty."""
        self._buckets.clear()
