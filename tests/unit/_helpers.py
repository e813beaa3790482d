"""Helpers for the aioresponses-based unit tests."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

import attrs
import pytest
from aioresponses import aioresponses
from yarl import URL

SERVER = "https://platform.ringcentral.com"
TOKEN_URL = f"{SERVER}/restapi/oauth/token"
REVOKE_URL = f"{SERVER}/restapi/oauth/revoke"
CLIENT_ID = "client-id-123"
CLIENT_SECRET = "client-secret-SECRET-456"
JWT = "eyJhbGciOiJSUzI1NiJ9.JWT-SECRET-PAYLOAD.sig"


def token_body(n: int = 1, *, expires_in: int = 3600, refresh: bool = True) -> dict[str, Any]:
    """A token response whose tokens carry the counter ``n``."""
    body: dict[str, Any] = {
        "access_token": f"ACCESS-SECRET-{n}",
        "token_type": "bearer",
        "expires_in": expires_in,
        "scope": "ReadAccounts ReadCallLog",
        "owner_id": "101",
        "endpoint_id": "ep",
        "session_id": "sess",
    }
    if refresh:
        body["refresh_token"] = f"REFRESH-SECRET-{n}"
        body["refresh_token_expires_in"] = 604800
    return body


def calls(mock: aioresponses, method: str, url: str) -> list[Any]:
    """Recorded calls to ``method url`` (exact URL, query included)."""
    return list(mock.requests.get((method, URL(url)), []))


def all_calls(mock: aioresponses) -> Iterator[tuple[str, URL, Any]]:
    """Every recorded call as (method, url, call)."""
    for (method, url), recorded in mock.requests.items():
        for call in recorded:
            yield method, url, call


def count_calls(mock: aioresponses, pattern: str) -> int:
    """How many recorded calls had a URL matching ``pattern``."""
    rx = re.compile(pattern)
    return sum(1 for _m, url, _c in all_calls(mock) if rx.search(str(url)))


SECRETS = [CLIENT_SECRET, JWT, "ACCESS-SECRET", "REFRESH-SECRET", "pass-SECRET-word"]


# -- one operation on the wire -------------------------------------------------------------

API = re.compile(r"^https://platform\.ringcentral\.com/restapi/v1\.0/(?!oauth/).*")


@attrs.frozen
class WireCase:
    """One typed operation: how to call it, what must go on the wire, what comes back.

    ``name`` is the operation's ``python_name``; ``path`` the exact path sent; ``query`` the
    exact query pairs; ``body`` the JSON body, or for a multipart upload ``{part name:
    (content type, bytes)}``; ``response`` a JSON payload, or bytes for binary content;
    ``check`` tells whether the structured result is right.
    """

    name: str
    invoke: Callable[[Any], Awaitable[Any]]
    method: str
    path: str
    query: list[tuple[str, str]]
    response: Any
    check: Callable[[Any], bool]
    body: Any = None
    status: int = 200
    warns: str | None = None


async def login(mock_api: aioresponses) -> Any:
    """A client logged in through a mocked token endpoint (throttle off)."""
    from ringcentral_async import RingCentral

    rc = RingCentral(CLIENT_ID, CLIENT_SECRET, throttle=False)
    mock_api.post(TOKEN_URL, payload=token_body(1), repeat=True)
    await rc.login(jwt=JWT)
    return rc


async def sent_body(call: Any) -> Any:
    """The body of a recorded call: its JSON, or the parts of a multipart upload."""
    from ringcentral_async.resources._multipart import MultipartBody

    data = call.kwargs.get("data")
    if isinstance(data, MultipartBody):
        raw = await data.render()
        head = f"Content-Type: {data.content_type}\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(head + raw)
        return {
            str(part.get_param("name", header="content-disposition")): (
                part.get("Content-Type"),
                part.get_payload(decode=True),
            )
            for part in message.iter_parts()
        }
    assert data is None, f"unexpected body {data!r}"
    return call.kwargs.get("json")


async def run_wire_case(mock_api: aioresponses, case: WireCase) -> None:
    """Send ``case`` through the client against aioresponses and check all of it."""
    rc = await login(mock_api)
    register = getattr(mock_api, case.method.lower())
    if isinstance(case.response, bytes):
        register(API, status=case.status, body=case.response, content_type="audio/mpeg")
    else:
        register(API, status=case.status, payload=case.response)
    async with rc:
        if case.warns:
            with pytest.warns(DeprecationWarning, match=re.escape(case.warns)):
                result = await case.invoke(rc)
        else:
            result = await case.invoke(rc)
    sent = [(m, u, c) for m, u, c in all_calls(mock_api) if "/oauth/" not in u.path]
    assert len(sent) == 1, sent
    ((method, url, call),) = sent
    assert method == case.method
    assert url.host == "platform.ringcentral.com"
    assert url.path == case.path
    assert sorted(url.query.items()) == sorted(case.query)
    assert await sent_body(call) == case.body
    assert case.check(result), result
