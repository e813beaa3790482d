"""One call as the pipeline runs it: what was resolved before sending, and what is logged
and raised for its answers (never a query string, never a secret)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from .._errors import ApiError, TransportError, redact_text
from .._protocol import build_api_error, header
from .._retry import RetryMode
from .._throttle.protocols import SlotLike

__all__ = ["Call", "api_error", "log_failure", "received"]

logger = logging.getLogger("ringcentral_async")


@dataclass(frozen=True, slots=True)
class Call:
    """One call, checked and resolved before anything is sent."""

    method: str
    url: str
    group: str
    operation: tuple[str, str]
    query: list[tuple[str, str]]
    headers: Mapping[str, str] | None
    timeout: float
    retry: RetryMode
    authenticated: bool
    max_retries: int

    @property
    def path(self) -> str:
        """The URL's path, for logs and errors (never the query: it may hold a secret)."""
        return urlsplit(self.url).path or "/"


def received(
    call: Call,
    slot: SlotLike,
    status: int,
    headers: Mapping[str, str],
    started: float,
    secrets: Callable[[], Sequence[str]],
) -> bool:
    """Feed the response to the throttle and log it; True for a 2xx status."""
    slot.observe(status, headers)
    if logger.isEnabledFor(logging.DEBUG):
        request_id = header(headers, "RCRequestId")  # the server's text: it may echo a secret
        logger.debug(
            "%s %s -> %d in %.1f ms [RCRequestId %s]",
            call.method,
            call.path,
            status,
            (time.perf_counter() - started) * 1000,
            None if request_id is None else redact_text(request_id, secrets()),
        )
    return 200 <= status < 300


def log_failure(call: Call, exc: TransportError, started: float) -> None:
    logger.debug(
        "%s %s -> %s after %.1f ms",
        call.method,
        call.path,
        exc.__class__.__name__,
        (time.perf_counter() - started) * 1000,
    )


def api_error(
    call: Call,
    status: int,
    body: bytes,
    headers: Mapping[str, str],
    token: str | None,
    secrets: Sequence[str] = (),
) -> ApiError:
    error = build_api_error(status, body, headers, method=call.method, path=call.path)
    # A body (or a header) may echo the token it refuses, or any other secret the server knows.
    error._redact([token or "", *secrets])
    return error
