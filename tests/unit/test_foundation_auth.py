"""Authentication edge cases (aioresponses): spent refresh tokens, failing token requests
with many waiters, leases on the old token, login arguments, logout races, token stores."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import parse_qs

import aiohttp
import pytest
from _helpers import CLIENT_ID, CLIENT_SECRET, JWT, REVOKE_URL, SERVER, TOKEN_URL, calls, token_body
from aioresponses import CallbackResult, aioresponses

from ringcentral_async import (
    ApiError,
    AuthenticationError,
    ConfigurationError,
    DecodeError,
    FileTokenStore,
    MemoryTokenStore,
    OAuthError,
    RateLimitError,
    RequestTimeoutError,
    RingCentral,
    ServerError,
    Token,
    TransportError,
)

PATH = "/restapi/v1.0/account/~/extension/~"
URL = SERVER + PATH
T0 = datetime(2026, 1, 1, tzinfo=UTC)


class Clock:
    """An injected wall clock for token expiry."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


async def _no_sleep(_delay: float) -> None:
    return None


def _client(clock: Clock | None = None, **kwargs: Any) -> RingCentral:
    kwargs.setdefault("throttle", False)
    if clock is not None:
        kwargs["clock"] = clock
    return RingCentral(CLIENT_ID, CLIENT_SECRET, sleep=_no_sleep, **kwargs)


def _form(call: Any) -> dict[str, str]:
    data = call.kwargs["data"]
    if isinstance(data, dict):
        return {k: str(v) for k, v in data.items()}
    return {k: v[0] for k, v in parse_qs(str(data)).items()}


def _grants(mock_api: aioresponses) -> list[str]:
    """grant_type (and the refresh token used) of every token request, in order."""
    out = []
    for call in calls(mock_api, "POST", TOKEN_URL):
        form = _form(call)
        grant = form["grant_type"].rsplit(":", 1)[-1]
        out.append(f"{grant}:{form['refresh_token']}" if grant == "refresh_token" else grant)
    return out


def _connector_error() -> aiohttp.ClientConnectorError:
    key = mock.Mock(host="platform.ringcentral.com", port=443, ssl=True)
    return aiohttp.ClientConnectorError(key, OSError(111, "Connection refused"))


# -- a refresh whose outcome is unknown: the old refresh token is never sent again ------


LOST = [
    pytest.param(aiohttp.ServerDisconnectedError(), TransportError, id="reset-after-send"),
    pytest.param(TimeoutError(), RequestTimeoutError, id="timeout"),
    pytest.param(None, ServerError, id="http-500"),
]


@pytest.mark.parametrize(("exception", "error"), LOST)
async def test_lost_refresh_falls_back_to_the_jwt(
    mock_api: aioresponses, exception: BaseException | None, error: type[Exception]
) -> None:
    mock_api.post(TOKEN_URL, payload=token_body(1))
    if exception is None:
        mock_api.post(TOKEN_URL, status=500)
    else:
        mock_api.post(TOKEN_URL, exception=exception)
    mock_api.post(TOKEN_URL, payload=token_body(2))
    async with _client() as rc:
        await rc.login(jwt=JWT)
        token = await rc.refresh()
    assert token.access_token == "ACCESS-SECRET-2"
    assert _grants(mock_api) == ["jwt-bearer", "refresh_token:REFRESH-SECRET-1", "jwt-bearer"]


@pytest.mark.parametrize(("exception", "error"), LOST[:2])
async def test_lost_refresh_without_jwt_never_resends_the_refresh_token(
    mock_api: aioresponses, exception: BaseException | None, error: type[Exception]
) -> None:
    """Code-flow login (no JWT to fall back on): the error surfaces, the spent refresh token
    is dropped (also from the store), later calls ask for a new login without sending it."""
    store = MemoryTokenStore()
    mock_api.post(TOKEN_URL, payload=token_body(1))
    if exception is None:
        mock_api.post(TOKEN_URL, status=500)
    else:
        mock_api.post(TOKEN_URL, exception=exception)
    mock_api.post(TOKEN_URL, payload=token_body(9), repeat=True)
    async with _client(token_store=store) as rc:
        await rc.login(code="the-code", redirect_uri="https://app/cb")
        with pytest.raises(error):
            await rc.refresh()
        assert rc.token is not None and rc.token.refresh_token is None
        saved = await store.load()
        assert saved is not None and saved.refresh_token is None
        with pytest.raises(AuthenticationError, match="log in again"):
            await rc.refresh()
    assert _grants(mock_api) == ["authorization_code", "refresh_token:REFRESH-SECRET-1"]


