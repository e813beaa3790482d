"""Phone numbers, recordings, greetings, profile image, blocked numbers, call-log bulk.

Every operation is checked on the wire (method, path, query, body) and in its structured
result, through aioresponses (the ``mock_api`` fixture).
"""

from __future__ import annotations

import asyncio
import io
import json
import re
from collections.abc import AsyncIterator
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Any

import pytest
from _helpers import CLIENT_ID, CLIENT_SECRET, JWT, SERVER, TOKEN_URL, token_body
from aioresponses import CallbackResult, aioresponses
from yarl import URL

from ringcentral_async import (
    OPERATIONS,
    ApiError,
    ConfigurationError,
    NotFoundError,
    RingCentral,
    ServerError,
)
from ringcentral_async.models import (
    BlockedAllowedNumberRequest,
    BlockedNumberUpdate,
    CallLogRecord,
)
from ringcentral_async.resources._bulk import MULTIPART_JSON, BulkItem
from ringcentral_async.resources._multipart import MultipartBody

ACC = SERVER + "/restapi/v1.0/account/~"
EXT = ACC + "/extension/~"
MEDIA = "https://media.ringcentral.com/restapi/v1.0/account/1/recording/77/content"


async def _client(mock_api: aioresponses) -> RingCentral:
    rc = RingCentral(CLIENT_ID, CLIENT_SECRET, throttle=False, sleep=_no_sleep)
    mock_api.post(TOKEN_URL, payload=token_body(1), repeat=True)
    await rc.login(jwt=JWT)
    return rc


def _sent(mock_api: aioresponses, method: str, pattern: str = "") -> list[tuple[URL, Any]]:
    out: list[tuple[URL, Any]] = []
    for (m, url), recorded in mock_api.requests.items():
        if m == method and re.search(pattern, str(url)) and "/oauth/" not in str(url):
            out.extend((url, call) for call in recorded)
    return out


def _only(mock_api: aioresponses, method: str, pattern: str = "") -> tuple[URL, Any]:
    (one,) = _sent(mock_api, method, pattern)
    return one


def _mixed(parts: list[tuple[str, int, Any]], boundary: str = "Boundary_1") -> bytes:
    summary = {
        "response": [
            {"href": f"{EXT}/x/{rid}", "status": st, "responseDescription": "d"}
            for rid, st, _ in parts
        ]
    }
    chunks = [summary] + [body for _, _, body in parts]
    text = "".join(
        f"--{boundary}\r\nContent-Type: application/json\r\n\r\n{json.dumps(c)}\r\n" for c in chunks
    )
    return (text + f"--{boundary}--\r\n").encode()


def _err(code: str = "CMN-102") -> dict[str, Any]:
    return {"errorCode": code, "message": "not found", "errors": [{"errorCode": code}]}


async def _parts(body: Any) -> dict[str, tuple[dict[str, str], Any]]:
    assert isinstance(body, MultipartBody)
    raw = await body.render()
    if body.size is not None:
        assert body.size == len(raw)
    head = f"Content-Type: {body.content_type}\r\n\r\n".encode()
    msg = BytesParser(policy=HTTP).parsebytes(head + raw)
    out: dict[str, tuple[dict[str, str], Any]] = {}
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        headers = {k.lower(): str(v) for k, v in part.items()}
        out[str(name)] = (headers, part.get_payload(decode=True))
    return out


# -- registry ----------------------------------------------------------------------------


