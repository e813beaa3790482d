"""rc.stream shares the request's attempt loop: 429s, transient failures of idempotent
methods and one 401 replay are retried before the response is handed out, never after; the
token lease ends when the headers are in, the throttle slot when the caller is done."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
import pytest
from _helpers import CLIENT_ID, CLIENT_SECRET, JWT, SECRETS, SERVER, TOKEN_URL, calls, token_body
from aioresponses import aioresponses

from ringcentral_async import RingCentral, ServerError, Throttle, TransportError

MEDIA = SERVER + "/restapi/v1.0/account/1/recording/2/content"
RATE_429 = {"errors": [{"errorCode": "CMN-301", "message": "m"}]}


class Sleeps:
    """A recording replacement for the pipeline's sleep."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


async def _logged_in(mock_api: aioresponses, **kwargs: Any) -> tuple[RingCentral, Sleeps]:
    kwargs.setdefault("throttle", False)
    sleeps = Sleeps()
    rc = RingCentral(CLIENT_ID, CLIENT_SECRET, sleep=sleeps, **kwargs)
    mock_api.post(TOKEN_URL, payload=token_body(1))
    mock_api.post(TOKEN_URL, payload=token_body(2))
    await rc.login(jwt=JWT)
    return rc, sleeps


async def _read(rc: RingCentral, method: str = "GET", url: str = MEDIA) -> bytes:
    async with rc.stream(method, url) as resp:
        return await resp.content.read()


async def test_a_get_stream_is_retried_after_a_429(mock_api: aioresponses) -> None:
    rc, sleeps = await _logged_in(mock_api)
    mock_api.get(MEDIA, status=429, payload=RATE_429, headers={"Retry-After": "2"})
    mock_api.get(MEDIA, body=b"audio", content_type="audio/mpeg")
    async with rc:
        assert await _read(rc) == b"audio"
    assert sleeps.delays == [2.0]
    assert len(calls(mock_api, "GET", MEDIA)) == 2


async def test_a_stream_429_waits_out_the_throttles_group_pause(mock_api: aioresponses) -> None:
    """With a throttle the 429 pauses the group; the retry waits in its next slot."""
    now = [1000.0]

    async def sleep(delay: float) -> None:
        now[0] += delay
        await asyncio.sleep(0)

    throttle = Throttle(clock=lambda: now[0], sleep=sleep)
    rc, sleeps = await _logged_in(mock_api, throttle=throttle)
    mock_api.get(MEDIA, status=429, payload=RATE_429, headers={"Retry-After": "7"})
    mock_api.get(MEDIA, body=b"audio")
    started = now[0]
    async with rc:
        assert await _read(rc) == b"audio"
    assert sleeps.delays == []  # the call itself did not sleep: its slot waited
    assert now[0] - started >= 7.0
    assert len(calls(mock_api, "GET", MEDIA)) == 2


async def test_a_get_stream_is_retried_after_a_503(mock_api: aioresponses) -> None:
    rc, sleeps = await _logged_in(mock_api)
    mock_api.get(MEDIA, status=503)
    mock_api.get(MEDIA, body=b"audio")
    async with rc:
        assert await _read(rc) == b"audio"
    assert len(sleeps.delays) == 1
    assert len(calls(mock_api, "GET", MEDIA)) == 2


async def test_a_get_stream_honours_a_503_retry_after(mock_api: aioresponses) -> None:
    rc, sleeps = await _logged_in(mock_api)
    mock_api.get(MEDIA, status=503, headers={"Retry-After": "3"})
    mock_api.get(MEDIA, body=b"audio")
    async with rc:
        assert await _read(rc) == b"audio"
    assert sleeps.delays == [3.0]


async def test_a_get_stream_is_retried_after_a_connection_error(mock_api: aioresponses) -> None:
    rc, sleeps = await _logged_in(mock_api)
    mock_api.get(MEDIA, exception=aiohttp.ClientConnectionError("reset"))
    mock_api.get(MEDIA, body=b"audio")
    async with rc:
        assert await _read(rc) == b"audio"
    assert len(sleeps.delays) == 1


async def test_a_get_stream_gives_up_after_max_retries(mock_api: aioresponses) -> None:
    rc, sleeps = await _logged_in(mock_api, max_retries=2)
    mock_api.get(MEDIA, status=503, repeat=True)
    async with rc:
        with pytest.raises(ServerError):
            await _read(rc)
    assert len(calls(mock_api, "GET", MEDIA)) == 3
    assert len(sleeps.delays) == 2


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_a_post_stream_is_never_resent_after_a_5xx(
    mock_api: aioresponses, status: int
) -> None:
    rc, sleeps = await _logged_in(mock_api)
    mock_api.post(MEDIA, status=status, repeat=True)
    async with rc:
        with pytest.raises(ServerError):
            await _read(rc, "POST")
    assert len(calls(mock_api, "POST", MEDIA)) == 1
    assert sleeps.delays == []


