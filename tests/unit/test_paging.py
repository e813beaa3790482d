"""AsyncPaginator against a scripted fake ``fetch``: every scheme, every stop condition."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import weakref
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from ringcentral_async._errors import ConfigurationError, DecodeError
from ringcentral_async._paging import AsyncPaginator, Page, PagingError
from ringcentral_async._paging_strategies import check_next_uri, follow_params, parse_query

HOST = "https://platform.example.com"
EXT = "/restapi/v1.0/account/~/extension"
CALLS = "/restapi/v1.0/account/~/call-log"
CALLS_URL = HOST + CALLS
V2 = "/restapi/v2/accounts/~/phone-numbers"
A2P = "/restapi/v1.0/account/~/a2p-sms/messages"
TM = "/team-messaging/v1/chats"

Call = tuple[str, dict[str, Any]]


def _key(path: str, params: Mapping[str, Any]) -> tuple[str, tuple[tuple[str, str], ...]]:
    # An absolute URL on HOST and its path name the same page (a resumed walk uses the path).
    return path.removeprefix(HOST), tuple(sorted((k, str(v)) for k, v in params.items()))


class Script:
    """A fake ``fetch``: canned bodies keyed by request; records every call in order."""

    def __init__(
        self, pages: list[tuple[Call, Any]], *, delay: Callable[[Call], int] | None = None
    ):
        self.bodies: dict[Any, Any] = {}
        for (path, params), body in pages:
            self.bodies[_key(path, params)] = body
        self.calls: list[Call] = []
        self.delay = delay
        self.active = 0
        self.max_active = 0
        self.cancelled = 0
        self.gate: asyncio.Event | None = None

    async def __call__(self, path: str, params: Mapping[str, Any]) -> Any:
        call = (path, dict(params))
        self.calls.append(call)
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        try:
            for _ in range(self.delay(call) if self.delay else 0):
                await asyncio.sleep(0)
            if self.gate is not None and len(self.calls) > 1:
                await self.gate.wait()
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        finally:
            self.active -= 1
        body = self.bodies.get(_key(path, params))
        if body is None:
            raise AssertionError(f"unexpected request {call}")
        if isinstance(body, BaseException):
            raise body
        return body


def recs(start: int, stop: int) -> list[dict[str, Any]]:
    return [{"id": i} for i in range(start, stop)]


def ids(items: list[Any]) -> list[int]:
    return [item["id"] for item in items]


# --- body builders, one per scheme --------------------------------------------------------


def totals_pages(n: int, per: int, params: dict[str, Any]) -> list[tuple[Call, Any]]:
    """Extension-list style: paging with totals plus navigation."""
    total = max(1, -(-n // per))
    out: list[tuple[Call, Any]] = []
    for page in range(1, total + 1):
        lo, hi = (page - 1) * per, min(n, page * per)
        nav: dict[str, Any] = {"firstPage": {"uri": f"{HOST}{EXT}?page=1"}}
        if page < total:
            nav["nextPage"] = {"uri": f"{HOST}{EXT}?page={page + 1}&perPage={per}"}
        body = {
            "uri": f"{HOST}{EXT}?page={page}",
            "records": recs(lo, hi),
            "paging": {"page": page, "perPage": per, "totalPages": total, "totalElements": n,
                       "pageStart": lo, "pageEnd": hi - 1},
            "navigation": nav,
        }  # fmt: skip
        request = params if page == 1 else {**params, "page": page}
        out.append(((EXT, request), body))
    return out


def calllog_pages(n: int, per: int, *, past_end: bool = False) -> list[tuple[Call, Any]]:
    """Call-log style: no totals; next page only through navigation.nextPage.uri."""
    pages = -(-n // per)
    out: list[tuple[Call, Any]] = []
    for page in range(1, pages + 2):
        lo, hi = (page - 1) * per, min(n, page * per)
        # The URI's query, with the page size the caller asked for kept as given (an int).
        query = {"view": "Simple", "perPage": per, "page": str(page)}
        request: Call = (
            (CALLS, {"view": "Simple", "perPage": per}) if page == 1 else (CALLS_URL, query)
        )
        if page > pages:  # a page past the end: empty records, paging shrunk to page/perPage
            past = {"records": [], "paging": {"page": page, "perPage": per},
                    "navigation": {"firstPage": {"uri": f"{CALLS_URL}?page=1"}}}  # fmt: skip
            out.append((request, past))
            break
        nav: dict[str, Any] = {"firstPage": {"uri": f"{CALLS_URL}?page=1"}}
        if page < pages or past_end:
            nav["nextPage"] = {"uri": f"{CALLS_URL}?view=Simple&perPage={per}&page={page + 1}"}
        body: dict[str, Any] = {
            "records": recs(lo, hi),
            "navigation": nav,
            "paging": {"page": page, "perPage": per, "pageStart": lo, "pageEnd": hi - 1},
        }
        out.append((request, body))
        if page == pages and not past_end:
            break
    return out


def v2_pages(n: int, per: int) -> list[tuple[Call, Any]]:
    """v2 style: paging without navigation and without totals."""
    out: list[tuple[Call, Any]] = []
    page = 1
    while True:
        lo, hi = (page - 1) * per, min(n, page * per)
        request: dict[str, Any] = {"perPage": per} if page == 1 else {"perPage": per, "page": page}
        body = {"records": recs(lo, max(lo, hi)), "paging": {"page": page, "perPage": per}}
        out.append(((V2, request), body))
        if hi - lo < per:
            return out
        page += 1


def token_pages(n: int, per: int, *, team_messaging: bool = False) -> list[tuple[Call, Any]]:
    """Page-token style: paging.nextPageToken, or Team Messaging's navigation.nextPageToken."""
    size = "recordCount" if team_messaging else "perPage"
    path = TM if team_messaging else A2P
    pages = -(-n // per)
    out: list[tuple[Call, Any]] = []
    for page in range(1, pages + 1):
        lo, hi = (page - 1) * per, min(n, page * per)
        params: dict[str, Any] = {"type": "Team", size: per}
        if page > 1:
            params["pageToken"] = f"tok{page}"
        more: dict[str, Any] = {"nextPageToken": f"tok{page + 1}"} if page < pages else {}
        body: dict[str, Any]
        if team_messaging:
            body = {"records": recs(lo, hi), "navigation": {**more}}
        else:
            body = {"records": recs(lo, hi), "paging": {"perPage": per, **more}}
        out.append(((path, params), body))
    return out


def requests_of(pages: list[tuple[Call, Any]]) -> list[Call]:
    return [call for call, _ in pages]


# --- each scheme, each stop condition -----------------------------------------------------

CASES: dict[str, tuple[list[tuple[Call, Any]], str, dict[str, Any], int]] = {
    "totals": (totals_pages(5, 2, {"status": "Enabled", "perPage": 2}), EXT,
               {"params": {"status": "Enabled"}, "per_page": 2}, 5),
    "totals-exact-multiple": (totals_pages(4, 2, {"perPage": 2}), EXT, {"per_page": 2}, 4),
    "totals-single-page": (totals_pages(3, 100, {}), EXT, {}, 3),
    "totals-empty": (totals_pages(0, 100, {}), EXT, {}, 0),
    "calllog-navigation": (calllog_pages(5, 2), CALLS,
                           {"params": {"view": "Simple"}, "per_page": 2}, 5),
    "calllog-page-past-the-end": (calllog_pages(4, 2, past_end=True), CALLS,
                                  {"params": {"view": "Simple"}, "per_page": 2}, 4),
    "v2-short-page": (v2_pages(5, 2), V2, {"per_page": 2}, 5),
    "v2-exact-multiple-then-empty": (v2_pages(4, 2), V2, {"per_page": 2}, 4),
    "page-token": (token_pages(5, 2), A2P, {"params": {"type": "Team"}, "per_page": 2}, 5),
    "page-token-full-last-page": (token_pages(4, 2), A2P,
                                  {"params": {"type": "Team"}, "per_page": 2}, 4),
    "team-messaging-token": (
        token_pages(5, 2, team_messaging=True), TM,
        {"params": {"type": "Team"}, "per_page": 2, "page_size_param": "recordCount",
         "per_page_max": 250}, 5),
    "not-paged": ([((EXT, {}), {"records": recs(0, 3)})], EXT, {}, 3),
}  # fmt: skip


@pytest.mark.parametrize("name", list(CASES))
async def test_each_scheme_delivers_every_item_once_with_one_request_per_page(name: str) -> None:
    pages, path, kwargs, n = CASES[name]
    fetch = Script(pages)
    paginator = AsyncPaginator(fetch, path, allowed_hosts=(HOST,), **kwargs)
    items = [item async for item in paginator]
    assert ids(items) == list(range(n))
    assert fetch.calls == requests_of(pages)  # in order, and no request after the last page
    assert paginator.next_params is None


@pytest.mark.parametrize("name", ["totals", "calllog-navigation", "v2-short-page", "page-token"])
async def test_pages_expose_paging_navigation_raw_and_number(name: str) -> None:
    pages, path, kwargs, _ = CASES[name]
    paginator = AsyncPaginator(Script(pages), path, allowed_hosts=(HOST,), **kwargs)
    got = [page async for page in paginator.pages()]
    assert len(got) == len(pages)
    for i, (page, (_, body)) in enumerate(zip(got, pages, strict=True), start=1):
        assert isinstance(page, Page)
        assert page.records == body["records"]
        assert "records" not in page.raw and page.raw.keys() == body.keys() - {"records"}
        assert page.paging == body.get("paging")
        assert page.navigation == body.get("navigation")
        assert page.number == (None if name == "page-token" else i)


async def test_nav_uri_is_passed_to_fetch_without_query_with_parsed_params() -> None:
    pages = calllog_pages(3, 2)
    fetch = Script(pages)
    paginator = AsyncPaginator(fetch, CALLS, {"view": "Simple"}, per_page=2,
                               allowed_hosts=(HOST,))  # fmt: skip
    await paginator.collect()
    assert fetch.calls[1] == (CALLS_URL, {"view": "Simple", "perPage": 2, "page": "2"})


async def test_navigation_is_followed_even_when_totals_say_last() -> None:
    first = {"records": recs(0, 2), "paging": {"page": 1, "perPage": 2, "totalPages": 1},
             "navigation": {"nextPage": {"uri": f"{CALLS_URL}?page=2&perPage=2"}}}  # fmt: skip
    second = {"records": recs(2, 3), "paging": {"page": 2, "perPage": 2}, "navigation": {}}
    fetch = Script([((CALLS, {}), first), ((CALLS_URL, {"page": "2", "perPage": "2"}), second)])
    items = await AsyncPaginator(fetch, CALLS, allowed_hosts=(HOST,)).collect()
    assert ids(items) == [0, 1, 2] and len(fetch.calls) == 2


async def test_allowed_hosts_may_be_a_single_string() -> None:
    fetch = Script(calllog_pages(3, 2))
    paginator = AsyncPaginator(fetch, CALLS, {"view": "Simple"}, per_page=2, allowed_hosts=HOST)
    assert ids(await paginator.collect()) == [0, 1, 2]


async def test_audit_trail_total_counts_pages() -> None:
    def body(page: int) -> dict[str, Any]:
        paging = {"page": page, "perPage": 2, "total": 2, "totalFound": 4}
        return {"records": recs(2 * page - 2, 2 * page), "paging": paging}

    fetch = Script([((EXT, {}), body(1)), ((EXT, {"page": 2}), body(2))])
    assert ids(await AsyncPaginator(fetch, EXT).collect()) == [0, 1, 2, 3]
    assert len(fetch.calls) == 2


# --- a server repeating itself, foreign hosts, bad bodies ---------------------------------


def _nav_body(start: int, next_page: int | None) -> dict[str, Any]:
    nav = {} if next_page is None else {"nextPage": {"uri": f"{CALLS_URL}?page={next_page}"}}
    return {"records": recs(start, start + 2), "navigation": nav}


REPEATS: dict[str, tuple[str, list[tuple[Call, Any]], int]] = {
    "same-next-uri": (CALLS, [((CALLS, {}), _nav_body(0, 2)),
                              ((CALLS_URL, {"page": "2"}), _nav_body(2, 2))], 4),
    "same-token": (A2P, [((A2P, {}), {"records": recs(0, 2), "paging": {"nextPageToken": "a"}}),
                         ((A2P, {"pageToken": "a"}),
                          {"records": recs(2, 4), "paging": {"nextPageToken": "a"}})], 4),
    "page-number-not-advancing": (V2, [
        ((V2, {"perPage": 2}), {"records": recs(0, 2), "paging": {"page": 1, "perPage": 2}}),
        ((V2, {"perPage": 2, "page": 2}),
         {"records": recs(0, 2), "paging": {"page": 1, "perPage": 2}})], 2),
}  # fmt: skip


@pytest.mark.parametrize("name", list(REPEATS))
async def test_a_repeated_page_raises_instead_of_looping(name: str) -> None:
    path, pages, delivered = REPEATS[name]
    fetch = Script(pages)
    paginator = AsyncPaginator(fetch, path, per_page=2 if path == V2 else None,
                               allowed_hosts=(HOST,))  # fmt: skip
    got: list[Any] = []
    with pytest.raises(PagingError, match=r"repeated|after page") as info:
        async for item in paginator:
            got.append(item)
    assert isinstance(info.value, DecodeError)
    assert len(got) == delivered  # valid pages are delivered, duplicates are not
    assert len(fetch.calls) == 2


@pytest.mark.parametrize(
    "uri",
    [
        "https://evil.example.com/restapi/v1.0/account/~/call-log?page=2",
        "https://platform.example.com.evil.com/restapi/v1.0/account/~/call-log?page=2",
        "http://platform.example.com/restapi/v1.0/account/~/call-log?page=2",
        "https://platform.example.com:8443/restapi/v1.0/account/~/call-log?page=2",
        "https://user:pw@platform.example.com/restapi/v1.0/account/~/call-log?page=2",
        "ftp://platform.example.com/call-log",
        "javascript:alert(1)",
    ],
)
async def test_next_uri_to_a_foreign_host_or_downgrade_is_never_followed(uri: str) -> None:
    body = {"records": recs(0, 2), "navigation": {"nextPage": {"uri": uri}}}
    fetch = Script([((CALLS, {}), body)])
    with pytest.raises(PagingError, match=r"refusing|not absolute"):
        await AsyncPaginator(fetch, CALLS, allowed_hosts=(HOST,)).collect()
    assert len(fetch.calls) == 1


@pytest.mark.parametrize(
    ("uri", "allowed", "expected"),
    [
        ("https://platform.example.com/p?x=1#f", (HOST,), "https://platform.example.com/p"),
        ("https://PLATFORM.example.com:443/p", (HOST,), "https://PLATFORM.example.com:443/p"),
        ("https://platform.example.com/p", ("platform.example.com",),
         "https://platform.example.com/p"),
        ("http://127.0.0.1:8080/p?page=2", ("127.0.0.1:8080",), "http://127.0.0.1:8080/p"),
        ("http://127.0.0.1:8080/p", ("http://127.0.0.1:8080",), "http://127.0.0.1:8080/p"),
        ("/restapi/v1.0/account/~/call-log?page=2", (), "/restapi/v1.0/account/~/call-log"),
        ("https://platform.example.com/p", (), None),
        ("http://platform.example.com/p", ("platform.example.com",), None),
        ("http://127.0.0.1:9999/p", ("127.0.0.1:8080",), None),
        ("https://127.0.0.1:8080/p", ("http://127.0.0.1:8080",), None),
    ],
)  # fmt: skip
def test_check_next_uri(uri: str, allowed: tuple[str, ...], expected: str | None) -> None:
    if expected is None:
        with pytest.raises(PagingError):
            check_next_uri(uri, allowed)
    else:
        assert check_next_uri(uri, allowed) == expected


def test_parse_query_keeps_repeated_keys_as_lists() -> None:
    assert parse_query("https://h/p?type=Voice&type=Fax&view=&page=2") == {
        "type": ["Voice", "Fax"], "view": "", "page": "2"}  # fmt: skip


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ([1, 2], "not a JSON object"),
        ({"records": {"id": 1}}, "not a list"),
        ({"records": [], "paging": "page 1"}, "not an object"),
    ],
)
async def test_a_body_of_the_wrong_shape_is_a_decode_error(body: Any, match: str) -> None:
    with pytest.raises(DecodeError, match=match):
        await AsyncPaginator(Script([((EXT, {}), body)]), EXT).collect()


