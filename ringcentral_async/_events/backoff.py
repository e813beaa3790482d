"""Reconnect delays: jittered bands, so a refusing gateway costs a handful of requests.

Every reconnect costs an Auth-group request (a fresh wstoken, 5 per minute by default), so a
gateway that keeps refusing must not cause a storm (docs/platform.md §11.4). The n-th
consecutive failed attempt waits a random time inside the n-th band; past the last band the
last one repeats. A connection that lived for a while resets the count.
"""

from __future__ import annotations

import random as _random
from collections.abc import Callable, Sequence

from .._errors import ConfigurationError

__all__ = ["DEFAULT_BANDS", "Backoff", "check_bands"]

Band = tuple[float, float]

#: About 1 s, 2-6 s, 10-20 s, 20-40 s, 40-80 s, then 80-120 s (seconds).
DEFAULT_BANDS: tuple[Band, ...] = (
    (0.5, 1.5),
    (2.0, 6.0),
    (10.0, 20.0),
    (20.0, 40.0),
    (40.0, 80.0),
    (80.0, 120.0),
)


def check_bands(bands: Sequence[Sequence[float]]) -> tuple[Band, ...]:
    """Validate ``(low, high)`` bands (0 <= low <= high, finite); ConfigurationError if not."""
    checked: list[Band] = []
    try:
        for low, high in bands:
            lo, hi = float(low), float(high)
            if not (0.0 <= lo <= hi < float("inf")):
                raise ConfigurationError(f"reconnect band ({low}, {high}): need 0 <= low <= high")
            checked.append((lo, hi))
    except (TypeError, ValueError):
        raise ConfigurationError("reconnect_bands must be (low, high) pairs of seconds") from None
    if not checked:
        raise ConfigurationError("reconnect_bands must not be empty")
    return tuple(checked)


class Backoff:
    """The delay before each reconnect attempt, from jittered bands."""

    def __init__(
        self,
        bands: Sequence[Band] = DEFAULT_BANDS,
        *,
        random: Callable[[], float] = _random.random,
    ) -> None:
        self.bands = tuple(bands)
        self._random = random
        self.attempts = 0

    def next_delay(self) -> float:
        """The delay for the next attempt (and count it)."""
        low, high = self.bands[min(self.attempts, len(self.bands) - 1)]
        self.attempts += 1
        return low + (high - low) * self._random()

    def reset(self) -> None:
        """Start from the first band again (after a connection that stayed up)."""
        self.attempts = 0
