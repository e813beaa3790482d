"""When to retry and how long to wait (layer 3; the only module that imports backoff).

Classify first, then decide: connection errors, timeouts and 502/503/504 are retried with
exponential backoff and full jitter, but only for idempotent methods (GET, PUT, DELETE,
HEAD, OPTIONS): a POST such as RingOut is never sent twice after a 5xx or a timeout. A
``Retry-After`` header, when present, sets the wait instead, and is honoured exactly (never
retried earlier than the server asked) up to ``max_pause``; a ``Retry-After`` above
``max_pause`` ends the call with its error at once, without sleeping.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import backoff

from ._config import (
    DEFAULT_MAX_PAUSE,
    DEFAULT_RETRY_AFTER_429,
    RETRY_BASE_DELAY,
    RETRY_MAX_DELAY,
)
from ._errors import ApiError, RateLimitError, RequestTimeoutError, TransportError
from ._protocol import retry_after_seconds

__all__ = ["IDEMPOTENT_METHODS", "RetryPolicy"]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRYABLE_STATUSES = frozenset({502, 503, 504})
#: 429 codes that retrying cannot fix: CMN-303 "API plan cannot be resolved". CMN-301/302
#: (request rate exceeded), CMN-304 (duplicate concurrent request: the other one finishes
#: first) and CMN-310 (global rate) are retried after the pause like any other 429.
NON_RETRYABLE_429_CODES = frozenset({"CMN-303"})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Decides whether an attempt that failed with ``error`` is tried again.

    ``max_delay`` caps the exponential backoff; ``max_pause`` is the longest wait a server's
    ``Retry-After`` may impose (a longer one is not shortened: the call gives up at once).
    """

    max_retries: int = 3
    base_delay: float = RETRY_BASE_DELAY
    max_delay: float = RETRY_MAX_DELAY
    max_pause: float = DEFAULT_MAX_PAUSE

    def delays(self) -> Iterator[float]:
        """Full-jitter exponential delays: base, 2*base, 4*base ... capped."""
        gen = backoff.expo(base=2, factor=self.base_delay, max_value=self.max_delay)
        next(gen)  # python-backoff's generators must be primed
        for value in gen:
            yield backoff.full_jitter(value)

    def retry_delay(
        self, method: str, error: Exception, attempt: int, jitter: Iterator[float]
    ) -> float | None:
        """Seconds to wait before attempt ``attempt + 1``, or None to give up.

        ``attempt`` counts retries already made (0 for the first failure). 429s are not
        decided here: the throttle pauses their group and the pipeline retries them.
        A ``Retry-After`` on the error replaces the backoff delay and is waited in full if
        it is at most ``max_pause``; above that the server asks for more than the client
        may wait, so this gives up (None) rather than sleep that long or retry early.
        """
        if attempt >= self.max_retries:
            return None
        if not self.is_retryable(method, error):
            return None
        delay = next(jitter)
        if isinstance(error, ApiError) and error.headers:
            retry_after = retry_after_seconds(error.headers)
            if retry_after is not None:
                if retry_after > self.max_pause:
                    return None
                delay = retry_after
        return delay

    @staticmethod
    def is_retryable(method: str, error: Exception) -> bool:
        """True for transient failures of an idempotent request."""
        if method.upper() not in IDEMPOTENT_METHODS:
            return False
        if isinstance(error, RequestTimeoutError | TransportError):
            return True
        return isinstance(error, ApiError) and error.status in RETRYABLE_STATUSES

    @staticmethod
    def rate_limit_retryable(error: RateLimitError) -> bool:
        """A 429 for going too fast (retry after the pause), not a plan error."""
        return error.error_code not in NON_RETRYABLE_429_CODES

    def rate_limit_wait(self, error: RateLimitError) -> float | None:
        """How long a 429 asks us to wait (30 s without Retry-After, at most ``max_pause``),
        or None when its ``Retry-After`` exceeds ``max_pause``: the call raises at once."""
        if error.retry_after is None:
            return min(DEFAULT_RETRY_AFTER_429, self.max_pause)
        if error.retry_after > self.max_pause:
            return None
        return error.retry_after
