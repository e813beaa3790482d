"""Fixtures for the FakeRingCentral tests: a manual clock, the fake, a plain aiohttp session."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest

from ringcentral_async.testing import FakeRingCentral

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"


class ManualClock:
    """A clock the test moves by hand (seconds)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as http:
        yield http


@pytest.fixture
async def fake(clock: ManualClock) -> AsyncIterator[FakeRingCentral]:
    async with FakeRingCentral(extensions=30, call_log_records=300, seed=3, clock=clock) as server:
        yield server


def basic(fake: FakeRingCentral) -> dict[str, str]:
    return {"Authorization": aiohttp.encode_basic_auth(fake.client_id, fake.client_secret)}


async def token_request(
    session: aiohttp.ClientSession,
    fake: FakeRingCentral,
    data: dict[str, str],
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, Any]]:
    async with session.post(
        fake.url + "/restapi/oauth/token",
        data=data,
        headers=basic(fake) if headers is None else headers,
    ) as resp:
        return resp.status, await resp.json()


Login = Callable[[], Awaitable[dict[str, Any]]]


@pytest.fixture
def login(session: aiohttp.ClientSession, fake: FakeRingCentral) -> Login:
    async def do() -> dict[str, Any]:
        status, body = await token_request(
            session, fake, {"grant_type": JWT_GRANT, "assertion": fake.jwt}
        )
        assert status == 200, body
        return body

    return do


Get = Callable[..., Awaitable[tuple[int, Any, Any]]]


@pytest.fixture
def get(session: aiohttp.ClientSession, fake: FakeRingCentral, login: Login) -> Get:
    """GET a path with a fresh login's bearer token: (status, headers, decoded JSON)."""
    state: dict[str, str] = {}

    async def do(
        path: str, params: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Any, Any]:
        if "token" not in state:
            state["token"] = (await login())["access_token"]
        all_headers = {"Authorization": "Bearer " + state["token"], **(headers or {})}
        url = path if path.startswith("http") else fake.url + path
        async with session.get(url, params=params, headers=all_headers) as resp:
            body = await resp.read()
            ctype = resp.headers.get("Content-Type", "")
            data: Any = await resp.json(content_type=None) if "json" in ctype else body
            return resp.status, resp.headers, data

    return do
