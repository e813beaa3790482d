"""Paged collections against FakeRingCentral (issue 5, "Done when").

The reference ("server order") for each collection is read with a plain aiohttp walk by page
number before the paginator runs; request counts come from the fake's log, counted from a
marker taken just before the walk under test.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs

import aiohttp
import pytest

from ringcentral_async import RingCentral, Throttle
from ringcentral_async.testing import FakeRingCentral, RequestRecord

EXTENSIONS = "/restapi/v1.0/account/~/extension"  # page numbers with totals
CALL_LOG = "/restapi/v1.0/account/~/call-log"  # navigation.nextPage.uri, no totals
N_EXTENSIONS = 2_345
N_CALLS = 3_456
LOOSE = {
    "Light": (10_000, 1.0),
    "Medium": (10_000, 1.0),
    "Heavy": (10_000, 1.0),
    "Auth": (1_000, 1.0),
}

MakeFake = Callable[..., Awaitable[FakeRingCentral]]
MakeClient = Callable[..., Awaitable[RingCentral]]


# -- helpers ------------------------------------------------------------------------------


async def reference_walk(
    fake: FakeRingCentral, rc: RingCentral, path: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    """Every record of ``path`` in server order, by page number with plain aiohttp."""
    assert rc.token is not None
    headers = {"Authorization": "Bearer " + rc.token.access_token}
    out: list[dict[str, Any]] = []
    async with aiohttp.ClientSession() as http:
        for page in range(1, 10_000):
            query = {**params, "perPage": "1000", "page": str(page)}
            async with http.get(fake.url + path, params=query, headers=headers) as resp:
                assert resp.status == 200, await resp.text()
                body = await resp.json()
            out.extend(body["records"])
            if len(body["records"]) < 1000:
                return out
    raise AssertionError("reference walk did not end")


def ids(records: Sequence[Any]) -> list[str]:
    return [str(r["id"]) for r in records]


def query_of(record: RequestRecord) -> dict[str, list[str]]:
    return parse_qs(record.query, keep_blank_values=True)


def walk_requests(fake: FakeRingCentral, marker: int, path: str) -> list[RequestRecord]:
    """Requests to ``path`` (exactly, not sub-paths) logged after ``marker``."""
    return [r for r in fake.log[marker:] if r.path == path]


def first_page_requests(records: Sequence[RequestRecord]) -> list[RequestRecord]:
    """Requests for page 1: without a ``page`` parameter or with ``page=1``."""
    return [r for r in records if query_of(r).get("page", ["1"]) == ["1"]]


def call_log_range(fake: FakeRingCentral) -> dict[str, str]:
    """dateFrom/dateTo covering every generated record."""
    calls = fake.platform.calls
    start = calls.start - timedelta(days=1)
    end = calls.end + timedelta(days=1)
    fmt = "%Y-%m-%dT%H:%M:%S.000Z"
    return {"dateFrom": start.strftime(fmt), "dateTo": end.strftime(fmt)}


# -- fixtures -----------------------------------------------------------------------------


@pytest.fixture
async def directory(
    make_fake: MakeFake, make_client: MakeClient
) -> tuple[FakeRingCentral, RingCentral, list[dict[str, Any]]]:
    """A fake with 2,345 extensions, a loosely throttled client, the reference list."""
    fake = await make_fake(extensions=N_EXTENSIONS, call_log_records=10, limits=LOOSE)
    rc = await make_client(fake, throttle=Throttle(limits=LOOSE))
    reference = await reference_walk(fake, rc, EXTENSIONS, {})
    assert len(reference) == N_EXTENSIONS
    return fake, rc, reference


@pytest.fixture
async def call_log(
    make_fake: MakeFake, make_client: MakeClient
) -> tuple[FakeRingCentral, RingCentral, list[dict[str, Any]], dict[str, str]]:
    """A fake with 3,456 call-log records, a loosely throttled client, the reference list."""
    fake = await make_fake(extensions=20, call_log_records=N_CALLS, limits=LOOSE)
    rc = await make_client(fake, throttle=Throttle(limits=LOOSE))
    dates = call_log_range(fake)
    reference = await reference_walk(fake, rc, CALL_LOG, dates)
    assert len(reference) == N_CALLS
    assert len(set(ids(reference))) == N_CALLS
    return fake, rc, reference, dates


async def pages_of(paginator: Any, **kwargs: Any) -> list[Any]:
    return [page async for page in paginator.pages(**kwargs)]


# -- every item exactly once, in order, one request per page ------------------------------


@pytest.mark.parametrize("per_page", [None, 1000], ids=["perPage-default", "perPage-1000"])
async def test_extensions_each_once_in_server_order(
    directory: tuple[FakeRingCentral, RingCentral, list[dict[str, Any]]], per_page: int | None
) -> None:
    fake, rc, reference = directory
    default_size = (await rc.get(EXTENSIONS))["paging"]["perPage"]
    size = per_page or default_size
    marker = len(fake.log)

    items = [item async for item in rc.paginate(EXTENSIONS, per_page=per_page)]

    assert ids(items) == ids(reference)
    sent = walk_requests(fake, marker, EXTENSIONS)
    assert len(sent) == math.ceil(N_EXTENSIONS / size)
    assert {r.status for r in sent} == {200}
    assert len(first_page_requests(sent)) == 1


@pytest.mark.parametrize("per_page", [None, 1000], ids=["perPage-default", "perPage-1000"])
async def test_call_log_without_totals_each_once_in_server_order(
    call_log: tuple[FakeRingCentral, RingCentral, list[dict[str, Any]], dict[str, str]],
    per_page: int | None,
) -> None:
    fake, rc, reference, dates = call_log
    marker = len(fake.log)

    pages = await pages_of(rc.paginate(CALL_LOG, params=dates, per_page=per_page))

    size = pages[0].paging["perPage"]
    if per_page is not None:
        assert size == per_page
    for page in pages:
        # The walk really is totals-free: it has to follow navigation.nextPage.uri.
        assert "totalPages" not in page.paging
        assert "totalElements" not in page.paging
    assert [p.number for p in pages] == list(range(1, len(pages) + 1))
    items = [record for page in pages for record in page.records]
    assert ids(items) == ids(reference)
    sent = walk_requests(fake, marker, CALL_LOG)
    assert len(sent) == len(pages) == math.ceil(N_CALLS / size)
    assert {r.status for r in sent} == {200}
    assert len(first_page_requests(sent)) == 1


# -- transient errors in the middle of a walk ---------------------------------------------


@pytest.mark.parametrize("path", [CALL_LOG, EXTENSIONS], ids=["call-log", "extensions"])
async def test_503_and_429_mid_walk_continue_without_restarting(
    make_fake: MakeFake, make_client: MakeClient, path: str
) -> None:
    """A 503 on page 4 and a 429 on page 8: both pages are retried in place; page 1 is
    requested once; every record arrives once, in order."""
    fake = await make_fake(extensions=450, call_log_records=450, limits=LOOSE)
    rc = await make_client(fake, throttle=Throttle(limits=LOOSE))
    params = call_log_range(fake) if path == CALL_LOG else {}
    reference = await reference_walk(fake, rc, path, params)
    group = "Heavy" if path == CALL_LOG else "Medium"
    marker = len(fake.log)

    numbers: list[int | None] = []
    items: list[dict[str, Any]] = []
    async for page in rc.paginate(path, params=params, per_page=50).pages():
        numbers.append(page.number)
        items.extend(page.records)
        if page.number == 3:
            fake.fail_next(503, path=path, retry_after=0.05)
        elif page.number == 7:
            fake.fail_next(429, path=path, group=group, retry_after=0.2)

    assert numbers == list(range(1, 10))  # 450 / 50 pages
    assert ids(items) == ids(reference)
    sent = walk_requests(fake, marker, path)
    assert [r.status for r in sent] == [200] * 3 + [503, 200] + [200] * 3 + [429, 200, 200]
    assert query_of(sent[3]) == query_of(sent[4])  # the failed page, sent again
    assert query_of(sent[8]) == query_of(sent[9])
    assert query_of(sent[4])["page"] == ["4"]
    assert query_of(sent[9])["page"] == ["8"]
    assert len(first_page_requests(sent)) == 1
    assert sent[9].time - sent[8].time >= 0.2  # the group's pause was honoured
    assert rc.throttle.stats()[group].rejected_429 == 1


# -- bounded concurrent prefetch ----------------------------------------------------------


@pytest.mark.timing
async def test_prefetch_of_10_pages_with_concurrency_4_is_faster_and_ordered(
    directory: tuple[FakeRingCentral, RingCentral, list[dict[str, Any]]],
) -> None:
    """Each page takes 0.15 s on the server. Sequential: ~10 x 0.15 s. Concurrency 4:
    page 1 first (it gives the totals), then 4 at a time: ~4 x 0.15 s. Same pages, same
    order, one request per page, never more than 4 at the server at once."""
    fake, rc, reference = directory
    delay, per_page, k = 0.15, 235, 4  # 2,345 / 235 -> 10 pages

    async def timed(concurrency: int) -> tuple[float, list[Any], list[RequestRecord]]:
        marker = len(fake.log)
        fake.delay_next(delay, count=10, path=EXTENSIONS)
        started = time.perf_counter()
        pages = await pages_of(rc.paginate(EXTENSIONS, per_page=per_page), concurrency=concurrency)
        elapsed = time.perf_counter() - started
        fake.clear_faults()
        return elapsed, pages, walk_requests(fake, marker, EXTENSIONS)

    seq_time, seq_pages, seq_sent = await timed(1)
    par_time, par_pages, par_sent = await timed(k)

    assert [p.number for p in seq_pages] == [p.number for p in par_pages] == list(range(1, 11))
    seq_items = [r for p in seq_pages for r in p.records]
    par_items = [r for p in par_pages for r in p.records]
    assert ids(seq_items) == ids(par_items) == ids(reference)
    assert len(seq_sent) == len(par_sent) == 10
    assert sorted(query_of(r).get("page", ["1"])[0] for r in par_sent) == sorted(
        str(n) for n in range(1, 11)
    )
    # Requests arriving less than `delay` apart were at the server at the same time.
    times = [r.time for r in par_sent]
    overlapping = max(sum(1 for u in times if t <= u < t + 0.1) for t in times)
    assert 3 <= overlapping <= k
    assert seq_time >= 10 * delay
    # Ideal: sequential 10 delays, prefetch 1 + ceil(9 / 4) = 4 delays. Any extra load adds to
    # both walks alike, so compare the difference (ideally 6 delays), not a ratio.
    assert par_time < seq_time - 3 * delay


async def test_prefetch_via_paginate_prefetch_argument(
    directory: tuple[FakeRingCentral, RingCentral, list[dict[str, Any]]],
) -> None:
    """``rc.paginate(..., prefetch=4)``: plain ``async for item`` keeps order and count."""
    fake, rc, reference = directory
    marker = len(fake.log)

    items = [item async for item in rc.paginate(EXTENSIONS, per_page=100, prefetch=4)]

    assert ids(items) == ids(reference)
    assert len(walk_requests(fake, marker, EXTENSIONS)) == math.ceil(N_EXTENSIONS / 100)


# -- resume from a saved position ---------------------------------------------------------


@pytest.mark.parametrize("path", [CALL_LOG, EXTENSIONS], ids=["call-log", "extensions"])
async def test_resume_from_next_params(
    make_fake: MakeFake, make_client: MakeClient, path: str
) -> None:
    """Stop after 3 pages, keep ``next_params``; a new paginator with those params sends
    page 4 first and delivers exactly the rest (no page sent twice)."""
    fake = await make_fake(extensions=1000, call_log_records=1000, limits=LOOSE)
    rc = await make_client(fake, throttle=Throttle(limits=LOOSE))
    params = call_log_range(fake) if path == CALL_LOG else {}
    reference = await reference_walk(fake, rc, path, params)
    marker = len(fake.log)

    first = rc.paginate(path, params=params, per_page=100)
    head: list[dict[str, Any]] = []
    async with contextlib.aclosing(first.pages()) as pages:
        async for page in pages:
            head.extend(page.records)
            if page.number == 3:
                break
    saved = first.next_params
    assert saved is not None
    assert str(saved["page"]) == "4"

    checkpoint = json.loads(json.dumps(saved))  # what a job would write and read back
    rest = await first.resume(checkpoint).collect()

    assert ids(head + rest) == ids(reference)
    sent = walk_requests(fake, marker, path)
    pages_sent = [query_of(r).get("page", ["1"])[0] for r in sent]
    assert pages_sent == [str(n) for n in range(1, 11)]  # 1,000 / 100: each page once
    exhausted = rc.paginate(path, params=saved)
    assert exhausted.next_params == saved  # before iterating: the first request's params
    await exhausted.collect()
    assert exhausted.next_params is None  # the end was seen


async def test_resume_a_typed_call_log_walk(make_fake: MakeFake, make_client: MakeClient) -> None:
    """``rc.call_log.list_company(...)`` stopped after 2 pages, resumed from the saved
    ``next_params``: typed records, each once, no page requested twice."""
    fake = await make_fake(extensions=20, call_log_records=700, limits=LOOSE)
    rc = await make_client(fake, throttle=Throttle(limits=LOOSE))
    dates = call_log_range(fake)
    reference = await reference_walk(fake, rc, CALL_LOG, dates)
    marker = len(fake.log)

    walk = rc.call_log.list_company(
        date_from=dates["dateFrom"], date_to=dates["dateTo"], per_page=100
    )
    head: list[Any] = []
    async with contextlib.aclosing(walk.pages()) as pages:
        async for page in pages:
            head.extend(page.records)
            if page.number == 2:
                break
    saved = json.loads(json.dumps(walk.next_params))
    rest = await walk.resume(saved).collect()

    assert [r.id for r in head + rest] == ids(reference)
    sent = walk_requests(fake, marker, CALL_LOG)
    assert [query_of(r).get("page", ["1"])[0] for r in sent] == [str(n) for n in range(1, 8)]


# -- prefetch through the pipeline: the group limiter, transient errors -------------------


async def test_prefetch_stays_under_the_group_limiter(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    """Medium = 4 requests per 0.5 s on both sides; prefetch 4 over 10 pages: no 429, never
    more than 4 arrivals in a window, pages in order."""
    tight = {**LOOSE, "Medium": (4, 0.5)}
    fake = await make_fake(extensions=40, call_log_records=10, limits=tight)
    rc = await make_client(fake, throttle=Throttle(limits=tight))
    marker = len(fake.log)

    pages = await pages_of(rc.paginate(EXTENSIONS, per_page=4), concurrency=4)

    assert [p.number for p in pages] == list(range(1, 11))
    assert len({str(r["id"]) for p in pages for r in p.records}) == 40
    sent = walk_requests(fake, marker, EXTENSIONS)
    assert [r.status for r in sent] == [200] * 10
    times = sorted(r.time for r in sent)
    # Arrivals within 90 % of a window (client and server clocks differ by the trip time).
    assert max(sum(1 for u in times if t <= u < t + 0.45) for t in times) <= 4
    assert rc.throttle.stats()["Medium"].rejected_429 == 0


@pytest.mark.parametrize("status", [503, 429])
async def test_a_failed_prefetched_page_is_retried_in_place(
    make_fake: MakeFake, make_client: MakeClient, status: int
) -> None:
    """A 503 (or 429) on whichever prefetched page arrives first: that page is sent again,
    the walk continues in order, page 1 is requested once, every record arrives once."""
    fake = await make_fake(extensions=300, call_log_records=10, limits=LOOSE)
    rc = await make_client(fake, throttle=Throttle(limits=LOOSE))
    reference = await reference_walk(fake, rc, EXTENSIONS, {})
    marker = len(fake.log)

    items: list[dict[str, Any]] = []
    async for page in rc.paginate(EXTENSIONS, per_page=30).pages(concurrency=4):
        if page.number == 1:  # the prefetches of pages 2..5 are created, not yet sent
            fake.fail_next(status, path=EXTENSIONS, group="Medium", retry_after=0.05)
        items.extend(page.records)

    assert ids(items) == ids(reference)
    sent = walk_requests(fake, marker, EXTENSIONS)
    assert sorted(r.status or 0 for r in sent) == [200] * 10 + [status]
    failed = next(r for r in sent if r.status == status)
    assert query_of(failed)["page"][0] in {"2", "3", "4", "5"}
    ok_pages = [query_of(r).get("page", ["1"])[0] for r in sent if r.status == 200]
    assert sorted(ok_pages, key=int) == [str(n) for n in range(1, 11)]


async def test_breaking_out_early_cancels_prefetches_without_leaks(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    """Stop after the first item while 4 slow prefetches are in flight: they are cancelled at
    once, nothing is left pending (filterwarnings=error turns a leak into a failure), and the
    client still works."""
    fake = await make_fake(extensions=300, call_log_records=10, limits=LOOSE)
    rc = await make_client(fake, throttle=Throttle(limits=LOOSE))
    first_id = (await rc.get(EXTENSIONS, params={"perPage": 30}))["records"][0]["id"]
    delay = 3.0  # the fake's shutdown waits for these handlers: keep it short
    fake.delay_next(0.0, count=1, path=EXTENSIONS)  # page 1: at once
    fake.delay_next(delay, count=4, path=EXTENSIONS)  # pages 2..5: slow

    def fetches_left() -> list[asyncio.Task[Any]]:
        others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        return [t for t in others if "_call" in repr(t.get_coro())]

    loop = asyncio.get_running_loop()
    started = loop.time()
    async for item in rc.paginate(EXTENSIONS, per_page=30, prefetch=4):
        assert item["id"] == first_id
        break
    while fetches_left() and loop.time() - started < 30:  # noqa: ASYNC110
        await asyncio.sleep(0.01)  # the generator's aclose runs as a task of its own
    assert fetches_left() == []
    # Cancelled, not waited for: no slow page that reached the fake has been answered yet
    # (the first "delay" is page 1's, of 0 s).
    first, *slow = fake.requests(path=EXTENSIONS, fault="delay")
    assert first.status == 200 and len(slow) <= 4
    assert [r.status for r in slow] == [None] * len(slow)
    assert (await rc.get(EXTENSIONS, params={"perPage": 1}))["paging"]["perPage"] == 1
