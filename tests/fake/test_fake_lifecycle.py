"""Closing the fake: a request held by a delay fault is cut, not waited for."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest

from ringcentral_async.testing import FakeRingCentral

from .conftest import JWT_GRANT, token_request

EXT = "/restapi/v1.0/account/~/extension/~"


async def _bearer(fake: FakeRingCentral, session: aiohttp.ClientSession) -> dict[str, str]:
    status, body = await token_request(
        session, fake, {"grant_type": JWT_GRANT, "assertion": fake.jwt}
    )
    assert status == 200
    return {"Authorization": "Bearer " + body["access_token"]}


async def test_close_cuts_a_request_held_by_a_delay_fault(session: aiohttp.ClientSession) -> None:
    fake = FakeRingCentral(extensions=3, call_log_records=0)
    await fake.start()
    headers = await _bearer(fake, session)
    fake.delay_next(30.0, path="/extension/~")
    pending = asyncio.create_task(session.get(fake.url + EXT, headers=headers))
    while not fake.platform.delays:  # wait until the request is held by the delay
        assert not pending.done(), "the request was answered before the delay held it"
        await asyncio.sleep(0.001)
    started = time.monotonic()
    await fake.close()
    assert time.monotonic() - started < 5.0  # not the 30 s of the delay
    with pytest.raises(aiohttp.ClientError):
        (await pending).release()
    assert not fake.platform.delays
