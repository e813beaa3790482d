"""Bulk GET: splitting to the endpoint's cap, both 207 forms, per-id results in input order."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from _helpers import SERVER, all_calls, login
from aioresponses import CallbackResult, aioresponses
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from ringcentral_async import (
    OPERATIONS,
    ConfigurationError,
    DecodeError,
    NotFoundError,
    PermissionDeniedError,
)
from ringcentral_async._spec.registry import Operation
from ringcentral_async._transport import Response
from ringcentral_async.models import BlockedAllowedNumber, CallLogRecord
from ringcentral_async.resources._bulk import MULTIPART_JSON, bulk_get, parse_bulk_response

EXT = SERVER + "/restapi/v1.0/account/~/extension/~"
LOG = EXT + "/call-log/"


def _error(code: str) -> dict[str, Any]:
    return {"errorCode": code, "message": "m", "errors": [{"errorCode": code, "message": "m"}]}


def _mixed(
    parts: list[tuple[str | None, int, Any]], boundary: str = "B", *, newline: str = "\r\n"
) -> bytes:
    """A 207 multipart/mixed body: the status part, then one JSON part per entry."""
    summary = {
        "response": [
            {"status": status, "responseDescription": "d"}
            | ({"href": f"{LOG}{rid}"} if rid is not None else {})
            for rid, status, _ in parts
        ]
    }
    chunks = [json.dumps(summary)] + [json.dumps(body) for _, _, body in parts]
    nl = newline
    text = "preamble to ignore" + nl
    text += "".join(
        f"--{boundary}{nl}Content-Type: application/json{nl}{nl}{c}{nl}" for c in chunks
    )
    return (text + f"--{boundary}--{nl}epilogue").encode()


def _response(body: bytes, content_type: str, status: int = 207) -> Response:
    headers = CIMultiDictProxy(CIMultiDict({"Content-Type": content_type}))
    return Response(status=status, headers=headers, body=body, url=LOG + "a,b")


def _record(rid: str) -> dict[str, Any]:
    return {"id": rid, "type": "Voice", "startTime": "2026-01-01T00:00:00Z"}


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_multipart_mixed_pairs_parts_by_href_and_keeps_the_order_asked(newline: str) -> None:
    # The boundary text also appears inside a JSON value: only line-start delimiters count.
    body = _mixed(
        [("b", 200, _record("b") | {"reason": "--Q7 in a value"}), ("a", 404, _error("CMN-102"))],
        "Q7",
        newline=newline,
    )
    items = parse_bulk_response(
        _response(body, 'multipart/mixed; boundary="Q7"'), ["a", "b"], CallLogRecord
    )
    assert [i.id for i in items] == ["a", "b"]
    assert isinstance(items[0].error, NotFoundError) and items[0].error.error_code == "CMN-102"
    assert items[0].value is None and items[0].status == 404
    record = items[1].unwrap()
    assert isinstance(record, CallLogRecord) and record.reason == "--Q7 in a value"


def test_multipart_mixed_without_hrefs_pairs_by_position() -> None:
    body = _mixed([(None, 200, _record("x")), (None, 403, _error("CMN-401"))])
    items = parse_bulk_response(
        _response(body, "multipart/mixed; boundary=B"), ["x", "y"], CallLogRecord
    )
    assert items[0].unwrap().id == "x"
    assert isinstance(items[1].error, PermissionDeniedError)


def test_multipart_json_form() -> None:
    array = [
        {"resourceId": "2", "status": 404, "body": _error("CMN-102")},
        {"resourceId": "1", "status": 200, "body": {"id": "1", "phoneNumber": "+1650"}},
    ]
    resp = _response(json.dumps(array).encode(), MULTIPART_JSON)
    items = parse_bulk_response(resp, ["1", "2"], BlockedAllowedNumber)
    assert [i.id for i in items] == ["1", "2"]
    assert items[0].unwrap().phone_number == "+1650"
    assert isinstance(items[1].error, NotFoundError)


@pytest.mark.parametrize(
    ("body", "content_type", "fragment"),
    [
        (_mixed([("a", 200, _record("a"))]), "multipart/mixed; boundary=B", "1 parts for 2"),
        (b"--B\r\n\r\n{}\r\n--B--", "multipart/mixed; boundary=B", "response list"),
        (b"{}", "multipart/mixed", "boundary"),
        (b"[]", "text/plain", "content type"),
        (json.dumps([{"resourceId": "a"}]).encode(), MULTIPART_JSON, "1 parts for 2"),
    ],
)
def test_a_bad_207_is_a_decode_error(body: bytes, content_type: str, fragment: str) -> None:
    with pytest.raises(DecodeError, match=fragment):
        parse_bulk_response(_response(body, content_type), ["a", "b"], CallLogRecord)


async def test_chunks_follow_the_operations_cap(mock_api: aioresponses) -> None:
    """An endpoint documenting 30 ids per request (presence-style) gets chunks of 30."""
    base = OPERATIONS["readUserCallRecord"]
    thirty = Operation(
        operation_id="x",
        method="GET",
        path=base.path,
        group="Heavy",
        python_name="x.y",
        bulk_cap=30,
    )
    rc = await login(mock_api)
    chunks: list[list[str]] = []

    async def answer(url: URL, **_: Any) -> CallbackResult:
        ids = url.path.rsplit("/", 1)[1].split(",")
        chunks.append(ids)
        if len(ids) == 1:
            return CallbackResult(payload=_record(ids[0]))
        body = _mixed([(i, 200, _record(i)) for i in ids])
        return CallbackResult(
            status=207, body=body, headers={"Content-Type": "multipart/mixed; boundary=B"}
        )

    mock_api.get(re.compile(re.escape(LOG) + ".*"), callback=answer, repeat=True)
    ids = [f"r{i}" for i in range(61)]
    async with rc:
        items = await bulk_get(
            rc._pipeline,
            thirty,
            {"accountId": "~", "extensionId": "~"},
            "callRecordId",
            [*ids, "r5"],
            CallLogRecord,
        )
    assert sorted(len(c) for c in chunks) == [1, 30, 30]
    assert sorted(i for c in chunks for i in c) == sorted(ids)  # each id sent exactly once
    assert [i.id for i in items] == [*ids, "r5"] and items[-1] is items[5]
    assert all(item.unwrap().id == item.id for item in items)


async def test_call_log_cap_is_50_and_a_plain_error_for_one_id_is_per_id(
    mock_api: aioresponses,
) -> None:
    rc = await login(mock_api)
    ids = [f"c{i}" for i in range(51)]
    mock_api.get(
        LOG + ",".join(ids[:50]),
        status=207,
        body=_mixed([(i, 200, _record(i)) for i in ids[:50]]),
        headers={"Content-Type": "multipart/mixed; boundary=B"},
    )
    mock_api.get(LOG + "c50", status=404, payload=_error("CMN-102"))
    async with rc:
        items = await rc.call_log.get_many(ids)
        with pytest.raises(ConfigurationError, match="comma"):
            await rc.call_log.get_many(["a,b"])
        with pytest.raises(ConfigurationError, match="not an id"):
            await rc.call_log.get_many(["a", None])
    assert OPERATIONS["readUserCallRecord"].bulk_cap == 50
    assert [i.id for i in items] == ids
    assert isinstance(items[-1].error, NotFoundError) and all(i.ok for i in items[:-1])
    assert len([u for _m, u, _c in all_calls(mock_api) if "call-log" in u.path]) == 2
