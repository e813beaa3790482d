"""A hostile or broken server, end to end: the real client against a small aiohttp.web server
on 127.0.0.1 that records every request's raw path and answers what each test scripts.

- ids and path parameters ``""``, ``.`` and ``..`` raise ConfigurationError and nothing is
  sent (URL normalisation would send ``/extension/..`` to ``/account/~/``); raw paths with
  dot segments (also percent-encoded) are refused; an id holding ``/`` stays one segment;
- a typed call whose 2xx body is empty, ``null`` or a 204 raises DecodeError; void
  operations keep returning None;
- a page whose ``navigation.nextPage`` points at a foreign host is delivered, then the walk
  raises PagingError (items, ``pages()``, prefetch, ``collect()``);
- a token response with a bad ``expires_in`` / ``refresh_token_expires_in`` raises
  DecodeError and no token is saved.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
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
from ringcentral_async._endpoint import OPERATIONS, Resource

JWT = "eyJ.hostile-JWT.sig"
ACCOUNT = "/restapi/v1.0/account/~"
EXT = ACCOUNT + "/extension"

Handler = Callable[[web.Request], web.StreamResponse]


def _token_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "access_token": "AT-hostile",
        "refresh_token": "RT-hostile",
        "token_type": "bearer",
        "expires_in": 3600,
        "refresh_token_expires_in": 604800,
        "scope": "ReadAccounts",
        "owner_id": "101",
        "session_id": "s",
    }
    body.update(overrides)
    return body


@dataclass
class Server:
    """Records raw paths; ``routes[path]`` answers a path, else ``{"id": 1}``."""

    url: str = ""
    raw_paths: list[str] = field(default_factory=list)
    token: dict[str, Any] = field(default_factory=_token_body)
    routes: dict[str, Handler] = field(default_factory=dict)

    @property
    def api_paths(self) -> list[str]:
        return [p for p in self.raw_paths if not p.startswith("/restapi/oauth")]


SERVER: web.AppKey[Server] = web.AppKey("server", Server)


async def _any(request: web.Request) -> web.StreamResponse:
    server = request.app[SERVER]
    server.raw_paths.append(request.raw_path)
    if request.path == "/restapi/oauth/token":
        return web.json_response(server.token)
    handler = server.routes.get(request.path)
    if handler is not None:
        return handler(request)
    return web.json_response({"id": 1})


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    state = Server()
    app = web.Application()
    app[SERVER] = state
    app.router.add_route("*", "/{tail:.*}", _any)
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    state.url = f"http://127.0.0.1:{port}"
    try:
        yield state
    finally:
        await runner.cleanup()


@pytest.fixture
async def rc(server: Server) -> AsyncIterator[RingCentral]:
    async with RingCentral("cid", "csecret", server_url=server.url, throttle=False) as client:
        await client.login(jwt=JWT)
        yield client


def _answer(status: int, body: bytes, content_type: str = "application/json") -> Handler:
    def handler(_request: web.Request) -> web.StreamResponse:
        if status == 204:
            return web.Response(status=204)
        return web.Response(status=status, body=body, content_type=content_type)

    return handler


# -- 1. path parameters and raw paths ------------------------------------------------


@pytest.mark.parametrize("bad", ["", ".", ".."])
async def test_dot_and_empty_ids_raise_before_sending(
    server: Server, rc: RingCentral, bad: str
) -> None:
    with pytest.raises(ConfigurationError):
        await rc.extensions.get(extension_id=bad)
    with pytest.raises(ConfigurationError):
        await rc.extensions.get(account_id=bad)
    with pytest.raises(ConfigurationError):
        await rc.answering_rules.get(bad)
    with pytest.raises(ConfigurationError):
        await rc.answering_rules.delete(bad)
    with pytest.raises(ConfigurationError):
        rc.extensions.list(account_id=bad)
    assert server.api_paths == []


@pytest.mark.parametrize("bad", ["", ".", ".."])
async def test_dot_and_empty_ids_in_bulk_lists_raise_before_sending(
    server: Server, rc: RingCentral, bad: str
) -> None:
    many = [str(i) for i in range(1, 120)]  # several chunks: none may be sent
    with pytest.raises(ConfigurationError):
        await rc.phone_numbers.get_company_many([*many, bad])
    with pytest.raises(ConfigurationError):
        await rc.phone_numbers.get_company_many(["1", "2"], account_id=bad)
    assert server.api_paths == []


def _template_params(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]


def test_every_path_parameter_of_every_typed_operation_refuses_dot_segments() -> None:
    checked = 0
    for op in OPERATIONS.values():
        names = _template_params(op.path)
        for name in names:
            for bad in (".", "..", ""):
                params = {n: ("x" if n != name else bad) for n in names}
                with pytest.raises(ConfigurationError):
                    Resource._path(op, params)
                checked += 1
        if names:  # the good case still builds a path
            assert "{" not in Resource._path(op, dict.fromkeys(names, "x"))
    assert checked > 100


@pytest.mark.parametrize(
    ("ext_id", "raw_tail"),
    [
        ("a/b", "/extension/a%2Fb"),
        ("../..", "/extension/..%2F.."),
        ("%2e%2e", "/extension/%252e%252e"),
        ("..%2f", "/extension/..%252f"),
        ("...", "/extension/..."),
        ("a b?c#d", "/extension/a%20b%3Fc%23d"),
    ],
)
async def test_odd_ids_stay_one_encoded_segment(
    server: Server, rc: RingCentral, ext_id: str, raw_tail: str
) -> None:
    """yarl normalises ``..`` and ``%2e%2e`` but leaves ``%2F`` and ``%25`` alone: an id
    with ``/`` or ``%`` reaches the server as one segment of the path it was meant for."""
    server.routes[f"{EXT}/{ext_id}"] = _answer(200, b'{"id": 7}')
    await rc.extensions.get(extension_id=ext_id)
    assert server.api_paths == [ACCOUNT + raw_tail]


@pytest.mark.parametrize(
    "path",
    [
        EXT + "/..",
        EXT + "/.",
        EXT + "/../x",
        EXT + "/%2e%2e",
        EXT + "/%2E%2e/x",
        EXT + "/.%2E",
        EXT + "/%2e",
        EXT + "/..?q=1",
        "restapi/v1.0/account/~/extension/..",
    ],
)
async def test_raw_paths_with_dot_segments_are_refused(
    server: Server, rc: RingCentral, path: str
) -> None:
    with pytest.raises(ConfigurationError):
        await rc.get(path)
    with pytest.raises(ConfigurationError):
        await rc.get(server.url + path if path.startswith("/") else server.url + "/" + path)
    assert server.api_paths == []


async def test_raw_paths_keep_dots_inside_segments_and_in_queries(
    server: Server, rc: RingCentral
) -> None:
    await rc.get(EXT + "/a..b", params={"q": ".."})
    await rc.get(EXT + "/%2Fx")
    assert server.api_paths == [EXT + "/a..b?q=..", EXT + "/%2Fx"]


# -- 2. empty or null bodies of typed calls -------------------------------------------


@pytest.mark.parametrize(
    ("status", "body"),
    [(200, b""), (200, b"null"), (201, b""), (200, b" null "), (204, b"")],
)
async def test_typed_call_with_an_empty_or_null_body_raises_decode_error(
    server: Server, rc: RingCentral, status: int, body: bytes
) -> None:
    server.routes[EXT + "/101"] = _answer(status, body)
    with pytest.raises(DecodeError) as caught:
        await rc.extensions.get(extension_id=101)
    assert caught.value.status == status
    assert "Extension" in str(caught.value)


async def test_typed_write_with_a_null_body_raises_decode_error(
    server: Server, rc: RingCentral
) -> None:
    server.routes[EXT + "/~/caller-id"] = _answer(200, b"null")
    with pytest.raises(DecodeError) as caught:
        await rc.caller_id.update({"byFeature": []})
    assert caught.value.status == 200


@pytest.mark.parametrize(("status", "body"), [(204, b""), (200, b""), (200, b"null")])
async def test_void_operations_still_return_none(
    server: Server, rc: RingCentral, status: int, body: bytes
) -> None:
    server.routes[EXT + "/~/answering-rule/r1"] = _answer(status, body)
    server.routes[EXT + "/~/forwarding-number/f1"] = _answer(status, body)
    assert await rc.answering_rules.delete("r1") is None
    assert await rc.forwarding_numbers.delete("f1") is None


@pytest.mark.parametrize("body", [b"", b"null"])
async def test_a_bulk_item_with_an_empty_or_null_body_is_not_ok(
    server: Server, rc: RingCentral, body: bytes
) -> None:
    server.routes[ACCOUNT + "/phone-number/5"] = _answer(200, body)
    (item,) = await rc.phone_numbers.get_company_many(["5"])
    assert item.status == 200 and item.value is None
    assert not item.ok
    with pytest.raises(DecodeError):
        item.unwrap()


async def test_raw_calls_still_return_none_for_an_empty_body(
    server: Server, rc: RingCentral
) -> None:
    server.routes[EXT + "/101"] = _answer(200, b"")
    assert await rc.get(EXT + "/101") is None


async def test_decode_error_does_not_echo_the_body(server: Server, rc: RingCentral) -> None:
    secret = b'"secret-looking-value-' + b"x" * 200 + b'"'
    server.routes[EXT + "/101"] = _answer(200, secret)
    with pytest.raises(DecodeError) as caught:
        await rc.extensions.get(extension_id=101)
    assert "secret-looking" not in str(caught.value)


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
    server.token = _token_body(**{field_name: bad})
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
        server.token = _token_body(access_token="AT-new", expires_in=-1)
        with pytest.raises(DecodeError):
            await client.refresh()
        saved = await store.load()
        assert saved is not None and saved.access_token == first.access_token
        assert client.token is not None and client.token.access_token == first.access_token


async def test_missing_refresh_lifetime_is_still_fine(server: Server) -> None:
    body = _token_body()
    del body["refresh_token_expires_in"]
    server.token = body
    async with RingCentral("cid", "csecret", server_url=server.url, throttle=False) as client:
        token = await client.login(jwt=JWT)
        assert token.refresh_token_expires_at is None
        assert (await client.get(EXT + "/~")) == {"id": 1}