@pytest.mark.parametrize("status", [500, 503, 408])
async def test_server_fault_on_refresh_without_jwt_keeps_the_refresh_token(
    mock_api: aioresponses, status: int
) -> None:
    """Code-flow login (no JWT): a 5xx/408 answer means "try again" (docs/platform.md §3.3),
    so the pair is kept and the next refresh sends the same refresh token."""
    store = MemoryTokenStore()
    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.post(TOKEN_URL, status=status)
    mock_api.post(TOKEN_URL, payload=token_body(2))
    async with _client(token_store=store, max_retries=0) as rc:
        await rc.login(code="the-code", redirect_uri="https://app/cb")
        with pytest.raises(ApiError):
            await rc.refresh()
        assert rc.token is not None and rc.token.refresh_token == "REFRESH-SECRET-1"
        assert (await rc.refresh()).access_token == "ACCESS-SECRET-2"
    saved = await store.load()
    assert saved is not None and saved.refresh_token == "REFRESH-SECRET-2"
    assert _grants(mock_api) == [
        "authorization_code",
        "refresh_token:REFRESH-SECRET-1",
        "refresh_token:REFRESH-SECRET-1",
    ]


async def test_refresh_that_never_left_is_retried_with_the_same_token(
    mock_api: aioresponses,
) -> None:
    """A refused connection: the platform never saw the refresh token, so it is still good."""
    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.post(TOKEN_URL, exception=_connector_error())
    mock_api.post(TOKEN_URL, payload=token_body(2))
    async with _client() as rc:
        await rc.login(jwt=JWT)
        assert (await rc.refresh()).access_token == "ACCESS-SECRET-2"
    assert _grants(mock_api) == [
        "jwt-bearer",
        "refresh_token:REFRESH-SECRET-1",
        "refresh_token:REFRESH-SECRET-1",
    ]


async def test_refresh_429_keeps_the_refresh_token(mock_api: aioresponses) -> None:
    """A 429 was rejected before processing: retried after the pause, same refresh token."""
    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.post(TOKEN_URL, status=429, headers={"Retry-After": "1"})
    mock_api.post(TOKEN_URL, payload=token_body(2))
    async with _client() as rc:
        await rc.login(jwt=JWT)
        assert (await rc.refresh()).access_token == "ACCESS-SECRET-2"
    assert _grants(mock_api)[1:] == ["refresh_token:REFRESH-SECRET-1"] * 2


async def test_refresh_429_exhausted_keeps_the_refresh_token(mock_api: aioresponses) -> None:
    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.post(TOKEN_URL, status=429, headers={"Retry-After": "1"}, repeat=True)
    async with _client(max_retries=1) as rc:
        rc._auth._jwt = None
        await rc.login(jwt=JWT)
        with pytest.raises(RateLimitError):
            await rc.refresh()
        assert rc.token is not None and rc.token.refresh_token == "REFRESH-SECRET-1"


async def test_refused_refresh_without_jwt_stops_sending_token_requests(
    mock_api: aioresponses,
) -> None:
    """invalid_grant: the refresh token is dead; no later call sends it (or anything) again."""
    clock = Clock()
    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.post(TOKEN_URL, status=400, payload={"error": "invalid_grant"}, repeat=True)
    async with _client(clock) as rc:
        await rc.login(code="c", redirect_uri="https://app/cb")
        clock.advance(3590)
        with pytest.raises(OAuthError):
            await rc.get(PATH)
        for _ in range(3):
            with pytest.raises(AuthenticationError):
                await rc.get(PATH)
    assert len(calls(mock_api, "POST", TOKEN_URL)) == 2
    assert calls(mock_api, "GET", URL) == []


# -- a failing token request and many waiters: no stampede ------------------------------


