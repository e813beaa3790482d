"""rc.paginate and typed lists on the wire (aioresponses): every paging scheme and stop
condition through the real request pipeline (query encoding, auth, retry, decode)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from _helpers import CLIENT_ID, CLIENT_SECRET, JWT, SERVER, TOKEN_URL, token_body
from aioresponses import aioresponses
from yarl import URL

from ringcentral_async import ConfigurationError, RingCentral
from ringcentral_async._paging import PagingError
from ringcentral_async.models import Extension

ACC = SERVER + "/restapi/v1.0/account/~"
EXT = "/restapi/v1.0/account/~/extension"
CALLS = "/restapi/v1.0/account/~/call-log"
V2 = "/restapi/v2/accounts/~/phone-numbers"
A2P = "/restapi/v1.0/account/~/a2p-sms/messages"
TM = "/team-messaging/v1/chats"
DATES = "dateFrom=2026-01-01T00:00:00.000Z&dateTo=2026-02-01T00:00:00.000Z"


class Sleeps:
    """The pipeline's sleep, recorded instead of waited."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


class Wire:
    """aioresponses with every API request recorded in sending order (full URL and query)."""

    def __init__(self, mock: aioresponses) -> None:
        self.mock = mock
        self.sent: list[URL] = []

    def _record(self, url: URL, **_: Any) -> None:
        self.sent.append(url)  # None: answer with the registered response

    def get(self, url: str | re.Pattern[str], **kwargs: Any) -> None:
        self.mock.get(url, callback=self._record, **kwargs)


@pytest.fixture
def wire(mock_api: aioresponses) -> Wire:
    return Wire(mock_api)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
async def rc(mock_api: aioresponses, sleeps: Sleeps) -> Any:
    client = RingCentral(CLIENT_ID, CLIENT_SECRET, throttle=False, sleep=sleeps)
    mock_api.post(TOKEN_URL, payload=token_body(1), repeat=True)
    async with client:
        await client.login(jwt=JWT)
        yield client


def query(url: URL) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in url.query.items():
        out.setdefault(key, []).append(value)
    return out


def recs(start: int, stop: int) -> list[dict[str, Any]]:
    return [{"id": i} for i in range(start, stop)]


def ids(items: list[Any]) -> list[Any]:
    return [item["id"] for item in items]


# --- page numbers with totals -------------------------------------------------------------


async def test_totals_walk_sends_one_request_per_page_and_stops_at_the_last(
    rc: RingCentral, wire: Wire
) -> None:
    base = ACC + "/extension?status=Enabled&perPage=2"
    for page in (1, 2, 3):
        url = base if page == 1 else f"{base}&page={page}"
        paging = {"page": page, "perPage": 2, "totalPages": 3, "totalElements": 5}
        nav = {"nextPage": {"uri": f"{base}&page={page + 1}"}} if page < 3 else {}
        lo = 2 * page - 2
        wire.get(url, payload={"records": recs(lo, min(lo + 2, 5)), "paging": paging,
                                   "navigation": nav})  # fmt: skip
    items = await rc.paginate(EXT, params={"status": "Enabled"}, per_page=2).collect()
    assert ids(items) == [0, 1, 2, 3, 4]
    urls = wire.sent
    assert [query(u).get("page", ["1"]) for u in urls] == [["1"], ["2"], ["3"]]
    assert all(query(u)["status"] == ["Enabled"] and query(u)["perPage"] == ["2"] for u in urls)


async def test_typed_list_structures_each_page_into_the_model(rc: RingCentral, wire: Wire) -> None:
    record = {"id": 7, "extensionNumber": "107", "name": "Ada", "type": "User"}
    paging = {"page": 1, "perPage": 100, "totalPages": 1, "totalElements": 1}
    wire.get(ACC + "/extension", payload={"records": [record], "paging": paging})
    first = await rc.extensions.list()
    assert isinstance(first.records[0], Extension) and first.records[0].extension_number == "107"
    assert first.number == 1 and first.paging == paging


# --- navigation.nextPage.uri without totals (call log) --------------------------------------


