"""A token endpoint that hands out a token no ``Authorization`` header can carry (CR, LF,
NUL, a space, non-ASCII): login raises DecodeError and saves nothing. Before, the token was
saved and every later call raised a bare ``ValueError`` from aiohttp's header check."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from ringcentral_async import DecodeError, MemoryTokenStore, RingCentral

from ._recording_server import JWT, Server, serve, token_body

BAD = ["abc\r\nX-Injected: 1", "abc\nX-Injected: 1", "a\x00b", "a b", "tök", "a\u2028b", "\t"]


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    async with serve() as state:
        yield state


@pytest.mark.parametrize("field", ["access_token", "refresh_token"])
@pytest.mark.parametrize("value", BAD)
async def test_a_token_no_header_can_carry_is_refused_at_login(
    server: Server, field: str, value: Any
) -> None:
    server.token = token_body(**{field: value})
    store = MemoryTokenStore()
    async with RingCentral(
        "cid", "csecret", server_url=server.url, throttle=False, token_store=store
    ) as rc:
        with pytest.raises(DecodeError) as caught:
            await rc.login(jwt=JWT)
        assert rc.token is None and await store.load() is None
        assert value not in str(caught.value)
        assert server.api_paths == []


async def test_an_ordinary_token_still_works(server: Server) -> None:
    server.token = token_body(access_token="U0pDMDFQMDFQQVMwMHxBQUF-_.+/=", refresh_token="R~1")
    async with RingCentral("cid", "csecret", server_url=server.url, throttle=False) as rc:
        await rc.login(jwt=JWT)
        assert await rc.get("/restapi/v1.0/account/~") == {"id": 1}
