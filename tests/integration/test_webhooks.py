"""Webhooks end to end: rc.subscriptions against the fake, deliveries received by
webhook_handler on a real aiohttp.web server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest
from _events_helpers import MESSAGES, PRESENCE, MakeClient, MakeFake, until
from _hook_server import Serve, hook_servers
from aiohttp import web

from ringcentral_async import BadRequestError, ConfigurationError, Notification
from ringcentral_async.webhooks import webhook_handler


@pytest.fixture
async def serve() -> AsyncIterator[Serve]:
    """``await serve(handler)``: an aiohttp.web app on 127.0.0.1; its ``/hook`` URL."""
    async with hook_servers() as start:
        yield start


async def test_deliveries_reach_the_handler_with_the_verification_token(
    make_fake: MakeFake, make_client: MakeClient, serve: Serve
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    got: list[Notification] = []
    handler = webhook_handler(_collect(got), verification_token="s3cret-token")
    address = await serve(handler)
    info = await rc.subscriptions.create(
        [MESSAGES], address=address, verification_token="s3cret-token"
    )
    assert info.status == "Active" and info.delivery_mode is not None
    assert info.delivery_mode.address == address
    assert "s3cret-token" not in repr(info)
    for n in range(3):
        assert await fake.publish(MESSAGES, {"n": n}) == 1
    await until(lambda: len(got) == 3)
    assert [e.body for e in got] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert {e.subscription_id for e in got} == {info.id}
    assert [status for _, status in fake.webhooks.deliveries] == [200, 200, 200]
    await handler.drain()


async def test_a_wrong_or_missing_verification_token_is_refused(
    make_fake: MakeFake, make_client: MakeClient, serve: Serve
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    got: list[Notification] = []
    address = await serve(webhook_handler(_collect(got), verification_token="right"))
    await rc.subscriptions.create([MESSAGES], address=address, verification_token="wrong")
    await rc.subscriptions.create([PRESENCE], address=address)  # no token at all
    await fake.publish(MESSAGES, {})
    await fake.publish(PRESENCE, {})
    assert [status for _, status in fake.webhooks.deliveries] == [403, 403]
    assert got == []


async def test_the_handshake_answer_meets_the_platform_limits(serve: Serve) -> None:
    address = await serve(webhook_handler(_collect([])))
    async with (
        aiohttp.ClientSession() as http,
        http.post(address, headers={"Validation-Token": "abc-123"}) as resp,
    ):
        body = await resp.read()
        size = len(body) + sum(len(k) + len(v) + 4 for k, v in resp.raw_headers) + 20
        assert resp.status == 200 and resp.headers["Validation-Token"] == "abc-123"
        assert resp.content_type == "application/json" and size <= 1024


async def test_a_receiver_that_fails_the_handshake_gets_sub_525(
    make_fake: MakeFake, make_client: MakeClient, serve: Serve
) -> None:
    async def not_echoing(request: web.Request) -> web.Response:
        return web.json_response({})

    async def too_big(request: web.Request) -> web.Response:
        token = request.headers["Validation-Token"]
        return web.json_response({"pad": "x" * 2000}, headers={"Validation-Token": token})

    fake = await make_fake()
    rc = await make_client(fake)
    for handler in (not_echoing, too_big):
        address = await serve(handler)
        with pytest.raises(BadRequestError) as info:
            await rc.subscriptions.create([MESSAGES], address=address)
        assert info.value.error_code == "SUB-525"
    assert await rc.subscriptions.list() == []


@pytest.mark.parametrize(
    "address",
    ["http://example.com/hook", "ftp://127.0.0.1/x", "https://user:pw@example.com/", "", "hook"],
)
async def test_a_non_https_address_is_refused_before_sending(
    make_fake: MakeFake, make_client: MakeClient, address: str
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    before = len(fake.log)
    with pytest.raises(ConfigurationError):
        await rc.subscriptions.create([MESSAGES], address=address)
    assert len(fake.log) == before


async def test_list_get_update_renew_delete_in_their_spec_groups(
    make_fake: MakeFake, make_client: MakeClient, serve: Serve
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    address = await serve(webhook_handler(_collect([])))
    created = await rc.subscriptions.create([MESSAGES], address=address, expires_in=3600)
    assert created.id is not None and created.expires_in == 3600
    (listed,) = await rc.subscriptions.list()
    assert listed.id == created.id
    got = await rc.subscriptions.get(created.id)
    assert got.event_filters == created.event_filters
    updated = await rc.subscriptions.update(created.id, [PRESENCE], expires_in=7200)
    expanded = f"/restapi/v1.0/account/{fake.account_id}/extension/{fake.owner_id}/presence"
    assert updated.event_filters == [expanded] and updated.expires_in == 7200
    renewed = await rc.subscriptions.renew(created.id)
    assert renewed.id == created.id
    await rc.subscriptions.delete(created.id)
    assert await rc.subscriptions.list() == []
    groups = {
        (r.method, r.route): r.group for r in fake.log if r.route and "subscription" in r.route
    }
    assert groups == {
        ("POST", "/restapi/v1.0/subscription"): "Medium",
        ("GET", "/restapi/v1.0/subscription"): "Light",
        ("GET", "/restapi/v1.0/subscription/{subscriptionId}"): "Light",
        ("PUT", "/restapi/v1.0/subscription/{subscriptionId}"): "Medium",
        ("POST", "/restapi/v1.0/subscription/{subscriptionId}/renew"): "Light",
        ("DELETE", "/restapi/v1.0/subscription/{subscriptionId}"): "Medium",
    }


async def test_a_slow_callback_does_not_delay_the_answer_and_errors_are_logged(
    make_fake: MakeFake,
    make_client: MakeClient,
    serve: Serve,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    release = asyncio.Event()

    async def slow(event: Notification) -> None:
        await release.wait()
        raise RuntimeError("callback broke")

    handler = webhook_handler(slow)
    address = await serve(handler)
    await rc.subscriptions.create([MESSAGES], address=address)
    await asyncio.wait_for(fake.publish(MESSAGES, {}), 2)  # answered while the callback waits
    assert [s for _, s in fake.webhooks.deliveries] == [200]
    assert len(handler.tasks) == 1
    release.set()
    await handler.drain()
    assert handler.tasks == set()
    assert any("callback failed" in r.getMessage() for r in caplog.records)


async def test_bodies_too_large_or_not_notifications_are_refused(serve: Serve) -> None:
    got: list[Notification] = []
    address = await serve(webhook_handler(_collect(got), max_body=100))
    async with aiohttp.ClientSession() as http:
        async with http.post(address, data=b"x" * 200) as resp:
            assert resp.status == 413
        async with http.post(address, data=b"not json") as resp:
            assert resp.status == 400
        async with http.post(address, json={"uuid": "u"}) as resp:
            assert resp.status == 400
    assert got == []


def _collect(into: list[Notification]) -> Callable[[Notification], Any]:
    async def on_event(event: Notification) -> None:
        into.append(event)

    return on_event


def test_logging_is_not_needed_to_import() -> None:
    assert logging.getLogger("ringcentral_async.webhooks").name == "ringcentral_async.webhooks"


async def test_a_large_body_sent_in_pieces_is_refused_without_reading_it_all(
    serve: Serve,
) -> None:
    got: list[Notification] = []
    address = await serve(webhook_handler(_collect(got), max_body=1000))

    async def pieces() -> Any:
        for _ in range(50):
            yield b"x" * 100  # chunked: no Content-Length to refuse early

    async with aiohttp.ClientSession() as http, http.post(address, data=pieces()) as resp:
        assert resp.status == 413
    assert got == []


@pytest.mark.parametrize("length", [36, 256, 640])
async def test_the_whole_handshake_answer_on_the_wire_is_at_most_1024_bytes(
    serve: Serve, length: int
) -> None:
    """Measured on a raw socket: status line, every header and the body, in bytes."""
    address = await serve(webhook_handler(_collect([]), verification_token="s3cret"))
    host, _, rest = address.removeprefix("http://").partition("/")
    token = "v" * length
    reader, writer = await asyncio.open_connection(*host.split(":"))
    writer.write(
        f"POST /{rest} HTTP/1.1\r\nHost: {host}\r\nValidation-Token: {token}\r\n"
        "Content-Length: 0\r\nConnection: close\r\n\r\n".encode()
    )
    await writer.drain()
    raw = await asyncio.wait_for(reader.read(), 5)
    writer.close()
    await writer.wait_closed()
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    assert lines[0].startswith("HTTP/1.1 200")
    assert headers["validation-token"] == token
    assert headers["content-type"].startswith("application/json")
    assert len(raw) <= 1024, len(raw)
    assert len(body) == int(headers["content-length"])
