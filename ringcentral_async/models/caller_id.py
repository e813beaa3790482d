"""Models: caller id."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import attrs

from ringcentral_async.models._base import extra_field

__all__ = [
    "CallerIdByDevice",
    "CallerIdByFeature",
    "CallerIdByFeatureFeature",
    "CallerIdData",
    "CallerIdDataType",
    "CallerIdDevice",
    "CallerIdInfo",
    "CallerIdPhoneInfo",
]


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallerIdInfo:
    """Caller id settings of an extension (GET/PUT .../caller-id; also the PUT body)."""

    uri: str | None = None
    by_device: list[CallerIdByDevice] | None = None
    by_feature: list[CallerIdByFeature] | None = None
    extension_name_for_outbound_calls: bool | None = None
    extension_number_for_internal_calls: bool | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallerIdByDevice:
    """Caller ID settings by device."""

    device: CallerIdDevice | None = None
    caller_id: CallerIdData | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallerIdDevice:
    """CallerIdDevice."""

    id: str | None = None
    uri: str | None = None
    name: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallerIdData:
    """CallerIdData."""

    type: CallerIdDataType | str | None = None
    phone_info: CallerIdPhoneInfo | None = None
    extra: Mapping[str, Any] = extra_field()


class CallerIdDataType(StrEnum):
    """CallerIdDataType values (unknown values are kept as plain strings)."""

    PHONE_NUMBER = "PhoneNumber"
    BLOCKED = "Blocked"
    CURRENT_LOCATION = "CurrentLocation"


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallerIdPhoneInfo:
    """CallerIdPhoneInfo."""

    id: str | None = None
    uri: str | None = None
    phone_number: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallerIdByFeature:
    """Caller ID settings by feature."""

    feature: CallerIdByFeatureFeature | str | None = None
    caller_id: CallerIdData | None = None
    extra: Mapping[str, Any] = extra_field()


class CallerIdByFeatureFeature(StrEnum):
    """CallerIdByFeatureFeature values (unknown values are kept as plain strings)."""

    RING_OUT = "RingOut"
    RING_ME = "RingMe"
    CALL_FLIP = "CallFlip"
    FAX_NUMBER = "FaxNumber"
    ADDITIONAL_SOFTPHONE = "AdditionalSoftphone"
    ALTERNATE = "Alternate"
    COMMON_PHONE = "CommonPhone"
    MOBILE_APP = "MobileApp"
    DELEGATED = "Delegated"
    BUSINESS_MOBILE = "BusinessMobile"
