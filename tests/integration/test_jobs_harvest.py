"""harvest_call_log against FakeRingCentral: exactly once under faults, resume, look-back."""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from ringcentral_async import ConfigurationError, Throttle
from ringcentral_async.jobs import harvest_call_log, read_consumer_state
from ringcentral_async.testing import FakeRingCentral

MakeFake = Any
MakeClient = Any

#: Heavy as on the platform (10 per window) with a short window; loose elsewhere.
LIMITS = {"Light": (50, 0.3), "Medium": (40, 0.3), "Heavy": (10, 0.3), "Auth": (5, 0.3)}


async def _setup(
    make_fake: MakeFake, make_client: MakeClient, records: int, **options: Any
) -> tuple[FakeRingCentral, Any]:
    fake = await make_fake(
        call_log_records=records, extensions=30, limits=LIMITS, penalty=1.0, **options
    )
    rc = await make_client(fake, throttle=Throttle(limits=LIMITS))
    return fake, rc


def _range(fake: FakeRingCentral) -> tuple[Any, Any]:
    return fake.now - timedelta(days=31), fake.now


async def test_harvest_20k_with_faults_yields_every_record_once(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake, rc = await _setup(make_fake, make_client, 20_000)
    expected = {r["id"] for r in fake.call_records}
    fake.fail_next(503, count=2, path="/call-log")
    fake.reset_next(path="/call-log")
    fake.fail_next(429, path="/call-log", retry_after=1)
    start, end = _range(fake)
    seen: Counter[str] = Counter()
    # Simple view: the same paging, less JSON for the fake to build (faster test)
    harvest = harvest_call_log(rc, start, end, view="Simple", slices=6, concurrency=3)
    async with contextlib.aclosing(harvest):
        async for record in harvest:
            assert record.id is not None
            seen[record.id] += 1
            if len(seen) == 7_000:
                fake.expire_access_tokens()
    assert set(seen) == expected
    assert max(seen.values()) == 1
    assert harvest.stats.records == 20_000
    token_requests = fake.count(path="/oauth/token")
    assert token_requests == 2  # the login and exactly one refresh after the expiry
    assert fake.count(status=429) == 1
    assert fake.count(during_penalty=True) == 0
    pages = fake.requests(path="/call-log", status=200)
    # 20 pages' worth of records; at most one partly filled page more per slice
    assert len(pages) <= 20 + 6
    assert all("perPage=1000" in p.query for p in pages)


async def test_cancelled_harvest_resumes_from_checkpoint(
    make_fake: MakeFake, make_client: MakeClient, tmp_path: Path
) -> None:
    fake, rc = await _setup(make_fake, make_client, 6_000)
    expected = {r["id"] for r in fake.call_records}
    checkpoint = tmp_path / "harvest.json"
    start, end = _range(fake)
    first: list[str] = []
    harvest = harvest_call_log(rc, start, end, per_page=500, slices=5, checkpoint=checkpoint)
    async with contextlib.aclosing(harvest):
        async for record in harvest:
            assert record.id is not None
            first.append(record.id)
            if len(first) == 2_345:
                break  # a cancellation halfway through a page of a running slice
    saved = json.loads(checkpoint.read_text())
    assert any("cursor" in s and not s.get("done") for s in saved["slices"])
    calls_before = fake.count(path="/call-log")

    second: list[str] = []
    resumed = harvest_call_log(rc, start, end, per_page=500, slices=5, checkpoint=checkpoint)
    async for record in resumed:
        assert record.id is not None
        second.append(record.id)
    assert resumed.stats.resumed_slices >= 1
    union = Counter(first + second)
    assert set(union) == expected
    assert max(union.values()) == 1
    # resuming re-reads no page: at most one request more per resumed or pending slice
    assert fake.count(path="/call-log") - calls_before <= 6_000 // 500 - 2_345 // 500 + 5
    # a third run over a complete checkpoint sends nothing and yields nothing
    before = fake.count(path="/call-log")
    assert [
        r
        async for r in harvest_call_log(
            rc, start, end, per_page=500, slices=5, checkpoint=checkpoint
        )
    ] == []
    assert fake.count(path="/call-log") == before


async def test_task_cancellation_saves_consumer_state(
    make_fake: MakeFake, make_client: MakeClient, tmp_path: Path
) -> None:
    import asyncio

    fake, rc = await _setup(make_fake, make_client, 3_000)
    expected = {r["id"] for r in fake.call_records}
    checkpoint = tmp_path / "h.json"
    start, end = _range(fake)
    got: list[str] = []

    async def consume() -> None:
        harvest = harvest_call_log(
            rc,
            start,
            end,
            per_page=200,
            checkpoint=checkpoint,
            on_checkpoint=lambda: {"count": len(got)},
        )
        async with contextlib.aclosing(harvest):
            async for record in harvest:
                got.append(str(record.id))
                if len(got) == 1_111:
                    fake.delay_next(1.0, path="/call-log")  # the next page hangs

    task = asyncio.create_task(consume())
    while len(got) < 1_111:  # noqa: ASYNC110 (polling the consumer's progress)
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert read_consumer_state(checkpoint) == {"count": len(got)}
    rest = [
        str(r.id)
        async for r in harvest_call_log(rc, start, end, per_page=200, checkpoint=checkpoint)
    ]
    union = Counter(got + rest)
    assert set(union) == expected and max(union.values()) == 1


async def test_lookback_emits_updates_not_duplicates(
    make_fake: MakeFake, make_client: MakeClient, tmp_path: Path
) -> None:
    fake, rc = await _setup(make_fake, make_client, 2_000)
    checkpoint = tmp_path / "h.json"
    start, end = _range(fake)
    lookback = timedelta(days=2)
    first = [
        r async for r in harvest_call_log(rc, start, end, checkpoint=checkpoint, lookback=lookback)
    ]
    assert len({r.id for r in first}) == len(first) == 2_000
    recent = [r for r in fake.call_records if r["startTime"] >= _iso(end - lookback)]
    old = [r for r in fake.call_records if r["startTime"] < _iso(end - lookback - timedelta(1))]
    assert len(recent) >= 3 and old
    fake.now = end + timedelta(hours=1)
    fake.update_call_record(recent[0]["id"], result="Voicemail")
    fake.update_call_record(recent[2]["id"], duration=999)
    fake.update_call_record(old[0]["id"], duration=998)  # outside the window: not re-read
    added = fake.add_call_record(start=end - timedelta(hours=1))
    again = harvest_call_log(rc, start, end, checkpoint=checkpoint, lookback=lookback)
    got = [r async for r in again]
    assert sorted(str(r.id) for r in got) == sorted([recent[0]["id"], recent[2]["id"], added["id"]])
    assert again.stats.updates == 2 and again.stats.records == 1
    # nothing changed since: the look-back pass yields nothing
    assert [
        r async for r in harvest_call_log(rc, start, end, checkpoint=checkpoint, lookback=lookback)
    ] == []


async def test_extension_harvest_and_argument_checks(
    make_fake: MakeFake, make_client: MakeClient, tmp_path: Path
) -> None:
    fake, rc = await _setup(make_fake, make_client, 1_500)
    start, end = _range(fake)
    mine = {r["id"] for r in fake.call_records if r["extension"]["id"] == fake.owner_id}
    got = [r.id async for r in harvest_call_log(rc, start, end, extension_id="~", slices=3)]
    assert sorted(got) == sorted(mine)
    with pytest.raises(ConfigurationError):
        harvest_call_log(rc, end, start)
    with pytest.raises(ConfigurationError):
        harvest_call_log(rc, start, end, per_page=5000)
    checkpoint = tmp_path / "c.json"
    first = harvest_call_log(rc, start, end, checkpoint=checkpoint, slices=2)
    async with contextlib.aclosing(first):
        async for _ in first:
            break
    other = harvest_call_log(rc, start, end, checkpoint=checkpoint, view="Simple")
    with pytest.raises(ConfigurationError, match="another harvest"):
        await other.__anext__()


def _iso(moment: Any) -> str:
    return str(moment.strftime("%Y-%m-%dT%H:%M:%S"))