# --- per_page validation, before any request ----------------------------------------------


async def _never(path: str, params: Mapping[str, Any]) -> Any:
    raise AssertionError("no request may be sent")


@pytest.mark.parametrize(
    ("per_page", "kwargs", "valid"),
    [
        (1, {}, True),
        (1000, {}, True),
        (0, {}, False),
        (1001, {}, False),
        (-5, {}, False),
        ("max", {"per_page_allows_max": True}, True),
        ("max", {}, False),
        ("abc", {}, False),
        ("100", {}, False),
        (True, {}, False),
        (2.0, {}, False),
        (250, {"per_page_max": 250}, True),
        (251, {"per_page_max": 250}, False),
    ],
)
def test_per_page_is_validated_before_sending(
    per_page: Any, kwargs: dict[str, Any], valid: bool
) -> None:
    if valid:
        paginator = AsyncPaginator(_never, EXT, per_page=per_page, **kwargs)
        assert paginator.next_params == {"perPage": per_page}
        return
    with pytest.raises(ConfigurationError) as info:
        AsyncPaginator(_never, EXT, per_page=per_page, **kwargs)
    message = str(info.value)
    assert repr(per_page) in message or '"max"' in message
    assert str(kwargs.get("per_page_max", 1000)) in message


def test_page_size_in_params_is_validated_too() -> None:
    AsyncPaginator(_never, EXT, {"perPage": "1000"})  # e.g. parsed from a next-page URI
    with pytest.raises(ConfigurationError, match="recordCount"):
        AsyncPaginator(_never, TM, {"recordCount": 500}, page_size_param="recordCount",
                       per_page_max=250)  # fmt: skip


