"""Authentication through the client, mocked with aioresponses: every grant, refresh
single-flight, 401 refresh-and-replay, token stores, logout."""

from __future__ import annotations

import asyncio
import base64
import inspect
import json
import os
import stat
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from _helpers import (
    CLIENT_ID,
    CLIENT_SECRET,
    JWT,
    REVOKE_URL,
    SERVER,
    TOKEN_URL,
    calls,
    token_body,
)
from aioresponses import CallbackResult, aioresponses

from ringcentral_async import (
    AuthenticationError,
    ConfigurationError,
    FileTokenStore,
    OAuthError,
    RingCentral,
    Token,
)

EXT_URL = f"{SERVER}/restapi/v1.0/account/~/extension/~"


def _form(call: Any) -> dict[str, str]:
    data = call.kwargs["data"]
    if isinstance(data, dict):
        return {k: str(v) for k, v in data.items()}
    return {k: v[0] for k, v in parse_qs(str(data)).items()}


def _client(**kwargs: Any) -> RingCentral:
    kwargs.setdefault("throttle", False)
    return RingCentral(CLIENT_ID, CLIENT_SECRET, **kwargs)


async def test_jwt_login_sends_basic_client_auth_and_the_grant(mock_api: aioresponses) -> None:
    mock_api.post(TOKEN_URL, payload=token_body())
    async with _client() as rc:
        before = datetime.now(UTC)
        token = await rc.login(jwt=JWT)
    (call,) = calls(mock_api, "POST", TOKEN_URL)
    expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    assert call.kwargs["headers"]["Authorization"] == f"Basic {expected}"
    assert _form(call) == {
        "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
        "assertion": JWT,
    }
    assert token.access_token == "ACCESS-SECRET-1"
    assert token.expires_at.tzinfo is not None
    assert before + timedelta(seconds=3590) < token.expires_at
    assert token.refresh_token_expires_at is not None
    assert token.owner_id == "101"


USER = "+16505550100"


async def test_password_login_warns_once_per_location_and_sends_extension(
    mock_api: aioresponses,
) -> None:
    mock_api.post(TOKEN_URL, payload=token_body(), repeat=True)
    async with _client() as rc:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")  # Python's own filter: once per location
            for _ in range(2):
                line = inspect.currentframe().f_lineno + 1  # type: ignore[union-attr]
                await rc.login(username=USER, password="pass-SECRET-word", extension="101")
            await rc.login(username=USER, password="pass-SECRET-word")  # another line
    warned = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert [(w.filename, w.lineno) for w in warned] == [(__file__, line), (__file__, line + 1)]
    assert "password grant is deprecated" in str(warned[0].message)
    first, _, second = calls(mock_api, "POST", TOKEN_URL)
    assert _form(first) == {
        "grant_type": "password",
        "username": "+16505550100",
        "password": "pass-SECRET-word",
        "extension": "101",
    }
    assert "extension" not in _form(second)


async def test_authorization_code_login_with_pkce(mock_api: aioresponses) -> None:
    mock_api.post(TOKEN_URL, payload=token_body())
    async with _client() as rc:
        await rc.login(code="the-code", redirect_uri="https://app/cb", code_verifier="verifier")
    (call,) = calls(mock_api, "POST", TOKEN_URL)
    assert _form(call) == {
        "grant_type": "authorization_code",
        "code": "the-code",
        "redirect_uri": "https://app/cb",
        "code_verifier": "verifier",
    }


def test_authorize_url() -> None:
    rc = _client()
    url = rc.authorize_url("https://app/cb", state="s1", code_challenge="chal")
    assert url.startswith(f"{SERVER}/restapi/oauth/authorize?")
    query = parse_qs(url.split("?", 1)[1])
    assert query == {
        "response_type": ["code"],
        "client_id": [CLIENT_ID],
        "redirect_uri": ["https://app/cb"],
        "state": ["s1"],
        "code_challenge": ["chal"],
        "code_challenge_method": ["S256"],
    }


async def test_public_app_sends_client_id_in_body(mock_api: aioresponses) -> None:
    mock_api.post(TOKEN_URL, payload=token_body())
    async with RingCentral(CLIENT_ID, throttle=False) as rc:
        await rc.login(jwt=JWT)
    (call,) = calls(mock_api, "POST", TOKEN_URL)
    assert "Authorization" not in (call.kwargs.get("headers") or {})
    assert _form(call)["client_id"] == CLIENT_ID


