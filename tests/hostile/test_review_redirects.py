"""Download redirects a hostile server may send on the configured host itself: a loop is cut
after a few hops with a typed error, a ``user:password@`` target or an invalid ``Location``
is never requested, and none of it crashes with an untyped exception."""

from __future__ import annotations

import pytest
from aiohttp import web

from ringcentral_async import ApiError, RingCentral, RingCentralError, TransportError

from .conftest import ClientFactory, Handler, Platform

CONTENT = "/restapi/v1.0/account/~/recording/7/content"


def moved(location: str, status: int = 302) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=status, headers={"Location": location})

    return handler


async def test_a_redirect_loop_on_the_configured_host_is_cut_off(
    platform: Platform, make_client: ClientFactory
) -> None:
    platform.on("GET", CONTENT, moved("/hop/a"))
    platform.on("GET", "/hop/a", moved("/hop/b"))
    platform.on("GET", "/hop/b", moved("/hop/a"))
    rc: RingCentral = await make_client(platform.url)
    with pytest.raises(TransportError) as caught:
        async with rc.stream("GET", CONTENT):
            pass
    assert "redirects" in str(caught.value)
    assert len(platform.api_seen()) <= 12  # a handful of hops, then it stops


async def test_a_redirect_to_itself_is_cut_off_too(
    platform: Platform, make_client: ClientFactory
) -> None:
    platform.on("GET", CONTENT, moved(CONTENT, 307))
    rc: RingCentral = await make_client(platform.url)
    with pytest.raises(TransportError):
        async with rc.stream("GET", CONTENT):
            pass
    assert len(platform.api_seen()) <= 12


async def test_a_redirect_with_userinfo_on_the_configured_host_is_not_followed(
    platform: Platform, make_client: ClientFactory
) -> None:
    async def blob(request: web.Request) -> web.Response:
        return web.Response(body=b"ID3")

    platform.on("GET", "/blob/7", blob)
    target = platform.url.replace("http://", "http://user:pass@") + "/blob/7"
    platform.on("GET", CONTENT, moved(target))
    rc: RingCentral = await make_client(platform.url)
    with pytest.raises(ApiError) as caught:
        async with rc.stream("GET", CONTENT) as resp:
            await resp.read()
    assert type(caught.value) is ApiError and caught.value.status == 302
    assert [s.path for s in platform.api_seen()] == [CONTENT]


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1:1\\@127.0.0.2/x",  # backslash in the authority
        "http://[::1/x",  # unbalanced IPv6 bracket
        "http://127.0.0.1:99999/x",  # port out of range
        "https://evil.test%2F@x.ringcentral.com./",  # trailing dot: not *.ringcentral.com
    ],
)
async def test_a_malformed_or_foreign_location_is_a_typed_error(
    platform: Platform, make_client: ClientFactory, location: str
) -> None:
    platform.on("GET", CONTENT, moved(location))
    rc: RingCentral = await make_client(platform.url)
    with pytest.raises(RingCentralError):
        async with rc.stream("GET", CONTENT) as resp:
            await resp.read()
    assert [s.path for s in platform.api_seen()] == [CONTENT]
