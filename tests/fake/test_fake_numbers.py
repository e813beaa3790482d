"""The fake's numbers routes: company number by id (bulk), caller blocking, legacy blocked
numbers, greeting uploads and profile images, through a plain aiohttp client."""

from __future__ import annotations

import json
import weakref
from typing import Any

import aiohttp

from ringcentral_async.testing import FakeRingCentral

from .conftest import Get, Login

ACC = "/restapi/v1.0/account/~"
EXT = ACC + "/extension/~"
BLOCK = EXT + "/caller-blocking/phone-numbers"
_TOKENS: weakref.WeakKeyDictionary[FakeRingCentral, str] = weakref.WeakKeyDictionary()


async def _send(
    session: aiohttp.ClientSession,
    fake: FakeRingCentral,
    login: Login,
    method: str,
    path: str,
    **kwargs: Any,
) -> tuple[int, Any]:
    if fake not in _TOKENS:
        _TOKENS[fake] = (await login())["access_token"]
    token = _TOKENS[fake]
    headers = {"Authorization": "Bearer " + token}
    async with session.request(method, fake.url + path, headers=headers, **kwargs) as resp:
        raw = await resp.read()
        if "json" in resp.headers.get("Content-Type", ""):
            return resp.status, json.loads(raw)
        return resp.status, raw


async def test_company_number_by_id_and_bulk(fake: FakeRingCentral, get: Get) -> None:
    numbers = fake.phone_numbers
    first, second = str(numbers[0]["id"]), str(numbers[1]["id"])
    status, headers, body = await get(f"{ACC}/phone-number/{first}")
    assert status == 200 and str(body["id"]) == first and body["uri"].startswith(fake.url)
    assert headers["X-Rate-Limit-Group"] == "Light"
    status, _, body = await get(f"{ACC}/phone-number/1")
    assert status == 404 and body["errors"][0]["errorCode"] == "CMN-102"
    status, _, body = await get(f"{ACC}/phone-number/abc")
    assert status == 400 and body["errors"][0]["parameterName"] == "phoneNumberId"
    status, headers, raw = await get(f"{ACC}/phone-number/{first},1,{second}")
    assert status == 207 and headers["Content-Type"].startswith("multipart/mixed; boundary=")
    assert raw.count(b"Content-Type: application/json") == 4
    status, _, array = await get(
        f"{ACC}/phone-number/{first},1",
        headers={"Accept": "application/vnd.ringcentral.multipart+json"},
    )
    assert status == 207 and [p["status"] for p in array] == [200, 404]
    ids = ",".join(str(n) for n in range(1, 52))
    status, _, body = await get(f"{ACC}/phone-number/{ids}")
    assert status == 400 and body["errors"][0]["errorCode"] == "CMN-106"


async def test_caller_blocking_crud_and_bulk(
    session: aiohttp.ClientSession, fake: FakeRingCentral, login: Login, get: Get
) -> None:
    status, body = await _send(session, fake, login, "POST", BLOCK, json={"phoneNumber": "12"})
    assert status == 400 and body["errors"][0]["parameterName"] == "phoneNumber"
    status, body = await _send(
        session, fake, login, "POST", BLOCK, json={"phoneNumber": "+16505550111", "status": "X"}
    )
    assert status == 400 and body["errors"][0]["parameterName"] == "status"
    status, created = await _send(
        session, fake, login, "POST", BLOCK, json={"phoneNumber": "+16505550111", "label": "a"}
    )
    assert status == 200 and created["status"] == "Blocked" and created["label"] == "a"
    entry = created["id"]
    status, _, body = await get(f"{BLOCK}/{entry}")
    assert status == 200 and body["phoneNumber"] == "+16505550111"
    status, _, raw = await get(f"{BLOCK}/{entry},999")
    assert status == 207 and b'"status": 404' in raw
    status, body = await _send(
        session, fake, login, "PUT", f"{BLOCK}/{entry}", json={"status": "Allowed"}
    )
    assert status == 200 and body["status"] == "Allowed"
    # the legacy resource only shows blocked entries
    status, _, body = await get(f"{EXT}/blocked-number/{entry}")
    assert status == 404 and body["errors"][0]["errorCode"] == "CMN-102"
    await _send(session, fake, login, "PUT", f"{BLOCK}/{entry}", json={"status": "Blocked"})
    status, _, body = await get(f"{EXT}/blocked-number/{entry}")
    assert status == 200 and body["name"] == "a" and "/blocked-number/" in body["uri"]
    status, body = await _send(
        session, fake, login, "PUT", f"{EXT}/blocked-number/{entry}", json={"name": "b"}
    )
    assert status == 200 and body["name"] == "b"
    status, _ = await _send(session, fake, login, "DELETE", f"{EXT}/blocked-number/{entry}")
    assert status == 204
    status, _ = await _send(session, fake, login, "DELETE", f"{BLOCK}/{entry}")
    assert status == 404