async def test_bearer_is_capitalised_whatever_token_type_says(mock_api: aioresponses) -> None:
    mock_api.post(TOKEN_URL, payload=token_body())
    mock_api.get(EXT_URL, payload={"id": 101})
    async with _client() as rc:
        await rc.login(jwt=JWT)
        assert await rc.get("/restapi/v1.0/account/~/extension/~") == {"id": 101}
    (call,) = calls(mock_api, "GET", EXT_URL)
    assert call.kwargs["headers"]["Authorization"] == "Bearer ACCESS-SECRET-1"


async def test_refresh_rotates_and_uses_refresh_token(mock_api: aioresponses) -> None:
    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.post(TOKEN_URL, payload=token_body(2))
    async with _client() as rc:
        await rc.login(jwt=JWT)
        token = await rc.refresh()
    assert token.access_token == "ACCESS-SECRET-2"
    _first, second = calls(mock_api, "POST", TOKEN_URL)
    assert _form(second) == {"grant_type": "refresh_token", "refresh_token": "REFRESH-SECRET-1"}


async def test_single_flight_refresh_with_100_concurrent_callers(mock_api: aioresponses) -> None:
    """Token near expiry + 100 coroutines -> exactly one refresh, no stale token sent."""
    now = [datetime(2026, 1, 1, tzinfo=UTC)]
    mock_api.post(TOKEN_URL, payload=token_body(1, expires_in=3600))

    async def slow_refresh(url: Any, **kwargs: Any) -> CallbackResult:
        await asyncio.sleep(0.05)
        return CallbackResult(payload=token_body(2, expires_in=3600))

    mock_api.post(TOKEN_URL, callback=slow_refresh)
    seen: list[str] = []

    def record(url: Any, **kwargs: Any) -> CallbackResult:
        seen.append(kwargs["headers"]["Authorization"])
        return CallbackResult(payload={"ok": True})

    mock_api.get(EXT_URL, callback=record, repeat=True)
    async with _client(clock=lambda: now[0]) as rc:
        await rc.login(jwt=JWT)
        now[0] += timedelta(seconds=3590)  # within the refresh margin
        results = await asyncio.gather(
            *(rc.get("/restapi/v1.0/account/~/extension/~") for _ in range(100))
        )
    assert results == [{"ok": True}] * 100
    assert len(calls(mock_api, "POST", TOKEN_URL)) == 2  # login + exactly one refresh
    assert seen == ["Bearer ACCESS-SECRET-2"] * 100


async def test_failing_token_request_holds_every_api_request(mock_api: aioresponses) -> None:
    now = [datetime(2026, 1, 1, tzinfo=UTC)]
    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.post(
        TOKEN_URL,
        status=400,
        payload={"error": "invalid_grant", "error_description": "Token is revoked"},
    )
    mock_api.post(TOKEN_URL, status=400, payload={"error": "invalid_grant"})
    async with _client(clock=lambda: now[0]) as rc:
        await rc.login(jwt=JWT)
        rc._auth._jwt = None  # no way to log in again: refresh failure is final
        now[0] += timedelta(seconds=3599)
        results = await asyncio.gather(
            *(rc.get("/restapi/v1.0/account/~/extension/~") for _ in range(20)),
            return_exceptions=True,
        )
    assert all(isinstance(r, OAuthError) for r in results)
    assert calls(mock_api, "GET", EXT_URL) == []
    assert len(calls(mock_api, "POST", TOKEN_URL)) == 2


async def test_401_refreshes_once_and_replays_once(mock_api: aioresponses) -> None:
    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.post(TOKEN_URL, payload=token_body(2))
    mock_api.get(
        EXT_URL, status=401, payload={"errors": [{"errorCode": "OAU-128", "message": "expired"}]}
    )
    mock_api.get(EXT_URL, payload={"id": 1})
    async with _client() as rc:
        await rc.login(jwt=JWT)
        assert await rc.get("/restapi/v1.0/account/~/extension/~") == {"id": 1}
    first, second = calls(mock_api, "GET", EXT_URL)
    assert first.kwargs["headers"]["Authorization"] == "Bearer ACCESS-SECRET-1"
    assert second.kwargs["headers"]["Authorization"] == "Bearer ACCESS-SECRET-2"


