"""Serve an aiohttp application on a 127.0.0.1 socket (the fake's HTTP server and gateway)."""

from __future__ import annotations

import socket

from aiohttp import web

__all__ = ["bind_loopback", "serve"]


def bind_loopback(port: int = 0) -> socket.socket:
    """A TCP socket bound to ``127.0.0.1:port`` (0: a free port), not yet listening."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
    except OSError:
        sock.close()
        raise
    return sock


async def serve(app: web.Application, sock: socket.socket) -> web.AppRunner:
    """Start serving ``app`` on ``sock``; the socket is closed if that fails."""
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    try:
        await web.SockSite(runner, sock).start()
    except BaseException:
        sock.close()
        await runner.cleanup()
        raise
    return runner
