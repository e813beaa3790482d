"""Frozen settings, defaults and server-URL validation (layer 0)."""

from __future__ import annotations

import ipaddress
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