def test_operations_of_this_area_are_registered() -> None:
    """Their groups are checked against the packaged spec table for every operation at once
    (tests/unit/test_operations.py); here: registered, typed, and what is special."""
    rc = RingCentral(CLIENT_ID, CLIENT_SECRET)
    for op_id in (
        "listExtensionPhoneNumbers",
        "listAccountPhoneNumbers",
        "readAccountPhoneNumber",
        "readCallRecording",
        "readCallRecordingContent",
        "createCustomUserGreeting",
        "readCustomGreeting",
        "createCompanyGreeting",
        "readScaledProfileImage",
        "createBlockedAllowedNumber",
        "readBlockedAllowedNumber",
        "updateBlockedAllowedNumber",
        "deleteBlockedAllowedNumber",
        "loadBlockedNumber",
        "updateBlockedNumber",
        "unblockNumber",
        "readUserCallRecord",
    ):
        namespace, method = OPERATIONS[op_id].python_name.split(".")
        assert callable(getattr(getattr(rc, namespace), method)), op_id
    assert OPERATIONS["readUserCallRecord"].bulk_cap == 50
    assert OPERATIONS["readAccountPhoneNumber"].legacy_operation_id == "loadAccountPhoneNumber"
    for legacy in ("loadBlockedNumber", "updateBlockedNumber", "unblockNumber"):
        assert OPERATIONS[legacy].deprecated and OPERATIONS[legacy].replacement


# -- phone numbers -------------------------------------------------------------------------


async def test_phone_numbers_list(mock_api: aioresponses) -> None:
    rc = await _client(mock_api)
    page: dict[str, Any] = {
        "records": [{"id": 5, "phoneNumber": "+16505550100", "usageType": "DirectNumber"}]
    }
    page["paging"] = {"page": 1, "totalPages": 1, "perPage": 10}
    mock_api.get(re.compile(re.escape(EXT + "/phone-number") + r"\?.*"), payload=page)
    async with rc:
        items = await rc.phone_numbers.list(
            usage_type=["DirectNumber", "CompanyNumber"], per_page=10
        ).collect()
        with pytest.raises(ConfigurationError):
            rc.phone_numbers.list(usage_type="Bogus")
    assert items[0].id == 5 and items[0].phone_number == "+16505550100"
    url, _ = _only(mock_api, "GET", "phone-number")
    assert url.path == "/restapi/v1.0/account/~/extension/~/phone-number"
    assert sorted(url.query.getall("usageType")) == ["CompanyNumber", "DirectNumber"]
    assert url.query["perPage"] == "10"


async def test_phone_numbers_list_company(mock_api: aioresponses) -> None:
    rc = await _client(mock_api)
    page: dict[str, Any] = {
        "records": [{"id": 6, "usageType": "MainCompanyNumber", "paymentType": "Local"}]
    }
    page["paging"] = {"page": 1, "totalPages": 1, "perPage": 100}
    mock_api.get(re.compile(re.escape(ACC + "/phone-number") + r"(\?.*)?$"), payload=page)
    async with rc:
        items = await rc.phone_numbers.list_company(
            status="Normal", payment_type="Local", extension_status="Enabled"
        ).collect()
        with pytest.raises(ConfigurationError):
            rc.phone_numbers.list_company(extension_status="Gone")
    assert items[0].usage_type == "MainCompanyNumber"
    url, _ = _only(mock_api, "GET", "phone-number")
    assert url.path == "/restapi/v1.0/account/~/phone-number"
    assert url.query["status"] == "Normal" and url.query["paymentType"] == "Local"
    assert url.query["extensionStatus"] == "Enabled"


async def test_get_company_number(mock_api: aioresponses) -> None:
    rc = await _client(mock_api)
    mock_api.get(ACC + "/phone-number/42", payload={"id": 42, "phoneNumber": "+1650"})
    async with rc:
        number = await rc.phone_numbers.get_company(42)
    assert number.id == 42 and number.phone_number == "+1650"
    url, call = _only(mock_api, "GET")
    assert str(url) == ACC + "/phone-number/42" and not call.kwargs.get("params")


