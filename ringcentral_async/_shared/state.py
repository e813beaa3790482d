"""What a shared-state backend (Redis, a SQLite file) is asked and answers (layer 3: pure).

A backend keeps, per (scope, group), the places of the group's sliding window as *release
times* on the backend's own clock (the Redis server's ``TIME``, or the wall clock of the one
host sharing a SQLite file): a place in flight is stored with a provisional release time
(admission + ``grace``), replaced by the real one when its response arrives. A place is live
while ``release time > now - window``. The backend also keeps the learned limit and window,
whether the group's limits are known (probing ends), the 429 pause, and the probe lock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, Protocol

from .operations import OperationStore

__all__ = [
    "is_finite_number",
    "LEARNED_LIMIT_MAX",
    "LEARNED_WINDOW_RANGE",
    "PAUSE_MAX",
    "Admission",
    "Backend",
    "GroupConfig",
    "Settlement",
    "Settled",
    "clamp_limit",
    "clamp_window",
]

#: A limit learned from a header is clamped to 1..this many requests.
LEARNED_LIMIT_MAX = 10_000
#: A window learned from a header is clamped to this range (seconds).
LEARNED_WINDOW_RANGE = (0.05, 3600.0)
#: No pause is ever stored longer than this (seconds), whatever Retry-After says.
PAUSE_MAX = 86_400.0
#: Header-less responses after which a probing group trusts its configured limits.
PROBE_RESPONSES = 3


def clamp_limit(value: int) -> int:
    """A learned limit within 1..LEARNED_LIMIT_MAX."""
    return max(1, min(int(value), LEARNED_LIMIT_MAX))


def clamp_window(value: float) -> float:
    """A learned window within LEARNED_WINDOW_RANGE."""
    low, high = LEARNED_WINDOW_RANGE
    if not math.isfinite(value):
        return high
    return max(low, min(float(value), high))


@dataclass(frozen=True, slots=True)
class GroupConfig:
    """This process's configuration of one group (used until the backend learned better)."""

    limit: int
    window: float
    grace: float  # a place in flight counts as released at admission + grace at the latest
    probe_first: bool


@dataclass(frozen=True, slots=True)
class Admission:
    """The answer to one admission attempt.

    ``wait``: seconds after which another attempt may succeed (None: a probe is in flight,
    poll). ``paused`` is the remaining 429 pause (0.0 when none).
    """

    admitted: bool
    wait: float | None
    limit: int
    window: float
    occupied: int
    paused: float


@dataclass(frozen=True, slots=True)
class Settlement:
    """How a place ends, and what its response taught.

    ``mode``: "response" (released ``age`` seconds ago, when the response arrived),
    "abandon" (no response: released ``age`` seconds from now, a grace for a request still on
    its way) or "calibrate" (no place of this group: only learn and pause).
    """

    mode: Literal["response", "abandon", "calibrate"]
    age: float = 0.0
    admitted_age: float = 0.0
    limit: int | None = None
    window: float | None = None
    remaining: int | None = None
    teaches: bool = False  # the response carried this group's limit or window
    correct: bool = False  # use ``remaining`` to count places of other clients (not on 429)
    retry_after: float | None = None  # pause the group this long (a 429)


@dataclass(frozen=True, slots=True)
class Settled:
    """The group's shared state after a settlement."""

    limit: int
    window: float
    occupied: int
    paused: float


class Backend(OperationStore, Protocol):
    """Where the shared windows (and the operation -> group map of
    :mod:`~.operations`) live. Errors surface as SharedStateError."""

    async def acquire(self, scope: str, group: str, member: str, cfg: GroupConfig) -> Admission:
        """Admit ``member`` into ``group`` now, or say how long to wait."""
        ...

    async def settle(
        self, scope: str, group: str, member: str, cfg: GroupConfig, how: Settlement
    ) -> Settled:
        """Release ``member`` (or only calibrate), learn limits, apply a pause."""
        ...

    async def aclose(self) -> None:
        """Release resources this backend owns (never a borrowed client)."""
        ...


def is_finite_number(value: object) -> bool:
    """An int or float (not a bool) that is finite: what every numeric option must be."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
