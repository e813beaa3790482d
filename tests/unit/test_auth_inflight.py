"""A finished token flight whose done-callback has not run yet must not make waiters spin.

Awaiting a done task does not yield to the event loop, so a waiter looping on
``while self._inflight is not None: await shield(self._inflight)`` would spin forever
before the callback that clears ``_inflight`` could run (seen with several processes
sharing a token: the loop froze at 100 % CPU).
"""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime
from typing import Any

from ringcentral_async import MemoryTokenStore, Token
from ringcentral_async._auth import Authenticator


def _token() -> Token:
    body = {"access_token": "AT", "expires_in": 3600, "refresh_token": "RT"}
    return Token.from_response(body, now=datetime.now(UTC))


async def _never(*args: Any) -> Any:
    raise AssertionError("no token request expected")


def _run_with_deadline(coro_factory: Any, seconds: float = 5.0) -> Any:
    """Run in a thread of its own so that a spinning loop fails the test instead of
    freezing the suite."""
    out: dict[str, Any] = {}

    def target() -> None:
        out["value"] = asyncio.run(coro_factory())

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the waiter spins on a finished token flight"
    return out["value"]


def test_waiters_do_not_spin_on_a_finished_flight() -> None:
    async def scenario() -> str:
        token = _token()
        auth = Authenticator("id", "secret", send_token_request=_never,
                             store=MemoryTokenStore(token))  # fmt: skip
        await auth.ensure_loaded()

        async def flight() -> Token:
            return token

        task = asyncio.ensure_future(flight())
        await asyncio.wait([task])
        auth._flight.task = task  # done, and no callback will ever clear it
        return await auth.access_token()

    assert _run_with_deadline(scenario) == "AT"


def test_a_finished_failed_flight_still_raises_to_its_waiter() -> None:
    async def scenario() -> str:
        auth = Authenticator("id", "secret", send_token_request=_never,
                             store=MemoryTokenStore(_token()))  # fmt: skip
        await auth.ensure_loaded()

        async def flight() -> Token:
            raise RuntimeError("refresh failed")

        task = asyncio.ensure_future(flight())
        await asyncio.wait([task])
        auth._flight.task = task
        try:
            await auth.access_token()
        except RuntimeError as exc:
            return str(exc)
        return "no error"

    assert _run_with_deadline(scenario) == "refresh failed"
