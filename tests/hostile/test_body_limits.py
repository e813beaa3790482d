"""No server can make a call buffer more than ``max_response_bytes`` (+ one read chunk).

A larger 2xx body raises ResponseTooLargeError: at once when Content-Length says so (the
body is never waited for), else as soon as the counted (decoded) bytes cross the limit,
whatever the server announced. The server counts what it managed to write, so "not read to
the end" is measured, and tracemalloc bounds what the client held. Error bodies (non-2xx)
are cut to their first 64 KiB. Streams are not capped.
"""

from __future__ import annotations

import asyncio
import gzip
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web

from ringcentral_async import (
    ConfigurationError,
    ResponseTooLargeError,
    RingCentral,
    RingCentralError,
    ServerError,
)

from .conftest import ClientFactory, Listener, Platform, saved_token

EXT = "/restapi/v1.0/account/~/extension/~"
MiB = 1024 * 1024
CHUNK = 64 * 1024
TOTAL = 32 * MiB  # what the hostile server tries to send


class Flood:
    """A handler streaming TOTAL bytes of JSON whitespace (then ``{}``), chunked."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.written = 0
        self.done = asyncio.Event()

    async def __call__(self, request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(status=self.status)
        resp.content_type = "application/json"
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        blank = b" " * CHUNK
        try:
            while self.written < TOTAL:
                await resp.write(blank)
                self.written += len(blank)
            await resp.write(b"{}")
            await resp.write_eof()
        except (ConnectionError, RuntimeError):
            pass  # the client hung up: that is the point
        finally:
            self.done.set()
        return resp


async def peak_while(call: Callable[[], Awaitable[Any]]) -> tuple[Any, int]:
    """(the exception ``call`` raised, or its result; peak traced memory in bytes)."""
    tracemalloc.start()
    try:
        try:
            outcome: Any = await call()
        except RingCentralError as exc:
            outcome = exc
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


async def test_a_chunked_flood_is_cut_off_at_the_limit(
    platform: Platform, make_client: ClientFactory
) -> None:
    flood = Flood()
    platform.on("GET", EXT, flood)
    rc: RingCentral = await make_client(platform.url, max_retries=3)
    error, peak = await peak_while(
        lambda: rc.get(EXT, params={"q": "QUERY-SECRET"}, max_response_bytes=MiB)
    )
    assert isinstance(error, ResponseTooLargeError)
    assert (error.limit, error.method, error.path) == (MiB, "GET", EXT)
    assert error.content_length is None
    assert str(error) == f"GET {EXT}: response body is larger than max_response_bytes={MiB}"
    assert "QUERY-SECRET" not in str(error) and "ACCESS-SECRET" not in str(error)
    await asyncio.wait_for(flood.done.wait(), 10)
    assert flood.written < TOTAL // 2  # the client hung up long before the end
    assert peak < 8 * MiB  # not the 32 MiB the old client buffered
    assert len(platform.api_seen()) == 1  # final: not retried


async def test_the_client_wide_limit_applies_to_every_call(
    platform: Platform, make_client: ClientFactory
) -> None:
    flood = Flood()
    platform.on("GET", EXT, flood)
    rc: RingCentral = await make_client(platform.url, max_response_bytes=2 * MiB)
    with pytest.raises(ResponseTooLargeError) as caught:
        await rc.get(EXT)
    assert caught.value.limit == 2 * MiB
    await asyncio.wait_for(flood.done.wait(), 10)
    assert flood.written < TOTAL // 2


async def test_a_content_length_over_the_limit_fails_before_the_body(
    platform: Platform, make_client: ClientFactory
) -> None:
    """The server sends headers only and then stalls: the client must not wait for it."""
    stalled = asyncio.Event()

    async def huge(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        resp.content_type = "application/json"
        resp.content_length = 100 * MiB
        await resp.prepare(request)
        stalled.set()
        await asyncio.sleep(30)  # never writes a byte of body (cancelled at shutdown)
        return resp

    platform.on("GET", EXT, huge)
    rc: RingCentral = await make_client(platform.url)
    started = time.monotonic()
    with pytest.raises(ResponseTooLargeError) as caught:
        await rc.get(EXT, max_response_bytes=MiB, timeout=5)
    assert time.monotonic() - started < 2.5  # the old client waited for the body: timeout
    assert stalled.is_set()
    assert caught.value.content_length == 100 * MiB
    assert str(caught.value).endswith(f"max_response_bytes={MiB} (Content-Length {100 * MiB})")


async def test_a_head_answer_announcing_a_large_body_is_fine(
    platform: Platform, make_client: ClientFactory
) -> None:
    async def head(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        resp.content_length = 100 * MiB  # the size of the body a GET would get
        await resp.prepare(request)
        return resp

    platform.on("HEAD", EXT, head)
    rc: RingCentral = await make_client(platform.url)
    assert await rc.request("HEAD", EXT, max_response_bytes=MiB) is None


async def test_a_compressed_bomb_is_counted_decoded(
    platform: Platform, make_client: ClientFactory
) -> None:
    """Content-Length (of the gzip) is small; the decoded body is what counts."""
    bomb = gzip.compress(b" " * TOTAL + b"{}")
    assert len(bomb) < 100 * 1024

    async def handler(request: web.Request) -> web.Response:
        return web.Response(
            body=bomb,
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
        )

    platform.on("GET", EXT, handler)
    rc: RingCentral = await make_client(platform.url)
    error, peak = await peak_while(lambda: rc.get(EXT, max_response_bytes=MiB))
    assert isinstance(error, ResponseTooLargeError)
    assert error.content_length == len(bomb)
    assert peak < 16 * MiB


@pytest.mark.parametrize("chunked", [False, True])
async def test_a_body_of_exactly_the_limit_passes_one_more_byte_fails(
    platform: Platform, make_client: ClientFactory, chunked: bool
) -> None:
    body = b'{"pad": "' + b"x" * 1000 + b'"}'

    async def handler(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        resp.content_type = "application/json"
        if chunked:
            resp.enable_chunked_encoding()
        else:
            resp.content_length = len(body)
        await resp.prepare(request)
        await resp.write(body)
        await resp.write_eof()
        return resp

    platform.on("GET", EXT, handler)
    rc: RingCentral = await make_client(platform.url)
    got = await rc.get(EXT, max_response_bytes=len(body))
    assert got == {"pad": "x" * 1000}
    with pytest.raises(ResponseTooLargeError):
        await rc.get(EXT, max_response_bytes=len(body) - 1)


async def test_error_bodies_are_read_to_64_kib_only(
    platform: Platform, make_client: ClientFactory
) -> None:
    flood = Flood(status=500)
    platform.on("POST", EXT, flood)
    rc: RingCentral = await make_client(platform.url)
    error, peak = await peak_while(lambda: rc.post(EXT, json={}))
    assert isinstance(error, ServerError) and error.status == 500
    await asyncio.wait_for(flood.done.wait(), 10)
    assert flood.written < TOTAL // 2
    assert peak < 8 * MiB


async def test_a_large_error_body_still_gives_its_typed_error(
    platform: Platform, make_client: ClientFactory
) -> None:
    """An error body over 64 KiB is cut, not refused: the class and status stay right."""

    async def handler(request: web.Request) -> web.Response:
        return web.json_response({"message": "m" * 100_000}, status=404)

    platform.on("GET", EXT, handler)
    rc: RingCentral = await make_client(platform.url)
    with pytest.raises(RingCentralError) as caught:
        await rc.get(EXT, max_response_bytes=1024)
    assert type(caught.value).__name__ == "NotFoundError"


async def test_streams_are_not_capped(platform: Platform, make_client: ClientFactory) -> None:
    audio = bytes(range(256)) * (4 * MiB // 256)

    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=audio, content_type="audio/mpeg")

    platform.on("GET", "/media/blob", handler)
    rc: RingCentral = await make_client(platform.url, max_response_bytes=MiB)
    async with rc.stream("GET", "/media/blob") as resp:
        got = b"".join([chunk async for chunk in resp.content.iter_chunked(CHUNK)])
    assert got == audio
    assert await rc.recordings.download(platform.url + "/media/blob", _Sink()) == len(audio)  # type: ignore[arg-type]


class _Sink:
    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)


@pytest.mark.parametrize("bad", [0, -1, 1.5, "1024", True, None])
async def test_a_bad_client_limit_is_a_configuration_error(bad: Any) -> None:
    with pytest.raises(ConfigurationError, match="max_response_bytes"):
        RingCentral("id", "secret", max_response_bytes=bad)


@pytest.mark.parametrize("bad", [0, -5, 2.0, "1", False])
async def test_a_bad_per_call_limit_is_refused_before_sending(
    bare: Listener, make_client: ClientFactory, bad: Any
) -> None:
    rc: RingCentral = await make_client(bare.url, login=False, token_store=saved_token())
    await rc.login()
    with pytest.raises(ConfigurationError, match="max_response_bytes"):
        await rc.get(EXT, max_response_bytes=bad)
    assert bare.connections == 0
    assert await rc.get(EXT, max_response_bytes=100) == {"from": "elsewhere"}
    assert bare.connections == 1


async def test_a_stream_error_body_sent_in_pieces_is_read_whole(
    platform: Platform, make_client: ClientFactory
) -> None:
    """The 64 KiB error prefix is read until it is full or the body ends, not just the
    first piece that happened to arrive."""

    async def handler(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(status=404)
        resp.content_type = "application/json"
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        await resp.write(b'{"errorCode": "CMN-102", ')
        await asyncio.sleep(0.05)
        await resp.write(b'"message": "Resource for parameter [recordingId] is not found"}')
        await resp.write_eof()
        return resp

    platform.on("GET", "/media/gone", handler)
    rc: RingCentral = await make_client(platform.url)
    with pytest.raises(RingCentralError) as caught:
        async with rc.stream("GET", "/media/gone"):
            pass
    assert type(caught.value).__name__ == "NotFoundError"
    assert "CMN-102" in str(caught.value) and "is not found" in str(caught.value)
