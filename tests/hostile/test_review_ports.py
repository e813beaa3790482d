"""Another port of the configured host is another server: the token never goes there.

The configured server is ``http://127.0.0.1:<a>``; ``bare`` is a raw listener on
``127.0.0.1:<b>`` (the same host, another port: another program). An absolute URL, a
media ``contentUri``, a redirect or a next-page link that points at it is refused before
anything is sent, exactly as one pointing at another host is.
"""

from __future__ import annotations

import io

import pytest
from aiohttp import web

from ringcentral_async import ApiError, ConfigurationError, PagingError, RingCentral

from .conftest import ClientFactory, Handler, Listener, Platform

CONTENT = "/restapi/v1.0/account/~/recording/7/content"
EXTENSIONS = "/restapi/v1.0/account/~/extension"


def moved(status: int, location: str) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=status, headers={"Location": location})

    return handler


async def test_a_download_is_not_redirected_to_another_port(
    platform: Platform, bare: Listener, make_client: ClientFactory
) -> None:
    platform.on("GET", CONTENT, moved(302, bare.url + "/blob/7"))
    rc: RingCentral = await make_client(platform.url)
    with pytest.raises(ApiError) as caught:
        async with rc.stream("GET", CONTENT) as resp:
            await resp.read()
    assert type(caught.value) is ApiError and caught.value.status == 302
    assert bare.connections == 0 and not bare.received


async def test_a_media_uri_on_another_port_is_refused_before_sending(
    platform: Platform, bare: Listener, make_client: ClientFactory
) -> None:
    rc: RingCentral = await make_client(platform.url)
    with pytest.raises(ConfigurationError):
        await rc.recordings.download(bare.url + CONTENT, io.BytesIO())
    assert bare.connections == 0


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_an_absolute_url_on_another_port_is_refused_before_sending(
    platform: Platform, bare: Listener, make_client: ClientFactory, method: str
) -> None:
    rc: RingCentral = await make_client(platform.url)
    with pytest.raises(ConfigurationError):
        await rc.request(method, bare.url + EXTENSIONS)
    assert bare.connections == 0


async def test_the_configured_port_written_out_is_still_home(
    platform: Platform, make_client: ClientFactory
) -> None:
    async def blob(request: web.Request) -> web.Response:
        return web.Response(body=b"ID3", content_type="audio/mpeg")

    platform.on("GET", "/blob/7", blob)
    rc: RingCentral = await make_client(platform.url)
    async with rc.stream("GET", platform.url + "/blob/7") as resp:
        assert await resp.read() == b"ID3"
    assert platform.api_seen()[-1].headers["Authorization"].startswith("Bearer ACCESS-SECRET-")


async def test_a_next_page_on_another_port_is_not_followed(
    platform: Platform, bare: Listener, make_client: ClientFactory
) -> None:
    async def page(request: web.Request) -> web.Response:
        return web.json_response(
            {
                "records": [{"id": 1}],
                "navigation": {"nextPage": {"uri": bare.url + EXTENSIONS + "?page=2"}},
                "paging": {"page": 1, "perPage": 1},
            }
        )

    platform.on("GET", EXTENSIONS, page)
    rc: RingCentral = await make_client(platform.url)
    got = []
    with pytest.raises(PagingError):
        async for record in rc.paginate(EXTENSIONS):
            got.append(record)
    assert len(got) == 1
    assert bare.connections == 0
