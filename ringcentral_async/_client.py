"""RingCentral: the client users hold (layer 6). It owns config, transport, auth and throttle."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar, overload

from ._auth import Authenticator, TokenRetry
from ._config import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    PRODUCTION_URL,
    REFRESH_MARGIN,
    validate_server_url,
)
from ._errors import ConfigurationError
from ._groups import find_operation
from ._namespaces import Namespaces
from ._paging import AsyncPaginator
from ._pipeline import NoThrottle, Pipeline, ThrottleLike
from ._targets import check_call_options
from ._throttle import Throttle
from ._token import Token, TokenStore, utcnow
from ._transport import Transport

if TYPE_CHECKING:
    import aiohttp

    from ._shared import SharedThrottle

__all__ = ["RingCentral"]


def _is_shared(throttle: object) -> bool:
    """A shared throttle (FileThrottle, RedisThrottle), without importing their module."""
    module = sys.modules.get("ringcentral_async._shared.limiter")
    return module is not None and isinstance(throttle, module.SharedThrottle)


T = TypeVar("T")


class RingCentral(Namespaces):
    """An asyncio client for the RingCentral REST API.

    Use it as ``async with RingCentral(client_id, client_secret) as rc:`` (or call
    ``await rc.aclose()``). One aiohttp session is created lazily inside the running loop,
    unless ``session=`` lends one (which is then never closed by the client).

    ``timeout`` bounds each attempt (seconds); ``max_retries`` is how often one call may be
    sent again: after a connection error, a timeout or a 502/503/504 (GET, PUT and DELETE
    only), and after a 429 once its pause is over. Both can be overridden per call.
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
        session: aiohttp.ClientSession | None = None,
        refresh_margin: float = REFRESH_MARGIN,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        if not client_id or not isinstance(client_id, str):
            raise ConfigurationError("client_id must be a non-empty string")
        check_call_options(timeout=timeout, max_retries=max_retries)
        self.client_id = client_id
        self.server_url = validate_server_url(server_url)
        self._transport = Transport(session)
        if throttle is True:
            self._throttle: Throttle | SharedThrottle | None = Throttle()
        elif throttle is False or throttle is None:
            self._throttle = None
        elif isinstance(throttle, Throttle) or _is_shared(throttle):
            self._throttle = throttle
        else:
            raise ConfigurationError(
                "throttle must be True, False, a Throttle(...) or a shared throttle "
                "(FileThrottle, RedisThrottle)"
            )
        limiter: ThrottleLike = self._throttle if self._throttle is not None else NoThrottle()
        self._pipeline = Pipeline(
            server_url=self.server_url,
            transport=self._transport,
            auth=None,
            throttle=limiter,
            throttled=self._throttle is not None,
            timeout=timeout,
            max_retries=max_retries,
        )
        self._auth = Authenticator(
            client_id,
            client_secret,
            send_token_request=self._send_token_request,
            store=token_store,
            refresh_margin=refresh_margin,
            clock=clock,
        )
        self._pipeline.auth = self._auth
        if self._throttle is not None and not isinstance(self._throttle, Throttle):
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
        if self._throttle is not None and not isinstance(self._throttle, Throttle):
            await self._throttle.aclose()  # its pending shared-state updates, its file

    @property
    def throttle(self) -> Throttle | SharedThrottle | NoThrottle:
        """The usage-plan limiter (``.stats()`` per group); a no-op one when disabled."""
        return self._throttle if self._throttle is not None else NoThrottle()

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
        grants = [
            name
            for name, given in (
                ("jwt", jwt is not None),
                ("username/password", username is not None or password is not None),
                ("code", code is not None),
            )
            if given
        ]
        if len(grants) > 1:
            raise ConfigurationError(f"pass exactly one grant, got {' and '.join(grants)}")
        stray = [
            name
            for name, value, grant in (
                ("extension", extension, "username/password"),
                ("redirect_uri", redirect_uri, "code"),
                ("code_verifier", code_verifier, "code"),
            )
            if value is not None and grant not in grants
        ]
        if stray:
            raise ConfigurationError(f"{', '.join(stray)} given without its grant")
        if jwt is not None:
            return await self._auth.login_jwt(jwt)
        if code is not None:
            if not redirect_uri:
                raise ConfigurationError("login(code=...) needs redirect_uri=")
            return await self._auth.login_code(code, redirect_uri, code_verifier)
        if grants:
            if not username or not password:
                raise ConfigurationError("login(username=...) needs both username= and password=")
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
    ) -> Any:
        """Any call: decoded JSON (None for 204 or an empty body)."""
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
    ) -> AsyncIterator[aiohttp.ClientResponse]:
        """A binary response, not read into memory (``resp.content`` is a StreamReader)."""
        async with self._pipeline.stream(
            method, path, params=params, headers=headers, group=group, timeout=timeout
        ) as resp:
            yield resp

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
        op = find_operation("GET", path)
        grp = self._pipeline.group_for("GET", path, group)
        return self._paginator(
            path,
            params,
            structure=model,
            per_page=per_page,
            max_items=max_items,
            prefetch=prefetch,
            group=grp,
            per_page_max=op.per_page_max if op is not None else None,
            per_page_allows_max=op.per_page_allows_max if op is not None else False,
            page_size_param="recordCount"
            if op is not None and op.paging_style == "navtoken"
            else "perPage",
        )

    def _paginator(
        self, path: str, params: Mapping[str, Any] | None, *, group: str, **kwargs: Any
    ) -> AsyncPaginator[Any]:
        async def fetch(target: str, query: Mapping[str, Any]) -> Any:
            return await self._pipeline.request_json("GET", target, params=query, group=group)

        return AsyncPaginator(fetch, path, params, allowed_hosts=(self.server_url,), **kwargs)
