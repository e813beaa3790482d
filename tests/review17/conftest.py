"""A loopback platform for the review of issue 17: records every API request as it arrived
(method, path, raw query, headers, body) and answers with the handler a test sets."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from multidict import MultiDict

from ringcentral_async import RingCentral

TOKEN_PATH = "/restapi/oauth/token"
Answer = Callable[["Seen"], Awaitable[web.StreamResponse] | web.StreamResponse]


@dataclass
class Seen:
    """One API request as the server received it."""

    method: str
    path: str
    raw_query: str
    query: MultiDict[str]
    headers: dict[str, str]
    body: bytes


class Loopback:
    """The configured server on 127.0.0.1: tokens, and ``answer`` for everything else."""

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.answer: Answer = lambda _seen: web.json_response({})
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self.server = TestServer(app, host="127.0.0.1")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        if request.path == TOKEN_PATH:
            return web.json_response(
                {"access_token": "ACCESS-SECRET-r17", "token_type": "bearer",
                 "expires_in": 3600, "refresh_token": "REFRESH-SECRET-r17",
                 "refresh_token_expires_in": 604800, "owner_id": "1"}
            )  # fmt: skip
        seen = Seen(
            request.method,
            request.path,
            request.rel_url.raw_query_string,
            MultiDict(request.query),
            dict(request.headers),
            await request.read(),
        )
        self.seen.append(seen)
        result = self.answer(seen)
        if isinstance(result, web.StreamResponse):
            return result
        return await result


@pytest.fixture
async def loopback() -> AsyncIterator[Loopback]:
    server = Loopback()
    await server.server.start_server()
    try:
        yield server
    finally:
        await server.server.close()


@pytest.fixture
async def rc(loopback: Loopback) -> AsyncIterator[Any]:
    client = RingCentral("r17-client", "r17-client-SECRET", server_url=loopback.url, throttle=False)
    async with client:
        await client.login(jwt="eyJhbGciOiJSUzI1NiJ9.R17-JWT-SECRET.sig")
        yield client


def ok(body: Any) -> web.Response:
    """A JSON 200 answer."""
    return web.json_response(body)
