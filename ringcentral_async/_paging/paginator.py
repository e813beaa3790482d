"""Paged collections: ``AsyncPaginator[T]`` and ``Page[T]`` over every paging scheme (layer 4).

The paginator never talks HTTP itself.  It is given ``fetch(path_or_url, params)``, which runs
the whole request pipeline (throttle, auth, retry) and returns the decoded JSON body of one
page; a 429 or 503 on page 40 is therefore waited out inside ``fetch`` and the walk goes on.

Fetch contract for ``navigation.nextPage.uri``: after the host check the paginator calls
``fetch(uri_without_query_and_fragment, params)`` where ``params`` is the URI's query (a
repeated key becomes a list value) on top of the previous request's params, with the page size
the caller asked for kept.  A relative ``/restapi/...`` URI is passed as that path.  Those
params are also what ``next_params`` reports, so ``paginator.resume(next_params)`` (the
original path with those params) sends the same request.

The scheme of each page is read from the response (see ``_paging_strategies``).  Prefetch:
when a page gives ``totalPages`` the next requests are known, so up to ``k`` of them run as
tasks (through the same ``fetch``, hence under the group limiter) and are handed out in order.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import (
    AsyncGenerator,
    Callable,
    Collection,
    Generator,
    Mapping,
)
from typing import Any, Generic, TypeVar, overload

from .._errors import ConfigurationError, DecodeError
from .plan import (
    PagingError,
    Request,
    Seen,
    default_page_size_max,
    plan_next,
    validate_page_size,
)
from .prefetch import Fetch, Prefetcher

__all__ = ["AsyncPaginator", "Fetch", "Page", "PagingError"]

T = TypeVar("T")


class Page(Generic[T]):
    """One page: ``records`` (structured), ``paging``, ``navigation``, ``raw``, ``number``.

    ``raw`` is the response body without the records; ``number`` is the 1-based page number
    (None for token paging).
    """

    __slots__ = ("navigation", "number", "paging", "raw", "records")

    def __init__(
        self,
        records: list[T],
        *,
        paging: Mapping[str, Any] | None,
        navigation: Mapping[str, Any] | None,
        raw: Mapping[str, Any],
        number: int | None,
    ) -> None:
        self.records = records
        self.paging = paging
        self.navigation = navigation
        self.raw = raw
        self.number = number

    def __repr__(self) -> str:
        return f"Page(number={self.number!r}, records=<{len(self.records)} items>)"


def _after(sent: Request, nxt: Request | None, stop: PagingError | None) -> dict[str, Any] | None:
    """``next_params`` after the page fetched with ``sent``.

    None only at the real end.  When the walk cannot go on safely (``stop``) and there is no
    next request, it stays at ``sent``: the walk has not ended, so it is never None there.
    """
    if nxt is not None:
        return dict(nxt[1])
    return None if stop is None else dict(sent[1])


def _check_count(value: object, name: str) -> int | None:
    if value is None:
        return None
    if type(value) is not int or value < 0:
        raise ConfigurationError(f"{name}={value!r} is invalid; use an integer >= 0 or None")
    return value


class AsyncPaginator(Generic[T]):
    """Every item of a paged list: ``async for item``, ``.pages()``, ``await``, ``.collect()``.

    A plain object, not a coroutine: nothing is sent until it is iterated or awaited, and each
    iteration (or await) starts again from the original ``params``.  To resume a walk, save
    ``next_params`` and later iterate ``paginator.resume(saved)``.

    ``per_page`` (sent as ``page_size_param``, overriding that key in ``params``) is validated
    before any request.  ``max_items`` stops the walk once that many items were produced,
    without fetching further pages (the page size is not shrunk to fit; ``pages()`` yields whole
    pages).  ``prefetch=k`` keeps up to ``k`` page fetches in flight (0 or 1: one at a time)
    when a page gives ``totalPages``; without totals pages are fetched one at a time.
    ``allowed_hosts`` lists where ``navigation.nextPage.uri`` may point: origins such as the
    server URL (``https://platform.ringcentral.com``) or bare ``host[:port]`` names; a link
    elsewhere raises PagingError once the records of the page carrying it were handed out.
    ``items_key`` names each page's array of items; a dotted key (``data.records``, the
    analytics reports) names it one object down.
    ``structure(record)`` builds each item; ``structure_records(records)``, when given along
    with it, builds a whole page's items in one call (the same items, less work per record).
    """

    @overload
    def __init__(
        self: AsyncPaginator[dict[str, Any]],
        fetch: Fetch,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        structure: None = None,
        per_page: int | str | None = None,
        per_page_max: int | None = None,
        per_page_allows_max: bool = False,
        page_size_param: str = "perPage",
        max_items: int | None = None,
        prefetch: int = 0,
        allowed_hosts: Collection[str] = (),
        items_key: str = "records",
    ) -> None: ...

    @overload
    def __init__(
        self,
        fetch: Fetch,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        structure: Callable[[Any], T],
        structure_records: Callable[[list[Any]], list[T]] | None = None,
        per_page: int | str | None = None,
        per_page_max: int | None = None,
        per_page_allows_max: bool = False,
        page_size_param: str = "perPage",
        max_items: int | None = None,
        prefetch: int = 0,
        allowed_hosts: Collection[str] = (),
        items_key: str = "records",
    ) -> None: ...

    def __init__(
        self,
        fetch: Fetch,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        structure: Callable[[Any], T] | None = None,
        structure_records: Callable[[list[Any]], list[T]] | None = None,
        per_page: int | str | None = None,
        per_page_max: int | None = None,
        per_page_allows_max: bool = False,
        page_size_param: str = "perPage",
        max_items: int | None = None,
        prefetch: int = 0,
        allowed_hosts: Collection[str] = (),
        items_key: str = "records",
    ) -> None:
        if not callable(fetch):
            raise ConfigurationError("fetch must be callable")
        if not isinstance(path, str) or not path:
            raise ConfigurationError(f"path={path!r} is invalid; use a non-empty string")
        maximum = default_page_size_max(page_size_param) if per_page_max is None else per_page_max
        if type(maximum) is not int or maximum < 1:
            raise ConfigurationError(f"per_page_max={per_page_max!r} is invalid")
        self._fetch = fetch
        self._path = path
        self._structure = structure
        self._structure_records = structure_records if structure is not None else None
        self._page_size_param = page_size_param
        self._page_size_max = maximum
        self._page_size_allows_max = per_page_allows_max
        self._per_page: int | str | None = None
        if per_page is not None:
            self._per_page = validate_page_size(
                per_page, maximum=maximum, allows_max=per_page_allows_max, name="per_page"
            )
        self._params = self._initial_params(params)
        self._max_items = _check_count(max_items, "max_items")
        self._prefetch = _check_count(prefetch, "prefetch") or 0
        hosts = (allowed_hosts,) if isinstance(allowed_hosts, str) else tuple(allowed_hosts)
        self._allowed_hosts: tuple[str, ...] = hosts
        self._items_key = items_key
        self._next_params: dict[str, Any] | None = dict(self._params)

    def _initial_params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        """``params`` with ``per_page`` applied, the page size in them validated."""
        if params is not None and not isinstance(params, Mapping):
            raise ConfigurationError(f"params must be a mapping or None, not {type(params)}")
        initial = dict(params or {})
        key = self._page_size_param
        if self._per_page is not None:
            initial[key] = self._per_page
        elif initial.get(key) is not None:
            validate_page_size(
                initial[key],
                maximum=self._page_size_max,
                allows_max=self._page_size_allows_max,
                name=f"params[{key!r}]",
                lenient=True,
            )
        return initial

    def resume(self, params: Mapping[str, Any]) -> AsyncPaginator[T]:
        """The same collection (path, model, options), walked from ``params`` onwards.

        ``params`` is a ``next_params`` saved earlier (it is JSON-friendly, so it can be stored
        in a checkpoint file): ``rc.call_log.list(...).resume(saved)`` sends the saved request
        first and continues to the end.  A saved ``None`` means the walk had ended: there is
        nothing to resume, and this raises ConfigurationError.
        """
        if params is None:
            raise ConfigurationError("nothing to resume: next_params is None once a walk ended")
        clone: AsyncPaginator[T] = copy.copy(self)
        clone._params = self._initial_params(params)
        clone._next_params = dict(clone._params)
        return clone

    @property
    def next_params(self) -> dict[str, Any] | None:
        """Params of the request after the last page handed out (None once the end was seen).

        Before iterating this is the first request's params.  ``p.resume(p.next_params)``
        continues from there.  It moves a whole page at a time: a walk stopped in the middle of
        a page (``break``, ``max_items``, ``limit``) points past that page, so a job should save
        it between pages (iterate ``pages()``).  When a page's next-page link cannot be followed
        safely (a foreign host, plain http, a repeat) that page is still handed out, then the
        walk raises PagingError; ``next_params`` stays at that page's request (never None:
        the walk did not reach the end).
        """
        return None if self._next_params is None else dict(self._next_params)

    def __aiter__(self) -> AsyncGenerator[T, None]:
        """Every item of every page, in server order (restarts from the original params)."""
        return self._items(self._max_items)

    def __await__(self) -> Generator[Any, None, Page[T]]:
        """The first page only."""
        return self._first_page().__await__()

    def pages(self, *, concurrency: int | None = None) -> AsyncGenerator[Page[T], None]:
        """Every page in order; ``concurrency`` (default: ``prefetch``) bounds fetches in flight.

        Stopping early cancels prefetches when the iterator is closed; use
        ``contextlib.aclosing(paginator.pages(...))`` for deterministic cleanup.
        """
        k = _check_count(concurrency, "concurrency")
        return self._pages(self._prefetch if k is None else k, self._max_items)

    async def collect(self, limit: int | None = None) -> list[T]:
        """All items as a list, at most ``limit`` (and ``max_items``) of them."""
        cap = self._max_items
        limit = _check_count(limit, "limit")
        if limit is not None:
            cap = limit if cap is None else min(cap, limit)
        return [item async for item in self._items(cap)]

    async def _first_page(self) -> Page[T]:
        request: Request = (self._path, dict(self._params))
        body = await self._fetch(*request)
        page, nxt, stop = self._make_page(body, request, Seen(request))
        self._next_params = _after(request, nxt, stop)
        return page

    async def _items(self, cap: int | None) -> AsyncGenerator[T, None]:
        if cap == 0:
            return
        count = 0
        async with contextlib.aclosing(self._pages(self._prefetch, cap)) as pages:
            async for page in pages:
                for record in page.records:
                    yield record
                    count += 1
                    if cap is not None and count >= cap:
                        return

    async def _pages(self, concurrency: int, cap: int | None) -> AsyncGenerator[Page[T], None]:
        self._next_params = dict(self._params)
        if cap == 0:
            return
        first: Request = (self._path, dict(self._params))
        seen = Seen(first)
        request: Request | None = first
        prefetch = Prefetcher(self._fetch, concurrency)
        produced = 0
        try:
            while request is not None:
                sent = request
                body = await prefetch.get(sent)
                page, request, stop = self._make_page(body, sent, seen)
                produced += len(page.records)
                done = cap is not None and produced >= cap
                if request is not None and not done:
                    prefetch.ahead(
                        request,
                        number=page.number,
                        paging=page.paging,
                        records=len(page.records),
                        produced=produced,
                        cap=cap,
                    )
                self._next_params = _after(sent, request, stop)
                yield page
                if done:
                    return
                if stop is not None:
                    raise stop
        finally:
            await prefetch.cancel()

    def _make_page(
        self, body: Any, sent: Request, seen: Seen
    ) -> tuple[Page[T], Request | None, PagingError | None]:
        """Structure one body into a Page; plan the next request; check for repeats.

        The PagingError returned (not raised) is for the step *after* this page (a next-page
        link that cannot be followed safely, or a repeated one): the page is still handed
        out and the walk raises it when it would go on.
        """
        if not isinstance(body, Mapping):
            raise DecodeError(f"paged response is {type(body).__name__}, not a JSON object")
        outer, _, inner = self._items_key.rpartition(".")
        holder = body.get(outer) if outer else body
        if not isinstance(holder, Mapping):
            raise DecodeError(f"paged response: {outer!r} is not a JSON object")
        items = holder.get(inner, [])
        if not isinstance(items, list):
            raise DecodeError(f"paged response: {self._items_key!r} is not a list")
        stop: PagingError | None = None
        try:
            nxt, token, uri = plan_next(
                body,
                items,
                sent,
                page_size_param=self._page_size_param,
                allowed_hosts=self._allowed_hosts,
            )
        except PagingError as exc:  # e.g. nextPage on a foreign host: this page is fine
            nxt, token, uri, stop = None, None, None, exc
        paging = body.get("paging")
        navigation = body.get("navigation")
        number = seen.page_number(paging, sent, token)
        stop = stop or seen.follow(token, uri)
        structure, structure_records = self._structure, self._structure_records
        records: list[Any]
        if structure is None:
            records = items
        elif structure_records is not None:  # the whole page in one call
            records = structure_records(items)
        else:
            records = [structure(r) for r in items]
        rest = {k: v for k, v in holder.items() if k != inner}
        raw = {**body, outer: rest} if outer else rest
        page = Page(records, paging=paging, navigation=navigation, raw=raw, number=number)
        return page, nxt, stop
