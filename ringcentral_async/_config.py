"""Frozen settings, defaults, server-URL and per-call option validation (layer 0)."""

from __future__ import annotations

import ipaddress
import math
from typing import Any
from urllib.parse import SplitResult, urlsplit

from ._errors import ConfigurationError
from ._version import __version__

PRODUCTION_URL = "https://platform.ringcentral.com"
SANDBOX_URL = "https://platform.devtest.ringcentral.com"

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 3
#: A response body larger than this raises ResponseTooLargeError (streams are not capped).
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
#: Refresh the access token when it expires within this many seconds.
REFRESH_MARGIN = 60.0
#: First backoff interval and cap for retried 5xx / connection errors (seconds).
RETRY_BASE_DELAY = 0.5
RETRY_MAX_DELAY = 60.0
#: Wait this long after a 429 that carries no Retry-After (docs/platform.md §1.4).
DEFAULT_RETRY_AFTER_429 = 30.0
#: The longest wait a server value may decide (a 429's or 5xx's ``Retry-After``, the penalty
#: default): a group pauses at most this long, and a call asked to wait longer raises at once.
DEFAULT_MAX_PAUSE = 300.0
#: ``Retry-After`` beyond this many seconds (about 31 700 years) is read as this: the value
#: stays finite whatever the server sends (anything above the pause cap raises anyway).
RETRY_AFTER_MAX = 1e12

# What ``X-Rate-Limit-*`` headers may teach (docs/platform.md §1.1: real limits are tens to a
# few thousand requests per window, real windows one or a few minutes). A value outside a
# range is clamped into it, so no header makes the limiter wait or work without bound.
#: Largest learned ``X-Rate-Limit-Limit`` (and ``-Remaining``).
RATE_LIMIT_MAX = 10_000
#: Shortest learned ``X-Rate-Limit-Window`` in seconds (test servers use sub-second ones).
RATE_WINDOW_MIN = 0.1
#: Longest learned ``X-Rate-Limit-Window`` in seconds (the throttle also caps it at its
#: ``max_pause``, or the group's configured window if that is longer).
RATE_WINDOW_MAX = 3600.0
#: Longest ``X-Rate-Limit-Group`` name taken from a response (longer ones are ignored).
RATE_GROUP_NAME_MAX = 64

USER_AGENT = f"ringcentral-async/{__version__}"

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def is_loopback_host(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost."""
    host = host.strip("[]").lower()
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url_parts(parts: SplitResult, what: str) -> None:
    """The transport rules every URL that may carry credentials must meet: http(s) with a
    host, ``https://`` except on loopback hosts, no ``user:password@``."""
    host = parts.hostname
    if parts.scheme not in ("http", "https") or not host:
        raise ConfigurationError(f"{what} must be an http(s) URL with a host")
    if parts.scheme == "http" and not is_loopback_host(host):
        raise ConfigurationError(
            f"{what} uses plain http:// on the non-loopback host {host!r}; use https:// "
            "(http:// is accepted only for 127.0.0.0/8, ::1 and localhost)"
        )
    if parts.username is not None or parts.password is not None:
        raise ConfigurationError(f"{what} must not carry credentials (user:password@)")


def validate_server_url(url: str) -> str:
    """Return ``url`` without a trailing slash, or raise ConfigurationError.

    ``https://`` is required except for loopback hosts, so credentials never travel in
    clear text by accident.
    """
    if not isinstance(url, str) or not url:
        raise ConfigurationError("server_url must be a non-empty string")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        raise ConfigurationError(f"server_url {url!r} is not a valid URL") from None
    check_url_parts(parts, f"server_url {url!r}")
    if parts.query or parts.fragment:
        raise ConfigurationError("server_url must not carry a query or fragment")
    return url.rstrip("/")


def check_max_pause(value: object) -> float:
    """``value`` as a float if it is a positive finite number, else ConfigurationError."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ConfigurationError(f"max_pause must be a positive finite number, got {value!r}")
    return float(value)


def check_call_options(
    *,
    timeout: float | None = None,
    max_retries: int | None = None,
    json: Any = None,
    data: Any = None,
    max_response_bytes: int | None = None,
) -> None:
    """Reject bad per-call options before anything is sent."""
    if timeout is not None and (
        isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0
    ):
        raise ConfigurationError(f"timeout must be a positive number of seconds, got {timeout!r}")
    if max_retries is not None and (
        isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0
    ):
        raise ConfigurationError(f"max_retries must be an int >= 0, got {max_retries!r}")
    if json is not None and data is not None:
        raise ConfigurationError("pass json= or data=, not both")
    if max_response_bytes is not None and (
        isinstance(max_response_bytes, bool)
        or not isinstance(max_response_bytes, int)
        or max_response_bytes < 1
    ):
        raise ConfigurationError(
            f"max_response_bytes must be a positive int, got {max_response_bytes!r}"
        )


def check_limit(name: str, value: tuple[int, float]) -> tuple[int, float]:
    """A ``limits={name: (requests, window seconds)}`` entry, checked; ConfigurationError."""
    try:
        limit, window = value
        ok = int(limit) == limit and limit >= 1 and math.isfinite(window) and window > 0
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ConfigurationError(
            f"limits[{name!r}] must be (requests >= 1, window seconds > 0), got {value!r}"
        )
    return int(limit), float(window)
