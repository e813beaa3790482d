"""Models: call recording."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import attrs

from ringcentral_async.models._base import extra_field
from ringcentral_async.models.common import Navigation, Paging

__all__ = [
    "AutomaticRecording",
    "CallRecordingCustomGreeting",
    "CallRecordingCustomGreetingData",
    "CallRecordingCustomGreetingList",
    "CallRecordingExtension",
    "CallRecordingExtensionList",
    "CallRecordingGreeting",
    "CallRecordingGreetingLanguage",
    "CallRecordingSettings",
    "OnDemandRecording",
    "RecordingCallDirection",
    "RecordingGreetingType",
]


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallRecordingSettings:
    """Account call-recording settings."""

    on_demand: OnDemandRecording | None = None
    automatic: AutomaticRecording | None = None
    greetings: list[CallRecordingGreeting] | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class OnDemandRecording:
    """OnDemandRecording."""

    enabled: bool | None = None
    retention_period: int | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class AutomaticRecording:
    """AutomaticRecording."""

    enabled: bool | None = None
    outbound_call_tones: bool | None = None
    outbound_call_announcement: bool | None = None
    allow_mute: bool | None = None
    extension_count: int | None = None
    retention_period: int | None = None
    max_number_limit: int | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallRecordingGreeting:
    """CallRecordingGreeting."""

    type: RecordingGreetingType | str | None = None
    mode: str | None = None
    extra: Mapping[str, Any] = extra_field()


class RecordingGreetingType(StrEnum):
    """RecordingGreetingType values (unknown values are kept as plain strings)."""

    START_RECORDING = "StartRecording"
    STOP_RECORDING = "StopRecording"
    AUTOMATIC_RECORDING = "AutomaticRecording"


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallRecordingCustomGreetingList:
    """The call-recording custom greetings."""

    records: list[CallRecordingCustomGreeting] | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallRecordingCustomGreeting:
    """A custom call-recording greeting."""

    type: RecordingGreetingType | str | None = None
    custom: CallRecordingCustomGreetingData | None = None
    language: CallRecordingGreetingLanguage | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallRecordingCustomGreetingData:
    """Custom greeting data."""

    id: str | None = None
    uri: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallRecordingGreetingLanguage:
    """Custom greeting language."""

    id: str | None = None
    uri: str | None = None
    name: str | None = None
    locale_code: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallRecordingExtensionList:
    """One page of call-recording extensions."""

    uri: str | None = None
    records: list[CallRecordingExtension] | None = None
    navigation: Navigation | None = None
    paging: Paging | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallRecordingExtension:
    """An extension with automatic call recording configured."""

    id: str | None = None
    uri: str | None = None
    extension_number: str | None = None
    type: str | None = None
    call_direction: RecordingCallDirection | str | None = None
    alternate_outbound_call_recording_mode: bool | None = None
    extra: Mapping[str, Any] = extra_field()


class RecordingCallDirection(StrEnum):
    """RecordingCallDirection values (unknown values are kept as plain strings)."""

    OUTBOUND = "Outbound"
    INBOUND = "Inbound"
    ALL = "All"
