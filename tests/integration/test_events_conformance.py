"""The WebSocket client against an independent, strict gateway emulator (platform §11, §4).

The emulator (tests/support/_strict_gateway.py) is written from the platform's documented
behaviour only and shares no code with ``ringcentral_async.testing``. It is strict: every
frame the client sends is checked for its exact shape, anything sent before
``ConnectionDetails`` is a violation, a wstoken may open one connection only, a recovery
must use the ``wsc`` token of the highest sequence sent on ANY frame, and a subscription
kept by a ``Successful`` recovery must not be created again. Each test ends by asserting
that no violation was recorded.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from _strict_gateway import (
    CLIENT_ID,
    CLIENT_SECRET,
    FAST,
    JWT,
    MESSAGES,
    PRESENCE,
    SUB_PATH,
    Conn,
    Gateway,
    start_gateway,
)

from ringcentral_async import ApiError, RingCentral, TransportError


@pytest.fixture
async def gw() -> AsyncIterator[Gateway]:
    async with start_gateway() as state:
        yield state


@pytest.fixture
async def rc(gw: Gateway) -> AsyncIterator[RingCentral]:
    client = RingCentral(CLIENT_ID, CLIENT_SECRET, server_url=gw.url, throttle=False, timeout=2.0)
    async with client:
        await client.login(jwt=JWT)
        yield client


async def until(predicate: Any, timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while True:
            if predicate():
                return
            await asyncio.sleep(0.01)


async def next_event(sub: Any, timeout: float = 5.0) -> Any:
    return await asyncio.wait_for(sub.__anext__(), timeout)


def requests_of(conn: Conn) -> list[tuple[str, str]]:
    return [
        (m[0]["method"], m[0]["path"]) for m in conn.received if m[0].get("type") == "ClientRequest"
    ]


# -- tests ---------------------------------------------------------------------------------


async def test_frames_have_the_documented_shapes_and_wait_for_connection_details(
    gw: Gateway, rc: RingCentral
) -> None:
    gw.details_delay = 0.2  # a client that talks first is caught
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        assert sub.id == "sub-1"
        await gw.publish({"n": 1})
        event = await next_event(sub)
        assert event.body == {"n": 1} and event.subscription_id == "sub-1"
        await sub.update([MESSAGES, PRESENCE])
        assert gw.sub_filters == [MESSAGES, PRESENCE]
    await until(lambda: gw.sub_id is None)
    conn = gw.conns[0]
    assert requests_of(conn) == [
        ("POST", SUB_PATH),
        ("PUT", SUB_PATH + "sub-1"),
        ("DELETE", SUB_PATH + "sub-1"),
    ]
    assert conn.received[0][1] == {
        "eventFilters": [MESSAGES],
        "deliveryMode": {"transportType": "WebSocket"},
    }
    assert len(conn.received[2]) == 1  # DELETE: [meta], no body
    assert set(conn.query) == {"access_token"} and conn.query["access_token"] == gw.minted[0]
    assert gw.violations == []


async def test_heartbeats_follow_idle_timeout_from_connection_details(
    gw: Gateway, rc: RingCentral
) -> None:
    gw.details = {"idleTimeout": 0.3}
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST):
        await until(lambda: sum(m[0].get("type") == "Heartbeat" for m in gw.conns[0].received) >= 2)
    beats = [m for m in gw.conns[0].received if m[0].get("type") == "Heartbeat"]
    assert all(len(m) == 1 and set(m[0]) == {"type", "messageId"} for m in beats)
    assert len(gw.conns) == 1  # answered heartbeats keep the socket
    assert gw.violations == []


async def test_recovery_uses_the_highest_sequence_of_any_frame_and_keeps_the_subscription(
    gw: Gateway, rc: RingCentral
) -> None:
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        await gw.publish({"n": 1})
        await next_event(sub)
        first = gw.conns[0]
        # A heartbeat answer carries the highest sequence; then an out-of-order frame with
        # a lower sequence (and another token) must not win.
        await gw.send(first, {"type": "Heartbeat", "messageId": "srv-1"})
        top = gw.highest
        await gw.send(first, {"type": "Heartbeat", "messageId": "srv-2"}, sequence=1)
        assert gw.highest == top
        await asyncio.sleep(0.05)
        await first.ws.close()
        await until(lambda: len(gw.conns) == 2 and sub.live)
        second = gw.conns[1]
        assert top is not None and second.query.get("wsc") == top[1]
        assert second.recovered == "Successful"
        await gw.publish({"n": 2})
        assert (await next_event(sub)).body == {"n": 2}
        assert requests_of(second) == []  # no re-create after a Successful recovery
        assert sub.id == "sub-1" and sub.gaps == []
    assert len(set(gw.minted)) == len(gw.minted) == 2
    assert gw.violations == []


async def test_failed_recovery_creates_the_subscription_again_on_the_same_socket(
    gw: Gateway, rc: RingCentral
) -> None:
    gw.recovery = "Failed"
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        await gw.publish({"n": 1})
        await next_event(sub)
        await gw.conns[0].ws.close()
        await until(lambda: len(gw.conns) == 2 and sub.live)
        second = gw.conns[1]
        assert "wsc" in second.query and second.recovered == "Failed"
        assert requests_of(second) == [("POST", SUB_PATH)]
        assert sub.id == "sub-2" and [g.reason for g in sub.gaps] == ["recovery-failed"]
        await gw.publish({"n": 2})
        assert (await next_event(sub)).body == {"n": 2}
        # The new session's sequences start again: the next recovery uses its token.
        gw.recovery = "Successful"
        await gw.send(second, {"type": "Heartbeat", "messageId": "srv-1"})
        await asyncio.sleep(0.05)
        await second.ws.close()
        await until(lambda: len(gw.conns) == 3 and sub.live)
        assert gw.conns[2].recovered == "Successful"
    assert gw.violations == []


async def test_recovery_timeout_is_read_from_connection_details(
    gw: Gateway, rc: RingCentral
) -> None:
    gw.details = {"recoveryTimeout": 0.1}
    async with rc.subscribe([MESSAGES], reconnect_bands=[(0.3, 0.3)]) as sub:
        await gw.conns[0].ws.close()
        await until(lambda: len(gw.conns) == 2 and sub.live)
        # Too late to recover: a fresh connection and a new subscription.
        assert "wsc" not in gw.conns[1].query
        assert requests_of(gw.conns[1]) == [("POST", SUB_PATH)]
        assert [g.reason for g in sub.gaps] == ["recovery-timeout"]
    assert gw.violations == []


@pytest.mark.parametrize("code", ["WSG-902", "WSG-903"])
async def test_a_gateway_timeout_error_leads_to_a_recovery(
    gw: Gateway, rc: RingCentral, code: str
) -> None:
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        await gw.send(gw.conns[0], {"type": "Error"}, {"errorCode": code, "message": "timeout"})
        # The gateway does not close the socket itself here: the client must move on.
        await until(lambda: len(gw.conns) == 2 and sub.live)
        assert gw.conns[1].recovered == "Successful"
        await gw.publish({"n": 1})
        assert (await next_event(sub)).body == {"n": 1}
    assert gw.violations == []


async def test_malformed_and_bodiless_frames_never_stop_the_reader(
    gw: Gateway, rc: RingCentral
) -> None:
    junk = [
        "not-json",
        "{}",
        "[]",
        "42",
        "null",
        '"text"',
        "[1, 2]",
        "[{}, {}, {}]",
        "[" * 200_000 + "]" * 200_000,
        '[{"type": "ServerNotification"}]',
        '[{"type": "ServerNotification"}, {"uuid": 5}]',
        '[{"type": "ClientRequest", "messageId": "nobody"}]',
        '[{"type": "ClientRequest", "messageId": 7, "status": "x"}]',
        '[{"type": "Heartbeat"}]',
        '[{"type": "ConnectionDetails"}]',
        '[{"type": "Error"}]',
        '[{"type": "Error"}, "x"]',
        '[{"type": "Nope", "wsc": [1]}]',
        '[{"type": "Heartbeat", "wsc": {"token": 1, "sequence": "x"}}]',
        '[{"type": "Heartbeat", "headers": [1]}]',
    ]
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        for text in junk:
            await gw.conns[0].ws.send_str(text)
        await gw.conns[0].ws.send_bytes(b"\x00\x01")
        await gw.publish({"n": 1})
        assert (await next_event(sub)).body == {"n": 1}
        assert len(gw.conns) == 1 and sub.live
    assert gw.violations == []


async def test_connection_details_without_a_body_on_recovery_does_not_end_the_subscription(
    gw: Gateway, rc: RingCentral
) -> None:
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        gw.send_details_body = False
        gw.recovery = "Failed"
        await gw.conns[0].ws.close()
        await until(lambda: len(gw.conns) == 2 and sub.live)
        await gw.publish({"n": 1})
        assert (await next_event(sub)).body == {"n": 1}
    assert gw.violations == []


@pytest.mark.parametrize(("code", "status"), [("SUB-505", 400), ("SUB-508", 400)])
async def test_subscription_refusals_are_typed_errors(
    gw: Gateway, rc: RingCentral, code: str, status: int
) -> None:
    gw.post_answers = [
        (status, {"errorCode": code, "message": "refused", "errors": [{"errorCode": code}]})
    ]
    with pytest.raises(ApiError) as info:
        async with rc.subscribe([MESSAGES], reconnect_bands=FAST):
            pass
    assert info.value.error_code == code and info.value.status == status
    assert gw.violations == []


async def test_disabled_filters_are_reported_typed(gw: Gateway, rc: RingCentral) -> None:
    disabled = {"filter": PRESENCE, "reason": "Permission denied", "message": "no"}
    gw.post_answers = [(200, {"disabledFilters": [disabled]})]
    async with rc.subscribe([MESSAGES, PRESENCE], reconnect_bands=FAST) as sub:
        assert [(d.filter, d.reason) for d in sub.disabled_filters] == [
            (PRESENCE, "Permission denied")
        ]
    assert gw.violations == []


async def test_wstokens_are_fresh_and_never_reach_logs_or_errors(
    gw: Gateway, rc: RingCentral, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    gw.refuse_next = 1
    with pytest.raises(TransportError) as info:
        async with rc.subscribe([MESSAGES], reconnect_bands=FAST):
            pass
    texts = [str(info.value), repr(info.value)]
    chain: BaseException | None = info.value
    while chain is not None:  # the whole chain, also what `raise ... from None` hides
        texts.append(str(chain))
        chain = chain.__cause__ or chain.__context__
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        for _ in range(2):
            await gw.conns[-1].ws.close()
            count = len(gw.conns)
            await until(lambda c=count: len(gw.conns) == c + 1 and sub.live)
        texts.append(repr(sub))
    texts += [r.getMessage() for r in caplog.records]
    texts += [str(r.exc_info) for r in caplog.records if r.exc_info]
    assert len(gw.minted) == 4 and len(set(gw.minted)) == 4
    for secret in gw.minted:
        assert not any(secret in t for t in texts)
    assert gw.violations == []