def _form(fields: dict[str, str], file_name: str, data: bytes, ctype: str) -> aiohttp.FormData:
    form = aiohttp.FormData()
    for key, value in fields.items():
        form.add_field(key, value)
    form.add_field(file_name, data, filename="a.bin", content_type=ctype)
    return form


async def test_greeting_upload_and_read(
    session: aiohttp.ClientSession, fake: FakeRingCentral, login: Login, get: Get
) -> None:
    good = {"type": "Voicemail", "answeringRuleId": "business-hours-rule"}
    status, body = await _send(
        session,
        fake,
        login,
        "POST",
        EXT + "/greeting",
        data=_form(good, "binary", b"ID3x", "audio/mpeg"),
    )
    assert status == 200 and body["type"] == "Voicemail"
    assert body["answeringRule"]["id"] == "business-hours-rule"
    assert body["contentUri"] == body["uri"] + "/content"
    status, _, read = await get(body["uri"])
    assert status == 200 and read == body
    status, _, audio = await get(body["contentUri"])
    assert status == 200 and audio == b"ID3x"
    status, _, err = await get(EXT + "/greeting/123")
    assert status == 404 and err["errors"][0]["errorCode"] == "CMN-102"
    for fields, name, ctype, param in [
        ({"type": "Bogus", "answeringRuleId": "r"}, "binary", "audio/mpeg", "type"),
        ({"type": "Voicemail"}, "binary", "audio/mpeg", "answeringRuleId"),
        (good, "binary", "text/plain", "binary"),
        (good, "file", "audio/mpeg", "binary"),
    ]:
        status, err = await _send(
            session,
            fake,
            login,
            "POST",
            EXT + "/greeting",
            data=_form(fields, name, b"x", ctype),
        )
        assert status == 400 and err["errors"][0]["parameterName"] == param, param
    status, body = await _send(
        session,
        fake,
        login,
        "POST",
        ACC + "/greeting",
        data=_form({"type": "Company", "languageId": "1033"}, "binary", b"a", "audio/wav"),
    )
    assert status == 200 and body["language"]["id"] == "1033"
    assert body["contentType"] == "audio/wav"


async def test_profile_image(
    session: aiohttp.ClientSession, fake: FakeRingCentral, login: Login, get: Get
) -> None:
    status, headers, data = await get(EXT + "/profile-image/90x90")
    assert status == 200 and headers["Content-Type"] == "image/png"
    assert data.startswith(b"\x89PNG") and headers["X-Rate-Limit-Group"] == "Medium"
    assert (await get(EXT + "/profile-image/90x90"))[2] == data  # deterministic
    status, _, body = await get(EXT + "/profile-image/10x10")
    assert status == 400 and body["errors"][0]["parameterName"] == "scaleSize"
    other = next(e["id"] for e in fake.extensions if e["id"] != fake.owner_id)
    status, _, body = await get(f"{ACC}/extension/{other}/profile-image/original")
    assert status == 404 and body["errors"][0]["errorCode"] == "ACT-333"
    form = aiohttp.FormData()
    form.add_field("image", b"\x89PNGnew", filename="x.png", content_type="image/png")
    status, _ = await _send(
        session, fake, login, "POST", f"{ACC}/extension/{other}/profile-image", data=form
    )
    assert status == 204
    status, _, data = await get(f"{ACC}/extension/{other}/profile-image/original")
    assert status == 200 and data.startswith(b"\x89PNG")