async def test_call_log_follows_next_page_uri_and_stops_at_a_page_past_the_end(
    rc: RingCentral, wire: Wire
) -> None:
    """The last full page still links to a next page; that page is empty with a ``paging``
    shrunk to page/perPage: the walk ends there, with no further request."""
    first = f"{ACC}/call-log?{DATES}&view=Simple&perPage=2"
    for page in (1, 2, 3):
        url = first if page == 1 else f"{first}&page={page}"
        if page == 3:
            body: dict[str, Any] = {"records": [], "paging": {"page": 3, "perPage": 2},
                                    "navigation": {"firstPage": {"uri": first}}}  # fmt: skip
        else:
            body = {
                "records": recs(2 * page - 2, 2 * page),
                "paging": {"page": page, "perPage": 2, "pageStart": 2 * page - 2,
                           "pageEnd": 2 * page - 1},
                "navigation": {"nextPage": {"uri": f"{first}&page={page + 1}"}},
            }  # fmt: skip
        wire.get(url, payload=body)
    params = dict(URL("/?" + DATES).query) | {"view": "Simple"}
    pages = [p async for p in rc.paginate(CALLS, params=params, per_page=2).pages()]
    assert [len(p.records) for p in pages] == [2, 2, 0]
    assert [p.number for p in pages] == [1, 2, 3]
    assert len(wire.sent) == 3


async def test_next_page_uri_keeps_user_filters_and_the_page_size_asked_for(
    rc: RingCentral, wire: Wire
) -> None:
    """A nextPage URI that leaves out a filter and echoes ``perPage=1000`` for ``max``: the
    next request still carries the filter and ``perPage=max``."""
    first = f"{ACC}/call-log?{DATES}&direction=Inbound&perPage=max"
    echoed = f"{ACC}/call-log?{DATES}&perPage=1000&page=2"  # no direction, perPage echoed
    wire.get(first, payload={"records": recs(0, 1000), "paging": {"page": 1, "perPage": 1000},
                                 "navigation": {"nextPage": {"uri": echoed}}})  # fmt: skip
    second = f"{ACC}/call-log?{DATES}&direction=Inbound&perPage=max&page=2"
    last = {"records": recs(1000, 1001), "paging": {"page": 2, "perPage": 1000}, "navigation": {}}
    wire.get(second, payload=last)
    params = dict(URL("/?" + DATES).query) | {"direction": "Inbound"}
    paginator = rc.paginate(CALLS, params=params, per_page="max")
    assert len(await paginator.collect()) == 1001
    urls = wire.sent
    assert len(urls) == 2
    assert query(urls[1])["direction"] == ["Inbound"]
    assert query(urls[1])["perPage"] == ["max"]
    assert query(urls[1])["page"] == ["2"]


@pytest.mark.parametrize(
    "uri",
    ["https://evil.example.com/restapi/v1.0/account/~/call-log?page=2",
     "https://platform.ringcentral.com.evil.example/restapi/v1.0/account/~/call-log?page=2",
     "http://platform.ringcentral.com/restapi/v1.0/account/~/call-log?page=2"],
)  # fmt: skip
async def test_a_next_page_uri_to_another_host_is_never_followed(
    rc: RingCentral, wire: Wire, uri: str
) -> None:
    wire.get(f"{ACC}/call-log", payload={"records": recs(0, 2),
                                             "navigation": {"nextPage": {"uri": uri}}})  # fmt: skip
    wire.get(re.compile(r".*evil.*|^http://.*"), payload={"records": []}, repeat=True)
    with pytest.raises(PagingError, match="refusing"):
        await rc.paginate(CALLS).collect()
    assert len(wire.sent) == 1


async def test_a_server_repeating_the_same_page_raises(rc: RingCentral, wire: Wire) -> None:
    nxt = f"{ACC}/call-log?page=2"
    body = {"records": recs(0, 2), "paging": {"perPage": 2},
            "navigation": {"nextPage": {"uri": nxt}}}  # fmt: skip
    wire.get(f"{ACC}/call-log", payload=body)
    wire.get(nxt, payload=body, repeat=True)  # page 2 links to itself, forever
    with pytest.raises(PagingError, match="repeated"):
        await rc.paginate(CALLS).collect()
    assert len(wire.sent) == 2