async def test_failed_refresh_fails_all_100_waiters_with_one_token_request(
    mock_api: aioresponses,
) -> None:
    clock = Clock()
    mock_api.post(TOKEN_URL, payload=token_body(1))

    async def slow_503(url: Any, **kwargs: Any) -> CallbackResult:
        await asyncio.sleep(0.02)
        return CallbackResult(status=503)

    mock_api.post(TOKEN_URL, callback=slow_503, repeat=True)
    mock_api.get(URL, payload={"ok": 1}, repeat=True)
    async with _client(clock) as rc:
        await rc.login(code="c", redirect_uri="https://app/cb")  # no JWT to fall back on
        clock.advance(3590)
        results = await asyncio.gather(*(rc.get(PATH) for _ in range(100)), return_exceptions=True)
    assert all(isinstance(r, ServerError) for r in results), results[:3]
    assert len(calls(mock_api, "POST", TOKEN_URL)) == 2  # login + ONE refresh, not 100
    assert calls(mock_api, "GET", URL) == []  # nothing went out with the stale token


async def test_failing_jwt_relogin_holds_100_waiters_then_serves_them(
    mock_api: aioresponses,
) -> None:
    """Refresh lost, JWT grant 503 twice (retried with backoff inside the one flight),
    then OK: one flight, every waiter gets the new token, none sent the old one."""
    clock = Clock()
    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.post(TOKEN_URL, exception=aiohttp.ServerDisconnectedError())
    mock_api.post(TOKEN_URL, status=503)
    mock_api.post(TOKEN_URL, status=503)
    mock_api.post(TOKEN_URL, payload=token_body(2))
    seen: list[str] = []

    def record(url: Any, **kwargs: Any) -> CallbackResult:
        seen.append(kwargs["headers"]["Authorization"])
        return CallbackResult(payload={"ok": 1})

    mock_api.get(URL, callback=record, repeat=True)
    async with _client(clock) as rc:
        await rc.login(jwt=JWT)
        clock.advance(3590)
        results = await asyncio.gather(*(rc.get(PATH) for _ in range(100)))
    assert results == [{"ok": 1}] * 100
    assert _grants(mock_api) == [
        "jwt-bearer",
        "refresh_token:REFRESH-SECRET-1",
        "jwt-bearer",
        "jwt-bearer",
        "jwt-bearer",
    ]
    assert seen == ["Bearer ACCESS-SECRET-2"] * 100


async def test_concurrent_401s_cause_one_refresh_and_one_replay_each(
    mock_api: aioresponses,
) -> None:
    mock_api.post(TOKEN_URL, payload=token_body(1))

    async def slow_refresh(url: Any, **kwargs: Any) -> CallbackResult:
        await asyncio.sleep(0.02)
        return CallbackResult(payload=token_body(2))

    mock_api.post(TOKEN_URL, callback=slow_refresh)

    def by_token(url: Any, **kwargs: Any) -> CallbackResult:
        if kwargs["headers"]["Authorization"] == "Bearer ACCESS-SECRET-1":
            return CallbackResult(status=401, payload={"errors": [{"errorCode": "OAU-128"}]})
        return CallbackResult(payload={"ok": 1})

    mock_api.get(URL, callback=by_token, repeat=True)
    async with _client() as rc:
        await rc.login(jwt=JWT)
        results = await asyncio.gather(*(rc.get(PATH) for _ in range(20)))
    assert results == [{"ok": 1}] * 20
    assert len(calls(mock_api, "POST", TOKEN_URL)) == 2
    sent = [c.kwargs["headers"]["Authorization"] for c in calls(mock_api, "GET", URL)]
    assert sent.count("Bearer ACCESS-SECRET-2") == 20  # everyone got through once
    assert 1 <= sent.count("Bearer ACCESS-SECRET-1") <= 20  # each refused call replayed once


async def test_401_without_a_way_to_refresh_raises_at_once(mock_api: aioresponses) -> None:
    mock_api.post(TOKEN_URL, payload=token_body(1, refresh=False))
    mock_api.get(URL, status=401, payload={"errorCode": "OAU-128"}, repeat=True)
    async with _client() as rc:
        await rc.login(code="c", redirect_uri="https://app/cb")
        with pytest.raises(AuthenticationError):
            await rc.get(PATH)
    assert len(calls(mock_api, "POST", TOKEN_URL)) == 1
    assert len(calls(mock_api, "GET", URL)) == 1


