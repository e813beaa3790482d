"""Recordings (content, Range), fault injection, the request log and run_fake_server."""

from __future__ import annotations

import asyncio
import io
import json
from typing import Any

import aiohttp
import pytest

from ringcentral_async.testing import FakeRingCentral, run_fake_server

from .conftest import Get, Login, ManualClock, token_request

EXT = "/restapi/v1.0/account/~/extension/~"


def recording(fake: FakeRingCentral) -> dict[str, Any]:
    return next(r["recording"] for r in fake.call_records if "recording" in r)


async def test_recording_metadata_and_content(fake: FakeRingCentral, get: Get) -> None:
    rec = recording(fake)
    status, headers, body = await get(rec["uri"])
    assert status == 200 and body["id"] == rec["id"] and body["contentType"] == "audio/mpeg"
    assert body["contentUri"] == fake.url + rec["contentUri"]
    assert headers["X-Rate-Limit-Group"] == "Heavy"
    status, headers, data = await get(body["contentUri"])
    assert status == 200 and headers["Content-Type"] == "audio/mpeg"
    assert data == fake.recording_content(rec["id"]) and data.startswith(b"ID3")
    assert headers["RCRequestId"] and headers["X-Rate-Limit-Group"] == "Heavy"
    status, _, body = await get("/restapi/v1.0/account/~/recording/42")
    assert status == 404 and body["errors"][0]["errorCode"] == "CMN-102"


async def test_recording_range(fake: FakeRingCentral, get: Get) -> None:
    rec = recording(fake)
    full = fake.recording_content(rec["id"])
    url = fake.url + rec["contentUri"]
    status, headers, data = await get(url, headers={"Range": "bytes=10-19"})
    assert status == 206 and data == full[10:20]
    assert headers["Content-Range"] == f"bytes 10-19/{len(full)}"
    status, _, data = await get(url, headers={"Range": "bytes=-5"})
    assert status == 206 and data == full[-5:]
    status, _, data = await get(url, headers={"Range": f"bytes={len(full) - 3}-"})
    assert status == 206 and data == full[-3:]
    status, headers, body = await get(url, headers={"Range": f"bytes={len(full)}-"})
    assert status == 416 and body["errors"][0]["errorCode"] == "CMN-107"
    assert headers["Content-Range"] == f"bytes */{len(full)}"


async def test_fail_next_with_retry_after(fake: FakeRingCentral, get: Get) -> None:
    await get(EXT)  # logs in first
    fake.fail_next(503, count=2, path="/extension/", retry_after=7)
    for _ in range(2):
        status, headers, body = await get(EXT)
        assert status == 503 and headers["Retry-After"] == "7"
        assert body["errors"][0]["errorCode"] == "CMN-201" and headers["RCRequestId"]
    assert (await get(EXT))[0] == 200
    assert fake.count(fault="fail") == 2


async def test_fail_next_by_method(fake: FakeRingCentral, login: Login) -> None:
    fake.fail_next(500, method="POST")
    with pytest.raises(AssertionError):
        await login()
    assert (await login())["access_token"]
    assert [e.status for e in fake.log] == [500, 200]
    assert fake.log[0].fault == "fail" and fake.log[1].fault is None


async def test_fail_next_applies_to_matching_only(fake: FakeRingCentral, get: Get) -> None:
    await get(EXT)
    fake.fail_next(429, group="Heavy", body={"errorCode": "CMN-301", "errors": []})
    assert (await get(EXT))[0] == 200
    status, _, body = await get("/restapi/v1.0/account/~/call-log")
    assert status == 429 and body["errorCode"] == "CMN-301"


async def test_reset_next_closes_the_connection(
    fake: FakeRingCentral, session: aiohttp.ClientSession, login: Login
) -> None:
    token = (await login())["access_token"]
    fake.reset_next(path="/extension/", count=3)
    with pytest.raises(aiohttp.ClientConnectionError):
        # aiohttp itself retries an idempotent request once on a dropped connection.
        async with session.get(fake.url + EXT, headers={"Authorization": "Bearer " + token}):
            pass
    entries = fake.requests(fault="reset")
    assert len(entries) == 2
    assert all(e.status is None and e.path == EXT for e in entries)


