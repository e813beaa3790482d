"""The strict platform emulator: an aiohttp.web app on 127.0.0.1 (tests only).

Written from ``shared/docs/platform.md`` only; it shares no code with
``ringcentral_async.testing``. Usage::

    async with PlatformEmulator(limits={"Heavy": (5, 1.0)}, penalty=1.0, jitter=0.03) as emu:
        rc = RingCentral(emu.client_id, emu.client_secret, server_url=emu.url)
        ...
        assert emu.count(status=429) == 0

Every request first waits a random inbound delay (``jitter``: uniform 0..jitter seconds,
seeded; ``auth_jitter`` for the OAuth endpoints), then *arrives*: its time is taken, it is
authenticated, counted in its (owner, group) sliding window and decided; the response then
waits a random outbound delay. ``clock`` (default ``time.monotonic``) gives arrival times:
a test that steps a manual clock checks windows, penalties and token expiry without
sleeping. The log (:attr:`PlatformEmulator.log`) holds every arrival in order.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Self

from _emu_data import OWNER_ID, Data, Route, error_body, json_response
from _emu_state import (
    DEFAULT_LIMITS,
    Arrival,
    Injection,
    OmitRule,
    RateLimiter,
    TokenBook,
    Verdict,
)
from aiohttp import web

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"

#: The ``make_emulator`` fixture's type: ``await make_emulator(**options)``.
MakeEmulator = Callable[..., Awaitable["PlatformEmulator"]]
_json = json_response


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}"


class PlatformEmulator:
    """A strict, configurable emulator of the platform's throttling and OAuth rules."""

    def __init__(
        self,
        *,
        limits: Mapping[str, tuple[int, float]] | None = None,
        penalty: float = 60.0,
        jitter: float = 0.0,
        auth_jitter: float | None = None,
        seed: int = 0,
        header_prefix: str = "X-Rate-Limit-",
        group_case: Callable[[str], str] = str,
        omit_rate_headers: OmitRule | None = None,
        counted_as: Mapping[str, str] | None = None,
        access_ttl: float = 3600.0,
        refresh_ttl: float = 604800.0,
        call_log_records: int = 60,
        extensions: int = 12,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client_id = "emu-client-id"
        self.client_secret = "emu-client-secret"
        self.jwt = "emu.jwt." + "x" * 24
        self.limits = {**DEFAULT_LIMITS, **(limits or {})}
        self.rates = RateLimiter(self.limits, penalty)
        self.tokens = TokenBook(access_ttl=access_ttl, refresh_ttl=refresh_ttl)
        self.jitter = jitter
        self.auth_jitter = jitter if auth_jitter is None else auth_jitter
        self._rng = random.Random(seed)
        self.header_prefix = header_prefix
        self.group_case = group_case
        self.omit_rate_headers = omit_rate_headers
        #: spec group -> the group the server really counts (and reports) those routes in
        self.counted_as = dict(counted_as or {})
        #: seconds, monotonic: arrival times, windows, penalties and token lifetimes
        self.clock = clock
        self.log: list[Arrival] = []
        self._group_seen: dict[str, int] = {}
        self.data = Data(call_log_records, extensions)
        self._routes = self.data.routes()
        self._runner: web.AppRunner | None = None
        self.url = ""

    # -- lifecycle -----------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self.url = self.data.base_url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- test controls -------------------------------------------------------------------

    def inject_429(
        self,
        group: str,
        *,
        retry_after: float | None = 1.0,
        penalty: float | None = None,
        rate_headers: bool = True,
        error_code: str = "CMN-301",
        count: int = 1,
    ) -> None:
        """The next ``count`` arrivals of ``group`` get a 429 and start a penalty of
        ``penalty`` seconds (default: ``retry_after``) that every later arrival restarts.
        ``retry_after=None`` sends no Retry-After; ``rate_headers=False`` models a
        non-user-level limit (no X-Rate-Limit-* headers)."""
        length = penalty if penalty is not None else (retry_after or 0.0)
        self.rates.inject(Injection(group, retry_after, length, rate_headers, error_code, count))

    def arrivals(
        self, *, group: str | None = None, status: int | None = None, path: str | None = None
    ) -> list[Arrival]:
        """The logged arrivals matching every given filter."""
        return [
            a
            for a in self.log
            if (group is None or a.group == group)
            and (status is None or a.status == status)
            and (path is None or a.path == path)
        ]

    def count(self, **filters: Any) -> int:
        return len(self.arrivals(**filters))

    # -- the request cycle ---------------------------------------------------------------

    async def _delay(self, jitter: float) -> None:
        if jitter > 0:
            await asyncio.sleep(self._rng.uniform(0.0, jitter))

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        jitter = self.auth_jitter if request.path.startswith("/restapi/oauth/") else self.jitter
        await self._delay(jitter)  # inbound network latency
        response = await self._arrive(request, self.clock())
        await self._delay(jitter)  # outbound network latency
        return response

    def _record(
        self,
        request: web.Request,
        now: float,
        *,
        group: str | None,
        owner: str | None,
        token_state: str,
        status: int,
        reason: str,
        grant: str | None = None,
    ) -> None:
        self.log.append(
            Arrival(
                seq=len(self.log),
                time=now,
                method=request.method,
                path=request.path,
                query=request.query_string,
                group=group,
                owner=owner,
                token_state=token_state,
                status=status,
                reason=reason,
                grant=grant,
            )
        )

    async def _arrive(self, request: web.Request, now: float) -> web.Response:
        path = request.path
        if path == "/restapi/oauth/token" and request.method == "POST":
            return await self._token(request, now)
        if path == "/restapi/oauth/revoke" and request.method == "POST":
            return await self._revoke(request, now)
        route, params = self._match(request.method, path)
        auth = request.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            state, owner = "none", None
        else:
            state, owner = self.tokens.check(auth[len("Bearer ") :], now)
        group = self.counted_as.get(route.group, route.group) if route is not None else None
        if state != "valid" or owner is None:
            self._record(
                request,
                now,
                group=group,
                owner=None,
                token_state=state,
                status=401,
                reason="unauthorized",
            )
            code = "OAU-128" if state == "expired" else "OAU-213"
            return _json(error_body(code, f"Access token {state}"), 401)
        if route is None:
            self._record(
                request,
                now,
                group=None,
                owner=owner,
                token_state=state,
                status=404,
                reason="not-found",
            )
            return _json(error_body("CMN-120", "Resource not found"), 404)
        assert group is not None
        verdict = self.rates.arrive(owner, group, now)
        if not verdict.allowed:
            return self._reject(request, now, group, owner, state, verdict)
        response = await route.handler(request, params)
        self._record(
            request,
            now,
            group=group,
            owner=owner,
            token_state=state,
            status=response.status,
            reason="ok",
        )
        self._rate_headers(response, group, verdict)
        return response

    def _match(self, method: str, path: str) -> tuple[Route | None, dict[str, str]]:
        for route in self._routes:
            m = route.pattern.fullmatch(path)
            if m is not None and route.method == method:
                return route, {k: v for k, v in m.groupdict().items() if v is not None}
        return None, {}

    def _rate_headers(self, response: web.Response, group: str, verdict: Verdict) -> None:
        n = self._group_seen[group] = self._group_seen.get(group, 0) + 1
        if not verdict.rate_headers:
            return
        if self.omit_rate_headers is not None and self.omit_rate_headers(group, n):
            return
        p = self.header_prefix
        response.headers[p + "Group"] = self.group_case(group)
        response.headers[p + "Limit"] = str(verdict.limit)
        response.headers[p + "Remaining"] = str(verdict.remaining)
        response.headers[p + "Window"] = _seconds(verdict.window)

    def _reject(
        self,
        request: web.Request,
        now: float,
        group: str,
        owner: str,
        state: str,
        verdict: Verdict,
        grant: str | None = None,
    ) -> web.Response:
        self._record(
            request,
            now,
            group=group,
            owner=owner,
            token_state=state,
            status=429,
            reason=verdict.reason,
            grant=grant,
        )
        response = _json(error_body(verdict.error_code, "Request rate exceeded"), 429)
        if verdict.retry_after is not None:
            response.headers["Retry-After"] = _seconds(verdict.retry_after)
        self._rate_headers(response, group, verdict)
        return response

    # -- OAuth (§4) ----------------------------------------------------------------------

    def _client_ok(self, request: web.Request) -> bool:
        auth = request.headers.get("Authorization", "")
        if not auth.startswith("Basic "):
            return False
        try:
            raw = base64.b64decode(auth[len("Basic ") :], validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return False
        return raw == f"{self.client_id}:{self.client_secret}"

    async def _token(self, request: web.Request, now: float) -> web.Response:
        form = await request.post()
        grant = str(form.get("grant_type", ""))
        if not self._client_ok(request):
            self._record(
                request,
                now,
                group="Auth",
                owner=None,
                token_state="bad-client",
                status=401,
                reason="unauthorized",
                grant=grant,
            )
            return _json({"error": "invalid_client", **error_body("OAU-123", "Client auth")}, 401)
        verdict = self.rates.arrive(self.client_id, "Auth", now)
        if not verdict.allowed:
            return self._reject(request, now, "Auth", self.client_id, "basic", verdict, grant)
        session = None
        if grant == JWT_GRANT and form.get("assertion") == self.jwt:
            session = self.tokens.issue(OWNER_ID, now)
        elif grant == "refresh_token":
            session = self.tokens.rotate(str(form.get("refresh_token", "")), now)
        ok = session is not None
        self._record(
            request,
            now,
            group="Auth",
            owner=self.client_id,
            token_state="basic",
            status=200 if ok else 400,
            reason="ok" if ok else "bad-grant",
            grant=grant,
        )
        if session is None:
            body = {"error": "invalid_grant", **error_body("OAU-211", "Token is invalid")}
            response = _json(body, 400)
        else:
            response = _json(
                {
                    "access_token": session.access_token,
                    "token_type": "bearer",
                    "expires_in": self.tokens.access_ttl,
                    "refresh_token": session.refresh_token,
                    "refresh_token_expires_in": self.tokens.refresh_ttl,
                    "scope": "ReadAccounts ReadCallLog",
                    "owner_id": session.owner,
                    "endpoint_id": "emu-endpoint",
                    "session_id": "emu-session-" + str(self.tokens.issued),
                }
            )
        self._rate_headers(response, "Auth", verdict)
        return response

    async def _revoke(self, request: web.Request, now: float) -> web.Response:
        form = await request.post()
        ok = self._client_ok(request)
        if ok:
            self.tokens.revoke(str(form.get("token", "")))
        self._record(
            request,
            now,
            group="Auth",
            owner=self.client_id if ok else None,
            token_state="basic" if ok else "bad-client",
            status=200 if ok else 401,
            reason="ok" if ok else "unauthorized",
        )
        return web.Response(status=200 if ok else 401)
