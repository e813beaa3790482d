"""Models: ring out."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import attrs

from ringcentral_async.models._base import extra_field

__all__ = [
    "CallingStatus",
    "RingOutCallerId",
    "RingOutCountry",
    "RingOutFrom",
    "RingOutRequest",
    "RingOutStatus",
    "RingOutStatusInfo",
    "RingOutTo",
]


@attrs.frozen(kw_only=True, weakref_slot=False)
class RingOutRequest:
    """Body of POST .../ring-out: call ``from`` and connect to ``to``."""

    from_: RingOutFrom | None = None
    to: RingOutTo | None = None
    caller_id: RingOutCallerId | None = None
    play_prompt: bool | None = None
    country: RingOutCountry | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class RingOutFrom:
    """Phone number of a caller."""

    phone_number: str | None = None
    forwarding_number_id: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class RingOutTo:
    """Phone number of a called party."""

    phone_number: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class RingOutCallerId:
    """Phone number which will be displayed to the called party."""

    phone_number: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class RingOutCountry:
    """Optional."""

    id: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class RingOutStatus:
    """A RingOut call and its status."""

    id: str | None = None
    uri: str | None = None
    status: RingOutStatusInfo | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class RingOutStatusInfo:
    """Status of the whole RingOut call and of each party."""

    call_status: CallingStatus | str | None = None
    caller_status: CallingStatus | str | None = None
    callee_status: CallingStatus | str | None = None
    extra: Mapping[str, Any] = extra_field()


class CallingStatus(StrEnum):
    """CallingStatus values (unknown values are kept as plain strings)."""

    INVALID = "Invalid"
    SUCCESS = "Success"
    IN_PROGRESS = "InProgress"
    BUSY = "Busy"
    NO_ANSWER = "NoAnswer"
    RING_OUT_FROM_THIS_NUMBER_IS_NOT_SUPPORTED = "RingOutFromThisNumberIsNotSupported"
    REJECTED = "Rejected"
    GENERIC_ERROR = "GenericError"
    FINISHED = "Finished"
    INTERNATIONAL_DISABLED = "InternationalDisabled"
    DESTINATION_BLOCKED = "DestinationBlocked"
    NOT_ENOUGH_FUNDS = "NotEnoughFunds"
    NOSUCH_USER = "NosuchUser"
    ERROR = "Error"
    CANNOT_REACH = "CannotReach"
    NO_ANSWERING_MACHINE = "NoAnsweringMachine"
    NO_SESSION_FOUND = "NoSessionFound"
    UNKNOWN = "Unknown"