async def test_get_company_many_multipart_mixed(mock_api: aioresponses) -> None:
    rc = await _client(mock_api)
    body = _mixed([("1", 200, {"id": 1}), ("2", 404, _err()), ("3", 200, {"id": 3})])
    mock_api.get(
        ACC + "/phone-number/1,2,3",
        status=207,
        body=body,
        headers={"Content-Type": "multipart/mixed; boundary=Boundary_1"},
    )
    async with rc:
        items = await rc.phone_numbers.get_company_many([1, "2", 3, 1])
    # one item per id asked for (the repeated id fetched once, its item at both places)
    assert [i.id for i in items] == ["1", "2", "3", "1"] and items[3] is items[0]
    assert items[0].ok and items[0].value is not None and items[0].value.id == 1
    assert not items[1].ok and isinstance(items[1].error, NotFoundError)
    assert items[1].error.error_code == "CMN-102" and items[1].value is None
    with pytest.raises(NotFoundError):
        items[1].unwrap()
    assert items[2].unwrap().id == 3


# -- bulk ----------------------------------------------------------------------------------


async def test_call_log_get_many_splits_into_chunks_of_50(mock_api: aioresponses) -> None:
    rc = await _client(mock_api)
    ids = [f"r{i:03d}" for i in range(120)]
    missing = {"r007", "r099"}
    in_flight = 0
    peak = 0

    async def answer(url: URL, **kwargs: Any) -> CallbackResult:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        chunk = url.path.rsplit("/", 1)[1].split(",")
        parts = [
            (rid, 404, _err()) if rid in missing else (rid, 200, {"id": rid, "type": "Voice"})
            for rid in chunk
        ]
        return CallbackResult(
            status=207,
            body=_mixed(parts, "B7"),
            headers={"Content-Type": "multipart/mixed; boundary=B7"},
        )

    mock_api.get(re.compile(re.escape(EXT + "/call-log/") + r".*"), callback=answer, repeat=True)
    async with rc:
        items = await rc.call_log.get_many(ids, view="Detailed")
    sent = _sent(mock_api, "GET", "call-log")
    sizes = sorted(len(u.path.rsplit("/", 1)[1].split(",")) for u, _ in sent)
    assert sizes == [20, 50, 50]
    assert peak == 3  # the chunks ran concurrently
    assert all(u.query["view"] == "Detailed" for u, _ in sent)
    assert [i.id for i in items] == ids
    assert {i.id for i in items if not i.ok} == missing
    good = items[0].unwrap()
    assert isinstance(good, CallLogRecord) and good.id == "r000"


async def test_bulk_multipart_json_and_empty_ids(mock_api: aioresponses) -> None:
    rc = await _client(mock_api)
    array = [
        {"resourceId": "b", "status": 200, "body": {"id": "b", "phoneNumber": "+1"}},
        {"resourceId": "a", "status": 404, "body": _err()},
    ]
    mock_api.get(
        EXT + "/caller-blocking/phone-numbers/a,b",
        status=207,
        body=json.dumps(array).encode(),
        headers={"Content-Type": MULTIPART_JSON},
    )
    async with rc:
        items = await rc.blocked_numbers.get_many(["a", "b"])
        with pytest.raises(ConfigurationError):
            await rc.blocked_numbers.get_many([])
        with pytest.raises(ConfigurationError):
            await rc.call_log.get_many("abc")
    # paired by resourceId, returned in the order asked for
    assert [i.id for i in items] == ["a", "b"]
    assert items[0].error is not None and items[0].status == 404
    assert items[1].value is not None and items[1].value.phone_number == "+1"
    assert len(_sent(mock_api, "GET")) == 1


async def test_bulk_single_id_plain_answers(mock_api: aioresponses) -> None:
    rc = await _client(mock_api)
    ids = [f"x{i}" for i in range(51)]
    body = _mixed([(i, 200, {"id": i}) for i in ids[:50]], "Q")
    mock_api.get(
        EXT + "/call-log/" + ",".join(ids[:50]),
        status=207,
        body=body,
        headers={"Content-Type": "multipart/mixed; boundary=Q"},
    )
    mock_api.get(EXT + "/call-log/x50", status=404, payload=_err())
    mock_api.get(EXT + "/call-log/solo", payload={"id": "solo"})
    async with rc:
        items = await rc.call_log.get_many(ids)
        (solo,) = await rc.call_log.get_many(["solo"])
    assert [i.id for i in items] == ids
    assert items[-1].status == 404 and isinstance(items[-1].error, NotFoundError)
    assert solo.ok and solo.status == 200 and solo.unwrap().id == "solo"


