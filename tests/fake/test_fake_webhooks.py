"""The fake's webhook subscriptions and deliveries, with plain aiohttp on both sides."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from _hook_server import hook_servers
from aiohttp import web

from ringcentral_async.testing import FakeRingCentral

from .conftest import JWT_GRANT, basic

MESSAGES = "/restapi/v1.0/account/~/extension/~/message-store"
Receiver = Callable[..., Awaitable[str]]


@pytest.fixture
async def hooks() -> AsyncIterator[FakeRingCentral]:
    async with FakeRingCentral(
        extensions=5, call_log_records=5, webhook_validation_timeout=0.3
    ) as fake:
        yield fake


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    """``await receiver(handler)``: an aiohttp.web app on 127.0.0.1; its ``/hook`` URL."""
    async with hook_servers() as start:
        yield start


async def _bearer(http: aiohttp.ClientSession, fake: FakeRingCentral) -> dict[str, str]:
    async with http.post(
        fake.url + "/restapi/oauth/token",
        data={"grant_type": JWT_GRANT, "assertion": fake.jwt},
        headers=basic(fake),
    ) as resp:
        body = await resp.json()
    return {"Authorization": "Bearer " + body["access_token"]}


def _echo(token: str) -> web.Response:
    return web.Response(content_type="application/json", headers={"Validation-Token": token})


def _echoing(seen: list[tuple[dict[str, str], Any]]) -> Any:
    async def handler(request: web.Request) -> web.Response:
        token = request.headers.get("Validation-Token")
        if token is not None:
            return web.Response(
                content_type="application/json", headers={"Validation-Token": token}
            )
        seen.append((dict(request.headers), await request.json()))
        return web.Response(content_type="application/json")

    return handler


async def _create(
    http: aiohttp.ClientSession, fake: FakeRingCentral, auth: dict[str, str], mode: dict[str, Any]
) -> tuple[int, Any]:
    body = {"eventFilters": [MESSAGES], "deliveryMode": mode}
    async with http.post(fake.url + "/restapi/v1.0/subscription", json=body, headers=auth) as resp:
        return resp.status, await resp.json()


async def test_create_validates_then_delivers_with_the_verification_token(
    hooks: FakeRingCentral, session: aiohttp.ClientSession, receiver: Receiver
) -> None:
    seen: list[tuple[dict[str, str], Any]] = []
    address = await receiver(_echoing(seen))
    auth = await _bearer(session, hooks)
    mode = {"transportType": "WebHook", "address": address, "verificationToken": "vt-1"}
    status, created = await _create(session, hooks, auth, mode)
    assert status == 200 and created["status"] == "Active"
    assert await hooks.publish(MESSAGES, {"k": 1}) == 1
    ((headers, payload),) = seen
    assert headers["Verification-Token"] == "vt-1"
    assert "Validation-Token" not in headers
    assert payload["subscriptionId"] == created["id"] and payload["body"] == {"k": 1}
    assert set(payload) == {"uuid", "event", "timestamp", "subscriptionId", "ownerId", "body"}


async def test_a_slow_or_wrong_handshake_is_sub_525(
    hooks: FakeRingCentral, session: aiohttp.ClientSession, receiver: Receiver
) -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(1)
        return web.Response()

    async def wrong_type(request: web.Request) -> web.Response:
        token = request.headers["Validation-Token"]
        return web.Response(text="ok", headers={"Validation-Token": token})

    auth = await _bearer(session, hooks)
    for handler in (slow, wrong_type):
        address = await receiver(handler)
        status, body = await _create(
            session, hooks, auth, {"transportType": "WebHook", "address": address}
        )
        assert status == 400 and body["errorCode"] == "SUB-525"
    assert hooks.gateway.store.records == {}


@pytest.mark.parametrize(
    "mode",
    [
        {"transportType": "WebSocket"},
        {"transportType": "WebHook", "address": "http://example.com/hook"},
        {"transportType": "WebHook"},
    ],
)
async def test_only_https_or_loopback_webhooks_are_created_over_http(
    hooks: FakeRingCentral, session: aiohttp.ClientSession, mode: dict[str, Any]
) -> None:
    auth = await _bearer(session, hooks)
    status, body = await _create(session, hooks, auth, mode)
    assert status == 400 and body["errorCode"] in ("SUB-521", "SUB-522")


async def test_a_failing_receiver_gets_the_subscription_blacklisted(
    hooks: FakeRingCentral, session: aiohttp.ClientSession, receiver: Receiver
) -> None:
    state = {"fail": False}

    async def flaky(request: web.Request) -> web.Response:
        token = request.headers.get("Validation-Token")
        if token is not None:
            return web.Response(
                content_type="application/json", headers={"Validation-Token": token}
            )
        return web.Response(status=500 if state["fail"] else 200)

    auth = await _bearer(session, hooks)
    _, created = await _create(
        session, hooks, auth, {"transportType": "WebHook", "address": await receiver(flaky)}
    )
    state["fail"] = True
    for _ in range(3):
        assert await hooks.publish(MESSAGES, {}) == 1
    assert await hooks.publish(MESSAGES, {}) == 0  # blacklisted: no more deliveries
    url = hooks.url + "/restapi/v1.0/subscription/" + created["id"]
    async with session.get(url, headers=auth) as resp:
        assert (await resp.json())["status"] == "Blacklisted"
