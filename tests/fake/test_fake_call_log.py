"""Call log: paging without totals, date range, order, views, filters, bulk ids, sync."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from ringcentral_async.testing import REFERENCE_DATE, FakeRingCentral

from .conftest import Get

COMPANY = "/restapi/v1.0/account/~/call-log"
USER = "/restapi/v1.0/account/~/extension/~/call-log"
ALL = {"dateFrom": "2026-01-01T00:00:00Z", "dateTo": "2026-03-02T00:00:00Z"}


def parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


async def collect(get: Get, path: str, params: dict[str, str]) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    status, _, body = await get(path, params)
    assert status == 200, body
    while True:
        assert "totalPages" not in body["paging"] and "totalElements" not in body["paging"]
        records += body["records"]
        nxt = body["navigation"].get("nextPage")
        if nxt is None:
            return records
        _, _, body = await get(nxt["uri"])


async def test_company_log_pages_without_totals(fake: FakeRingCentral, get: Get) -> None:
    status, _, body = await get(COMPANY, {**ALL, "perPage": "100"})
    assert status == 200
    assert body["paging"] == {"page": 1, "perPage": 100, "pageStart": 0, "pageEnd": 99}
    assert set(body["navigation"]) == {"firstPage", "nextPage"}
    records = await collect(get, COMPANY, {**ALL, "perPage": "100"})
    assert len(records) == 300 == len({r["id"] for r in records})
    starts = [parse(r["startTime"]) for r in records]
    assert starts == sorted(starts, reverse=True)
    assert len(set(starts)) < len(starts), "some records share a startTime"
    assert all(isinstance(r["id"], str) and "legs" not in r for r in records)


async def test_last_page_and_page_past_end(get: Get) -> None:
    _, _, body = await get(COMPANY, {**ALL, "perPage": "100", "page": "3"})
    assert len(body["records"]) == 100 and set(body["navigation"]) == {"firstPage"}
    _, _, body = await get(COMPANY, {**ALL, "perPage": "100", "page": "4"})
    assert body["records"] == [] and body["paging"] == {"page": 4, "perPage": 100}


async def test_default_range_is_last_24_hours(fake: FakeRingCentral, get: Get) -> None:
    records = await collect(get, COMPANY, {"perPage": "max"})
    assert records
    for r in records:
        assert REFERENCE_DATE - timedelta(hours=24) <= parse(r["startTime"]) < REFERENCE_DATE


async def test_date_from_inclusive_date_to_exclusive(fake: FakeRingCentral, get: Get) -> None:
    moment = datetime(2026, 2, 10, 12, 0, tzinfo=UTC)
    a = fake.add_call_record(start=moment)
    b = fake.add_call_record(start=moment + timedelta(seconds=1))
    window = {"dateFrom": "2026-02-10T12:00:00Z", "dateTo": "2026-02-10T12:00:01Z"}
    ids = {r["id"] for r in await collect(get, COMPANY, window)}
    assert a["id"] in ids and b["id"] not in ids
    status, _, body = await get(COMPANY, {"dateFrom": "yesterday"})
    assert status == 400 and body["errors"][0]["parameterName"] == "dateFrom"


async def test_user_log_only_has_the_users_calls(fake: FakeRingCentral, get: Get) -> None:
    fake.add_call_record(extension_id=fake.owner_id)
    records = await collect(get, USER, {**ALL, "perPage": "50"})
    assert records and all(r["extension"]["id"] == fake.owner_id for r in records)
    assert all(f"/extension/{fake.owner_id}/call-log/" in r["uri"] for r in records)


async def test_view_detailed_has_legs(get: Get) -> None:
    _, _, body = await get(COMPANY, {**ALL, "view": "Detailed", "perPage": "20"})
    assert all(r["legs"] and r["legs"][0]["master"] for r in body["records"])
    status, _, body = await get(COMPANY, {**ALL, "view": "Full"})
    assert status == 400 and body["errors"][0]["parameterName"] == "view"


async def test_filters_and_per_page(get: Get) -> None:
    params = [*ALL.items(), ("type", "Voice"), ("direction", "Inbound"), ("perPage", "max")]
    _, _, body = await get(COMPANY, params)
    assert body["paging"]["perPage"] == 1000
    assert all(r["type"] == "Voice" and r["direction"] == "Inbound" for r in body["records"])
    for bad in ({"perPage": "0"}, {"perPage": "x"}, {"type": "Sms"}, {"direction": "Up"}):
        status, _, body = await get(COMPANY, bad)
        assert status == 400 and body["errors"][0]["errorCode"] == "CMN-101", bad
    _, _, body = await get(COMPANY, {**ALL, "perPage": "2000"})
    assert body["paging"]["perPage"] == 1000


async def test_record_by_id_and_bulk(fake: FakeRingCentral, get: Get) -> None:
    ids = [r["id"] for r in fake.call_records[:3]]
    status, _, body = await get(f"{COMPANY}/{ids[0]}")
    assert status == 200 and body["id"] == ids[0] and "legs" not in body
    status, _, body = await get(f"{COMPANY}/{ids[0]}", {"view": "Detailed"})
    assert "legs" in body
    status, _, body = await get(f"{COMPANY}/nope")
    assert status == 404 and body["errors"][0]["parameterName"] == "callRecordId"
    accept = {"Accept": "application/vnd.ringcentral.multipart+json"}
    status, _, body = await get(f"{COMPANY}/{','.join([*ids, 'nope'])}", headers=accept)
    assert status == 207 and [p["status"] for p in body] == [200, 200, 200, 404]
    status, headers, _ = await get(f"{COMPANY}/{','.join(ids)}")
    assert status == 207 and headers["Content-Type"].startswith("multipart/mixed")
    status, _, body = await get(f"{COMPANY}/{','.join(['x'] * 51)}")
    assert status == 400 and body["errors"][0]["errorCode"] == "CMN-106"


async def test_fsync_then_isync(fake: FakeRingCentral, get: Get) -> None:
    sync = "/restapi/v1.0/account/~/call-log-sync"
    status, _, body = await get(sync, {"syncType": "FSync", "recordCount": "250"})
    assert status == 200 and len(body["records"]) == 250
    info = body["syncInfo"]
    assert info["syncType"] == "FSync" and info["syncToken"] and info["syncTime"]
    starts = [parse(r["startTime"]) for r in body["records"]]
    assert starts == sorted(starts, reverse=True)
    assert (await get(sync, {"recordCount": "251"}))[0] == 400
    added = fake.add_call_record()
    gone = fake.call_records[-1]["id"]
    fake.delete_call_record(gone)
    isync = {"syncType": "ISync", "syncToken": info["syncToken"]}
    _, _, body = await get(sync, isync)  # showDeleted defaults to false
    assert body["syncInfo"]["syncType"] == "ISync"
    assert [r["id"] for r in body["records"]] == [added["id"]]
    _, _, body = await get(sync, {**isync, "showDeleted": "true"})
    got = {r["id"]: r for r in body["records"]}
    assert set(got) == {added["id"], gone} and got[gone]["deleted"] is True
    assert "deleted" not in got[added["id"]]
    _, _, body = await get(sync, {"syncType": "ISync", "syncToken": body["syncInfo"]["syncToken"]})
    assert body["records"] == []
    status, _, body = await get(sync, {"syncType": "ISync", "syncToken": "bogus"})
    assert status == 400 and body["errors"][0]["errorCode"].startswith("CLG-")


async def test_isync_overflow_needs_fsync(fake: FakeRingCentral, get: Get) -> None:
    sync = "/restapi/v1.0/account/~/extension/~/call-log-sync"
    _, _, body = await get(sync, {"syncType": "FSync", "recordCount": "10"})
    token = body["syncInfo"]["syncToken"]
    for _ in range(251):
        fake.add_call_record(extension_id=fake.owner_id)
    status, _, body = await get(sync, {"syncType": "ISync", "syncToken": token})
    assert status == 400 and body["errors"][0]["errorCode"] == "CLG-104"
    assert "limit is exceeded" in body["message"]
    status, _, body = await get(sync, {"syncType": "FSync", "recordCount": "250"})
    assert status == 200 and len(body["records"]) == 250


async def test_simple_view_omits_detailed_only_fields(fake: FakeRingCentral, get: Get) -> None:
    """The spec marks legs, billing and lastModifiedTime Detailed-only."""
    detailed_only = {"legs", "billing", "lastModifiedTime"}
    _, _, simple = await get(COMPANY, {**ALL, "perPage": "50"})
    _, _, detailed = await get(COMPANY, {**ALL, "perPage": "50", "view": "Detailed"})
    assert [r["id"] for r in simple["records"]] == [r["id"] for r in detailed["records"]]
    assert all(not detailed_only & set(r) for r in simple["records"])
    assert all(detailed_only <= set(r) for r in detailed["records"])
    record_id = simple["records"][0]["id"]
    _, _, one = await get(f"{COMPANY}/{record_id}")
    assert not detailed_only & set(one)
    sync = "/restapi/v1.0/account/~/call-log-sync"
    _, _, body = await get(sync, {"recordCount": "5"})
    assert all(not detailed_only & set(r) for r in body["records"])
    _, _, body = await get(sync, {"recordCount": "5", "view": "Detailed"})
    assert all(detailed_only <= set(r) for r in body["records"])


async def test_show_deleted_in_lists(fake: FakeRingCentral, get: Get) -> None:
    gone = fake.call_records[0]["id"]
    fake.delete_call_record(gone)
    ids = {r["id"] for r in await collect(get, COMPANY, {**ALL, "perPage": "1000"})}
    assert gone not in ids and len(ids) == 299
    records = await collect(get, COMPANY, {**ALL, "perPage": "1000", "showDeleted": "true"})
    deleted = [r for r in records if r["id"] == gone]
    assert len(records) == 300 and deleted[0]["deleted"] is True
    status, _, body = await get(COMPANY, {"showDeleted": "yes"})
    assert status == 400 and body["errors"][0]["parameterName"] == "showDeleted"
    assert (await get(f"{COMPANY}/{gone}"))[0] == 404


async def test_navigation_next_page_only_while_more_records(get: Get) -> None:
    """300 records: perPage 150 gives exactly 2 pages; perPage 299 leaves one for page 2."""
    _, _, body = await get(COMPANY, {**ALL, "perPage": "150", "page": "2"})
    assert len(body["records"]) == 150 and "nextPage" not in body["navigation"]
    assert body["paging"] == {"page": 2, "perPage": 150, "pageStart": 150, "pageEnd": 299}
    _, _, body = await get(COMPANY, {**ALL, "perPage": "299"})
    assert "nextPage" in body["navigation"]
    _, _, body = await get(body["navigation"]["nextPage"]["uri"])
    assert len(body["records"]) == 1 and "nextPage" not in body["navigation"]
    _, _, body = await get(
        COMPANY, {"dateFrom": "2020-01-01T00:00:00Z", "dateTo": "2020-01-02T00:00:00Z"}
    )
    assert body["records"] == [] and set(body["navigation"]) == {"firstPage"}


async def test_date_range_validation(get: Get) -> None:
    for params in ({"dateTo": "not-a-date"}, {"dateFrom": "2026-13-01T00:00:00Z"}):
        status, _, body = await get(COMPANY, params)
        name = next(iter(params))
        assert status == 400 and body["errors"][0] == {
            "errorCode": "CMN-101",
            "message": f"Parameter [{name}] value is invalid",
            "parameterName": name,
        }


async def test_sync_parameter_rules(fake: FakeRingCentral, get: Get) -> None:
    sync = "/restapi/v1.0/account/~/call-log-sync"
    cases = [
        ({"syncType": "FSync"}, "recordCount"),  # mandatory for FSync
        ({"recordCount": "0"}, "recordCount"),
        ({"recordCount": "many"}, "recordCount"),
        ({"recordCount": "10", "syncType": "Full"}, "syncType"),
        ({"recordCount": "10", "statusGroup": "Some"}, "statusGroup"),
        ({"syncType": "ISync"}, "syncToken"),
        (
            {"recordCount": "10", "dateFrom": (REFERENCE_DATE - timedelta(days=31)).isoformat()},
            "dateFrom",
        ),
    ]
    for params, parameter in cases:
        status, _, body = await get(sync, params)
        assert status == 400, params
        assert body["errors"][0]["errorCode"] == "CMN-101"
        assert body["errors"][0]["parameterName"] == parameter, params
    since = REFERENCE_DATE - timedelta(days=29)
    status, _, body = await get(sync, {"recordCount": "250", "dateFrom": since.isoformat()})
    assert status == 200 and body["records"]
    assert all(parse(r["startTime"]) >= since for r in body["records"])
    token = body["syncInfo"]["syncToken"]
    status, _, body = await get(
        sync, {"syncType": "ISync", "syncToken": token, "recordCount": "251"}
    )
    assert status == 400 and body["errors"][0]["parameterName"] == "recordCount"


async def test_sync_token_belongs_to_its_extension(fake: FakeRingCentral, get: Get) -> None:
    _, _, body = await get("/restapi/v1.0/account/~/call-log-sync", {"recordCount": "1"})
    token = body["syncInfo"]["syncToken"]
    user = "/restapi/v1.0/account/~/extension/~/call-log-sync"
    status, _, body = await get(user, {"syncType": "ISync", "syncToken": token})
    assert status == 400 and body["errors"][0]["errorCode"] == "CLG-101"
    assert body["errors"][0]["parameterName"] == "syncToken"
