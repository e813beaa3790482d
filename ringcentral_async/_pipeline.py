"""The request pipeline: throttle, token, send, calibrate, classify, retry (layer 4).

One call of ``Pipeline.request`` runs attempts until one succeeds or the error is final:

1. wait for a slot in the operation's usage-plan group (the throttle);
2. get a valid access token (refreshing first if it is about to expire);
3. send (the transport);
4. feed the ``X-Rate-Limit-*`` headers back into the group's limiter;
5. classify the response (2xx body or typed error), then decide: 429 -> the group is paused
   and the request retried after the pause; 401 with a refreshable token -> refresh once and
   replay once; 5xx / connection / timeout -> backoff with jitter, idempotent methods only.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from ._auth import Authenticator
from ._config import is_loopback_host
from ._errors import (
    ApiError,
    AuthenticationError,
    ConfigurationError,
    RateLimitError,
    TransportError,
)
from ._groups import usage_plan_group
from ._protocol import build_api_error, decode_json, encode_params, header
from ._retry import RetryPolicy
from ._transport import Response, Transport

if TYPE_CHECKING:
    import aiohttp

__all__ = ["Pipeline", "SlotLike", "ThrottleLike"]

logger = logging.getLogger("ringcentral_async")

#: The group used for a raw path the spec does not know: the strictest one.
FALLBACK_GROUP = "Heavy"
MAX_RATE_LIMIT_RETRIES = 5


class SlotLike(Protocol):
    """What the pipeline needs of a throttle slot."""

    def observe(self, status: int, headers: Mapping[str, str]) -> None: ...


class ThrottleLike(Protocol):
    """What the pipeline needs of a throttle."""

    def slot(self, group: str | None) -> AbstractAsyncContextManager[SlotLike]: ...


class _NoSlot:
    def observe(self, status: int, headers: Mapping[str, str]) -> None:
        return None


class NoThrottle:
    """A throttle that never waits (``throttle=False``)."""

    @asynccontextmanager
    async def slot(self, group: str | None) -> AsyncIterator[SlotLike]:
        yield _NoSlot()

    def stats(self) -> dict[str, Any]:
        return {}


class Pipeline:
    """Sends requests for one client; shared by raw calls, endpoints and paginators."""

    def __init__(
        self,
        *,
        server_url: str,
        transport: Transport,
        auth: Authenticator | None,
        throttle: ThrottleLike,
        throttled: bool,
        timeout: float,
        max_retries: int,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.server_url = server_url
        self.server_host = urlsplit(server_url).hostname or ""
        self.transport = transport
        self.auth = auth
        self.throttle = throttle
        self.throttled = throttled
        self.timeout = timeout
        self.max_retries = max_retries
        self._sleep = sleep

    # -- URLs ------------------------------------------------------------------------

    def url_for(self, path: str) -> str:
        """An absolute URL for ``path``; absolute URLs must stay on trusted hosts."""
        if path.startswith(("http://", "https://")):
            parts = urlsplit(path)
            host = parts.hostname or ""
            if not self.is_trusted_host(host):
                raise ConfigurationError(
                    f"refusing to send credentials to {host!r}: only the configured server "
                    "and *.ringcentral.com are trusted"
                )
            if parts.scheme == "http" and not is_loopback_host(host):
                raise ConfigurationError(f"refusing plain http:// to non-loopback host {host!r}")
            return path
        if not path.startswith("/"):
            path = "/" + path
        return self.server_url + path

    def is_trusted_host(self, host: str) -> bool:
        """The configured server's host, or a RingCentral host (media, CDN)."""
        host = host.lower()
        return (
            host == self.server_host.lower()
            or host == "ringcentral.com"
            or host.endswith(".ringcentral.com")
        )

    def group_for(self, method: str, path: str, group: str | None) -> str:
        """``group`` if given, else the spec's group for the operation, else Heavy."""
        if group is not None:
            return group
        return usage_plan_group(method, path) or FALLBACK_GROUP

    # -- requests --------------------------------------------------------------------

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        group: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        authenticated: bool = True,
        retry_non_idempotent: bool = False,
    ) -> Response:
        """Run attempts until one gets a 2xx response or the error is final."""
        method = method.upper()
        url = self.url_for(path)
        grp = self.group_for(method, path, group)
        query = encode_params(params)
        policy = RetryPolicy(max_retries=self.max_retries if max_retries is None else max_retries)
        jitter = policy.delays()
        retries = rate_retries = 0
        replayed = False
        while True:
            used_token: str | None = None
            try:
                async with self.throttle.slot(grp) as slot:
                    send_headers = dict(headers or {})
                    if authenticated:
                        if self.auth is None:
                            raise ConfigurationError("no authenticator configured")
                        used_token = await self.auth.access_token()
                        send_headers["Authorization"] = "Bearer " + used_token
                    resp = await self._send_once(
                        method, url, query, send_headers, json, data, timeout, slot
                    )
                return resp
            except RateLimitError as exc:
                if not policy.rate_limit_retryable(exc) or rate_retries >= MAX_RATE_LIMIT_RETRIES:
                    raise
                rate_retries += 1
                wait = policy.rate_limit_wait(exc)
                logger.warning(
                    "HTTP 429 on %s %s (group %s): pausing %.1f s", method, _path(url), grp, wait
                )
                if not self.throttled:
                    await self._sleep(wait)
            except AuthenticationError:
                if (
                    not authenticated
                    or replayed
                    or used_token is None
                    or self.auth is None
                    or not await self.auth.after_unauthorized(used_token)
                ):
                    raise
                replayed = True
            except (TransportError, ApiError) as exc:
                probe_method = "GET" if retry_non_idempotent else method
                delay = policy.retry_delay(probe_method, exc, retries, jitter)
                if delay is None:
                    raise
                retries += 1
                logger.debug(
                    "retrying %s %s in %.2f s after %s (retry %d)",
                    method,
                    _path(url),
                    delay,
                    exc.__class__.__name__,
                    retries,
                )
                await self._sleep(delay)

    async def _send_once(
        self,
        method: str,
        url: str,
        query: list[tuple[str, str]],
        headers: dict[str, str],
        json: Any,
        data: Any,
        timeout: float | None,
        slot: SlotLike,
    ) -> Response:
        started = time.perf_counter()
        resp = await self.transport.send(
            method,
            url,
            params=query,
            headers=headers,
            json=json,
            data=data,
            timeout=self.timeout if timeout is None else timeout,
        )
        slot.observe(resp.status, resp.headers)
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %d in %.1f ms [RCRequestId %s]",
                method,
                _path(url),
                resp.status,
                (time.perf_counter() - started) * 1000,
                header(resp.headers, "RCRequestId"),
            )
        if 200 <= resp.status < 300:
            return resp
        raise build_api_error(resp.status, resp.body, resp.headers, method=method, path=_path(url))

    async def request_json(self, method: str, path: str, **kwargs: Any) -> Any:
        """Like request(), returning the decoded JSON body (None for an empty body)."""
        resp = await self.request(method, path, **kwargs)
        if resp.status == 204:
            return None
        return decode_json(resp.body, status=resp.status, content_type=resp.content_type)

    @asynccontextmanager
    async def stream(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        group: str | None = None,
        timeout: float | None = None,
    ) -> AsyncIterator[aiohttp.ClientResponse]:
        """Open a binary response (throttled, authenticated) without reading its body.

        The Authorization header goes only to trusted hosts, also across redirects. A
        non-2xx status raises the typed error (its body is read, it is small).
        """
        method = method.upper()
        url = self.url_for(path)
        grp = self.group_for(method, path, group)
        token = await self.auth.access_token() if self.auth is not None else None

        def auth_for(target: str) -> dict[str, str]:
            host = urlsplit(target).hostname or ""
            if token is not None and self.is_trusted_host(host):
                return {"Authorization": "Bearer " + token}
            return {}

        async with self.throttle.slot(grp) as slot:
            cm = self.transport.stream(
                method,
                url,
                params=encode_params(params),
                headers=headers,
                auth_headers_for=auth_for,
                timeout=self.timeout if timeout is None else timeout,
            )
            async with cm as resp:
                slot.observe(resp.status, resp.headers)
                if not 200 <= resp.status < 300:
                    body = await resp.read()
                    raise build_api_error(
                        resp.status, body, resp.headers, method=method, path=_path(url)
                    )
                yield resp


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path or "/"
