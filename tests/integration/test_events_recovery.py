"""Recovery: drops, WSG-903, failed and late recoveries, refusals; gaps and on_gap."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from _events_helpers import FAST, MESSAGES, MakeClient, MakeFake, take, until

from ringcentral_async._events import Subscription
from ringcentral_async.models.subscriptions import Gap


async def test_a_recoverable_drop_loses_nothing_and_repeats_nothing(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    gaps: list[Gap] = []

    async def on_gap(gap: Gap) -> None:
        gaps.append(gap)

    async with rc.subscribe([MESSAGES], on_gap=on_gap, reconnect_bands=FAST) as sub:
        first_id = sub.id
        for n in range(5):
            await fake.publish(MESSAGES, n)
        assert [e.body for e in await take(sub, 5)] == list(range(5))
        assert await fake.drop_websockets() == 1
        for n in range(5, 10):  # published while the socket is down: buffered
            await fake.publish(MESSAGES, n)
        await until(lambda: fake.gateway.live_count() == 1)
        for n in range(10, 12):
            await fake.publish(MESSAGES, n)
        assert [e.body for e in await take(sub, 7)] == list(range(5, 12))
        assert sub.id == first_id and sub.gaps == [] and gaps == []
        assert sub.duplicates == 5  # the gateway replayed its whole buffer; dedup dropped 5
        assert sub.reconnects == 1
    recoveries = [c["recovery"] for c in fake.gateway.connections]
    assert recoveries == [None, "Successful"]


async def test_a_failed_recovery_subscribes_again_and_reports_a_gap_in_order(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    seen: list[object] = []

    async def on_gap(gap: Gap) -> None:
        seen.append(gap)

    async with rc.subscribe([MESSAGES], on_gap=on_gap, reconnect_bands=FAST) as sub:
        first_id = sub.id
        await fake.publish(MESSAGES, "before")
        seen.extend(e.body for e in await take(sub, 1))
        await fake.drop_websockets(recoverable=False)
        assert await fake.publish(MESSAGES, "lost") == 1  # the session is gone: never delivered
        await until(lambda: sub.id != first_id and fake.gateway.live_count() == 1)
        await fake.publish(MESSAGES, "after")
        seen.extend(e.body for e in await take(sub, 1))
        (gap,) = sub.gaps
    assert gap.reason == "recovery-failed" and gap.since <= gap.until
    assert seen == ["before", gap, "after"]  # on_gap awaited between the events around it
    assert [c["recovery"] for c in fake.gateway.connections] == [None, "Failed"]
    assert len(fake.gateway.store.records) == 0  # the new subscription was deleted on exit


async def test_past_the_recovery_timeout_it_subscribes_afresh_with_a_gap(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake(ws_recovery_timeout=0.2)
    rc = await make_client(fake)
    async with rc.subscribe([MESSAGES], reconnect_bands=[(0.4, 0.4)]) as sub:
        await fake.drop_websockets()
        await until(lambda: len(sub.gaps) == 1)
        await fake.publish(MESSAGES, "after")
        (event,) = await take(sub, 1)
    assert event.body == "after"
    assert sub.gaps[0].reason == "recovery-timeout"
    # no wsc offered once the window had passed: a plain new connection
    assert [c["recovery"] for c in fake.gateway.connections] == [None, None]


async def test_more_missed_events_than_the_recovery_buffer_is_a_gap(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake(ws_recovery_buffer=5)
    rc = await make_client(fake)
    async with rc.subscribe([MESSAGES], reconnect_bands=[(0.3, 0.3)]) as sub:
        await fake.publish(MESSAGES, -1)
        await take(sub, 1)
        await fake.drop_websockets()
        for n in range(12):
            await fake.publish(MESSAGES, n)
        events = await take(sub, 5)
        assert [e.body for e in events] == list(range(7, 12))  # the buffer's newest five
        assert [g.reason for g in sub.gaps] == ["recovery-incomplete"]


async def test_wsg_903_at_the_absolute_timeout_is_recovered_without_a_gap(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake(ws_absolute_timeout=0.5)
    rc = await make_client(fake)
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        await until(lambda: len(fake.gateway.connections) >= 2)
        await until(lambda: sub.live)
        await fake.publish(MESSAGES, "after")
        (event,) = await take(sub, 1)
        assert event.body == "after" and sub.gaps == []
    assert fake.gateway.connections[1]["recovery"] == "Successful"


async def test_a_quiet_connection_is_kept_alive_by_heartbeats(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake(ws_idle_timeout=0.6)
    rc = await make_client(fake)
    async with rc.subscribe([MESSAGES]) as sub:
        await asyncio.sleep(2.0)  # more than three idle timeouts without an event
        await fake.publish(MESSAGES, "still here")
        (event,) = await take(sub, 1)
        assert event.body == "still here"
    assert len(fake.gateway.connections) == 1  # never WSG-902, never reconnected
    assert sub.reconnects == 0


async def test_a_gateway_that_stops_answering_is_taken_for_dead(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake(ws_idle_timeout=0.6)
    rc = await make_client(fake)
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        fake.gateway.muted = True  # the socket stays open, nothing comes back
        await until(lambda: len(fake.gateway.connections) >= 2, timeout=5)
        fake.gateway.muted = False
        await until(lambda: sub.live)
        await fake.publish(MESSAGES, "back")
        (event,) = await take(sub, 1)
        assert event.body == "back"


async def test_malformed_frames_are_skipped_and_the_reader_goes_on(
    make_fake: MakeFake, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    async with rc.subscribe([MESSAGES]) as sub:
        for text in (
            "not-json",
            "{}",
            "[]",
            '[{"type": 5}]',
            '[{"type": "ServerNotification"}, 7]',
        ):
            assert await fake.gateway.send_raw(text) == 1
        await fake.publish(MESSAGES, "fine")
        (event,) = await take(sub, 1)
        assert event.body == "fine" and sub.reconnects == 0
    skipped = [r for r in caplog.records if "malformed" in r.getMessage()]
    assert len(skipped) == 5


async def test_a_refusing_gateway_costs_a_handful_of_auth_requests(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    delays: list[float] = []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)
        await asyncio.sleep(0)

    sub = Subscription(rc._pipeline, [MESSAGES], sleep=sleep, random=lambda: 0.0)
    async with sub:
        fake.gateway.refuse_next = 5
        await fake.drop_websockets()
        await until(lambda: sub.live and len(fake.gateway.connections) == 7)
        await fake.publish(MESSAGES, "ok")
        (event,) = await take(sub, 1)
    assert event.body == "ok"
    assert delays == [0.5, 2.0, 10.0, 20.0, 40.0, 80.0]  # one band per refused attempt
    assert fake.count(path="/restapi/oauth/wstoken") == 7  # 1 + 5 refused + 1


async def test_the_backoff_resets_only_after_a_stable_connection(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    delays: list[float] = []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)
        await asyncio.sleep(0)

    sub = Subscription(rc._pipeline, [MESSAGES], sleep=sleep, random=lambda: 0.0)
    async with sub:

        def connected(count: int) -> Callable[[], bool]:
            return lambda: sub.live and len(fake.gateway.connections) == count

        for n in range(3):  # connections that drop at once do not reset the bands
            await until(connected(n + 1))
            await fake.drop_websockets()
        await until(lambda: sub.live and len(fake.gateway.connections) == 4)
    assert delays == [0.5, 2.0, 10.0]


async def test_the_wstoken_waits_for_a_refresh_and_recovery_still_succeeds(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        logins = fake.count(path="/restapi/oauth/token")
        fake.expire_access_tokens()  # the next wstoken request meets a dead access token
        await fake.drop_websockets()
        await until(lambda: sub.live and len(fake.gateway.connections) == 2)
        await fake.publish(MESSAGES, "after")
        (event,) = await take(sub, 1)
        assert event.body == "after" and sub.gaps == []
    assert fake.count(path="/restapi/oauth/token") == logins + 1  # one refresh
    # a refreshed token is the same OAuth session: the gateway recovers it
    assert [c["recovery"] for c in fake.gateway.connections] == [None, "Successful"]


async def test_a_new_oauth_session_cannot_recover_the_old_socket(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    assert rc.token is not None and rc.token.refresh_token is not None
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        fake.revoke_refresh_token(rc.token.refresh_token)
        fake.expire_access_tokens()  # the client logs in again with its JWT: a new session
        await fake.drop_websockets()
        await until(lambda: sub.live and len(sub.gaps) == 1)
        await fake.publish(MESSAGES, "after")
        (event,) = await take(sub, 1)
    assert event.body == "after" and sub.gaps[0].reason == "recovery-failed"
    assert [c["recovery"] for c in fake.gateway.connections] == [None, "Failed"]


async def test_an_error_another_attempt_cannot_cure_ends_the_iteration(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    from ringcentral_async import PermissionDeniedError

    fake = await make_fake()
    rc = await make_client(fake)
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        fake.fail_next(403, path="/restapi/oauth/wstoken")
        await fake.drop_websockets()
        with pytest.raises(PermissionDeniedError):
            await take(sub, 1)
        assert [e async for e in sub] == []  # then the iteration is over
    assert fake.count(path="/restapi/oauth/wstoken") == 2  # no storm of retries
    assert len(fake.gateway.connections) == 1
