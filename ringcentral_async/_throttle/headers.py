"""Pure parsing of the platform's rate-limit response headers (layer 1: no I/O, no aiohttp).

The platform reports user-level limit state in ``X-Rate-Limit-Group/-Limit/-Remaining/-Window``
(one docs page spells them ``X-RateLimit-*``; both are accepted) and asks clients to wait
``Retry-After`` (seconds or an HTTP-date) after a 429 (docs/platform.md §1.3-1.4).

Every parser here is total: for any header text it returns a value inside its documented
bounds (finite, non-negative, clamped to the ranges in ``_config``) or None, and never
raises.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from .._config import (
    RATE_GROUP_NAME_MAX,
    RATE_LIMIT_MAX,
    RATE_WINDOW_MAX,
    RATE_WINDOW_MIN,
)
from .._spec import GROUPS, NO_THROTTLING

__all__ = [
    "RateLimitInfo",
    "lower_headers",
    "normalise_group",
    "parse_lowered_rate_limit_headers",
    "parse_rate_limit_headers",
]

_KNOWN_GROUPS = {g.casefold(): g for g in (*GROUPS, NO_THROTTLING)}
_PREFIXES = ("x-rate-limit-", "x-ratelimit-")


@dataclass(frozen=True, slots=True)
class RateLimitInfo:
    """The rate-limit state one response reports; a field is None when its header is absent."""

    group: str | None = None
    limit: int | None = None
    remaining: int | None = None
    window: float | None = None


def normalise_group(name: str) -> str:
    """Canonical spelling of a group name: ``"light"`` -> ``"Light"``; unknown names kept."""
    name = name.strip()
    return _KNOWN_GROUPS.get(name.casefold(), name)


def lower_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """A plain dict of ``headers`` with lower-case names (the first value of a name wins)."""
    out: dict[str, str] = {}
    for key, value in headers.items():
        out.setdefault(str(key).lower(), str(value))
    return out


def _finite(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _rate_header(headers: Mapping[str, str], suffix: str) -> str | None:
    for prefix in _PREFIXES:
        value = headers.get(prefix + suffix)
        if value is not None and value.strip():
            return value
    return None


def parse_rate_limit_headers(headers: Mapping[str, str]) -> RateLimitInfo | None:
    """The ``X-Rate-Limit-*`` (or ``X-RateLimit-*``) state of a response, None if absent.

    Header names match in any case. Unparseable values are dropped, a limit below 1 and a
    window that is not positive are ignored, a negative remaining counts as 0. Values are
    clamped: limit and remaining to at most ``RATE_LIMIT_MAX`` (10 000), the window to
    ``RATE_WINDOW_MIN``..``RATE_WINDOW_MAX`` (0.1 s .. 1 h). The group is normalised with
    :func:`normalise_group`; a name longer than ``RATE_GROUP_NAME_MAX`` (64) characters or
    with non-printable characters is ignored.
    """
    return parse_lowered_rate_limit_headers(lower_headers(headers))


def parse_lowered_rate_limit_headers(h: Mapping[str, str]) -> RateLimitInfo | None:
    """:func:`parse_rate_limit_headers` of headers already made by :func:`lower_headers`."""
    raw_group = _rate_header(h, "group")
    group = _group_name(raw_group) if raw_group is not None else None
    limit_f = _finite(_rate_header(h, "limit"))
    limit = int(min(limit_f, RATE_LIMIT_MAX)) if limit_f is not None and limit_f >= 1 else None
    remaining_f = _finite(_rate_header(h, "remaining"))
    remaining = int(min(max(0.0, remaining_f), RATE_LIMIT_MAX)) if remaining_f is not None else None
    window_f = _finite(_rate_header(h, "window"))
    window = (
        min(max(window_f, RATE_WINDOW_MIN), RATE_WINDOW_MAX)
        if window_f is not None and window_f > 0
        else None
    )
    if group is None and limit is None and remaining is None and window is None:
        return None
    return RateLimitInfo(group=group, limit=limit, remaining=remaining, window=window)


def _group_name(raw: str) -> str | None:
    name = normalise_group(raw)
    if not name or len(name) > RATE_GROUP_NAME_MAX or not name.isprintable():
        return None
    return name
