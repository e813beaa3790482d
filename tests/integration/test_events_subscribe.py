"""rc.subscribe(): creating, receiving, updating and deleting over a real socket."""

from __future__ import annotations

from typing import Any

import pytest
from _events_helpers import FAST, MESSAGES, PRESENCE, MakeClient, MakeFake, take, until

from ringcentral_async import BadRequestError, ConfigurationError, DecodeError


async def test_events_arrive_once_in_order_with_their_fields(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    async with rc.subscribe([MESSAGES]) as sub:
        assert sub.id is not None and sub.event_filters == (MESSAGES,)
        for n in range(5):
            assert await fake.publish(MESSAGES, {"n": n}) == 1
        events = await take(sub, 5)
    assert [e.body for e in events] == [{"n": n} for n in range(5)]
    expanded = f"/restapi/v1.0/account/{fake.account_id}/extension/{fake.owner_id}/message-store"
    assert {e.event for e in events} == {expanded}
    assert {e.owner_id for e in events} == {str(fake.owner_id)}
    assert {e.subscription_id for e in events} == {sub.id}
    assert len({e.uuid for e in events}) == 5
    assert all(e.timestamp is not None and e.timestamp.tzinfo for e in events)


async def test_tilde_filters_match_the_owner_ids_like_rest_paths(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    own = f"/restapi/v1.0/account/{fake.account_id}/extension/{fake.owner_id}/message-store"
    other = f"/restapi/v1.0/account/{fake.account_id}/extension/1/message-store"
    async with rc.subscribe([MESSAGES]) as sub:
        assert await fake.publish(other, {"who": "other"}) == 0
        assert await fake.publish(own + "?type=SMS", {"who": "me"}) == 1  # more query: matches
        (event,) = await take(sub, 1)
    assert event.body == {"who": "me"}


async def test_update_changes_the_filters_over_the_same_socket(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        first_id = sub.id
        await sub.update([PRESENCE])
        assert sub.event_filters == (PRESENCE,) and sub.id == first_id
        assert await fake.publish(MESSAGES, {"old": True}) == 0
        assert await fake.publish(PRESENCE, {"new": True}) == 1
        (event,) = await take(sub, 1)
        assert event.body == {"new": True}
    assert len(fake.gateway.connections) == 1  # no second connection for the update
    assert fake.count(path="/restapi/v1.0/subscription") == 0  # nothing over HTTP


async def test_leaving_the_block_deletes_the_subscription_and_ends_iteration(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    sub = rc.subscribe([MESSAGES])
    async with sub:
        assert len(fake.gateway.store.records) == 1
    assert fake.gateway.store.records == {}
    assert fake.gateway.live_count() == 0
    assert [e async for e in sub] == []
    await sub.aclose()  # idempotent


async def test_each_connection_takes_a_fresh_wstoken_in_the_auth_group(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        await fake.drop_websockets()
        await fake.publish(MESSAGES, {})
        await take(sub, 1)
    tokens = fake.requests(path="/restapi/oauth/wstoken")
    assert len(tokens) == len(fake.gateway.connections) == 2
    assert {r.group for r in tokens} == {"Auth"}
    assert {r.owner for r in tokens} == {str(fake.owner_id)}  # counted for the user
    assert rc.throttle.stats()["Auth"].sent >= 3  # the login and both wstokens


async def test_a_reused_wstoken_is_refused_by_the_gateway(make_fake: MakeFake) -> None:
    import aiohttp

    fake = await make_fake()
    body = fake.gateway.mint_token(fake.owner_id, fake.account_id, "s")
    url = body["uri"] + "?access_token=" + body["ws_access_token"]
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(url) as ws:
            await ws.receive_json()
        with pytest.raises(aiohttp.WSServerHandshakeError) as info:
            await http.ws_connect(url)
    assert info.value.status == 401


@pytest.mark.parametrize("filters", [[], "/restapi/v1.0/x", ["relative"], [""], ["/a b"], [5]])
async def test_bad_filters_are_configuration_errors_before_anything_is_sent(
    make_fake: MakeFake, make_client: MakeClient, filters: object
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    with pytest.raises(ConfigurationError):
        rc.subscribe(filters)  # type: ignore[arg-type]
    assert fake.count(path="/restapi/oauth/wstoken") == 0


async def test_filters_the_platform_refuses_raise_its_error(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    with pytest.raises(BadRequestError) as info:
        async with rc.subscribe(["/not/an/api/path"]):
            pass
    assert info.value.error_code == "SUB-508"
    assert fake.gateway.live_count() == 0


@pytest.mark.parametrize(
    "uri", ["ws://evil.example.com/ws", "http://127.0.0.1:1/ws", "wss://user:pw@127.0.0.1/ws"]
)
async def test_a_gateway_uri_off_the_trusted_hosts_gets_no_wstoken(
    make_fake: MakeFake, make_client: MakeClient, uri: str
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    fake.gateway.url = uri
    with pytest.raises(DecodeError):
        async with rc.subscribe([MESSAGES]):
            pass
    assert fake.gateway.connections == []


async def test_bad_options_are_configuration_errors(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    bad: list[dict[str, Any]] = [
        {"max_queue": 0},
        {"reconnect_bands": []},
        {"on_gap": 5},
        {"timeout": 0},
        {"timeout": "5"},
    ]
    for kwargs in bad:
        with pytest.raises(ConfigurationError):
            rc.subscribe([MESSAGES], **kwargs)


async def test_iterating_a_subscription_that_was_never_started_is_an_error(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    with pytest.raises(ConfigurationError, match="async with"):
        async for _ in rc.subscribe([MESSAGES]):
            pass


async def test_update_during_a_reconnect_waits_for_the_new_connection(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    async with rc.subscribe([MESSAGES], reconnect_bands=[(0.3, 0.3)]) as sub:
        await fake.drop_websockets()
        await until(lambda: not sub.live)
        await sub.update([PRESENCE])  # sent once the socket is back
        assert sub.event_filters == (PRESENCE,) and sub.gaps == []
        assert await fake.publish(PRESENCE, "new") == 1
        (event,) = await take(sub, 1)
        assert event.body == "new"
    assert [c["recovery"] for c in fake.gateway.connections] == [None, "Successful"]