# -- leases: a refresh waits for the requests in flight with the old token ----------------


async def test_refresh_waits_for_requests_in_flight_with_the_old_token(
    mock_api: aioresponses,
) -> None:
    clock = Clock()
    events: list[str] = []
    mock_api.post(TOKEN_URL, payload=token_body(1))

    def refresh(url: Any, **kwargs: Any) -> CallbackResult:
        events.append("refresh")
        return CallbackResult(payload=token_body(2))

    mock_api.post(TOKEN_URL, callback=refresh)
    release = asyncio.Event()
    arrived = asyncio.Event()

    async def api(url: Any, **kwargs: Any) -> CallbackResult:
        auth = kwargs["headers"]["Authorization"]
        events.append(f"arrive {auth[-1]}")
        if auth.endswith("-1"):
            arrived.set()
            await release.wait()
        events.append(f"answer {auth[-1]}")
        return CallbackResult(payload={"token": auth[-1]})

    mock_api.get(URL, callback=api, repeat=True)
    async with _client(clock) as rc:
        await rc.login(jwt=JWT)
        slow = asyncio.ensure_future(rc.get(PATH))  # in flight with token 1
        await arrived.wait()
        clock.advance(3590)  # token 1 now inside the refresh margin
        later = asyncio.ensure_future(rc.get(PATH))
        await asyncio.sleep(0.05)
        assert "refresh" not in events  # waits for the old token's request
        release.set()
        assert await slow == {"token": "1"}
        assert await later == {"token": "2"}
    assert events == ["arrive 1", "answer 1", "refresh", "arrive 2", "answer 2"]


async def test_lease_wait_never_outlasts_the_old_token(mock_api: aioresponses) -> None:
    """A request slower than the old token's remaining life does not hold the refresh."""
    clock = Clock()
    events: list[str] = []
    mock_api.post(TOKEN_URL, payload=token_body(1))

    def refresh(url: Any, **kwargs: Any) -> CallbackResult:
        events.append("refresh")
        return CallbackResult(payload=token_body(2))

    mock_api.post(TOKEN_URL, callback=refresh)
    stuck = asyncio.Event()
    arrived = asyncio.Event()

    async def api(url: Any, **kwargs: Any) -> CallbackResult:
        if kwargs["headers"]["Authorization"].endswith("-1"):
            arrived.set()
            await stuck.wait()
        return CallbackResult(payload={})

    mock_api.get(URL, callback=api, repeat=True)
    async with _client(clock) as rc:
        await rc.login(jwt=JWT)
        slow = asyncio.ensure_future(rc.get(PATH))
        await arrived.wait()  # in flight with token 1, holding its lease
        clock.advance(3600 - 0.05)  # 50 ms of life left
        await asyncio.wait_for(rc.get(PATH), 5)
        assert events == ["refresh"]
        stuck.set()
        await slow


# -- login arguments and concurrency ---------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"jwt": JWT, "code": "c", "redirect_uri": "https://app/cb"},
        {"jwt": JWT, "username": "u", "password": "p"},
        {"username": "u", "password": "p", "code": "c", "redirect_uri": "https://app/cb"},
        {"jwt": JWT, "extension": "101"},
        {"jwt": JWT, "redirect_uri": "https://app/cb"},
        {"username": "u", "password": "p", "code_verifier": "v"},
        {"code": "c"},
        {"code": "c", "redirect_uri": ""},
        {"username": "u"},
        {"password": "p"},
        {"username": "", "password": "p"},
        {"jwt": ""},
        {"extension": "101"},
        {},
    ],
)
async def test_bad_login_arguments_send_nothing(
    mock_api: aioresponses, kwargs: dict[str, Any]
) -> None:
    async with _client() as rc:
        with pytest.raises(ConfigurationError):
            await rc.login(**kwargs)
    assert calls(mock_api, "POST", TOKEN_URL) == []


