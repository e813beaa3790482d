"""Models: answering rules."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

import attrs

from ringcentral_async.models._base import extra_field
from ringcentral_async.models.answering_rule_actions import (
    ForwardingSettings,
    MissedCallSettings,
    QueueSettings,
    SharedLinesSettings,
    TransferSettings,
    UnconditionalForwarding,
    VoicemailSettings,
)
from ringcentral_async.models.common import ExtensionIdRef, Navigation, Paging

__all__ = [
    "AnsweringRule",
    "AnsweringRuleCreate",
    "AnsweringRuleList",
    "AnsweringRuleUpdate",
    "CallHandlingAction",
    "CalledNumber",
    "Caller",
    "CompanyAnsweringRule",
    "CompanyAnsweringRuleList",
    "CompanyAnsweringRuleRequest",
    "CompanyAnsweringRuleSummary",
    "CompanyAnsweringRuleUpdate",
    "CompanyCallHandlingAction",
    "DateRange",
    "GreetingType",
    "PresetGreeting",
    "RuleGreeting",
    "RuleType",
    "Schedule",
    "ScheduleRef",
    "TimeInterval",
    "WeeklySchedule",
]


@attrs.frozen(kw_only=True, weakref_slot=False)
class CompanyAnsweringRuleList:
    """One page of company answering rules."""

    uri: str | None = None
    records: list[CompanyAnsweringRuleSummary] | None = None
    paging: Paging | None = None
    navigation: Navigation | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CompanyAnsweringRuleSummary:
    """A company answering rule as listed."""

    id: str | None = None
    uri: str | None = None
    enabled: bool | None = None
    type: RuleType | str | None = None
    name: str | None = None
    called_numbers: list[CalledNumber] | None = None
    extension: ExtensionIdRef | None = None
    extra: Mapping[str, Any] = extra_field()


class RuleType(StrEnum):
    """RuleType values (unknown values are kept as plain strings)."""

    BUSINESS_HOURS = "BusinessHours"
    AFTER_HOURS = "AfterHours"
    CUSTOM = "Custom"


@attrs.frozen(kw_only=True, weakref_slot=False)
class CalledNumber:
    """CalledNumber."""

    phone_number: str | None = None
    id: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CompanyAnsweringRuleRequest:
    """Body of POST /account/{accountId}/answering-rule."""

    name: str | None = None
    enabled: bool | None = None
    type: RuleType | str | None = None
    callers: list[Caller] | None = None
    called_numbers: list[CalledNumber] | None = None
    schedule: Schedule | None = None
    call_handling_action: CompanyCallHandlingAction | str | None = None
    extension: ExtensionIdRef | None = None
    greetings: list[RuleGreeting] | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class Caller:
    """Caller."""

    caller_id: str | None = None
    name: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class Schedule:
    """Schedule when an answering rule should be applied."""

    weekly_ranges: WeeklySchedule | None = None
    ranges: list[DateRange] | None = None
    ref: ScheduleRef | str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class WeeklySchedule:
    """Weekly schedule."""

    monday: list[TimeInterval] | None = None
    tuesday: list[TimeInterval] | None = None
    wednesday: list[TimeInterval] | None = None
    thursday: list[TimeInterval] | None = None
    friday: list[TimeInterval] | None = None
    saturday: list[TimeInterval] | None = None
    sunday: list[TimeInterval] | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class TimeInterval:
    """TimeInterval."""

    from_: str | None = None
    to: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class DateRange:
    """DateRange."""

    from_: datetime | None = None
    to: datetime | None = None
    extra: Mapping[str, Any] = extra_field()


class ScheduleRef(StrEnum):
    """ScheduleRef values (unknown values are kept as plain strings)."""

    BUSINESS_HOURS = "BusinessHours"
    AFTER_HOURS = "AfterHours"


class CompanyCallHandlingAction(StrEnum):
    """CompanyCallHandlingAction values (unknown values are kept as plain strings)."""

    OPERATOR = "Operator"
    DISCONNECT = "Disconnect"
    BYPASS = "Bypass"


@attrs.frozen(kw_only=True, weakref_slot=False)
class RuleGreeting:
    """RuleGreeting."""

    type: GreetingType | str | None = None
    preset: PresetGreeting | None = None
    custom: ExtensionIdRef | None = None
    extra: Mapping[str, Any] = extra_field()


class GreetingType(StrEnum):
    """GreetingType values (unknown values are kept as plain strings)."""

    INTRODUCTORY = "Introductory"
    ANNOUNCEMENT = "Announcement"
    AUTOMATIC_RECORDING = "AutomaticRecording"
    BLOCKED_CALLERS_ALL = "BlockedCallersAll"
    BLOCKED_CALLERS_SPECIFIC = "BlockedCallersSpecific"
    BLOCKED_NO_CALLER_ID = "BlockedNoCallerId"
    BLOCKED_PAY_PHONES = "BlockedPayPhones"
    CONNECTING_MESSAGE = "ConnectingMessage"
    CONNECTING_AUDIO = "ConnectingAudio"
    START_RECORDING = "StartRecording"
    STOP_RECORDING = "StopRecording"
    VOICEMAIL = "Voicemail"
    UNAVAILABLE = "Unavailable"
    INTERRUPT_PROMPT = "InterruptPrompt"
    HOLD_MUSIC = "HoldMusic"
    COMPANY = "Company"


@attrs.frozen(kw_only=True, weakref_slot=False)
class PresetGreeting:
    """PresetGreeting."""

    id: str | None = None
    uri: str | None = None
    name: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CompanyAnsweringRule:
    """A company (auto-receptionist) answering rule."""

    id: str | None = None
    uri: str | None = None
    enabled: bool | None = None
    type: RuleType | str | None = None
    name: str | None = None
    callers: list[Caller] | None = None
    called_numbers: list[CalledNumber] | None = None
    schedule: Schedule | None = None
    call_handling_action: CompanyCallHandlingAction | str | None = None
    extension: ExtensionIdRef | None = None
    greetings: list[RuleGreeting] | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CompanyAnsweringRuleUpdate:
    """Body of PUT /account/{accountId}/answering-rule/{ruleId}."""

    id: str | None = None
    enabled: bool | None = None
    name: str | None = None
    callers: list[Caller] | None = None
    called_numbers: list[CalledNumber] | None = None
    schedule: Schedule | None = None
    call_handling_action: CompanyCallHandlingAction | str | None = None
    type: RuleType | str | None = None
    extension: ExtensionIdRef | None = None
    greetings: list[RuleGreeting] | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class AnsweringRuleList:
    """One page of a user's answering rules."""

    uri: str | None = None
    records: list[AnsweringRule] | None = None
    paging: Paging | None = None
    navigation: Navigation | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class AnsweringRule:
    """A user answering rule (call handling rule)."""

    id: str | None = None
    uri: str | None = None
    type: RuleType | str | None = None
    name: str | None = None
    enabled: bool | None = None
    schedule: Schedule | None = None
    called_numbers: list[CalledNumber] | None = None
    callers: list[Caller] | None = None
    call_handling_action: CallHandlingAction | str | None = None
    forwarding: ForwardingSettings | None = None
    unconditional_forwarding: UnconditionalForwarding | None = None
    queue: QueueSettings | None = None
    transfer: TransferSettings | None = None
    voicemail: VoicemailSettings | None = None
    greetings: list[RuleGreeting] | None = None
    screening: str | bool | None = None
    shared_lines: SharedLinesSettings | None = None
    missed_call: MissedCallSettings | None = None
    extra: Mapping[str, Any] = extra_field()


