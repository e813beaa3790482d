"""Grants, the token's lifecycle and single-flight refresh (layer 3).

The Authenticator builds token requests (form + Basic client header) and hands them to an
injected ``send_token_request`` coroutine, which the client routes through the Auth
usage-plan group, so this module never touches the network itself.

A refresh rotates the pair and the platform kills the old access token at once, so a
refresh first waits (briefly) for the API requests still in flight with the old token
(:mod:`.leases`); at most one token request is in flight at a time (:mod:`.flight`).

Refresh tokens are single-use: once a refresh request may have reached the platform (it
answered with anything but a 429, or the connection broke after the request left), the old
refresh token is treated as spent and never sent again. The client then logs in again with
its JWT when it has one, or asks the caller to log in. One exception without a JWT: a 5xx or
408 answer (the platform says to retry the token request after those) keeps the pair, so a
code-flow session is not lost to a passing server fault.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import warnings
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

from .._config import REFRESH_MARGIN
from .._errors import ApiError, AuthenticationError, ConfigurationError, DecodeError, TransportError
from .._warnings import caller_stacklevel
from .flight import SingleFlight
from .forms import FormSender
from .grants import (
    JWT_GRANT,
    REVOKE_PATH,
    TOKEN_PATH,
    SendTokenRequest,
    TokenRetry,
    authorize_url,
    describe,
    refresh_answered_unprocessed,
    refresh_token_survives,
)
from .leases import Leases
from .token import (
    LockingTokenStore,
    MemoryTokenStore,
    Token,
    TokenStore,
    TokenStoreConflict,
    utcnow,
)

__all__ = ["Authenticator", "SendTokenRequest", "TokenRetry"]

logger = logging.getLogger("ringcentral_async")


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
        self._forms = FormSender(client_id, client_secret, send_token_request)
        self._store: TokenStore = store if store is not None else MemoryTokenStore()
        self._margin = refresh_margin
        self._clock = clock
        self._token: Token | None = None
        self._loaded = False
        self._load_lock = asyncio.Lock()
        self._jwt: str | None = None
        self._flight = SingleFlight()
        self._lease_book = Leases()
        self.token_requests = 0

    def __repr__(self) -> str:
        return f"Authenticator(client_id={self._client_id!r}, logged_in={self._token is not None})"

    @property
    def token(self) -> Token | None:
        """The current token, if any."""
        return self._token

    # -- client authentication -------------------------------------------------------

    def known_secrets(self) -> list[str]:
        """Every secret this client holds now (client secret and its Basic credentials, the
        JWT, the current access and refresh tokens): what an error body must never echo."""
        token = self._token
        pair = (token.access_token, token.refresh_token or "") if token is not None else ()
        forms = self._forms
        return [s for s in (*forms.client_secrets(), self._jwt, *forms.in_flight(), *pair) if s]

    async def post_form(self, path: str, form: dict[str, str], retry: TokenRetry) -> Any:
        """POST a form to an OAuth endpoint with this client's authentication (no bearer)."""
        return await self._forms.post(path, form, retry, self.known_secrets)

    async def _grant(self, form: dict[str, str], retry: TokenRetry = "transient") -> Token:
        self.token_requests += 1
        data = await self.post_form(TOKEN_PATH, form, retry)
        if not isinstance(data, Mapping):
            raise DecodeError("token response is not a JSON object", status=200)
        token = Token.from_response(data, now=self._clock())
        try:
            # Save the rotated pair before anyone uses it: the old refresh token is dead now.
            await self._store.save(token)
        except TokenStoreConflict:
            # A writer of another process saved a newer pair while we stalled: use that.
            latest = await self._store.load()
            if latest is not None:
                token = latest
        finally:
            # Even if the store failed, the previous pair must never be used again.
            self._token = token
        return token

    # -- grants ----------------------------------------------------------------------

    async def ensure_loaded(self) -> None:
        """Resume from the token store once (concurrent callers wait for the one load)."""
        if self._loaded:
            return
        async with self._load_lock:
            if self._loaded:
                return
            if self._token is None:
                stored = await self._store.load()
                if self._token is None:
                    self._token = stored
            self._loaded = True

    @property
    def _shared(self) -> LockingTokenStore | None:
        store = self._store
        return store if isinstance(store, LockingTokenStore) else None

    def _usable(self, token: Token | None) -> bool:
        return token is not None and not token.expires_within(
            self._margin_for(token), self._clock()
        )

    def _adopting(
        self, factory: Callable[[], Awaitable[Token]], *, jwt: str | None, adopt: bool = True
    ) -> Callable[[], Awaitable[Token]]:
        """With a store shared by several processes: take its lock, and adopt a usable
        token another process saved instead of logging in again (one session for all)."""
        shared = self._shared
        if shared is None:
            return factory

        async def grant() -> Token:
            async with shared.refresh_lock():
                latest = await shared.load()
                held = self._token.access_token if self._token is not None else None
                # adopt a pair another process saved, never the one we hold (a login while
                # holding a token means that one is not wanted any more)
                if (
                    adopt
                    and latest is not None
                    and latest.access_token != held
                    and self._usable(latest)
                ):
                    self._token = latest
                    self._loaded = True
                    self._jwt = jwt
                    return latest
                return await factory()

        return grant

    async def login_jwt(self, jwt: str, **extra: str) -> Token:
        """JWT bearer grant; the JWT is kept in memory to log in again if refresh fails."""
        if not jwt or not isinstance(jwt, str):
            raise ConfigurationError("jwt must be a non-empty string")

        async def grant() -> Token:
            token = await self._grant({"grant_type": JWT_GRANT, "assertion": jwt, **extra})
            self._jwt = jwt
            return token

        return await self._login(self._adopting(grant, jwt=jwt))

    async def login_password(
        self, username: str, password: str, extension: str | None = None, **extra: str
    ) -> Token:
        """Legacy password grant (the platform deprecates it; prefer JWT).

        Warns with a DeprecationWarning pointing at the caller's line, so Python's warning
        filters show it once per calling location.
        """
        if not username or not password:
            raise ConfigurationError("username and password must be non-empty strings")
        warnings.warn(
            "the password grant is deprecated by RingCentral; use login(jwt=...)",
            DeprecationWarning,
            stacklevel=caller_stacklevel(),
        )
        form = {"grant_type": "password", "username": username, "password": password, **extra}
        if extension:
            form["extension"] = extension
        return await self._login(self._adopting(self._grant_without_jwt(form), jwt=None))

    async def login_code(
        self, code: str, redirect_uri: str, code_verifier: str | None = None, **extra: str
    ) -> Token:
        """Authorization-code grant (with PKCE when ``code_verifier`` is given)."""
        if not code or not redirect_uri:
            raise ConfigurationError("code and redirect_uri must be non-empty strings")
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            **extra,
        }
        if code_verifier:
            form["code_verifier"] = code_verifier
        # a code names one user's consent: never swap it for a stored session
        grant = self._adopting(self._grant_without_jwt(form), jwt=None, adopt=False)
        return await self._login(grant)

    def _grant_without_jwt(self, form: dict[str, str]) -> Callable[[], Awaitable[Token]]:
        async def grant() -> Token:
            token = await self._grant(form)
            self._jwt = None  # another identity now: never fall back to an older JWT
            return token

        return grant

    async def _login(self, factory: Callable[[], Awaitable[Token]]) -> Token:
        """Run a login as the next token flight (never merged into a refresh in flight)."""
        await self._flight.wait(suppress=True)
        return await self._flight.run(factory)

    def authorize_url(self, server_url: str, redirect_uri: str, **options: Any) -> str:
        """The URL to send a user to for the authorization-code flow."""
        return authorize_url(server_url, self._client_id, redirect_uri, **options)

    # -- refresh ---------------------------------------------------------------------

    async def refresh(self) -> Token:
        """Refresh now (single-flight: concurrent callers share one token request)."""
        return await self._flight.run(self._do_refresh)

    async def _do_refresh(self) -> Token:
        shared = self._shared
        if shared is None:
            return await self._refresh_pair(self._token)
        # The pair this refresh is meant to replace: another coroutine may adopt a newer
        # one while we wait for the lock, and that one must not be refreshed again.
        stale = self._token
        # One refresher across all processes: never refresh without the lock.
        async with shared.refresh_lock():
            latest = await shared.load()
            if (
                latest is not None
                and self._usable(latest)
                and (stale is None or latest.access_token != stale.access_token)
            ):
                self._token = latest  # another process refreshed already: adopt its pair
                return latest
            if latest is not None:
                self._token = latest  # the newest pair is the one to refresh
            return await self._refresh_pair(self._token)

    async def _refresh_pair(self, token: Token | None) -> Token:
        if token is not None and token.can_refresh(self._clock()):
            assert token.refresh_token is not None
            await self._lease_book.drain(token.expires_at, self._clock)
            try:
                return await self._grant(
                    {"grant_type": "refresh_token", "refresh_token": token.refresh_token},
                    retry="unsent",
                )
            except (ApiError, TransportError) as exc:
                if refresh_token_survives(exc):
                    raise
                if self._jwt is None and refresh_answered_unprocessed(exc):
                    raise  # nothing to log in with: keep the pair, the next refresh retries
                await self._forget_refresh_token(token)
                if self._jwt is None:
                    raise
                logger.info("refresh failed (%s); logging in again with the JWT", describe(exc))
        if self._jwt is not None:
            return await self._grant({"grant_type": JWT_GRANT, "assertion": self._jwt})
        raise AuthenticationError(
            401, message="the token cannot be refreshed; log in again", error_code="OAU-128"
        )

    async def _forget_refresh_token(self, token: Token) -> None:
        """The refresh token may have been spent: drop it (also from the store)."""
        if self._token is not token:
            return
        spent = dataclasses.replace(token, refresh_token=None, refresh_token_expires_at=None)
        self._token = spent
        try:
            await self._store.save(spent)
        except Exception as exc:
            logger.warning("token store save failed: %s", exc.__class__.__name__)

    def _margin_for(self, token: Token) -> float:
        # Short-lived tokens (tests, custom TTLs) refresh at 3/4 of their life at the latest.
        return min(self._margin, token.lifetime / 4)

    async def access_token(self) -> str:
        """A valid access token, refreshing first if it expires within the margin.

        While a token request is in flight every caller waits on it; if it fails, every
        waiter gets its error, so no API request goes out with a stale token and the
        waiters do not each fire a token request of their own.
        """
        await self.ensure_loaded()
        await self._flight.wait(suppress=False)
        token = self._token
        if token is None:
            raise ConfigurationError("not logged in: call login() first")
        if token.expires_within(self._margin_for(token), self._clock()):
            token = await self.refresh()
        return token.access_token

    async def acquire(self) -> str:
        """Like access_token(), and hold a lease on it until :meth:`release`.

        A refresh waits for the leases on the old token (see the module docstring).
        """
        token = await self.access_token()
        self._lease_book.take()
        return token

    def release(self) -> None:
        """End a lease taken by :meth:`acquire` (once the response has arrived)."""
        self._lease_book.give_back()

    async def after_unauthorized(self, used_access_token: str) -> bool:
        """After a 401: refresh unless someone already did. True if a replay makes sense."""
        shared = self._shared
        if shared is not None and self._flight.task is None:
            # Another process may have refreshed (which killed our access token): look first.
            latest = await shared.load()
            if latest is not None and latest.access_token != used_access_token:
                self._token = latest
                return True
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
        """Clear the store and revoke the session (revoke errors are logged, not raised)."""
        await self.ensure_loaded()
        # A token request in flight could otherwise bring the session back after we cleared it.
        await self._flight.wait(suppress=True)
        token = self._token
        self._token = None
        self._jwt = None
        try:
            await self._store.save(None)
        finally:
            if token is not None:
                await self._revoke(token)

    async def _revoke(self, token: Token) -> None:
        form = {"token": token.refresh_token or token.access_token}
        try:
            await self.post_form(REVOKE_PATH, form, "never")
        except Exception as exc:  # the platform says: ignore revoke errors, do not retry
            logger.warning("token revoke failed: %s", describe(exc))

    async def aclose(self) -> None:
        """Cancel a token request still in flight."""
        await self._flight.cancel()
