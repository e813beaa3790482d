"""Models: greetings."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import attrs

from ringcentral_async.models._base import extra_field
from ringcentral_async.models.common import AudioContentType

__all__ = [
    "CompanyGreeting",
    "CompanyGreetingType",
    "GreetingAnsweringRuleRef",
    "GreetingLanguageRef",
    "UserGreeting",
    "UserGreetingType",
]


@attrs.frozen(kw_only=True, weakref_slot=False)
class UserGreeting:
    """A custom user greeting."""

    id: str | None = None
    uri: str | None = None
    type: UserGreetingType | str | None = None
    content_type: AudioContentType | str | None = None
    content_uri: str | None = None
    answering_rule: GreetingAnsweringRuleRef | None = None
    text: str | None = None
    extra: Mapping[str, Any] = extra_field()


class UserGreetingType(StrEnum):
    """UserGreetingType values (unknown values are kept as plain strings)."""

    INTRODUCTORY = "Introductory"
    ANNOUNCEMENT = "Announcement"
    INTERRUPT_PROMPT = "InterruptPrompt"
    CONNECTING_AUDIO = "ConnectingAudio"
    CONNECTING_MESSAGE = "ConnectingMessage"
    VOICEMAIL = "Voicemail"
    UNAVAILABLE = "Unavailable"
    HOLD_MUSIC = "HoldMusic"
    PRONOUNCED_NAME = "PronouncedName"
    TEMPLATE_GREETING = "TemplateGreeting"


@attrs.frozen(kw_only=True, weakref_slot=False)
class GreetingAnsweringRuleRef:
    """Information on an answering rule that the greeting is applied to."""

    id: str | None = None
    uri: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CompanyGreeting:
    """A custom company greeting."""

    id: str | None = None
    uri: str | None = None
    type: CompanyGreetingType | str | None = None
    content_type: AudioContentType | str | None = None
    content_uri: str | None = None
    answering_rule: GreetingAnsweringRuleRef | None = None
    language: GreetingLanguageRef | None = None
    text: str | None = None
    extra: Mapping[str, Any] = extra_field()


class CompanyGreetingType(StrEnum):
    """CompanyGreetingType values (unknown values are kept as plain strings)."""

    COMPANY = "Company"
    START_RECORDING = "StartRecording"
    STOP_RECORDING = "StopRecording"
    AUTOMATIC_RECORDING = "AutomaticRecording"
    TEMPLATE_GREETING = "TemplateGreeting"


@attrs.frozen(kw_only=True, weakref_slot=False)
class GreetingLanguageRef:
    """Information on a greeting language."""

    id: str | None = None
    uri: str | None = None
    name: str | None = None
    locale_code: str | None = None
    extra: Mapping[str, Any] = extra_field()
