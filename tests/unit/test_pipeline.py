"""Raw calls, retries, error classes, 429 handling and redaction through the client."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
import pytest
from _helpers import (
    CLIENT_ID,
    CLIENT_SECRET,
    JWT,
    SECRETS,
    SERVER,
    TOKEN_URL,
    all_calls,
    calls,
    token_body,
)
from aioresponses import CallbackResult, aioresponses

from ringcentral_async import (
    ApiError,
    BadRequestError,
    ConfigurationError,
    DecodeError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestTimeoutError,
    RingCentral,
    ServerError,
    Throttle,
    TransportError,
    __version__,
)

PATH = "/restapi/v1.0/account/~/extension/~"
URL = SERVER + PATH


class Sleeps:
    """A recording replacement for the pipeline's sleep."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


async def _logged_in(mock_api: aioresponses, **kwargs: Any) -> tuple[RingCentral, Sleeps]:
    kwargs.setdefault("throttle", False)
    sleeps = Sleeps()
    rc = RingCentral(CLIENT_ID, CLIENT_SECRET, sleep=sleeps, **kwargs)
    mock_api.post(TOKEN_URL, payload=token_body(1), repeat=True)
    await rc.login(jwt=JWT)
    return rc, sleeps


def test_plain_http_to_a_remote_host_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="plain http"):
        RingCentral(CLIENT_ID, CLIENT_SECRET, server_url="http://platform.ringcentral.com")


def test_repr_hides_secrets() -> None:
    rc = RingCentral(CLIENT_ID, CLIENT_SECRET)
    assert CLIENT_SECRET not in repr(rc)
    assert CLIENT_SECRET not in str(rc)


@pytest.mark.parametrize("bad", [{"timeout": 0}, {"max_retries": -1}, {"throttle": "yes"}])
def test_bad_arguments(bad: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError):
        RingCentral(CLIENT_ID, CLIENT_SECRET, **bad)


async def test_raw_verbs_params_and_user_agent(mock_api: aioresponses) -> None:
    rc, _ = await _logged_in(mock_api)
    mock_api.get(URL + "?status=Enabled&status=Disabled&perPage=5", payload={"records": []})
    mock_api.post(URL, payload={"created": True})
    mock_api.put(URL, payload={"updated": True})
    mock_api.patch(URL, payload={"patched": True})
    mock_api.delete(URL, status=204)
    async with rc:
        got = await rc.get(PATH, params={"status": ["Enabled", "Disabled"], "perPage": 5})
        assert got == {"records": []}
        assert await rc.post(PATH, json={"a": 1}) == {"created": True}
        assert await rc.put(PATH, json={"a": 2}) == {"updated": True}
        assert await rc.patch(PATH, json={"a": 3}) == {"patched": True}
        assert await rc.delete(PATH) is None
    (post,) = calls(mock_api, "POST", URL)
    assert post.kwargs["json"] == {"a": 1}
    sent = {m: c for m, u, c in all_calls(mock_api) if u.path == PATH}
    assert sorted(sent) == ["DELETE", "GET", "PATCH", "POST", "PUT"]
    for call in sent.values():  # every verb carries our User-Agent
        assert call.kwargs["headers"]["User-Agent"] == f"ringcentral-async/{__version__}"


async def test_user_agent_names_package_and_version() -> None:
    from ringcentral_async._transport import Transport

    transport = Transport()
    session = transport._get_session()
    try:
        assert session.headers["User-Agent"] == f"ringcentral-async/{__version__}"
    finally:
        await transport.aclose()


async def test_borrowed_session_is_not_closed(mock_api: aioresponses) -> None:
    async with aiohttp.ClientSession() as session:
        rc = RingCentral(CLIENT_ID, CLIENT_SECRET, session=session, throttle=False)
        mock_api.post(TOKEN_URL, payload=token_body())
        async with rc:
            await rc.login(jwt=JWT)
        assert not session.closed


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ApiError),
        (500, ServerError),
    ],
)
async def test_errors_are_typed_and_not_retried(
    mock_api: aioresponses, status: int, cls: type[ApiError]
) -> None:
    rc, sleeps = await _logged_in(mock_api)
    mock_api.get(
        URL,
        status=status,
        payload={"errors": [{"errorCode": "X-1", "message": "m"}]},
        headers={"RCRequestId": "rid-9"},
        repeat=True,
    )
    async with rc:
        with pytest.raises(cls) as info:
            await rc.get(PATH)
    assert info.value.status == status
    assert info.value.request_id == "rid-9"
    assert len(calls(mock_api, "GET", URL)) == 1
    assert sleeps.delays == []


