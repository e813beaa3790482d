"""rc.call_queues: call queues and their members."""

from __future__ import annotations

from typing import Any

from .._paging import AsyncPaginator
from ..models import CallQueue, CallQueueBulkAssign, CallQueueMember
from ._base import operation, query
from ._common import ACCOUNT, account_path
from .generated.call_queues import CallQueuesApi

__all__ = ["CallQueuesResource"]

QUEUES = ACCOUNT + "/call-queues"

LIST_QUEUES = operation("listCallQueues", "GET", QUEUES, "call_queues.list")
LIST_MEMBERS = operation(
    "listCallQueueMembers", "GET", QUEUES + "/{groupId}/members", "call_queues.list_members"
)
ASSIGN_MEMBERS = operation(
    "assignMultipleCallQueueMembers",
    "POST",
    QUEUES + "/{groupId}/bulk-assign",
    "call_queues.assign_members",
    legacy_operation_id="updateCallQueueGroup",
)


class CallQueuesResource(CallQueuesApi):
    """Call queues and their members."""

    def list(
        self,
        *,
        account_id: str | int = "~",
        member_extension_id: str | int | None = None,
        per_page: int | None = None,
        max_items: int | None = None,
    ) -> AsyncPaginator[CallQueue]:
        """``GET /account/{accountId}/call-queues`` (Medium), every page."""
        return self._list(
            LIST_QUEUES,
            account_path(account_id),
            CallQueue,
            params=query(member_extension_id=member_extension_id),
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
    ) -> AsyncPaginator[CallQueueMember]:
        """``GET .../call-queues/{groupId}/members`` (Light), every page."""
        return self._list(
            LIST_MEMBERS,
            {**account_path(account_id), "groupId": group_id},
            CallQueueMember,
            per_page=per_page,
            max_items=max_items,
        )

    async def assign_members(
        self,
        group_id: str | int,
        body: CallQueueBulkAssign | dict[str, Any],
        *,
        account_id: str | int = "~",
    ) -> None:
        """``POST .../call-queues/{groupId}/bulk-assign`` (Heavy): add / remove members."""
        await self._call(
            ASSIGN_MEMBERS, {**account_path(account_id), "groupId": group_id}, json=body
        )
