"""Byte-level misbehaviour from a raw TCP server on 127.0.0.1 (what aiohttp.web cannot send):
malformed status lines, header lines, chunk sizes and lengths, each quoting the access
token. Every one is a typed TransportError, and the token is nowhere in its text, its
cause chain or the formatted traceback (aiohttp's parser errors quote the bytes they choke
on: the client keeps only their names)."""

from __future__ import annotations

import asyncio
import io
import traceback
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from ringcentral_async import MemoryTokenStore, RingCentral, Token, TransportError

SECRET = b"ACCESS-SECRET-raw"
PATH = "/restapi/v1.0/account/~/extension/~"
CONTENT = "/restapi/v1.0/account/~/recording/1/content"

ANSWERS = {
    "long-header": b"HTTP/1.1 200 OK\r\nX-Echo: " + SECRET + b"y" * 10_000 + b"\r\n"
    b"Content-Length: 2\r\n\r\n{}",
    "bad-header-name": b"HTTP/1.1 200 OK\r\n" + SECRET + b"(: x\r\nContent-Length: 2\r\n\r\n{}",
    "bad-status": b"HTTP/1.1 2x0 " + SECRET + b"\r\nContent-Length: 2\r\n\r\n{}",
    "long-status": b"HTTP/1.1 200 " + SECRET + b"y" * 10_000 + b"\r\nContent-Length: 2\r\n\r\n{}",
    "bad-chunk": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + SECRET + b"\r\n{}\r\n"
    b"0\r\n\r\n",
    "bad-length": b"HTTP/1.1 200 OK\r\nContent-Length: " + SECRET + b"\r\n\r\n{}",
    "length-and-chunked": b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked"
    b"\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
    "short-body": b"HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nContent-Length: 1000\r\n\r\n"
    + SECRET,
    "not-http": SECRET + b"\r\n\r\n",
}


class RawServer:
    def __init__(self) -> None:
        self.answer = b""
        self.port = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(self.answer)
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()


@pytest.fixture
async def raw() -> AsyncIterator[RawServer]:
    server = RawServer()
    listener = await asyncio.start_server(server.handle, "127.0.0.1", 0)
    server.port = listener.sockets[0].getsockname()[1]
    try:
        yield server
    finally:
        listener.close()
        await listener.wait_closed()


def everything(exc: BaseException) -> str:
    parts = ["".join(traceback.format_exception(exc))]
    current: BaseException | None = exc
    while current is not None:
        parts += [str(current), repr(current), repr(current.args), repr(vars(current))]
        current = current.__cause__ or current.__context__
    return "\n".join(parts)


@pytest.mark.parametrize("name", sorted(ANSWERS))
@pytest.mark.parametrize("how", ["get", "download"])
async def test_a_malformed_answer_is_a_transport_error_without_the_token(
    raw: RawServer, name: str, how: str
) -> None:
    raw.answer = ANSWERS[name]
    url = f"http://127.0.0.1:{raw.port}"
    token = Token(access_token=SECRET.decode(), expires_at=datetime.now(UTC) + timedelta(hours=1))
    async with RingCentral(
        "cid",
        "csecret",
        server_url=url,
        throttle=False,
        max_retries=0,
        timeout=5,
        token_store=MemoryTokenStore(token),
    ) as rc:
        await rc.login()
        with pytest.raises(TransportError) as caught:
            if how == "get":
                await asyncio.wait_for(rc.get(PATH), 10)
            else:
                await asyncio.wait_for(rc.recordings.download(url + CONTENT, io.BytesIO()), 10)
    assert SECRET.decode() not in everything(caught.value)