async def test_login_during_a_refresh_is_its_own_grant(mock_api: aioresponses) -> None:
    """login(jwt=other) while a refresh is in flight must not return the refreshed token."""
    mock_api.post(TOKEN_URL, payload=token_body(1))

    async def slow_refresh(url: Any, **kwargs: Any) -> CallbackResult:
        await asyncio.sleep(0.03)
        return CallbackResult(payload=token_body(2))

    mock_api.post(TOKEN_URL, callback=slow_refresh)
    mock_api.post(TOKEN_URL, payload=token_body(3))
    async with _client() as rc:
        await rc.login(jwt=JWT)
        refreshed, relogged = await asyncio.gather(rc.refresh(), rc.login(jwt="other.jwt.x"))
    assert refreshed.access_token == "ACCESS-SECRET-2"
    assert relogged.access_token == "ACCESS-SECRET-3"
    assert _form(calls(mock_api, "POST", TOKEN_URL)[2])["assertion"] == "other.jwt.x"


async def test_code_login_forgets_an_earlier_jwt(mock_api: aioresponses) -> None:
    """After switching identity, a refused refresh must not silently log the old JWT in."""
    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.post(TOKEN_URL, payload=token_body(2))
    mock_api.post(TOKEN_URL, status=400, payload={"error": "invalid_grant"})
    async with _client() as rc:
        await rc.login(jwt=JWT)
        await rc.login(code="c", redirect_uri="https://app/cb")
        with pytest.raises(OAuthError):
            await rc.refresh()
    assert len(calls(mock_api, "POST", TOKEN_URL)) == 3


async def test_a_failed_jwt_login_is_not_kept_for_later(mock_api: aioresponses) -> None:
    mock_api.post(TOKEN_URL, status=400, payload={"error": "invalid_grant"})
    async with _client() as rc:
        with pytest.raises(OAuthError):
            await rc.login(jwt=JWT)
        assert rc._auth._jwt is None


async def test_logout_during_a_refresh_does_not_bring_the_session_back(
    mock_api: aioresponses, tmp_path: Path
) -> None:
    path = tmp_path / "t.json"
    mock_api.post(TOKEN_URL, payload=token_body(1))

    async def slow_refresh(url: Any, **kwargs: Any) -> CallbackResult:
        await asyncio.sleep(0.03)
        return CallbackResult(payload=token_body(2))

    mock_api.post(TOKEN_URL, callback=slow_refresh)
    mock_api.post(REVOKE_URL, status=200)
    async with _client(token_store=FileTokenStore(path)) as rc:
        await rc.login(jwt=JWT)
        await asyncio.gather(rc.refresh(), rc.logout())
        assert rc.token is None
    assert not path.exists()
    (revoke,) = calls(mock_api, "POST", REVOKE_URL)
    assert _form(revoke) == {"token": "REFRESH-SECRET-2"}  # the live session was revoked


@pytest.mark.parametrize(
    "failure",
    [{"status": 500}, {"status": 503}, {"exception": aiohttp.ServerDisconnectedError()}],
)
async def test_revoke_is_never_retried(
    mock_api: aioresponses, caplog: pytest.LogCaptureFixture, failure: dict[str, Any]
) -> None:
    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.post(REVOKE_URL, repeat=True, **failure)
    async with _client() as rc:
        await rc.login(jwt=JWT)
        await rc.logout()
        assert rc.token is None
    assert len(calls(mock_api, "POST", REVOKE_URL)) == 1
    assert "token revoke failed" in caplog.text


async def test_logout_without_login_sends_nothing(mock_api: aioresponses) -> None:
    async with _client() as rc:
        await rc.logout()
    assert not mock_api.requests


# -- token stores ---------------------------------------------------------------------


