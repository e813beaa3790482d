"""Models: blocked and allowed numbers (caller-blocking), and the legacy blocked-number list."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import attrs

from ringcentral_async.models._base import extra_field

__all__ = [
    "BlockedAllowedNumber",
    "BlockedAllowedNumberRequest",
    "BlockedNumber",
    "BlockedNumberStatus",
    "BlockedNumberUpdate",
]


@attrs.frozen(kw_only=True, weakref_slot=False)
class BlockedAllowedNumberRequest:
    """Body of POST/PUT .../caller-blocking/phone-numbers."""

    phone_number: str | None = None
    label: str | None = None
    status: BlockedNumberStatus | str | None = None
    extra: Mapping[str, Any] = extra_field()


class BlockedNumberStatus(StrEnum):
    """BlockedNumberStatus values (unknown values are kept as plain strings)."""

    BLOCKED = "Blocked"
    ALLOWED = "Allowed"


@attrs.frozen(kw_only=True, weakref_slot=False)
class BlockedAllowedNumber:
    """A blocked or allowed phone number (caller-blocking)."""

    id: str | None = None
    uri: str | None = None
    phone_number: str | None = None
    label: str | None = None
    status: BlockedNumberStatus | str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class BlockedNumber:
    """An entry of the legacy blocked-number list (deprecated ``.../blocked-number/{id}``)."""

    id: str | None = None
    uri: str | None = None
    name: str | None = None
    phone_number: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class BlockedNumberUpdate:
    """Body of the legacy PUT ``.../blocked-number/{id}`` (only the name can change)."""

    name: str | None = None
    phone_number: str | None = None
    extra: Mapping[str, Any] = extra_field()
