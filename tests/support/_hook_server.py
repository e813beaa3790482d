"""Webhook receivers for tests: aiohttp.web apps on 127.0.0.1, cleaned up at the end."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web

#: ``await serve(handler, path="/hook")`` -> the URL the handler answers POSTs on.
Serve = Callable[..., Awaitable[str]]


@asynccontextmanager
async def hook_servers() -> AsyncIterator[Serve]:
    """Start as many one-route servers as a test asks for; stop them all on exit."""
    runners: list[web.AppRunner] = []

    async def start(handler: Any, path: str = "/hook") -> str:
        app = web.Application()
        app.router.add_post(path, handler)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        runners.append(runner)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        await web.SockSite(runner, sock).start()
        return f"http://127.0.0.1:{sock.getsockname()[1]}{path}"

    try:
        yield start
    finally:
        for runner in runners:
            await runner.cleanup()