@pytest.mark.parametrize("status", [502, 503, 504])
async def test_get_is_retried_on_transient_5xx(mock_api: aioresponses, status: int) -> None:
    rc, sleeps = await _logged_in(mock_api)
    mock_api.get(URL, status=status)
    mock_api.get(URL, status=status)
    mock_api.get(URL, payload={"ok": 1})
    async with rc:
        assert await rc.get(PATH) == {"ok": 1}
    assert len(sleeps.delays) == 2
    assert all(0 <= d <= 1.0 for d in sleeps.delays)  # full jitter under 0.5 s, 1 s


async def test_retry_after_on_503_is_honoured(mock_api: aioresponses) -> None:
    rc, sleeps = await _logged_in(mock_api)
    mock_api.get(URL, status=503, headers={"Retry-After": "7"})
    mock_api.get(URL, payload={"ok": 1})
    async with rc:
        await rc.get(PATH)
    assert sleeps.delays == [7.0]


async def test_retries_give_up_after_max_retries(mock_api: aioresponses) -> None:
    rc, _ = await _logged_in(mock_api, max_retries=2)
    mock_api.get(URL, status=503, repeat=True)
    async with rc:
        with pytest.raises(ServerError):
            await rc.get(PATH)
        with pytest.raises(ServerError):
            await rc.get(PATH, max_retries=0)
    assert len(calls(mock_api, "GET", URL)) == 3 + 1


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_post_is_never_resent_after_5xx(mock_api: aioresponses, status: int) -> None:
    rc, _ = await _logged_in(mock_api)
    ringout = SERVER + "/restapi/v1.0/account/~/extension/~/ring-out"
    mock_api.post(ringout, status=status, repeat=True)
    async with rc:
        with pytest.raises(ServerError):
            await rc.post("/restapi/v1.0/account/~/extension/~/ring-out", json={})
    assert len(calls(mock_api, "POST", ringout)) == 1


async def test_post_is_never_resent_after_a_timeout(mock_api: aioresponses) -> None:
    rc, _ = await _logged_in(mock_api)
    ringout = SERVER + "/restapi/v1.0/account/~/extension/~/ring-out"
    mock_api.post(ringout, exception=TimeoutError(), repeat=True)
    async with rc:
        with pytest.raises(RequestTimeoutError):
            await rc.post("/restapi/v1.0/account/~/extension/~/ring-out", json={})
    assert len(calls(mock_api, "POST", ringout)) == 1


async def test_connection_errors_and_timeouts_are_retried_for_get(mock_api: aioresponses) -> None:
    rc, sleeps = await _logged_in(mock_api)
    mock_api.get(URL, exception=aiohttp.ClientConnectionError("reset"))
    mock_api.get(URL, exception=TimeoutError())
    mock_api.get(URL, payload={"ok": 1})
    async with rc:
        assert await rc.get(PATH) == {"ok": 1}
    assert len(sleeps.delays) == 2


async def test_connection_error_is_transport_error_with_cause(mock_api: aioresponses) -> None:
    rc, _ = await _logged_in(mock_api, max_retries=0)
    mock_api.get(URL, exception=aiohttp.ClientConnectionError("boom"))
    async with rc:
        with pytest.raises(TransportError) as info:
            await rc.get(PATH)
    assert isinstance(info.value.__cause__, aiohttp.ClientConnectionError)


@pytest.mark.parametrize("body", [b"<html>", b'{"records": [1, 2'])
async def test_non_json_2xx_is_decode_error(mock_api: aioresponses, body: bytes) -> None:
    rc, _ = await _logged_in(mock_api)
    mock_api.get(URL, body=body)
    async with rc:
        with pytest.raises(DecodeError) as info:
            await rc.get(PATH)
    assert info.value.status == 200


