"""rc.call_monitoring: call-monitoring groups and their members."""

from __future__ import annotations

from collections.abc import Sequence

from .._paging import AsyncPaginator
from ..models import CallMonitoringGroup, CallMonitoringGroupMember
from ._base import Resource, operation, query
from ._common import ACCOUNT, account_path

__all__ = ["CallMonitoringResource"]

GROUPS = ACCOUNT + "/call-monitoring-groups"

LIST_GROUPS = operation("listCallMonitoringGroups", "GET", GROUPS, "call_monitoring.list_groups")
LIST_MEMBERS = operation(
    "listCallMonitoringGroupMembers",
    "GET",
    GROUPS + "/{groupId}/members",
    "call_monitoring.list_members",
)


class CallMonitoringResource(Resource):
    """Call-monitoring groups and their members."""

    def list_groups(
        self,
        *,
        account_id: str | int = "~",
        member_extension_id: str | int | None = None,
        site_id: str | Sequence[str] | None = None,
        per_page: int | None = None,
        max_items: int | None = None,
    ) -> AsyncPaginator[CallMonitoringGroup]:
        """``GET /account/{accountId}/call-monitoring-groups`` (Medium), every page."""
        sites = [site_id] if isinstance(site_id, str) else site_id
        return self._list(
            LIST_GROUPS,
            account_path(account_id),
            CallMonitoringGroup,
            params=query(member_extension_id=member_extension_id, site_id=sites),
            per_page=per_page,
            max_items=max_items,
        )

    def list_members(
        self,
        group_id: str | int,
        *,
        account_id: str | int = "~",
        per_page: int | None = None,
        max_items: int | None = None,
    ) -> AsyncPaginator[CallMonitoringGroupMember]:
        """``GET .../call-monitoring-groups/{groupId}/members`` (Medium), every page."""
        return self._list(
            LIST_MEMBERS,
            {**account_path(account_id), "groupId": group_id},
            CallMonitoringGroupMember,
            per_page=per_page,
            max_items=max_items,
        )