async def test_a_post_stream_is_never_resent_after_a_connection_error(
    mock_api: aioresponses,
) -> None:
    rc, sleeps = await _logged_in(mock_api)
    mock_api.post(MEDIA, exception=aiohttp.ClientConnectionError("reset"))
    mock_api.post(MEDIA, body=b"late")
    async with rc:
        with pytest.raises(TransportError):
            await _read(rc, "POST")
    assert len(calls(mock_api, "POST", MEDIA)) == 1
    assert sleeps.delays == []


async def test_a_post_stream_is_retried_after_a_429_like_a_post_request(
    mock_api: aioresponses,
) -> None:
    """A 429 means the request was refused unprocessed: any method is sent again."""
    rc, sleeps = await _logged_in(mock_api)
    mock_api.post(MEDIA, status=429, payload=RATE_429, headers={"Retry-After": "1"})
    mock_api.post(MEDIA, body=b"done")
    async with rc:
        assert await _read(rc, "POST") == b"done"
    assert sleeps.delays == [1.0]


async def test_a_stream_401_is_refreshed_and_replayed_once(mock_api: aioresponses) -> None:
    rc, _ = await _logged_in(mock_api)
    mock_api.get(MEDIA, status=401, payload={"errorCode": "OAU-128"})
    mock_api.get(MEDIA, body=b"audio")
    async with rc:
        assert await _read(rc) == b"audio"
    first, second = calls(mock_api, "GET", MEDIA)
    assert first.kwargs["headers"]["Authorization"] == "Bearer ACCESS-SECRET-1"
    assert second.kwargs["headers"]["Authorization"] == "Bearer ACCESS-SECRET-2"


async def test_an_error_raised_while_the_caller_holds_the_stream_is_not_retried(
    mock_api: aioresponses,
) -> None:
    """Once handed out the response is the caller's: its errors pass through unchanged."""
    rc, sleeps = await _logged_in(mock_api)
    mock_api.get(MEDIA, body=b"audio", repeat=True)
    mine = ServerError(503)
    async with rc:
        with pytest.raises(ServerError) as caught:
            async with rc.stream("GET", MEDIA):
                raise mine
    assert caught.value is mine
    assert len(calls(mock_api, "GET", MEDIA)) == 1
    assert sleeps.delays == []


async def test_the_lease_ends_with_the_headers_and_the_slot_with_the_caller(
    mock_api: aioresponses,
) -> None:
    rc, _ = await _logged_in(mock_api)
    slots: list[str] = []

    class Slot:
        def observe(self, status: int, headers: Any) -> None:
            slots.append(f"observe {status}")

        async def __aenter__(self) -> Slot:
            slots.append("in")
            return self

        async def __aexit__(self, *exc: object) -> None:
            slots.append("out")

    class Recorder:
        max_pause = 300.0
        pauses_groups = True

        def pause_remaining(self, group: str) -> float:
            return 0.0

        def slot(self, group: str | None, *, operation: Any = None) -> Slot:
            return Slot()

    rc._pipeline.throttle = Recorder()
    mock_api.get(MEDIA, body=b"audio")
    async with rc, rc.stream("GET", MEDIA) as resp:
        assert rc._auth._lease_book.count == 0  # a refresh need not wait for this body
        assert slots == ["in", "observe 200"]  # the slot is held while the body is read
        assert await resp.content.read() == b"audio"
    assert slots == ["in", "observe 200", "out"]


async def test_stream_attempts_are_logged_without_secrets(
    mock_api: aioresponses, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="ringcentral_async")
    rc, _ = await _logged_in(mock_api)
    url = MEDIA + "?access_token=ACCESS-SECRET-1"
    mock_api.get(url, status=503, headers={"RCRequestId": "req-1"})
    mock_api.get(url, body=b"audio", headers={"RCRequestId": "req-2"})
    async with rc:
        assert await _read(rc, url=url) == b"audio"
    lines = [r.getMessage() for r in caplog.records]
    path = "/restapi/v1.0/account/1/recording/2/content"
    assert any(line.startswith(f"GET {path} -> 503 in ") and "req-1" in line for line in lines)
    assert any(line.startswith(f"GET {path} -> 200 in ") and "req-2" in line for line in lines)
    assert any(line.startswith(f"retrying GET {path} in ") for line in lines)
    blob = "\n".join(lines)
    for secret in SECRETS:
        assert secret not in blob, secret
