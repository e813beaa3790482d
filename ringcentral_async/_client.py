"""RingCentral: the client users hold (layer 6). It owns config, transport, auth and throttle."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar, overload

from ._auth import Authenticator, Token, TokenRetry, TokenStore, utcnow
from ._auth.grants import check_login_arguments
from ._config import (
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    PRODUCTION_URL,
    REFRESH_MARGIN,
    check_call_options,
    validate_server_url,
)
from ._errors import ConfigurationError
from ._namespaces import Namespaces
from ._paging import AsyncPaginator
from ._paging.by_path import paginate_path
from ._pipeline import Pipeline
from ._throttle import Throttle
from ._throttle.choice import choose_throttle, is_shared
from ._throttle.protocols import NoThrottle
from ._transport import Transport

if TYPE_CHECKING:
    from ._events import OnGap, Subscription
    from ._shared import SharedThrottle
    from ._transport import ClientResponse, ClientSession

__all__ = ["RingCentral"]

T = TypeVar("T")


class RingCentral(Namespaces):
    """An asyncio client for the RingCentral REST API.

    Use it as ``async with RingCentral(client_id, client_secret) as rc:`` (or call
    ``await rc.aclose()``). One aiohttp session is created lazily inside the running loop,
    unless ``session=`` lends one (which is then never closed by the client).

    ``timeout`` bounds each attempt (seconds); ``max_retries`` is how often one call may be
    sent again: after a connection error, a timeout or a 502/503/504 (GET, PUT and DELETE
    only), and after a 429 once its pause is over. ``max_response_bytes`` caps a response
    body (ResponseTooLargeError past it; streams are not capped). All three can be
    overridden per call.

    ``clock`` (aware UTC datetimes, for token expiry) and ``sleep`` (the retry and back-off
    waits) are injectable, so tests never wait for real.
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str | None = None,
        *,
        server_url: str = PRODUCTION_URL,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        throttle: bool | Throttle | SharedThrottle = True,
        token_store: TokenStore | None = None,
        session: ClientSession | None = None,
        refresh_margin: float = REFRESH_MARGIN,
        clock: Callable[[], datetime] = utcnow,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        if not client_id or not isinstance(client_id, str):
            raise ConfigurationError("client_id must be a non-empty string")
        if max_response_bytes is None:  # per call None means "the client's": here, a mistake
            raise ConfigurationError("max_response_bytes must be a positive int, got None")
        check_call_options(
            timeout=timeout, max_retries=max_retries, max_response_bytes=max_response_bytes
        )
        self.client_id = client_id
        self.server_url = validate_server_url(server_url)
        self._transport = Transport(session)
        self._throttle = choose_throttle(throttle)
        self._auth = Authenticator(
            client_id,
            client_secret,
            send_token_request=self._send_token_request,  # uses self._pipeline, set below
            store=token_store,
            refresh_margin=refresh_margin,
            clock=clock,
        )
        self._pipeline = Pipeline(
            server_url=self.server_url,
            transport=self._transport,
            auth=self._auth,
            throttle=self._throttle,
            timeout=timeout,
            max_retries=max_retries,
            sleep=sleep,
            max_response_bytes=max_response_bytes,
        )
        if is_shared(self._throttle):
            # shared state is keyed by app and user (the token's owner)
            self._throttle.bind(client_id, self._owner_id)

    def _owner_id(self) -> str | None:
        token = self._auth.token
        return token.owner_id if token is not None else None

    def __repr__(self) -> str:
        return (
            f"RingCentral(client_id={self.client_id!r}, server_url={self.server_url!r}, "
            f"logged_in={self._auth.token is not None})"
        )

    # -- lifecycle -------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Cancel token work in flight and close the session (if it is ours)."""
        await self._auth.aclose()
        await self._transport.aclose()
        if is_shared(self._throttle):
            await self._throttle.aclose()  # its pending shared-state updates, its file

    @property
    def throttle(self) -> Throttle | SharedThrottle | NoThrottle:
        """The usage-plan limiter (``.stats()`` per group); a no-op one when disabled."""
        return self._throttle

    # -- authentication --------------------------------------------------------------

    async def _send_token_request(
        self, path: str, form: Mapping[str, str], headers: Mapping[str, str], retry: TokenRetry
    ) -> Any:
        return await self._pipeline.request_json(
            "POST",
            path,
            data=dict(form),
            headers=headers,
            group="Auth",
            authenticated=False,
            retry=retry,
        )

    @property
    def token(self) -> Token | None:
        """The current token (``expires_at`` and ``refresh_token_expires_at`` are aware)."""
        return self._auth.token

    async def login(
        self,
        jwt: str | None = None,
        *,
        username: str | None = None,
        password: str | None = None,
        extension: str | None = None,
        code: str | None = None,
        redirect_uri: str | None = None,
        code_verifier: str | None = None,
    ) -> Token:
        """Log in with a JWT, a legacy password, or an authorization code.

        Exactly one grant: ``jwt=``; ``username=`` + ``password=`` (+ ``extension=``);
        ``code=`` + ``redirect_uri=`` (+ ``code_verifier=``). With no argument at all, the
        token saved in the ``token_store`` is resumed.
        """
        check_login_arguments(
            jwt=jwt,
            username=username,
            password=password,
            extension=extension,
            code=code,
            redirect_uri=redirect_uri,
            code_verifier=code_verifier,
        )
        if jwt is not None:
            return await self._auth.login_jwt(jwt)
        if code is not None and redirect_uri:
            return await self._auth.login_code(code, redirect_uri, code_verifier)
        if username and password:
            return await self._auth.login_password(username, password, extension)
        await self._auth.ensure_loaded()
        if self._auth.token is not None:
            return self._auth.token
        raise ConfigurationError(
            "login() needs jwt=, or username= and password=, or code= and redirect_uri= "
            "(or a token_store holding a saved token)"
        )

    def authorize_url(
        self, redirect_uri: str, state: str | None = None, code_challenge: str | None = None
    ) -> str:
        """The authorization URL for the authorization-code flow (PKCE S256 if a challenge)."""
        return self._auth.authorize_url(
            self.server_url, redirect_uri, state=state, code_challenge=code_challenge
        )

    async def refresh(self) -> Token:
        """Refresh the token now (also done automatically before expiry)."""
        await self._auth.ensure_loaded()
        return await self._auth.refresh()

    async def logout(self) -> None:
        """Revoke the token (errors are logged, not raised) and clear the token store."""
        await self._auth.logout()

    # -- raw calls -------------------------------------------------------------------

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
        max_response_bytes: int | None = None,
    ) -> Any:
        """Any call: decoded JSON (None for 204 or an empty body).

        ``headers`` must be valid HTTP fields (ConfigurationError otherwise, nothing sent);
        a 3xx raises ApiError (redirects are never followed); a body over
        ``max_response_bytes`` (default: the client's) raises ResponseTooLargeError.
        """
        return await self._pipeline.request_json(
            method,
            path,
            params=params,
            json=json,
            data=data,
            headers=headers,
            group=group,
            timeout=timeout,
            max_retries=max_retries,
            max_response_bytes=max_response_bytes,
        )

    async def get(self, path: str, params: Mapping[str, Any] | None = None, **kwargs: Any) -> Any:
        """GET ``path``; decoded JSON."""
        return await self.request("GET", path, params=params, **kwargs)

    async def post(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        """POST ``path`` (never retried after a 5xx or a timeout); decoded JSON."""
        return await self.request("POST", path, json=json, **kwargs)

    async def put(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        """PUT ``path``; decoded JSON."""
        return await self.request("PUT", path, json=json, **kwargs)

    async def patch(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        """PATCH ``path`` (not retried after a 5xx or a timeout); decoded JSON."""
        return await self.request("PATCH", path, json=json, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> Any:
        """DELETE ``path``; decoded JSON or None."""
        return await self.request("DELETE", path, **kwargs)

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
        """A binary response, not read into memory (``resp.content`` is a StreamReader).

        Not capped by ``max_response_bytes``. A redirect is followed only to the configured
        host or ``*.ringcentral.com`` over https (or loopback); any other raises ApiError.
        """
        async with self._pipeline.stream(
            method, path, params=params, headers=headers, group=group, timeout=timeout
        ) as resp:
            yield resp

    def subscribe(
        self,
        event_filters: Sequence[str],
        *,
        on_gap: OnGap | None = None,
        max_queue: int = 10_000,
        reconnect_bands: Sequence[tuple[float, float]] | None = None,
        timeout: float | None = None,
    ) -> Subscription:
        """A WebSocket subscription: ``async with rc.subscribe([...]) as sub: async for e in sub``.

        ``event_filters`` are API paths (``~`` for the logged-in account or extension). A
        dropped connection is recovered; when events may be lost a ``Gap`` is added to
        ``sub.gaps`` and ``await on_gap(gap)`` runs (in the iterating task, in stream order)
        so you can resync by REST. ``max_queue`` bounds the events waiting for a slow
        consumer: beyond it the oldest are dropped and reported as an ``overflow`` gap.
        ``reconnect_bands`` are the (low, high) seconds of the jittered reconnect delays
        (default about 1 s, 2-6 s, 10-20 s, 20-40 s, 40-80 s, then 80-120 s); ``timeout``
        bounds each request and handshake (default: the client's timeout).
        """
        from ._events import DEFAULT_BANDS, Subscription

        return Subscription(
            self._pipeline,
            event_filters,
            on_gap=on_gap,
            max_queue=max_queue,
            reconnect_bands=DEFAULT_BANDS if reconnect_bands is None else reconnect_bands,
            timeout=timeout,
        )

    @overload
    def paginate(
        self,
        path: str,
        params: Mapping[str, Any] | None = ...,
        *,
        model: None = ...,
        per_page: int | str | None = ...,
        max_items: int | None = ...,
        prefetch: int = ...,
        group: str | None = ...,
    ) -> AsyncPaginator[dict[str, Any]]: ...

    @overload
    def paginate(
        self,
        path: str,
        params: Mapping[str, Any] | None = ...,
        *,
        model: Callable[[Any], T],
        per_page: int | str | None = ...,
        max_items: int | None = ...,
        prefetch: int = ...,
        group: str | None = ...,
    ) -> AsyncPaginator[T]: ...

    def paginate(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        model: Callable[[Any], Any] | None = None,
        per_page: int | str | None = None,
        max_items: int | None = None,
        prefetch: int = 0,
        group: str | None = None,
    ) -> AsyncPaginator[Any]:
        """An AsyncPaginator over any list path (items as dicts, or ``model(record)``)."""
        grp = self._pipeline.group_for("GET", path, group)

        async def fetch(target: str, query: Mapping[str, Any]) -> Any:
            return await self._pipeline.request_json("GET", target, params=query, group=grp)

        return paginate_path(
            fetch,
            path,
            params,
            structure=model,
            per_page=per_page,
            max_items=max_items,
            prefetch=prefetch,
            allowed_hosts=(self.server_url,),
        )
