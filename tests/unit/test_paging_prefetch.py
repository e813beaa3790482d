"""AsyncPaginator prefetch: bounded concurrency, order, cancellation, memory, no leaks."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import weakref
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from _paging_script import CASES, EXT, HOST, Call, Script, ids, requests_of, totals_pages

from ringcentral_async._paging import AsyncPaginator


async def test_max_items_with_prefetch_does_not_fetch_extra_pages() -> None:
    fetch = Script(totals_pages(20, 2, {"perPage": 2}))
    paginator = AsyncPaginator(fetch, EXT, per_page=2, max_items=3, prefetch=4)
    assert ids(await paginator.collect()) == [0, 1, 2]
    assert len(fetch.calls) == 2


# --- bounded concurrent prefetch ------------------------------------------------------------


def _reverse_delay(call: Call) -> int:
    return 20 - int(call[1].get("page", 1))  # later pages finish first


@pytest.mark.parametrize("concurrency", [2, 4, 16])
async def test_prefetch_keeps_order_and_bounds_concurrency(concurrency: int) -> None:
    fetch = Script(totals_pages(20, 2, {"perPage": 2}), delay=_reverse_delay)
    paginator = AsyncPaginator(fetch, EXT, per_page=2)
    got = [p async for p in paginator.pages(concurrency=concurrency)]
    assert [p.number for p in got] == list(range(1, 11))
    assert [r["id"] for p in got for r in p.records] == list(range(20))
    assert len(fetch.calls) == 10
    assert fetch.max_active == min(concurrency, 9)
    assert paginator.next_params is None


async def test_prefetch_option_applies_to_item_iteration() -> None:
    fetch = Script(totals_pages(20, 2, {"perPage": 2}), delay=_reverse_delay)
    items = [i async for i in AsyncPaginator(fetch, EXT, per_page=2, prefetch=3)]
    assert ids(items) == list(range(20))
    assert fetch.max_active == 3 and len(fetch.calls) == 10


@pytest.mark.parametrize("name", ["calllog-navigation", "v2-short-page", "page-token"])
async def test_prefetch_without_totals_is_sequential(name: str) -> None:
    pages, path, kwargs, n = CASES[name]
    fetch = Script(pages, delay=lambda call: 3)
    paginator = AsyncPaginator(fetch, path, allowed_hosts=(HOST,), prefetch=4, **kwargs)
    assert ids(await paginator.collect()) == list(range(n))
    assert fetch.max_active == 1
    assert fetch.calls == requests_of(pages)


async def test_prefetch_stops_at_a_shrunken_total_and_cancels_the_rest() -> None:
    pages = totals_pages(20, 2, {"perPage": 2})
    (call, body) = pages[2]  # page 3 now says it is the last one
    pages[2] = (call, {**body, "paging": {**body["paging"], "totalPages": 3}, "navigation": {}})
    fetch = Script(pages, delay=lambda call: 2)
    got = [p async for p in AsyncPaginator(fetch, EXT, per_page=2).pages(concurrency=4)]
    assert [p.number for p in got] == [1, 2, 3]
    assert fetch.active == 0


async def _no_leaks(run: Callable[[], Any]) -> list[dict[str, Any]]:
    """Run ``run`` and report anything the loop's exception handler saw after cleanup."""
    loop = asyncio.get_running_loop()
    seen: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: seen.append(context))
    try:
        await run()
        for _ in range(5):
            await asyncio.sleep(0)
        gc.collect()
        await asyncio.sleep(0)
    finally:
        loop.set_exception_handler(None)
    return seen


async def test_early_stop_cancels_outstanding_prefetches() -> None:
    fetch = Script(totals_pages(20, 2, {"perPage": 2}))
    fetch.gate = asyncio.Event()  # pages after the first never complete on their own

    async def run() -> None:
        paginator = AsyncPaginator(fetch, EXT, per_page=2)
        async with contextlib.aclosing(paginator.pages(concurrency=4)) as pages:
            async for page in pages:
                assert page.number == 1
                await asyncio.sleep(0)  # let the prefetches start
                assert fetch.active == 4
                break
        assert fetch.active == 0 and fetch.cancelled == 4
        assert paginator.next_params == {"perPage": 2, "page": 2}

    assert await _no_leaks(run) == []


async def test_early_stop_without_aclosing_still_cleans_up() -> None:
    fetch = Script(totals_pages(20, 2, {"perPage": 2}))
    fetch.gate = asyncio.Event()

    async def run() -> None:
        async for _ in AsyncPaginator(fetch, EXT, per_page=2, prefetch=3):
            await asyncio.sleep(0)
            break
        for _ in range(5):
            await asyncio.sleep(0)
        assert fetch.active == 0 and fetch.cancelled == 3

    assert await _no_leaks(run) == []


async def test_a_failed_prefetch_raises_in_order_and_nothing_is_left_unretrieved() -> None:
    pages = totals_pages(20, 2, {"perPage": 2})
    pages[2] = (pages[2][0], RuntimeError("page 3 failed"))
    pages[4] = (pages[4][0], RuntimeError("page 5 failed"))  # fetched, never consumed
    fetch = Script(pages, delay=_reverse_delay)
    got: list[int | None] = []

    async def run() -> None:
        with pytest.raises(RuntimeError, match="page 3"):
            async for page in AsyncPaginator(fetch, EXT, per_page=2).pages(concurrency=4):
                got.append(page.number)

    assert await _no_leaks(run) == []
    assert got == [1, 2] and fetch.active == 0


# --- memory: at most the pages in flight ------------------------------------------------------


class _Item:
    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.id = raw["id"]


async def test_only_the_current_page_is_structured_and_k_pages_are_fetched_ahead() -> None:
    """While page n is being read, at most ``k`` later pages have been requested (their raw
    bodies are all that is held for them) and no earlier page's records are still alive."""
    fetch = Script(totals_pages(40, 2, {"perPage": 2}), delay=lambda call: 2)
    refs: list[weakref.ref[_Item]] = []

    def make(raw: Mapping[str, Any]) -> _Item:
        item = _Item(raw)
        refs.append(weakref.ref(item))
        return item

    k = 3
    walk = AsyncPaginator(fetch, EXT, per_page=2, structure=make).pages(concurrency=k)
    async with contextlib.aclosing(walk) as pages:
        async for page in pages:
            for _ in range(10):
                await asyncio.sleep(0)  # a slow consumer: prefetches finish meanwhile
            assert page.number is not None
            assert len(fetch.calls) <= page.number + k
            alive = sum(ref() is not None for ref in refs)
            assert alive == len(page.records) == 2  # only this page's records exist
    assert len(fetch.calls) == 20 and fetch.max_active == k


async def test_cancelling_the_consumer_mid_prefetch_leaves_nothing_running() -> None:
    fetch = Script(totals_pages(20, 2, {"perPage": 2}))
    fetch.gate = asyncio.Event()  # pages after the first hang

    async def run() -> None:
        async def consume() -> None:
            async for _ in AsyncPaginator(fetch, EXT, per_page=2, prefetch=4):
                pass

        task = asyncio.create_task(consume())
        for _ in range(10):
            await asyncio.sleep(0)
        assert fetch.active == 4
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert fetch.active == 0 and fetch.cancelled == 4

    assert await _no_leaks(run) == []