async def test_100_first_calls_share_one_store_load(mock_api: aioresponses, tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    token = Token.from_response(token_body(5), now=datetime.now(UTC))
    await FileTokenStore(path).save(token)
    mock_api.get(URL, payload={"ok": 1}, repeat=True)
    async with _client(token_store=FileTokenStore(path)) as rc:
        results = await asyncio.gather(*(rc.get(PATH) for _ in range(100)))
    assert results == [{"ok": 1}] * 100
    assert calls(mock_api, "POST", TOKEN_URL) == []


async def test_login_without_arguments_resumes_from_the_store(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    await FileTokenStore(path).save(Token.from_response(token_body(4), now=datetime.now(UTC)))
    async with _client(token_store=FileTokenStore(path)) as rc:
        token = await rc.login()
    assert token.access_token == "ACCESS-SECRET-4"


def test_file_token_store_expands_the_home_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert FileTokenStore("~/.rc-token.json").path == tmp_path / ".rc-token.json"


async def test_unreadable_store_file_is_no_token_and_logs_no_content(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "t.json"
    path.write_text('{"access_token": "ACCESS-SECRET-LEAK", "expires_at": "not a date"}')
    caplog.set_level(logging.DEBUG)
    assert await FileTokenStore(path).load() is None
    assert "unreadable" in caplog.text
    assert "ACCESS-SECRET-LEAK" not in caplog.text


async def test_store_save_failure_surfaces_and_the_new_pair_is_still_used(
    mock_api: aioresponses,
) -> None:
    class FailingStore(MemoryTokenStore):
        fail = False

        async def save(self, token: Token | None) -> None:
            if self.fail:
                raise OSError("disk full")
            await super().save(token)

    store = FailingStore()
    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.post(TOKEN_URL, payload=token_body(2))
    mock_api.post(TOKEN_URL, payload=token_body(3))
    async with _client(token_store=store) as rc:
        await rc.login(jwt=JWT)
        store.fail = True
        with pytest.raises(OSError, match="disk full"):
            await rc.refresh()
        assert rc.token is not None and rc.token.access_token == "ACCESS-SECRET-2"
        store.fail = False
        await rc.refresh()
    # the rotated (unsaved) pair was used next, never the dead REFRESH-SECRET-1 again
    assert _grants(mock_api)[1:] == [
        "refresh_token:REFRESH-SECRET-1",
        "refresh_token:REFRESH-SECRET-2",
    ]


@pytest.mark.parametrize(
    "body",
    [
        [1, 2],
        "token",
        {"token_type": "bearer"},
        {"access_token": "A", "expires_in": "soon"},
        {"access_token": "", "expires_in": 3600},
        {"access_token": "A", "expires_in": 3600, "refresh_token_expires_in": "never"},
        {"access_token": "A", "expires_in": 3600, "refresh_token": 12},
        {"access_token": "A", "expires_in": 1e300},
    ],
)
async def test_malformed_token_responses_are_decode_errors(
    mock_api: aioresponses, body: Any
) -> None:
    mock_api.post(TOKEN_URL, body=json.dumps(body), content_type="application/json")
    async with _client() as rc:
        with pytest.raises(DecodeError):
            await rc.login(jwt=JWT)
        assert rc.token is None


async def test_token_timestamps_are_aware_and_absolute(mock_api: aioresponses) -> None:
    clock = Clock()
    mock_api.post(TOKEN_URL, payload=token_body(1, expires_in=3600))
    async with _client(clock) as rc:
        token = await rc.login(jwt=JWT)
    assert token.expires_at == T0 + timedelta(seconds=3600)
    assert token.refresh_token_expires_at == T0 + timedelta(seconds=604800)
    assert token.expires_at.utcoffset() == timedelta(0)


async def test_aclose_cancels_a_token_request_in_flight(mock_api: aioresponses) -> None:
    started = asyncio.Event()

    async def hang(url: Any, **kwargs: Any) -> CallbackResult:
        started.set()
        await asyncio.sleep(30)
        return CallbackResult(payload=token_body(1))

    mock_api.post(TOKEN_URL, callback=hang)
    rc = _client()
    login = asyncio.ensure_future(rc.login(jwt=JWT))
    await started.wait()
    await asyncio.wait_for(rc.aclose(), 5)
    with pytest.raises(asyncio.CancelledError):
        await login


async def test_cancelling_aclose_itself_is_not_swallowed(mock_api: aioresponses) -> None:
    started = asyncio.Event()

    async def hang(url: Any, **kwargs: Any) -> CallbackResult:
        started.set()
        await asyncio.sleep(30)
        return CallbackResult(payload=token_body(1))

    mock_api.post(TOKEN_URL, callback=hang)
    rc = _client()
    login = asyncio.ensure_future(rc.login(jwt=JWT))
    await started.wait()
    closing = asyncio.ensure_future(rc.aclose())
    await asyncio.sleep(0)
    closing.cancel()
    with pytest.raises(asyncio.CancelledError):
        await closing
    await rc.aclose()
    with pytest.raises(asyncio.CancelledError):
        await login
