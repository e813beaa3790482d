"""Closed enumerations of query parameters: a value outside them raises before sending.

Response enumerations (in ``ringcentral_async.models``) are open: an unknown value the
platform adds is kept as a string. Query parameters are checked against the spec's closed
lists instead, so a typo is caught before a request (and a usage-plan slot) is spent.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "CallDirectionFilter",
    "CallLogView",
    "CallTransportFilter",
    "CallTypeFilter",
    "ExtensionStatusFilter",
    "RecordingTypeFilter",
    "SyncStatusGroup",
    "SyncType",
]


class CallLogView(StrEnum):
    """``view`` of the call log: Detailed adds legs, billing and lastModifiedTime."""

    SIMPLE = "Simple"
    DETAILED = "Detailed"


class CallDirectionFilter(StrEnum):
    """``direction`` filter of the call log."""

    INBOUND = "Inbound"
    OUTBOUND = "Outbound"


class CallTypeFilter(StrEnum):
    """``type`` filter of the call log."""

    VOICE = "Voice"
    FAX = "Fax"


class CallTransportFilter(StrEnum):
    """``transport`` filter of the user call log."""

    PSTN = "PSTN"
    VOIP = "VoIP"


class RecordingTypeFilter(StrEnum):
    """``recordingType`` filter of the call log."""

    AUTOMATIC = "Automatic"
    ON_DEMAND = "OnDemand"
    ALL = "All"


class ExtensionStatusFilter(StrEnum):
    """``status`` filter of the extension list."""

    ENABLED = "Enabled"
    DISABLED = "Disabled"
    FROZEN = "Frozen"
    NOT_ACTIVATED = "NotActivated"
    UNASSIGNED = "Unassigned"


class SyncType(StrEnum):
    """``syncType`` of call-log sync."""

    FSYNC = "FSync"
    ISYNC = "ISync"


class SyncStatusGroup(StrEnum):
    """``statusGroup`` of call-log sync."""

    MISSED = "Missed"
    ALL = "All"