async def test_lose_next_processes_the_request_then_drops_the_answer(
    fake: FakeRingCentral, session: aiohttp.ClientSession, login: Login
) -> None:
    """A lost refresh: the pair is rotated (the old refresh token is dead), yet the client
    never sees the new one."""
    first = await login()
    fake.lose_next(path="/oauth/token")
    form = {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    with pytest.raises(aiohttp.ClientConnectionError):
        await token_request(session, fake, form)
    [entry] = fake.requests(fault="lose")
    assert entry.status == 200 and entry.path == "/restapi/oauth/token"
    status, body = await token_request(session, fake, form)  # the old refresh token died
    assert status == 400 and body["error"] == "invalid_grant"
    headers = {"Authorization": "Bearer " + first["access_token"]}
    async with session.get(fake.url + EXT, headers=headers) as resp:
        assert resp.status == 401  # and so did the old access token


async def test_delay_next(fake: FakeRingCentral, get: Get) -> None:
    await get(EXT)
    fake.delay_next(0.3, path="/extension/")
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert (await get(EXT))[0] == 200
    assert loop.time() - started >= 0.3
    assert fake.requests(fault="delay")[0].status == 200


async def test_truncate_next(fake: FakeRingCentral, get: Get) -> None:
    await get(EXT)
    fake.truncate_next(path="/extension/")
    with pytest.raises(json.JSONDecodeError):
        await get(EXT)


async def test_clear_faults(fake: FakeRingCentral, get: Get) -> None:
    fake.fail_next(500, path="/extension/")
    fake.clear_faults()
    assert (await get(EXT))[0] == 200


async def test_request_log(fake: FakeRingCentral, get: Get, clock: ManualClock) -> None:
    await get(EXT, {"a": "1"})
    await get("/restapi/v1.0/account/~/extension/1")
    entries = fake.log
    assert [e.method for e in entries] == ["POST", "GET", "GET"]
    login, ok, missing = entries
    assert login.group == "Auth" and login.owner == f"client:{fake.client_id}"
    assert ok.query == "a=1" and ok.status == 200 and ok.owner == str(fake.owner_id)
    assert ok.time == clock.now and ok.request_id and not ok.during_penalty
    assert missing.status == 404
    assert fake.count(group="Light") == 2 and fake.count(status=404) == 1
    assert fake.requests(path="/extension/1") == [missing]
    fake.clear_log()
    assert fake.log == []


async def test_run_fake_server_prints_credentials() -> None:
    out = io.StringIO()
    task = asyncio.create_task(run_fake_server(0, out=out, extensions=3, call_log_records=1))
    for _ in range(3_000):  # at most 30 s on a loaded machine
        if "RINGCENTRAL_JWT=" in out.getvalue():
            break
        await asyncio.sleep(0.01)
    text = out.getvalue()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert "http://127.0.0.1:" in text and "RINGCENTRAL_CLIENT_ID=" in text


async def test_recording_range_edge_cases(fake: FakeRingCentral, get: Get) -> None:
    rec = recording(fake)
    size = len(fake.recording_content(rec["id"]))
    url = fake.url + rec["contentUri"]
    for bad in ("bytes=20-10", "bytes=0-1,5-6", "items=0-1", "bytes=-0", "bytes=-"):
        status, headers, body = await get(url, headers={"Range": bad})
        assert status == 416, bad
        assert body["errors"][0]["errorCode"] == "CMN-107"
        assert headers["Content-Range"] == f"bytes */{size}"
        assert headers["X-Rate-Limit-Group"] == "Heavy" and headers["RCRequestId"]
    status, headers, data = await get(url, headers={"Range": f"bytes=0-{size * 2}"})
    assert status == 206 and len(data) == size
    assert headers["X-Rate-Limit-Group"] == "Heavy" and headers["Accept-Ranges"] == "bytes"


async def test_recording_content_disposition(fake: FakeRingCentral, get: Get) -> None:
    url = fake.url + recording(fake)["contentUri"]
    params = {"contentDisposition": "Attachment", "contentDispositionFilename": "a.mp3"}
    status, headers, _ = await get(url, params)
    assert status == 200 and headers["Content-Disposition"] == 'attachment; filename="a.mp3"'
    status, _, body = await get(url, {"contentDisposition": "Download"})
    assert status == 400 and body["errors"][0]["parameterName"] == "contentDisposition"


async def test_truncate_next_cuts_a_streamed_download(
    fake: FakeRingCentral, session: aiohttp.ClientSession, login: Login
) -> None:
    token = (await login())["access_token"]
    rec = recording(fake)
    fake.truncate_next(path="/content")
    headers = {"Authorization": "Bearer " + token}
    with pytest.raises(aiohttp.ClientPayloadError):
        async with session.get(fake.url + rec["contentUri"], headers=headers) as resp:
            assert resp.status == 200
            await resp.read()
    assert fake.requests(fault="truncate")[0].path.endswith("/content")
    async with session.get(fake.url + rec["contentUri"], headers=headers) as resp:
        assert await resp.read() == fake.recording_content(rec["id"])


async def test_request_id_on_every_kind_of_response(
    fake: FakeRingCentral, session: aiohttp.ClientSession, login: Login
) -> None:
    """RCRequestId is on 200, 204, 207, 302, 400, 401, 404 (route and resource), 405, 429, 503."""
    token = (await login())["access_token"]
    bearer = {"Authorization": "Bearer " + token}
    ids = ",".join(str(e["id"]) for e in fake.extensions[:2])
    authorize = f"response_type=code&client_id={fake.client_id}&redirect_uri=http://localhost/"
    fake.fail_next(503, path="/fail-me", retry_after=2)
    fake.fail_next(429, path="/restapi/v1.0/account/~/call-log")
    requests = [
        ("GET", EXT, bearer, 200),
        ("DELETE", EXT + "/answering-rule/nope", bearer, 404),
        ("GET", f"/restapi/v1.0/account/~/extension/{ids}", bearer, 207),
        ("GET", EXT + "/call-log", {}, 401),
        ("GET", "/restapi/v1.0/account/~/extension", {**bearer, "X": "1"}, 200),
        ("GET", "/restapi/v1.0/account/~/extension?perPage=0", bearer, 400),
        ("GET", "/restapi/v1.0/nowhere", bearer, 404),
        ("DELETE", "/restapi/v1.0/account/~", bearer, 405),
        ("GET", "/restapi/v1.0/account/~/call-log", bearer, 429),
        ("GET", "/fail-me", bearer, 503),
        ("POST", "/restapi/oauth/token", {}, 401),
        ("DELETE", EXT + "/profile-image", bearer, 204),
        ("GET", f"/restapi/oauth/authorize?{authorize}", {}, 302),
    ]
    seen = set()
    for method, path, headers, expected in requests:
        async with session.request(
            method, fake.url + path, headers=headers, allow_redirects=False
        ) as resp:
            assert resp.status == expected, (method, path)
            assert len(resp.headers["RCRequestId"]) == 32, (method, path)
            seen.add(resp.headers["RCRequestId"])
    assert len(seen) == len(requests), "one id per response"
    status = {r.request_id: r.status for r in fake.log}
    assert all(status[i] is not None for i in seen)