class CallHandlingAction(StrEnum):
    """CallHandlingAction values (unknown values are kept as plain strings)."""

    FORWARD_CALLS = "ForwardCalls"
    UNCONDITIONAL_FORWARDING = "UnconditionalForwarding"
    AGENT_QUEUE = "AgentQueue"
    TRANSFER_TO_EXTENSION = "TransferToExtension"
    TAKE_MESSAGES_ONLY = "TakeMessagesOnly"
    PLAY_ANNOUNCEMENT_ONLY = "PlayAnnouncementOnly"
    SHARED_LINES = "SharedLines"


@attrs.frozen(kw_only=True, weakref_slot=False)
class AnsweringRuleCreate:
    """Body of POST .../extension/{extensionId}/answering-rule."""

    enabled: bool | None = None
    type: str | None = None
    name: str | None = None
    callers: list[Caller] | None = None
    called_numbers: list[CalledNumber] | None = None
    schedule: Schedule | None = None
    call_handling_action: CallHandlingAction | str | None = None
    forwarding: ForwardingSettings | None = None
    unconditional_forwarding: UnconditionalForwarding | None = None
    queue: QueueSettings | None = None
    transfer: TransferSettings | None = None
    voicemail: VoicemailSettings | None = None
    missed_call: MissedCallSettings | None = None
    greetings: list[RuleGreeting] | None = None
    screening: str | bool | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class AnsweringRuleUpdate:
    """Body of PUT .../extension/{extensionId}/answering-rule/{ruleId}."""

    id: str | None = None
    forwarding: ForwardingSettings | None = None
    enabled: bool | None = None
    name: str | None = None
    callers: list[Caller] | None = None
    called_numbers: list[CalledNumber] | None = None
    schedule: Schedule | None = None
    call_handling_action: CallHandlingAction | str | None = None
    type: RuleType | str | None = None
    unconditional_forwarding: UnconditionalForwarding | None = None
    queue: QueueSettings | None = None
    voicemail: VoicemailSettings | None = None
    missed_call: MissedCallSettings | None = None
    greetings: list[RuleGreeting] | None = None
    screening: str | bool | None = None
    show_inactive_numbers: bool | None = None
    transfer: TransferSettings | None = None
    extra: Mapping[str, Any] = extra_field()
