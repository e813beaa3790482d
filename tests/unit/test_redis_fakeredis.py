"""RedisThrottle and RedisTokenStore on fakeredis[lua] (no server): what users' own unit
tests can do; the real-server and multi-process proofs live in tests/shared/."""

from __future__ import annotations

import asyncio

import fakeredis

from ringcentral_async import RingCentral
from ringcentral_async.redis import RedisThrottle, RedisTokenStore
from ringcentral_async.testing import FakeRingCentral

LIMITS = {"Light": (5, 0.5), "Medium": (20, 0.5), "Heavy": (5, 0.5), "Auth": (5, 0.5)}
EXT = "/restapi/v1.0/account/~/extension/~"


async def test_two_clients_on_fakeredis_share_the_window_and_the_token() -> None:
    r = fakeredis.FakeAsyncRedis()
    try:
        async with FakeRingCentral(limits={**LIMITS, "Light": (5, 60.0)}) as fake:
            clients = [
                RingCentral(
                    fake.client_id,
                    fake.client_secret,
                    server_url=fake.url,
                    throttle=RedisThrottle(r, namespace="t", limits=LIMITS),
                    token_store=RedisTokenStore(r, key="t:token"),
                )
                for _ in range(2)
            ]
            for rc in clients:
                await rc.login(jwt=fake.jwt)
            assert fake.sessions_opened == 1
            # the app's real Light window is 60 s: both learn it and share its 5 places
            await clients[0].get(EXT)
            await asyncio.gather(*(rc.get(EXT) for rc in clients for _ in range(2)))
            stats = [rc.throttle.stats()["Light"] for rc in clients]
            assert [s.window for s in stats] == [60.0, 60.0]
            assert sum(s.sent for s in stats) == 5
            blocked = asyncio.ensure_future(clients[1].get(EXT))  # the 6th waits a minute
            await asyncio.sleep(0.3)
            assert not blocked.done()
            blocked.cancel()
            await asyncio.gather(blocked, return_exceptions=True)
            assert fake.count(status=429) == 0
            for rc in clients:
                await rc.aclose()
    finally:
        await r.aclose()
