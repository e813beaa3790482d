"""A hostile or broken server, end to end (the real client against the recording server
of ``_recording_server`` on 127.0.0.1): paging links and token lifetimes.

- a page whose ``navigation.nextPage`` points at a foreign host is delivered, then the walk
  raises PagingError (items, ``pages()``, prefetch, ``collect()``);
- a token response with a bad ``expires_in`` / ``refresh_token_expires_in`` raises
  DecodeError and no token is saved.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from ringcentral_async import (
    ConfigurationError,
    DecodeError,
    MemoryTokenStore,
    PagingError,
    RingCentral,
)

from ._recording_server import EXT, JWT, Server, serve, token_body


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    async with serve() as state:
        yield state


@pytest.fixture
async def rc(server: Server) -> AsyncIterator[RingCentral]:
    async with RingCentral("cid", "csecret", server_url=server.url, throttle=False) as client:
        await client.login(jwt=JWT)
        yield client


# -- 3. a next-page link to a foreign host ----------------------------------------------

FOREIGN = "https://evil.example.com" + EXT + "?page=2"


def _page(ids: list[int], **extra: Any) -> dict[str, Any]:
    return {"records": [{"id": i} for i in ids], **extra}


def _serve_pages(server: Server, pages: dict[str, dict[str, Any]]) -> None:
    """``pages[page]`` answers ``GET EXT?page=<page>`` (no page parameter: "1")."""

    def handler(request: web.Request) -> web.StreamResponse:
        return web.json_response(pages[request.query.get("page", "1")])

    server.routes[EXT] = handler


def _foreign_on_first(server: Server) -> None:
    _serve_pages(server, {"1": _page([1, 2, 3], navigation={"nextPage": {"uri": FOREIGN}})})


async def test_items_of_the_page_are_delivered_before_paging_error(
    server: Server, rc: RingCentral
) -> None:
    _foreign_on_first(server)
    got: list[int | None] = []
    with pytest.raises(PagingError, match=r"evil\.example\.com"):
        async for ext in rc.extensions.list():
            got.append(ext.id)
    assert got == [1, 2, 3]
    assert server.api_paths == [EXT]  # nothing sent to (or for) the foreign page


async def test_pages_delivers_the_page_then_raises(server: Server, rc: RingCentral) -> None:
    _foreign_on_first(server)
    paginator = rc.extensions.list()
    seen: list[list[int | None]] = []
    with pytest.raises(PagingError):
        async for page in paginator.pages():
            seen.append([r.id for r in page.records])
            assert paginator.next_params is not None  # the walk has not ended
    assert seen == [[1, 2, 3]]
    assert paginator.next_params == {}  # still at the page whose link was refused


async def test_collect_within_the_page_returns_and_beyond_it_raises(
    server: Server, rc: RingCentral
) -> None:
    _foreign_on_first(server)
    assert [e.id for e in await rc.extensions.list().collect(limit=3)] == [1, 2, 3]
    assert [e.id for e in await rc.extensions.list(max_items=2).collect()] == [1, 2]
    with pytest.raises(PagingError):
        await rc.extensions.list().collect()
    with pytest.raises(PagingError):
        await rc.extensions.list().collect(limit=4)


async def test_awaiting_the_first_page_returns_it(server: Server, rc: RingCentral) -> None:
    _foreign_on_first(server)
    paginator = rc.extensions.list()
    page = await paginator
    assert [r.id for r in page.records] == [1, 2, 3]
    assert paginator.next_params == {}


@pytest.mark.parametrize("concurrency", [1, 3])
async def test_prefetch_path_delivers_every_page_then_raises(
    server: Server, rc: RingCentral, concurrency: int
) -> None:
    """Totals say three pages (prefetched together); the last one links to a foreign host
    (navigation is trusted over totals that say "last", so it must be refused)."""
    paging = {"perPage": 2, "totalPages": 3}
    _serve_pages(
        server,
        {
            "1": _page([1, 2], paging={**paging, "page": 1}),
            "2": _page([3, 4], paging={**paging, "page": 2}),
            "3": _page(
                [5, 6], paging={**paging, "page": 3}, navigation={"nextPage": {"uri": FOREIGN}}
            ),
        },
    )
    seen: list[list[int | None]] = []
    with pytest.raises(PagingError):
        async for page in rc.extensions.list(per_page=2).pages(concurrency=concurrency):
            seen.append([r.id for r in page.records])
    assert seen == [[1, 2], [3, 4], [5, 6]]
    items: list[int | None] = []
    with pytest.raises(PagingError):
        async for ext in rc.extensions.list(per_page=2, prefetch=concurrency):
            items.append(ext.id)
    assert items == [1, 2, 3, 4, 5, 6]


async def test_next_page_link_with_dot_segments_is_refused(server: Server, rc: RingCentral) -> None:
    link = server.url + EXT + "/%2e%2e/%2e%2e?page=2"
    _serve_pages(server, {"1": _page([1], navigation={"nextPage": {"uri": link}})})
    got: list[int | None] = []
    with pytest.raises(PagingError):
        async for ext in rc.extensions.list():
            got.append(ext.id)
    assert got == [1]
    assert server.api_paths == [EXT]


# -- 4. token lifetimes -------------------------------------------------------------------

BAD_LIFETIMES: list[Any] = [0, 0.5, -1, -3600, 0.0, "0", "-5", "abc", "", "NaN", "inf", True,
                            False, [], {}, 10**9, "1e9", 10**12, 1e300, "1e400"]  # fmt: skip


@pytest.mark.parametrize("field_name", ["expires_in", "refresh_token_expires_in"])
@pytest.mark.parametrize("bad", BAD_LIFETIMES, ids=repr)
async def test_bad_token_lifetimes_raise_and_save_nothing(
    server: Server, field_name: str, bad: Any
) -> None:
    server.token = token_body(**{field_name: bad})
    store = MemoryTokenStore()
    async with RingCentral(
        "cid", "csecret", server_url=server.url, throttle=False, token_store=store
    ) as client:
        with pytest.raises(DecodeError) as caught:
            await client.login(jwt=JWT)
        assert client.token is None
        with pytest.raises(ConfigurationError):  # not logged in: nothing is sent
            await client.get(EXT + "/~")
    assert await store.load() is None
    assert "AT-hostile" not in str(caught.value)
    assert server.api_paths == []


async def test_a_bad_lifetime_on_refresh_keeps_the_saved_pair(server: Server) -> None:
    store = MemoryTokenStore()
    async with RingCentral(
        "cid", "csecret", server_url=server.url, throttle=False, token_store=store
    ) as client:
        first = await client.login(jwt=JWT)
        server.token = token_body(access_token="AT-new", expires_in=-1)
        with pytest.raises(DecodeError):
            await client.refresh()
        saved = await store.load()
        assert saved is not None and saved.access_token == first.access_token
        assert client.token is not None and client.token.access_token == first.access_token


async def test_missing_refresh_lifetime_is_still_fine(server: Server) -> None:
    body = token_body()
    del body["refresh_token_expires_in"]
    server.token = body
    async with RingCentral("cid", "csecret", server_url=server.url, throttle=False) as client:
        token = await client.login(jwt=JWT)
        assert token.refresh_token_expires_at is None
        assert (await client.get(EXT + "/~")) == {"id": 1}
