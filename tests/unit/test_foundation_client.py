"""The client and its transport: session lifecycle, User-Agent, raw calls, option checks,
the trusted-host and loopback-only rules, Bearer and Basic headers."""

from __future__ import annotations

import asyncio
import base64
import logging
import re
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from _helpers import CLIENT_ID, CLIENT_SECRET, JWT, SERVER, TOKEN_URL, calls, token_body
from aioresponses import aioresponses

import ringcentral_async
from ringcentral_async import (
    PRODUCTION_URL,
    SANDBOX_URL,
    ApiError,
    ConfigurationError,
    RingCentral,
    TransportError,
    __version__,
)
from ringcentral_async._config import validate_server_url

PATH = "/restapi/v1.0/account/~/extension/~"
URL = SERVER + PATH
UA = f"ringcentral-async/{__version__}"
PACKAGE = Path(ringcentral_async.__file__).parent


async def _logged_in(mock_api: aioresponses, **kwargs: Any) -> RingCentral:
    kwargs.setdefault("throttle", False)
    rc = RingCentral(CLIENT_ID, CLIENT_SECRET, **kwargs)
    mock_api.post(TOKEN_URL, payload=token_body(1))
    await rc.login(jwt=JWT)
    return rc


def test_constants_and_defaults() -> None:
    assert PRODUCTION_URL == "https://platform.ringcentral.com"
    assert SANDBOX_URL == "https://platform.devtest.ringcentral.com"
    rc = RingCentral(CLIENT_ID)
    assert rc.server_url == PRODUCTION_URL
    assert rc._pipeline.timeout == 30.0
    assert rc._pipeline.max_retries == 3


# -- session lifecycle -------------------------------------------------------------------


def test_no_session_is_made_outside_a_running_loop() -> None:
    rc = RingCentral(CLIENT_ID, CLIENT_SECRET)
    assert rc._transport._session is None


async def test_one_lazy_session_per_client_in_the_running_loop(mock_api: aioresponses) -> None:
    rc = await _logged_in(mock_api)
    session = rc._transport._session
    assert session is not None
    assert session._loop is asyncio.get_running_loop()
    mock_api.get(URL, payload={}, repeat=True)
    await rc.get(PATH)
    await rc.get(PATH)
    assert rc._transport._session is session
    await rc.aclose()
    assert session.closed
    await rc.aclose()  # idempotent
    with pytest.raises(ConfigurationError, match="closed"):
        await rc.get(PATH)


async def test_borrowed_session_gets_our_user_agent_and_stays_open(
    mock_api: aioresponses,
) -> None:
    async with aiohttp.ClientSession() as session:
        rc = RingCentral(CLIENT_ID, CLIENT_SECRET, session=session, throttle=False)
        mock_api.post(TOKEN_URL, payload=token_body())
        mock_api.get(URL, payload={})
        async with rc:
            await rc.login(jwt=JWT)
            await rc.get(PATH)
        assert not session.closed
    for call in [*calls(mock_api, "POST", TOKEN_URL), *calls(mock_api, "GET", URL)]:
        assert call.kwargs["headers"]["User-Agent"] == UA


async def test_a_closed_borrowed_session_is_a_clear_error() -> None:
    session = aiohttp.ClientSession()
    await session.close()
    async with RingCentral(CLIENT_ID, CLIENT_SECRET, session=session, throttle=False) as rc:
        with pytest.raises(ConfigurationError, match="session lent to the client is closed"):
            await rc.login(jwt=JWT)


async def test_a_user_agent_header_of_the_caller_wins(mock_api: aioresponses) -> None:
    rc = await _logged_in(mock_api)
    mock_api.get(URL, payload={})
    async with rc:
        await rc.get(PATH, headers={"user-agent": "my-app/2"})
    (call,) = calls(mock_api, "GET", URL)
    values = [v for k, v in call.kwargs["headers"].items() if k.lower() == "user-agent"]
    assert values == ["my-app/2"]


# -- raw calls ----------------------------------------------------------------------------


async def test_raw_calls_send_params_json_data_and_headers(mock_api: aioresponses) -> None:
    rc = await _logged_in(mock_api)
    mock_api.get(URL + "?type=Voice&type=Fax&showBlocked=true", payload={"a": 1})
    mock_api.post(URL, payload={"b": 2})
    mock_api.put(URL, status=204)
    mock_api.delete(URL, body=b"")
    async with rc:
        got = await rc.get(PATH, params={"type": ["Voice", "Fax"], "showBlocked": True, "x": None})
        assert got == {"a": 1}
        assert await rc.post(PATH, data={"f": "v"}, headers={"X-Custom": "1"}) == {"b": 2}
        assert await rc.put(PATH, json={"c": 3}) is None  # 204
        assert await rc.delete(PATH) is None  # empty body
    (post,) = calls(mock_api, "POST", URL)
    assert post.kwargs["data"] == {"f": "v"}
    assert post.kwargs["headers"]["X-Custom"] == "1"
    assert post.kwargs["headers"]["Authorization"] == "Bearer ACCESS-SECRET-1"
    (put,) = calls(mock_api, "PUT", URL)
    assert put.kwargs["json"] == {"c": 3}
    assert put.kwargs["timeout"].total == 30.0


