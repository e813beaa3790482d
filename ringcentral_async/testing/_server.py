"""FakeRingCentral: the embedded platform emulator (aiohttp.web on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Self

from aiohttp import web

from . import (
    _routes_account,
    _routes_calllog,
    _routes_calls,
    _routes_media,
    _routes_numbers,
    _routes_oauth,
    _routes_settings,
    _routes_subscriptions,
    _routes_uploads,
    _spec_routes,
)
from ._faults import FaultsMixin, RequestLogMixin
from ._gateway import Gateway, GatewaySettings
from ._http import BASE_URL, ROUTES
from ._limits import GroupLimit
from ._loopback import bind_loopback, serve
from ._mutate import DataMixin
from ._pipeline import add_headers, middleware
from ._state import PLATFORM, Platform
from ._subscriptions import SubscriptionStore, expand_filter, new_notification
from ._webhooks import WebhookClient

__all__ = ["REFERENCE_DATE", "FakeRingCentral"]

_ROUTE_MODULES = (
    _routes_oauth,
    _routes_account,
    _routes_calllog,
    _routes_media,
    _routes_numbers,
    _routes_settings,
    _routes_calls,
    _routes_uploads,
    _routes_subscriptions,
)

#: The default end of the generated call log and the default "now" of the fake.
REFERENCE_DATE = datetime(2026, 3, 1, tzinfo=UTC)


class FakeRingCentral(DataMixin, FaultsMixin, RequestLogMixin):
    """An offline RingCentral platform, strict like the real one, for tests and demos.

    Use it as an async context manager (or ``start()``/``close()``); it listens on
    ``127.0.0.1`` and exposes ``url`` and the credentials to log in with.
    ``clock`` (seconds, monotonic) drives token expiry, windows and penalties; ``now`` is
    the wall-clock date the call log is relative to (default windows end at it).

    Pipeline per request: log it, apply a matching ``fail``/``reset`` fault (these pre-empt
    auth and limits and are not counted), authenticate (``Bearer`` exactly; Basic on the
    OAuth routes), count it in its usage-plan group (from the packaged spec table), apply a
    ``delay``, run the route, then ``truncate`` if asked. ``Retry-After`` is whole seconds
    (rounded up); ``X-Rate-Limit-Window`` is written as configured (``0.3`` for short windows).

    Routes: the stateful ones (directory, call log, numbers, settings, calls, media,
    subscriptions, OAuth) first; every other spec operation gets a generic route that
    checks the request against the spec and answers with a schema-valid sample.

    Usage-plan limits: ``limits`` maps a group (Light, Medium, Heavy, Auth) to
    ``(requests, window)`` or ``(requests, window, penalty)``; ``penalty`` is the default
    penalty interval. API requests are counted per (token owner, group). OAuth requests
    (token, revoke, authorize) come before the user is known, so the Auth group is counted
    per application: the ``client_id`` of the Basic header (or of the body for a public
    app), else the caller's address. A request whose access token is missing or dead gets
    its 401 without being counted and without X-Rate-Limit headers (no user to count it for).

    ``public_app=True`` models a non-confidential app: no client secret (``client_secret``
    is ``""``) and the token/revoke requests carry ``client_id`` in the body instead of a
    Basic header. A confidential app (the default) must use Basic client authentication.

    Events: a WebSocket gateway on its own port (``ws_url``) and webhook deliveries.
    ``ws_idle_timeout``, ``ws_absolute_timeout``, ``ws_recovery_timeout`` (seconds, real
    time) and ``ws_recovery_buffer`` are announced in ConnectionDetails and enforced;
    ``webhook_validation_timeout`` bounds the Validation-Token handshake (the platform's
    3 s). ``publish()`` sends an event to every matching subscription and
    ``drop_websockets()`` cuts the live sockets.
    ``max_sessions`` caps the parallel OAuth sessions of one user, as the platform does
    (usually 5): a login beyond it ends that user's oldest session, whose access and
    refresh tokens then get 401 / ``invalid_grant``. Several processes that each log in
    instead of sharing one token show up this way. ``None`` lifts the cap.
    """

    def __init__(
        self,
        *,
        extensions: int = 50,
        call_log_records: int = 500,
        phone_numbers: int | None = None,
        seed: int = 0,
        limits: Mapping[str, GroupLimit] | None = None,
        penalty: float = 60.0,
        throttling: bool = True,
        access_token_ttl: int = 3600,
        refresh_token_ttl: int = 604800,
        call_log_start: datetime | None = None,
        call_log_end: datetime | None = None,
        now: datetime | None = None,
        clock: Callable[[], float] | None = None,
        port: int = 0,
        public_app: bool = False,
        ws_idle_timeout: float = 1800.0,
        ws_absolute_timeout: float = 86400.0,
        ws_recovery_timeout: float = 180.0,
        ws_recovery_buffer: int = 100,
        webhook_validation_timeout: float = 3.0,
        max_sessions: int | None = 5,
    ) -> None:
        end = call_log_end or REFERENCE_DATE
        self.platform = Platform(
            seed=seed,
            extensions=extensions,
            call_log_records=call_log_records,
            phone_numbers=phone_numbers,
            call_log_start=call_log_start or end - timedelta(days=30),
            call_log_end=end,
            now=now or end,
            clock=clock or time.monotonic,
            limits=limits,
            penalty=penalty,
            throttling=throttling,
            access_token_ttl=access_token_ttl,
            refresh_token_ttl=refresh_token_ttl,
            public_app=public_app,
            max_sessions=max_sessions,
        )
        self.gateway = Gateway(
            GatewaySettings(
                idle_timeout=ws_idle_timeout,
                absolute_timeout=ws_absolute_timeout,
                recovery_timeout=ws_recovery_timeout,
                recovery_buffer=ws_recovery_buffer,
            ),
            SubscriptionStore(),
        )
        self.webhooks = WebhookClient(validation_timeout=webhook_validation_timeout)
        self._port = port
        self._runner: web.AppRunner | None = None
        self.url = ""

    # -- lifecycle -----------------------------------------------------------------------
    async def start(self) -> None:
        """Bind 127.0.0.1 and serve; sets ``url``."""
        if self._runner is not None:
            return
        sock = bind_loopback(self._port)
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        app = web.Application(middlewares=[middleware])
        app[PLATFORM] = self.platform
        app[BASE_URL] = self.url
        app[_routes_subscriptions.GATEWAY] = self.gateway
        app[_routes_subscriptions.WEBHOOKS] = self.webhooks
        # The stateful routes, then a generic one per other spec operation (_spec_routes).
        for method, path, handler in _spec_routes.routes(ROUTES):
            app.router.add_route(method, path, handler)
        app.on_response_prepare.append(add_headers)
        self._runner = await serve(app, sock)
        try:
            await self.gateway.start()
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        """Stop serving (idempotent); requests held by ``delay_next`` are cut, not awaited."""
        for delay in list(self.platform.delays):
            delay.cancel()
        await self.gateway.close()
        await self.webhooks.close()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # -- credentials ---------------------------------------------------------------------
    @property
    def client_id(self) -> str:
        """The app's client id (Basic auth user name)."""
        return self.platform.client_id

    @property
    def client_secret(self) -> str:
        """The app's client secret (``""`` for a ``public_app``)."""
        return self.platform.client_secret

    @property
    def jwt(self) -> str:
        """The JWT credential for the jwt-bearer grant (logs in as the main user)."""
        return self.platform.jwt

    @property
    def username(self) -> str:
        """The password-grant user name (the account's main number)."""
        return self.platform.username

    @property
    def password(self) -> str:
        """The password-grant password."""
        return self.platform.password

    @property
    def extension(self) -> str:
        """The main user's extension number (``101``)."""
        return "101"

    @property
    def account_id(self) -> int:
        """The account id (also the main user's extension id)."""
        return self.platform.directory.account_id

    @property
    def owner_id(self) -> int:
        """The extension id the JWT logs in as."""
        return self.platform.directory.owner_id

    @property
    def now(self) -> datetime:
        """The fake's "now" (call-log default ranges end here)."""
        return self.platform.now

    @now.setter
    def now(self, value: datetime) -> None:
        self.platform.now = value

    # -- OAuth helpers -------------------------------------------------------------------
    def authorization_code(
        self,
        redirect_uri: str,
        *,
        code_challenge: str | None = None,
        code_challenge_method: str = "S256",
        extension_id: int | None = None,
    ) -> str:
        """Mint a single-use authorization code (60 s), as if the user had approved."""
        owner = extension_id if extension_id is not None else self.owner_id
        return self.platform.auth.mint_code(
            owner, redirect_uri, code_challenge, code_challenge_method
        )

    @property
    def sessions_opened(self) -> int:
        """How many OAuth sessions were opened (logins; refreshes do not count)."""
        return self.platform.auth.sessions_opened

    @property
    def sessions_evicted(self) -> int:
        """How many sessions were ended because a login went over ``max_sessions``."""
        return self.platform.auth.sessions_evicted

    def expire_access_tokens(self) -> None:
        """Make every access token expired now (401 OAU-128); refresh tokens still work."""
        self.platform.auth.expire_access_tokens()

    def revoke_refresh_token(self, refresh_token: str) -> bool:
        """Kill one refresh token; False if it was not live."""
        return self.platform.auth.revoke_refresh_token(refresh_token)

    def in_penalty(self, group: str, owner: int | str | None = None) -> bool:
        """Whether (owner, group) is inside a 429 penalty (owner: the main user)."""
        return self.platform.limiter.in_penalty(str(owner or self.owner_id), group)

    # -- events --------------------------------------------------------------------------
    @property
    def ws_url(self) -> str:
        """The WebSocket gateway's URI (``ws://127.0.0.1:PORT/ws``), as wstoken answers."""
        return self.gateway.url

    async def publish(self, event_filter: str, body: Any) -> int:
        """Send an event to every matching subscription (socket or webhook); how many.

        ``~`` in ``event_filter`` is the main account and user. Each subscription gets its
        own notification (``uuid``, ``event``, ``timestamp``, ``subscriptionId``,
        ``ownerId``, ``body``). A socket between connections buffers it for recovery;
        webhook deliveries are made before this returns.
        """
        directory = self.platform.directory
        event = expand_filter(event_filter, directory.account_id, directory.owner_id)
        now = self.platform.clock()
        deliveries = []
        count = 0
        for record in self.gateway.store:
            if not record.matches(event):
                continue
            if record.transport == "WebHook":
                if record.expires < now:
                    continue
                deliveries.append(
                    self.webhooks.deliver(record, new_notification(event, record, body))
                )
                count += 1
            elif await self.gateway.deliver(record, new_notification(event, record, body)):
                count += 1
        if deliveries:
            await asyncio.gather(*deliveries)
        return count

    async def drop_websockets(self, *, recoverable: bool = True) -> int:
        """Cut every live WebSocket (no close frame); how many were cut.

        With ``recoverable=False`` the next recovery of those sessions answers ``Failed``
        and their subscriptions are gone (events published meanwhile are lost).
        """
        return await self.gateway.drop(recoverable=recoverable)
