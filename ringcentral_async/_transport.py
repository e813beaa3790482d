"""The HTTP transport: the only module that sends with aiohttp (layer 2).

aiohttp is imported when the first session is made, not at import time.

It sends one request and returns the status, headers and body, mapping aiohttp's
exceptions to TransportError / RequestTimeoutError. It knows nothing about tokens,
throttling or retries.

Nothing a server sends can make it leak or hoard: ``send`` never follows a redirect (the
3xx comes back as the answer), reads a 2xx body only up to ``max_body`` bytes
(ResponseTooLargeError past that, at once when ``Content-Length`` says so) and keeps at
most the first 64 KiB of any other body; ``stream`` follows a redirect only to a URL its
caller's ``follow`` predicate accepts and otherwise hands the 3xx back unfollowed.

aiohttp's own exceptions become the ``__cause__`` of ours. Some of them embed the request
(``request_info`` with every header, Authorization included) or the full URL in their
text, so they are scrubbed first: no header values, no query strings. The HTTP parser's
errors quote the bytes they choked on (a status line, a header line, a chunk size), which a
hostile server may fill with a secret it echoes: such an error keeps only the names of the
parser errors behind it, and its own chain is cut.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from typing import TypeAlias

    import aiohttp
    from multidict import CIMultiDictProxy

    #: The streamed response ``stream()`` yields (``.content`` is an aiohttp StreamReader).
    ClientResponse: TypeAlias = aiohttp.ClientResponse
    #: The session a user may lend the client.
    ClientSession: TypeAlias = aiohttp.ClientSession

from ._config import USER_AGENT
from ._errors import (
    BadRedirectError,
    ConfigurationError,
    RequestTimeoutError,
    ResponseTooLargeError,
    TransportError,
)

__all__ = [
    "MAX_ERROR_BODY",
    "ClientResponse",
    "ClientSession",
    "Response",
    "Transport",
    "read_prefix",
]

_MAX_REDIRECTS = 5
#: At most this much of a non-2xx body is read (it only feeds the error's message).
MAX_ERROR_BODY = 64 * 1024
#: Bodies are read in pieces of at most this size, so a cap is crossed by one piece at most.
_READ_CHUNK = 64 * 1024
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class Response:
    """A fully read response."""

    status: int
    headers: CIMultiDictProxy[str] = field(repr=False)
    body: bytes = field(repr=False)
    url: str
    content_type: str | None = None


class Transport:
    """Owns (or borrows) one aiohttp session, created lazily inside the running loop."""

    def __init__(self, session: aiohttp.ClientSession | None = None) -> None:
        self._session = session
        self._owns_session = session is None
        self._closed = False

    @property
    def closed(self) -> bool:
        """True once aclose() has run."""
        return self._closed

    def _get_session(self) -> aiohttp.ClientSession:
        if self._closed:
            raise ConfigurationError("the client is closed")
        if self._session is not None and self._session.closed:
            raise ConfigurationError("the aiohttp session lent to the client is closed")
        if self._session is None:
            import aiohttp  # imported on first use: keeps `import ringcentral_async` light

            self._session = aiohttp.ClientSession(
                headers={"User-Agent": USER_AGENT},
                connector=aiohttp.TCPConnector(limit=100),
            )
        return self._session

    async def aclose(self) -> None:
        """Close the session if we created it; a borrowed session is left open."""
        self._closed = True
        session, self._session = self._session, None
        if session is not None and self._owns_session:
            await session.close()

    async def send(
        self,
        method: str,
        url: str,
        *,
        params: Sequence[tuple[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        data: Any = None,
        timeout: float | None = None,
        max_body: int | None = None,
    ) -> Response:
        """Send one request and read its body; a redirect is not followed.

        A 2xx body longer than ``max_body`` raises ResponseTooLargeError as soon as that is
        known (from ``Content-Length``, or once that many bytes have been read); any other
        body is cut to its first 64 KiB.
        """
        import aiohttp

        session = self._get_session()
        kwargs = _request_kwargs(params, headers, json, data, timeout)
        kwargs["allow_redirects"] = False
        try:
            async with session.request(method, url, **kwargs) as resp:
                if 200 <= resp.status < 300:
                    body = await _read_capped(resp, method, url, max_body)
                else:
                    body = await read_prefix(resp, MAX_ERROR_BODY)
                return Response(
                    status=resp.status,
                    headers=resp.headers,
                    body=body,
                    url=str(resp.url),
                    content_type=resp.content_type,
                )
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise _transport_error(method, url, exc) from _scrubbed(exc)

    @asynccontextmanager
    async def stream(
        self,
        method: str,
        url: str,
        *,
        params: Sequence[tuple[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
        auth_headers_for: Any = None,
        follow: Callable[[str], bool] | None = None,
        timeout: float | None = None,
    ) -> AsyncIterator[aiohttp.ClientResponse]:
        """Open a response without reading its body; follow redirects by hand.

        A redirect is followed only when ``follow(target_url)`` says so (None: never); one
        it refuses is not requested: its 3xx response is handed back as it is.
        ``auth_headers_for(url) -> Mapping`` returns the extra headers (Authorization) a
        given URL may receive.
        """
        import aiohttp

        session = self._get_session()
        current = url
        method_now = method
        for _hop in range(_MAX_REDIRECTS + 1):
            merged = dict(headers or {})
            if auth_headers_for is not None:
                merged.update(auth_headers_for(current))
            kwargs = _request_kwargs(params, merged, None, None, timeout)
            kwargs["allow_redirects"] = False
            try:
                resp = await session.request(method_now, current, **kwargs)
            except (TimeoutError, aiohttp.ClientError) as exc:
                raise _transport_error(method, current, exc) from _scrubbed(exc)
            location = resp.headers.get("Location")
            target = None
            if resp.status in _REDIRECT_STATUSES and location:
                try:
                    target = str(resp.url.join(type(resp.url)(location)))
                except ValueError:
                    resp.release()
                    raise BadRedirectError(
                        f"{method} {_path_of(current)}: invalid redirect Location"
                    ) from None
            if target is not None and follow is not None and follow(target):
                resp.release()
                current = target
                params = None
                if resp.status == 303 or (resp.status in (301, 302) and method_now != "HEAD"):
                    method_now = "GET"
                continue
            try:
                yield resp
            except (TimeoutError, aiohttp.ClientError) as exc:
                # raised while the caller reads the body: same typed errors as send()
                raise _transport_error(method, current, exc) from _scrubbed(exc)
            finally:
                resp.release()
            return
        raise BadRedirectError(f"{method} {_path_of(url)}: more than {_MAX_REDIRECTS} redirects")


async def read_prefix(resp: aiohttp.ClientResponse, limit: int) -> bytes:
    """The first ``limit`` bytes of the body (all of it if shorter); the rest is not read."""
    parts: list[bytes] = []
    size = 0
    while size < limit:
        chunk = await resp.content.read(min(_READ_CHUNK, limit - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


async def _read_capped(
    resp: aiohttp.ClientResponse, method: str, url: str, limit: int | None
) -> bytes:
    """The whole body, or ResponseTooLargeError once it is known to exceed ``limit``."""
    if limit is None:
        return await resp.read()
    announced = resp.content_length
    encoded = resp.headers.get("Content-Encoding", "identity").lower() != "identity"
    # A compressed body's Content-Length is not its decoded size: that is counted instead.
    # A HEAD answer announces the length of a body it does not have.
    if announced is not None and announced > limit and not encoded and method != "HEAD":
        resp.close()
        raise _too_large(method, url, limit, announced)
    body = await read_prefix(resp, limit + 1)
    if len(body) > limit:
        resp.close()
        raise _too_large(method, url, limit, announced)
    return body


def _too_large(method: str, url: str, limit: int, announced: int | None) -> ResponseTooLargeError:
    path = urlsplit(url).path or "/"
    return ResponseTooLargeError(method=method, path=path, limit=limit, content_length=announced)


def _request_kwargs(
    params: Sequence[tuple[str, str]] | None,
    headers: Mapping[str, str] | None,
    json: Any,
    data: Any,
    timeout: float | None,
) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if params:
        kwargs["params"] = list(params)
    # Per request too, so a borrowed session (whose defaults are not ours) names us as well.
    merged = {"User-Agent": USER_AGENT}
    if headers:
        for name, value in headers.items():
            if name.lower() == "user-agent":
                merged.pop("User-Agent", None)
            merged[name] = value
    kwargs["headers"] = merged
    if json is not None:
        kwargs["json"] = json
    if data is not None:
        kwargs["data"] = data
    if timeout is not None:
        import aiohttp

        kwargs["timeout"] = aiohttp.ClientTimeout(total=timeout)
    return kwargs


def _path_of(url: str) -> str:
    """The URL without its query string (queries never reach error texts)."""
    return url.split("?", 1)[0]


def _transport_error(method: str, url: str, exc: BaseException) -> TransportError:
    """Our error for an aiohttp failure; its text names the method, path and error class."""
    import aiohttp

    where = f"{method} {_path_of(url)}"
    if isinstance(exc, TimeoutError):
        return RequestTimeoutError(f"{where} timed out ({exc.__class__.__name__})")
    # The connection was never opened: the server cannot have seen the request.
    sent = not isinstance(exc, aiohttp.ClientConnectorError)
    return TransportError(f"{where} failed: {exc.__class__.__name__}", request_sent=sent)


def _parser_errors(exc: BaseException) -> list[str]:
    """The class names of the HTTP parser errors in ``exc``'s chain (outermost first)."""
    from aiohttp.http_exceptions import HttpProcessingError

    names: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, HttpProcessingError):
            names.append(current.__class__.__name__)
        current = current.__cause__ or current.__context__
    return names


