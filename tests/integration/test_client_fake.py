"""The client against FakeRingCentral: login, rotation, single-flight refresh, 401 replay,
token stores, faults. Assertions are made on the fake's request log."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ringcentral_async import (
    DecodeError,
    FileTokenStore,
    NotFoundError,
    OAuthError,
    RingCentral,
    Throttle,
)
from ringcentral_async.testing import FakeRingCentral

EXT = "/restapi/v1.0/account/~/extension/~"
LOOSE = {g: (1000, 1.0) for g in ("Light", "Medium", "Heavy", "Auth")}


def _client(fake: FakeRingCentral, **kwargs: object) -> RingCentral:
    kwargs.setdefault("throttle", Throttle(limits=LOOSE))
    return RingCentral(
        fake.client_id,
        fake.client_secret,
        server_url=fake.url,
        **kwargs,  # type: ignore[arg-type]
    )


async def test_every_grant_against_the_fake() -> None:
    async with FakeRingCentral(limits=LOOSE) as fake, _client(fake) as rc:
        await rc.login(jwt=fake.jwt)
        assert (await rc.get(EXT))["id"]
        with pytest.warns(DeprecationWarning):
            await rc.login(username=fake.username, password=fake.password, extension=fake.extension)
        code = fake.authorization_code("https://app.example/cb")
        await rc.login(code=code, redirect_uri="https://app.example/cb")
        assert (await rc.get(EXT))["id"]
    assert fake.count(path="/restapi/oauth/token", status=200) == 3


async def test_bad_credentials_give_oauth_error() -> None:
    async with FakeRingCentral(limits=LOOSE) as fake:
        async with RingCentral(
            fake.client_id, "wrong-secret", server_url=fake.url, throttle=False
        ) as rc:
            with pytest.raises(OAuthError) as info:
                await rc.login(jwt=fake.jwt)
        assert info.value.status in (400, 401)
        assert "wrong-secret" not in str(info.value)


async def test_refresh_rotation_kills_the_old_pair() -> None:
    async with FakeRingCentral(limits=LOOSE) as fake, _client(fake) as rc:
        old = await rc.login(jwt=fake.jwt)
        new = await rc.refresh()
        assert new.access_token != old.access_token
        assert new.refresh_token != old.refresh_token
        assert (await rc.get(EXT))["id"]


async def test_lost_refresh_answer_falls_back_to_the_jwt_without_reusing_the_dead_token() -> None:
    """The fake rotates the pair, then drops the answer (``lose_next``): the old refresh
    token is dead. The client logs in with its JWT instead of sending it again (that would
    be a 400 invalid_grant) and no API request goes out with the dead access token."""
    async with FakeRingCentral(limits=LOOSE) as fake, _client(fake, max_retries=0) as rc:
        await rc.login(jwt=fake.jwt)
        fake.lose_next(path="/oauth/token")
        token = await rc.refresh()
        assert (await rc.get(EXT))["id"]
        assert (await rc.refresh()).access_token != token.access_token  # a live pair again
    token_requests = fake.requests(path="/restapi/oauth/token")
    assert [r.fault for r in token_requests] == [None, "lose", None, None]
    assert [r.status for r in token_requests] == [200, 200, 200, 200]
    assert fake.count(status=401) == 0


async def test_single_flight_refresh_with_100_concurrent_callers() -> None:
    """One clock for the fake and the client: once the token is within the refresh margin
    (30 s of its hour left), 100 concurrent calls cause exactly one refresh."""
    now = [1000.0]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    async with (
        FakeRingCentral(limits=LOOSE, clock=lambda: now[0]) as fake,
        _client(fake, clock=lambda: start + timedelta(seconds=now[0])) as rc,
    ):
        old = await rc.login(jwt=fake.jwt)
        mine = await rc.get(EXT)
        now[0] += 3600 - 30  # refresh due for the client, still valid on the fake
        results = await asyncio.gather(*(rc.get(EXT) for _ in range(100)))
        assert rc.token is not None and rc.token.access_token != old.access_token
    assert results == [mine] * 100
    assert fake.count(path=EXT, status=200) == 1 + 100
    token_requests = fake.requests(path="/restapi/oauth/token")
    assert [r.status for r in token_requests] == [200, 200]  # login + exactly one refresh
    assert token_requests[1].time == now[0]  # the refresh came after the jump
    assert fake.count(status=401) == 0  # no API request went out with a stale token


async def test_expired_tokens_get_refreshed_and_replayed_once() -> None:
    async with FakeRingCentral(limits=LOOSE) as fake, _client(fake) as rc:
        await rc.login(jwt=fake.jwt)
        fake.expire_access_tokens()
        assert (await rc.get(EXT))["id"]
    assert fake.count(status=401) == 1
    assert fake.count(path="/restapi/oauth/token") == 2


async def test_file_token_store_resumes_without_logging_in(tmp_path: Path) -> None:
    store = tmp_path / "token.json"
    async with FakeRingCentral(limits=LOOSE) as fake:
        async with _client(fake, token_store=FileTokenStore(store)) as rc:
            await rc.login(jwt=fake.jwt)
        async with _client(fake, token_store=FileTokenStore(store)) as rc2:
            assert (await rc2.get(EXT))["id"]
        assert fake.count(path="/restapi/oauth/token") == 1


async def test_transient_faults_are_retried_for_get() -> None:
    async with FakeRingCentral(limits=LOOSE) as fake, _client(fake, sleep=_no_sleep) as rc:
        await rc.login(jwt=fake.jwt)
        fake.fail_next(503, path="/extension/")
        fake.reset_next(path="/extension/")
        assert (await rc.get(EXT))["id"]
        fake.truncate_next(path="/extension/")  # a truncated body is a typed error
        with pytest.raises(DecodeError):
            await rc.get(EXT)
        with pytest.raises(NotFoundError):
            await rc.get("/restapi/v1.0/account/~/extension/999999999")


async def test_debug_logs_of_a_flow_hold_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="ringcentral_async")
    async with FakeRingCentral(limits=LOOSE) as fake, _client(fake) as rc:
        token = await rc.login(jwt=fake.jwt)
        await rc.get(EXT)
        await rc.refresh()
        await rc.logout()
        secrets = [fake.jwt, fake.client_secret, token.access_token, token.refresh_token or "x"]
    for secret in secrets:
        assert secret not in caplog.text


async def _no_sleep(_delay: float) -> None:
    return None
