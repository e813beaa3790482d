"""Pure wire rules: query encoding, JSON decoding and error classification (layer 1, no I/O)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from enum import Enum
from typing import Any

from ._config import RETRY_AFTER_MAX
from ._errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    DecodeError,
    ErrorEntry,
    NotFoundError,
    OAuthError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)

__all__ = [
    "OAUTH_PATHS",
    "build_api_error",
    "decode_json",
    "encode_params",
    "encode_query",
    "format_query_value",
    "header",
    "is_oauth_path",
    "json_loads",
    "parser_keys",
    "parse_http_date",
    "parse_retry_after",
    "retry_after_seconds",
]

_SECONDS = re.compile(r"[+-]?\d+(?:\.\d*)?")

OAUTH_PATHS = ("/restapi/oauth/token", "/restapi/oauth/revoke", "/restapi/oauth/authorize")

#: status (or status class) -> exception class; the first match wins.
_STATUS_CLASSES: tuple[tuple[int, type[ApiError]], ...] = (
    (400, BadRequestError),
    (401, AuthenticationError),
    (403, PermissionDeniedError),
    (404, NotFoundError),
    (429, RateLimitError),
)


def format_query_value(value: Any) -> str:
    """One query value the way the platform expects it (ISO datetimes, lower-case booleans)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware datetime (e.g. tzinfo=UTC)")
        text = value.astimezone(UTC).isoformat(timespec="milliseconds")
        return text.replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def encode_params(params: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """Encode query parameters; lists and tuples become repeated keys, None is dropped."""
    if not params:
        return []
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, list | tuple | set | frozenset):
            items: Iterable[Any] = sorted(value) if isinstance(value, set | frozenset) else value
            pairs.extend((key, format_query_value(v)) for v in items if v is not None)
        else:
            pairs.append((key, format_query_value(value)))
    return pairs