async def test_client_timeout_applies_to_every_call(mock_api: aioresponses) -> None:
    rc = await _logged_in(mock_api, timeout=4.5)
    mock_api.get(URL, payload={})
    async with rc:
        await rc.get(PATH)
    assert calls(mock_api, "GET", URL)[0].kwargs["timeout"].total == 4.5


@pytest.mark.parametrize(
    "kwargs",
    [
        {"timeout": 0},
        {"timeout": -1},
        {"timeout": "5"},
        {"timeout": True},
        {"max_retries": -1},
        {"max_retries": 1.5},
        {"max_retries": True},
        {"json": {"a": 1}, "data": {"b": 2}},
        {"params": {"dateFrom": __import__("datetime").datetime(2026, 1, 1)}},
    ],
)
async def test_bad_call_options_send_nothing(
    mock_api: aioresponses, kwargs: dict[str, Any]
) -> None:
    rc = await _logged_in(mock_api)
    async with rc:
        with pytest.raises(ConfigurationError):
            await rc.request("POST", PATH, **kwargs)
    assert calls(mock_api, "POST", URL) == []


@pytest.mark.parametrize("kwargs", [{"timeout": 0}, {"timeout": "x"}, {"max_retries": -2}])
def test_bad_client_options(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError):
        RingCentral(CLIENT_ID, CLIENT_SECRET, **kwargs)


@pytest.mark.parametrize("token_type", ["bearer", "BEARER", "Bearer", "mac", ""])
async def test_bearer_has_a_capital_b_whatever_token_type_says(
    mock_api: aioresponses, token_type: str
) -> None:
    mock_api.post(TOKEN_URL, payload={**token_body(1), "token_type": token_type})
    mock_api.get(URL, payload={})
    async with RingCentral(CLIENT_ID, CLIENT_SECRET, throttle=False) as rc:
        await rc.login(jwt=JWT)
        await rc.get(PATH)
    assert calls(mock_api, "GET", URL)[0].kwargs["headers"]["Authorization"] == (
        "Bearer ACCESS-SECRET-1"
    )


async def test_basic_client_header_is_built_by_hand(mock_api: aioresponses) -> None:
    secret = "sé:cret/+="
    mock_api.post(TOKEN_URL, payload=token_body())
    async with RingCentral(CLIENT_ID, secret, throttle=False) as rc:
        await rc.login(jwt=JWT)
    (call,) = calls(mock_api, "POST", TOKEN_URL)
    scheme, value = call.kwargs["headers"]["Authorization"].split(" ")
    assert scheme == "Basic"
    assert base64.b64decode(value).decode() == f"{CLIENT_ID}:{secret}"
    assert "auth" not in call.kwargs or call.kwargs["auth"] is None
    sources = "".join(p.read_text("utf-8") for p in PACKAGE.rglob("*.py"))
    assert "BasicAuth" not in sources  # aiohttp 3.14 deprecates it


# -- trusted hosts and the loopback-only rule ------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example.com/x",
        "https://platform.ringcentral.com.evil.com/x",
        "https://evilringcentral.com/x",
        "http://media.ringcentral.com/x",
        "http://platform.ringcentral.com/x",
        "HTTP://platform.ringcentral.com/x",
        "ftp://media.ringcentral.com/x",
        "//evil.example.com/x",
        "https://user:pw@media.ringcentral.com/x",
        "https://media.ringcentral.com:99999/x",
        "",
    ],
)
async def test_absolute_urls_off_trusted_https_are_refused(
    mock_api: aioresponses, target: str
) -> None:
    rc = await _logged_in(mock_api)
    async with rc:
        with pytest.raises(ConfigurationError):
            await rc.get(target)
        with pytest.raises(ConfigurationError):
            async with rc.stream("GET", target):
                pass
        with pytest.raises(ConfigurationError):
            await rc.post(target, json={})
    assert [m for (m, _u) in mock_api.requests] == ["POST"]  # only the login


