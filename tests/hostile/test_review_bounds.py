"""Server values the existing hostile tests do not try: odd ``Retry-After`` spellings, a
header repeated thousands of times or a megabyte long, a body that trickles, a paging block
claiming 10^12 pages, a page size of zero or below, and a next-page link that loops between
two pages. Each call must end promptly with a result or a typed error."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable
from typing import Any, TypeVar

import pytest
from aiohttp import web

from ringcentral_async import (
    ApiError,
    DecodeError,
    PagingError,
    RateLimitError,
    RequestTimeoutError,
    RingCentral,
    RingCentralError,
    ServerError,
    Throttle,
    TransportError,
)
from ringcentral_async._throttle import DEFAULT_LIMITS, LEARNED_GROUPS_MAX

from .conftest import JWT, TOKEN_PATH, ClientFactory, Platform

EXT = "/restapi/v1.0/account/~/extension"
ONE = EXT + "/~"
T = TypeVar("T")


async def prompt(aw: Awaitable[T], seconds: float = 10.0) -> T:
    return await asyncio.wait_for(aw, seconds)


# -- Retry-After spellings -----------------------------------------------------------------

ODD_RETRY_AFTER = [
    "-1",
    "1e309",
    "NaN",
    "inf",
    "-inf",
    "9" * 5000,
    "0x10",
    "Mon, 01 Jan 0001 00:00:00 GMT",
    "Fri, 31 Dec 99999 23:59:59 GMT",
    "Sun, 06 Nov 1994 08:49:37 GMT\x00",
    " " * 10_000,
]


@pytest.mark.parametrize("value", ODD_RETRY_AFTER)
@pytest.mark.parametrize("status", [429, 503])
async def test_an_odd_retry_after_never_stalls_the_call(
    platform: Platform, make_client: ClientFactory, value: str, status: int
) -> None:
    calls = 0

    async def handler(request: web.Request) -> web.Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            return web.json_response({}, status=status, headers={"Retry-After": value})
        return web.json_response({"id": 1})

    platform.on("GET", ONE, handler)
    # A 429 without a usable Retry-After waits 30 s, capped by max_pause: keep that short.
    rc: RingCentral = await make_client(
        platform.url, max_retries=1, throttle=Throttle(max_pause=0.2)
    )
    try:
        result = await prompt(rc.get(ONE))
    except (RateLimitError, ServerError) as exc:
        assert exc.status == status
    else:
        assert result == {"id": 1}


# -- headers -------------------------------------------------------------------------------


@pytest.mark.parametrize("repeats", [30, 3000])
async def test_rate_limit_headers_repeated_many_times(
    platform: Platform, make_client: ClientFactory, repeats: int
) -> None:
    """30 of each still reaches the throttle (which keeps the first of each); 3000 is more
    header lines than aiohttp accepts: a TransportError, never a crash or a hang."""

    async def handler(request: web.Request) -> web.Response:
        resp = web.json_response({"id": 1})
        for i in range(repeats):
            resp.headers.add("X-Rate-Limit-Group", f"g{i}")
            resp.headers.add("X-Rate-Limit-Limit", str(1000 + 10**i % 997))
            resp.headers.add("X-Rate-Limit-Window", str(60 + i))
            resp.headers.add("X-Rate-Limit-Remaining", str(900 - i))
        return resp

    platform.on("GET", ONE, handler)
    rc: RingCentral = await make_client(platform.url, throttle=True, max_retries=0)
    for _ in range(3):
        if repeats < 100:
            assert await prompt(rc.get(ONE)) == {"id": 1}
        else:
            with pytest.raises(TransportError):
                await prompt(rc.get(ONE))
    assert len(rc.throttle.stats()) <= len(DEFAULT_LIMITS) + LEARNED_GROUPS_MAX


async def test_a_megabyte_header_is_a_typed_error(platform: Platform) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response({"id": 1}, headers={"X-Rate-Limit-Group": "x" * 1_000_000})

    platform.on("GET", ONE, handler)
    async with RingCentral("id", "secret", server_url=platform.url) as rc:
        await rc.login(jwt=JWT)
        with pytest.raises(TransportError):
            await prompt(rc.get(ONE))


# -- slow bodies ---------------------------------------------------------------------------


async def trickle(request: web.Request) -> web.StreamResponse:
    resp = web.StreamResponse(headers={"Content-Type": "application/json"})
    await resp.prepare(request)
    try:
        for byte in b'{"access_token": "x", "expires_in": 3600, "pad": "' + b"x" * 100:
            await resp.write(bytes([byte]))
            await asyncio.sleep(0.1)
    except (ConnectionError, asyncio.CancelledError):
        pass
    return resp


async def test_a_trickling_token_answer_is_cut_by_the_timeout(
    platform: Platform, make_client: ClientFactory
) -> None:
    platform.on("POST", TOKEN_PATH, trickle)
    rc: RingCentral = await make_client(platform.url, login=False, timeout=0.5, max_retries=0)
    started = asyncio.get_running_loop().time()
    with pytest.raises(RequestTimeoutError):
        await prompt(rc.login(jwt=JWT))
    assert asyncio.get_running_loop().time() - started < 5


async def test_a_trickling_api_answer_is_cut_by_the_timeout(
    platform: Platform, make_client: ClientFactory
) -> None:
    platform.on("GET", ONE, trickle)
    rc: RingCentral = await make_client(platform.url, timeout=0.5, max_retries=1)
    with pytest.raises(RequestTimeoutError):
        await prompt(rc.get(ONE))


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 100_000 + b"1" + b"}" * 100_000, b"\xff\xfe{"],
)
async def test_a_pathological_token_body_is_a_decode_error(
    platform: Platform, make_client: ClientFactory, body: bytes
) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type="application/json")

    platform.on("POST", TOKEN_PATH, handler)
    rc: RingCentral = await make_client(platform.url, login=False)
    with pytest.raises(DecodeError):
        await prompt(rc.login(jwt=JWT))
    assert rc.token is None


# -- paging --------------------------------------------------------------------------------


def pages_handler(make: Any) -> Any:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response(make(request))

    return handler


async def test_a_trillion_total_pages_with_prefetch_stays_bounded(
    platform: Platform, make_client: ClientFactory
) -> None:
    asked: list[str] = []

    def page(request: web.Request) -> dict[str, Any]:
        number = int(request.query.get("page", "1"))
        asked.append(str(number))
        return {
            "records": [{"id": number}],
            "paging": {"page": number, "perPage": 1, "totalPages": 10**12},
        }

    platform.on("GET", EXT, pages_handler(page))
    rc: RingCentral = await make_client(platform.url)
    got = []
    async for record in rc.paginate(EXT, prefetch=4, max_items=10):
        got.append(record)
    assert [r["id"] for r in got] == list(range(1, 11))
    await asyncio.sleep(0.05)
    assert len(asked) <= 10 + 4  # at most k pages fetched ahead


@pytest.mark.parametrize("per_page", [0, -5, "0", 10**40])
async def test_an_odd_page_size_in_paging_ends_the_walk(
    platform: Platform, make_client: ClientFactory, per_page: Any
) -> None:
    calls = 0

    def page(request: web.Request) -> dict[str, Any]:
        nonlocal calls
        calls += 1
        number = int(request.query.get("page", "1"))
        return {"records": [{"id": number}], "paging": {"page": number, "perPage": per_page}}

    platform.on("GET", EXT, pages_handler(page))
    rc: RingCentral = await make_client(platform.url)
    got = []
    try:
        async for record in prompt_iter(rc.paginate(EXT, max_items=50)):
            got.append(record)
    except RingCentralError:
        pass
    assert calls <= 51


async def prompt_iter(iterator: Any) -> Any:
    it = iterator.__aiter__()
    while True:
        try:
            yield await prompt(it.__anext__())
        except StopAsyncIteration:
            return


async def test_next_page_links_looping_between_two_pages_stop(
    platform: Platform, make_client: ClientFactory
) -> None:
    def page(request: web.Request) -> dict[str, Any]:
        other = "b" if request.query.get("p") != "b" else "a"
        return {
            "records": [{"id": request.query.get("p", "a")}],
            "navigation": {"nextPage": {"uri": platform.url + EXT + "?p=" + other}},
        }

    platform.on("GET", EXT, pages_handler(page))
    rc: RingCentral = await make_client(platform.url)
    got = []
    with pytest.raises(PagingError):
        async for record in prompt_iter(rc.paginate(EXT)):
            got.append(record)
    assert len(got) <= 3


async def test_a_paging_error_does_not_echo_a_secret_in_the_link(
    platform: Platform, make_client: ClientFactory
) -> None:
    rc: RingCentral = await make_client(platform.url)
    token = platform.access_tokens[-1]

    def page(request: web.Request) -> dict[str, Any]:
        uri = f"https://evil.example/x?access_token={token}&client_secret=hostile-client-SECRET"
        return {"records": [{"id": 1}], "navigation": {"nextPage": {"uri": uri}}}

    platform.on("GET", EXT, pages_handler(page))
    with pytest.raises(PagingError) as caught:
        async for _ in rc.paginate(EXT):
            pass
    text = str(caught.value) + repr(caught.value)
    assert token not in text and "hostile-client-SECRET" not in text
    assert isinstance(caught.value, ApiError | DecodeError)


async def test_a_trickling_download_is_cut_by_the_timeout(
    platform: Platform, make_client: ClientFactory
) -> None:
    content = "/restapi/v1.0/account/~/recording/1/content"
    platform.on("GET", content, trickle)
    rc: RingCentral = await make_client(platform.url, timeout=0.5, max_retries=0)
    with pytest.raises(RequestTimeoutError):
        await prompt(rc.recordings.download(platform.url + content, io.BytesIO()))


@pytest.mark.parametrize("status", [429, 503])
async def test_a_token_endpoint_asking_for_a_long_wait_fails_at_once(
    platform: Platform, make_client: ClientFactory, status: int
) -> None:
    async def handler(request: web.Request) -> web.Response:
        body = {"error": "slow_down", "errorCode": "CMN-301"}
        return web.json_response(body, status=status, headers={"Retry-After": "1000000000"})

    platform.on("POST", TOKEN_PATH, handler)
    rc: RingCentral = await make_client(platform.url, login=False)
    with pytest.raises(ApiError) as caught:
        await prompt(rc.login(jwt=JWT))
    assert caught.value.status == status
    assert rc.token is None
