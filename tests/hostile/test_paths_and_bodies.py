"""A hostile or broken server, end to end (the real client against the recording server
of ``_recording_server`` on 127.0.0.1): paths and bodies.

- ids and path parameters ``""``, ``.`` and ``..`` raise ConfigurationError and nothing is
  sent (URL normalisation would send ``/extension/..`` to ``/account/~/``); raw paths with
  dot segments (also percent-encoded) are refused; an id holding ``/`` stays one segment;
- a typed call whose 2xx body is empty, ``null`` or a 204 raises DecodeError; void
  operations keep returning None.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from ringcentral_async import ConfigurationError, DecodeError, RingCentral
from ringcentral_async._spec.registry import OPERATIONS
from ringcentral_async.resources._base import Resource

from ._recording_server import ACCOUNT, EXT, JWT, Server, answer, serve


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    async with serve() as state:
        yield state


@pytest.fixture
async def rc(server: Server) -> AsyncIterator[RingCentral]:
    async with RingCentral("cid", "csecret", server_url=server.url, throttle=False) as client:
        await client.login(jwt=JWT)
        yield client


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
    server.routes[f"{EXT}/{ext_id}"] = answer(200, b'{"id": 7}')
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
    server.routes[EXT + "/101"] = answer(status, body)
    with pytest.raises(DecodeError) as caught:
        await rc.extensions.get(extension_id=101)
    assert caught.value.status == status
    assert "Extension" in str(caught.value)


async def test_typed_write_with_a_null_body_raises_decode_error(
    server: Server, rc: RingCentral
) -> None:
    server.routes[EXT + "/~/caller-id"] = answer(200, b"null")
    with pytest.raises(DecodeError) as caught:
        await rc.caller_id.update({"byFeature": []})
    assert caught.value.status == 200


@pytest.mark.parametrize(("status", "body"), [(204, b""), (200, b""), (200, b"null")])
async def test_void_operations_still_return_none(
    server: Server, rc: RingCentral, status: int, body: bytes
) -> None:
    server.routes[EXT + "/~/answering-rule/r1"] = answer(status, body)
    server.routes[EXT + "/~/forwarding-number/f1"] = answer(status, body)
    deletes: list[Any] = [rc.answering_rules.delete("r1"), rc.forwarding_numbers.delete("f1")]
    assert [await d for d in deletes] == [None, None]


@pytest.mark.parametrize("body", [b"", b"null"])
async def test_a_bulk_item_with_an_empty_or_null_body_is_not_ok(
    server: Server, rc: RingCentral, body: bytes
) -> None:
    server.routes[ACCOUNT + "/phone-number/5"] = answer(200, body)
    (item,) = await rc.phone_numbers.get_company_many(["5"])
    assert item.status == 200 and item.value is None
    assert not item.ok
    with pytest.raises(DecodeError):
        item.unwrap()


async def test_raw_calls_still_return_none_for_an_empty_body(
    server: Server, rc: RingCentral
) -> None:
    server.routes[EXT + "/101"] = answer(200, b"")
    assert await rc.get(EXT + "/101") is None


async def test_decode_error_does_not_echo_the_body(server: Server, rc: RingCentral) -> None:
    secret = b'"secret-looking-value-' + b"x" * 200 + b'"'
    server.routes[EXT + "/101"] = answer(200, secret)
    with pytest.raises(DecodeError) as caught:
        await rc.extensions.get(extension_id=101)
    assert "secret-looking" not in str(caught.value)
