"""rc.departments: department bulk assignment (deprecated by the platform)."""

from __future__ import annotations

from typing import Any

from ..models import DepartmentBulkAssign
from ._base import Resource, operation
from ._common import ACCOUNT, account_path

__all__ = ["DepartmentsResource"]

BULK_ASSIGN = operation(
    "assignMultipleDepartmentMembers",
    "POST",
    ACCOUNT + "/department/bulk-assign",
    "departments.bulk_assign",
    deprecated=True,
    replacement="call_queues.assign_members",
    legacy_operation_id="bulkAssignDepartments",
)


class DepartmentsResource(Resource):
    """Department bulk assignment (departments are call queues today)."""

    async def bulk_assign(
        self, body: DepartmentBulkAssign | dict[str, Any], *, account_id: str | int = "~"
    ) -> None:
        """``POST /account/{accountId}/department/bulk-assign`` (Heavy; deprecated: warns)."""
        await self._call(BULK_ASSIGN, account_path(account_id), json=body)