@pytest.mark.parametrize("kwargs", [{"max_items": -1}, {"prefetch": -1}, {"per_page_max": 0},
                                    {"max_items": 1.5}, {"path": ""}])  # fmt: skip
def test_other_bad_arguments_are_configuration_errors(kwargs: dict[str, Any]) -> None:
    path = kwargs.pop("path", EXT)
    with pytest.raises(ConfigurationError):
        AsyncPaginator(_never, path, **kwargs)


async def test_bad_limit_and_concurrency_are_configuration_errors() -> None:
    paginator = AsyncPaginator(_never, EXT)
    with pytest.raises(ConfigurationError):
        await paginator.collect(limit=-1)
    with pytest.raises(ConfigurationError):
        paginator.pages(concurrency=-2)


# --- max_items and limit stop early ---------------------------------------------------------


@pytest.mark.parametrize(
    ("max_items", "limit", "n_items", "n_calls"),
    [(4, None, 4, 2), (3, None, 3, 1), (None, 5, 5, 2), (7, 2, 2, 1), (None, 0, 0, 0),
     (0, None, 0, 0), (None, 100, 10, 4), (10, None, 10, 4)],
)  # fmt: skip
async def test_max_items_and_limit_stop_without_fetching_further_pages(
    max_items: int | None, limit: int | None, n_items: int, n_calls: int
) -> None:
    fetch = Script(totals_pages(10, 3, {"perPage": 3}))
    paginator = AsyncPaginator(fetch, EXT, per_page=3, max_items=max_items)
    items = await paginator.collect(limit=limit)
    assert ids(items) == list(range(n_items))
    assert len(fetch.calls) == n_calls