async def test_bulk_whole_request_failure_is_raised(mock_api: aioresponses) -> None:
    rc = await _client(mock_api)
    mock_api.get(EXT + "/call-log/a,b", status=500, payload=_err("CMN-203"), repeat=True)
    async with rc:
        with pytest.raises(ServerError):
            await rc.call_log.get_many(["a", "b"])


async def _no_sleep(_: float) -> None:
    return None


def test_bulk_item_is_generic() -> None:
    item: BulkItem[int] = BulkItem(id="1", status=200, value=5)
    assert item.ok and item.unwrap() == 5


# -- recordings ------------------------------------------------------------------------------


async def test_recording_metadata(mock_api: aioresponses) -> None:
    rc = await _client(mock_api)
    mock_api.get(
        ACC + "/recording/77",
        payload={"id": "77", "contentUri": MEDIA, "contentType": "audio/mpeg", "duration": 42},
    )
    async with rc:
        rec = await rc.recordings.get(77)
    assert rec.id == "77" and rec.content_uri == MEDIA and rec.duration == 42
    url, _ = _only(mock_api, "GET")
    assert url.path == "/restapi/v1.0/account/~/recording/77"


async def test_recording_download_to_path_follows_redirect_to_a_ringcentral_host(
    mock_api: aioresponses, tmp_path: Path
) -> None:
    rc = await _client(mock_api)
    cdn = "https://cdn.ringcentral.com/blob/77"
    audio = b"ID3" + bytes(range(256)) * 300
    mock_api.get(MEDIA, status=302, headers={"Location": cdn})
    mock_api.get(cdn, body=audio, content_type="audio/mpeg")
    dest = tmp_path / "call.mp3"
    async with rc:
        size = await rc.recordings.download(MEDIA, dest, chunk_size=1000)
    assert size == len(audio) and dest.read_bytes() == audio
    assert _names(tmp_path) == ["call.mp3"]
    (_, first) = _only(mock_api, "GET", "media")
    (_, second) = _only(mock_api, "GET", "cdn")
    assert first.kwargs["headers"]["Authorization"] == "Bearer ACCESS-SECRET-1"
    assert second.kwargs["headers"]["Authorization"] == "Bearer ACCESS-SECRET-1"


async def test_recording_download_refuses_a_redirect_off_ringcentral(
    mock_api: aioresponses, tmp_path: Path
) -> None:
    rc = await _client(mock_api)
    cdn = "https://cdn.example.net/blob/77"
    mock_api.get(MEDIA, status=302, headers={"Location": cdn})
    mock_api.get(cdn, body=b"ID3", content_type="audio/mpeg")
    async with rc:
        with pytest.raises(ApiError, match="HTTP 302") as caught:
            await rc.recordings.download(MEDIA, tmp_path / "call.mp3")
    assert type(caught.value) is ApiError and caught.value.status == 302
    assert _names(tmp_path) == []  # no partial file
    assert all("cdn" not in str(url) for (_m, url) in mock_api.requests)


async def test_recording_iter_content_by_id_on_server_host(mock_api: aioresponses) -> None:
    rc = await _client(mock_api)
    content = ACC + "/recording/77/content"
    mock_api.get(content, status=301, headers={"Location": MEDIA})
    mock_api.get(MEDIA, body=b"abcdefghij", content_type="audio/mpeg")
    async with rc:
        chunks = [c async for c in rc.recordings.iter_content("77", chunk_size=4)]
    assert b"".join(chunks) == b"abcdefghij" and max(len(c) for c in chunks) <= 4
    (_, call) = _only(mock_api, "GET", "media")
    assert call.kwargs["headers"]["Authorization"].startswith("Bearer ")


