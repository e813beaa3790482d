"""The fake WebSocket gateway (docs/platform.md §11.1-11.4), on its own 127.0.0.1 port.

Strict where the platform is: a wstoken opens one connection and is then spent (a reused
or expired one is refused with HTTP 401 before the upgrade); the gateway sends
``ConnectionDetails`` first; every frame it sends carries ``wsc {token, sequence}`` (one
token per session, the sequence counting every frame of the session); one subscription per
connection (a second POST replaces the first); a connection without client traffic
(requests or heartbeats; protocol pings do not count) for ``idle_timeout`` gets ``WSG-902``
and is closed, any connection is closed with ``WSG-903`` after ``absolute_timeout``.

Recovery: a connection opened with ``&wsc=<token>`` within ``recovery_timeout`` of the
session's drop, by the same OAuth session, whose subscription still exists, is
``Successful``: the session's recovery buffer (its last ``recovery_buffer`` notifications,
delivered or not, oldest dropped first) is replayed with the original sequences, so a
client must deduplicate. Otherwise recovery is ``Failed`` (``WSG-1005`` no subscription,
``WSG-1003`` another OAuth session, ``WSG-1006`` too late or cut as unrecoverable), the old
session and its subscription are gone, and the client must subscribe again.

Times are the event loop's (real seconds): configure short timeouts for tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections import deque
from datetime import UTC, datetime
from typing import Any

import attrs
from aiohttp import web

from ._http import error_body, iso
from ._loopback import bind_loopback, serve
from ._subscriptions import SubscriptionRecord, SubscriptionStore
from ._ws_requests import WsSession, answer_request, frame

__all__ = ["Gateway", "GatewaySettings"]

logger = logging.getLogger("ringcentral_async.testing.gateway")


@attrs.frozen(kw_only=True)
class GatewaySettings:
    """Timeouts (seconds) and sizes the gateway announces in ConnectionDetails and enforces."""

    idle_timeout: float = 1800.0
    absolute_timeout: float = 86400.0
    recovery_timeout: float = 180.0
    recovery_buffer: int = 100
    wstoken_ttl: float = 30.0
    max_subscriptions: int = 30


@attrs.define
class _WsToken:
    owner_id: int
    account_id: int
    oauth_session: str
    expires: float


class Gateway:
    """wstokens, sessions, WebSocket subscriptions, and the socket server itself."""

    def __init__(self, settings: GatewaySettings, store: SubscriptionStore) -> None:
        self.settings = settings
        self.store = store
        self.url = ""
        self._tokens: dict[str, _WsToken] = {}
        self._sessions: dict[str, WsSession] = {}
        self._runner: web.AppRunner | None = None
        #: Every connection attempt: (recovery state or None, refused) for tests.
        self.connections: list[dict[str, Any]] = []
        #: Every wstoken minted (tests grep logs for them).
        self.minted: list[str] = []
        #: Refuse this many upcoming handshakes with HTTP 503 (a gateway in trouble).
        self.refuse_next = 0
        #: While True, live sockets stay open but the gateway neither reads nor answers.
        self.muted = False

    # -- lifecycle -----------------------------------------------------------------------
    async def start(self) -> None:
        """Serve on a free 127.0.0.1 port; ``url`` is ``ws://127.0.0.1:PORT/ws``."""
        sock = bind_loopback()
        self.url = f"ws://127.0.0.1:{sock.getsockname()[1]}/ws"
        app = web.Application()
        app.router.add_get("/ws", self._handle)
        self._runner = await serve(app, sock)

    async def close(self) -> None:
        """Close every socket and stop serving."""
        for session in list(self._sessions.values()):
            if session.ws is not None:
                with contextlib.suppress(Exception):
                    await session.ws.close()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    @staticmethod
    def _now() -> float:
        return asyncio.get_running_loop().time()

    # -- wstokens ------------------------------------------------------------------------
    def mint_token(self, owner_id: int, account_id: int, oauth_session: str) -> dict[str, Any]:
        """The ``POST /restapi/oauth/wstoken`` answer: a single-use token and the URI."""
        token = "wst-" + secrets.token_urlsafe(24)
        ttl = self.settings.wstoken_ttl
        self.minted.append(token)
        self._tokens[token] = _WsToken(owner_id, account_id, oauth_session, self._now() + ttl)
        return {"ws_access_token": token, "uri": self.url, "expires_in": int(ttl)}

    # -- connections ---------------------------------------------------------------------
    def live_count(self) -> int:
        """Connections open now."""
        return sum(1 for s in self._sessions.values() if s.ws is not None)

    async def drop(self, *, recoverable: bool = True) -> int:
        """Cut every live connection (no close frame); with ``recoverable=False`` the next
        recovery of those sessions answers Failed. Returns how many were cut."""
        cut = 0
        for session in list(self._sessions.values()):
            ws = session.ws
            if ws is None:
                continue
            session.recoverable = recoverable
            session.ws = None
            session.dropped_at = self._now()
            if session.transport is not None:
                session.transport.abort()
            cut += 1
        return cut

    async def send_raw(self, text: str) -> int:
        """Send ``text`` as a text frame on every live socket (malformed-frame tests)."""
        sent = 0
        for session in list(self._sessions.values()):
            if session.ws is not None:
                await session.ws.send_str(text)
                sent += 1
        return sent

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        token = request.query.get("access_token", "")
        grant = self._tokens.pop(token, None)
        if self.refuse_next > 0:
            self.refuse_next -= 1
            self.connections.append({"refused": True, "recovery": None})
            return web.json_response(error_body("WSG-503", "Service unavailable"), status=503)
        if grant is None or grant.expires < self._now():
            self.connections.append({"refused": True, "recovery": None})
            body = error_body("WSG-101", "WebSocket token is invalid, expired or already used")
            return web.json_response(body, status=401)
        ws = web.WebSocketResponse(max_msg_size=1024 * 1024, autoping=True)
        await ws.prepare(request)
        wsc = request.query.get("wsc")
        session, state, code = self._attach(grant, wsc)
        session.transport = request.transport
        self.connections.append({"refused": False, "recovery": state})
        details: dict[str, Any] = {
            "creationTime": iso(datetime.now(UTC)),
            "maxConnectionsPerSession": 50,
            "recoveryBufferSize": self.settings.recovery_buffer,
            "recoveryTimeout": self.settings.recovery_timeout,
            "idleTimeout": self.settings.idle_timeout,
            "absoluteTimeout": self.settings.absolute_timeout,
            "maxActiveRequests": 10,
        }
        if state is not None:
            details["recoveryState"] = state
        if code is not None:
            details["recoveryErrorCode"] = code
        try:
            await ws.send_str(frame(session.meta(type="ConnectionDetails"), details))
            if state == "Successful":
                for text in list(session.buffer):
                    await ws.send_str(text)
            await self._serve(session, ws)
        except (ConnectionError, RuntimeError):
            pass  # cut under us
        finally:
            if session.ws is ws:
                session.ws = None
                session.dropped_at = self._now()
            with contextlib.suppress(Exception):
                await ws.close()
        return ws

    def _attach(self, grant: _WsToken, wsc: str | None) -> tuple[WsSession, str | None, str | None]:
        """The session for a new connection, with the recovery state and error code."""
        state: str | None = None
        code: str | None = None
        if wsc is not None:
            old = self._sessions.get(wsc)
            state, code = "Failed", "WSG-1005"
            if old is None or old.subscription_id not in self.store.records:
                pass
            elif old.owner_id != grant.owner_id or old.oauth_session != grant.oauth_session:
                code = "WSG-1003"
            elif not old.recoverable or (
                old.dropped_at is not None
                and self._now() - old.dropped_at > self.settings.recovery_timeout
            ):
                code = "WSG-1006"
            else:
                if old.ws is not None and old.transport is not None:
                    old.transport.abort()  # the same session twice: the first is cut
                    old.ws = None
                old.dropped_at = None
                return old, "Successful", None
            if old is not None:
                self._forget(old)
        session = WsSession(
            token="wsc-" + secrets.token_urlsafe(18),
            owner_id=grant.owner_id,
            account_id=grant.account_id,
            oauth_session=grant.oauth_session,
            buffer=deque(maxlen=self.settings.recovery_buffer),
        )
        self._sessions[session.token] = session
        return session, state, code

    def _forget(self, session: WsSession) -> None:
        self._sessions.pop(session.token, None)
        if session.subscription_id is not None:
            self.store.records.pop(session.subscription_id, None)
            session.subscription_id = None

    async def _serve(self, session: WsSession, ws: web.WebSocketResponse) -> None:
        from aiohttp import WSMsgType

        session.ws = ws
        opened = last_traffic = self._now()
        settings = self.settings
        while session.ws is ws:
            now = self._now()
            idle_left = last_traffic + settings.idle_timeout - now
            absolute_left = opened + settings.absolute_timeout - now
            if absolute_left <= 0 or idle_left <= 0:
                code, text = (
                    ("WSG-903", "Absolute timeout")
                    if absolute_left <= 0
                    else ("WSG-902", "Idle timeout")
                )
                body = {"errorCode": code, "message": text}
                await ws.send_str(frame(session.meta(type="Error"), body))
                await ws.close()
                return
            try:
                msg = await ws.receive(timeout=min(idle_left, absolute_left))
            except TimeoutError:
                continue
            if msg.type is not WSMsgType.TEXT:
                return  # close, error, or a binary frame the gateway does not speak
            if self.muted:
                continue  # a hung gateway: reads, never answers
            last_traffic = self._now()
            await self._clientframe(session, ws, msg.data)

    async def _clientframe(self, session: WsSession, ws: web.WebSocketResponse, text: str) -> None:
        try:
            data = json.loads(text)
            meta = data[0]
            kind = meta["type"]
        except (ValueError, TypeError, KeyError, IndexError):
            body = {"errorCode": "WSG-400", "message": "Malformed frame"}
            await ws.send_str(frame(session.meta(type="Error"), body))
            return
        mid = meta.get("messageId")
        if kind == "Heartbeat":
            await ws.send_str(frame(session.meta(type="Heartbeat", messageId=mid)))
            return
        if kind != "ClientRequest":
            body = {"errorCode": "WSG-400", "message": f"Unexpected frame type {kind!r}"[:80]}
            await ws.send_str(frame(session.meta(type="Error", messageId=mid), body))
            return
        status, answer = answer_request(
            self.store,
            self.settings.max_subscriptions,
            session,
            str(meta.get("method", "")),
            str(meta.get("path", "")),
            data[1:2],
            self._now(),
        )
        headers = {"RCRequestId": secrets.token_hex(16)}
        if session.subscription_id is not None:
            headers["WSG-SubscriptionId"] = session.subscription_id
        reply = session.meta(type="ClientRequest", messageId=mid, status=status, headers=headers)
        await ws.send_str(frame(reply, answer))

    # -- delivery ------------------------------------------------------------------------
    async def deliver(self, record: SubscriptionRecord, notification: dict[str, Any]) -> bool:
        """Send (or buffer, while the session is between connections) one notification.

        False when the subscription is gone (its session can no longer be recovered).
        """
        session = self._sessions.get(record.ws_session or "")
        if session is None or session.subscription_id != record.id:
            return False
        if session.ws is None and (
            not session.recoverable
            or (
                session.dropped_at is not None
                and self._now() - session.dropped_at > self.settings.recovery_timeout
            )
        ):
            return True  # published while the session is lost: never delivered
        text = frame(session.meta(type="ServerNotification"), notification)
        session.buffer.append(text)
        if session.ws is not None and not self.muted:
            # A failed send is a drop the reader notices; the buffer keeps the event.
            with contextlib.suppress(ConnectionError, RuntimeError):
                await session.ws.send_str(text)
        return True
