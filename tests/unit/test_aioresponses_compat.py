"""Proves aioresponses mocking works on the installed aiohttp (see tests/conftest.py)."""

from __future__ import annotations

import aiohttp
from aioresponses import aioresponses


async def test_aioresponses_mocks_a_request(mock_api: aioresponses) -> None:
    mock_api.get(
        "https://platform.ringcentral.com/restapi/v1.0",
        payload={"uri": "x"},
        headers={"X-Rate-Limit-Group": "Light"},
    )
    async with (
        aiohttp.ClientSession() as session,
        session.get("https://platform.ringcentral.com/restapi/v1.0") as resp,
    ):
        assert resp.status == 200
        assert await resp.json() == {"uri": "x"}
        assert resp.headers["X-Rate-Limit-Group"] == "Light"
