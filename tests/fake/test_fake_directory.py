"""Account, extensions (paging with totals, filters, bulk 207), phone numbers, validation."""

from __future__ import annotations

import json

import aiohttp
import pytest

from ringcentral_async.testing import FakeRingCentral

from .conftest import Get, ManualClock

EXT = "/restapi/v1.0/account/~/extension"


async def test_account_info(fake: FakeRingCentral, get: Get) -> None:
    status, headers, body = await get("/restapi/v1.0/account/~")
    assert status == 200 and body["id"] == fake.account_id
    assert body["uri"].startswith(fake.url) and headers["RCRequestId"]
    status, _, body = await get(f"/restapi/v1.0/account/{fake.account_id}")
    assert status == 200
    status, _, body = await get("/restapi/v1.0/account/999")
    assert status == 404 and body["errors"][0]["parameterName"] == "accountId"


async def test_extension_list_paging(fake: FakeRingCentral, get: Get) -> None:
    status, _, body = await get(EXT, {"perPage": "7", "page": "2"})
    assert status == 200
    assert body["paging"] == {
        "page": 2,
        "totalPages": 5,
        "perPage": 7,
        "totalElements": 30,
        "pageStart": 7,
        "pageEnd": 13,
    }
    nav = body["navigation"]
    assert set(nav) == {"firstPage", "nextPage", "previousPage", "lastPage"}
    assert nav["nextPage"]["uri"].startswith(fake.url + EXT) and "page=3" in nav["nextPage"]["uri"]
    assert "perPage=7" in nav["lastPage"]["uri"] and "page=5" in nav["lastPage"]["uri"]
    assert all(isinstance(r["id"], int) and r["uri"].startswith(fake.url) for r in body["records"])
    _, _, last = await get(nav["lastPage"]["uri"])
    assert len(last["records"]) == 2 and "nextPage" not in last["navigation"]


async def test_all_pages_cover_every_extension_once(fake: FakeRingCentral, get: Get) -> None:
    seen: list[int] = []
    url: str | None = EXT + "?perPage=4"
    while url:
        _, _, body = await get(url)
        seen += [r["id"] for r in body["records"]]
        url = body["navigation"].get("nextPage", {}).get("uri")
    assert sorted(seen) == sorted(e["id"] for e in fake.extensions)
    system = [e for e in fake.extensions if e["id"] == fake.account_id]
    assert system and system[0]["extensionNumber"] == "101"


async def test_page_past_the_end(get: Get) -> None:
    status, _, body = await get(EXT, {"page": "50"})
    assert status == 200 and body["records"] == []
    assert body["paging"] == {"page": 50, "perPage": 100}


async def test_status_and_type_filters_repeat(fake: FakeRingCentral, get: Get) -> None:
    params = [("status", "Disabled"), ("status", "NotActivated")]
    _, _, body = await get(EXT, params)
    expected = [e for e in fake.extensions if e["status"] in ("Disabled", "NotActivated")]
    assert body["paging"]["totalElements"] == len(expected) > 0
    _, _, body = await get(EXT, [("type", "User"), ("status", "Enabled")])
    assert all(r["type"] == "User" and r["status"] == "Enabled" for r in body["records"])
    status, _, body = await get(EXT, {"status": "Bogus"})
    assert status == 400 and body["errors"][0] == {
        "errorCode": "CMN-101",
        "message": "Parameter [status] value is invalid",
        "parameterName": "status",
    }


async def test_per_page_validation(get: Get) -> None:
    for bad in ("0", "-1", "abc", "max"):
        status, _, body = await get(EXT, {"perPage": bad})
        assert status == 400 and body["errors"][0]["parameterName"] == "perPage", bad
    status, _, body = await get(EXT, {"perPage": "5000"})
    assert status == 200 and body["paging"]["perPage"] == 1000
    status, _, body = await get(EXT, {"page": "0"})
    assert status == 400 and body["errors"][0]["parameterName"] == "page"


async def test_extension_info_and_404(fake: FakeRingCentral, get: Get) -> None:
    status, _, body = await get(EXT + "/~")
    assert status == 200 and body["id"] == fake.owner_id and body["contact"]["email"]
    status, _, body = await get(EXT + "/12345")
    assert status == 404 and body["errorCode"] == "CMN-102"
    assert body["errors"][0]["parameterName"] == "extensionId"
    status, _, body = await get(EXT + "/abc")
    assert status == 400 and body["errors"][0]["errorCode"] == "CMN-101"


async def test_bulk_extensions_multipart_mixed(fake: FakeRingCentral, get: Get) -> None:
    ids = [str(e["id"]) for e in fake.extensions[:2]] + ["1"]
    status, headers, raw = await get(EXT + "/" + ",".join(ids))
    assert status == 207 and headers["Content-Type"].startswith("multipart/mixed; boundary=")
    boundary = headers["Content-Type"].split("boundary=")[1]
    chunks = raw.decode().split("--" + boundary)
    assert chunks[-1].strip() == "--"
    parts = [json.loads(c.split("\r\n\r\n", 1)[1]) for c in chunks[1:-1]]
    summary = parts[0]["response"]
    assert [s["status"] for s in summary] == [200, 200, 404]
    assert summary[0]["href"].endswith("/extension/" + ids[0])
    assert parts[1]["id"] == int(ids[0]) and parts[3]["errors"][0]["errorCode"] == "CMN-102"