# --- v2 paging without navigation ---------------------------------------------------------


@pytest.mark.parametrize(("n", "requests"), [(5, 3), (4, 3), (3, 2)])
async def test_v2_paging_stops_on_a_short_or_empty_page(
    rc: RingCentral, wire: Wire, n: int, requests: int
) -> None:
    base = SERVER + V2 + "?perPage=2"
    for page in range(1, requests + 1):
        lo = 2 * page - 2
        url = base if page == 1 else f"{base}&page={page}"
        wire.get(url, payload={"records": recs(lo, min(lo + 2, n)),
                                   "paging": {"page": page, "perPage": 2}})  # fmt: skip
    assert ids(await rc.paginate(V2, per_page=2).collect()) == list(range(n))
    assert len(wire.sent) == requests


# --- page tokens --------------------------------------------------------------------------


async def test_paging_next_page_token_becomes_page_token(rc: RingCentral, wire: Wire) -> None:
    base = f"{ACC}/a2p-sms/messages?batchId=b1&perPage=2"
    wire.get(base, payload={"records": recs(0, 2),
                                "paging": {"perPage": 2, "nextPageToken": "t2"}})  # fmt: skip
    wire.get(base + "&pageToken=t2", payload={"records": recs(2, 3), "paging": {"perPage": 2}})
    items = await rc.paginate(A2P, params={"batchId": "b1"}, per_page=2).collect()
    assert ids(items) == [0, 1, 2]
    assert [query(u).get("pageToken") for u in wire.sent] == [None, ["t2"]]


async def test_team_messaging_navigation_token_with_record_count(
    rc: RingCentral, wire: Wire
) -> None:
    base = SERVER + TM + "?type=Team&recordCount=250"
    wire.get(base, payload={"records": recs(0, 250), "navigation": {"nextPageToken": "n2"}})
    wire.get(base + "&pageToken=n2", payload={"records": recs(250, 260), "navigation": {}})
    items = await rc.paginate(TM, params={"type": "Team"}, per_page=250).collect()
    assert ids(items) == list(range(260))
    assert len(wire.sent) == 2
    with pytest.raises(ConfigurationError, match=r"1\.\.250"):
        rc.paginate(TM, per_page=251)  # Team Messaging's recordCount stops at 250


async def test_address_book_sync_next_page_id_becomes_page_id(rc: RingCentral, wire: Wire) -> None:
    """address-book-sync pages by a top-level ``nextPageId``: every page is read, in order,
    and a page without one is the last (no page is silently dropped)."""
    path = "/restapi/v1.0/account/~/extension/~/address-book-sync"
    base = SERVER + path + "?syncType=FSync"
    wire.get(base, payload={"records": recs(0, 2), "nextPageId": 7})
    wire.get(base + "&pageId=7", payload={"records": recs(2, 4), "nextPageId": 9})
    wire.get(base + "&pageId=9", payload={"records": recs(4, 5), "syncInfo": {}})
    items = await rc.paginate(path, params={"syncType": "FSync"}).collect()
    assert ids(items) == [0, 1, 2, 3, 4]
    assert [query(u).get("pageId") for u in wire.sent] == [None, ["7"], ["9"]]


async def test_a_repeated_next_page_id_stops_the_walk(rc: RingCentral, wire: Wire) -> None:
    path = "/restapi/v1.0/account/~/extension/~/address-book-sync"
    wire.get(SERVER + path, payload={"records": recs(0, 1), "nextPageId": 3})
    wire.get(SERVER + path + "?pageId=3", payload={"records": recs(1, 2), "nextPageId": 3})
    with pytest.raises(PagingError):
        await rc.paginate(path).collect()


# --- per_page, limit --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "per_page", "ok"),
    [(CALLS, "max", True), (CALLS, 1000, True), (CALLS, 1001, False), (CALLS, 0, False),
     (EXT, "max", False), (EXT, 1000, True), (EXT, 1001, False), (V2, "max", False)],
)  # fmt: skip
async def test_per_page_is_validated_against_the_endpoint_before_sending(
    rc: RingCentral, wire: Wire, path: str, per_page: Any, ok: bool
) -> None:
    if ok:
        assert rc.paginate(path, per_page=per_page).next_params == {"perPage": per_page}
    else:
        with pytest.raises(ConfigurationError, match="per_page"):
            rc.paginate(path, per_page=per_page)
    with pytest.raises(ConfigurationError, match="perPage"):
        rc.paginate(path, params={"perPage": 5000})
    assert wire.sent == []


