"""The fake's WebSocket gateway, spoken to with plain aiohttp (no SDK code)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest

from ringcentral_async.testing import FakeRingCentral

from .conftest import JWT_GRANT, basic

MESSAGES = "/restapi/v1.0/account/~/extension/~/message-store"


async def _login(http: aiohttp.ClientSession, fake: FakeRingCentral) -> str:
    async with http.post(
        fake.url + "/restapi/oauth/token",
        data={"grant_type": JWT_GRANT, "assertion": fake.jwt},
        headers=basic(fake),
    ) as resp:
        body = await resp.json()
    return str(body["access_token"])


async def _wstoken(http: aiohttp.ClientSession, fake: FakeRingCentral, access: str) -> Any:
    async with http.post(
        fake.url + "/restapi/oauth/wstoken", headers={"Authorization": f"Bearer {access}"}
    ) as resp:
        assert resp.status == 200
        return await resp.json()


async def _connect(
    http: aiohttp.ClientSession, fake: FakeRingCentral, access: str, wsc: str | None = None
) -> tuple[aiohttp.ClientWebSocketResponse, list[Any]]:
    token = await _wstoken(http, fake, access)
    params = {"access_token": token["ws_access_token"]}
    if wsc:
        params["wsc"] = wsc
    ws = await http.ws_connect(token["uri"], params=params)
    first = await ws.receive_json(timeout=5)
    return ws, first


async def _request(
    ws: aiohttp.ClientWebSocketResponse, method: str, path: str, body: Any = None, mid: str = "m1"
) -> list[Any]:
    meta = {"type": "ClientRequest", "messageId": mid, "method": method, "path": path}
    await ws.send_json([meta] if body is None else [meta, body])
    while True:
        frame = await ws.receive_json(timeout=5)
        if frame[0]["type"] == "ClientRequest" and frame[0]["messageId"] == mid:
            return list(frame)


def _sub(filters: list[str]) -> dict[str, Any]:
    return {"eventFilters": filters, "deliveryMode": {"transportType": "WebSocket"}}


@pytest.fixture
async def gw() -> Any:
    async with FakeRingCentral(
        extensions=5,
        call_log_records=5,
        ws_idle_timeout=0.5,
        ws_absolute_timeout=30,
        ws_recovery_timeout=5,
        ws_recovery_buffer=3,
    ) as fake:
        yield fake


async def test_wstoken_is_bearer_only_and_counted_in_auth(
    gw: FakeRingCentral, session: aiohttp.ClientSession
) -> None:
    async with session.post(gw.url + "/restapi/oauth/wstoken") as resp:
        assert resp.status == 401
    access = await _login(session, gw)
    body = await _wstoken(session, gw, access)
    assert body["uri"] == gw.ws_url and body["expires_in"] == 30
    (record,) = gw.requests(path="/restapi/oauth/wstoken", status=200)
    assert record.group == "Auth" and record.owner == str(gw.owner_id)


async def test_connection_details_come_first_with_wsc_on_every_frame(
    gw: FakeRingCentral, session: aiohttp.ClientSession
) -> None:
    access = await _login(session, gw)
    ws, first = await _connect(session, gw, access)
    async with ws:
        meta, details = first
        assert meta["type"] == "ConnectionDetails"
        assert details["idleTimeout"] == 0.5 and details["recoveryBufferSize"] == 3
        assert details["recoveryTimeout"] == 5 and "recoveryState" not in details
        created = await _request(ws, "POST", "/restapi/v1.0/subscription/", _sub([MESSAGES]))
        assert created[0]["status"] == 200
        expanded = f"/restapi/v1.0/account/{gw.account_id}/extension/{gw.owner_id}/message-store"
        assert created[1]["eventFilters"] == [expanded]
        await ws.send_json([{"type": "Heartbeat", "messageId": "h1"}])
        beat = await ws.receive_json(timeout=5)
        assert beat[0]["type"] == "Heartbeat" and beat[0]["messageId"] == "h1"
        assert await gw.publish(MESSAGES, {"x": 1}) == 1
        note = await ws.receive_json(timeout=5)
        assert note[0]["type"] == "ServerNotification"
        assert note[1]["event"] == expanded and note[1]["body"] == {"x": 1}
        sequences = [f[0]["wsc"]["sequence"] for f in (first, created, beat, note)]
        assert sequences == [1, 2, 3, 4]
        assert len({f[0]["wsc"]["token"] for f in (first, created, beat, note)}) == 1


async def test_a_second_post_replaces_the_subscription_of_the_connection(
    gw: FakeRingCentral, session: aiohttp.ClientSession
) -> None:
    access = await _login(session, gw)
    ws, _ = await _connect(session, gw, access)
    async with ws:
        one = await _request(ws, "POST", "/restapi/v1.0/subscription", _sub([MESSAGES]))
        two = await _request(ws, "POST", "/restapi/v1.0/subscription", _sub([MESSAGES]), "m2")
        assert one[1]["id"] != two[1]["id"]
        assert list(gw.gateway.store.records) == [two[1]["id"]]
        bad = await _request(ws, "POST", "/restapi/v1.0/subscription", _sub(["nope"]), "m3")
        assert bad[0]["status"] == 400 and bad[1]["errorCode"] == "SUB-508"
        put = await _request(
            ws, "PUT", f"/restapi/v1.0/subscription/{one[1]['id']}", _sub([MESSAGES]), "m4"
        )
        assert put[0]["status"] == 404
        gone = await _request(
            ws, "DELETE", f"/restapi/v1.0/subscription/{two[1]['id']}", None, "m5"
        )
        assert gone[0]["status"] == 204 and gw.gateway.store.records == {}


async def test_an_idle_connection_gets_wsg_902_and_is_closed(
    gw: FakeRingCentral, session: aiohttp.ClientSession
) -> None:
    access = await _login(session, gw)
    ws, _ = await _connect(session, gw, access)
    async with ws:
        frame = await ws.receive_json(timeout=3)  # nothing sent for 0.5 s
        assert frame[0]["type"] == "Error" and frame[1]["errorCode"] == "WSG-902"
        msg = await ws.receive(timeout=3)
        assert msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)


async def test_the_absolute_timeout_is_wsg_903_even_with_heartbeats(
    session: aiohttp.ClientSession,
) -> None:
    async with FakeRingCentral(
        extensions=5, call_log_records=5, ws_idle_timeout=0.3, ws_absolute_timeout=0.8
    ) as fake:
        access = await _login(session, fake)
        ws, _ = await _connect(session, fake, access)
        codes = []
        async with ws:
            loop = asyncio.get_running_loop()
            end = loop.time() + 3
            while loop.time() < end:
                await ws.send_json([{"type": "Heartbeat", "messageId": "h"}])
                msg = await ws.receive(timeout=0.2)
                if msg.type is not aiohttp.WSMsgType.TEXT:
                    break
                frame = json.loads(msg.data)
                if frame[0]["type"] == "Error":
                    codes.append(frame[1]["errorCode"])
        assert codes == ["WSG-903"]


async def test_recovery_replays_the_buffer_and_fails_when_cut_unrecoverably(
    gw: FakeRingCentral, session: aiohttp.ClientSession
) -> None:
    access = await _login(session, gw)
    ws, first = await _connect(session, gw, access)
    wsc = first[0]["wsc"]["token"]
    await _request(ws, "POST", "/restapi/v1.0/subscription/", _sub([MESSAGES]))
    assert await gw.drop_websockets() == 1
    await ws.close()
    for n in range(5):
        await gw.publish(MESSAGES, n)
    ws, first = await _connect(session, gw, access, wsc)
    async with ws:
        assert first[1]["recoveryState"] == "Successful"
        replay = [await ws.receive_json(timeout=5) for _ in range(3)]
        assert [f[1]["body"] for f in replay] == [2, 3, 4]  # a buffer of 3, oldest dropped
        assert [f[0]["wsc"]["sequence"] for f in replay] == [5, 6, 7]  # original sequences
        assert await gw.drop_websockets(recoverable=False) == 1
    ws, first = await _connect(session, gw, access, wsc)
    async with ws:
        assert first[1]["recoveryState"] == "Failed"
        assert first[1]["recoveryErrorCode"] == "WSG-1006"
        assert first[0]["wsc"]["token"] != wsc  # a new session
    assert gw.gateway.store.records == {}


async def test_recovery_by_another_oauth_session_fails(
    gw: FakeRingCentral, session: aiohttp.ClientSession
) -> None:
    access = await _login(session, gw)
    ws, first = await _connect(session, gw, access)
    await _request(ws, "POST", "/restapi/v1.0/subscription/", _sub([MESSAGES]))
    await gw.drop_websockets()
    await ws.close()
    other = await _login(session, gw)
    ws, first2 = await _connect(session, gw, other, first[0]["wsc"]["token"])
    async with ws:
        assert first2[1]["recoveryErrorCode"] == "WSG-1003"


async def test_a_wsc_without_a_subscription_cannot_be_recovered(
    gw: FakeRingCentral, session: aiohttp.ClientSession
) -> None:
    access = await _login(session, gw)
    ws, first = await _connect(session, gw, access)
    await ws.close()
    ws, again = await _connect(session, gw, access, first[0]["wsc"]["token"])
    async with ws:
        assert again[1]["recoveryState"] == "Failed"
        assert again[1]["recoveryErrorCode"] == "WSG-1005"


async def test_wstokens_are_single_use_and_bad_ones_refused(
    gw: FakeRingCentral, session: aiohttp.ClientSession
) -> None:
    access = await _login(session, gw)
    token = await _wstoken(session, gw, access)
    url = token["uri"]
    ws = await session.ws_connect(url, params={"access_token": token["ws_access_token"]})
    await ws.close()
    for params in ({"access_token": token["ws_access_token"]}, {"access_token": "x"}, {}):
        with pytest.raises(aiohttp.WSServerHandshakeError) as info:
            await session.ws_connect(url, params=params)
        assert info.value.status == 401


async def test_malformed_client_frames_get_an_error_frame_not_a_close(
    gw: FakeRingCentral, session: aiohttp.ClientSession
) -> None:
    access = await _login(session, gw)
    ws, _ = await _connect(session, gw, access)
    async with ws:
        for text in ("not-json", "{}", "[]"):
            await ws.send_str(text)
            frame = await ws.receive_json(timeout=5)
            assert frame[0]["type"] == "Error" and frame[1]["errorCode"] == "WSG-400"
        created = await _request(ws, "POST", "/restapi/v1.0/subscription/", _sub([MESSAGES]))
        assert created[0]["status"] == 200
