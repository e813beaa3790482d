"""A small aiohttp.web server on 127.0.0.1 for the hostile-server tests: it records every
request's raw path (as it arrived, before any decoding) and answers what a test scripts."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

__all__ = ["ACCOUNT", "EXT", "JWT", "Server", "answer", "serve", "token_body"]

JWT = "eyJ.hostile-JWT.sig"
ACCOUNT = "/restapi/v1.0/account/~"
EXT = ACCOUNT + "/extension"

Handler = Callable[[web.Request], web.StreamResponse]


def token_body(**overrides: Any) -> dict[str, Any]:
    """A well-formed token response, with ``overrides`` applied."""
    body: dict[str, Any] = {
        "access_token": "AT-hostile",
        "refresh_token": "RT-hostile",
        "token_type": "bearer",
        "expires_in": 3600,
        "refresh_token_expires_in": 604800,
        "scope": "ReadAccounts",
        "owner_id": "101",
        "session_id": "s",
    }
    body.update(overrides)
    return body


@dataclass
class Server:
    """Records raw paths; ``routes[path]`` answers a path, else ``{"id": 1}``; ``token`` is
    the body of every token response."""

    url: str = ""
    raw_paths: list[str] = field(default_factory=list)
    token: dict[str, Any] = field(default_factory=token_body)
    routes: dict[str, Handler] = field(default_factory=dict)

    @property
    def api_paths(self) -> list[str]:
        """The raw paths of every request but the OAuth ones."""
        return [p for p in self.raw_paths if not p.startswith("/restapi/oauth")]


SERVER: web.AppKey[Server] = web.AppKey("server", Server)


async def _any(request: web.Request) -> web.StreamResponse:
    server = request.app[SERVER]
    server.raw_paths.append(request.raw_path)
    if request.path == "/restapi/oauth/token":
        return web.json_response(server.token)
    handler = server.routes.get(request.path)
    if handler is not None:
        return handler(request)
    return web.json_response({"id": 1})


@contextlib.asynccontextmanager
async def serve() -> AsyncIterator[Server]:
    """Run the server on a free port of 127.0.0.1 until the block ends."""
    state = Server()
    app = web.Application()
    app[SERVER] = state
    app.router.add_route("*", "/{tail:.*}", _any)
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


def answer(status: int, body: bytes, content_type: str = "application/json") -> Handler:
    """A handler answering ``status`` with ``body`` (a 204 without one)."""

    def handler(_request: web.Request) -> web.StreamResponse:
        if status == 204:
            return web.Response(status=204)
        return web.Response(status=status, body=body, content_type=content_type)

    return handler