async def test_limit_reads_one_page_when_it_fits(rc: RingCentral, wire: Wire) -> None:
    """limit=5 with the default page size and prefetch on: the first page (100 records, 24
    pages in all) is the only request."""
    paging = {"page": 1, "perPage": 100, "totalPages": 24, "totalElements": 2345}
    wire.get(ACC + "/extension", payload={"records": recs(0, 100), "paging": paging})
    wire.get(re.compile(r".*/extension\?.*page=.*"), payload={"records": []}, repeat=True)
    items = await rc.paginate(EXT, prefetch=4).collect(limit=5)
    assert ids(items) == [0, 1, 2, 3, 4]
    assert len(wire.sent) == 1


# --- each page through the pipeline: 429 / 503 retried in place, resume ---------------------


@pytest.mark.parametrize("status", [429, 503])
async def test_a_failed_page_is_retried_in_place_not_from_page_one(
    rc: RingCentral, wire: Wire, sleeps: Sleeps, status: int
) -> None:
    base = ACC + "/extension?perPage=2"
    paging = {"perPage": 2, "totalPages": 3, "totalElements": 6}
    wire.get(base, payload={"records": recs(0, 2), "paging": {**paging, "page": 1}})
    error = {"errors": [{"errorCode": "CMN-301" if status == 429 else "CMN-201", "message": "x"}]}
    wire.get(base + "&page=2", status=status, payload=error, headers={"Retry-After": "4"})
    wire.get(base + "&page=2", payload={"records": recs(2, 4), "paging": {**paging, "page": 2}})
    wire.get(base + "&page=3", payload={"records": recs(4, 6), "paging": {**paging, "page": 3}})
    items = await rc.paginate(EXT, per_page=2).collect()
    assert ids(items) == list(range(6))
    pages = [query(u).get("page", ["1"])[0] for u in wire.sent]
    assert pages == ["1", "2", "2", "3"]
    assert sleeps.delays == [4.0]


async def test_resume_a_typed_list_from_saved_next_params(rc: RingCentral, wire: Wire) -> None:
    base = ACC + "/extension?status=Enabled&perPage=1"
    paging = {"perPage": 1, "totalPages": 3, "totalElements": 3}
    for page in (1, 2, 3):
        url = base if page == 1 else f"{base}&page={page}"
        record = {"id": page, "extensionNumber": str(100 + page)}
        wire.get(url, payload={"records": [record], "paging": {**paging, "page": page}})
    walk = rc.extensions.list(status="Enabled", per_page=1)
    first = await walk
    saved = walk.next_params
    assert saved == {"status": ["Enabled"], "perPage": 1, "page": 2}
    rest = await walk.resume(saved).collect()
    assert [e.id for e in first.records + rest] == [1, 2, 3]
    assert all(isinstance(e, Extension) for e in rest)
    assert [query(u).get("page", ["1"])[0] for u in wire.sent] == ["1", "2", "3"]


async def test_paginate_a_raw_path_into_a_model(rc: RingCentral, wire: Wire) -> None:
    """``rc.paginate(path, model=...)``: each record goes through ``model`` as its page
    arrives; without ``model`` the records are the decoded dicts."""
    record = {"id": 7, "extensionNumber": "107", "status": "Enabled"}
    paging = {"page": 1, "perPage": 100, "totalPages": 1, "totalElements": 1}
    wire.get(ACC + "/extension", payload={"records": [record], "paging": paging}, repeat=True)
    made: list[dict[str, Any]] = []

    def model(raw: dict[str, Any]) -> tuple[int, str]:
        made.append(raw)
        return raw["id"], raw["extensionNumber"]

    assert await rc.paginate(EXT, model=model).collect() == [(7, "107")]
    assert made == [record]
    assert await rc.paginate(EXT).collect() == [record]