async def test_recording_stream_range_and_disposition(mock_api: aioresponses) -> None:
    rc = await _client(mock_api)
    url = ACC + "/recording/77/content?contentDisposition=Attachment"
    mock_api.get(url, status=206, body=b"0123", headers={"Content-Range": "bytes 0-3/10"})
    async with (
        rc,
        rc.recordings.stream(77, range=(0, 3), content_disposition="Attachment") as resp,
    ):
        assert resp.status == 206 and await resp.content.read() == b"0123"
    (_, call) = _only(mock_api, "GET")
    assert call.kwargs["headers"]["Range"] == "bytes=0-3"
    with pytest.raises(ConfigurationError):
        async with rc.recordings.stream(77, content_disposition="Download"):
            pass


async def test_download_error_leaves_no_partial_file(
    mock_api: aioresponses, tmp_path: Path
) -> None:
    rc = await _client(mock_api)
    mock_api.get(MEDIA, status=404, payload=_err())
    dest = tmp_path / "out.mp3"
    dest.write_bytes(b"old")
    async with rc:
        with pytest.raises(NotFoundError):
            await rc.recordings.download(MEDIA, dest)
    assert dest.read_bytes() == b"old"
    assert _names(tmp_path) == ["out.mp3"]


async def test_download_interrupted_mid_body_leaves_no_partial_file(
    mock_api: aioresponses, tmp_path: Path
) -> None:
    rc = await _client(mock_api)
    mock_api.get(MEDIA, body=b"x" * 10_000, content_type="audio/mpeg")
    dest = tmp_path / "cut.mp3"

    calls = 0

    original = asyncio.to_thread

    async def failing(func: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        if getattr(func, "__name__", "") == "write":
            calls += 1
            if calls == 3:
                raise OSError("disk full")
        return await original(func, *args, **kwargs)

    async with rc:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(asyncio, "to_thread", failing)
            with pytest.raises(OSError, match="disk full"):
                await rc.recordings.download(MEDIA, dest, chunk_size=1000)
    assert _names(tmp_path) == []


async def test_download_to_file_object_and_foreign_host_refused(mock_api: aioresponses) -> None:
    rc = await _client(mock_api)
    mock_api.get(MEDIA, body=b"abc", content_type="audio/wav")
    buf = io.BytesIO()
    async with rc:
        assert await rc.recordings.download(MEDIA, buf) == 3
        with pytest.raises(ConfigurationError):
            await rc.recordings.download("https://evil.example.com/x", io.BytesIO())
    assert buf.getvalue() == b"abc"


# -- profile image ---------------------------------------------------------------------------


async def test_profile_image_download_and_scale_check(
    mock_api: aioresponses, tmp_path: Path
) -> None:
    rc = await _client(mock_api)
    png = b"\x89PNG\r\n\x1a\nDATA"
    mock_api.get(EXT + "/profile-image/90x90", body=png, content_type="image/png")
    mock_api.get(
        EXT.replace("/~", "/12", 2).replace("account/12", "account/~") + "/profile-image/original",
        body=png,
    )
    mock_api.get(EXT + "/profile-image/584x584", status=404, payload=_err("ACT-333"))
    async with rc:
        assert await rc.profile_image.download("90x90", tmp_path / "me.png") == len(png)
        chunks = [c async for c in rc.profile_image.iter_content("original", extension_id=12)]
        with pytest.raises(NotFoundError) as info:
            await rc.profile_image.download("584x584", io.BytesIO())
        with pytest.raises(ConfigurationError, match="scale_size"):
            await rc.profile_image.download("100x100", io.BytesIO())
    assert info.value.error_code == "ACT-333"
    assert (tmp_path / "me.png").read_bytes() == png and b"".join(chunks) == png
    assert len(_sent(mock_api, "GET")) == 3  # the bad scale never left


async def test_profile_image_upload_multipart(mock_api: aioresponses, tmp_path: Path) -> None:
    rc = await _client(mock_api)
    mock_api.post(EXT + "/profile-image", status=204)
    mock_api.put(EXT + "/profile-image", status=204)
    img = tmp_path / "face.jpg"
    img.write_bytes(b"\xff\xd8JPEG" * 100)
    async with rc:
        await rc.profile_image.upload(b"\x89PNGxx")
        await rc.profile_image.upload(img, replace=True)
    (_, post) = _only(mock_api, "POST")
    parts = await _parts(post.kwargs["data"])
    assert parts["image"][1] == b"\x89PNGxx"
    assert parts["image"][0]["content-type"] == "image/png"
    (_, put) = _only(mock_api, "PUT")
    parts = await _parts(put.kwargs["data"])
    assert parts["image"][1] == img.read_bytes()
    assert 'filename="face.jpg"' in parts["image"][0]["content-disposition"]
    assert parts["image"][0]["content-type"] == "image/jpeg"


# -- greetings -------------------------------------------------------------------------------


async def test_greeting_create_from_path_streams_multipart(
    mock_api: aioresponses, tmp_path: Path
) -> None:
    rc = await _client(mock_api)
    audio = tmp_path / "hello.wav"
    audio.write_bytes(b"RIFF" + b"\x01" * 5000)
    reply = {
        "id": "9",
        "uri": EXT + "/greeting/9",
        "type": "Voicemail",
        "contentType": "audio/wav",
        "contentUri": "https://media.ringcentral.com/greeting/9/content",
        "answeringRule": {"id": "business-hours-rule"},
    }
    mock_api.post(EXT + "/greeting?apply=false", payload=reply)
    async with rc:
        greeting = await rc.greetings.create(
            type="Voicemail",
            answering_rule_id="business-hours-rule",
            content=audio,
            apply=False,
        )
        with pytest.raises(ConfigurationError):
            await rc.greetings.create(type="Company", content=b"x")
        with pytest.raises(ConfigurationError):
            await rc.greetings.create(type="Voicemail", content=tmp_path / "missing.mp3")
    assert greeting.id == "9" and greeting.type == "Voicemail"
    assert greeting.answering_rule is not None
    assert greeting.answering_rule.id == "business-hours-rule"
    url, call = _only(mock_api, "POST", "greeting")
    assert url.query["apply"] == "false"
    body = call.kwargs["data"]
    assert body.content_type.startswith("multipart/form-data; boundary=")
    assert [f[0] for f in body.fields] == ["type", "answeringRuleId", "binary"]
    parts = await _parts(body)
    assert parts["type"][1] == b"Voicemail"
    assert parts["answeringRuleId"][1] == b"business-hours-rule"
    assert parts["binary"][1] == audio.read_bytes()
    assert "wav" in parts["binary"][0]["content-type"]
    assert 'filename="hello.wav"' in parts["binary"][0]["content-disposition"]


async def test_greeting_from_async_iterator_is_sent_once(mock_api: aioresponses) -> None:
    rc = await _client(mock_api)

    async def audio() -> AsyncIterator[bytes]:
        for _ in range(3):
            yield b"\x00" * 10

    mock_api.post(EXT + "/greeting", payload={"id": "10", "type": "HoldMusic"})
    async with rc:
        greeting = await rc.greetings.create(
            type="HoldMusic", content=audio(), answering_rule_id="r1", content_type="audio/mpeg"
        )
    assert greeting.id == "10"
    (_, call) = _only(mock_api, "POST", "greeting")
    body = call.kwargs["data"]
    assert body.size is None  # unknown length: chunked
    parts = await _parts(body)
    assert parts["binary"][1] == b"\x00" * 30
    assert parts["binary"][0]["content-type"] == "audio/mpeg"
    with pytest.raises(ConfigurationError, match="cannot be sent twice"):
        await body.render()


async def test_greeting_get_and_company_greeting(mock_api: aioresponses) -> None:
    rc = await _client(mock_api)
    mock_api.get(EXT + "/greeting/9", payload={"id": "9", "type": "Introductory"})
    mock_api.post(
        ACC + "/greeting",
        payload={"id": "11", "type": "Company", "language": {"id": "1033"}},
    )
    async with rc:
        got = await rc.greetings.get(9)
        company = await rc.greetings.create_company(
            type="Company", content=b"ID3audio", language_id="1033", filename="c.mp3"
        )
        with pytest.raises(ConfigurationError):
            await rc.greetings.create_company(type="Voicemail", content=b"x")
    assert got.type == "Introductory"
    assert company.id == "11" and company.language is not None
    assert company.language.id == "1033"
    (_, call) = _only(mock_api, "POST", "greeting")
    parts = await _parts(call.kwargs["data"])
    assert parts["type"][1] == b"Company" and parts["languageId"][1] == b"1033"
    assert parts["binary"][1] == b"ID3audio"
    assert parts["binary"][0]["content-type"] == "audio/mpeg"
    assert "answeringRuleId" not in parts


# -- blocked numbers -------------------------------------------------------------------------


async def test_blocked_numbers_crud(mock_api: aioresponses) -> None:
    rc = await _client(mock_api)
    base = EXT + "/caller-blocking/phone-numbers"
    entry = {"id": "5", "phoneNumber": "+16505550199", "label": "spam", "status": "Blocked"}
    mock_api.post(base, payload=entry)
    mock_api.get(base + "/5", payload=entry)
    mock_api.put(base + "/5", payload={**entry, "status": "Allowed"})
    mock_api.delete(base + "/5", status=204)
    async with rc:
        created = await rc.blocked_numbers.create(
            BlockedAllowedNumberRequest(phone_number="+16505550199", label="spam")
        )
        got = await rc.blocked_numbers.get("5")
        updated = await rc.blocked_numbers.update("5", {"status": "Allowed"})
        await rc.blocked_numbers.delete("5")
    assert created.id == "5" and got.label == "spam" and updated.status == "Allowed"
    (_, post) = _only(mock_api, "POST")
    assert post.kwargs["json"] == {"phoneNumber": "+16505550199", "label": "spam"}
    (_, put) = _only(mock_api, "PUT")
    assert put.kwargs["json"] == {"status": "Allowed"}
    assert len(_sent(mock_api, "DELETE")) == 1


async def test_legacy_blocked_number_warns(mock_api: aioresponses) -> None:
    rc = await _client(mock_api)
    base = EXT + "/blocked-number/5"
    mock_api.get(base, payload={"id": "5", "name": "spam", "phoneNumber": "+1650"})
    mock_api.put(base, payload={"id": "5", "name": "ham", "phoneNumber": "+1650"})
    mock_api.delete(base, status=204)
    async with rc:
        with pytest.warns(DeprecationWarning, match="caller-blocking"):
            got = await rc.blocked_numbers.get_legacy(5)
        with pytest.warns(DeprecationWarning, match="caller-blocking"):
            renamed = await rc.blocked_numbers.update_legacy(5, BlockedNumberUpdate(name="ham"))
        with pytest.warns(DeprecationWarning):
            await rc.blocked_numbers.delete_legacy(5)
    assert got.name == "spam" and renamed.name == "ham"
    (_, put) = _only(mock_api, "PUT")
    assert put.kwargs["json"] == {"name": "ham"}
    assert len(_sent(mock_api, "DELETE", "blocked-number/5")) == 1


def _names(directory: Path) -> list[str]:
    """The sorted file names in ``directory`` (temporary files included)."""
    return sorted(p.name for p in directory.iterdir())
