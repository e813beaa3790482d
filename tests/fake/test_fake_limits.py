"""Usage-plan limits: sliding windows per (owner, group), 429 + CMN-301, penalty restarts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

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


async def test_rejected_arrivals_stay_in_the_window(
    session: aiohttp.ClientSession, clock: ManualClock
) -> None:
    """Counted on arrival: requests refused during a penalty still fill the window."""
    async with FakeRingCentral(
        extensions=2, call_log_records=3, clock=clock, limits={"Heavy": (3, 10.0, 1.0)}
    ) as fake:
        _, body = await token_request(
            session, fake, {"grant_type": JWT_GRANT, "assertion": fake.jwt}
        )
        headers = {"Authorization": "Bearer " + body["access_token"]}

        async def status() -> int:
            async with session.get(fake.url + CALL_LOG, headers=headers) as resp:
                return resp.status

        assert [await status() for _ in range(4)] == [200, 200, 200, 429]  # t=0, penalty 1 s
        clock.advance(2)  # the penalty is over, but the window (t-10, t] holds 4 arrivals
        assert not fake.in_penalty("Heavy")
        assert await status() == 429
        assert fake.requests(group="Heavy")[-1].during_penalty is False
        clock.advance(8.5)  # t=10.5: only the refused arrival at t=2 is left
        assert await status() == 200


async def test_penalty_per_group_and_retry_after(
    session: aiohttp.ClientSession, clock: ManualClock
) -> None:
    async with FakeRingCentral(
        extensions=2,
        call_log_records=1,
        clock=clock,
        limits={"Heavy": (1, 60.0, 7.0), "Light": (1, 60.0)},
        penalty=3.0,
    ) as fake:
        _, body = await token_request(
            session, fake, {"grant_type": JWT_GRANT, "assertion": fake.jwt}
        )
        headers = {"Authorization": "Bearer " + body["access_token"]}
        retry_after = {}
        for path, group in ((CALL_LOG, "Heavy"), (EXTENSION, "Light")):
            for _ in range(2):
                async with session.get(fake.url + path, headers=headers) as resp:
                    pass
            assert resp.status == 429
            retry_after[group] = resp.headers["Retry-After"]
        assert retry_after == {"Heavy": "7", "Light": "3"}


@pytest.mark.parametrize(
    "limits",
    [
        {"Hevy": (1, 1.0)},
        {"Heavy": (0, 1.0)},
        {"Heavy": (1.5, 1.0)},
        {"Heavy": (True, 1.0)},
        {"Heavy": (1, 0)},
        {"Heavy": (1, 1.0, -1.0)},
        {"Heavy": (1,)},
    ],
)
def test_bad_limits_are_refused(limits: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="limits"):
        FakeRingCentral(limits=limits)


def test_bad_penalty_is_refused() -> None:
    with pytest.raises(ValueError, match="penalty"):
        FakeRingCentral(penalty=0)


def test_default_limits_are_the_documented_ones() -> None:
    fake = FakeRingCentral()
    assert fake.platform.limiter.limits == {
        "Light": (50, 60.0, 60.0),
        "Medium": (40, 60.0, 60.0),
        "Heavy": (10, 60.0, 60.0),
        "Auth": (5, 60.0, 60.0),
    }


async def test_rate_headers_on_every_response_of_a_throttled_route(
    fake: FakeRingCentral, get: Get
) -> None:
    """200, 207, 400, 404 and 429 alike carry the group's headers (206/416: media tests)."""
    ids = ",".join(str(e["id"]) for e in fake.extensions[:2])
    cases = [
        (EXTENSION, None, 200),
        ("/restapi/v1.0/account/~/extension/" + ids, None, 207),
        ("/restapi/v1.0/account/~/extension/999", None, 404),
        ("/restapi/v1.0/account/~/extension/abc", None, 400),
        ("/restapi/v1.0/account/~/phone-number/1,2", None, 207),
    ]
    seen = []
    for path, params, _ in cases:
        status, headers, _ = await get(path, params)
        seen.append(status)
        assert headers["X-Rate-Limit-Group"] == "Light", path
        assert headers["X-Rate-Limit-Limit"] == "50" and headers["X-Rate-Limit-Window"] == "60"
        assert int(headers["X-Rate-Limit-Remaining"]) >= 0 and headers["RCRequestId"]
    assert seen == [c[2] for c in cases]
    for expected in ("2", "1", "0"):
        status, headers, _ = await get(CALL_LOG, {"view": "Detailed"})
        assert status == 200 and headers["X-Rate-Limit-Remaining"] == expected
    status, headers, _ = await get(CALL_LOG, {"view": "Bogus"})  # refused by the limit first
    assert status == 429 and headers["X-Rate-Limit-Group"] == "Heavy"
    assert headers["X-Rate-Limit-Remaining"] == "0" and headers["Retry-After"] == "5"


async def test_oauth_requests_are_counted_per_application(
    session: aiohttp.ClientSession, clock: ManualClock
) -> None:
    """Before login there is no user: the Auth group is counted per client id."""
    async with FakeRingCentral(
        extensions=2, call_log_records=0, clock=clock, limits={"Auth": (3, 60.0)}
    ) as fake:
        good = {"grant_type": JWT_GRANT, "assertion": fake.jwt}
        assert (await token_request(session, fake, good))[0] == 200
        assert (await token_request(session, fake, {**good, "assertion": "bad"}))[0] == 400
        async with session.post(
            fake.url + "/restapi/oauth/revoke", data={"token": "x"}, headers=basic(fake)
        ) as resp:
            assert resp.status == 200 and resp.headers["X-Rate-Limit-Remaining"] == "0"
        status, body = await token_request(session, fake, good)
        assert status == 429 and body["errors"][0]["errorCode"] == "CMN-301"
        owners = {e.owner for e in fake.log}
        assert owners == {f"client:{fake.client_id}"}
        # Another (unknown) client id, or none at all, has a bucket of its own.
        other = {"Authorization": aiohttp.encode_basic_auth("someone-else", "x")}
        async with session.post(
            fake.url + "/restapi/oauth/token", data=good, headers=other
        ) as resp:
            assert resp.status == 401 and resp.headers["X-Rate-Limit-Remaining"] == "2"
        async with session.post(fake.url + "/restapi/oauth/token", data=good) as resp:
            assert resp.status == 401 and resp.headers["X-Rate-Limit-Group"] == "Auth"
        assert fake.log[-1].owner == "ip:127.0.0.1"
        assert fake.log[-2].owner == "client:someone-else"


async def test_dead_token_is_not_counted(fake: FakeRingCentral, get: Get) -> None:
    """A 401 for a missing/dead token has no user to count it for: no rate headers."""
    await get(CALL_LOG)
    fake.expire_access_tokens()
    status, headers, body = await get(CALL_LOG)
    assert status == 401 and body["errors"][0]["errorCode"] == "OAU-128"
    assert "X-Rate-Limit-Group" not in headers and headers["RCRequestId"]
    assert fake.requests(group="Heavy")[-1].owner is None