@pytest.mark.parametrize(
    "target",
    [
        "https://media.ringcentral.com/restapi/v1.0/account/1/recording/2/content",
        "https://platform.ringcentral.com/restapi/v1.0/account/~",
        "HTTPS://Media.RingCentral.com/restapi/v1.0/x",
    ],
)
async def test_absolute_urls_on_trusted_https_hosts_are_sent(
    mock_api: aioresponses, target: str
) -> None:
    rc = await _logged_in(mock_api)
    mock_api.get(target, payload={"ok": 1})
    async with rc:
        assert await rc.get(target) == {"ok": 1}


async def test_stream_redirect_to_plain_http_is_not_followed(mock_api: aioresponses) -> None:
    rc = await _logged_in(mock_api)
    media = "https://media.ringcentral.com/restapi/v1.0/account/1/recording/2/content"
    downgraded = "http://media.ringcentral.com/blob/2"
    mock_api.get(media, status=302, headers={"Location": downgraded})
    mock_api.get(downgraded, body=b"x", content_type="audio/mpeg")
    async with rc:
        with pytest.raises(ApiError, match="HTTP 302") as caught:
            async with rc.stream("GET", media):
                pass
    assert caught.value.status == 302
    assert calls(mock_api, "GET", downgraded) == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1",
        "http://127.255.255.254:1",
        "http://localhost",
        "http://LOCALHOST:80",
        "http://[::1]",
        "https://10.0.0.1",  # https anywhere is fine
    ],
)
def test_loopback_and_https_server_urls_are_accepted(url: str) -> None:
    assert RingCentral(CLIENT_ID, server_url=url).server_url == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://128.0.0.1",
        "http://126.255.255.255",
        "http://[::2]",
        "http://[::ffff:10.0.0.1]",
        "http://0.0.0.0",
        "http://127.0.0.1.nip.io",
        "http://localhost.example.com",
        "http://169.254.169.254",
        "http://user:pw@127.0.0.1",
        "https://user@platform.ringcentral.com",
        "http://127.0.0.1:notaport",
        "https://",
        "ws://127.0.0.1",
        None,
    ],
)
def test_other_server_urls_are_refused(url: Any) -> None:
    with pytest.raises(ConfigurationError):
        validate_server_url(url)
    with pytest.raises(ConfigurationError):
        RingCentral(CLIENT_ID, server_url=url)


# -- logging ----------------------------------------------------------------------------


async def test_debug_log_names_method_path_status_duration_and_request_id(
    mock_api: aioresponses, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="ringcentral_async")
    rc = await _logged_in(mock_api, max_retries=0)
    mock_api.get(URL + "?perPage=5", payload={}, headers={"RCRequestId": "rid-7"})
    mock_api.get(URL, exception=aiohttp.ServerDisconnectedError())
    async with rc:
        await rc.get(PATH, params={"perPage": 5})
        with pytest.raises(TransportError):
            await rc.get(PATH)
    ours = [r for r in caplog.records if r.name == "ringcentral_async"]
    messages = [r.getMessage() for r in ours]
    assert any(
        re.fullmatch(
            r"GET /restapi/v1\.0/account/~/extension/~ -> 200 in \d+\.\d ms \[RCRequestId rid-7\]",
            m,
        )
        for m in messages
    ), messages
    assert any(re.fullmatch(r"POST /restapi/oauth/token -> 200 in .* ms .*", m) for m in messages)
    assert any("-> TransportError after" in m for m in messages)
    assert all(r.levelno == logging.DEBUG for r in ours)
    assert not any("perPage" in m for m in messages)  # the query string stays out of logs


async def test_each_request_names_its_operation_to_the_throttle(mock_api: aioresponses) -> None:
    """The throttle learns per (method, spec template) which group the server counts."""
    rc = await _logged_in(mock_api)
    seen: list[tuple[str | None, Any]] = []

    class Slot:
        def observe(self, status: int, headers: Any) -> None:
            return None

        async def __aenter__(self) -> Slot:
            return self

        async def __aexit__(self, *exc: object) -> None:
            return None

    class Throttle:
        max_pause = 300.0
        pauses_groups = False

        def pause_remaining(self, group: str) -> float:
            return 0.0

        def slot(self, group: str | None, *, operation: Any = None) -> Slot:
            seen.append((group, operation))
            return Slot()

    rc._pipeline.throttle = Throttle()
    mock_api.get(SERVER + "/restapi/v1.0/account/~/extension/123?a=1", payload={})
    mock_api.get(SERVER + "/restapi/v1.0/no-such-area", payload={})
    async with rc:
        await rc.get("/restapi/v1.0/account/~/extension/123", params={"a": 1})
        await rc.get("/restapi/v1.0/no-such-area")
    assert seen == [
        ("Light", ("GET", "/restapi/v1.0/account/{accountId}/extension/{extensionId}")),
        ("Heavy", ("GET", "/restapi/v1.0/no-such-area")),
    ]