async def test_401_after_replay_raises_without_looping(mock_api: aioresponses) -> None:
    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.post(TOKEN_URL, payload=token_body(2))
    mock_api.get(EXT_URL, status=401, payload={"errorCode": "OAU-129"}, repeat=True)
    async with _client() as rc:
        await rc.login(jwt=JWT)
        with pytest.raises(AuthenticationError) as info:
            await rc.get("/restapi/v1.0/account/~/extension/~")
    assert info.value.error_code == "OAU-129"
    assert len(calls(mock_api, "GET", EXT_URL)) == 2
    assert len(calls(mock_api, "POST", TOKEN_URL)) == 2


async def test_refresh_refused_falls_back_to_jwt(mock_api: aioresponses) -> None:
    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.post(TOKEN_URL, status=400, payload={"error": "invalid_grant"})
    mock_api.post(TOKEN_URL, payload=token_body(3))
    async with _client() as rc:
        await rc.login(jwt=JWT)
        token = await rc.refresh()
    assert token.access_token == "ACCESS-SECRET-3"
    assert _form(calls(mock_api, "POST", TOKEN_URL)[2])["assertion"] == JWT


async def test_not_logged_in_is_a_clear_error(mock_api: aioresponses) -> None:
    async with _client() as rc:
        with pytest.raises(ConfigurationError, match="not logged in"):
            await rc.get("/restapi/v1.0/account/~")


async def test_file_token_store_mode_atomic_and_resume(
    mock_api: aioresponses, tmp_path: Path
) -> None:
    path = tmp_path / "tokens" / "rc.json"
    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.get(EXT_URL, payload={"id": 1}, repeat=True)
    async with _client(token_store=FileTokenStore(path)) as rc:
        await rc.login(jwt=JWT)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert json.loads(path.read_text())["access_token"] == "ACCESS-SECRET-1"
    # no temp files left (the side file of the cross-process refresh lock stays)
    assert sorted(p.name for p in path.parent.iterdir()) == ["rc.json", "rc.json.lock"]
    async with _client(token_store=FileTokenStore(path)) as rc2:
        assert await rc2.get("/restapi/v1.0/account/~/extension/~") == {"id": 1}
        assert rc2.token is not None
    assert len(calls(mock_api, "POST", TOKEN_URL)) == 1  # resumed, no second login
    call = calls(mock_api, "GET", EXT_URL)[0]
    assert call.kwargs["headers"]["Authorization"] == "Bearer ACCESS-SECRET-1"


async def test_rotated_pair_is_saved_before_use(mock_api: aioresponses) -> None:
    saved: list[str | None] = []

    class Store:
        async def load(self) -> Token | None:
            return None

        async def save(self, token: Token | None) -> None:
            saved.append(token.access_token if token else None)

    def check(url: Any, **kwargs: Any) -> CallbackResult:
        assert saved[-1] == "ACCESS-SECRET-2"
        return CallbackResult(payload={})

    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.post(TOKEN_URL, payload=token_body(2))
    mock_api.get(EXT_URL, callback=check)
    async with _client(token_store=Store()) as rc:
        await rc.login(jwt=JWT)
        await rc.refresh()
        await rc.get("/restapi/v1.0/account/~/extension/~")
    assert saved == ["ACCESS-SECRET-1", "ACCESS-SECRET-2"]


async def test_logout_revokes_and_clears_store(mock_api: aioresponses, tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.post(REVOKE_URL, status=200)
    async with _client(token_store=FileTokenStore(path)) as rc:
        await rc.login(jwt=JWT)
        await rc.logout()
        assert rc.token is None
    (call,) = calls(mock_api, "POST", REVOKE_URL)
    assert _form(call) == {"token": "REFRESH-SECRET-1"}
    assert call.kwargs["headers"]["Authorization"].startswith("Basic ")
    assert not path.exists()


async def test_logout_logs_revoke_errors_instead_of_raising(
    mock_api: aioresponses, caplog: pytest.LogCaptureFixture
) -> None:
    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.post(REVOKE_URL, status=400, payload={"error": "invalid_request"})
    async with _client() as rc:
        await rc.login(jwt=JWT)
        await rc.logout()
    assert "revoke failed" in caplog.text
    assert len(calls(mock_api, "POST", REVOKE_URL)) == 1  # not retried
