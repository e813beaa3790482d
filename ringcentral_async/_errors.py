"""The exception tree of ringcentral_async (layer 0: imports nothing internal).

Every exception's text is built from the platform's error code, message, HTTP status and
request id only: never from a request body, a header or a token, so no secret can leak
into a traceback or a log record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = [
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "DecodeError",
    "ErrorEntry",
    "NotFoundError",
    "OAuthError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTimeoutError",
    "ResponseTooLargeError",
    "RingCentralError",
    "ServerError",
    "SharedStateError",
    "TransportError",
    "redact_text",
]

REDACTED = "<redacted>"


def redact_text(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of each (non-empty) secret replaced by ``<redacted>``."""
    for secret in secrets:
        if secret and secret in text:
            text = text.replace(secret, REDACTED)
    return text


def _redact_value(value: Any, secrets: Sequence[str]) -> Any:
    if isinstance(value, str):
        return redact_text(value, secrets)
    if isinstance(value, Mapping):
        return {k: _redact_value(v, secrets) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact_value(v, secrets) for v in value]
    return value


class RingCentralError(Exception):
    """Base class of every error this package raises."""


class ConfigurationError(RingCentralError, ValueError):
    """Bad arguments or settings, detected before anything is sent."""


class TransportError(RingCentralError):
    """The request did not get a response (the aiohttp error is the ``__cause__``).

    ``request_sent`` is False only when the connection could not even be opened, so the
    server cannot have seen the request; otherwise (a reset, a timeout) it may have.
    """

    def __init__(self, message: str = "", *, request_sent: bool = True) -> None:
        super().__init__(message)
        self.request_sent = request_sent


class BadRedirectError(TransportError):
    """A redirect that cannot be followed however often the request is sent (a loop, too
    many hops, an invalid ``Location``): a TransportError that is never retried. Internal:
    callers catch TransportError."""


class RequestTimeoutError(TransportError):
    """The request did not complete within its timeout."""


class ResponseTooLargeError(RingCentralError):
    """A response body was larger than ``max_response_bytes``; it was not read to the end.

    Raised as soon as the limit is crossed: at once when ``Content-Length`` says so, else
    while reading. Final: the call is not retried. ``content_length`` is the announced
    length, or None when the server did not announce one.
    """

    def __init__(
        self, *, method: str, path: str, limit: int, content_length: int | None = None
    ) -> None:
        self.method = method
        self.path = path
        self.limit = limit
        self.content_length = content_length
        said = f" (Content-Length {content_length})" if content_length is not None else ""
        super().__init__(
            f"{method} {path}: response body is larger than max_response_bytes={limit}{said}"
        )


class SharedStateError(RingCentralError):
    """State shared between processes (Redis, or a local state or lock file) could not be
    read or written: the server is unreachable, a lock was not obtained in time, or a token
    store changed under a stalled writer. The text never holds a token or a password; the
    underlying error (if any) is the ``__cause__``."""


class DecodeError(RingCentralError):
    """A response body was not JSON, or not of the expected shape."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class ErrorEntry:
    """One item of the platform's ``errors[]`` array."""

    __slots__ = (
        "error_code",
        "extra",
        "message",
        "parameter_name",
        "parameter_value",
        "permission_name",
    )

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.error_code: str | None = _str_or_none(raw.get("errorCode"))
        self.message: str | None = _str_or_none(raw.get("message"))
        self.parameter_name: str | None = _str_or_none(raw.get("parameterName"))
        self.parameter_value: str | None = _str_or_none(raw.get("parameterValue"))
        self.permission_name: str | None = _str_or_none(raw.get("permissionName"))
        known = {"errorCode", "message", "parameterName", "parameterValue", "permissionName"}
        self.extra: dict[str, Any] = {k: v for k, v in raw.items() if k not in known}

    def _redact(self, secrets: Sequence[str]) -> None:
        for name in (
            "error_code",
            "message",
            "parameter_name",
            "parameter_value",
            "permission_name",
        ):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, redact_text(value, secrets))
        self.extra = _redact_value(self.extra, secrets)

    def __repr__(self) -> str:
        parts = [f"error_code={self.error_code!r}", f"message={self.message!r}"]
        if self.parameter_name is not None:
            parts.append(f"parameter_name={self.parameter_name!r}")
        if self.permission_name is not None:
            parts.append(f"permission_name={self.permission_name!r}")
        return f"ErrorEntry({', '.join(parts)})"


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


class ApiError(RingCentralError):
    """The platform answered with a non-2xx status."""

    def __init__(
        self,
        status: int,
        *,
        error_code: str | None = None,
        message: str | None = None,
        errors: Sequence[ErrorEntry] = (),
        request_id: str | None = None,
        headers: Mapping[str, str] | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        self.status = status
        self.error_code = error_code
        self.message = message
        self.errors = list(errors)
        self.request_id = request_id
        self.headers: Mapping[str, str] = dict(headers or {})
        self.method = method
        self.path = path
        super().__init__(self._text())

    def _text(self) -> str:
        head = f"HTTP {self.status}"
        if self.error_code:
            head += f" {self.error_code}"
        text = f"{head}: {self.message}" if self.message else head
        if self.method and self.path:
            text += f" ({self.method} {self.path})"
        if self.request_id:
            text += f" [RCRequestId {self.request_id}]"
        return text

    def _redact(self, secrets: Iterable[str]) -> None:
        """Scrub ``secrets`` from every text the platform sent back (bodies may echo input)."""
        found = [s for s in secrets if s]
        if not found:
            return
        if self.message is not None:
            self.message = redact_text(self.message, found)
        if self.error_code is not None:
            self.error_code = redact_text(self.error_code, found)
        if self.request_id is not None:  # a header: the server may echo anything there too
            self.request_id = redact_text(self.request_id, found)
        self.headers = {k: redact_text(v, found) for k, v in self.headers.items()}
        for entry in self.errors:
            entry._redact(found)
        self.args = (self._text(),)


class BadRequestError(ApiError):
    """HTTP 400: a parameter or the body is invalid (see ``errors[i].parameter_name``)."""


class AuthenticationError(ApiError):
    """HTTP 401: the access token is missing, expired or invalid."""


class PermissionDeniedError(ApiError):
    """HTTP 403: the app or the user lacks a permission (``permission_name``)."""

    @property
    def permission_name(self) -> str | None:
        """The permission the platform names as missing, if any."""
        for entry in self.errors:
            if entry.permission_name:
                return entry.permission_name
        return None


class NotFoundError(ApiError):
    """HTTP 404: no such resource."""


class RateLimitError(ApiError):
    """HTTP 429: a usage-plan (or account/global) limit was exceeded."""

    def __init__(
        self,
        status: int = 429,
        *,
        group: str | None = None,
        retry_after: float | None = None,
        **kwargs: Any,
    ) -> None:
        self.group = group
        self.retry_after = retry_after
        super().__init__(status, **kwargs)


class ServerError(ApiError):
    """HTTP 5xx: a fault on the platform's side."""


class OAuthError(ApiError):
    """A token, revoke or authorize request failed (``error``, ``error_description``)."""

    def __init__(
        self,
        status: int,
        *,
        error: str | None = None,
        error_description: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.error = error
        self.error_description = error_description
        super().__init__(status, **kwargs)

    def _redact(self, secrets: Iterable[str]) -> None:
        found = [s for s in secrets if s]
        if self.error is not None:
            self.error = redact_text(self.error, found)
        if self.error_description is not None:
            self.error_description = redact_text(self.error_description, found)
        super()._redact(found)
