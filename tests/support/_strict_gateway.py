"""A strict, independent WebSocket gateway emulator (platform §11, OAuth from §4).

Written from the platform's documented behaviour only; it shares no code with
``ringcentral_async.testing``. It records a violation whenever the client sends anything
before ``ConnectionDetails``, sends a frame of the wrong shape, reuses a wstoken, recovers
with a ``wsc`` token that is not the one of the highest sequence sent on any frame, or
creates the subscription again after a ``Successful`` recovery. Every frame it sends carries
a fresh ``wsc`` token. ``async with start_gateway() as gw`` serves the token, wstoken and
gateway endpoints on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import base64
import json
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

CLIENT_ID = "conf-client"
CLIENT_SECRET = "conf-secret-Q"
JWT = "eyJ.conformance-JWT.sig"
MESSAGES = "/restapi/v1.0/account/~/extension/~/message-store"
PRESENCE = "/restapi/v1.0/account/~/extension/~/presence"
SUB_PATH = "/restapi/v1.0/subscription/"
FAST = [(0.01, 0.02)]


@dataclass
class Conn:
    """One gateway socket as the emulator sees it."""

    ws: web.WebSocketResponse
    query: dict[str, str]
    recovered: str | None = None  # "Successful" / "Failed" / None (no wsc)
    details_sent: bool = False
    received: list[list[Any]] = field(default_factory=list)
    message_ids: set[str] = field(default_factory=set)


@dataclass
class Gateway:
    """State of the emulator: tokens, the session, every connection, every violation."""

    url: str = ""
    access: set[str] = field(default_factory=set)
    minted: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    violations: list[str] = field(default_factory=list)
    conns: list[Conn] = field(default_factory=list)
    #: ConnectionDetails body fields (overrides of the documented values).
    details: dict[str, Any] = field(default_factory=dict)
    details_delay: float = 0.05
    #: The outcome of the next recovery attempt.
    recovery: str = "Successful"
    #: Answers forced on the next POST: (status, body).
    post_answers: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    refuse_next: int = 0
    send_details_body: bool = True
    # The session: sequence counter, highest (sequence, token) sent, the subscription.
    seq: int = 0
    highest: tuple[int, str] | None = None
    sub_id: str | None = None
    sub_filters: list[str] = field(default_factory=list)
    created: int = 0

    def violation(self, text: str) -> None:
        self.violations.append(text)

    def wsc(self, sequence: int | None = None) -> dict[str, Any]:
        """A wsc for the next frame (a fresh token per frame, as a strict test)."""
        if sequence is None:
            self.seq += 1
            sequence = self.seq
        token = f"WSC-{sequence}-{secrets.token_hex(4)}"
        if self.highest is None or sequence > self.highest[0]:
            self.highest = (sequence, token)
        return {"token": token, "sequence": sequence}

    async def send(
        self, conn: Conn, meta: dict[str, Any], body: Any = None, *, sequence: int | None = None
    ) -> None:
        meta = {**meta, "wsc": self.wsc(sequence)}
        await conn.ws.send_str(json.dumps([meta] if body is None else [meta, body]))

    async def publish(self, body: dict[str, Any], *, conn: Conn | None = None) -> str:
        """A notification to the live connection (a violation if nothing is subscribed)."""
        conn = conn or self.conns[-1]
        if self.sub_id is None:
            self.violation("publish without an active subscription")
        uuid = secrets.token_hex(8)
        note = {
            "uuid": uuid,
            "event": MESSAGES.replace("~", "101"),
            "timestamp": "2026-01-01T00:00:00.000Z",
            "subscriptionId": self.sub_id,
            "ownerId": "101",
            "body": body,
        }
        headers = {"WSG-SubscriptionId": self.sub_id or ""}
        await self.send(conn, {"type": "ServerNotification", "headers": headers}, note)
        return uuid

    def reset_session(self) -> None:
        self.seq, self.highest, self.sub_id = 0, None, None


GW: web.AppKey[Gateway] = web.AppKey("gateway", Gateway)


def _oauth_error(status: int, error: str) -> web.Response:
    return web.json_response({"error": error, "error_description": error}, status=status)


async def token(request: web.Request) -> web.Response:
    gw = request.app[GW]
    form = {k: str(v) for k, v in (await request.post()).items()}
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    if request.headers.get("Authorization") != f"Basic {basic}":
        return _oauth_error(401, "invalid_client")
    if (
        form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer"
        or form.get("assertion") != JWT
    ):
        return _oauth_error(400, "invalid_grant")
    access = "AT-" + secrets.token_hex(8)
    gw.access.add(access)
    return web.json_response(
        {
            "access_token": access,
            "refresh_token": "RT-" + secrets.token_hex(8),
            "token_type": "bearer",
            "expires_in": 3600,
            "refresh_token_expires_in": 604800,
            "scope": "WebSocket SubscriptionWebSocket",
            "owner_id": "101",
            "session_id": "s-1",
        }
    )


async def wstoken(request: web.Request) -> web.Response:
    gw = request.app[GW]
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme != "Bearer" or value not in gw.access:
        return web.json_response({"errors": [{"errorCode": "OAU-128"}]}, status=401)
    if await request.read():
        gw.violation("wstoken request with a body")
    ws_token = "WST-" + secrets.token_hex(12)
    gw.minted.append(ws_token)
    return web.json_response(
        {"ws_access_token": ws_token, "expires_in": 30, "uri": gw.url.replace("http", "ws") + "/ws"}
    )


def _check_client_frame(gw: Gateway, conn: Conn, text: str) -> tuple[dict[str, Any], Any]:
    """Decode and check one client frame; violations for any deviation."""
    try:
        data = json.loads(text)
    except ValueError:
        gw.violation(f"client frame not JSON: {text[:80]}")
        return {}, None
    if not isinstance(data, list) or len(data) not in (1, 2) or not isinstance(data[0], dict):
        gw.violation(f"client frame not [meta, body]: {text[:80]}")
        return {}, None
    meta, body = data[0], (data[1] if len(data) == 2 else None)
    conn.received.append(data)
    mid = meta.get("messageId")
    if not isinstance(mid, str) or not mid:
        gw.violation(f"client frame without messageId: {text[:80]}")
    elif mid in conn.message_ids:
        gw.violation(f"messageId reused: {mid}")
    else:
        conn.message_ids.add(mid)
    kind = meta.get("type")
    if kind == "Heartbeat":
        if set(meta) != {"type", "messageId"} or len(data) != 1:
            gw.violation(f"bad Heartbeat shape: {text[:120]}")
    elif kind == "ClientRequest":
        if not {"type", "messageId", "method", "path"} <= set(meta) or not set(meta) <= {
            "type",
            "messageId",
            "method",
            "path",
            "query",
            "headers",
        }:
            gw.violation(f"bad ClientRequest meta: {text[:120]}")
    else:
        gw.violation(f"client sent a frame of type {kind!r}")
    return meta, body


def _check_subscription_body(gw: Gateway, body: Any) -> list[str]:
    ok = (
        isinstance(body, dict)
        and set(body) == {"eventFilters", "deliveryMode"}
        and body["deliveryMode"] == {"transportType": "WebSocket"}
        and isinstance(body["eventFilters"], list)
        and body["eventFilters"]
        and all(isinstance(f, str) for f in body["eventFilters"])
    )
    if not ok:
        gw.violation(f"bad subscription body: {str(body)[:120]}")
        return []
    return list(body["eventFilters"])


async def _answer(gw: Gateway, conn: Conn, meta: dict[str, Any], body: Any) -> None:
    method, path = meta.get("method"), meta.get("path")
    reply_meta: dict[str, Any] = {"type": "ClientRequest", "messageId": meta.get("messageId")}
    status, answer = 200, None
    if method == "POST":
        if path != SUB_PATH:
            gw.violation(f"POST to {path!r}")
        if conn.recovered == "Successful":
            gw.violation("subscription created again after a Successful recovery")
        filters = _check_subscription_body(gw, body)
        if gw.post_answers:
            status, answer = gw.post_answers.pop(0)
        if status == 200:
            gw.created += 1
            gw.sub_id, gw.sub_filters = f"sub-{gw.created}", filters
            answer = {
                "id": gw.sub_id,
                "eventFilters": filters,
                "deliveryMode": {"transportType": "WebSocket"},
                "status": "Active",
                "expiresIn": 86400,
                **(answer or {}),
            }
    elif method in ("PUT", "DELETE"):
        if gw.sub_id is None or path != SUB_PATH + gw.sub_id:
            gw.violation(f"{method} {path!r} with subscription {gw.sub_id!r}")
        if method == "PUT":
            gw.sub_filters = _check_subscription_body(gw, body)
            answer = {"id": gw.sub_id, "eventFilters": gw.sub_filters, "status": "Active"}
        else:
            if body is not None:
                gw.violation("DELETE with a body")
            gw.sub_id, status = None, 200
    else:
        gw.violation(f"ClientRequest method {method!r}")
        status, answer = 400, {"errorCode": "CMN-101", "message": "bad method"}
    reply_meta["status"] = status
    reply_meta["headers"] = {"RCRequestId": secrets.token_hex(4)}
    await gw.send(conn, reply_meta, answer)


async def gateway_ws(request: web.Request) -> web.StreamResponse:
    gw = request.app[GW]
    query = dict(request.query)
    if set(query) - {"access_token", "wsc"}:
        gw.violation(f"unexpected query parameters {sorted(query)}")
    ws_token = query.get("access_token", "")
    if ws_token not in gw.minted:
        gw.violation("connection with an unknown wstoken")
        return web.Response(status=401)
    if ws_token in gw.used:
        gw.violation("a wstoken was used for a second connection")
        return web.Response(status=401)
    gw.used.add(ws_token)
    if gw.refuse_next:
        gw.refuse_next -= 1
        return web.Response(status=503)
    ws = web.WebSocketResponse(autoping=True)
    await ws.prepare(request)
    conn = Conn(ws, query)
    gw.conns.append(conn)
    details: dict[str, Any] = {
        "creationTime": "2026-01-01T00:00:00.000Z",
        "maxConnectionsPerSession": 50,
        "recoveryBufferSize": 100,
        "recoveryTimeout": 30,
        "idleTimeout": 1800,
        "absoluteTimeout": 86400,
        "maxActiveRequests": 10,
        **gw.details,
    }
    wsc = query.get("wsc")
    if wsc is not None:
        if gw.highest is None or wsc != gw.highest[1]:
            gw.violation("recovery with a wsc token that is not the highest-sequence one")
        conn.recovered = gw.recovery
        details["recoveryState"] = gw.recovery
        if gw.recovery == "Failed":
            details["recoveryErrorCode"] = "WSG-111"
            gw.reset_session()
    else:
        gw.reset_session()

    async def send_details() -> None:
        await asyncio.sleep(gw.details_delay)
        conn.details_sent = True
        await gw.send(
            conn, {"type": "ConnectionDetails"}, details if gw.send_details_body else None
        )

    sender = asyncio.get_running_loop().create_task(send_details())
    try:
        async for msg in ws:
            if not conn.details_sent:
                gw.violation(f"client sent before ConnectionDetails: {str(msg.data)[:80]}")
            meta, body = _check_client_frame(gw, conn, msg.data)
            if meta.get("type") == "Heartbeat":
                await gw.send(conn, {"type": "Heartbeat", "messageId": meta.get("messageId")})
            elif meta.get("type") == "ClientRequest":
                await _answer(gw, conn, meta, body)
    finally:
        sender.cancel()
    return ws


@asynccontextmanager
async def start_gateway() -> AsyncIterator[Gateway]:
    """The emulator on 127.0.0.1 (``gw.url``); its sockets and server closed at exit."""
    state = Gateway()
    app = web.Application()
    app[GW] = state
    app.router.add_post("/restapi/oauth/token", token)
    app.router.add_post("/restapi/oauth/wstoken", wstoken)
    app.router.add_get("/ws", gateway_ws)
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    state.url = f"http://127.0.0.1:{port}"
    try:
        yield state
    finally:
        for conn in state.conns:
            await conn.ws.close()
        await runner.cleanup()
