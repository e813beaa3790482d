"""Servers that misbehave on purpose, on loopback only.

- :class:`Platform`: the *configured* server (an aiohttp.web app on 127.0.0.1). It issues
  tokens at ``/restapi/oauth/token`` and answers any other path with the handler a test
  sets (``platform.on(method, path, handler)``); every request a handler saw is recorded.
- :class:`Listener`: a raw TCP listener that counts every connection and every byte it
  receives, and answers each request with ``200 {}``. As "another host" (127.0.0.2) it
  proves that nothing at all reached it; on 127.0.0.1 it proves that a request that must
  be refused before sending never left (an aiohttp server would drop a malformed request
  before any handler could record it).
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from ringcentral_async import MemoryTokenStore, RingCentral, Token

CLIENT_ID = "hostile-client"
CLIENT_SECRET = "hostile-client-SECRET"
JWT = "eyJhbGciOiJSUzI1NiJ9.HOSTILE-JWT-SECRET.sig"
TOKEN_PATH = "/restapi/oauth/token"
#: The configured server's host, and a distinct loopback host playing "somebody else".
HOST = "127.0.0.1"
OTHER_HOST = "127.0.0.2"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Seen:
    """One request a Platform handler received."""

    method: str
    path: str
    headers: dict[str, str]


class Platform:
    """The configured server (see the module docstring)."""

    def __init__(self) -> None:
        self.handlers: dict[tuple[str, str], Handler] = {}
        self.seen: list[Seen] = []
        self.access_tokens: list[str] = []
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self.server = TestServer(app, host=HOST)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server.port}"

    def on(self, method: str, path: str, handler: Handler) -> None:
        self.handlers[(method, path)] = handler

    def api_seen(self) -> list[Seen]:
        """Requests other than token requests."""
        return [s for s in self.seen if s.path != TOKEN_PATH]

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        self.seen.append(Seen(request.method, request.path, dict(request.headers)))
        handler = self.handlers.get((request.method, request.path))
        if handler is not None:
            return await handler(request)
        if request.method == "POST" and request.path == TOKEN_PATH:
            return self._issue()
        return web.json_response({"errorCode": "CMN-102", "message": "no route"}, status=404)

    def _issue(self) -> web.Response:
        access = "ACCESS-SECRET-" + secrets.token_hex(6)
        self.access_tokens.append(access)
        return web.json_response(
            {
                "access_token": access,
                "refresh_token": "REFRESH-SECRET-" + secrets.token_hex(6),
                "token_type": "bearer",
                "expires_in": 3600,
                "refresh_token_expires_in": 604800,
                "owner_id": "1",
            }
        )


@dataclass
class Listener:
    """A raw TCP listener counting connections and bytes (see the module docstring)."""

    host: str
    connections: int = 0
    received: bytearray = field(default_factory=bytearray)
    port: int = 0
    _server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, self.host, 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            self.received += head
            length = 0
            for line in head.split(b"\r\n"):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            if length:
                self.received += await reader.readexactly(length)
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Content-Length: 21\r\nConnection: close\r\n\r\n"
                b'{"from": "elsewhere"}'
            )
            await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        finally:
            writer.close()


@pytest.fixture
async def platform() -> AsyncIterator[Platform]:
    server = Platform()
    await server.server.start_server()
    try:
        yield server
    finally:
        await server.server.close()


async def _listener(host: str) -> AsyncIterator[Listener]:
    listener = Listener(host)
    await listener.start()
    try:
        yield listener
    finally:
        await listener.close()


@pytest.fixture
async def elsewhere() -> AsyncIterator[Listener]:
    """A listener on another host than the configured one."""
    async for listener in _listener(OTHER_HOST):
        yield listener


@pytest.fixture
async def bare() -> AsyncIterator[Listener]:
    """A listener on the configured host (127.0.0.1)."""
    async for listener in _listener(HOST):
        yield listener


ClientFactory = Callable[..., Awaitable[RingCentral]]


@pytest.fixture
async def make_client() -> AsyncIterator[ClientFactory]:
    """``await make_client(server_url, login=True, **options)``: closed at teardown."""
    made: list[RingCentral] = []

    async def make(server_url: str, *, login: bool = True, **options: Any) -> RingCentral:
        options.setdefault("throttle", False)
        rc = RingCentral(CLIENT_ID, CLIENT_SECRET, server_url=server_url, **options)
        made.append(rc)
        if login:
            await rc.login(jwt=JWT)
        return rc

    yield make
    for rc in made:
        await rc.aclose()


def saved_token() -> MemoryTokenStore:
    """A store holding a valid token: a client resumes it without any token request."""
    now = datetime.now(UTC)
    return MemoryTokenStore(
        Token(
            access_token="ACCESS-SECRET-saved",
            expires_at=now + timedelta(hours=1),
            refresh_token="REFRESH-SECRET-saved",
            refresh_token_expires_at=now + timedelta(days=7),
        )
    )
