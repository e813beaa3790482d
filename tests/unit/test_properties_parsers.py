"""Property tests of the pure parsers that read what a server sends (hypothesis).

For any input each parser returns a value within its documented bounds or raises its
documented typed error, never anything else (KeyError, TypeError, ValueError, IndexError,
RecursionError, UnicodeError ...). Paging has its own file (``test_properties_paging.py``).

- error bodies: ``build_api_error`` always builds an ``ApiError`` of the status given;
  ``decode_json`` returns a value or raises ``DecodeError``;
- token responses: ``Token.from_response`` gives a token whose lifetimes lie in
  ``[MIN_TOKEN_LIFETIME, MAX_TOKEN_LIFETIME]`` or raises ``DecodeError``;
- bulk answers: ``parse_bulk_response`` gives one ``BulkItem`` per id asked for, or raises
  ``DecodeError``; ``_split_multipart`` gives (headers, bytes) pairs or raises ``DecodeError``;
- typed bodies: ``structure`` gives the model or raises ``DecodeError``.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from _parser_strategies import FAST, FEWER, json_values, number_like, uris
from hypothesis import example, given
from hypothesis import strategies as st
from multidict import CIMultiDict, CIMultiDictProxy

from ringcentral_async._auth.token import MAX_TOKEN_LIFETIME, MIN_TOKEN_LIFETIME, Token
from ringcentral_async._errors import ApiError, DecodeError
from ringcentral_async._protocol import build_api_error, decode_json
from ringcentral_async._serde import structure
from ringcentral_async._transport import Response
from ringcentral_async.models import CallLogRecord, CompanyPhoneNumber, Extension
from ringcentral_async.resources._bulk import BulkItem, _split_multipart, parse_bulk_response

NOW = datetime(2026, 1, 1, tzinfo=UTC)


# -- error bodies ------------------------------------------------------------------------


@FAST
@given(
    status=st.integers(min_value=-1, max_value=1000),
    body=st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()),
    headers=st.dictionaries(
        st.sampled_from(["Retry-After", "X-Rate-Limit-Group", "RCRequestId", "Date", "X-Other"]),
        st.text(max_size=30),
        max_size=4,
    ),
    path=st.none() | st.sampled_from(["/restapi/oauth/token", "/restapi/v1.0/x"]),
)
@example(status=400, body=b"[" * 100_000, headers={}, path=None)
@example(status=400, body=b'{"errors": "x", "error": 5, "message": []}', headers={}, path=None)
@example(status=429, body=b"{}", headers={"Retry-After": "9" * 5000}, path=None)
@example(status=401, body=b"\xff\xfe", headers={}, path="/restapi/oauth/token")
def test_build_api_error_always_builds_an_api_error(
    status: int, body: bytes, headers: dict[str, str], path: str | None
) -> None:
    error = build_api_error(status, body, headers, method="GET", path=path)
    assert isinstance(error, ApiError)
    assert error.status == status
    assert isinstance(str(error), str) and isinstance(repr(error), str)
    assert error.error_code is None or isinstance(error.error_code, str)
    assert error.message is None or isinstance(error.message, str)


@FAST
@given(body=st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()))
@example(body=b"[" * 100_000)
@example(body=b'{"a": ' * 50_000)
@example(body=b"\xef\xbb\xbf{}")
def test_decode_json_returns_a_value_or_raises_decode_error(body: bytes) -> None:
    try:
        decode_json(body, status=200)
    except DecodeError as exc:
        assert exc.status == 200
        assert body[:20].decode("latin-1") not in str(exc) or len(body) < 3


# -- token responses ---------------------------------------------------------------------


@FAST
@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            "access_token": st.text(max_size=8) | json_values,
            "expires_in": number_like,
            "refresh_token_expires_in": number_like,
            "refresh_token": st.text(max_size=8) | json_values,
            "token_type": json_values,
            "scope": json_values,
            "owner_id": json_values,
            "endpoint_id": json_values,
            "session_id": json_values,
        },
    )
    | json_values
)
@example(data={"access_token": "a", "expires_in": 3600, "refresh_token_expires_in": 1e308})
@example(data={"access_token": "a", "expires_in": "9" * 5000})
@example(data={"access_token": "a", "expires_in": 10**400})
@example(data={"access_token": "a", "expires_in": float("nan")})
def test_token_from_response_is_a_sane_token_or_decode_error(data: Any) -> None:
    try:
        token = Token.from_response(data, now=NOW)
    except DecodeError as exc:
        if isinstance(data, dict) and isinstance(data.get("access_token"), str):
            assert data["access_token"] not in str(exc) or len(data["access_token"]) < 4
        return
    assert isinstance(token.access_token, str) and token.access_token
    life = (token.expires_at - NOW).total_seconds()
    assert MIN_TOKEN_LIFETIME <= life <= MAX_TOKEN_LIFETIME
    if token.refresh_token_expires_at is not None:
        refresh_life = (token.refresh_token_expires_at - NOW).total_seconds()
        assert MIN_TOKEN_LIFETIME <= refresh_life <= MAX_TOKEN_LIFETIME
    assert token.refresh_token is None or isinstance(token.refresh_token, str)
    assert "<redacted>" in repr(token)


@pytest.mark.parametrize("good", [1, 1.5, 3600, "3600", 7199.5, MAX_TOKEN_LIFETIME])
def test_token_lifetimes_in_range_are_kept(good: Any) -> None:
    token = Token.from_response(
        {"access_token": "a", "expires_in": good, "refresh_token_expires_in": good}, now=NOW
    )
    assert token.expires_at == NOW + timedelta(seconds=float(good))
    assert token.refresh_token_expires_at == token.expires_at


@pytest.mark.parametrize(
    "bad", [0, 0.5, 5e-324, -1, math.nan, math.inf, True, "x", MAX_TOKEN_LIFETIME + 1, [], {}]
)
def test_token_lifetimes_out_of_range_raise(bad: Any) -> None:
    for name in ("expires_in", "refresh_token_expires_in"):
        data = {"access_token": "a", "expires_in": 3600, name: bad}
        with pytest.raises(DecodeError, match=name):
            Token.from_response(data, now=NOW)


# -- bulk answers ------------------------------------------------------------------------

boundaries = st.sampled_from(["b", "bnd-1", "=_x", "", "é", "雪", "a" * 80]) | st.text(max_size=12)


def _multipart(boundary: str, parts: list[bytes], summary: bytes) -> bytes:
    out = b"preamble\r\n"
    for chunk in [summary, *parts]:
        out += b"--" + boundary.encode("utf-8") + b"\r\nContent-Type: application/json\r\n\r\n"
        out += chunk + b"\r\n"
    return out + b"--" + boundary.encode("utf-8") + b"--\r\n"


@FAST
@given(body=st.binary(max_size=300), boundary=boundaries)
@example(body=b"--b\r\n\r\n--b--", boundary="b")
@example(body=b"--\xc3\xa9\n", boundary="é")
def test_split_multipart_gives_parts_or_decode_error(body: bytes, boundary: str) -> None:
    try:
        parts = _split_multipart(body, boundary)
    except DecodeError:
        return
    for headers, content in parts:
        assert isinstance(headers, dict) and isinstance(content, bytes)


def _response(status: int, content_type: str, body: bytes) -> Response:
    headers = CIMultiDictProxy(CIMultiDict({"Content-Type": content_type}))
    return Response(status=status, headers=headers, body=body, url="http://127.0.0.1/x")


bulk_entries = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "resourceId": json_values,
            "status": number_like,
            "body": json_values,
            "href": st.none() | uris,
            "responseDescription": json_values,
        },
    )
    | json_values,
    max_size=4,
)


@FAST
@given(
    status=st.sampled_from([200, 207, 204, 400]) | st.integers(min_value=0, max_value=999),
    form=st.sampled_from(["json", "mixed", "raw"]),
    entries=bulk_entries,
    parts=st.lists(
        st.binary(max_size=40) | json_values.map(lambda v: json.dumps(v).encode()), max_size=4
    ),
    boundary=boundaries,
    content_type=st.sampled_from(
        [
            "application/vnd.ringcentral.multipart+json",
            "application/json",
            "multipart/mixed; boundary={b}",
            'multipart/mixed; boundary="{b}"',
            "multipart/mixed",
            "text/plain",
            "",
            "multipart/mixed; boundary={b}\r\nX: y",
        ]
    ),
    ids=st.lists(st.sampled_from(["1", "2", "3", "4", "x"]), min_size=1, max_size=4, unique=True),
)
@example(
    status=207,
    form="mixed",
    entries=[{"href": "http://[::1/x", "status": 200}],
    parts=[b"{}"],
    boundary="b",
    content_type="multipart/mixed; boundary={b}",
    ids=["1"],
)
@example(
    status=207,
    form="json",
    entries=[{"resourceId": "1", "status": 200, "body": [[[[]]]]}],
    parts=[],
    boundary="b",
    content_type="application/vnd.ringcentral.multipart+json",
    ids=["1"],
)
def test_parse_bulk_response_gives_one_item_per_id_or_decode_error(
    status: int,
    form: str,
    entries: list[Any],
    parts: list[bytes],
    boundary: str,
    content_type: str,
    ids: list[str],
) -> None:
    ctype = content_type.replace("{b}", boundary)
    if form == "json":
        body = json.dumps(entries).encode()
    elif form == "mixed":
        body = _multipart(boundary, parts, json.dumps({"response": entries}).encode())
    else:
        body = parts[0] if parts else b""
    try:
        items = parse_bulk_response(_response(status, ctype, body), ids, CompanyPhoneNumber)
    except DecodeError:
        return
    assert [item.id for item in items] == ids
    for item in items:
        assert isinstance(item, BulkItem)
        assert (item.error is None) or isinstance(item.error, ApiError)
        assert (
            item.error is not None
            or item.value is None
            or isinstance(item.value, CompanyPhoneNumber)
        )
        if item.ok:
            assert item.unwrap() is item.value
        else:
            with pytest.raises((ApiError, DecodeError)):
                item.unwrap()


def test_a_deeply_nested_bulk_body_is_a_decode_error() -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(DecodeError):
        parse_bulk_response(
            _response(207, "application/vnd.ringcentral.multipart+json", deep),
            ["1", "2"],
            CompanyPhoneNumber,
        )


# -- typed bodies ------------------------------------------------------------------------


@FEWER
@given(
    data=json_values
    | st.fixed_dictionaries(
        {},
        optional={
            "id": json_values,
            "uri": json_values,
            "startTime": json_values,
            "status": json_values,
            "contact": json_values,
            "extensionNumber": json_values,
            "records": json_values,
        },
    )
)
@example(data={"startTime": "2026-13-45T99:99:99Z"})
@example(data={"startTime": "9" * 5000})
def test_structure_gives_a_model_or_decode_error(data: Any) -> None:
    for model in (Extension, CallLogRecord, CompanyPhoneNumber):
        try:
            value = structure(data, model)
        except DecodeError:
            continue
        assert isinstance(value, model)