async def test_max_items_on_pages_yields_whole_pages_then_stops() -> None:
    fetch = Script(totals_pages(10, 3, {"perPage": 3}))
    got = [p async for p in AsyncPaginator(fetch, EXT, per_page=3, max_items=4).pages()]
    assert [len(p.records) for p in got] == [3, 3] and len(fetch.calls) == 2


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


# --- await, structure, resume, restart ----------------------------------------------------


async def test_await_returns_the_first_page_only() -> None:
    fetch = Script(totals_pages(5, 2, {"perPage": 2}))
    paginator = AsyncPaginator(fetch, EXT, per_page=2)
    page = await paginator
    assert page.number == 1 and ids(page.records) == [0, 1]
    assert page.paging is not None and page.paging["totalPages"] == 3
    assert len(fetch.calls) == 1
    assert paginator.next_params == {"perPage": 2, "page": 2}


async def test_structure_is_applied_to_every_record() -> None:
    class Ext:
        def __init__(self, raw: Mapping[str, Any]) -> None:
            self.id = raw["id"]

    fetch = Script(totals_pages(5, 2, {"perPage": 2}))
    paginator = AsyncPaginator(fetch, EXT, per_page=2, structure=Ext)
    items = await paginator.collect()
    assert all(isinstance(item, Ext) for item in items)
    assert [item.id for item in items] == list(range(5))
    first = await paginator
    assert all(isinstance(item, Ext) for item in first.records)