async def test_429_raises_rate_limit_error_with_group_and_retry_after(
    mock_api: aioresponses,
) -> None:
    rc, sleeps = await _logged_in(mock_api)
    mock_api.get(
        URL,
        status=429,
        headers={"Retry-After": "3", "X-Rate-Limit-Group": "Light"},
        payload={"errors": [{"errorCode": "CMN-301", "message": "rate"}]},
        repeat=True,
    )
    async with rc:
        with pytest.raises(RateLimitError) as info:
            await rc.get(PATH)
    assert info.value.group == "Light"
    assert info.value.retry_after == 3.0
    assert sleeps.delays == [3.0] * 3  # waited Retry-After before each of max_retries retries
    assert len(calls(mock_api, "GET", URL)) == 4


async def test_429_is_not_retried_with_max_retries_0(mock_api: aioresponses) -> None:
    rc, sleeps = await _logged_in(mock_api)
    mock_api.get(URL, status=429, headers={"Retry-After": "3"}, repeat=True)
    async with rc:
        with pytest.raises(RateLimitError):
            await rc.get(PATH, max_retries=0)
    assert sleeps.delays == []
    assert len(calls(mock_api, "GET", URL)) == 1


async def test_429_then_success_without_throttle(mock_api: aioresponses) -> None:
    rc, sleeps = await _logged_in(mock_api)
    mock_api.get(URL, status=429, payload={"errors": [{"errorCode": "CMN-301"}]})
    mock_api.get(URL, payload={"ok": 1})
    async with rc:
        assert await rc.get(PATH) == {"ok": 1}
    assert sleeps.delays == [30.0]  # no Retry-After: 30 s


async def test_plan_429s_are_not_retried_blindly(mock_api: aioresponses) -> None:
    """CMN-303 "API plan cannot be resolved": waiting does not fix it."""
    rc, _ = await _logged_in(mock_api)
    mock_api.get(
        URL, status=429, payload={"errors": [{"errorCode": "CMN-303", "message": "m"}]}, repeat=True
    )
    async with rc:
        with pytest.raises(RateLimitError):
            await rc.get(PATH)
    assert len(calls(mock_api, "GET", URL)) == 1


@pytest.mark.parametrize("code", ["CMN-301", "CMN-302", "CMN-304", "CMN-310", None])
async def test_rate_429s_are_retried_after_the_pause(
    mock_api: aioresponses, code: str | None
) -> None:
    """Request rate exceeded (301/302/310) and duplicate concurrent request (304)."""
    rc, sleeps = await _logged_in(mock_api)
    body = {"errors": [{"errorCode": code, "message": "m"}]} if code else None
    mock_api.get(URL, status=429, payload=body, headers={"Retry-After": "2"})
    mock_api.get(URL, payload={"ok": 1})
    async with rc:
        assert await rc.get(PATH) == {"ok": 1}
    assert sleeps.delays == [2.0]


async def test_absolute_urls_only_to_trusted_hosts(mock_api: aioresponses) -> None:
    rc, _ = await _logged_in(mock_api)
    async with rc:
        with pytest.raises(ConfigurationError, match="refusing"):
            await rc.get("https://evil.example.com/steal")
        with pytest.raises(ConfigurationError, match="http"):
            await rc.get("http://media.ringcentral.com/x")
    assert not any("evil" in str(u) for (_m, u) in mock_api.requests)


async def test_stream_follows_redirects_to_ringcentral_hosts_only(mock_api: aioresponses) -> None:
    rc, _ = await _logged_in(mock_api)
    media = "https://media.ringcentral.com/restapi/v1.0/account/1/recording/2/content"
    cdn = "https://cdn.example.net/blob/2"
    mock_api.get(media, status=302, headers={"Location": cdn})
    mock_api.get(cdn, body=b"\x00\x01audio", content_type="audio/mpeg")
    async with rc:
        with pytest.raises(ApiError) as caught:
            async with rc.stream("GET", media):
                pass
    assert type(caught.value) is ApiError and caught.value.status == 302
    (first,) = calls(mock_api, "GET", media)
    assert first.kwargs["headers"]["Authorization"] == "Bearer ACCESS-SECRET-1"
    assert calls(mock_api, "GET", cdn) == []  # the foreign host is never asked


async def test_stream_raises_typed_errors(mock_api: aioresponses) -> None:
    rc, _ = await _logged_in(mock_api)
    media = SERVER + "/restapi/v1.0/account/1/recording/2/content"
    mock_api.get(media, status=416, payload={"errors": [{"errorCode": "CMN-107", "message": "r"}]})
    async with rc:
        with pytest.raises(ApiError) as info:
            async with rc.stream("GET", media, headers={"Range": "bytes=999999-"}):
                pass
    assert info.value.status == 416
    assert info.value.error_code == "CMN-107"


