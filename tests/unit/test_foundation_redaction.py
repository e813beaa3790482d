"""No secret in any repr, exception text or log record, even when the platform (or aiohttp)
echoes one back: a full flow at DEBUG on every logger, then a search for each secret."""

from __future__ import annotations

import base64
import logging
import traceback
from typing import Any

import aiohttp
import pytest
from _helpers import CLIENT_ID, CLIENT_SECRET, JWT, REVOKE_URL, SERVER, TOKEN_URL, token_body
from aioresponses import aioresponses
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL as YURL

from ringcentral_async import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    FileTokenStore,
    MemoryTokenStore,
    OAuthError,
    RingCentral,
    TransportError,
)

PATH = "/restapi/v1.0/account/~/extension/~"
URL = SERVER + PATH
PASSWORD = "pass-SECRET-word"
CODE = "CODE-SECRET-77"
VERIFIER = "VERIFIER-SECRET-88"
BASIC = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
SECRETS = [
    CLIENT_SECRET,
    BASIC,
    JWT,
    PASSWORD,
    CODE,
    VERIFIER,
    "ACCESS-SECRET",
    "REFRESH-SECRET",
]


def _echo(status: int, *secrets: str) -> dict[str, Any]:
    """An OAuth error body that echoes the given inputs back everywhere it can."""
    joined = " ".join(secrets)
    return {
        "status": status,
        "payload": {
            "error": "invalid_grant",
            "error_description": f"Value {joined} is invalid",
            "message": f"message {joined}",
            "errors": [
                {
                    "errorCode": "OAU-140",
                    "message": f"entry {joined}",
                    "parameterName": "assertion",
                    "parameterValue": secrets[0],
                    "details": {"echo": list(secrets)},
                }
            ],
        },
    }


def _request_info(url: str) -> aiohttp.RequestInfo:
    headers = CIMultiDictProxy(CIMultiDict({"Authorization": "Bearer ACCESS-SECRET-2"}))
    return aiohttp.RequestInfo(YURL(url), "GET", headers, YURL(url))


def _texts(exc: BaseException) -> list[str]:
    """Everything a traceback, a log formatter or a debugger would show of ``exc``."""
    out = ["".join(traceback.format_exception(exc))]
    seen: set[int] = set()
    node: BaseException | None = exc
    stack = [exc]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        out += [str(node), repr(node), repr(node.args)]
        for name in ("message", "error", "error_description", "error_code", "headers"):
            out.append(repr(getattr(node, name, None)))
        for entry in getattr(node, "errors", None) or []:
            out += [repr(entry), repr(vars_of(entry))]
        if isinstance(node, aiohttp.ClientResponseError):
            out += [repr(node.request_info), repr(node.history)]
        stack += [node.__cause__, node.__context__]  # type: ignore[list-item]
    return out


def vars_of(entry: Any) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in entry.__slots__}


async def _no_sleep(_delay: float) -> None:
    return None


