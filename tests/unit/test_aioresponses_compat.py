"""Proves aioresponses mocking works on the installed aiohttp (see tests/conftest.py)."""

from __future__ import annotations

import inspect

import aiohttp
import pytest
from aioresponses import CallbackResult, aioresponses


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


async def test_callbacks_bodies_and_exceptions_work_too(mock_api: aioresponses) -> None:
    url = "https://platform.ringcentral.com/restapi/oauth/token"

    async def answer(u: object, **kwargs: object) -> CallbackResult:
        return CallbackResult(status=201, body=b"raw", content_type="text/plain")

    mock_api.post(url, callback=answer)
    mock_api.post(url, exception=aiohttp.ServerDisconnectedError())
    async with aiohttp.ClientSession() as session:
        async with session.post(url, data={"a": "b"}) as resp:
            assert (resp.status, await resp.read()) == (201, b"raw")
        with pytest.raises(aiohttp.ServerDisconnectedError):
            await session.post(url)


async def test_the_shim_is_still_needed() -> None:
    """Unpatched aioresponses fails on this aiohttp; the fixture's shim is what makes it work.
    When this is skipped, aioresponses passes ``stream_writer`` itself: drop the shim."""
    if "stream_writer" not in inspect.signature(aiohttp.ClientResponse.__init__).parameters:
        pytest.skip("this aiohttp does not require stream_writer")
    url = "https://platform.ringcentral.com/restapi/v1.0"
    with aioresponses() as bare:
        bare.get(url, payload={})
        async with aiohttp.ClientSession() as session:
            try:
                await session.get(url)
            except TypeError as exc:
                assert "stream_writer" in str(exc)
            else:
                pytest.skip("aioresponses works unpatched now: the compat shim can go")