@pytest.mark.parametrize("name", ["totals", "calllog-navigation", "v2-short-page", "page-token",
                                  "team-messaging-token"])  # fmt: skip
async def test_next_params_resume_where_the_walk_stopped(name: str) -> None:
    pages, path, kwargs, n = CASES[name]
    fetch = Script(pages)
    paginator = AsyncPaginator(fetch, path, allowed_hosts=(HOST,), **kwargs)
    assert paginator.next_params == requests_of(pages)[0][1]
    async with contextlib.aclosing(paginator.pages()) as walk:
        first = [item async for page in _take(walk, 2) for item in page.records]
    saved = paginator.next_params
    assert saved is not None

    resumed_fetch = Script(pages)
    paginator._fetch = resumed_fetch  # a new process: same collection, fresh connection
    resumed = paginator.resume(json.loads(json.dumps(saved)))  # e.g. from a checkpoint file
    rest = await resumed.collect()
    assert ids(first + rest) == list(range(n))
    assert len(fetch.calls) + len(resumed_fetch.calls) == len(pages)
    assert resumed.next_params is None


async def _take(pages: Any, count: int) -> Any:
    async for page in pages:
        yield page
        count -= 1
        if count == 0:
            return


async def test_iterating_twice_restarts_from_the_original_params() -> None:
    pages = calllog_pages(5, 2)
    fetch = Script(pages)
    paginator = AsyncPaginator(fetch, CALLS, {"view": "Simple"}, per_page=2,
                               allowed_hosts=(HOST,))  # fmt: skip
    assert ids(await paginator.collect()) == ids(await paginator.collect()) == list(range(5))
    assert fetch.calls == requests_of(pages) * 2


