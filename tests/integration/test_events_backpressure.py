"""A slow consumer: the queue stays bounded and every dropped event is in an overflow gap."""

from __future__ import annotations

from _events_helpers import MESSAGES, MakeClient, MakeFake, take, until

from ringcentral_async.models.subscriptions import Gap


async def test_a_slow_consumer_gets_the_newest_events_and_an_overflow_gap(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    seen: list[object] = []

    async def on_gap(gap: Gap) -> None:
        seen.append(gap)

    async with rc.subscribe([MESSAGES], on_gap=on_gap, max_queue=5) as sub:
        for n in range(20):
            await fake.publish(MESSAGES, n)
        await until(lambda: sub._queue._dropped == 15)
        assert len(sub._queue) == 5  # bounded while nobody reads
        seen.extend(e.body for e in await take(sub, 5))
    (gap,) = sub.gaps
    assert gap.reason == "overflow" and gap.dropped == 15 and gap.since <= gap.until
    assert seen == [gap, 15, 16, 17, 18, 19]  # the gap first: it is older than what follows


async def test_an_overflow_pending_at_close_is_still_recorded(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    async with rc.subscribe([MESSAGES], max_queue=2) as sub:
        for n in range(4):
            await fake.publish(MESSAGES, n)
        await until(lambda: sub._queue._dropped == 2)
    assert [(g.reason, g.dropped) for g in sub.gaps] == [("overflow", 2)]
