"""Property-based tests of the pure rate-limit and Retry-After parsers.

For any input (arbitrary header text, arbitrary header dicts) each parser returns a value
inside its documented bounds (finite, non-negative, clamped) or None, and never raises.
Example counts are modest so the file runs in a few seconds; no example database is
written (``database=None``).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from ringcentral_async._config import (
    RATE_GROUP_NAME_MAX,
    RATE_LIMIT_MAX,
    RATE_WINDOW_MAX,
    RATE_WINDOW_MIN,
    RETRY_AFTER_MAX,
)
from ringcentral_async._protocol import parse_http_date, parse_retry_after, retry_after_seconds
from ringcentral_async._spec import GROUPS, NO_THROTTLING
from ringcentral_async._throttle.headers import (
    RateLimitInfo,
    lower_headers,
    normalise_group,
    parse_lowered_rate_limit_headers,
    parse_rate_limit_headers,
)

FEW = settings(database=None, max_examples=60, deadline=None)

_SUFFIXES = ("Group", "Limit", "Remaining", "Window")
_NAMES = [
    prefix + suffix
    for prefix in ("X-Rate-Limit-", "X-RateLimit-", "x-rate-limit-", "X-RATE-LIMIT-")
    for suffix in _SUFFIXES
]

#: Text a server might put in a numeric header: numbers of every size and shape, and junk.
numberish = st.one_of(
    st.integers().map(str),
    st.integers(min_value=-(10**500), max_value=10**500).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats().map(lambda f: f"{f:f}"),
    st.sampled_from(["nan", "inf", "-inf", "Infinity", "1e999", "-0", "0x10", "1_000", " 7 "]),
    st.text(max_size=30),
)
#: Arbitrary text, plus HTTP dates anywhere in datetime's range and with odd offsets.
aware_datetimes = st.datetimes(
    min_value=datetime(1, 1, 2),
    max_value=datetime(9999, 12, 30),
    timezones=st.sampled_from(
        [UTC, timezone(timedelta(hours=14)), timezone(-timedelta(hours=23, minutes=59))]
    ),
)
http_dates = st.one_of(
    aware_datetimes.map(lambda d: format_datetime(d.astimezone(UTC), usegmt=True)),
    aware_datetimes.map(format_datetime),
    st.sampled_from(
        [
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "Mon, 01 Jan 0001 00:00:00 GMT",
            "Thu, 01 Jan 1970 00:00:00 GMT",
            "Sun, 06 Nov 1994 08:49:37 +9999",
            "Sun, 06 Nov 1994 08:49:37 -9999",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Mon, 00 Jan 0000 00:00:00 GMT",
            "Mon, 32 Foo 99999 99:99:99 GMT",
        ]
    ),
)
retry_after_text = st.one_of(numberish, http_dates, st.text(max_size=60))
header_dicts = st.dictionaries(
    st.one_of(st.sampled_from([*_NAMES, "Retry-After", "Date"]), st.text(max_size=20)),
    st.one_of(numberish, st.text(max_size=80), http_dates),
    max_size=10,
)


def _check_info(info: RateLimitInfo | None) -> None:
    if info is None:
        return
    assert isinstance(info, RateLimitInfo)
    assert (info.group, info.limit, info.remaining, info.window) != (None, None, None, None)
    if info.group is not None:
        assert isinstance(info.group, str)
        assert 0 < len(info.group) <= RATE_GROUP_NAME_MAX
        assert info.group.isprintable()
        assert normalise_group(info.group) == info.group
    if info.limit is not None:
        assert isinstance(info.limit, int) and 1 <= info.limit <= RATE_LIMIT_MAX
    if info.remaining is not None:
        assert isinstance(info.remaining, int) and 0 <= info.remaining <= RATE_LIMIT_MAX
    if info.window is not None:
        assert isinstance(info.window, float) and math.isfinite(info.window)
        assert RATE_WINDOW_MIN <= info.window <= RATE_WINDOW_MAX


def _check_seconds(value: float | None) -> None:
    if value is not None:
        assert isinstance(value, float)
        assert math.isfinite(value) and 0.0 <= value <= RETRY_AFTER_MAX


# -- X-Rate-Limit-* -------------------------------------------------------------------------


@FEW
@given(headers=header_dicts)
def test_parse_rate_limit_headers_is_total_and_bounded(headers: dict[str, str]) -> None:
    info = parse_rate_limit_headers(headers)
    _check_info(info)
    assert parse_lowered_rate_limit_headers(lower_headers(headers)) == info


@FEW
@given(values=st.fixed_dictionaries({}, optional={n.lower(): numberish for n in _NAMES[:8]}))
def test_parse_lowered_rate_limit_headers_is_total_and_bounded(values: dict[str, str]) -> None:
    _check_info(parse_lowered_rate_limit_headers(values))


@FEW
@given(limit=numberish, remaining=numberish, window=numberish, group=st.text(max_size=100))
def test_every_rate_header_value_is_clamped(
    limit: str, remaining: str, window: str, group: str
) -> None:
    headers = {
        "X-Rate-Limit-Group": group,
        "X-Rate-Limit-Limit": limit,
        "X-Rate-Limit-Remaining": remaining,
        "X-Rate-Limit-Window": window,
    }
    info = parse_rate_limit_headers(headers)
    _check_info(info)
    number = _float(limit)
    if number is not None and number >= 1:
        assert info is not None and info.limit == int(min(number, RATE_LIMIT_MAX))
    number = _float(remaining)
    if number is not None:
        assert info is not None and info.remaining == int(min(max(number, 0), RATE_LIMIT_MAX))
    number = _float(window)
    if number is not None and number > 0:
        assert info is not None
        assert info.window == min(max(number, RATE_WINDOW_MIN), RATE_WINDOW_MAX)


def _float(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


@FEW
@given(name=st.text(max_size=80))
def test_normalise_group_is_total_and_idempotent(name: str) -> None:
    once = normalise_group(name)
    assert isinstance(once, str)
    assert normalise_group(once) == once
    assert once == once.strip()


@FEW
@given(
    name=st.sampled_from([*GROUPS, NO_THROTTLING]),
    flips=st.lists(st.booleans(), min_size=12, max_size=12),
    pad=st.sampled_from(["", " ", "\t", "  "]),
)
def test_known_group_names_normalise_in_any_case(name: str, flips: list[bool], pad: str) -> None:
    spelled = "".join(c.upper() if f else c.lower() for c, f in zip(name, flips, strict=False))
    assert normalise_group(pad + spelled + pad) == name
    assert parse_rate_limit_headers({"x-rate-limit-group": spelled}) == RateLimitInfo(group=name)


# -- Retry-After ----------------------------------------------------------------------------


@FEW
@given(value=st.one_of(st.none(), retry_after_text), now=st.one_of(st.none(), aware_datetimes))
def test_parse_retry_after_is_total_and_bounded(value: str | None, now: datetime | None) -> None:
    _check_seconds(parse_retry_after(value, now))


@FEW
@given(value=retry_after_text, now=st.datetimes(min_value=datetime(1, 1, 2)))
def test_parse_retry_after_with_a_naive_reference(value: str, now: datetime) -> None:
    _check_seconds(parse_retry_after(value, now))


@FEW
@given(seconds=st.integers(min_value=-(10**400), max_value=10**400))
def test_delta_seconds_are_clamped_not_dropped(seconds: int) -> None:
    expected = 0.0 if seconds <= 0 else min(seconds, RETRY_AFTER_MAX)
    assert parse_retry_after(str(seconds)) == expected


@FEW
@given(headers=header_dicts)
def test_retry_after_seconds_is_total_and_bounded(headers: dict[str, str]) -> None:
    _check_seconds(retry_after_seconds(headers))


@FEW
@given(when=aware_datetimes, delta=st.integers(min_value=-(10**6), max_value=10**6))
def test_an_http_date_is_read_against_the_date_header(when: datetime, delta: int) -> None:
    when = when.replace(microsecond=0)
    try:
        later = when + timedelta(seconds=delta)
    except OverflowError:
        return
    headers = {"Date": format_datetime(when), "Retry-After": format_datetime(later)}
    assert retry_after_seconds(headers) == max(0.0, float(delta))


# -- HTTP dates -----------------------------------------------------------------------------


@FEW
@given(value=st.one_of(st.none(), http_dates, st.text(max_size=60)))
def test_parse_http_date_is_total_and_aware(value: str | None) -> None:
    parsed = parse_http_date(value)
    assert parsed is None or (isinstance(parsed, datetime) and parsed.tzinfo is not None)


@FEW
@given(when=aware_datetimes.filter(lambda d: d.year >= 1000))  # (2-digit years are 19xx)
def test_parse_http_date_round_trips(when: datetime) -> None:
    when = when.replace(microsecond=0)
    assert parse_http_date(format_datetime(when)) == when
