"""Error answers that echo every secret the client holds, in every place a server can put
text: ``message``, ``error_description``, ``errors[].message`` / ``parameterName`` /
``parameterValue``, an unknown field, the ``RCRequestId`` and other response headers.

None of it may show in ``str(exc)``, ``repr(exc)``, ``exc.args``, the ``errors`` entries'
reprs, ``exc.headers``, the cause chain or a DEBUG log record.
"""

from __future__ import annotations

import base64
import logging
from typing import Any

import pytest
from aiohttp import web

from ringcentral_async import ApiError, DecodeError, RingCentral

from .conftest import CLIENT_ID, CLIENT_SECRET, JWT, TOKEN_PATH, ClientFactory, Platform

EXT = "/restapi/v1.0/account/~/extension/~"
BASIC = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()


def secrets_of(platform: Platform, rc: RingCentral) -> list[str]:
    found = [CLIENT_SECRET, JWT, BASIC, *platform.access_tokens]
    token = rc.token
    if token is not None:
        found += [token.access_token, token.refresh_token or ""]
    return [s for s in found if s]


def echo_everything(status: int, secrets: list[str]) -> web.Response:
    blob = " | ".join(secrets)
    body: dict[str, Any] = {
        "errorCode": "CMN-" + blob,
        "message": "bad " + blob,
        "error": "invalid_" + blob,
        "error_description": "echo " + blob,
        "errors": [
            {
                "errorCode": "E" + blob,
                "message": "m " + blob,
                "parameterName": "p " + blob,
                "parameterValue": blob,
                "permissionName": "perm " + blob,
                "unknown": {"deep": [blob]},
            }
        ],
    }
    return web.json_response(
        body,
        status=status,
        headers={"RCRequestId": blob.replace(" | ", "-"), "X-Echo": "Bearer " + secrets[-1]},
    )


def everything_said(exc: BaseException) -> str:
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts += [str(current), repr(current), repr(current.args)]
        if isinstance(current, ApiError):
            parts += [repr(e) for e in current.errors]
            parts += [repr([getattr(e, n) for n in e.__slots__]) for e in current.errors]
            parts.append(repr(dict(current.headers)))
            parts.append(repr(current.request_id))
        current = current.__cause__ or current.__context__
    return "\n".join(parts)


def client_logs(caplog: pytest.LogCaptureFixture) -> str:
    """What the client logged (not the test server's access log)."""
    records = [r for r in caplog.records if r.name.startswith("ringcentral_async")]
    assert records  # DEBUG logging is on: the client did log the failing call
    return "\n".join(r.getMessage() for r in records)


def assert_clean(text: str, secrets: list[str]) -> None:
    for secret in secrets:
        assert secret not in text


@pytest.mark.parametrize("status", [400, 401, 403, 500])
async def test_an_api_error_echoing_every_secret_says_none_of_them(
    platform: Platform,
    make_client: ClientFactory,
    caplog: pytest.LogCaptureFixture,
    status: int,
) -> None:
    rc: RingCentral = await make_client(platform.url, max_retries=0)
    secrets = secrets_of(platform, rc)

    async def handler(request: web.Request) -> web.Response:
        return echo_everything(status, secrets)

    platform.on("GET", EXT, handler)
    platform.on("POST", TOKEN_PATH, handler)  # a refresh after the 401 fails the same way
    caplog.set_level(logging.DEBUG)
    with pytest.raises(ApiError) as caught:
        await rc.get(EXT)
    assert_clean(everything_said(caught.value), secrets)
    assert_clean(client_logs(caplog), secrets)


async def test_a_token_error_echoing_every_secret_says_none_of_them(
    platform: Platform, make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    secrets = [CLIENT_SECRET, JWT, BASIC]

    async def handler(request: web.Request) -> web.Response:
        return echo_everything(400, secrets)

    platform.on("POST", TOKEN_PATH, handler)
    rc: RingCentral = await make_client(platform.url, login=False)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(ApiError) as caught:
        await rc.login(jwt=JWT)
    assert_clean(everything_said(caught.value), secrets)
    assert_clean(client_logs(caplog), secrets)


@pytest.mark.parametrize("status", [200, 207])
async def test_a_body_that_is_not_json_is_not_kept_in_the_chain(
    platform: Platform, make_client: ClientFactory, status: int
) -> None:
    """json's error keeps the whole document (``.doc``): it must not hang off the
    DecodeError, not even as the ``__context__`` that ``from None`` only hides."""
    rc: RingCentral = await make_client(platform.url)
    secrets = secrets_of(platform, rc)

    async def handler(request: web.Request) -> web.Response:
        body = "not json: " + " ".join(secrets)
        return web.Response(status=status, text=body, content_type="application/json")

    platform.on("GET", EXT, handler)
    with pytest.raises(DecodeError) as caught:
        await rc.get(EXT)
    chain: list[BaseException] = []
    current: BaseException | None = caught.value
    while current is not None:
        chain.append(current)
        current = current.__cause__ or current.__context__
    text = "\n".join(repr(vars(e)) + repr(e.args) + str(e) for e in chain)
    assert_clean(text, secrets)
