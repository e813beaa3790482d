"""rc.call_log.sync / sync_company on the wire: FSync always carries recordCount (the platform
refuses an FSync without it), ISync needs its token, and bad arguments fail before sending."""

from __future__ import annotations

import re
from typing import Any

import pytest
from _helpers import CLIENT_ID, CLIENT_SECRET, JWT, SERVER, TOKEN_URL, all_calls, token_body
from aioresponses import aioresponses

from ringcentral_async import ConfigurationError, RingCentral

ACC = SERVER + "/restapi/v1.0/account/~"
SYNC_BODY = {
    "uri": ACC + "/call-log-sync",
    "records": [],
    "syncInfo": {"syncType": "FSync", "syncToken": "tok-1", "syncTime": "2026-02-03T04:05:06Z"},
}


async def _login(mock_api: aioresponses) -> RingCentral:
    rc = RingCentral(CLIENT_ID, CLIENT_SECRET, throttle=False)
    mock_api.post(TOKEN_URL, payload=token_body(1), repeat=True)
    await rc.login(jwt=JWT)
    return rc


def _queries(mock_api: aioresponses) -> list[dict[str, str]]:
    return [dict(u.query) for _m, u, _c in all_calls(mock_api) if "call-log-sync" in u.path]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, {"syncType": "FSync", "recordCount": "250"}),
        ({"record_count": 10}, {"syncType": "FSync", "recordCount": "10"}),
        (
            {"sync_type": "ISync", "sync_token": "tok-1"},
            {"syncType": "ISync", "syncToken": "tok-1"},
        ),
        (
            {"sync_type": "ISync", "sync_token": "tok-1", "show_deleted": True},
            {"syncType": "ISync", "syncToken": "tok-1", "showDeleted": "true"},
        ),
    ],
)
@pytest.mark.parametrize("company", [False, True])
async def test_sync_query_on_the_wire(
    mock_api: aioresponses, kwargs: dict[str, Any], expected: dict[str, str], company: bool
) -> None:
    rc = await _login(mock_api)
    mock_api.get(re.compile(r".*/call-log-sync.*"), payload=SYNC_BODY)
    async with rc:
        call = rc.call_log.sync_company if company else rc.call_log.sync
        result = await call(**kwargs)
    assert _queries(mock_api) == [expected]
    assert result.sync_info is not None
    assert result.sync_info.sync_token == "tok-1"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"sync_type": "ISync"},  # no token
        {"sync_type": "Partial"},
        {"record_count": 0},
        {"record_count": 251},
        {"record_count": True},
        {"show_deleted": True},  # FSync
        {"view": "Verbose"},
        {"status_group": "Some"},
    ],
)
async def test_bad_sync_arguments_fail_before_sending(
    mock_api: aioresponses, kwargs: dict[str, Any]
) -> None:
    rc = await _login(mock_api)
    async with rc:
        with pytest.raises(ConfigurationError):
            await rc.call_log.sync(**kwargs)
    assert _queries(mock_api) == []
