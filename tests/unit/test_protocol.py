"""Table-driven tests of the pure wire rules: query encoding and error classification."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from ringcentral_async import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    DecodeError,
    NotFoundError,
    OAuthError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from ringcentral_async._protocol import build_api_error, decode_json, encode_params


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (None, []),
        ({"a": None}, []),
        ({"status": ["Enabled", "Disabled"]}, [("status", "Enabled"), ("status", "Disabled")]),
        ({"flag": True, "other": False}, [("flag", "true"), ("other", "false")]),
        ({"perPage": 100}, [("perPage", "100")]),
        (
            {"dateFrom": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)},
            [("dateFrom", "2026-01-02T03:04:05.000Z")],
        ),
        (
            {"dateFrom": datetime(2026, 1, 2, 5, 4, 5, tzinfo=timezone(timedelta(hours=2)))},
            [("dateFrom", "2026-01-02T03:04:05.000Z")],
        ),
        ({"type": ("Voice",)}, [("type", "Voice")]),
    ],
)
def test_encode_params(params: dict[str, Any] | None, expected: list[tuple[str, str]]) -> None:
    assert encode_params(params) == expected


def test_encode_params_rejects_naive_datetime() -> None:
    with pytest.raises(ValueError, match="naive"):
        encode_params({"dateFrom": datetime(2026, 1, 1)})


def _body(obj: Any) -> bytes:
    return json.dumps(obj).encode()


STANDARD = {
    "errors": [
        {
            "errorCode": "CMN-102",
            "message": "Resource for parameter [id] is not found",
            "parameterName": "id",
        }
    ]
}


@pytest.mark.parametrize(
    ("status", "body", "path", "cls", "code", "message"),
    [
        (
            400,
            _body(
                {
                    "errors": [
                        {
                            "errorCode": "CMN-101",
                            "message": "Parameter [view] value is invalid",
                            "parameterName": "view",
                        }
                    ]
                }
            ),
            "/x",
            BadRequestError,
            "CMN-101",
            "Parameter [view] value is invalid",
        ),
        (
            401,
            _body(
                {
                    "errorCode": "OAU-128",
                    "message": "Access token expired",
                    "errors": [{"errorCode": "OAU-128", "message": "Access token expired"}],
                }
            ),
            "/x",
            AuthenticationError,
            "OAU-128",
            "Access token expired",
        ),
        (
            403,
            _body(
                {
                    "errorCode": "InsufficientPermissions",
                    "message": "Need ReadCallLog",
                    "permissionName": "ReadCallLog",
                    "errors": [
                        {
                            "errorCode": "CMN-401",
                            "message": "In order to call this API "
                            "endpoint, application needs to have [ReadCallLog] permission",
                            "permissionName": "ReadCallLog",
                        }
                    ],
                }
            ),
            "/x",
            PermissionDeniedError,
            "CMN-401",
            None,
        ),
        (404, _body(STANDARD), "/x", NotFoundError, "CMN-102", None),
        (
            404,
            _body({"errorCode": "CMN-102", "message": "top only"}),
            "/x",
            NotFoundError,
            "CMN-102",
            "top only",
        ),
        (
            429,
            _body({"errors": [{"errorCode": "CMN-301", "message": "Request rate exceeded"}]}),
            "/x",
            RateLimitError,
            "CMN-301",
            "Request rate exceeded",
        ),
        (500, b"<html>oops</html>", "/x", ServerError, None, None),
        (503, b"", "/x", ServerError, None, None),
        (
            409,
            _body({"errors": [{"errorCode": "AWR-1", "message": "conflict"}]}),
            "/x",
            ApiError,
            "AWR-1",
            "conflict",
        ),
        (
            400,
            _body(
                {
                    "error": "invalid_grant",
                    "error_description": "Token is expired",
                    "errors": [{"errorCode": "OAU-213", "message": "Token not found"}],
                }
            ),
            "/restapi/oauth/token",
            OAuthError,
            "OAU-213",
            "Token not found",
        ),
        (
            401,
            _body(
                {
                    "error": "invalid_client",
                    "error_description": "Client authentication is required",
                }
            ),
            "/restapi/oauth/token",
            OAuthError,
            "invalid_client",
            "Client authentication is required",
        ),
        (400, b'{"errors": [{"errorCode": "CMN-1', "/x", BadRequestError, None, None),
    ],
)
def test_build_api_error(
    status: int,
    body: bytes,
    path: str,
    cls: type[ApiError],
    code: str | None,
    message: str | None,
) -> None:
    err = build_api_error(status, body, {"RCRequestId": "req-1"}, method="GET", path=path)
    assert type(err) is cls
    assert err.status == status
    assert err.error_code == code
    if message is not None:
        assert err.message == message
    assert err.request_id == "req-1"
    assert str(status) in str(err)


def test_error_entries_and_permission_name() -> None:
    body = _body(
        {"errors": [{"errorCode": "CMN-401", "message": "m", "permissionName": "ReadCallLog"}]}
    )
    err = build_api_error(403, body, {})
    assert isinstance(err, PermissionDeniedError)
    assert err.permission_name == "ReadCallLog"
    bad = build_api_error(
        400,
        _body({"errors": [{"errorCode": "CMN-101", "message": "m", "parameterName": "perPage"}]}),
        {},
    )
    assert bad.errors[0].parameter_name == "perPage"


@pytest.mark.parametrize(
    ("headers", "group", "retry_after"),
    [
        ({"Retry-After": "7", "X-Rate-Limit-Group": "Heavy"}, "Heavy", 7.0),
        ({}, None, None),
    ],
)
def test_rate_limit_error_fields(
    headers: dict[str, str], group: str | None, retry_after: float | None
) -> None:
    err = build_api_error(429, b"", headers)
    assert isinstance(err, RateLimitError)
    assert err.group == group
    assert err.retry_after == retry_after


@pytest.mark.parametrize("body", [b"not json", b'{"truncated": ', b"\xff\xfe"])
def test_decode_json_raises_decode_error(body: bytes) -> None:
    with pytest.raises(DecodeError, match="HTTP 200"):
        decode_json(body, status=200)


def test_decode_json_empty_is_none() -> None:
    assert decode_json(b"", status=200) is None
