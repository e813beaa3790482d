"""Fixtures: the strict platform emulator and real public clients pointed at it.

- ``make_emulator(**options)``: start a :class:`PlatformEmulator` on 127.0.0.1.
- ``make_client(emu, throttle=True, login=True)``: a ``RingCentral`` on ``emu.url``, logged
  in with the emulator's JWT (the default ``throttle=True``: RingCentral's documented
  limits, calibrated from the emulator's headers).

Clients are closed before emulators (``filterwarnings = error`` fails a test that leaks an
aiohttp session).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from _emu_app import MakeEmulator, PlatformEmulator

from ringcentral_async import RingCentral

MakeClient = Callable[..., Awaitable[RingCentral]]


@pytest.fixture
async def make_emulator() -> AsyncIterator[MakeEmulator]:
    emulators: list[PlatformEmulator] = []

    async def make(**options: Any) -> PlatformEmulator:
        emu = PlatformEmulator(**options)
        await emu.__aenter__()
        emulators.append(emu)
        return emu

    try:
        yield make
    finally:
        for emu in reversed(emulators):
            await emu.__aexit__(None, None, None)


@pytest.fixture
async def make_client(make_emulator: MakeEmulator) -> AsyncIterator[MakeClient]:
    clients: list[RingCentral] = []

    async def make(
        emu: PlatformEmulator, *, throttle: Any = True, login: bool = True, **options: Any
    ) -> RingCentral:
        rc = RingCentral(
            emu.client_id, emu.client_secret, server_url=emu.url, throttle=throttle, **options
        )
        clients.append(rc)
        if login:
            await rc.login(jwt=emu.jwt)
        return rc

    try:
        yield make
    finally:
        for rc in reversed(clients):
            await rc.aclose()
