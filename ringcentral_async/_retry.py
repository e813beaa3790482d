"""When to retry and how long to wait (layer 3; the only module that imports backoff).

Classify first, then decide: connection errors, timeouts and 502/503/504 are retried with
exponential backoff and full jitter, but only for a request the caller says is safe to send
again (``idempotent``): the pipeline says so for GET, PUT, DELETE, HEAD and OPTIONS
(:data:`IDEMPOTENT_METHODS`), so a POST such as RingOut is never sent twice after a 5xx or a
timeout, and for token requests whose retry mode allows it. A
``Retry-After`` header, when present, sets the wait instead, and is honoured exactly (never
retried earlier than the server asked) up to ``max_pause``; a ``Retry-After`` above
``max_pause`` ends the call with its error at once, without sleeping.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

import backoff

from ._config import (
    DEFAULT_MAX_PAUSE,
    DEFAULT_RETRY_AFTER_429,
    RETRY_BASE_DELAY,
    RETRY_MAX_DELAY,
)
from ._errors import (
    ApiError,
    BadRedirectError,
    RateLimitError,
    RequestTimeoutError,
    TransportError,
)
from ._protocol import retry_after_seconds

__all__ = [
    "IDEMPOTENT_METHODS",
    "MAX_RATE_LIMIT_RETRIES",
    "RetryBudget",
    "RetryMode",
    "RetryPolicy",
]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRYABLE_STATUSES = frozenset({502, 503, 504})
#: 429 codes that retrying cannot fix: CMN-303 "API plan cannot be resolved". CMN-301/302
#: (request rate exceeded), CMN-304 (duplicate concurrent request: the other one finishes
#: first) and CMN-310 (global rate) are retried after the pause like any other 429.
NON_RETRYABLE_429_CODES = frozenset({"CMN-303"})
#: At most this many 429 retries per call (and never more than its ``max_retries``).
MAX_RATE_LIMIT_RETRIES = 5

#: What a call may resend after a transient failure: "method" (idempotent methods only),
#: "transient" (any method: a token grant that can be replayed), "unsent" (only a request
#: that never left: a single-use refresh token), "never" (not even after a 429).
RetryMode = Literal["method", "transient", "unsent", "never"]


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
        self, error: Exception, attempt: int, jitter: Iterator[float], *, idempotent: bool
    ) -> float | None:
        """Seconds to wait before attempt ``attempt + 1``, or None to give up.

        ``attempt`` counts retries already made (0 for the first failure); ``idempotent``
        says whether the request may be sent again at all (see :meth:`is_retryable`).
        429s are not decided here: the throttle pauses their group and the pipeline
        retries them.
        A ``Retry-After`` on the error replaces the backoff delay and is waited in full if
        it is at most ``max_pause``; above that the server asks for more than the client
        may wait, so this gives up (None) rather than sleep that long or retry early.
        """
        if attempt >= self.max_retries:
            return None
        if not self.is_retryable(error, idempotent=idempotent):
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
    def is_retryable(error: Exception, *, idempotent: bool) -> bool:
        """True for a transient failure (connection error, timeout, 502/503/504) of a
        request that is safe to send again (``idempotent``)."""
        if not idempotent or isinstance(error, BadRedirectError):  # the same answer again
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


@dataclass(slots=True)
class RetryBudget:
    """What one call has used of its retries: backoff retries, 429 retries, one 401 replay."""

    policy: RetryPolicy
    mode: RetryMode = "method"
    retries: int = 0
    rate_retries: int = 0
    replayed: bool = False
    _jitter: Iterator[float] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._jitter = self.policy.delays()

    def may_resend(self, method: str, error: Exception) -> bool:
        """Whether a ``method`` request that failed with ``error`` is safe to send again."""
        if self.mode == "method":
            return method in IDEMPOTENT_METHODS
        if self.mode == "unsent":  # never reached the server: as safe to resend as a GET
            return isinstance(error, TransportError) and not error.request_sent
        return self.mode == "transient"

    def backoff(self, method: str, error: Exception) -> float | None:
        """Seconds to wait before retrying after a transient ``error``, or None: final."""
        delay = self.policy.retry_delay(
            error, self.retries, self._jitter, idempotent=self.may_resend(method, error)
        )
        if delay is not None:
            self.retries += 1
        return delay

    def take_rate_limit_retry(self, error: RateLimitError) -> bool:
        """Count one retry after a 429 whose wait is within ``max_pause``; False when the
        429 is final (mode "never", a plan error, or the call's 429 retries are used up)."""
        if (
            self.mode == "never"
            or not self.policy.rate_limit_retryable(error)
            or self.rate_retries >= min(MAX_RATE_LIMIT_RETRIES, self.policy.max_retries)
        ):
            return False
        self.rate_retries += 1
        return True

    def take_replay(self) -> bool:
        """Count the one replay a call gets after a 401; False if it was used already."""
        if self.replayed:
            return False
        self.replayed = True
        return True