async def test_bulk_extensions_multipart_json(fake: FakeRingCentral, get: Get) -> None:
    ids = [str(e["id"]) for e in fake.extensions[:2]] + ["1"]
    accept = {"Accept": "application/vnd.ringcentral.multipart+json"}
    status, _, body = await get(EXT + "/" + ",".join(ids), headers=accept)
    assert status == 207
    assert [(p["resourceId"], p["status"]) for p in body] == [
        (ids[0], 200),
        (ids[1], 200),
        ("1", 404),
    ]
    assert body[0]["body"]["id"] == int(ids[0])


async def test_phone_numbers(fake: FakeRingCentral, get: Get) -> None:
    status, _, body = await get("/restapi/v1.0/account/~/phone-number", {"perPage": "5"})
    assert status == 200 and body["paging"]["totalElements"] == len(fake.phone_numbers)
    assert body["records"][0]["usageType"] == "MainCompanyNumber"
    user = next(n["extension"]["id"] for n in fake.phone_numbers if "extension" in n)
    _, _, body = await get(f"{EXT}/{user}/phone-number")
    assert body["records"] and all(r["extension"]["id"] == user for r in body["records"])


async def test_mutation_from_python(fake: FakeRingCentral, get: Get) -> None:
    added = fake.add_extension(name="New Person", extensionNumber="999", status="Disabled")
    _, _, body = await get(f"{EXT}/{added['id']}")
    assert body["name"] == "New Person" and body["status"] == "Disabled"
    fake.update_extension(added["id"], status="Enabled", contact={"email": "n@example.com"})
    _, _, body = await get(f"{EXT}/{added['id']}")
    assert body["status"] == "Enabled" and body["contact"]["email"] == "n@example.com"
    fake.remove_extension(added["id"])
    assert (await get(f"{EXT}/{added['id']}"))[0] == 404


async def test_unknown_route_is_404(get: Get) -> None:
    status, headers, body = await get("/restapi/v1.0/nowhere")
    assert status == 404 and body["errors"][0]["errorCode"] == "CMN-120"
    assert headers["RCRequestId"]


async def test_data_is_deterministic(clock: ManualClock) -> None:
    async with FakeRingCentral(extensions=5, call_log_records=10, seed=9, clock=clock) as a:
        first = (a.extensions, a.call_records, a.phone_numbers)
    async with FakeRingCentral(extensions=5, call_log_records=10, seed=9, clock=clock) as b:
        assert (b.extensions, b.call_records, b.phone_numbers) == first


async def test_type_and_number_filters_are_validated(fake: FakeRingCentral, get: Get) -> None:
    status, _, body = await get(EXT, [("type", "User"), ("type", "TakeMessageOnly")])
    assert status == 400 and body["errors"][0]["parameterName"] == "type"
    _, _, body = await get(EXT, [("type", "IvrMenu"), ("type", "Department")])
    expected = {e["id"] for e in fake.extensions if e["type"] in ("IvrMenu", "Department")}
    assert {r["id"] for r in body["records"]} == expected
    status, _, body = await get(EXT, {"extensionNumber": "123456789"})
    assert status == 400 and body["errors"][0]["parameterName"] == "extensionNumber"
    _, _, body = await get(EXT, {"extensionNumber": "101"})
    assert [r["id"] for r in body["records"]] == [fake.account_id]


async def test_empty_result_has_zero_totals(get: Get) -> None:
    _, _, body = await get(EXT, {"extensionNumber": "99999"})
    assert body["records"] == []
    assert body["paging"]["totalElements"] == 0 and body["paging"]["totalPages"] == 0
    assert "nextPage" not in body["navigation"]


async def test_bulk_extension_id_cap(fake: FakeRingCentral, get: Get) -> None:
    ids = [str(e["id"]) for e in fake.extensions] * 2
    accept = {"Accept": "application/vnd.ringcentral.multipart+json"}
    status, headers, body = await get(EXT + "/" + ",".join(ids[:50]), headers=accept)
    assert status == 207 and len(body) == 50
    assert headers["Content-Type"].startswith("application/vnd.ringcentral.multipart+json")
    status, _, body = await get(EXT + "/" + ",".join(ids[:51]), headers=accept)
    assert status == 400 and body["errors"][0]["errorCode"] == "CMN-106"
    assert "50" in body["message"]


async def test_start_close_and_sizes(session: aiohttp.ClientSession) -> None:
    fake = FakeRingCentral(extensions=7, call_log_records=11, phone_numbers=3, seed=1)
    assert fake.url == ""
    await fake.start()
    await fake.start()  # idempotent
    try:
        assert fake.url.startswith("http://127.0.0.1:")
        assert len(fake.extensions) == 7 and len(fake.phone_numbers) == 3
        assert len(fake.call_records) == 11
        assert fake.client_id and fake.client_secret and fake.jwt and fake.password
        assert fake.username == fake.phone_numbers[0]["phoneNumber"]
        async with session.get(fake.url + "/restapi/v1.0/account/~") as resp:
            assert resp.status == 401
    finally:
        await fake.close()
        await fake.close()
    with pytest.raises(aiohttp.ClientConnectionError):
        async with session.get(fake.url + "/restapi/v1.0/account/~"):
            pass
