"""Models: call queues."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import attrs

from ringcentral_async.models._base import extra_field
from ringcentral_async.models.common import ExtensionStatus, Navigation, Paging, SiteInfo

__all__ = [
    "CallQueue",
    "CallQueueBulkAssign",
    "CallQueueList",
    "CallQueueMember",
    "CallQueueMemberList",
    "CallQueueSubType",
]


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallQueueList:
    """One page of call queues."""

    uri: str | None = None
    records: list[CallQueue] | None = None
    navigation: Navigation | None = None
    paging: Paging | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallQueue:
    """A call queue (department extension)."""

    id: str | None = None
    uri: str | None = None
    extension_number: str | None = None
    name: str | None = None
    status: ExtensionStatus | str | None = None
    sub_type: CallQueueSubType | str | None = None
    site: SiteInfo | None = None
    extra: Mapping[str, Any] = extra_field()


class CallQueueSubType(StrEnum):
    """CallQueueSubType values (unknown values are kept as plain strings)."""

    EMERGENCY = "Emergency"
    UNKNOWN = "Unknown"


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallQueueBulkAssign:
    """Body of POST .../call-queues/{groupId}/bulk-assign."""

    added_extension_ids: list[str] | None = None
    removed_extension_ids: list[str] | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallQueueMemberList:
    """One page of call queue members."""

    uri: str | None = None
    records: list[CallQueueMember] | None = None
    navigation: Navigation | None = None
    paging: Paging | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallQueueMember:
    """A member of a call queue."""

    id: int | None = None
    uri: str | None = None
    extension_number: str | None = None
    extra: Mapping[str, Any] = extra_field()
