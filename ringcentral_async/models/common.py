"""Models: common."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import attrs

from ringcentral_async.models._base import extra_field

__all__ = [
    "AudioContentType",
    "CountryInfo",
    "ExtensionIdRef",
    "ExtensionStatus",
    "ExtensionSubType",
    "ExtensionType",
    "Navigation",
    "NavigationLink",
    "Paging",
    "SiteInfo",
]


@attrs.frozen(kw_only=True, weakref_slot=False)
class Paging:
    """Paging block of a list response (``page``/``totalPages`` scheme)."""

    per_page: int | None = None
    page: int | None = None
    page_start: int | None = None
    page_end: int | None = None
    total_pages: int | None = None
    total_elements: int | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class Navigation:
    """Links to the first/next/previous/last pages of a list response."""

    first_page: NavigationLink | None = None
    next_page: NavigationLink | None = None
    previous_page: NavigationLink | None = None
    last_page: NavigationLink | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class NavigationLink:
    """One navigation link (``uri``)."""

    uri: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CountryInfo:
    """A country reference (id, ISO code, calling code, name)."""

    id: str | None = None
    uri: str | None = None
    name: str | None = None
    iso_code: str | None = None
    calling_code: str | None = None
    extra: Mapping[str, Any] = extra_field()


class AudioContentType(StrEnum):
    """AudioContentType values (unknown values are kept as plain strings)."""

    AUDIO_MPEG = "audio/mpeg"
    AUDIO_WAV = "audio/wav"


class ExtensionStatus(StrEnum):
    """ExtensionStatus values (unknown values are kept as plain strings)."""

    ENABLED = "Enabled"
    DISABLED = "Disabled"
    FROZEN = "Frozen"
    NOT_ACTIVATED = "NotActivated"
    UNASSIGNED = "Unassigned"


class ExtensionType(StrEnum):
    """ExtensionType values (unknown values are kept as plain strings)."""

    USER = "User"
    DEPARTMENT = "Department"
    ANNOUNCEMENT = "Announcement"
    VOICEMAIL = "Voicemail"
    DIGITAL_USER = "DigitalUser"
    VIRTUAL_USER = "VirtualUser"
    FAX_USER = "FaxUser"
    PAGING_ONLY = "PagingOnly"
    SHARED_LINES_GROUP = "SharedLinesGroup"
    DELEGATED_LINES_GROUP = "DelegatedLinesGroup"
    GROUP_CALL_PICKUP = "GroupCallPickup"
    IVR_MENU = "IvrMenu"
    APPLICATION_EXTENSION = "ApplicationExtension"
    PROXY_ADMIN = "ProxyAdmin"
    ROOM_CONNECTOR = "RoomConnector"
    PARK_LOCATION = "ParkLocation"
    LIMITED = "Limited"
    BOT = "Bot"
    SITE = "Site"
    ROOM = "Room"
    FLEXIBLE_USER = "FlexibleUser"
    TIE_LINE = "TieLine"
    UNKNOWN = "Unknown"


class ExtensionSubType(StrEnum):
    """ExtensionSubType values (unknown values are kept as plain strings)."""

    VIDEO_PRO = "VideoPro"
    VIDEO_PRO_PLUS = "VideoProPlus"
    DIGITAL_SIGNAGE_ONLY_ROOMS = "DigitalSignageOnlyRooms"
    UNKNOWN = "Unknown"
    EMERGENCY = "Emergency"


@attrs.frozen(kw_only=True, weakref_slot=False)
class ExtensionIdRef:
    """A reference to an extension (or greeting) by id."""

    id: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class SiteInfo:
    """A site reference (id and name)."""

    id: str | None = None
    name: str | None = None
    extra: Mapping[str, Any] = extra_field()
