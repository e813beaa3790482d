"""A caller's header cannot split a request: CR, LF, NUL (or another control character)
in a value, or a name that is not an HTTP token, raises ConfigurationError before anything
is sent, on every way in (request, the verbs, stream, resources' downloads). The server is
a raw listener counting connections, so "nothing was sent" is measured at TCP level. The
error text never shows the value (it may be a secret)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import pytest

from ringcentral_async import ConfigurationError, RingCentral

from .conftest import ClientFactory, Listener, saved_token

EXT = "/restapi/v1.0/account/~/extension/~"
SECRET = "VALUE-SECRET-123"

BAD_VALUES = [
    pytest.param(SECRET + "\r\nX-Injected: 1", "CR", id="crlf"),
    pytest.param(SECRET + "\nX-Injected: 1", "LF", id="lf"),
    pytest.param(SECRET + "\rX", "CR", id="cr"),
    pytest.param(SECRET + "\x00", "NUL", id="nul"),
    pytest.param(SECRET + "\x1b[0m", "control character U+001B", id="escape"),
    pytest.param(SECRET + "\x7f", "control character U+007F", id="del"),
]
BAD_NAMES = [
    pytest.param("X-Test\r\nX-Injected", "CR at index 6", id="crlf"),
    pytest.param("X-Test\n", "LF at index 6", id="lf"),
    pytest.param("X\x00Test", "NUL at index 1", id="nul"),
    pytest.param("X Test", "' ' at index 1", id="space"),
    pytest.param("X-Test:", "':' at index 6", id="colon"),
    pytest.param("Authorization: Bearer " + SECRET, "':' at index 13", id="pasted-line"),
    pytest.param("", "is empty", id="empty"),
    pytest.param("X-Tést", "'é' at index 3", id="non-ascii"),
    pytest.param("X-\tTest", "HTAB at index 2", id="tab"),
]

Call = Callable[[RingCentral, Mapping[str, Any]], Awaitable[Any]]


async def _stream(rc: RingCentral, headers: Mapping[str, Any]) -> None:
    async with rc.stream("GET", EXT, headers=headers) as resp:
        await resp.read()


CALLS: list[Any] = [
    pytest.param(lambda rc, h: rc.get(EXT, headers=h), id="get"),
    pytest.param(lambda rc, h: rc.post(EXT, json={"a": 1}, headers=h), id="post"),
    pytest.param(lambda rc, h: rc.put(EXT, json={"a": 1}, headers=h), id="put"),
    pytest.param(lambda rc, h: rc.patch(EXT, json={"a": 1}, headers=h), id="patch"),
    pytest.param(lambda rc, h: rc.delete(EXT, headers=h), id="delete"),
    pytest.param(lambda rc, h: rc.request("OPTIONS", EXT, headers=h), id="request"),
    pytest.param(_stream, id="stream"),
]


async def _client(bare: Listener, make_client: ClientFactory) -> RingCentral:
    """A client resuming a saved token: no token request, so the listener sees only calls."""
    rc: RingCentral = await make_client(bare.url, login=False, token_store=saved_token())
    await rc.login()
    return rc


async def _works(rc: RingCentral, call: Call, bare: Listener) -> None:
    """The same call with a clean header does reach the listener (the probe can fail)."""
    await call(rc, {"X-Test": "clean\tvalue"})
    assert bare.connections == 1 and b"X-Test: clean\tvalue\r\n" in bytes(bare.received)


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize(("value", "named"), BAD_VALUES)
async def test_a_bad_header_value_is_refused_before_sending(
    bare: Listener, make_client: ClientFactory, call: Call, value: str, named: str
) -> None:
    rc = await _client(bare, make_client)
    with pytest.raises(ConfigurationError) as caught:
        await call(rc, {"X-Test": value})
    text = str(caught.value)
    assert text == f"header 'X-Test': the value contains {named}"
    assert SECRET not in text and SECRET not in repr(caught.value)
    assert bare.connections == 0
    await _works(rc, call, bare)


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize(("name", "why"), BAD_NAMES)
async def test_a_bad_header_name_is_refused_before_sending(
    bare: Listener, make_client: ClientFactory, call: Call, name: str, why: str
) -> None:
    rc = await _client(bare, make_client)
    with pytest.raises(ConfigurationError) as caught:
        await call(rc, {name: "v"})
    assert why in str(caught.value)
    assert SECRET not in str(caught.value)  # a pasted header line is not echoed
    assert bare.connections == 0
    await _works(rc, call, bare)


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({"X-Test": 5}, "header 'X-Test': the value must be a str, got int"),
        ({"X-Test": b"bytes"}, "header 'X-Test': the value must be a str, got bytes"),
        ({5: "v"}, "a header name is a int, not a str"),
        ([("X-Test", "v")], "headers must be a mapping of str names to str values"),
    ],
)
async def test_headers_of_the_wrong_type_are_refused_before_sending(
    bare: Listener, make_client: ClientFactory, headers: Any, message: str
) -> None:
    rc = await _client(bare, make_client)
    with pytest.raises(ConfigurationError) as caught:
        await rc.get(EXT, headers=headers)
    assert str(caught.value) == message
    assert bare.connections == 0


async def test_a_download_with_a_bad_range_header_path_is_refused_too(
    bare: Listener, make_client: ClientFactory
) -> None:
    """Resources' downloads build their Range header from the caller's string."""
    rc = await _client(bare, make_client)
    with pytest.raises(ConfigurationError, match="contains CR"):
        await rc.recordings.download(bare.url + "/blob", _Sink(), range="bytes=0-1\r\nX: y")  # type: ignore[arg-type]
    assert bare.connections == 0


class _Sink:
    def write(self, data: bytes) -> int:
        return len(data)
