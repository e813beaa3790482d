"""A WebSocket gateway that refuses the handshake, or is not there: the TransportError's
whole chain (``__cause__`` *and* ``__context__``, which ``raise ... from None`` only hides
from tracebacks) never holds the wstoken, which travels in the socket URL's query."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from ringcentral_async import ApiError, TransportError
from ringcentral_async._events.connection import Connection

WS_TOKEN = "WS-TOKEN-SECRET-handshake"


def chain_text(exc: BaseException) -> str:
    parts: list[str] = []
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        parts += [str(current), repr(current), repr(current.args)]
        stack += [current.__cause__, current.__context__]
    return "\n".join(parts)


@pytest.fixture
async def refusing() -> AsyncIterator[str]:
    async def refuse(request: web.Request) -> web.Response:
        return web.Response(status=403, text="go away " + request.query_string)

    app = web.Application()
    app.router.add_get("/ws", refuse)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield f"ws://127.0.0.1:{server.port}/ws"
    finally:
        await server.close()


async def test_a_refused_handshake_does_not_chain_the_wstoken(refusing: str) -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(TransportError) as caught:
            await Connection.open(
                session,
                refusing,
                WS_TOKEN,
                None,
                timeout=5,
                on_notification=lambda frame: None,
                on_wsc=lambda token, seq: None,
            )
    assert "403" in str(caught.value)
    assert WS_TOKEN not in chain_text(caught.value)


async def test_an_absent_gateway_does_not_chain_the_wstoken(unused_tcp_port: int) -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(TransportError) as caught:
            await Connection.open(
                session,
                f"ws://127.0.0.1:{unused_tcp_port}/ws",
                WS_TOKEN,
                "WSC-SECRET",
                timeout=5,
                on_notification=lambda frame: None,
                on_wsc=lambda token, seq: None,
            )
    text = chain_text(caught.value)
    assert WS_TOKEN not in text and "WSC-SECRET" not in text


@pytest.fixture
async def echoing() -> AsyncIterator[str]:
    """A gateway that greets properly, then answers every ClientRequest with a 400 whose
    body and headers echo the wstoken it was opened with and the wsc token it handed out."""

    async def gateway(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        echo = request.query.get("access_token", "") + " " + WSC_TOKEN
        wsc = {"token": WSC_TOKEN, "sequence": 1}
        await ws.send_str(json.dumps([{"type": "ConnectionDetails", "wsc": wsc}, {}]))
        async for msg in ws:
            meta = json.loads(msg.data)[0]
            reply = {
                "type": "ClientRequest",
                "messageId": meta.get("messageId"),
                "status": 400,
                "headers": {"RCRequestId": echo},
            }
            body = {"errorCode": "SUB-" + echo, "message": echo, "errors": [{"message": echo}]}
            await ws.send_str(json.dumps([reply, body]))
        return ws

    app = web.Application()
    app.router.add_get("/ws", gateway)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield f"ws://127.0.0.1:{server.port}/ws"
    finally:
        await server.close()


WSC_TOKEN = "WSC-TOKEN-SECRET-echo"


async def test_a_gateway_error_answer_does_not_echo_the_wstoken(echoing: str) -> None:
    async with aiohttp.ClientSession() as session:
        conn, _first = await Connection.open(
            session,
            echoing,
            WS_TOKEN,
            None,
            timeout=5,
            on_notification=lambda frame: None,
            on_wsc=lambda token, seq: None,
            secrets=lambda: [WSC_TOKEN],
        )
        try:
            with pytest.raises(ApiError) as caught:
                await conn.request("POST", "/restapi/v1.0/subscription", {"eventFilters": []})
        finally:
            await conn.close()
    text = chain_text(caught.value) + repr(caught.value.errors) + repr(caught.value.headers)
    assert caught.value.status == 400
    assert WS_TOKEN not in text and WSC_TOKEN not in text
