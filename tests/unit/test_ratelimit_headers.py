"""Table-driven tests of the pure rate-limit header parsers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from ringcentral_async._protocol import parse_http_date, parse_retry_after
from ringcentral_async._throttle.headers import (
    RateLimitInfo,
    lower_headers,
    normalise_group,
    parse_rate_limit_headers,
)

NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("0", 0.0),
        ("30", 30.0),
        (" 7 ", 7.0),
        ("1.5", 1.5),
        ("+4", 4.0),
        ("-5", 0.0),
        ("soon", None),
        ("1e3", None),
        ("nan", None),
        ("Sun, 01 Mar 2026 12:02:00 GMT", 120.0),
        ("Sunday, 01-Mar-26 12:00:30 GMT", 30.0),  # RFC 850 form
        ("Sun Mar  1 12:00:10 2026", 10.0),  # asctime form (naive: UTC)
        ("Sun, 01 Mar 2026 11:00:00 GMT", 0.0),  # in the past
        ("Sun, 01 Mar 2026 13:00:00 +0100", 0.0),  # offset date, == NOW
        ("Sun, 99 Foo 2026 12:00:00 GMT", None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, NOW) == expected


def test_parse_retry_after_date_defaults_to_now_and_accepts_naive_now() -> None:
    future = (datetime.now(UTC) + timedelta(seconds=100)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert parse_retry_after(future) == pytest.approx(100, abs=2)
    naive = NOW.replace(tzinfo=None)
    assert parse_retry_after("Sun, 01 Mar 2026 12:01:00 GMT", naive) == 60.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("garbage", None),
        ("Sun, 01 Mar 2026 12:00:00 GMT", NOW),
        ("Sun, 01 Mar 2026 14:00:00 +0200", NOW.astimezone(timezone(timedelta(hours=2)))),
    ],
)
def test_parse_http_date(value: str | None, expected: datetime | None) -> None:
    assert parse_http_date(value) == expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"Content-Type": "application/json"}, None),
        (
            {
                "X-Rate-Limit-Group": "Heavy",
                "X-Rate-Limit-Limit": "10",
                "X-Rate-Limit-Remaining": "9",
                "X-Rate-Limit-Window": "60",
            },
            RateLimitInfo("Heavy", 10, 9, 60.0),
        ),
        # the docs' own example: lower-case group, limit 1000
        (
            {
                "x-rate-limit-group": "light",
                "x-rate-limit-limit": "1000",
                "x-rate-limit-remaining": "999",
                "x-rate-limit-window": "60",
            },
            RateLimitInfo("Light", 1000, 999, 60.0),
        ),
        # the no-dash spelling of basics/formats/responses.md, any case
        (
            {"X-RateLimit-Limit": "40", "X-RATELIMIT-REMAINING": "3", "x-ratelimit-window": "1"},
            RateLimitInfo(None, 40, 3, 1.0),
        ),
        ({"X-Rate-Limit-Group": " MEDIUM "}, RateLimitInfo("Medium", None, None, None)),
        ({"X-Rate-Limit-Group": "SuperHeavy"}, RateLimitInfo("SuperHeavy", None, None, None)),
        ({"X-Rate-Limit-Window": "0.5"}, RateLimitInfo(None, None, None, 0.5)),
        ({"X-Rate-Limit-Remaining": "-2"}, RateLimitInfo(None, None, 0, None)),
        # garbage and nonsense values are dropped
        ({"X-Rate-Limit-Limit": "many", "X-Rate-Limit-Window": "soon"}, None),
        ({"X-Rate-Limit-Limit": "0", "X-Rate-Limit-Window": "-60"}, None),
        ({"X-Rate-Limit-Limit": "inf", "X-Rate-Limit-Remaining": "nan"}, None),
        ({"X-Rate-Limit-Limit": "", "X-Rate-Limit-Group": "  "}, None),
        ({"X-Rate-Limit-Limit": "12.0"}, RateLimitInfo(None, 12, None, None)),
    ],
)
def test_parse_rate_limit_headers(headers: dict[str, str], expected: RateLimitInfo | None) -> None:
    assert parse_rate_limit_headers(headers) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("light", "Light"),
        ("HEAVY", "Heavy"),
        ("auth", "Auth"),
        ("nothrottling", "NoThrottling"),
        (" Medium", "Medium"),
        ("Custom", "Custom"),
    ],
)
def test_normalise_group(name: str, expected: str) -> None:
    assert normalise_group(name) == expected


def test_lower_headers_first_value_wins() -> None:
    assert lower_headers({"Retry-After": "5", "retry-after": "9"}) == {"retry-after": "5"}
