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
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Iterator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import TYPE_CHECKING, Any, Literal, Protocol
from urllib.parse import urlsplit

from ._auth import Authenticator
from ._errors import (
    ApiError,
    AuthenticationError,
    ConfigurationError,
    RateLimitError,
    TransportError,
)
from ._groups import find_operation
from ._protocol import build_api_error, decode_json, header
from ._retry import RetryPolicy
from ._targets import (
    check_call_options,
    encode_query,
    is_trusted_host,
    may_carry_token,
    resolve_url,
)
from ._transport import Response, Transport

if TYPE_CHECKING:
    import aiohttp

__all__ = ["Pipeline", "RetryMode", "SlotLike", "ThrottleLike", "check_call_options"]

logger = logging.getLogger("ringcentral_async")

#: The group used for a raw path the spec does not know: the strictest one.
FALLBACK_GROUP = "Heavy"
#: At most this many 429 retries per call (and never more than its ``max_retries``).
MAX_RATE_LIMIT_RETRIES = 5

_MAX_ERROR_BODY = 64 * 1024

RetryMode = Literal["method", "transient", "unsent", "never"]


class SlotLike(Protocol):
    """What the pipeline needs of a throttle slot."""

    def observe(self, status: int, headers: Mapping[str, str]) -> None: ...


class ThrottleLike(Protocol):
    """What the pipeline needs of a throttle."""

    def slot(
        self, group: str | None, *, operation: Hashable | None = None
    ) -> AbstractAsyncContextManager[SlotLike]: ...

    def pause_remaining(self, group: str) -> float: ...


class _NoSlot:
    def observe(self, status: int, headers: Mapping[str, str]) -> None:
        return None


