"""A redirect never carries a request, a token or a secret off the configured host.

API and token calls never follow a redirect: a 3xx raises a plain ApiError with its status,
and is not retried. A download follows a redirect only to a URL the token may go to (the
configured host or ``*.ringcentral.com``, https except on loopback); any other 3xx raises
ApiError with its status and its target is never requested. ``elsewhere`` is a raw listener
on 127.0.0.2: it counts every connection, so "nothing reached it" is proved at TCP level.
"""

from __future__ import annotations

import io

import pytest
from aiohttp import web

from ringcentral_async import ApiError, RingCentral

from .conftest import JWT, TOKEN_PATH, ClientFactory, Handler, Listener, Platform

EXT = "/restapi/v1.0/account/~/extension/~"
CONTENT = "/restapi/v1.0/account/~/recording/7/content"


def redirect(status: int, location: str) -> web.Response:
    return web.Response(status=status, headers={"Location": location}, text='{"message": "moved"}')


def answer(status: int, location: str) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        return redirect(status, location)

    return handler


def assert_plain_3xx(exc: BaseException, status: int) -> None:
    assert type(exc) is ApiError  # not OAuthError, not a 4xx/5xx subclass
    assert isinstance(exc, ApiError) and exc.status == status


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_the_token_form_is_never_posted_to_another_host(
    platform: Platform, elsewhere: Listener, make_client: ClientFactory, status: int
) -> None:
    platform.on("POST", TOKEN_PATH, answer(status, elsewhere.url + TOKEN_PATH + "?x=1"))
    rc: RingCentral = await make_client(platform.url, login=False)
    with pytest.raises(ApiError) as caught:
        await rc.login(jwt=JWT)
    assert_plain_3xx(caught.value, status)
    assert elsewhere.connections == 0 and not elsewhere.received
    assert len(platform.seen) == 1  # not retried either
    text = str(caught.value) + repr(caught.value)
    assert JWT not in text and "HOSTILE-JWT-SECRET" not in text and "127.0.0.2" not in text
    assert rc.token is None


async def test_a_redirected_refresh_stays_home(
    platform: Platform, elsewhere: Listener, make_client: ClientFactory
) -> None:
    rc: RingCentral = await make_client(platform.url)
    platform.on("POST", TOKEN_PATH, answer(307, elsewhere.url + TOKEN_PATH))
    with pytest.raises(ApiError) as caught:
        await rc.refresh()
    assert_plain_3xx(caught.value, 307)
    assert elsewhere.connections == 0


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE"])
async def test_api_calls_do_not_follow_redirects(
    platform: Platform,
    elsewhere: Listener,
    make_client: ClientFactory,
    status: int,
    method: str,
) -> None:
    platform.on(method, EXT, answer(status, elsewhere.url + "/steal?token=1"))
    rc: RingCentral = await make_client(platform.url, max_retries=3)
    with pytest.raises(ApiError) as caught:
        await rc.request(method, EXT, json={"a": 1} if method in ("POST", "PUT") else None)
    assert_plain_3xx(caught.value, status)
    assert caught.value.path == EXT and caught.value.method == method
    assert elsewhere.connections == 0 and not elsewhere.received
    assert len(platform.api_seen()) == 1  # a 3xx is final: never retried


async def test_a_redirect_on_the_same_host_is_not_followed_either(
    platform: Platform, make_client: ClientFactory
) -> None:
    async def moved_to(request: web.Request) -> web.Response:
        return web.json_response({"id": "moved"})

    platform.on("GET", EXT, answer(302, "/restapi/v1.0/somewhere-else"))
    platform.on("GET", "/restapi/v1.0/somewhere-else", moved_to)
    rc: RingCentral = await make_client(platform.url)
    with pytest.raises(ApiError) as caught:
        await rc.get(EXT)
    assert_plain_3xx(caught.value, 302)
    assert [s.path for s in platform.api_seen()] == [EXT]


async def test_a_3xx_body_cannot_pose_as_an_oauth_error(
    platform: Platform, make_client: ClientFactory
) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response({"error": "invalid_grant"}, status=302)

    platform.on("POST", TOKEN_PATH, handler)
    rc: RingCentral = await make_client(platform.url, login=False)
    with pytest.raises(ApiError) as caught:
        await rc.login(jwt=JWT)
    assert_plain_3xx(caught.value, 302)


# -- downloads --------------------------------------------------------------------------


async def test_a_download_is_not_redirected_to_another_host(
    platform: Platform, elsewhere: Listener, make_client: ClientFactory
) -> None:
    platform.on("GET", CONTENT, answer(302, elsewhere.url + "/blob/7"))
    rc: RingCentral = await make_client(platform.url)
    with pytest.raises(ApiError) as caught:
        async with rc.stream("GET", CONTENT) as resp:
            await resp.read()
    assert_plain_3xx(caught.value, 302)
    assert elsewhere.connections == 0 and not elsewhere.received


async def test_a_media_download_is_not_redirected_to_another_host(
    platform: Platform, elsewhere: Listener, make_client: ClientFactory
) -> None:
    """The resources' media path (an absolute contentUri on the configured host)."""
    platform.on("GET", CONTENT, answer(307, elsewhere.url + "/blob/7"))
    rc: RingCentral = await make_client(platform.url)
    buf = io.BytesIO()
    with pytest.raises(ApiError) as caught:
        await rc.recordings.download(platform.url + CONTENT, buf)
    assert_plain_3xx(caught.value, 307)
    assert buf.getvalue() == b""
    assert elsewhere.connections == 0 and not elsewhere.received


async def test_a_redirect_chain_is_stopped_where_it_leaves_the_host(
    platform: Platform, elsewhere: Listener, make_client: ClientFactory
) -> None:
    platform.on("GET", CONTENT, answer(301, "/hop"))
    platform.on("GET", "/hop", answer(302, elsewhere.url + "/blob/7"))
    rc: RingCentral = await make_client(platform.url)
    with pytest.raises(ApiError) as caught:
        async with rc.stream("GET", CONTENT):
            pass
    assert_plain_3xx(caught.value, 302)
    assert [s.path for s in platform.api_seen()] == [CONTENT, "/hop"]
    assert elsewhere.connections == 0


async def test_a_download_follows_a_redirect_on_the_configured_host_with_the_token(
    platform: Platform, make_client: ClientFactory
) -> None:
    async def blob(request: web.Request) -> web.Response:
        return web.Response(body=b"ID3 audio", content_type="audio/mpeg")

    platform.on("GET", CONTENT, answer(302, platform.url + "/blob/7"))
    platform.on("GET", "/blob/7", blob)
    rc: RingCentral = await make_client(platform.url)
    async with rc.stream("GET", CONTENT) as resp:
        assert await resp.read() == b"ID3 audio"
    first, second = platform.api_seen()
    bearer = "Bearer " + platform.access_tokens[-1]
    assert first.headers["Authorization"] == second.headers["Authorization"] == bearer
