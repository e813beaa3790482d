"""FakeRingCentral: the embedded platform emulator (aiohttp.web on 127.0.0.1)."""

from __future__ import annotations

import socket
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
    _routes_uploads,
)
from ._faults import Fault, RequestRecord
from ._http import BASE_URL, ROUTES
from ._limits import GroupLimit
from ._mutate import DataMixin
from ._pipeline import add_headers, middleware
from ._state import PLATFORM, Platform

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
)

#: The default end of the generated call log and the default "now" of the fake.
REFERENCE_DATE = datetime(2026, 3, 1, tzinfo=UTC)


class FakeRingCentral(DataMixin):
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
        self._port = port
        self._runner: web.AppRunner | None = None
        self.url = ""

    # -- lifecycle -----------------------------------------------------------------------
    async def start(self) -> None:
        """Bind 127.0.0.1 and serve; sets ``url``."""
        if self._runner is not None:
            return
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", self._port))
        except OSError:
            sock.close()
            raise
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        app = web.Application(middlewares=[middleware])
        app[PLATFORM] = self.platform
        app[BASE_URL] = self.url
        for method, path, handler in ROUTES:
            app.router.add_route(method, path, handler)
        app.on_response_prepare.append(add_headers)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        try:
            await web.SockSite(runner, sock).start()
        except BaseException:
            sock.close()
            await runner.cleanup()
            raise
        self._runner = runner

    async def close(self) -> None:
        """Stop serving (idempotent)."""
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

    # -- fault injection -----------------------------------------------------------------
    def fail_next(
        self,
        status: int,
        *,
        count: int = 1,
        method: str | None = None,
        path: str | None = None,
        group: str | None = None,
        retry_after: float | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """The next ``count`` matching requests answer ``status`` (standard error body)."""
        self.platform.faults.add(
            Fault(
                "fail", count, method, path, group, status, retry_after, body, dict(headers or {})
            )
        )

    def reset_next(
        self,
        *,
        count: int = 1,
        method: str | None = None,
        path: str | None = None,
        group: str | None = None,
    ) -> None:
        """The next ``count`` matching requests get their connection closed, no response."""
        self.platform.faults.add(Fault("reset", count, method, path, group))

    def lose_next(
        self,
        *,
        count: int = 1,
        method: str | None = None,
        path: str | None = None,
        group: str | None = None,
    ) -> None:
        """The next ``count`` matching requests are processed, then their connection is
        closed before the response: a refresh that rotated the pair, a POST that took
        effect, whose answer is lost (unlike :meth:`reset_next`, which drops the request
        unprocessed)."""
        self.platform.faults.add(Fault("lose", count, method, path, group))

    def delay_next(
        self,
        seconds: float,
        *,
        count: int = 1,
        method: str | None = None,
        path: str | None = None,
        group: str | None = None,
    ) -> None:
        """The next ``count`` matching requests are answered ``seconds`` late."""
        self.platform.faults.add(Fault("delay", count, method, path, group, seconds=seconds))

    def truncate_next(
        self,
        *,
        count: int = 1,
        method: str | None = None,
        path: str | None = None,
        group: str | None = None,
    ) -> None:
        """The next ``count`` matching JSON responses lose the second half of their body."""
        self.platform.faults.add(Fault("truncate", count, method, path, group))

    def clear_faults(self) -> None:
        """Drop every pending fault."""
        self.platform.faults.clear()

    # -- request log ---------------------------------------------------------------------
    @property
    def log(self) -> list[RequestRecord]:
        """Every request so far, in arrival order."""
        return self.platform.log

    def requests(
        self,
        *,
        method: str | None = None,
        path: str | None = None,
        group: str | None = None,
        status: int | None = None,
        owner: str | None = None,
        during_penalty: bool | None = None,
        fault: str | None = None,
        route: str | None = None,
    ) -> list[RequestRecord]:
        """Logged requests matching every given criterion (``path``: substring).

        ``route`` is a path template (``/restapi/v1.0/account/{accountId}/call-log``).
        """
        criteria = {
            "route": route,
            "method": method,
            "path": path,
            "group": group,
            "status": status,
            "owner": owner,
            "during_penalty": during_penalty,
            "fault": fault,
        }
        return [r for r in self.platform.log if r.matches(criteria)]

    def count(self, **criteria: Any) -> int:
        """How many logged requests match (same criteria as ``requests``)."""
        return len(self.requests(**criteria))

    def clear_log(self) -> None:
        """Forget the request log."""
        self.platform.log.clear()
