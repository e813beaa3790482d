"""Models: answering rule actions."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import attrs

from ringcentral_async.models._base import extra_field
from ringcentral_async.models.common import ExtensionIdRef
from ringcentral_async.models.phone_numbers import ForwardingNumberType

__all__ = [
    "AgentExtension",
    "ExternalNumber",
    "FixedOrderAgent",
    "ForwardingRingingMode",
    "ForwardingRule",
    "ForwardingSettings",
    "HoldAudioInterruptionMode",
    "HoldTimeExpirationAction",
    "MaxCallersAction",
    "MissedCallActionType",
    "MissedCallSettings",
    "QueueCallBack",
    "ConfirmationAnnouncement",
    "QueueNoAnswerAction",
    "QueuePositionInQueue",
    "PlaybackFrequency",
    "QueueSettings",
    "QueueTransfer",
    "QueueTransferAction",
    "QueueTransferMode",
    "RuleForwardingNumber",
    "SharedLinesSettings",
    "TransferSettings",
    "UnconditionalForwarding",
    "VoicemailRecipient",
    "VoicemailSettings",
]


@attrs.frozen(kw_only=True, weakref_slot=False)
class ForwardingSettings:
    """Forwarding parameters."""

    notify_my_soft_phones: bool | None = None
    notify_admin_soft_phones: bool | None = None
    soft_phones_ring_count: int | None = None
    soft_phones_always_ring: bool | None = None
    ringing_mode: ForwardingRingingMode | str | None = None
    rules: list[ForwardingRule] | None = None
    soft_phones_position_top: bool | None = None
    mobile_timeout: bool | None = None
    extra: Mapping[str, Any] = extra_field()


class ForwardingRingingMode(StrEnum):
    """ForwardingRingingMode values (unknown values are kept as plain strings)."""

    SEQUENTIALLY = "Sequentially"
    SIMULTANEOUSLY = "Simultaneously"


@attrs.frozen(kw_only=True, weakref_slot=False)
class ForwardingRule:
    """ForwardingRule."""

    index: int | None = None
    ring_count: int | None = None
    enabled: bool | None = None
    forwarding_numbers: list[RuleForwardingNumber] | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class RuleForwardingNumber:
    """RuleForwardingNumber."""

    id: str | None = None
    uri: str | None = None
    phone_number: str | None = None
    label: str | None = None
    type: ForwardingNumberType | str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class UnconditionalForwarding:
    """Unconditional forwarding parameters."""

    phone_number: str | None = None
    action: QueueTransferAction | str | None = None
    extra: Mapping[str, Any] = extra_field()


class QueueTransferAction(StrEnum):
    """QueueTransferAction values (unknown values are kept as plain strings)."""

    HOLD_TIME_EXPIRATION = "HoldTimeExpiration"
    MAX_CALLERS = "MaxCallers"
    NO_ANSWER = "NoAnswer"


@attrs.frozen(kw_only=True, weakref_slot=False)
class QueueSettings:
    """Queue settings applied for department (call queue) extension type,."""

    transfer_mode: QueueTransferMode | str | None = None
    transfer: list[QueueTransfer] | None = None
    no_answer_action: QueueNoAnswerAction | str | None = None
    fixed_order_agents: list[FixedOrderAgent] | None = None
    hold_audio_interruption_mode: HoldAudioInterruptionMode | str | None = None
    hold_audio_interruption_period: int | None = None
    hold_time_expiration_action: HoldTimeExpirationAction | str | None = None
    agent_timeout: int | None = None
    wrap_up_time: int | None = None
    hold_time: int | None = None
    max_callers: int | None = None
    max_callers_action: MaxCallersAction | str | None = None
    unconditional_forwarding: list[UnconditionalForwarding] | None = None
    position_in_queue: QueuePositionInQueue | None = None
    call_back: QueueCallBack | None = None
    extra: Mapping[str, Any] = extra_field()


class QueueTransferMode(StrEnum):
    """QueueTransferMode values (unknown values are kept as plain strings)."""

    ROTATING = "Rotating"
    SIMULTANEOUS = "Simultaneous"
    FIXED_ORDER = "FixedOrder"


@attrs.frozen(kw_only=True, weakref_slot=False)
class QueueTransfer:
    """QueueTransfer."""

    extension: AgentExtension | None = None
    action: QueueTransferAction | str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class AgentExtension:
    """AgentExtension."""

    id: str | None = None
    uri: str | None = None
    name: str | None = None
    extension_number: str | None = None
    extra: Mapping[str, Any] = extra_field()


class QueueNoAnswerAction(StrEnum):
    """QueueNoAnswerAction values (unknown values are kept as plain strings)."""

    WAIT_PRIMARY_MEMBERS = "WaitPrimaryMembers"
    WAIT_PRIMARY_AND_OVERFLOW_MEMBERS = "WaitPrimaryAndOverflowMembers"
    VOICEMAIL = "Voicemail"
    TRANSFER_TO_EXTENSION = "TransferToExtension"
    UNCONDITIONAL_FORWARDING = "UnconditionalForwarding"


@attrs.frozen(kw_only=True, weakref_slot=False)
class FixedOrderAgent:
    """FixedOrderAgent."""

    extension: AgentExtension | None = None
    index: int | None = None
    extra: Mapping[str, Any] = extra_field()


class HoldAudioInterruptionMode(StrEnum):
    """HoldAudioInterruptionMode values (unknown values are kept as plain strings)."""

    NEVER = "Never"
    WHEN_MUSIC_ENDS = "WhenMusicEnds"
    PERIODICALLY = "Periodically"


class HoldTimeExpirationAction(StrEnum):
    """HoldTimeExpirationAction values (unknown values are kept as plain strings)."""

    TRANSFER_TO_EXTENSION = "TransferToExtension"
    UNCONDITIONAL_FORWARDING = "UnconditionalForwarding"
    VOICEMAIL = "Voicemail"


class MaxCallersAction(StrEnum):
    """MaxCallersAction values (unknown values are kept as plain strings)."""

    VOICEMAIL = "Voicemail"
    ANNOUNCEMENT = "Announcement"
    TRANSFER_TO_EXTENSION = "TransferToExtension"
    UNCONDITIONAL_FORWARDING = "UnconditionalForwarding"


@attrs.frozen(kw_only=True, weakref_slot=False)
class QueuePositionInQueue:
    """QueuePositionInQueue."""

    playback_frequency: PlaybackFrequency | str | None = None
    extra: Mapping[str, Any] = extra_field()


class PlaybackFrequency(StrEnum):
    """PlaybackFrequency values (unknown values are kept as plain strings)."""

    EVERY_INTERVAL = "EveryInterval"
    ON_POSITION_CHANGE = "OnPositionChange"


@attrs.frozen(kw_only=True, weakref_slot=False)
class QueueCallBack:
    """QueueCallBack."""

    confirmation_announcements: list[ConfirmationAnnouncement | str] | None = None
    extra: Mapping[str, Any] = extra_field()


class ConfirmationAnnouncement(StrEnum):
    """ConfirmationAnnouncement values (unknown values are kept as plain strings)."""

    POSITION_IN_QUEUE = "PositionInQueue"
    ESTIMATED_WAIT_TIME = "EstimatedWaitTime"


@attrs.frozen(kw_only=True, weakref_slot=False)
class TransferSettings:
    """TransferSettings."""

    extension: AgentExtension | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class VoicemailSettings:
    """Specifies whether to take a voicemail and who should do it."""

    enabled: bool | None = None
    recipient: VoicemailRecipient | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class VoicemailRecipient:
    """Recipient data."""

    id: str | None = None
    uri: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class SharedLinesSettings:
    """SharedLines call handling action settings."""

    timeout: int | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class MissedCallSettings:
    """Specifies behavior for the missed call scenario."""

    action_type: MissedCallActionType | str | None = None
    extension: ExtensionIdRef | None = None
    external_number: ExternalNumber | None = None
    extra: Mapping[str, Any] = extra_field()


class MissedCallActionType(StrEnum):
    """MissedCallActionType values (unknown values are kept as plain strings)."""

    PLAY_GREETING_AND_DISCONNECT = "PlayGreetingAndDisconnect"
    CONNECT_TO_EXTENSION = "ConnectToExtension"
    CONNECT_TO_EXTERNAL_NUMBER = "ConnectToExternalNumber"


@attrs.frozen(kw_only=True, weakref_slot=False)
class ExternalNumber:
    """Specifies an external PSTN number which should be used for the missed call transfer."""

    phone_number: str | None = None
    extra: Mapping[str, Any] = extra_field()