async def test_resume_keeps_the_options_and_validates_the_saved_params() -> None:
    fetch = Script(totals_pages(10, 3, {"perPage": 3}))
    paginator = AsyncPaginator(fetch, EXT, per_page=3, structure=lambda r: r["id"])
    resumed = paginator.resume({"perPage": 3, "page": 3})
    assert resumed.next_params == {"perPage": 3, "page": 3}
    assert await resumed.collect() == [6, 7, 8, 9]  # structured, from page 3 on
    assert paginator.next_params == {"perPage": 3}  # the original is untouched
    with pytest.raises(ConfigurationError, match="nothing to resume"):
        paginator.resume(None)  # type: ignore[arg-type]
    unsized = AsyncPaginator(_never, EXT)
    with pytest.raises(ConfigurationError, match="perPage"):
        unsized.resume({"perPage": 5000, "page": 2})
    with pytest.raises(ConfigurationError, match="mapping"):
        unsized.resume([("page", 2)])  # type: ignore[arg-type]


# --- following nextPage URIs: the caller's filters and page size are kept ---------------------


@pytest.mark.parametrize(
    ("uri", "sent", "expected"),
    [
        ("https://h/p?page=2&perPage=2&view=Simple", {"view": "Simple", "perPage": 2},
         {"view": "Simple", "perPage": 2, "page": "2"}),
        # a filter the URI leaves out is still sent
        ("https://h/p?page=2", {"direction": "Inbound", "perPage": 5},
         {"direction": "Inbound", "perPage": 5, "page": "2"}),
        # the URI's own values win, except the page size the caller asked for
        ("https://h/p?page=3&perPage=1000&view=Detailed",
         {"view": "Simple", "perPage": "max", "page": "2"},
         {"view": "Detailed", "perPage": "max", "page": "3"}),
        # no page size asked for: the server's goes on; a stale pageToken is not carried
        ("https://h/p?page=2&perPage=100", {"pageToken": "x"}, {"perPage": "100", "page": "2"}),
        ("https://h/p?type=Voice&type=Fax&page=2", {"type": ["Voice"]},
         {"type": ["Voice", "Fax"], "page": "2"}),
    ],
)  # fmt: skip
def test_follow_params(uri: str, sent: dict[str, Any], expected: dict[str, Any]) -> None:
    assert follow_params(uri, sent, "perPage") == expected


