"""The exception tree and its one table-driven builder; retry and no-retry decisions."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any
from unittest import mock

import aiohttp
import pytest
from _helpers import CLIENT_ID, CLIENT_SECRET, JWT, SERVER, TOKEN_URL, calls, token_body
from aioresponses import aioresponses

import ringcentral_async
from ringcentral_async import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    DecodeError,
    NotFoundError,
    OAuthError,
    PermissionDeniedError,
    RateLimitError,
    RequestTimeoutError,
    RingCentral,
    RingCentralError,
    ServerError,
    TransportError,
)
from ringcentral_async._protocol import build_api_error
from ringcentral_async._retry import RetryPolicy

PATH = "/restapi/v1.0/account/~/extension/~"
URL = SERVER + PATH

# -- the tree of public-api.md -----------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "parent"),
    [
        (ConfigurationError, RingCentralError),
        (TransportError, RingCentralError),
        (RequestTimeoutError, TransportError),
        (DecodeError, RingCentralError),
        (ApiError, RingCentralError),
        (BadRequestError, ApiError),
        (AuthenticationError, ApiError),
        (PermissionDeniedError, ApiError),
        (NotFoundError, ApiError),
        (RateLimitError, ApiError),
        (ServerError, ApiError),
        (OAuthError, ApiError),
        (RingCentralError, Exception),
    ],
)
def test_exception_tree(cls: type[Exception], parent: type[Exception]) -> None:
    assert cls.__bases__[0] is parent
    assert getattr(ringcentral_async, cls.__name__) is cls


# -- status -> class ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "path", "cls"),
    [
        (400, PATH, BadRequestError),
        (401, PATH, AuthenticationError),
        (403, PATH, PermissionDeniedError),
        (404, PATH, NotFoundError),
        (405, PATH, ApiError),
        (409, PATH, ApiError),
        (415, PATH, ApiError),
        (416, PATH, ApiError),
        (422, PATH, ApiError),
        (429, PATH, RateLimitError),
        (500, PATH, ServerError),
        (501, PATH, ServerError),
        (502, PATH, ServerError),
        (503, PATH, ServerError),
        (504, PATH, ServerError),
        (400, "/restapi/oauth/token", OAuthError),
        (401, "/restapi/oauth/token", OAuthError),
        (400, "/restapi/oauth/revoke", OAuthError),
        (429, "/restapi/oauth/token", RateLimitError),
        (503, "/restapi/oauth/token", ServerError),
    ],
)
@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html><body>Bad gateway</body></html>",
        b'{"errors": [{"errorCode": "CMN-1',  # truncated
        b"\xff\xfe\x00garbage",  # not UTF-8
        b"[1, 2, 3]",
        b'"just a string"',
        b"null",
        b'{"errors": "not a list"}',
        b'{"errors": [1, "x", null]}',
        b'{"errors": []}',
    ],
    ids=[
        "empty",
        "html",
        "truncated",
        "binary",
        "array",
        "string",
        "null",
        "errors-not-list",
        "entries-not-objects",
        "no-entries",
    ],
)
def test_any_body_gives_the_status_class(
    status: int, path: str, cls: type[ApiError], body: bytes
) -> None:
    err = build_api_error(status, body, {"rcrequestid": "rid-1"}, method="GET", path=path)
    assert type(err) is cls
    assert err.status == status
    assert err.request_id == "rid-1"  # header names match in any case
    assert str(status) in str(err)
    assert err.errors == []


def test_oauth_error_body_on_any_path_is_oauth_error() -> None:
    body = json.dumps({"error": "invalid_client", "error_description": "Client auth"}).encode()
    err = build_api_error(401, body, {}, path="/restapi/oauth/authorize")
    assert isinstance(err, OAuthError)
    assert (err.error, err.error_description, err.message) == (
        "invalid_client",
        "Client auth",
        "Client auth",
    )


# -- code, message, parameter_name: precedence -----------------------------------------


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        (
            {
                "errorCode": "InsufficientPermissions",
                "message": "top",
                "error": "access_denied",
                "error_description": "desc",
                "errors": [{"errorCode": "CMN-401", "message": "entry"}],
            },
            "CMN-401",
            "entry",
        ),
        (
            {"errorCode": "CMN-102", "message": "top", "error": "x", "errors": [{}]},
            "CMN-102",
            "top",
        ),
        ({"error": "invalid_grant", "error_description": "desc"}, "invalid_grant", "desc"),
        (
            {"error": "invalid_grant", "message": "msg", "error_description": "d"},
            "invalid_grant",
            "msg",
        ),
        ({"description": "only a description"}, None, "only a description"),
        ({"errors": [{"errorCode": 123, "message": 456}]}, "123", "456"),
        ({}, None, None),
    ],
)
def test_code_and_message_precedence(
    body: dict[str, Any], code: str | None, message: str | None
) -> None:
    err = build_api_error(400, json.dumps(body).encode(), {}, path=PATH)
    assert err.error_code == code
    assert err.message == message


def test_entries_carry_parameter_and_permission_names() -> None:
    body = {
        "errors": [
            {"errorCode": "CMN-101", "message": "m", "parameterName": "perPage", "x": 1},
            {"errorCode": "CMN-101", "message": "m2", "parameterName": "view"},
        ]
    }
    err = build_api_error(400, json.dumps(body).encode(), {})
    assert isinstance(err, BadRequestError)
    assert [e.parameter_name for e in err.errors] == ["perPage", "view"]
    assert err.errors[0].extra == {"x": 1}
    assert "parameter_name='perPage'" in repr(err.errors[0])


def test_rate_limit_error_reads_group_and_retry_after_as_http_date() -> None:
    date = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    headers = {
        "X-Rate-Limit-Group": "Heavy",
        "Date": format_datetime(date, usegmt=True),
        "Retry-After": format_datetime(date + timedelta(seconds=42), usegmt=True),
    }
    err = build_api_error(429, b"", headers)
    assert isinstance(err, RateLimitError)
    assert err.group == "Heavy"
    assert err.retry_after == 42.0  # against the response's own Date: no clock skew


# -- retry / no retry through the client -----------------------------------------------


class Sleeps:
    def __init__(self, log: list[str] | None = None) -> None:
        self.delays: list[float] = []
        self.log = log

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)
        if self.log is not None:
            self.log.append("sleep")


async def _client(
    mock_api: aioresponses, sleeps: Sleeps | None = None, **kwargs: Any
) -> tuple[RingCentral, Sleeps]:
    sleeps = sleeps or Sleeps()
    rc = RingCentral(CLIENT_ID, CLIENT_SECRET, throttle=False, sleep=sleeps, **kwargs)
    mock_api.post(TOKEN_URL, payload=token_body(1))
    await rc.login(jwt=JWT)
    return rc, sleeps


def _connector_error() -> aiohttp.ClientConnectorError:
    key = mock.Mock(host="platform.ringcentral.com", port=443, ssl=True)
    return aiohttp.ClientConnectorError(key, OSError(111, "refused"))


TRANSIENT: dict[str, dict[str, Any]] = {
    "502": {"status": 502},
    "503": {"status": 503},
    "504": {"status": 504},
    "timeout": {"exception": TimeoutError()},
    "reset": {"exception": aiohttp.ServerDisconnectedError()},
    "refused": {"exception": _connector_error()},
    "payload": {"exception": aiohttp.ClientPayloadError("cut")},
}


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
@pytest.mark.parametrize("failure", list(TRANSIENT), ids=str)
async def test_idempotent_methods_are_retried(
    mock_api: aioresponses, method: str, failure: str
) -> None:
    rc, sleeps = await _client(mock_api)
    mock_api.add(URL, method, **TRANSIENT[failure])
    mock_api.add(URL, method, **TRANSIENT[failure])
    mock_api.add(URL, method, payload={"ok": 1})
    async with rc:
        assert await rc.request(method, PATH) == {"ok": 1}
    assert len(calls(mock_api, method, URL)) == 3
    assert len(sleeps.delays) == 2


@pytest.mark.parametrize("method", ["POST", "PATCH"])
@pytest.mark.parametrize("failure", list(TRANSIENT), ids=str)
async def test_non_idempotent_methods_are_never_resent(
    mock_api: aioresponses, method: str, failure: str
) -> None:
    rc, sleeps = await _client(mock_api)
    mock_api.add(URL, method, repeat=True, **TRANSIENT[failure])
    async with rc:
        with pytest.raises((ServerError, TransportError)):
            await rc.request(method, PATH, json={"a": 1})
    assert len(calls(mock_api, method, URL)) == 1
    assert sleeps.delays == []


@pytest.mark.parametrize("status", [400, 403, 404, 409, 500, 501])
async def test_final_statuses_are_not_retried_for_get(mock_api: aioresponses, status: int) -> None:
    rc, sleeps = await _client(mock_api)
    mock_api.get(URL, status=status, repeat=True)
    async with rc:
        with pytest.raises(ApiError):
            await rc.get(PATH)
    assert len(calls(mock_api, "GET", URL)) == 1
    assert sleeps.delays == []


async def test_retry_after_http_date_on_503(mock_api: aioresponses) -> None:
    date = datetime(2026, 1, 1, tzinfo=UTC)
    rc, sleeps = await _client(mock_api)
    mock_api.get(
        URL,
        status=503,
        headers={
            "Date": format_datetime(date, usegmt=True),
            "Retry-After": format_datetime(date + timedelta(seconds=5), usegmt=True),
        },
    )
    mock_api.get(URL, payload={})
    async with rc:
        await rc.get(PATH)
    assert sleeps.delays == [5.0]


async def test_retry_after_beyond_max_pause_raises_at_once(mock_api: aioresponses) -> None:
    """A 503 asking for a day is neither slept nor retried early: the call raises at once
    (the pause cap, 300 s by default; see tests/hostile/test_bounded_waits.py)."""
    rc, sleeps = await _client(mock_api)
    mock_api.get(URL, status=503, headers={"Retry-After": "86400"})
    mock_api.get(URL, payload={})
    async with rc:
        with pytest.raises(ServerError):
            await rc.get(PATH)
    assert sleeps.delays == []
    assert len(calls(mock_api, "GET", URL)) == 1


@pytest.mark.parametrize(
    ("client", "call", "attempts"), [(0, None, 1), (1, None, 2), (0, 2, 3), (5, 0, 1)]
)
async def test_max_retries_per_client_and_per_call(
    mock_api: aioresponses, client: int, call: int | None, attempts: int
) -> None:
    rc, _ = await _client(mock_api, max_retries=client)
    mock_api.get(URL, status=503, repeat=True)
    async with rc:
        with pytest.raises(ServerError):
            await rc.get(PATH, max_retries=call)
    assert len(calls(mock_api, "GET", URL)) == attempts


def test_backoff_is_exponential_with_full_jitter() -> None:
    policy = RetryPolicy(max_retries=10, base_delay=0.5, max_delay=8.0)
    caps = [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    samples = [[d for d, _ in zip(policy.delays(), caps, strict=False)] for _ in range(300)]
    for i, cap in enumerate(caps):
        column = [s[i] for s in samples]
        assert all(0 <= d <= cap for d in column)
        assert max(column) > cap * 0.8  # spread over the whole range, not a fixed value
        assert min(column) < cap * 0.2


async def test_the_retry_sleep_happens_outside_the_throttle_slot(mock_api: aioresponses) -> None:
    """A request waiting to retry does not keep a place in its group."""
    entered: list[str] = []
    rc, _ = await _client(mock_api, Sleeps(entered))

    class Slot:
        def observe(self, status: int, headers: Any) -> None:
            return None

        async def __aenter__(self) -> Slot:
            entered.append("in")
            return self

        async def __aexit__(self, *exc: object) -> None:
            entered.append("out")

    class Throttle:
        max_pause = 300.0
        pauses_groups = False

        def pause_remaining(self, group: str) -> float:
            return 0.0

        def slot(self, group: str | None, *, operation: Any = None) -> Slot:
            return Slot()

    rc._pipeline.throttle = Throttle()
    mock_api.get(URL, status=503)
    mock_api.get(URL, payload={})
    async with rc:
        await rc.get(PATH)
    assert entered == ["in", "out", "sleep", "in", "out"]
