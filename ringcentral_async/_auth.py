"""Grants, the token's lifecycle and single-flight refresh (layer 3).

The Authenticator builds token requests (form + Basic client header) and hands them to an
injected ``send_token_request`` coroutine, which the client routes through the Auth
usage-plan group, so this module never touches the network itself.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import warnings
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from ._config import REFRESH_MARGIN
from ._errors import AuthenticationError, ConfigurationError, OAuthError
from ._stack import caller_stacklevel
from ._token import MemoryTokenStore, Token, TokenStore, utcnow

__all__ = ["Authenticator", "SendTokenRequest"]

logger = logging.getLogger("ringcentral_async")

TOKEN_PATH = "/restapi/oauth/token"
REVOKE_PATH = "/restapi/oauth/revoke"
AUTHORIZE_PATH = "/restapi/oauth/authorize"
JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"

#: send_token_request(path, form, headers) -> decoded JSON body (raises OAuthError on failure)
SendTokenRequest = Callable[[str, Mapping[str, str], Mapping[str, str]], Awaitable[Any]]

_password_warned = False


class Authenticator:
    """Holds the token, logs in, refreshes once at a time, and revokes."""

    def __init__(
        self,
        client_id: str,
        client_secret: str | None,
        *,
        send_token_request: SendTokenRequest,
        store: TokenStore | None = None,
        refresh_margin: float = REFRESH_MARGIN,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._client_id = client_id
        self._client_secret = client_secret
        self._send = send_token_request
        self._store: TokenStore = store if store is not None else MemoryTokenStore()
        self._margin = refresh_margin
        self._clock = clock
        self._token: Token | None = None
        self._loaded = False
        self._jwt: str | None = None
        self._inflight: asyncio.Task[Token] | None = None
        self.token_requests = 0

    def __repr__(self) -> str:
        return f"Authenticator(client_id={self._client_id!r}, logged_in={self._token is not None})"

    @property
    def token(self) -> Token | None:
        """The current token, if any."""
        return self._token

    # -- client authentication -------------------------------------------------------

    def _client_auth(self, form: dict[str, str]) -> dict[str, str]:
        """Basic client header for confidential apps; client_id in the body otherwise."""
        if self._client_secret:
            raw = f"{self._client_id}:{self._client_secret}".encode()
            return {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}
        form["client_id"] = self._client_id
        return {}

    async def _grant(self, form: dict[str, str]) -> Token:
        headers = self._client_auth(form)
        self.token_requests += 1
        data = await self._send(TOKEN_PATH, form, headers)
        if not isinstance(data, Mapping):
            raise OAuthError(200, message="token response is not a JSON object")
        token = Token.from_response(data, now=self._clock())
        # Save the rotated pair before anyone uses it: the old refresh token is dead now.
        await self._store.save(token)
        self._token = token
        return token

    # -- grants ----------------------------------------------------------------------

    async def ensure_loaded(self) -> None:
        """Resume from the token store once."""
        if not self._loaded:
            self._loaded = True
            if self._token is None:
                self._token = await self._store.load()

    async def login_jwt(self, jwt: str, **extra: str) -> Token:
        """JWT bearer grant; the JWT is kept in memory to log in again if refresh fails."""
        if not jwt:
            raise ConfigurationError("jwt must be a non-empty string")
        self._jwt = jwt
        return await self._single_flight(
            lambda: self._grant({"grant_type": JWT_GRANT, "assertion": jwt, **extra})
        )

    async def login_password(
        self, username: str, password: str, extension: str | None = None, **extra: str
    ) -> Token:
        """Legacy password grant (the platform deprecates it; prefer JWT)."""
        global _password_warned
        if not _password_warned:
            _password_warned = True
            warnings.warn(
                "the password grant is deprecated by RingCentral; use login(jwt=...)",
                DeprecationWarning,
                stacklevel=caller_stacklevel(),
            )
        form = {"grant_type": "password", "username": username, "password": password, **extra}
        if extension:
            form["extension"] = extension
        return await self._single_flight(lambda: self._grant(form))

    async def login_code(
        self, code: str, redirect_uri: str, code_verifier: str | None = None, **extra: str
    ) -> Token:
        """Authorization-code grant (with PKCE when ``code_verifier`` is given)."""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            **extra,
        }
        if code_verifier:
            form["code_verifier"] = code_verifier
        return await self._single_flight(lambda: self._grant(form))

    def authorize_url(
        self,
        server_url: str,
        redirect_uri: str,
        *,
        state: str | None = None,
        code_challenge: str | None = None,
        code_challenge_method: str = "S256",
        **extra: str,
    ) -> str:
        """The URL to send a user to for the authorization-code flow."""
        query = {
            "response_type": "code",
            "client_id": self._client_id,
            "redirect_uri": redirect_uri,
        }
        if state is not None:
            query["state"] = state
        if code_challenge is not None:
            query["code_challenge"] = code_challenge
            query["code_challenge_method"] = code_challenge_method
        query.update(extra)
        return f"{server_url}{AUTHORIZE_PATH}?{urlencode(query)}"

    # -- refresh ---------------------------------------------------------------------

    async def refresh(self) -> Token:
        """Refresh now (single-flight: concurrent callers share one token request)."""
        return await self._single_flight(self._do_refresh)

    async def _do_refresh(self) -> Token:
        token = self._token
        now = self._clock()
        if token is not None and token.can_refresh(now):
            assert token.refresh_token is not None
            try:
                return await self._grant(
                    {"grant_type": "refresh_token", "refresh_token": token.refresh_token}
                )
            except OAuthError as exc:
                if self._jwt is None or exc.status >= 500 or exc.status == 429:
                    raise
                logger.debug("refresh refused (%s); logging in again with the JWT", exc.error)
        if self._jwt is not None:
            return await self._grant({"grant_type": JWT_GRANT, "assertion": self._jwt})
        raise AuthenticationError(
            401, message="the token cannot be refreshed; log in again", error_code="OAU-128"
        )

    async def _single_flight(self, factory: Callable[[], Awaitable[Token]]) -> Token:
        if self._inflight is None:
            task = asyncio.ensure_future(factory())
            self._inflight = task
            task.add_done_callback(self._clear_inflight)
        return await asyncio.shield(self._inflight)

    def _clear_inflight(self, task: asyncio.Task[Token]) -> None:
        if self._inflight is task:
            self._inflight = None
        if not task.cancelled():
            task.exception()  # mark as retrieved; waiters re-raise it themselves

    def _margin_for(self, token: Token) -> float:
        # Short-lived tokens (tests, custom TTLs) refresh at 3/4 of their life at the latest.
        return min(self._margin, token.lifetime / 4)

    async def access_token(self) -> str:
        """A valid access token, refreshing first if it expires within the margin.

        While a token request is in flight (or failing) every caller waits on it, so no
        API request goes out with a stale token.
        """
        await self.ensure_loaded()
        if self._inflight is not None:
            await asyncio.shield(self._inflight)
        token = self._token
        if token is None:
            raise ConfigurationError("not logged in: call login() first")
        if token.expires_within(self._margin_for(token), self._clock()):
            token = await self.refresh()
        return token.access_token

    async def after_unauthorized(self, used_access_token: str) -> bool:
        """After a 401: refresh unless someone already did. True if a replay makes sense."""
        token = self._token
        if token is None:
            return False
        if token.access_token != used_access_token:
            return True  # already rotated by another coroutine
        if not token.can_refresh(self._clock()) and self._jwt is None:
            return False
        await self.refresh()
        return True

    # -- logout ----------------------------------------------------------------------

    async def logout(self) -> None:
        """Revoke the session (errors are logged, not raised) and clear the store."""
        await self.ensure_loaded()
        token = self._token
        self._token = None
        self._jwt = None
        if token is not None:
            form = {"token": token.refresh_token or token.access_token}
            headers = self._client_auth(form)
            try:
                await self._send(REVOKE_PATH, form, headers)
            except Exception as exc:  # the platform says: ignore revoke errors
                logger.warning("token revoke failed: %s", exc.__class__.__name__)
        await self._store.save(None)

    async def aclose(self) -> None:
        """Cancel a token request still in flight."""
        task = self._inflight
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
