"""RetryPolicy and the pipeline against hostile Retry-After values: a wait the server asks
for is honoured in full up to max_pause, and above it the call gives up at once."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from _helpers import CLIENT_ID, CLIENT_SECRET, JWT, SERVER, TOKEN_URL, calls, token_body
from aioresponses import aioresponses

from ringcentral_async import RateLimitError, RingCentral, ServerError, Throttle
from ringcentral_async._errors import RequestTimeoutError, TransportError
from ringcentral_async._retry import RetryBudget, RetryMode, RetryPolicy

PATH = "/restapi/v1.0/account/~/extension/~"
URL = SERVER + PATH


def _error(status: int, retry_after: str | None) -> ServerError:
    headers = {} if retry_after is None else {"Retry-After": retry_after}
    return ServerError(status, headers=headers)


def _delay(policy: RetryPolicy, error: Exception, idempotent: bool = True) -> float | None:
    return policy.retry_delay(error, 0, iter([0.25]), idempotent=idempotent)


def test_a_5xx_retry_after_within_max_pause_is_waited_in_full() -> None:
    policy = RetryPolicy()
    assert _delay(policy, _error(503, "120")) == 120.0  # not shortened to max_delay (60 s)
    assert _delay(policy, _error(503, "300")) == 300.0
    assert _delay(policy, _error(503, None)) == 0.25  # no Retry-After: the jittered backoff
    assert _delay(policy, _error(503, "-4")) == 0.0


@pytest.mark.parametrize(
    "retry_after",
    ["300.5", "86400", "1000000000", "1" + "0" * 400, "Fri, 31 Dec 9999 23:59:59 GMT"],
)
def test_a_5xx_retry_after_above_max_pause_gives_up_at_once(retry_after: str) -> None:
    assert _delay(RetryPolicy(), _error(503, retry_after)) is None
    assert _delay(RetryPolicy(max_pause=1e13), _error(502, retry_after)) is not None


def test_backoff_without_retry_after_is_unchanged() -> None:
    policy = RetryPolicy(max_pause=1.0)
    assert _delay(policy, RequestTimeoutError("slow")) == 0.25  # the backoff is not capped by it


def test_rate_limit_wait_is_bounded() -> None:
    policy = RetryPolicy(max_pause=10.0)
    assert policy.rate_limit_wait(RateLimitError(429, retry_after=4.0)) == 4.0
    assert policy.rate_limit_wait(RateLimitError(429, retry_after=10.5)) is None
    assert policy.rate_limit_wait(RateLimitError(429)) == 10.0  # default 30 s, capped
    assert RetryPolicy().rate_limit_wait(RateLimitError(429)) == 30.0


class Sleeps:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)
        await asyncio.sleep(0)


async def _logged_in(mock_api: aioresponses, **kwargs: Any) -> tuple[RingCentral, Sleeps]:
    kwargs.setdefault("throttle", False)
    sleeps = Sleeps()
    rc = RingCentral(CLIENT_ID, CLIENT_SECRET, sleep=sleeps, **kwargs)
    mock_api.post(TOKEN_URL, payload=token_body(1), repeat=True)
    await rc.login(jwt=JWT)
    return rc, sleeps


@pytest.mark.parametrize("retry_after", ["1000000000", "Fri, 31 Dec 9999 23:59:59 GMT"])
async def test_429_beyond_max_pause_raises_at_once_without_throttle(
    mock_api: aioresponses, retry_after: str
) -> None:
    rc, sleeps = await _logged_in(mock_api)
    mock_api.get(URL, status=429, headers={"Retry-After": retry_after}, repeat=True)
    async with rc:
        with pytest.raises(RateLimitError) as info:
            await rc.get(PATH)
    assert info.value.retry_after is not None and info.value.retry_after >= 1e9  # as said
    assert sleeps.delays == []
    assert len(calls(mock_api, "GET", URL)) == 1


async def test_429_within_max_pause_is_still_slept_and_retried(mock_api: aioresponses) -> None:
    rc, sleeps = await _logged_in(mock_api)
    mock_api.get(URL, status=429, headers={"Retry-After": "299"})
    mock_api.get(URL, payload={"ok": 1})
    async with rc:
        assert await rc.get(PATH) == {"ok": 1}
    assert sleeps.delays == [299.0]


async def test_429_beyond_max_pause_raises_at_once_with_throttle(mock_api: aioresponses) -> None:
    now = [1000.0]
    slept: list[float] = []

    async def sleep(delay: float) -> None:
        slept.append(delay)
        now[0] += delay
        await asyncio.sleep(0)

    throttle = Throttle(max_pause=60.0, clock=lambda: now[0], sleep=sleep, probe_first=False)
    rc, sleeps = await _logged_in(mock_api, throttle=throttle)
    mock_api.get(URL, status=429, headers={"Retry-After": "61"})
    mock_api.get(URL, payload={"ok": 1}, repeat=True)
    async with rc:
        with pytest.raises(RateLimitError) as info:
            await rc.get(PATH)
        assert info.value.retry_after == 61.0
        assert sleeps.delays == slept == []
        assert throttle.pause_remaining("Light") == pytest.approx(60.0)  # the group: capped
        assert await rc.get(PATH) == {"ok": 1}  # the next call waits out the capped pause
    assert sum(slept) == pytest.approx(60.0, abs=1e-3)


async def test_giving_up_on_a_long_retry_after_is_logged(
    mock_api: aioresponses, caplog: pytest.LogCaptureFixture
) -> None:
    rc, _ = await _logged_in(mock_api)
    mock_api.get(URL, status=429, headers={"Retry-After": "86400"})
    with caplog.at_level(logging.WARNING, logger="ringcentral_async"):
        async with rc:
            with pytest.raises(RateLimitError):
                await rc.get(PATH)
    [line] = [r.getMessage() for r in caplog.records if "HTTP 429" in r.getMessage()]
    assert "asks to wait 86400 s, over max_pause (300 s): not retried" in line


@pytest.mark.parametrize(
    ("mode", "method", "error", "resend"),
    [
        ("method", "GET", ServerError(503), True),
        ("method", "DELETE", RequestTimeoutError("slow"), True),
        ("method", "POST", ServerError(503), False),
        ("method", "PATCH", TransportError("reset"), False),
        ("transient", "POST", ServerError(503), True),  # a replayable token grant
        ("unsent", "POST", TransportError("refused", request_sent=False), True),
        ("unsent", "POST", TransportError("reset"), False),  # may have reached the server
        ("unsent", "POST", ServerError(503), False),
        ("never", "GET", ServerError(503), False),
    ],
)
def test_the_budget_resends_only_what_its_mode_allows(
    mode: RetryMode, method: str, error: Exception, resend: bool
) -> None:
    budget = RetryBudget(RetryPolicy(max_retries=3), mode)
    assert budget.may_resend(method, error) is resend
    assert (budget.backoff(method, error) is not None) is resend
    assert budget.retries == int(resend)


def test_the_budget_counts_429_retries_and_one_replay() -> None:
    budget = RetryBudget(RetryPolicy(max_retries=10))
    rate = RateLimitError(429, retry_after=1.0)
    assert [budget.take_rate_limit_retry(rate) for _ in range(6)] == [True] * 5 + [False]
    assert [budget.take_replay() for _ in range(2)] == [True, False]
    assert not RetryBudget(RetryPolicy(), "never").take_rate_limit_retry(rate)
    assert not RetryBudget(RetryPolicy(max_retries=0)).take_rate_limit_retry(rate)