async def test_no_secret_in_logs_or_exceptions(
    mock_api: aioresponses, caplog: pytest.LogCaptureFixture
) -> None:
    """A full flow at DEBUG: login, calls, errors, refresh, logout. No secret anywhere."""
    caplog.set_level(logging.DEBUG, logger="ringcentral_async")
    texts: list[str] = []
    rc = RingCentral(CLIENT_ID, CLIENT_SECRET, throttle=False, sleep=Sleeps())
    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.post(TOKEN_URL, payload=token_body(2))
    mock_api.post(
        TOKEN_URL, status=400, payload={"error": "invalid_grant", "error_description": "bad"}
    )
    mock_api.get(URL, status=503)
    mock_api.get(URL, payload={"ok": 1})
    mock_api.get(URL, status=401, payload={"errorCode": "OAU-128"})
    mock_api.get(URL, payload={"ok": 2})
    mock_api.get(URL, status=404, payload={"errors": [{"errorCode": "CMN-102", "message": "x"}]})
    mock_api.post(SERVER + "/restapi/oauth/revoke", status=500)
    async with rc:
        token = await rc.login(jwt=JWT)
        texts += [repr(token), str(token), repr(rc)]
        await rc.get(PATH)
        await rc.get(PATH)
        for coro in (rc.get(PATH), rc.refresh()):
            try:
                await coro
            except Exception as exc:
                texts += [str(exc), repr(exc)]
        try:
            await rc.login(username="u", password="pass-SECRET-word")
        except Exception as exc:
            texts += [str(exc), repr(exc)]
        await rc.logout()
    texts.append(caplog.text)
    texts += [r.getMessage() for r in caplog.records]
    blob = "\n".join(texts)
    assert "GET /restapi/v1.0/account/~/extension/~ -> 200" in blob
    for secret in SECRETS:
        assert secret not in blob, secret


async def test_per_call_timeout_is_applied(mock_api: aioresponses) -> None:
    rc, _ = await _logged_in(mock_api)
    mock_api.get(URL, payload={})
    async with rc:
        await rc.get(PATH, timeout=1.5)
    (call,) = calls(mock_api, "GET", URL)
    assert call.kwargs["timeout"].total == 1.5


async def test_cancelled_call_leaves_client_usable(mock_api: aioresponses) -> None:
    rc, _ = await _logged_in(mock_api)

    seen = []
    hanging = asyncio.Event()

    async def first_slow(url: Any, **kwargs: Any) -> CallbackResult:
        seen.append(url)
        if len(seen) == 1:
            hanging.set()
            await asyncio.Event().wait()  # never answered: only the cancel ends it
        return CallbackResult(payload={"ok": len(seen)})

    mock_api.get(URL, callback=first_slow, repeat=True)
    async with rc:
        task = asyncio.ensure_future(rc.get(PATH))
        await hanging.wait()  # the request is on the wire, not merely scheduled
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await rc.get(PATH) == {"ok": 2}


async def test_429_log_line_reports_the_throttles_real_pause(
    mock_api: aioresponses, caplog: pytest.LogCaptureFixture
) -> None:
    """Without Retry-After the throttle pauses for its own default (here 1.5 s, not the
    library-wide 30 s), and the warning says so."""
    now = [1000.0]

    async def sleep(delay: float) -> None:
        now[0] += delay
        await asyncio.sleep(0)

    throttle = Throttle(default_retry_after=1.5, clock=lambda: now[0], sleep=sleep)
    rc, _ = await _logged_in(mock_api, throttle=throttle)
    mock_api.get(URL, status=429, payload={"errors": [{"errorCode": "CMN-301", "message": "m"}]})
    mock_api.get(URL, payload={"ok": 1})
    started = now[0]
    with caplog.at_level(logging.WARNING, logger="ringcentral_async"):
        async with rc:
            assert await rc.get(PATH) == {"ok": 1}
    [line] = [r.getMessage() for r in caplog.records if "HTTP 429" in r.getMessage()]
    assert line.endswith("pausing 1.5 s")
    assert now[0] - started >= 1.5  # and the retry really waited that long
