"""Timestamps as the platform writes them (ISO 8601, UTC, milliseconds), and range ends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from .. import ConfigurationError

__all__ = ["boundary_time", "format_time", "parse_time"]


def format_time(value: datetime) -> str:
    """An aware datetime -> ``2026-01-02T03:04:05.678Z`` (UTC, milliseconds)."""
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def parse_time(value: str) -> datetime:
    """ISO 8601 (``Z`` or an offset; a bare date is midnight UTC) -> an aware datetime."""
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def boundary_time(name: str, value: datetime | str) -> datetime:
    """A range end given by the caller: an aware datetime or ISO 8601 text, rounded up to
    the next whole millisecond (startTimes have milliseconds); else ConfigurationError."""
    if isinstance(value, str):
        try:
            value = parse_time(value)
        except ValueError:
            raise ConfigurationError(f"{name}={value!r} is not an ISO 8601 date") from None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ConfigurationError(f"{name}: pass an aware datetime or an ISO 8601 string")
    extra = value.microsecond % 1000  # startTimes have milliseconds: round up to one
    return value if not extra else value + timedelta(microseconds=1000 - extra)
