"""Shared pieces of the settings and calls namespaces: path prefixes, closed query enums."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import attrs

from .._errors import ConfigurationError

__all__ = [
    "ACCOUNT",
    "EXTENSION",
    "AnsweringRuleView",
    "ConferenceTypeFilter",
    "GrantExtensionType",
    "RecordingGreetingTypeFilter",
    "RuleTypeFilter",
    "account_path",
    "extension_path",
    "require_fields",
]

ACCOUNT = "/restapi/v1.0/account/{accountId}"
EXTENSION = ACCOUNT + "/extension/{extensionId}"


def account_path(account_id: str | int) -> dict[str, str | int]:
    """Path parameters of an account-level operation."""
    return {"accountId": account_id}


def extension_path(account_id: str | int, extension_id: str | int) -> dict[str, str | int]:
    """Path parameters of an extension-level operation."""
    return {"accountId": account_id, "extensionId": extension_id}


def require_fields(name: str, body: Any, fields: Mapping[str, str]) -> None:
    """Raise before sending when a body lacks a required field.

    ``fields`` maps the attribute name of the model to its wire name (for plain dicts).
    """
    if isinstance(body, Mapping):
        missing = [wire for wire in fields.values() if body.get(wire) is None]
    elif attrs.has(type(body)):
        missing = [wire for attr, wire in fields.items() if getattr(body, attr, None) is None]
    else:
        raise ConfigurationError(f"{name}: the body must be a model instance or a plain dict")
    if missing:
        raise ConfigurationError(f"{name}: the body needs {', '.join(missing)}")


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
