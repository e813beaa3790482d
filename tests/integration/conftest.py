"""Fixtures for integration tests: a real client against ``FakeRingCentral`` on 127.0.0.1.

Windows are short (1 s) so that throttling scenarios finish in a few seconds. Every fake
and every client a test creates is closed at teardown (clients first, then fakes), since
pytest runs with ``filterwarnings = error`` and an unclosed aiohttp session fails the test.

- ``make_fake(**options)``: start a FakeRingCentral (defaults: :data:`FAKE_DEFAULTS`).
- ``make_client(fake, throttle=..., login=True)``: a RingCentral pointed at ``fake``; by
  default its Throttle uses :data:`SHORT_LIMITS` (the fake's own short windows), and it is
  logged in with the fake's JWT.
- ``fake`` / ``rc``: one of each with the defaults. Override the fake's options per test
  with ``@pytest.mark.parametrize("fake_options", [{...}])``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

import pytest

from ringcentral_async import RingCentral, Throttle
from ringcentral_async.testing import FakeRingCentral

#: Short windows, the same on both sides unless a test says otherwise.
SHORT_LIMITS: Mapping[str, tuple[int, float]] = {
    "Light": (20, 1.0),
    "Medium": (20, 1.0),
    "Heavy": (5, 1.0),
    "Auth": (5, 1.0),
}
#: Limits so high that nothing ever waits (paging tests, "loose limiter").
LOOSE_LIMITS: Mapping[str, tuple[int, float]] = {
    "Light": (10_000, 1.0),
    "Medium": (10_000, 1.0),
    "Heavy": (10_000, 1.0),
    "Auth": (1_000, 1.0),
}
#: Options of the fake when a test gives none (small data: generation is not free).
FAKE_DEFAULTS: Mapping[str, Any] = {
    "extensions": 20,
    "call_log_records": 100,
    "seed": 11,
    "limits": SHORT_LIMITS,
    "penalty": 2.0,
}

MakeFake = Callable[..., Awaitable[FakeRingCentral]]
MakeClient = Callable[..., Awaitable[RingCentral]]

_DEFAULT = object()


@pytest.fixture
async def make_fake() -> AsyncIterator[MakeFake]:
    """Factory: ``await make_fake(limits=..., extensions=...)`` starts one more fake."""
    fakes: list[FakeRingCentral] = []

    async def make(**options: Any) -> FakeRingCentral:
        fake = FakeRingCentral(**{**FAKE_DEFAULTS, **options})
        await fake.start()
        fakes.append(fake)
        return fake

    try:
        yield make
    finally:
        for fake in reversed(fakes):
            await fake.close()


@pytest.fixture
async def make_client(make_fake: MakeFake) -> AsyncIterator[MakeClient]:
    """Factory: ``await make_client(fake, throttle=Throttle(...) | True | False)``.

    Depends on ``make_fake`` only so that clients are closed before the fakes stop.
    """
    clients: list[RingCentral] = []

    async def make(
        fake: FakeRingCentral,
        *,
        throttle: Any = _DEFAULT,
        login: bool = True,
        **options: Any,
    ) -> RingCentral:
        if throttle is _DEFAULT:
            throttle = Throttle(limits=SHORT_LIMITS)
        rc = RingCentral(
            fake.client_id, fake.client_secret, server_url=fake.url, throttle=throttle, **options
        )
        clients.append(rc)
        if login:
            await rc.login(jwt=fake.jwt)
        return rc

    try:
        yield make
    finally:
        for rc in reversed(clients):
            await rc.aclose()


@pytest.fixture
def fake_options() -> dict[str, Any]:
    """Overrides of :data:`FAKE_DEFAULTS` for the ``fake`` fixture (parametrize it)."""
    return {}


@pytest.fixture
async def fake(make_fake: MakeFake, fake_options: dict[str, Any]) -> FakeRingCentral:
    """A started fake with short windows (Heavy 5 per 1 s, penalty 2 s)."""
    return await make_fake(**fake_options)


@pytest.fixture
async def rc(make_client: MakeClient, fake: FakeRingCentral) -> RingCentral:
    """A logged-in client whose Throttle uses the same short windows as the fake."""
    return await make_client(fake)
