"""Closed enumerations of query parameters: a value outside them raises before sending.

Response enumerations (in ``ringcentral_async.models``) are open: an unknown value the
platform adds is kept as a string. Query parameters are checked against the spec's closed
lists instead, so a typo is caught before a request (and a usage-plan slot) is spent.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "AnsweringRuleView",
    "CallDirectionFilter",
    "CallLogView",
    "CallTransportFilter",
    "CallTypeFilter",
    "ConferenceTypeFilter",
    "ExtensionStatusFilter",
    "GrantExtensionType",
    "RecordingGreetingTypeFilter",
    "RecordingTypeFilter",
    "RuleTypeFilter",
    "ScaleSize",
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


class GrantExtensionType(StrEnum):
    """``extensionType`` filter of the extension grants."""

    USER = "User"
    FAX_USER = "FaxUser"
    VIRTUAL_USER = "VirtualUser"
    DIGITAL_USER = "DigitalUser"
    DEPARTMENT = "Department"
    ANNOUNCEMENT = "Announcement"
    VOICEMAIL = "Voicemail"
    SHARED_LINES_GROUP = "SharedLinesGroup"
    PAGING_ONLY = "PagingOnly"
    IVR_MENU = "IvrMenu"
    APPLICATION_EXTENSION = "ApplicationExtension"
    PARK_LOCATION = "ParkLocation"
    LIMITED = "Limited"
    BOT = "Bot"
    ROOM = "Room"
    DELEGATED_LINES_GROUP = "DelegatedLinesGroup"


class RuleTypeFilter(StrEnum):
    """``type`` filter of the answering-rule lists."""

    BUSINESS_HOURS = "BusinessHours"
    AFTER_HOURS = "AfterHours"
    CUSTOM = "Custom"


class AnsweringRuleView(StrEnum):
    """``view`` of the user answering-rule list."""

    SIMPLE = "Simple"
    DETAILED = "Detailed"


class ConferenceTypeFilter(StrEnum):
    """``conferenceType`` filter of the active calls."""

    AUDIO_CONFERENCING = "AudioConferencing"
    MEETINGS = "Meetings"


class RecordingGreetingTypeFilter(StrEnum):
    """``type`` filter of the call-recording custom greetings."""

    START_RECORDING = "StartRecording"
    STOP_RECORDING = "StopRecording"
    AUTOMATIC_RECORDING = "AutomaticRecording"


class ScaleSize(StrEnum):
    """``scaleSize`` of the scaled profile image (closed list)."""

    ORIGINAL = "original"
    S90 = "90x90"
    S195 = "195x195"
    S584 = "584x584"
