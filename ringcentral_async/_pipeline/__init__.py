"""The request pipeline: throttle, token, send, calibrate, classify, retry (layer 4).

``Pipeline.request`` (the body read and capped) and ``Pipeline.stream`` (the body left to
the caller) share one attempt loop, :meth:`Pipeline._attempts`. Each attempt:

1. waits for a slot in the operation's usage-plan group (the throttle);
2. leases a valid access token (refreshing first if it is about to expire); the lease ends
   as soon as the response (its headers, for a stream) is in;
3. sends (the transport);
4. feeds the ``X-Rate-Limit-*`` headers back into the group's limiter;
5. classifies the response (2xx or typed error), and after an error decides: 429 -> retried
   after the pause (the throttle pauses the group, or the call sleeps when the throttle
   does not pause groups); 401 with a refreshable token -> refresh once and replay once;
   5xx / connection / timeout -> backoff with jitter, for requests safe to resend only.
   A 429 or 5xx whose ``Retry-After`` exceeds the throttle's ``max_pause`` raises at once.

A stream keeps its slot while the caller reads the body; an error while reading is the
caller's (never retried: part of the body may already be consumed).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from .._auth import Authenticator
from .._config import DEFAULT_MAX_RESPONSE_BYTES, check_call_options
from .._errors import ApiError, AuthenticationError, RateLimitError, TransportError
from .._protocol import decode_json, encode_query
from .._retry import RetryBudget, RetryMode, RetryPolicy
from .._spec import route
from .._throttle.protocols import SlotLike, ThrottleLike
from .._transport import MAX_ERROR_BODY, Response, Transport, read_prefix
from .._urls import check_headers, is_trusted_host, may_carry_token, resolve_url
from .call import Call, api_error, log_failure, received

if TYPE_CHECKING:
    from .._transport import ClientResponse

__all__ = ["Pipeline", "RetryMode"]

logger = logging.getLogger("ringcentral_async")

T = TypeVar("T")
#: One attempt: (exit stack held as long as the result is used, slot, leased token or None)
#: -> the 2xx result; a non-2xx answer or a failed send raises its typed error.
Attempt = Callable[[AsyncExitStack, SlotLike, str | None], Awaitable[T]]


class Pipeline:
    """Sends requests for one client; shared by raw calls, endpoints and paginators."""

    def __init__(
        self,
        *,
        server_url: str,
        transport: Transport,
        auth: Authenticator,
        throttle: ThrottleLike,
        timeout: float,
        max_retries: int,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.server_url = server_url
        self.server_host = urlsplit(server_url).hostname or ""
        self.transport = transport
        self.auth = auth
        self.throttle = throttle
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_response_bytes = max_response_bytes
        self._sleep = sleep

    # -- URLs and groups -------------------------------------------------------------

    def url_for(self, path: str) -> str:
        """An absolute URL for ``path``; absolute URLs must stay on trusted hosts."""
        return resolve_url(self.server_url, self.server_host, path)

    def is_trusted_host(self, host: str) -> bool:
        """The configured server's host, or a RingCentral host (media, CDN)."""
        return is_trusted_host(self.server_host, host)

    def group_for(self, method: str, path: str, group: str | None) -> str:
        """``group`` if given, else the spec's group for the operation, else Heavy."""
        return route(method, path, group)[0]

    def _prepare(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        group: str | None,
        timeout: float | None,
        *,
        max_retries: int | None = None,
        retry: RetryMode = "method",
        authenticated: bool = True,
    ) -> Call:
        """Check the call's options (ConfigurationError, nothing sent) and resolve it."""
        check_call_options(timeout=timeout, max_retries=max_retries)
        check_headers(headers)
        method = method.upper()
        url = self.url_for(path)
        grp, operation = route(method, path, group)
        return Call(
            method=method,
            url=url,
            group=grp,
            operation=operation,
            query=encode_query(params),
            headers=headers,
            timeout=self.timeout if timeout is None else timeout,
            retry=retry,
            authenticated=authenticated,
            max_retries=self.max_retries if max_retries is None else max_retries,
        )

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
        max_response_bytes: int | None = None,
    ) -> Response:
        """Run attempts until one gets a 2xx response or the error is final.

        ``retry`` says what may be resent: "method" (transient failures of GET, PUT,
        DELETE only), "transient" (any method: a token grant that can be replayed),
        "unsent" (only a request that never left: a single-use refresh token), "never".
        A 2xx body over ``max_response_bytes`` (default: the client's) raises
        ResponseTooLargeError, which is final.
        """
        check_call_options(json=json, data=data, max_response_bytes=max_response_bytes)
        call = self._prepare(
            method, path, params, headers, group, timeout,
            max_retries=max_retries, retry=retry, authenticated=authenticated,
        )  # fmt: skip
        max_body = self.max_response_bytes if max_response_bytes is None else max_response_bytes

        async def send(_stack: AsyncExitStack, slot: SlotLike, token: str | None) -> Response:
            send_headers = dict(call.headers or {})
            if token is not None:
                send_headers["Authorization"] = "Bearer " + token
            started = time.perf_counter()
            try:
                resp = await self.transport.send(
                    call.method,
                    call.url,
                    params=call.query,
                    headers=send_headers,
                    json=json,
                    data=data,
                    timeout=call.timeout,
                    max_body=max_body,
                )
            except TransportError as exc:
                log_failure(call, exc, started)
                raise
            if not received(
                call, slot, resp.status, resp.headers, started, self.auth.known_secrets
            ):
                raise api_error(
                    call, resp.status, resp.body, resp.headers, token, self.auth.known_secrets()
                )
            return resp

        async with self._attempts(call, send) as resp:
            return resp

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
    ) -> AsyncIterator[ClientResponse]:
        """Open a binary response (throttled, authenticated) without reading its body.

        Retried like :meth:`request` until the response headers are in (429, transient
        failures of idempotent methods, one replay after a 401); never once it is handed
        out. A redirect is followed only to a URL that may carry the token (a trusted host
        over https, or loopback): any other 3xx raises ApiError with that status, and its
        target is never requested. A non-2xx status raises the typed error (from the first
        64 KiB of its body). The body is not capped: the caller reads it chunk by chunk.
        """
        call = self._prepare(method, path, params, headers, group, timeout)
        follow = partial(may_carry_token, self.server_url)  # where the token may go

        async def open_(stack: AsyncExitStack, slot: SlotLike, token: str | None) -> ClientResponse:
            started = time.perf_counter()
            cm = self.transport.stream(
                call.method,
                call.url,
                params=call.query,
                headers=call.headers,
                auth_headers_for=self._auth_headers_for(token),
                follow=follow,
                timeout=call.timeout,
            )
            try:
                resp = await stack.enter_async_context(cm)
            except TransportError as exc:
                log_failure(call, exc, started)
                raise
            if not received(
                call, slot, resp.status, resp.headers, started, self.auth.known_secrets
            ):
                body = await read_prefix(resp, MAX_ERROR_BODY)
                raise api_error(
                    call, resp.status, body, resp.headers, token, self.auth.known_secrets()
                )
            return resp

        async with self._attempts(call, open_) as resp:
            yield resp

    # -- the attempt loop ------------------------------------------------------------

    @asynccontextmanager
    async def _attempts(self, call: Call, attempt: Attempt[T]) -> AsyncIterator[T]:
        """Run ``attempt`` until it succeeds or its error is final; the result is yielded
        while its slot (and what it put on the exit stack) is still held."""
        policy = RetryPolicy(max_retries=call.max_retries, max_pause=self.throttle.max_pause)
        budget = RetryBudget(policy, call.retry)
        if call.authenticated:
            await self.auth.ensure_loaded()  # a shared throttle keys its state by the owner
        while True:
            token: str | None = None
            failure: ApiError | TransportError
            async with (
                self.throttle.slot(call.group, operation=call.operation) as slot,
                AsyncExitStack() as stack,
            ):
                if call.authenticated:
                    # A failing token request is final for this call: it had its own retries,
                    # and retrying here would make every waiter fire a token request of its own.
                    token = await self.auth.acquire()
                try:
                    try:
                        result = await attempt(stack, slot, token)
                    finally:
                        if token is not None:  # the response (or an error) is in
                            self.auth.release()
                except (ApiError, TransportError) as exc:
                    failure = exc
                else:
                    yield result
                    return
            await self._recover(call, budget, failure, token)

    async def _recover(
        self,
        call: Call,
        budget: RetryBudget,
        failure: ApiError | TransportError,
        token: str | None,
    ) -> None:
        """Wait (429, backoff) or refresh (401) before the next attempt, outside the slot;
        raise ``failure`` when it is final."""
        if isinstance(failure, RateLimitError):
            await self._after_rate_limit(call, budget, failure)
        elif isinstance(failure, AuthenticationError) and token is not None:
            if not budget.take_replay() or not await self.auth.after_unauthorized(token):
                raise failure
        else:
            delay = budget.backoff(call.method, failure)
            if delay is None:
                raise failure
            logger.debug(
                "retrying %s %s in %.2f s after %s (retry %d)",
                call.method,
                call.path,
                delay,
                failure.__class__.__name__,
                budget.retries,
            )
            await self._sleep(delay)

    async def _after_rate_limit(
        self, call: Call, budget: RetryBudget, failure: RateLimitError
    ) -> None:
        asked = budget.policy.rate_limit_wait(failure)  # None: longer than max_pause
        if asked is None:
            logger.warning(
                "HTTP 429 on %s %s (group %s) asks to wait %.0f s, over max_pause "
                "(%.0f s): not retried",
                call.method,
                call.path,
                call.group,
                failure.retry_after,
                budget.policy.max_pause,
            )
        if asked is None or not budget.take_rate_limit_retry(failure):
            raise failure
        # A throttle that pauses groups did so when its slot saw the 429: the retry waits in
        # its next slot, and the log says how long. Otherwise the call sleeps here.
        pauses_group = self.throttle.pauses_groups
        wait = self.throttle.pause_remaining(failure.group or call.group) if pauses_group else asked
        logger.warning(
            "HTTP 429 on %s %s (group %s): pausing %.1f s", call.method, call.path, call.group, wait
        )
        if not pauses_group:
            await self._sleep(wait)

    def _auth_headers_for(self, token: str | None) -> Callable[[str], dict[str, str]]:
        def auth_for(target: str) -> dict[str, str]:
            if token is not None and may_carry_token(self.server_url, target):
                return {"Authorization": "Bearer " + token}
            return {}

        return auth_for
