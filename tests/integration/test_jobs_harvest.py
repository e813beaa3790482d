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
                assert 0.1 < harvest.progress() < 0.9  # the share of the range read
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
    assert resumed.progress() == 1.0
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
    assert {str(r.id) for r in got if again.is_update(r)} == {recent[0]["id"], recent[2]["id"]}
    assert not again.is_update(next(r for r in got if r.id == added["id"]))
    assert next(r for r in got if r.id == recent[2]["id"]).duration == 999  # the new version
    # the look-back pass reads the window only: a few pages, not the whole range again
    assert again.stats.pages <= 2
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
    with pytest.raises(ConfigurationError, match="view"):
        harvest_call_log(rc, start, end, view="Full")
    with pytest.raises(ConfigurationError, match="checkpoint"):
        harvest_call_log(rc, start, end, lookback=timedelta(days=1))
    with pytest.raises(ConfigurationError, match="Detailed"):
        harvest_call_log(
            rc, start, end, lookback=timedelta(days=1), view="Simple", checkpoint=tmp_path / "x"
        )
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


async def test_calls_added_and_deleted_during_the_walk(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    """Page numbers shift when the range changes under a walk; the harvest must not care."""
    import random

    fake, rc = await _setup(make_fake, make_client, 3_000)
    originals = {r["id"] for r in fake.call_records}
    start, end = _range(fake)
    rng = random.Random(5)
    seen: Counter[str] = Counter()
    added: list[str] = []
    harvest = harvest_call_log(rc, start, end, view="Simple", per_page=100, slices=3)
    async with harvest:
        async for record in harvest:
            seen[str(record.id)] += 1
            if len(seen) in (700, 1_600):
                # delete consumed calls (pages after them move up: a page walk would skip
                # records) and add calls all over the range (pages move down: repeats)
                for rid in rng.sample(sorted(seen), 120):
                    fake.delete_call_record(rid)
                for _ in range(40):
                    moment = start + timedelta(seconds=rng.randrange(31 * 86400))
                    added.append(fake.add_call_record(start=moment)["id"])
    assert max(seen.values()) == 1
    assert originals <= set(seen)  # not one original record skipped
    assert set(seen) - originals <= set(added)


async def test_resume_after_calls_were_added_and_deleted(
    make_fake: MakeFake, make_client: MakeClient, tmp_path: Path
) -> None:
    """Between the runs calls come and go; the rerun yields exactly what is still unread."""
    import random

    fake, rc = await _setup(make_fake, make_client, 4_000)
    originals = {r["id"] for r in fake.call_records}
    start, end = _range(fake)
    checkpoint = tmp_path / "h.json"
    first: list[str] = []
    opts: dict[str, Any] = {"view": "Simple", "per_page": 250, "slices": 4, "concurrency": 2}
    async with harvest_call_log(rc, start, end, checkpoint=checkpoint, **opts) as harvest:
        async for record in harvest:
            first.append(str(record.id))
            if len(first) == 1_777:
                break
    saved = json.loads(checkpoint.read_text())
    rng = random.Random(9)
    for rid in rng.sample(first, 300):  # consumed ones deleted: nothing else may move
        fake.delete_call_record(rid)
    unread: set[str] = set()
    for _ in range(200):
        moment = start + timedelta(seconds=rng.randrange(31 * 86400))
        rid = fake.add_call_record(start=moment)["id"]
        stamp = _iso_ms(moment)
        for s in saved["slices"]:
            running = s["start"] <= stamp < s["end"] and not s.get("done")
            if running and ("cursor" not in s or stamp < s["cursor"]):  # newest-first: unread
                unread.add(rid)
    again = harvest_call_log(rc, start, end, checkpoint=checkpoint, **opts)
    rest = [str(r.id) async for r in again]
    union = Counter(first + rest)
    assert max(union.values()) == 1
    assert originals <= set(union)
    assert unread <= set(rest)  # every call added where the first run had not been yet
    assert unread, "the test should add calls to the unread part"


async def test_record_in_hand_counts_only_when_the_block_ends_normally(
    make_fake: MakeFake, make_client: MakeClient, tmp_path: Path
) -> None:
    fake, rc = await _setup(make_fake, make_client, 600)
    expected = {r["id"] for r in fake.call_records}
    start, end = _range(fake)
    checkpoint = tmp_path / "h.json"
    processed: list[str] = []
    with pytest.raises(RuntimeError, match="disk full"):
        async with harvest_call_log(rc, start, end, checkpoint=checkpoint, per_page=100) as h:
            async for record in h:
                if len(processed) == 250:
                    raise RuntimeError("disk full")  # record 251 was never processed
                processed.append(str(record.id))
    async with harvest_call_log(rc, start, end, checkpoint=checkpoint, per_page=100) as h:
        async for record in h:
            processed.append(str(record.id))
            if len(processed) == 400:
                break  # record 400 was processed: it counts
    processed += [
        str(r.id) async for r in harvest_call_log(rc, start, end, checkpoint=checkpoint)
    ]
    union = Counter(processed)
    assert set(union) == expected and max(union.values()) == 1


def _iso_ms(moment: Any) -> str:
    return str(moment.strftime("%Y-%m-%dT%H:%M:%S.000Z"))
