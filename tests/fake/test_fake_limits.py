"""Usage-plan limits: sliding windows per (owner, group), 429 + CMN-301, penalty restarts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest

from ringcentral_async import usage_plan_group
from ringcentral_async.testing import FakeRingCentral

from .conftest import JWT_GRANT, Get, ManualClock, basic, token_request

CALL_LOG = "/restapi/v1.0/account/~/extension/~/call-log"
EXTENSION = "/restapi/v1.0/account/~/extension/~"


@pytest.fixture
async def fake(clock: ManualClock) -> AsyncIterator[FakeRingCentral]:
    async with FakeRingCentral(
        extensions=10,
        call_log_records=20,
        clock=clock,
        limits={"Heavy": (3, 10.0), "Auth": (20, 60.0)},
        penalty=5.0,
    ) as server:
        yield server


async def test_groups_come_from_the_spec_table(fake: FakeRingCentral, get: Get) -> None:
    await get(CALL_LOG)
    await get(EXTENSION)
    await get("/restapi/v1.0/account/~/extension")
    for entry in fake.log:
        assert entry.group == usage_plan_group(entry.method, entry.path)
    assert [e.group for e in fake.log] == ["Auth", "Heavy", "Light", "Medium"]


async def test_window_limit_then_429_with_headers(fake: FakeRingCentral, get: Get) -> None:
    for remaining in ("2", "1", "0"):
        status, headers, _ = await get(CALL_LOG)
        assert status == 200
        assert headers["X-Rate-Limit-Group"] == "Heavy"
        assert headers["X-Rate-Limit-Limit"] == "3"
        assert headers["X-Rate-Limit-Window"] == "10"
        assert headers["X-Rate-Limit-Remaining"] == remaining
    status, headers, body = await get(CALL_LOG)
    assert status == 429
    assert body["errorCode"] == "CMN-301" and body["errors"][0]["errorCode"] == "CMN-301"
    assert headers["Retry-After"] == "5"
    assert headers["X-Rate-Limit-Remaining"] == "0" and headers["RCRequestId"]
    assert fake.in_penalty("Heavy")
    last = fake.requests(group="Heavy")[-1]
    assert last.status == 429 and not last.during_penalty
    # Another group is not affected.
    status, headers, _ = await get(EXTENSION)
    assert status == 200 and headers["X-Rate-Limit-Group"] == "Light"


async def test_every_request_during_penalty_restarts_it(
    fake: FakeRingCentral, get: Get, clock: ManualClock
) -> None:
    for _ in range(3):
        await get(CALL_LOG)
    assert (await get(CALL_LOG))[0] == 429  # t=0: penalty until 5
    clock.advance(1)
    assert (await get(CALL_LOG))[0] == 429  # restarts: until 6
    clock.advance(4.5)
    assert (await get(CALL_LOG))[0] == 429  # t=5.5, still inside: until 10.5
    clock.advance(4.9)
    assert (await get(CALL_LOG))[0] == 429  # t=10.4: until 15.4
    clock.advance(5.1)
    status, headers, _ = await get(CALL_LOG)  # t=15.5: window (5.5, 15.5] holds 10.4 + this
    assert status == 200 and headers["X-Rate-Limit-Remaining"] == "1"
    flags = [e.during_penalty for e in fake.requests(group="Heavy")]
    assert flags == [False, False, False, False, True, True, True, False]
    assert fake.count(status=429) == 4
    assert fake.count(during_penalty=True) == 3


async def test_window_slides(fake: FakeRingCentral, get: Get, clock: ManualClock) -> None:
    await get(CALL_LOG)
    clock.advance(6)
    await get(CALL_LOG)
    await get(CALL_LOG)
    clock.advance(4.5)  # the first request left the window
    assert (await get(CALL_LOG))[0] == 200
    assert (await get(CALL_LOG))[0] == 429


async def test_limits_are_per_token_owner(
    session: aiohttp.ClientSession, fake: FakeRingCentral, get: Get
) -> None:
    for _ in range(4):
        await get(CALL_LOG)
    other = next(
        e for e in fake.extensions if e["status"] == "Enabled" and e["id"] != fake.owner_id
    )
    status, body = await token_request(
        session,
        fake,
        {
            "grant_type": "password",
            "username": fake.username,
            "password": fake.password,
            "extension": other["extensionNumber"],
        },
    )
    assert status == 200 and body["owner_id"] == str(other["id"])
    headers = {"Authorization": "Bearer " + body["access_token"]}
    async with session.get(fake.url + CALL_LOG, headers=headers) as resp:
        assert resp.status == 200
        assert resp.headers["X-Rate-Limit-Remaining"] == "2"
    assert fake.requests(group="Heavy")[-1].owner == str(other["id"])


async def test_headers_on_errors_of_a_throttled_group(get: Get) -> None:
    status, headers, body = await get("/restapi/v1.0/account/~/extension/123")
    assert status == 404 and body["errors"][0]["errorCode"] == "CMN-102"
    assert headers["X-Rate-Limit-Group"] == "Light"


async def test_auth_group_limit(session: aiohttp.ClientSession, clock: ManualClock) -> None:
    async with FakeRingCentral(extensions=2, call_log_records=0, clock=clock) as fake:
        data = {"grant_type": JWT_GRANT, "assertion": fake.jwt}
        for _ in range(5):
            assert (await token_request(session, fake, data))[0] == 200
        async with session.post(
            fake.url + "/restapi/oauth/token", data=data, headers=basic(fake)
        ) as resp:
            assert resp.status == 429
            assert resp.headers["X-Rate-Limit-Group"] == "Auth"
            assert resp.headers["Retry-After"] == "60"
            assert (await resp.json())["errors"][0]["errorCode"] == "CMN-301"


async def test_throttling_off(session: aiohttp.ClientSession, clock: ManualClock) -> None:
    async with FakeRingCentral(
        extensions=2, call_log_records=0, clock=clock, throttling=False
    ) as fake:
        data = {"grant_type": JWT_GRANT, "assertion": fake.jwt}
        for _ in range(8):
            async with session.post(
                fake.url + "/restapi/oauth/token", data=data, headers=basic(fake)
            ) as resp:
                assert resp.status == 200
                assert "X-Rate-Limit-Group" not in resp.headers


async def test_real_time_short_window(session: aiohttp.ClientSession) -> None:
    async with FakeRingCentral(
        extensions=2, call_log_records=5, limits={"Heavy": (2, 0.3)}, penalty=0.4
    ) as fake:
        _, body = await token_request(
            session, fake, {"grant_type": JWT_GRANT, "assertion": fake.jwt}
        )
        headers = {"Authorization": "Bearer " + body["access_token"]}
        statuses = []
        for _ in range(3):
            async with session.get(fake.url + CALL_LOG, headers=headers) as resp:
                statuses.append(resp.status)
                window = resp.headers["X-Rate-Limit-Window"]
                retry_after = resp.headers.get("Retry-After")
        assert statuses == [200, 200, 429]
        assert window == "0.3" and retry_after == "1"
        await asyncio.sleep(0.45)
        async with session.get(fake.url + CALL_LOG, headers=headers) as resp:
            assert resp.status == 200
