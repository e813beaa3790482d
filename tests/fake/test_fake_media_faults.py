"""Recordings (content, Range), fault injection, the request log and run_fake_server."""

from __future__ import annotations

import asyncio
import io
import json

import aiohttp
import pytest

from ringcentral_async.testing import FakeRingCentral, run_fake_server

from .conftest import Get, Login

EXT = "/restapi/v1.0/account/~/extension/~"


def recording(fake: FakeRingCentral) -> dict:
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


async def test_request_log(fake: FakeRingCentral, get: Get, clock) -> None:
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
    for _ in range(100):
        if "RINGCENTRAL_JWT=" in out.getvalue():
            break
        await asyncio.sleep(0.01)
    text = out.getvalue()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert "http://127.0.0.1:" in text and "RINGCENTRAL_CLIENT_ID=" in text