class NoThrottle:
    """A throttle that never waits (``throttle=False``)."""

    @asynccontextmanager
    async def slot(
        self, group: str | None, *, operation: Hashable | None = None
    ) -> AsyncIterator[SlotLike]:
        yield _NoSlot()

    def stats(self) -> dict[str, Any]:
        return {}

    def pause_remaining(self, group: str) -> float:
        return 0.0


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
        return resolve_url(self.server_url, self.server_host, path)

    def is_trusted_host(self, host: str) -> bool:
        """The configured server's host, or a RingCentral host (media, CDN)."""
        return is_trusted_host(self.server_host, host)

    def group_for(self, method: str, path: str, group: str | None) -> str:
        """``group`` if given, else the spec's group for the operation, else Heavy."""
        return self.route(method, path, group)[0]

    @staticmethod
    def route(method: str, path: str, group: str | None) -> tuple[str, tuple[str, str]]:
        """(usage-plan group, throttle operation key) of a request, from one spec lookup.

        The group is ``group`` if given, else the spec's, else Heavy; the key is the method
        and spec template (or the bare path) the throttle learns a group for.
        """
        op = find_operation(method, path)
        if op is None:
            return group or FALLBACK_GROUP, (method, urlsplit(path).path)
        return group or op.group, (method, op.path)

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
        retry: RetryMode = "method",
    ) -> Response:
        """Run attempts until one gets a 2xx response or the error is final.

        ``retry`` says what may be resent: "method" (transient failures of GET, PUT,
        DELETE only), "transient" (any method: a token grant that can be replayed),
        "unsent" (only a request that never left: a single-use refresh token), "never".
        """
        method = method.upper()
        check_call_options(timeout=timeout, max_retries=max_retries, json=json, data=data)
        url = self.url_for(path)
        grp, operation = self.route(method, path, group)
        query = encode_query(params)
        policy = RetryPolicy(max_retries=self.max_retries if max_retries is None else max_retries)
        jitter = policy.delays()
        retries = rate_retries = 0
        replayed = False
        if authenticated and self.auth is not None:
            await self.auth.ensure_loaded()  # a shared throttle keys its state by the owner
        while True:
            used_token: str | None = None
            failure: ApiError | TransportError
            async with self.throttle.slot(grp, operation=operation) as slot:
                send_headers = dict(headers or {})
                if authenticated:
                    # A failing token request is final for this call: it had its own retries,
                    # and retrying here would make every waiter fire a token request of its own.
                    used_token = await self._acquire_token()
                    send_headers["Authorization"] = "Bearer " + used_token
                try:
                    return await self._send_once(
                        method, url, query, send_headers, json, data, timeout, slot
                    )
                except (ApiError, TransportError) as exc:
                    failure = exc
                finally:
                    if used_token is not None:
                        self._release_token()
            if isinstance(failure, RateLimitError):
                if (
                    retry == "never"
                    or not policy.rate_limit_retryable(failure)
                    or rate_retries >= min(MAX_RATE_LIMIT_RETRIES, policy.max_retries)
                ):
                    raise failure
                rate_retries += 1
                if self.throttled:  # the throttle paused the group: say for how long it does
                    wait = self.throttle.pause_remaining(failure.group or grp)
                else:
                    wait = policy.rate_limit_wait(failure)
                logger.warning(
                    "HTTP 429 on %s %s (group %s): pausing %.1f s", method, _path(url), grp, wait
                )
                if not self.throttled:
                    await self._sleep(wait)
                continue
            if isinstance(failure, AuthenticationError) and used_token is not None:
                if replayed or not await self._refresh_after_401(used_token):
                    raise failure
                replayed = True
                continue
            delay = self._retry_delay(retry, method, policy, failure, retries, jitter)
            if delay is None:
                raise failure
            retries += 1
            logger.debug(
                "retrying %s %s in %.2f s after %s (retry %d)",
                method,
                _path(url),
                delay,
                failure.__class__.__name__,
                retries,
            )
            await self._sleep(delay)

    async def _acquire_token(self) -> str:
        """A valid access token, leased until :meth:`_release_token` (the response)."""
        if self.auth is None:
            raise ConfigurationError("no authenticator configured")
        return await self.auth.acquire()

    def _release_token(self) -> None:
        if self.auth is not None:
            self.auth.release()

    async def _refresh_after_401(self, used_token: str) -> bool:
        return self.auth is not None and await self.auth.after_unauthorized(used_token)

    @staticmethod
    def _retry_delay(
        retry: RetryMode,
        method: str,
        policy: RetryPolicy,
        failure: ApiError | TransportError,
        retries: int,
        jitter: Iterator[float],
    ) -> float | None:
        if retry == "never":
            return None
        if retry == "unsent":
            if not isinstance(failure, TransportError) or failure.request_sent:
                return None
            method = "GET"  # never reached the server: as safe to resend as a GET
        elif retry == "transient":
            method = "GET"
        return policy.retry_delay(method, failure, retries, jitter)

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
        try:
            resp = await self.transport.send(
                method,
                url,
                params=query,
                headers=headers,
                json=json,
                data=data,
                timeout=self.timeout if timeout is None else timeout,
            )
        except TransportError as exc:
            logger.debug(
                "%s %s -> %s after %.1f ms",
                method,
                _path(url),
                exc.__class__.__name__,
                (time.perf_counter() - started) * 1000,
            )
            raise
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
        error = build_api_error(
            resp.status, resp.body, resp.headers, method=method, path=_path(url)
        )
        error._redact(_bearer(headers))  # a 401 body may echo the token it refuses
        raise error

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

        The Authorization header goes only to trusted hosts over https (or loopback), also
        across redirects. A non-2xx status raises the typed error (from the first 64 KiB of
        its body); a 401 with a refreshable token is refreshed and replayed once.
        """
        method = method.upper()
        check_call_options(timeout=timeout, max_retries=None)
        url = self.url_for(path)
        grp, operation = self.route(method, path, group)
        query = encode_query(params)
        replayed = False
        if self.auth is not None:
            await self.auth.ensure_loaded()  # a shared throttle keys its state by the owner
        while True:
            refused: str | None = None
            async with self.throttle.slot(grp, operation=operation) as slot:
                token = await self._acquire_token() if self.auth is not None else None
                leased = token is not None
                cm = self.transport.stream(
                    method,
                    url,
                    params=query,
                    headers=headers,
                    auth_headers_for=self._auth_headers_for(token),
                    timeout=self.timeout if timeout is None else timeout,
                )
                try:
                    resp = await cm.__aenter__()
                finally:
                    if leased:  # the response (or an error) is in: the token did its job
                        self._release_token()
                async with contextlib.AsyncExitStack() as stack:
                    stack.push_async_exit(cm)
                    slot.observe(resp.status, resp.headers)
                    if 200 <= resp.status < 300:
                        yield resp
                        return
                    body = await resp.content.read(_MAX_ERROR_BODY)
                    error = build_api_error(
                        resp.status, body, resp.headers, method=method, path=_path(url)
                    )
                    error._redact([token] if token else [])
                    if not (isinstance(error, AuthenticationError) and token and not replayed):
                        raise error
                    refused = token
            if refused is None or not await self._refresh_after_401(refused):
                raise error
            replayed = True

    def _auth_headers_for(self, token: str | None) -> Callable[[str], dict[str, str]]:
        def auth_for(target: str) -> dict[str, str]:
            if token is not None and may_carry_token(self.server_host, target):
                return {"Authorization": "Bearer " + token}
            return {}

        return auth_for


def _bearer(headers: Mapping[str, str]) -> list[str]:
    value = headers.get("Authorization", "")
    return [value[len("Bearer ") :]] if value.startswith("Bearer ") else []


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path or "/"