async def test_a_next_page_uri_dropping_a_filter_does_not_drop_it_from_the_walk() -> None:
    def body(start: int, nxt: str | None) -> dict[str, Any]:
        nav = {"nextPage": {"uri": nxt}} if nxt else {}
        return {"records": recs(start, start + 2), "navigation": nav,
                "paging": {"page": start // 2 + 1, "perPage": 2}}  # fmt: skip

    fetch = Script([
        ((CALLS, {"direction": "Inbound", "perPage": 2}), body(0, f"{CALLS_URL}?page=2")),
        ((CALLS_URL, {"direction": "Inbound", "perPage": 2, "page": "2"}), body(2, None)),
    ])  # fmt: skip
    paginator = AsyncPaginator(fetch, CALLS, {"direction": "Inbound"}, per_page=2,
                               allowed_hosts=(HOST,))  # fmt: skip
    assert ids(await paginator.collect()) == [0, 1, 2, 3]
    assert fetch.calls[1][1] == {"direction": "Inbound", "perPage": 2, "page": "2"}


def test_record_count_defaults_to_the_team_messaging_maximum() -> None:
    AsyncPaginator(_never, TM, per_page=250, page_size_param="recordCount")
    with pytest.raises(ConfigurationError, match=r"1\.\.250"):
        AsyncPaginator(_never, TM, per_page=251, page_size_param="recordCount")
    AsyncPaginator(_never, EXT, per_page=1000)  # perPage: the paging schema's 1000


def test_params_must_be_a_mapping() -> None:
    with pytest.raises(ConfigurationError, match="mapping"):
        AsyncPaginator(_never, EXT, [("status", "Enabled")])  # type: ignore[call-overload]


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
