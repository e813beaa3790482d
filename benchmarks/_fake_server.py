"""The fake platform for the benchmarks that compare clients, in a process of its own.

    python -m benchmarks._fake_server --records 5000 --extensions 2345 [--tls CERT KEY] [--rtt MS]

Prints one JSON line (URL, credentials, call-log date range, pid) and serves until its stdin
closes. Throttling is off. With ``--tls`` the fake is served over https with that certificate;
with ``--rtt`` clients reach it through a proxy on 127.0.0.1 that emulates a network round trip:
every chunk of bytes is held for rtt/2 in each direction, and the first bytes of a new
connection for one more rtt (the TCP handshake a real network charges). The TLS handshake
then costs its real round trip too, since it runs through the proxy.

Page links (``navigation.nextPage.uri``, record ``uri``) name the front URL (the proxy or TLS
site), as the real platform names itself. FakeRingCentral has no option for a public URL, so
the app's base URL is replaced after start (a benchmark-only shortcut).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import ssl
import sys
import warnings
from datetime import timedelta
from pathlib import Path

from aiohttp import web

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ringcentral_async.testing import FakeRingCentral
from ringcentral_async.testing._http import BASE_URL

CHUNK = 1 << 16


def _listen() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    return sock


async def _pipe(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float, not_before: float
) -> None:
    """Copy reader to writer, each chunk ``delay`` s late and never before ``not_before``."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()

    async def read() -> None:
        try:
            while data := await reader.read(CHUNK):
                queue.put_nowait((max(loop.time(), not_before) + delay, data))
        except OSError:
            pass
        finally:
            queue.put_nowait(None)

    reading = asyncio.create_task(read())
    try:
        while (item := await queue.get()) is not None:
            due, data = item
            if (wait := due - loop.time()) > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except OSError:
        pass
    finally:
        reading.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reading


#: The proxy's connection handlers still running (cancelled when the server stops).
_HANDLERS: set[asyncio.Task[None]] = set()


async def _latency_proxy(target_port: int, rtt: float) -> asyncio.Server:
    """A TCP proxy to ``127.0.0.1:target_port`` adding ``rtt`` per round trip."""

    async def handle(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            _HANDLERS.add(task)
            task.add_done_callback(_HANDLERS.discard)
        # Cancelled when the server is shutting down: the connection ends with it.
        with contextlib.suppress(asyncio.CancelledError):
            await connect(client_r, client_w)

    async def connect(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        accepted = asyncio.get_running_loop().time()
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", target_port)
        except OSError:
            client_w.close()
            return
        for w in (client_w, server_w):  # asyncio skips this for sockets made with proto 0,
            sock = w.get_extra_info("socket")  # and Nagle + delayed ACK would add 40 ms stalls
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            await asyncio.gather(
                _pipe(client_r, server_w, rtt / 2, accepted + rtt),  # connect costs one rtt
                _pipe(server_r, client_w, rtt / 2, 0.0),
            )
        finally:
            for w in (server_w, client_w):
                w.close()
                with contextlib.suppress(OSError):
                    await w.wait_closed()

    return await asyncio.start_server(handle, sock=_listen())


async def _stdin_closed() -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while await reader.read(CHUNK):
        pass


async def serve(args: argparse.Namespace) -> None:
    async with FakeRingCentral(
        extensions=args.extensions,
        call_log_records=args.records,
        seed=args.seed,
        throttling=False,
    ) as fake:
        runner = fake._runner
        if runner is None:
            raise RuntimeError("FakeRingCentral did not start")
        scheme, port = "http", int(fake.url.rsplit(":", 1)[1])
        if args.tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*args.tls)
            sock = _listen()
            await web.SockSite(runner, sock, ssl_context=context).start()
            scheme, port = "https", sock.getsockname()[1]
        proxy = None
        if args.rtt > 0:
            proxy = await _latency_proxy(port, args.rtt / 1000)
            port = proxy.sockets[0].getsockname()[1]
        front = f"{scheme}://127.0.0.1:{port}"
        with warnings.catch_warnings():  # the app is started; its base URL is only read
            warnings.simplefilter("ignore", DeprecationWarning)
            runner.app[BASE_URL] = front
        calls = fake.platform.calls
        fmt = "%Y-%m-%dT%H:%M:%S.000Z"
        info = {
            "url": front,
            "pid": os.getpid(),
            "client_id": fake.client_id,
            "client_secret": fake.client_secret,
            "jwt": fake.jwt,
            "dateFrom": (calls.start - timedelta(days=1)).strftime(fmt),
            "dateTo": (calls.end + timedelta(days=1)).strftime(fmt),
        }
        print(json.dumps(info), flush=True)
        try:
            await _stdin_closed()
        finally:
            if proxy is not None:
                proxy.close()
                for task in list(_HANDLERS):  # open keep-alive connections end here
                    task.cancel()
                await asyncio.gather(*_HANDLERS, return_exceptions=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--extensions", type=int, default=2345)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--rtt", type=float, default=0.0, help="emulated round trip, ms")
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(serve(parse_args()))
