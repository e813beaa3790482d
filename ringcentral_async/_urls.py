"""Where a request may go and what it may carry (layer 1: pure, no I/O).

Relative paths go to the configured server. Absolute URLs (the platform hands out media
and next-page URIs) must be http(s) on a trusted host: the configured server or
``*.ringcentral.com``; plain ``http://`` only on loopback. The access token is only ever
attached to such URLs. A path with a ``.`` or ``..`` segment (also percent-encoded, e.g.
``%2e%2e``) is refused: aiohttp (yarl) would normalise it away and send the call to
another endpoint. What a request may carry is checked here too, before anything is sent:
caller headers must be valid HTTP fields (a CR, LF or NUL could otherwise split the
request).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import SplitResult, unquote, urlsplit

from ._config import check_url_parts, is_loopback_host
from ._errors import ConfigurationError

__all__ = [
    "check_headers",
    "check_path_segments",
    "is_trusted_host",
    "is_trusted_url",
    "may_carry_token",
    "resolve_url",
]


def _split(url: str) -> SplitResult:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        raise ConfigurationError("path is not a valid URL") from None
    return parts


def check_path_segments(path: str) -> None:
    """Raise ConfigurationError if ``path`` has a ``.`` or ``..`` segment (even encoded).

    URL normalisation removes such segments (``/extension/..`` -> ``/account/~/``), so the
    request would reach an endpoint other than the one written.
    """
    for segment in path.split("/"):
        if unquote(segment) in (".", ".."):
            raise ConfigurationError(
                "path has a '.' or '..' segment, which URL normalisation would remove "
                "(sending the call to another endpoint)"
            )


def is_trusted_host(server_host: str, host: str) -> bool:
    """The configured server's host, or a RingCentral host (media, CDN)."""
    host = host.lower()
    return (
        host == server_host.lower()
        or host == "ringcentral.com"
        or host.endswith(".ringcentral.com")
    )


def _port(parts: SplitResult) -> int | None:
    """The port ``parts`` names, or its scheme's default (None for another scheme)."""
    return parts.port or {"http": 80, "https": 443}.get(parts.scheme)


def is_trusted_url(server_url: str, parts: SplitResult) -> bool:
    """The configured server (its host *and* port: another port of the same host is another
    program), or a RingCentral host (media, CDN)."""
    host = (parts.hostname or "").lower()
    if host == "ringcentral.com" or host.endswith(".ringcentral.com"):
        return True
    home = _split(server_url)
    return host == (home.hostname or "").lower() and _port(parts) == _port(home)


def resolve_url(server_url: str, server_host: str, path: str) -> str:
    """An absolute URL for ``path``; ConfigurationError for an untrusted absolute URL (one
    neither on the configured server's host and port nor on ``*.ringcentral.com``) or a path
    with a ``.``/``..`` segment."""
    if not isinstance(path, str) or not path:
        raise ConfigurationError("path must be a non-empty string")
    parts = _split(path)
    check_path_segments(parts.path)
    if not (parts.scheme or parts.netloc):
        return server_url + (path if path.startswith("/") else "/" + path)
    host = parts.hostname or ""
    if host and not is_trusted_url(server_url, parts):
        raise ConfigurationError(
            f"refusing to send credentials to {parts.netloc.rpartition('@')[2]!r}: only the "
            "configured server (its host and port) and *.ringcentral.com are trusted"
        )
    check_url_parts(parts, "the absolute URL")
    return path


def may_carry_token(server_url: str, url: str) -> bool:
    """True if ``url`` (e.g. a redirect target) may receive the Authorization header: https
    (http on loopback) to the configured server's host and port or ``*.ringcentral.com``,
    without a ``user:password@`` part."""
    try:
        parts = _split(url)
    except ConfigurationError:
        return False
    host = parts.hostname or ""
    secure = parts.scheme == "https" or (parts.scheme == "http" and is_loopback_host(host))
    plain = parts.username is None and parts.password is None
    return secure and plain and bool(host) and is_trusted_url(server_url, parts)


#: An HTTP field name: a token (RFC 9110 section 5.6.2).
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
#: Control characters no field value may hold (HTAB is allowed); CR, LF and NUL above all.
_BAD_VALUE_CHAR = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_CHAR_NAMES = {"\r": "CR", "\n": "LF", "\x00": "NUL", "\t": "HTAB"}


def check_headers(headers: Mapping[str, str] | None) -> None:
    """Reject caller headers that are not valid HTTP fields, before anything is sent.

    A name must be a token; a value a str without CR, LF, NUL or another control character
    (but HTAB). Values never appear in the error text (they may be secrets).
    """
    if headers is None:
        return
    if not isinstance(headers, Mapping):
        raise ConfigurationError("headers must be a mapping of str names to str values")
    for name, value in headers.items():
        if not isinstance(name, str) or not _TOKEN.fullmatch(name):
            raise ConfigurationError(f"a header name {_why_not_a_token(name)}")
        if not isinstance(value, str):
            raise ConfigurationError(
                f"header {name!r}: the value must be a str, got {type(value).__name__}"
            )
        bad = _BAD_VALUE_CHAR.search(value)
        if bad is not None:
            raise ConfigurationError(
                f"header {name!r}: the value contains {_describe_char(bad.group())}"
            )


def _why_not_a_token(name: object) -> str:
    """Why ``name`` is no header name, without echoing it (a pasted header line may hold a
    secret): its type, emptiness, or its first bad character and where that is."""
    if not isinstance(name, str):
        return f"is a {type(name).__name__}, not a str"
    for index, char in enumerate(name):
        if not _TOKEN.fullmatch(char):
            return f"is not a valid token: {_describe_char(char)} at index {index}"
    return "is empty"


def _describe_char(char: str) -> str:
    if char in _CHAR_NAMES:
        return _CHAR_NAMES[char]
    if _BAD_VALUE_CHAR.fullmatch(char):
        return f"control character U+{ord(char):04X}"
    return repr(char) if char.isprintable() else f"U+{ord(char):04X}"
