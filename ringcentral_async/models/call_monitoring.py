"""Models: call monitoring."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import attrs

from ringcentral_async.models._base import extra_field
from ringcentral_async.models.common import Navigation, Paging, SiteInfo

__all__ = [
    "CallMonitoringGroup",
    "CallMonitoringGroupList",
    "CallMonitoringGroupMember",
    "CallMonitoringGroupMemberList",
    "MonitoringPermission",
]


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallMonitoringGroupList:
    """One page of call monitoring groups."""

    uri: str | None = None
    records: list[CallMonitoringGroup] | None = None
    navigation: Navigation | None = None
    paging: Paging | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallMonitoringGroup:
    """A call monitoring group."""

    id: str | None = None
    uri: str | None = None
    name: str | None = None
    site: SiteInfo | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallMonitoringGroupMemberList:
    """One page of call monitoring group members."""

    uri: str | None = None
    records: list[CallMonitoringGroupMember] | None = None
    navigation: Navigation | None = None
    paging: Paging | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallMonitoringGroupMember:
    """A member of a call monitoring group."""

    id: str | None = None
    uri: str | None = None
    extension_number: str | None = None
    permissions: list[MonitoringPermission | str] | None = None
    extra: Mapping[str, Any] = extra_field()


class MonitoringPermission(StrEnum):
    """MonitoringPermission values (unknown values are kept as plain strings)."""

    MONITORING = "Monitoring"
    MONITORED = "Monitored"
