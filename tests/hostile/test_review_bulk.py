"""Bulk (207 Multi-Status) answers that do not match the ids asked for.

When the parts name their ids (``resourceId``, ``href``), a part must never be handed out as
the result of another id: parts naming an id twice, or an id nobody asked for next to ones
that were asked for, raise DecodeError instead of being paired by position. Parts that name
no asked id at all are still paired by position (the platform answers in path order).
A multipart body with very many parts, or whose closing boundary never comes, is parsed in
bounded time.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from ringcentral_async import DecodeError, RingCentral

from ._recording_server import ACCOUNT, JWT, Server, serve

BULK = ACCOUNT + "/phone-number/5,6"


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    async with serve() as state:
        yield state


@pytest.fixture
async def rc(server: Server) -> AsyncIterator[RingCentral]:
    async with RingCentral("cid", "csecret", server_url=server.url, throttle=False) as client:
        await client.login(jwt=JWT)
        yield client


def multipart_json(entries: list[dict[str, Any]]) -> Any:
    def handler(_request: web.Request) -> web.StreamResponse:
        return web.Response(
            status=207,
            body=json.dumps(entries).encode(),
            content_type="application/vnd.ringcentral.multipart+json",
        )

    return handler


def entry(rid: Any, number: str) -> dict[str, Any]:
    return {"resourceId": rid, "status": 200, "body": {"id": rid, "phoneNumber": number}}


@pytest.mark.parametrize(
    "ids",
    [("5", "5"), ("5", "7"), ("7", "5"), ("6", "6")],
    ids=["twice", "one-unasked", "unasked-first", "other-twice"],
)
async def test_parts_naming_the_wrong_ids_are_not_paired_by_position(
    server: Server, rc: RingCentral, ids: tuple[str, str]
) -> None:
    server.routes[BULK] = multipart_json([entry(ids[0], "+1"), entry(ids[1], "+2")])
    with pytest.raises(DecodeError):
        await rc.phone_numbers.get_company_many(["5", "6"])


async def test_parts_in_another_order_are_paired_by_name(server: Server, rc: RingCentral) -> None:
    server.routes[BULK] = multipart_json([entry("6", "+6"), entry("5", "+5")])
    items = await rc.phone_numbers.get_company_many(["5", "6"])
    assert [(i.id, i.unwrap().phone_number) for i in items] == [("5", "+5"), ("6", "+6")]


async def test_parts_naming_no_asked_id_are_paired_by_position(
    server: Server, rc: RingCentral
) -> None:
    server.routes[BULK] = multipart_json([entry(None, "+5"), entry(None, "+6")])
    items = await rc.phone_numbers.get_company_many(["5", "6"])
    assert [(i.id, i.unwrap().phone_number) for i in items] == [("5", "+5"), ("6", "+6")]


@pytest.mark.parametrize("count", [1, 3])
async def test_fewer_or_more_parts_than_ids_is_a_decode_error(
    server: Server, rc: RingCentral, count: int
) -> None:
    server.routes[BULK] = multipart_json([entry(str(5 + i), "+1") for i in range(count)])
    with pytest.raises(DecodeError):
        await rc.phone_numbers.get_company_many(["5", "6"])


def mixed(body: bytes) -> Any:
    def handler(_request: web.Request) -> web.StreamResponse:
        resp = web.Response(status=207, body=body)
        resp.headers["Content-Type"] = 'multipart/mixed; boundary="B"'
        return resp

    return handler


async def test_a_hundred_thousand_parts_is_a_prompt_decode_error(
    server: Server, rc: RingCentral
) -> None:
    part = b'\r\n--B\r\nContent-Type: application/json\r\n\r\n{"id": 5}'
    summary = b'--B\r\nContent-Type: application/json\r\n\r\n{"response": []}'
    server.routes[BULK] = mixed(summary + part * 100_000 + b"\r\n--B--\r\n")
    with pytest.raises(DecodeError):
        await rc.phone_numbers.get_company_many(["5", "6"])


async def test_a_boundary_that_never_closes_still_parses(server: Server, rc: RingCentral) -> None:
    response = {"response": [{"href": "/x/5", "status": 200}, {"href": "/x/6", "status": 200}]}
    body = (
        b"--B\r\nContent-Type: application/json\r\n\r\n"
        + json.dumps(response).encode()
        + b'\r\n--B\r\nContent-Type: application/json\r\n\r\n{"id": 5, "phoneNumber": "+5"}'
        + b'\r\n--B\r\nContent-Type: application/json\r\n\r\n{"id": 6, "phoneNumber": "+6"}'
    )
    server.routes[BULK] = mixed(body)
    items = await rc.phone_numbers.get_company_many(["5", "6"])
    assert [i.unwrap().phone_number for i in items] == ["+5", "+6"]
