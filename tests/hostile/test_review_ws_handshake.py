"""A WebSocket gateway that refuses the handshake, or is not there: the TransportError's
whole chain (``__cause__`` *and* ``__context__``, which ``raise ... from None`` only hides
from tracebacks) never holds the wstoken, which travels in the socket URL's query."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from ringcentral_async import TransportError
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
