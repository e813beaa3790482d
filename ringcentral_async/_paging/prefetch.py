"""Bounded prefetch for paged collections (layer 4): at most ``k`` page fetches in flight
ahead of the consumer, handed out in request order, cancelled as a whole when the plan changes
or the walk ends."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from .plan import Request, as_int

__all__ = ["Fetch", "Prefetcher"]

#: ``fetch(path_or_absolute_url, params) -> decoded JSON body`` of one page.
Fetch = Callable[[str, Mapping[str, Any]], Awaitable[Any]]


async def _call(fetch: Fetch, request: Request) -> Any:
    # fetch() is called inside the task, so a task cancelled before it starts leaves no
    # never-awaited coroutine behind.
    return await fetch(*request)


def _retrieve(task: asyncio.Task[Any]) -> None:
    # Mark a discarded prefetch's outcome as retrieved (no "exception never retrieved").
    if not task.cancelled():
        task.exception()


class Prefetcher:
    """At most ``limit`` page fetches in flight ahead of the consumer, handed out in order."""

    __slots__ = ("_fetch", "_inflight", "_limit")

    def __init__(self, fetch: Fetch, limit: int) -> None:
        self._fetch = fetch
        self._limit = limit
        self._inflight: deque[tuple[Request, asyncio.Task[Any]]] = deque()

    async def get(self, request: Request) -> Any:
        """The body for ``request``: its prefetch if it is next in line, else fetched now.

        Prefetches that are not for ``request`` are stale (the plan changed): cancelled first.
        """
        inflight = self._inflight
        if inflight and inflight[0][0] == request:
            return await inflight.popleft()[1]
        await self.cancel()
        return await self._fetch(*request)

    def ahead(
        self,
        nxt: Request,
        *,
        number: int | None,
        paging: Mapping[str, Any] | None,
        records: int,
        produced: int,
        cap: int | None,
    ) -> None:
        """Start fetches of the pages after page ``number`` (its next request is ``nxt``).

        Only a page-number step with ``paging.totalPages`` is prefetched; with ``cap`` (items
        still wanted) no page is started that the walk would not reach.
        """
        if self._limit <= 1:
            return
        inflight = self._inflight
        total = as_int(paging.get("totalPages")) if paging is not None else None
        first = as_int(nxt[1].get("page"))
        if total is None or first is None or number is None or first != number + 1:
            return  # totals unknown or not a page-number step: sequential
        if inflight and inflight[0][0] != nxt:
            return  # the plan changed; get() cancels the stale prefetches
        size = as_int(paging.get("perPage")) if paging is not None else None
        size = size or records or 1
        last = as_int(inflight[-1][0][1].get("page")) if inflight else None
        page = first if last is None else last + 1
        while len(inflight) < self._limit and page <= total:
            if cap is not None and produced + len(inflight) * size >= cap:
                break
            request: Request = (nxt[0], {**nxt[1], "page": page})
            task = asyncio.create_task(_call(self._fetch, request))
            task.add_done_callback(_retrieve)
            inflight.append((request, task))
            page += 1

    async def cancel(self) -> None:
        """Cancel every outstanding prefetch and wait until they are done."""
        tasks = [task for _, task in self._inflight]
        self._inflight.clear()
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)