def _scrubbed(exc: BaseException) -> BaseException:
    """``exc`` with the request headers, history and URL queries removed from its state, and
    no text the server sent (see the module docstring)."""
    import aiohttp
    from multidict import CIMultiDict, CIMultiDictProxy

    parser = _parser_errors(exc)
    if parser or isinstance(exc, aiohttp.ClientPayloadError):
        what = ", ".join(parser) or exc.__class__.__name__
        # server bytes may be quoted anywhere below: keep the error names only
        exc.__cause__ = None
        exc.__context__ = None
        exc.__suppress_context__ = True
        if isinstance(exc, aiohttp.ClientResponseError):
            exc.message = f"invalid HTTP response ({what})"
        else:
            exc.args = (f"invalid HTTP response ({what})",)
    if isinstance(exc, aiohttp.ClientResponseError):
        info = exc.request_info
        exc.request_info = aiohttp.RequestInfo(
            info.url.with_query(None).with_fragment(None),
            info.method,
            CIMultiDictProxy(CIMultiDict()),
            info.real_url.with_query(None).with_fragment(None),
        )
        exc.history = ()
        exc.headers = None
        exc.args = (exc.request_info, exc.history)
    elif isinstance(exc, aiohttp.InvalidURL):
        url = _path_of(str(exc.url))
        exc._url = url
        exc.args = (url, exc.description) if exc.description else (url,)
    else:
        exc.args = tuple(_path_of(a) if _looks_like_url(a) else a for a in exc.args)
    return exc


def _looks_like_url(value: object) -> bool:
    return isinstance(value, str) and "?" in value and ("://" in value or value.startswith("/"))
