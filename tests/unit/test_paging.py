"""AsyncPaginator against a scripted fake ``fetch``: every scheme, every stop condition."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from typing import Any

import pytest
from _paging_script import (
    A2P,
    CALLS,
    CALLS_URL,
    CASES,
    EXT,
    HOST,
    TM,
    V2,
    Call,
    Script,
    calllog_pages,
    ids,
    recs,
    requests_of,
    totals_pages,
)

from ringcentral_async._errors import ConfigurationError, DecodeError
from ringcentral_async._paging import AsyncPaginator, Page, PagingError
from ringcentral_async._paging.plan import check_next_uri, follow_params, parse_query


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
