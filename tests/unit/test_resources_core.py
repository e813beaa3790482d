"""rc.account, rc.extensions and rc.call_log on the wire (aioresponses): method, path, query
and the structured result, plus argument checks made before anything is sent."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from _helpers import CLIENT_ID, CLIENT_SECRET, JWT, SERVER, TOKEN_URL, all_calls, token_body
from aioresponses import aioresponses

from ringcentral_async import ConfigurationError, RingCentral
from ringcentral_async.models import Account, CallLogRecord, Extension
from ringcentral_async.models.call_log_enums import CallDirection

ACC = SERVER + "/restapi/v1.0/account/~"
ANY_API = re.compile(r"^https://platform\.ringcentral\.com/restapi/v1\.0/account/.*")

EXT_RECORD = {
    "id": 101,
    "uri": ACC + "/extension/101",
    "extensionNumber": "101",
    "name": "Ada Lovelace",
    "type": "User",
    "status": "Enabled",
    "contact": {"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"},
    "brandNewField": {"kept": True},
}
CALL = {
    "id": "Abc123",
    "uri": ACC + "/call-log/Abc123",
    "sessionId": "4711",
    "startTime": "2026-02-03T04:05:06.007Z",
    "duration": 42,
    "type": "Voice",
    "direction": "Inbound",
    "action": "Phone Call",
    "result": "Accepted",
    "from": {"phoneNumber": "+14155550123", "name": "Caller"},
    "to": {"phoneNumber": "+16505550100", "extensionNumber": "101"},
    "legs": [{"legType": "Accept", "master": True, "direction": "Inbound", "action": "Phone Call"}],
}


async def _login(mock_api: aioresponses) -> RingCentral:
    rc = RingCentral(CLIENT_ID, CLIENT_SECRET, throttle=False)
    mock_api.post(TOKEN_URL, payload=token_body(1), repeat=True)
    await rc.login(jwt=JWT)
    return rc


def _api(mock_api: aioresponses) -> list[tuple[str, str]]:
    return [(m, str(u)) for m, u, _c in all_calls(mock_api) if "/oauth/" not in u.path]


async def test_account_get(mock_api: aioresponses) -> None:
    rc = await _login(mock_api)
    mock_api.get(ACC, payload={"id": 400, "status": "Confirmed", "mainNumber": "+16505550100"})
    async with rc:
        account = await rc.account.get()
    assert isinstance(account, Account)
    assert account.id == 400
    assert _api(mock_api) == [("GET", ACC)]


async def test_extensions_list_query_paging_and_models(mock_api: aioresponses) -> None:
    rc = await _login(mock_api)
    base = ACC + "/extension?status=Enabled&status=Disabled&type=User&perPage=2"
    paging = {"perPage": 2, "totalPages": 2, "totalElements": 3}
    mock_api.get(
        base,
        payload={
            "records": [EXT_RECORD, dict(EXT_RECORD, id=102)],
            "paging": {**paging, "page": 1},
        },
    )
    mock_api.get(
        base + "&page=2",
        payload={"records": [dict(EXT_RECORD, id=103)], "paging": {**paging, "page": 2}},
    )
    async with rc:
        items = await rc.extensions.list(
            status=["Enabled", "Disabled"], type="User", per_page=2
        ).collect()
    assert [e.id for e in items] == [101, 102, 103]
    assert all(isinstance(e, Extension) for e in items)
    assert items[0].contact is not None and items[0].contact.first_name == "Ada"
    assert items[0].extra == {"brandNewField": {"kept": True}}
    assert [m for m, _ in _api(mock_api)] == ["GET", "GET"]


async def test_extensions_get(mock_api: aioresponses) -> None:
    rc = await _login(mock_api)
    mock_api.get(ACC + "/extension/101", payload=EXT_RECORD)
    mock_api.get(ACC + "/extension/~", payload=EXT_RECORD)
    async with rc:
        assert (await rc.extensions.get(101)).name == "Ada Lovelace"
        assert (await rc.extensions.get()).extension_number == "101"
    assert [u for _, u in _api(mock_api)] == [ACC + "/extension/101", ACC + "/extension/~"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"status": "Sleeping"}, "status"),
        ({"per_page": 0}, "per_page"),
        ({"per_page": 5000}, "per_page"),
        ({"per_page": "max"}, "max"),
    ],
)
async def test_extensions_list_rejects_bad_values_before_sending(
    mock_api: aioresponses, kwargs: dict[str, Any], message: str
) -> None:
    rc = await _login(mock_api)
    async with rc:
        with pytest.raises(ConfigurationError, match=message):
            await rc.extensions.list(**kwargs).collect()
    assert _api(mock_api) == []


async def test_call_log_list_follows_navigation_without_totals(mock_api: aioresponses) -> None:
    rc = await _login(mock_api)
    first = (
        ACC + "/extension/~/call-log?dateFrom=2026-01-01T00:00:00.000Z"
        "&dateTo=2026-03-01T00:00:00.000Z&view=Detailed&direction=Inbound&perPage=1000"
    )
    nxt = first + "&page=2"
    mock_api.get(
        first,
        payload={
            "records": [CALL],
            "paging": {"page": 1, "perPage": 1000},
            "navigation": {"nextPage": {"uri": nxt}},
        },
    )
    mock_api.get(
        nxt,
        payload={
            "records": [dict(CALL, id="Def456")],
            "paging": {"page": 2, "perPage": 1000},
            "navigation": {},
        },
    )
    async with rc:
        records = await rc.call_log.list(
            date_from=datetime(2026, 1, 1, tzinfo=UTC),
            date_to="2026-03-01T00:00:00Z",
            view="Detailed",
            direction="Inbound",
            per_page=1000,
        ).collect()
    assert [r.id for r in records] == ["Abc123", "Def456"]
    record = records[0]
    assert isinstance(record, CallLogRecord)
    assert record.direction is CallDirection.INBOUND
    assert record.from_ is not None and record.from_.phone_number == "+14155550123"
    assert record.start_time == datetime(2026, 2, 3, 4, 5, 6, 7000, tzinfo=UTC)
    assert record.legs is not None and record.legs[0].master is True
    assert len(_api(mock_api)) == 2


async def test_call_log_list_company_and_get(mock_api: aioresponses) -> None:
    rc = await _login(mock_api)
    mock_api.get(
        ACC + "/call-log?view=Simple&type=Voice&type=Fax&perPage=max",
        payload={"records": [CALL], "paging": {"page": 1, "perPage": 1000}},
    )
    mock_api.get(ACC + "/extension/~/call-log/Abc123?view=Detailed", payload=CALL)
    async with rc:
        company = await rc.call_log.list_company(
            view="Simple", type=["Voice", "Fax"], per_page="max"
        ).collect()
        one = await rc.call_log.get("Abc123", view="Detailed")
    assert [r.id for r in company] == ["Abc123"]
    assert one.session_id == "4711"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"view": "Verbose"}, "view"),
        ({"direction": "Sideways"}, "direction"),
        ({"type": ["Voice", "Pigeon"]}, "type"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"date_from": datetime(2026, 1, 1)}, "aware"),
        ({"date_to": "2026-01-01T00:00:00"}, "time zone"),
        ({"date_to": "2026-01-01"}, "time zone"),  # a bare date is naive too
        ({"date_from": date(2026, 1, 1)}, "aware datetime"),
        ({"date_from": 1767225600}, "ISO 8601"),
        ({"per_page": 1001}, "per_page"),
    ],
)
async def test_call_log_rejects_bad_values_before_sending(
    mock_api: aioresponses, kwargs: dict[str, Any], message: str
) -> None:
    rc = await _login(mock_api)
    async with rc:
        with pytest.raises(ConfigurationError, match=message):
            await rc.call_log.list_company(**kwargs).collect()
    assert _api(mock_api) == []