def encode_query(params: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """encode_params(), with a bad value reported as ConfigurationError (nothing sent)."""
    try:
        return encode_params(params)
    except ValueError as exc:
        raise ConfigurationError(f"bad query parameter: {exc}") from None


def header(headers: Mapping[str, str], name: str) -> str | None:
    """Case-insensitive header lookup that works on plain dicts too."""
    value = headers.get(name)
    if value is not None:
        return value
    lower = name.lower()
    for key, val in headers.items():
        if key.lower() == lower:
            return val
    return None


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """``Retry-After`` in seconds (delta-seconds, or an HTTP-date read against the response's
    own ``Date`` header when it has one, so a skewed local clock does not matter).

    None when absent or unparseable; otherwise finite, within 0..``RETRY_AFTER_MAX`` (see
    :func:`parse_retry_after`). It is what the server said: how long a
    call really waits is bounded by the throttle's ``max_pause``."""
    value = header(headers, "Retry-After")
    if value is None:
        return None
    return parse_retry_after(value, now=parse_http_date(header(headers, "Date")))


_loads: Callable[[bytes], Any] | None = None


def json_loads() -> Callable[[bytes], Any]:
    """The JSON parser: orjson where it is installed, ``json.loads`` otherwise (on first use).

    orjson parses a page in about half the time. Whatever orjson rejects is handed to
    ``json.loads``, so a body json accepts decodes as before (``NaN`` / ``Infinity`` literals,
    lone surrogate escapes, a byte order mark, numbers beyond a double's range) and a body
    both reject raises json's error. One difference remains (docs/architecture.md, Models):
    an integer literal beyond 64 bits becomes a float with orjson, an int with json.
    """
    global _loads
    if _loads is None:
        try:
            import orjson
        except ImportError:
            _loads = json.loads
        else:
            fast, fast_error, fallback = orjson.loads, orjson.JSONDecodeError, json.loads

            def loads(body: bytes) -> Any:
                try:
                    return fast(body)
                except fast_error:
                    return fallback(body)

            _loads = loads
    return _loads


def parser_keys(names: Iterable[str]) -> dict[str, str]:
    """Each name -> the string object the JSON parser gives for it as an object key.

    orjson keeps one string per key (up to 64 bytes) for the whole process, and builds a
    bigger object as a dict whose lookups compare a key that is not that very string
    character by character. Looking keys up with the parser's own strings makes each lookup
    an identity check. The strings are equal to the names, so this changes speed only
    (a key orjson does not keep, or a cache entry since replaced, is compared as before).
    With ``json.loads`` (no shared keys) every name maps to itself.
    """
    wanted = list(dict.fromkeys(names))
    loads = json_loads()
    if loads is json.loads or not wanted:
        return {name: name for name in wanted}
    parsed = loads(json.dumps(dict.fromkeys(wanted, 0)).encode())
    return {key: key for key in parsed}


def decode_json(body: bytes, *, status: int, content_type: str | None = None) -> Any:
    """Decode a JSON body or raise DecodeError naming the status (never a raw JSONDecodeError).

    Nesting too deep for the decoder (``[[[[...``) is a DecodeError too, not a RecursionError.
    """
    if not body:
        return None
    try:
        return (_loads or json_loads())(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        problem = exc.__class__.__name__
    # Raised outside the except block: the parser's error keeps the whole body (``.doc``),
    # which may echo a secret, and must not even be the hidden ``__context__`` of ours.
    kind = f" ({content_type})" if content_type else ""
    raise DecodeError(
        f"HTTP {status}: response body is not valid JSON{kind}: {problem}", status=status
    ) from None


def is_oauth_path(path: str) -> bool:
    """True for the token, revoke and authorize endpoints."""
    return any(path.endswith(p) or p + "?" in path for p in OAUTH_PATHS)


def _error_class(status: int) -> type[ApiError]:
    for code, cls in _STATUS_CLASSES:
        if status == code:
            return cls
    if status >= 500:
        return ServerError
    return ApiError


def _first_str(*values: Any) -> str | None:
    for value in values:
        if isinstance(value, str) and value:
            return value
    return None


def build_api_error(
    status: int,
    body: bytes,
    headers: Mapping[str, str],
    *,
    method: str | None = None,
    path: str | None = None,
) -> ApiError:
    """Turn a non-2xx response into the matching typed error.

    Error code: ``errors[0].errorCode``, then top-level ``errorCode``, then OAuth ``error``.
    Message: ``message`` (entry, then top level), then ``error_description``. A body that is
    not JSON still yields the right class with the status (the message says so). A 3xx is a
    plain ApiError: a redirect that was not followed.
    """
    parsed: Any = None
    if body:
        try:
            parsed = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            parsed = None
    data: Mapping[str, Any] = parsed if isinstance(parsed, Mapping) else {}
    raw_errors = data.get("errors")
    entries = (
        [ErrorEntry(e) for e in raw_errors if isinstance(e, Mapping)]
        if isinstance(raw_errors, list)
        else []
    )
    first = entries[0] if entries else None
    oauth_error = _first_str(data.get("error"))
    error_code = _first_str(first.error_code if first else None, data.get("errorCode"), oauth_error)
    message = _first_str(
        first.message if first else None,
        data.get("message"),
        data.get("error_description"),
        data.get("description"),
    )
    if message is None and body and not isinstance(parsed, Mapping):
        message = "response body is not a JSON error object"
    common: dict[str, Any] = {
        "error_code": error_code,
        "message": message,
        "errors": entries,
        "request_id": header(headers, "RCRequestId"),
        "headers": headers,
        "method": method,
        "path": path,
    }
    if 300 <= status < 400:
        # API and token calls never follow a redirect (downloads only to a trusted host):
        # a plain ApiError whatever the body says, so no other handling (OAuth) kicks in.
        common["message"] = message or "redirect not followed"
        return ApiError(status, **common)
    if status == 429:
        return RateLimitError(
            status,
            group=header(headers, "X-Rate-Limit-Group"),
            retry_after=retry_after_seconds(headers),
            **common,
        )
    if oauth_error is not None or (path is not None and is_oauth_path(path) and status < 500):
        return OAuthError(
            status,
            error=oauth_error,
            error_description=_first_str(data.get("error_description")),
            **common,
        )
    return _error_class(status)(status, **common)


def parse_http_date(value: str | None) -> datetime | None:
    """An aware datetime from an HTTP-date (naive dates are taken as UTC), None if garbage."""
    if value is None or not value.strip():
        return None
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or HTTP-date).

    Always finite and within 0..``RETRY_AFTER_MAX``: a negative delay or a date in the past
    gives 0, a larger value gives ``RETRY_AFTER_MAX``; a missing or unparseable value gives
    None. How long the client really waits is decided by the pause cap (``max_pause``).
    ``now`` (default: the current UTC time) is the reference for HTTP-dates; pass the
    response's ``Date`` to be immune to clock skew.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if _SECONDS.fullmatch(text):
        return _bounded(float(text))
    when = parse_http_date(text)
    if when is None:
        return None
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return _bounded((when - now).total_seconds())


def _bounded(seconds: float) -> float:
    """``seconds`` within 0..RETRY_AFTER_MAX (an infinite value becomes the maximum)."""
    if math.isnan(seconds):
        return 0.0
    return min(max(0.0, seconds), RETRY_AFTER_MAX)
