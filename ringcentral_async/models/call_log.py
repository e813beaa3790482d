"""Models: call log."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from ringcentral_async.models._base import extra_field
from ringcentral_async.models.call_log_enums import (
    CallAction,
    CallDirection,
    CallInternalType,
    CallLegType,
    CallResult,
    CallResultReason,
    CallTransport,
    CallType,
    DelegationType,
    RecordingType,
)
from ringcentral_async.models.common import Navigation, Paging

__all__ = [
    "CallLogBilling",
    "CallLogDelegate",
    "CallLogDevice",
    "CallLogExtensionRef",
    "CallLogLeg",
    "CallLogList",
    "CallLogMessage",
    "CallLogParty",
    "CallLogRecord",
    "CallLogRecordingInfo",
    "TelephonySessionRef",
]


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallLogList:
    """One page of the call log (user, company or active calls)."""

    uri: str | None = None
    records: list[CallLogRecord] | None = None
    navigation: Navigation | None = None
    paging: Paging | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallLogRecord:
    """One call-log record; ``legs`` only in the Detailed view."""

    id: str | None = None
    uri: str | None = None
    extension: CallLogExtensionRef | None = None
    telephony_session_id: str | None = None
    sip_uuid_info: str | None = None
    transfer_target: TelephonySessionRef | None = None
    transferee: TelephonySessionRef | None = None
    party_id: str | None = None
    metadata_categories: list[str] | None = None
    transport: CallTransport | str | None = None
    from_: CallLogParty | None = None
    to: CallLogParty | None = None
    type: CallType | str | None = None
    direction: CallDirection | str | None = None
    message: CallLogMessage | None = None
    delegate: CallLogDelegate | None = None
    delegation_type: DelegationType | str | None = None
    action: CallAction | str | None = None
    result: CallResult | str | None = None
    reason: CallResultReason | str | None = None
    reason_description: str | None = None
    start_time: datetime | None = None
    duration: int | None = None
    duration_ms: int | None = None
    recording: CallLogRecordingInfo | None = None
    short_recording: bool | None = None
    billing: CallLogBilling | None = None
    internal_type: CallInternalType | str | None = None
    finished: bool | None = None
    session_id: str | None = None
    deleted: bool | None = None
    legs: list[CallLogLeg] | None = None
    last_modified_time: datetime | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallLogExtensionRef:
    """The extension a call-log record belongs to."""

    id: int | None = None
    uri: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class TelephonySessionRef:
    """A reference to a telephony session."""

    telephony_session_id: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallLogParty:
    """The caller (``from``) or callee (``to``) of a call-log record or leg."""

    phone_number: str | None = None
    extension_number: str | None = None
    extension_id: str | None = None
    name: str | None = None
    location: str | None = None
    device: CallLogDevice | None = None
    dialer_phone_number: str | None = None
    dialed_phone_number: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallLogDevice:
    """CallLogDevice."""

    id: str | None = None
    uri: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallLogMessage:
    """Linked message (Fax/Voicemail)."""

    id: str | None = None
    uri: str | None = None
    type: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallLogDelegate:
    """Information on a delegate extension that actually implemented a call action."""

    id: str | None = None
    name: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallLogRecordingInfo:
    """The recording attached to a call-log record."""

    id: str | None = None
    uri: str | None = None
    type: RecordingType | str | None = None
    content_uri: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallLogBilling:
    """Cost of a call (Detailed view)."""

    cost_included: float | None = None
    cost_purchased: float | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallLogLeg:
    """One leg of a call-log record (Detailed view)."""

    extension: CallLogExtensionRef | None = None
    telephony_session_id: str | None = None
    sip_uuid_info: str | None = None
    transfer_target: TelephonySessionRef | None = None
    transferee: TelephonySessionRef | None = None
    party_id: str | None = None
    metadata_categories: list[str] | None = None
    transport: CallTransport | str | None = None
    from_: CallLogParty | None = None
    to: CallLogParty | None = None
    type: CallType | str | None = None
    direction: CallDirection | str | None = None
    message: CallLogMessage | None = None
    delegate: CallLogDelegate | None = None
    delegation_type: DelegationType | str | None = None
    action: CallAction | str | None = None
    result: CallResult | str | None = None
    reason: CallResultReason | str | None = None
    reason_description: str | None = None
    start_time: datetime | None = None
    duration: int | None = None
    duration_ms: int | None = None
    recording: CallLogRecordingInfo | None = None
    short_recording: bool | None = None
    billing: CallLogBilling | None = None
    internal_type: CallInternalType | str | None = None
    finished: bool | None = None
    leg_type: CallLegType | str | None = None
    master: bool | None = None
    extra: Mapping[str, Any] = extra_field()
