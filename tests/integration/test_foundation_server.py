"""The client against a small, strict aiohttp.web server on 127.0.0.1 started by a fixture:
refresh rotation with a lost response, exact ``Bearer``, User-Agent, streamed bodies."""

from __future__ import annotations

import asyncio
import base64
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from ringcentral_async import (
    AuthenticationError,
    RequestTimeoutError,
    RingCentral,
    TransportError,
    __version__,
)

CLIENT_ID = "it-client"
CLIENT_SECRET = "it-secret-XYZ"
JWT = "eyJ.integration-JWT.sig"
EXT = "/restapi/v1.0/account/~/extension/~"
CHUNK = 64 * 1024


@dataclass
class Server:
    """State of the strict server: live tokens, every token request, fault switches."""

    url: str = ""
    access: set[str] = field(default_factory=set)
    refresh: set[str] = field(default_factory=set)
    token_forms: list[dict[str, str]] = field(default_factory=list)
    api_auth: list[str] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    #: "reset" or "timeout": the next refresh rotates the pair, then its response is lost
    lose_next_refresh: str | None = None
    client_read_first_chunk: asyncio.Event = field(default_factory=asyncio.Event)
    second_part_sent: bool = False
    server_waited_in_vain: bool = False

    def issue(self) -> dict[str, Any]:
        access, refresh = "AT-" + secrets.token_hex(8), "RT-" + secrets.token_hex(8)
        self.access.add(access)
        self.refresh.add(refresh)
        return {
            "access_token": access,
            "refresh_token": refresh,
            "token_type": "bearer",
            "expires_in": 3600,
            "refresh_token_expires_in": 604800,
            "scope": "ReadAccounts",
            "owner_id": "101",
            "session_id": "s",
        }


SERVER: web.AppKey[Server] = web.AppKey("server", Server)


def _oauth_error(status: int, error: str) -> web.Response:
    return web.json_response({"error": error, "error_description": error}, status=status)


async def token(request: web.Request) -> web.StreamResponse:
    server: Server = request.app[SERVER]
    form = {k: str(v) for k, v in (await request.post()).items()}
    server.token_forms.append(form)
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    if request.headers.get("Authorization") != f"Basic {basic}":
        return _oauth_error(401, "invalid_client")
    grant = form.get("grant_type")
    if grant == "urn:ietf:params:oauth:grant-type:jwt-bearer" and form.get("assertion") == JWT:
        return web.json_response(server.issue())
    if grant == "refresh_token":
        old = form.get("refresh_token", "")
        if old not in server.refresh:
            return _oauth_error(400, "invalid_grant")
        server.refresh.discard(old)  # rotation: the old pair dies at once
        server.access.clear()
        body = server.issue()
        lose, server.lose_next_refresh = server.lose_next_refresh, None
        if lose == "reset":
            assert request.transport is not None
            request.transport.abort()
            raise asyncio.CancelledError
        if lose == "timeout":
            await asyncio.sleep(0.6)
        return web.json_response(body)
    return _oauth_error(400, "unsupported_grant_type")


async def extension(request: web.Request) -> web.Response:
    server: Server = request.app[SERVER]
    auth = request.headers.get("Authorization", "")
    server.api_auth.append(auth)
    server.user_agents.append(request.headers.get("User-Agent", ""))
    scheme, _, value = auth.partition(" ")
    if scheme != "Bearer" or value not in server.access:  # strict: "bearer" is refused
        return web.json_response({"errors": [{"errorCode": "OAU-128"}]}, status=401)
    return web.json_response({"id": 101})


async def media(request: web.Request) -> web.StreamResponse:
    server: Server = request.app[SERVER]
    resp = web.StreamResponse(headers={"Content-Type": "audio/mpeg"})
    await resp.prepare(request)
    await resp.write(b"a" * CHUNK)
    try:
        await asyncio.wait_for(server.client_read_first_chunk.wait(), 5)
    except TimeoutError:
        server.server_waited_in_vain = True
    server.second_part_sent = True
    for _ in range(16):
        await resp.write(b"b" * CHUNK)
    await resp.write_eof()
    return resp


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    state = Server()
    app = web.Application()
    app[SERVER] = state
    app.router.add_post("/restapi/oauth/token", token)
    app.router.add_get(EXT, extension)
    app.router.add_get("/media/big", media)
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    state.url = f"http://127.0.0.1:{port}"
    try:
        yield state
    finally:
        await runner.cleanup()


def _client(server: Server, **kwargs: Any) -> RingCentral:
    return RingCentral(CLIENT_ID, CLIENT_SECRET, server_url=server.url, throttle=False, **kwargs)


def _refresh_tokens_sent(server: Server) -> list[str]:
    return [f["refresh_token"] for f in server.token_forms if f["grant_type"] == "refresh_token"]


@pytest.mark.parametrize(
    ("lose", "error"), [("reset", TransportError), ("timeout", RequestTimeoutError)]
)
async def test_lost_refresh_response_falls_back_to_the_jwt(
    server: Server, lose: str, error: type[Exception]
) -> None:
    """The server rotated the pair but the answer never arrived: the old refresh token is
    dead. The client must not send it again; it logs in with its JWT instead."""
    async with _client(server, timeout=0.3) as rc:
        first = await rc.login(jwt=JWT)
        server.lose_next_refresh = lose
        token = await rc.refresh()
        assert token.access_token in server.access
        assert (await rc.get(EXT))["id"] == 101
        await rc.refresh()  # the next refresh uses the new, live refresh token
    assert _refresh_tokens_sent(server)[0] == first.refresh_token
    assert _refresh_tokens_sent(server).count(first.refresh_token) == 1
    grants = [f["grant_type"].rsplit(":", 1)[-1] for f in server.token_forms]
    assert grants == ["jwt-bearer", "refresh_token", "jwt-bearer", "refresh_token"]
    assert server.api_auth.count(f"Bearer {first.access_token}") == 0


async def test_lost_refresh_response_without_jwt_asks_for_a_new_login(server: Server) -> None:
    async with _client(server, timeout=0.3) as rc:
        await rc.login(jwt=JWT)
        rc._auth._jwt = None  # as after a code-flow login: nothing to fall back on
        server.lose_next_refresh = "reset"
        with pytest.raises(TransportError):
            await rc.refresh()
        with pytest.raises(AuthenticationError):  # the dead pair: 401, and no refresh sent
            await rc.get(EXT)
    assert len(_refresh_tokens_sent(server)) == 1


async def test_exact_bearer_and_user_agent_reach_the_server(server: Server) -> None:
    async with _client(server) as rc:
        await rc.login(jwt=JWT)
        assert (await rc.get(EXT))["id"] == 101
    assert server.api_auth[0].startswith("Bearer AT-")
    assert server.user_agents == [f"ringcentral-async/{__version__}"]


async def test_stream_does_not_read_the_body_before_yielding(server: Server) -> None:
    """The server holds back the rest of the body until the client has read the first
    chunk: a client that buffered the body before yielding would stall here."""
    async with _client(server) as rc:
        await rc.login(jwt=JWT)
        async with rc.stream("GET", "/media/big") as resp:
            first = await resp.content.readexactly(CHUNK)
            assert not server.second_part_sent
            server.client_read_first_chunk.set()
            rest = 0
            async for chunk in resp.content.iter_chunked(CHUNK):
                rest += len(chunk)
    assert first == b"a" * CHUNK
    assert rest == 16 * CHUNK
    assert not server.server_waited_in_vain
