"""Timestamps as the platform writes them (ISO 8601, UTC, milliseconds)."""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["format_time", "parse_time"]


def format_time(value: datetime) -> str:
    """An aware datetime -> ``2026-01-02T03:04:05.678Z`` (UTC, milliseconds)."""
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def parse_time(value: str) -> datetime:
    """ISO 8601 (``Z`` or an offset; a bare date is midnight UTC) -> an aware datetime."""
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
