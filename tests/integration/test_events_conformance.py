"""The WebSocket client against an independent, strict gateway emulator (platform §11, §4).

The emulator below is written from the platform's documented behaviour only and shares no
code with ``ringcentral_async.testing``. It is strict: every frame the client sends is
checked for its exact shape, anything sent before ``ConnectionDetails`` is a violation, a
wstoken may open one connection only, a recovery must use the ``wsc`` token of the highest
sequence sent on ANY frame, and a subscription kept by a ``Successful`` recovery must not be
created again. Each test ends by asserting that no violation was recorded.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from ringcentral_async import ApiError, RingCentral, TransportError

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


@pytest.fixture
async def gw() -> AsyncIterator[Gateway]:
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


@pytest.fixture
async def rc(gw: Gateway) -> AsyncIterator[RingCentral]:
    client = RingCentral(CLIENT_ID, CLIENT_SECRET, server_url=gw.url, throttle=False, timeout=2.0)
    async with client:
        await client.login(jwt=JWT)
        yield client


async def until(predicate: Any, timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while True:
            if predicate():
                return
            await asyncio.sleep(0.01)


async def next_event(sub: Any, timeout: float = 5.0) -> Any:
    return await asyncio.wait_for(sub.__anext__(), timeout)


def requests_of(conn: Conn) -> list[tuple[str, str]]:
    return [
        (m[0]["method"], m[0]["path"]) for m in conn.received if m[0].get("type") == "ClientRequest"
    ]


# -- tests ---------------------------------------------------------------------------------


async def test_frames_have_the_documented_shapes_and_wait_for_connection_details(
    gw: Gateway, rc: RingCentral
) -> None:
    gw.details_delay = 0.2  # a client that talks first is caught
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        assert sub.id == "sub-1"
        await gw.publish({"n": 1})
        event = await next_event(sub)
        assert event.body == {"n": 1} and event.subscription_id == "sub-1"
        await sub.update([MESSAGES, PRESENCE])
        assert gw.sub_filters == [MESSAGES, PRESENCE]
    await until(lambda: gw.sub_id is None)
    conn = gw.conns[0]
    assert requests_of(conn) == [
        ("POST", SUB_PATH),
        ("PUT", SUB_PATH + "sub-1"),
        ("DELETE", SUB_PATH + "sub-1"),
    ]
    assert conn.received[0][1] == {
        "eventFilters": [MESSAGES],
        "deliveryMode": {"transportType": "WebSocket"},
    }
    assert len(conn.received[2]) == 1  # DELETE: [meta], no body
    assert set(conn.query) == {"access_token"} and conn.query["access_token"] == gw.minted[0]
    assert gw.violations == []


async def test_heartbeats_follow_idle_timeout_from_connection_details(
    gw: Gateway, rc: RingCentral
) -> None:
    gw.details = {"idleTimeout": 0.3}
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST):
        await until(lambda: sum(m[0].get("type") == "Heartbeat" for m in gw.conns[0].received) >= 2)
    beats = [m for m in gw.conns[0].received if m[0].get("type") == "Heartbeat"]
    assert all(len(m) == 1 and set(m[0]) == {"type", "messageId"} for m in beats)
    assert len(gw.conns) == 1  # answered heartbeats keep the socket
    assert gw.violations == []


async def test_recovery_uses_the_highest_sequence_of_any_frame_and_keeps_the_subscription(
    gw: Gateway, rc: RingCentral
) -> None:
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        await gw.publish({"n": 1})
        await next_event(sub)
        first = gw.conns[0]
        # A heartbeat answer carries the highest sequence; then an out-of-order frame with
        # a lower sequence (and another token) must not win.
        await gw.send(first, {"type": "Heartbeat", "messageId": "srv-1"})
        top = gw.highest
        await gw.send(first, {"type": "Heartbeat", "messageId": "srv-2"}, sequence=1)
        assert gw.highest == top
        await asyncio.sleep(0.05)
        await first.ws.close()
        await until(lambda: len(gw.conns) == 2 and sub.live)
        second = gw.conns[1]
        assert top is not None and second.query.get("wsc") == top[1]
        assert second.recovered == "Successful"
        await gw.publish({"n": 2})
        assert (await next_event(sub)).body == {"n": 2}
        assert requests_of(second) == []  # no re-create after a Successful recovery
        assert sub.id == "sub-1" and sub.gaps == []
    assert len(set(gw.minted)) == len(gw.minted) == 2
    assert gw.violations == []


async def test_failed_recovery_creates_the_subscription_again_on_the_same_socket(
    gw: Gateway, rc: RingCentral
) -> None:
    gw.recovery = "Failed"
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        await gw.publish({"n": 1})
        await next_event(sub)
        await gw.conns[0].ws.close()
        await until(lambda: len(gw.conns) == 2 and sub.live)
        second = gw.conns[1]
        assert "wsc" in second.query and second.recovered == "Failed"
        assert requests_of(second) == [("POST", SUB_PATH)]
        assert sub.id == "sub-2" and [g.reason for g in sub.gaps] == ["recovery-failed"]
        await gw.publish({"n": 2})
        assert (await next_event(sub)).body == {"n": 2}
        # The new session's sequences start again: the next recovery uses its token.
        gw.recovery = "Successful"
        await gw.send(second, {"type": "Heartbeat", "messageId": "srv-1"})
        await asyncio.sleep(0.05)
        await second.ws.close()
        await until(lambda: len(gw.conns) == 3 and sub.live)
        assert gw.conns[2].recovered == "Successful"
    assert gw.violations == []


async def test_recovery_timeout_is_read_from_connection_details(
    gw: Gateway, rc: RingCentral
) -> None:
    gw.details = {"recoveryTimeout": 0.1}
    async with rc.subscribe([MESSAGES], reconnect_bands=[(0.3, 0.3)]) as sub:
        await gw.conns[0].ws.close()
        await until(lambda: len(gw.conns) == 2 and sub.live)
        # Too late to recover: a fresh connection and a new subscription.
        assert "wsc" not in gw.conns[1].query
        assert requests_of(gw.conns[1]) == [("POST", SUB_PATH)]
        assert [g.reason for g in sub.gaps] == ["recovery-timeout"]
    assert gw.violations == []


@pytest.mark.parametrize("code", ["WSG-902", "WSG-903"])
async def test_a_gateway_timeout_error_leads_to_a_recovery(
    gw: Gateway, rc: RingCentral, code: str
) -> None:
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        await gw.send(gw.conns[0], {"type": "Error"}, {"errorCode": code, "message": "timeout"})
        # The gateway does not close the socket itself here: the client must move on.
        await until(lambda: len(gw.conns) == 2 and sub.live)
        assert gw.conns[1].recovered == "Successful"
        await gw.publish({"n": 1})
        assert (await next_event(sub)).body == {"n": 1}
    assert gw.violations == []


async def test_malformed_and_bodiless_frames_never_stop_the_reader(
    gw: Gateway, rc: RingCentral
) -> None:
    junk = [
        "not-json",
        "{}",
        "[]",
        "42",
        "null",
        '"text"',
        "[1, 2]",
        "[{}, {}, {}]",
        "[" * 200_000 + "]" * 200_000,
        '[{"type": "ServerNotification"}]',
        '[{"type": "ServerNotification"}, {"uuid": 5}]',
        '[{"type": "ClientRequest", "messageId": "nobody"}]',
        '[{"type": "ClientRequest", "messageId": 7, "status": "x"}]',
        '[{"type": "Heartbeat"}]',
        '[{"type": "ConnectionDetails"}]',
        '[{"type": "Error"}]',
        '[{"type": "Error"}, "x"]',
        '[{"type": "Nope", "wsc": [1]}]',
        '[{"type": "Heartbeat", "wsc": {"token": 1, "sequence": "x"}}]',
        '[{"type": "Heartbeat", "headers": [1]}]',
    ]
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        for text in junk:
            await gw.conns[0].ws.send_str(text)
        await gw.conns[0].ws.send_bytes(b"\x00\x01")
        await gw.publish({"n": 1})
        assert (await next_event(sub)).body == {"n": 1}
        assert len(gw.conns) == 1 and sub.live
    assert gw.violations == []


async def test_connection_details_without_a_body_on_recovery_does_not_end_the_subscription(
    gw: Gateway, rc: RingCentral
) -> None:
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        gw.send_details_body = False
        gw.recovery = "Failed"
        await gw.conns[0].ws.close()
        await until(lambda: len(gw.conns) == 2 and sub.live)
        await gw.publish({"n": 1})
        assert (await next_event(sub)).body == {"n": 1}
    assert gw.violations == []


@pytest.mark.parametrize(("code", "status"), [("SUB-505", 400), ("SUB-508", 400)])
async def test_subscription_refusals_are_typed_errors(
    gw: Gateway, rc: RingCentral, code: str, status: int
) -> None:
    gw.post_answers = [
        (status, {"errorCode": code, "message": "refused", "errors": [{"errorCode": code}]})
    ]
    with pytest.raises(ApiError) as info:
        async with rc.subscribe([MESSAGES], reconnect_bands=FAST):
            pass
    assert info.value.error_code == code and info.value.status == status
    assert gw.violations == []


async def test_disabled_filters_are_reported_typed(gw: Gateway, rc: RingCentral) -> None:
    disabled = {"filter": PRESENCE, "reason": "Permission denied", "message": "no"}
    gw.post_answers = [(200, {"disabledFilters": [disabled]})]
    async with rc.subscribe([MESSAGES, PRESENCE], reconnect_bands=FAST) as sub:
        assert [(d.filter, d.reason) for d in sub.disabled_filters] == [
            (PRESENCE, "Permission denied")
        ]
    assert gw.violations == []


async def test_wstokens_are_fresh_and_never_reach_logs_or_errors(
    gw: Gateway, rc: RingCentral, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    gw.refuse_next = 1
    with pytest.raises(TransportError) as info:
        async with rc.subscribe([MESSAGES], reconnect_bands=FAST):
            pass
    texts = [str(info.value), repr(info.value)]
    chain: BaseException | None = info.value
    while chain is not None:  # the whole chain, also what `raise ... from None` hides
        texts.append(str(chain))
        chain = chain.__cause__ or chain.__context__
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        for _ in range(2):
            await gw.conns[-1].ws.close()
            count = len(gw.conns)
            await until(lambda c=count: len(gw.conns) == c + 1 and sub.live)
        texts.append(repr(sub))
    texts += [r.getMessage() for r in caplog.records]
    texts += [str(r.exc_info) for r in caplog.records if r.exc_info]
    assert len(gw.minted) == 4 and len(set(gw.minted)) == 4
    for secret in gw.minted:
        assert not any(secret in t for t in texts)
    assert gw.violations == []