async def test_full_flow_leaks_no_secret(
    mock_api: aioresponses, caplog: pytest.LogCaptureFixture, tmp_path: Any
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: ours, aiohttp's, asyncio's
    texts: list[str] = []
    store = FileTokenStore(tmp_path / "t.json")
    rc = RingCentral(CLIENT_ID, CLIENT_SECRET, throttle=False, token_store=store, sleep=_no_sleep)

    async def expect(exc_type: type[BaseException], coro: Any) -> None:
        with pytest.raises(exc_type) as info:
            await coro
        texts.extend(_texts(info.value))

    # grants refused with bodies that echo every input
    mock_api.post(TOKEN_URL, **_echo(400, JWT, BASIC))
    mock_api.post(TOKEN_URL, **_echo(401, PASSWORD, CLIENT_SECRET))
    mock_api.post(TOKEN_URL, **_echo(400, CODE, VERIFIER))
    mock_api.post(TOKEN_URL, payload=token_body(1))
    # API 401 echoing the access token; refresh refused echoing the refresh token; JWT again
    mock_api.get(URL, status=401, payload={"errorCode": "OAU-128", "message": "ACCESS-SECRET-1"})
    mock_api.post(TOKEN_URL, **_echo(400, "REFRESH-SECRET-1"))
    mock_api.post(TOKEN_URL, payload=token_body(2))
    mock_api.get(URL, payload={"ok": 1})
    # a 400 naming the token as the bad parameter value
    bad = {"errorCode": "CMN-101", "message": "bad ACCESS-SECRET-2", "parameterValue": "x"}
    mock_api.get(URL, status=400, payload={"errors": [bad]})
    # aiohttp errors that embed the request (headers) or the URL with a token query
    leaky_url = URL + "?access_token=ACCESS-SECRET-2"
    mock_api.get(URL, exception=aiohttp.TooManyRedirects(_request_info(leaky_url), ()))
    mock_api.get(URL, exception=aiohttp.InvalidURL(leaky_url, "bad"))
    mock_api.get(URL, exception=aiohttp.NonHttpUrlClientError(leaky_url))
    mock_api.get(
        URL,
        exception=aiohttp.ClientResponseError(
            _request_info(leaky_url),
            (),
            status=400,
            message="x",
            headers=CIMultiDict({"Set-Cookie": "s"}),
        ),
    )
    mock_api.get(URL, exception=aiohttp.ClientPayloadError(f"truncated at {leaky_url}"))
    # a streamed download refused with an echo; revoke refused with an echo
    media = SERVER + "/restapi/v1.0/account/1/recording/2/content"
    mock_api.get(media, status=403, payload={"message": "no ACCESS-SECRET-2 for you"})
    mock_api.post(REVOKE_URL, **_echo(400, "REFRESH-SECRET-2", BASIC))

    async with rc:
        await expect(OAuthError, rc.login(jwt=JWT))
        with pytest.warns(DeprecationWarning):
            await expect(OAuthError, rc.login(username="+1650", password=PASSWORD))
        code_login = rc.login(code=CODE, redirect_uri="https://a/cb", code_verifier=VERIFIER)
        await expect(OAuthError, code_login)
        token = await rc.login(jwt=JWT)
        texts += [repr(token), str(token), repr(rc), str(rc), repr(rc._auth), repr(store)]
        assert await rc.get(PATH) == {"ok": 1}
        texts += [repr(rc.token), repr(rc._pipeline), repr(rc._transport)]
        await expect(BadRequestError, rc.get(PATH))
        for _ in range(5):
            await expect(TransportError, rc.get(PATH, max_retries=0))
        with pytest.raises(ApiError) as info:
            async with rc.stream("GET", media):
                pass
        texts.extend(_texts(info.value))
        await rc.logout()
    texts.append(caplog.text)
    texts += [r.getMessage() for r in caplog.records]
    texts += [repr(r.args) for r in caplog.records]
    blob = "\n".join(texts)
    assert "GET /restapi/v1.0/account/~/extension/~ -> 200" in blob  # logging did happen
    assert "token revoke failed" in blob
    for secret in SECRETS:
        assert secret not in blob, secret


async def test_redacted_errors_keep_their_useful_fields(mock_api: aioresponses) -> None:
    mock_api.post(TOKEN_URL, **_echo(400, JWT))
    async with RingCentral(CLIENT_ID, CLIENT_SECRET, throttle=False) as rc:
        with pytest.raises(OAuthError) as info:
            await rc.login(jwt=JWT)
    err = info.value
    assert err.status == 400
    assert err.error == "invalid_grant"
    assert err.error_code == "OAU-140"
    assert err.errors[0].parameter_name == "assertion"
    assert err.errors[0].parameter_value == "<redacted>"
    assert err.error_description == "Value <redacted> is invalid"
    assert "<redacted>" in str(err)


async def test_transport_error_cause_is_the_scrubbed_aiohttp_error(
    mock_api: aioresponses,
) -> None:
    mock_api.post(TOKEN_URL, payload=token_body(1))
    leaky = URL + "?access_token=ACCESS-SECRET-1"
    mock_api.get(URL, exception=aiohttp.TooManyRedirects(_request_info(leaky), ()))
    async with RingCentral(CLIENT_ID, CLIENT_SECRET, throttle=False) as rc:
        await rc.login(jwt=JWT)
        with pytest.raises(TransportError) as info:
            await rc.get(PATH, max_retries=0)
    cause = info.value.__cause__
    assert isinstance(cause, aiohttp.TooManyRedirects)  # still the aiohttp error, as promised
    assert str(cause.request_info.real_url) == URL
    assert "Authorization" not in cause.request_info.headers
    assert str(info.value) == f"GET {URL} failed: TooManyRedirects"


def test_reprs_hold_no_secret() -> None:
    rc = RingCentral(CLIENT_ID, CLIENT_SECRET)
    store = MemoryTokenStore()
    for text in (repr(rc), str(rc), repr(rc._auth), repr(store)):
        for secret in SECRETS:
            assert secret not in text


async def test_401_on_a_stream_is_refreshed_and_replayed_once(mock_api: aioresponses) -> None:
    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.post(TOKEN_URL, payload=token_body(2))
    media = SERVER + "/restapi/v1.0/account/1/recording/2/content"
    mock_api.get(media, status=401, payload={"errorCode": "OAU-128"})
    mock_api.get(media, body=b"audio", content_type="audio/mpeg")
    async with RingCentral(CLIENT_ID, CLIENT_SECRET, throttle=False) as rc:
        await rc.login(jwt=JWT)
        async with rc.stream("GET", media) as resp:
            assert await resp.content.read() == b"audio"
    sent = [c.kwargs["headers"]["Authorization"] for c in mock_api.requests[("GET", YURL(media))]]
    assert sent == ["Bearer ACCESS-SECRET-1", "Bearer ACCESS-SECRET-2"]


async def test_401_on_a_stream_twice_raises(mock_api: aioresponses) -> None:
    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.post(TOKEN_URL, payload=token_body(2))
    media = SERVER + "/restapi/v1.0/account/1/recording/2/content"
    mock_api.get(media, status=401, payload={"errorCode": "OAU-128"}, repeat=True)
    async with RingCentral(CLIENT_ID, CLIENT_SECRET, throttle=False) as rc:
        await rc.login(jwt=JWT)
        with pytest.raises(AuthenticationError):
            async with rc.stream("GET", media):
                pass
    assert len(mock_api.requests[("GET", YURL(media))]) == 2
