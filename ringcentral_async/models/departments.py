"""Models: departments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ringcentral_async.models._base import extra_field

__all__ = ["DepartmentBulkAssign", "DepartmentBulkAssignItem"]


@attrs.frozen(kw_only=True, weakref_slot=False)
class DepartmentBulkAssign:
    """Body of POST /account/{accountId}/department/bulk-assign."""

    items: list[DepartmentBulkAssignItem] | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class DepartmentBulkAssignItem:
    """Members added to / removed from one department."""

    department_id: str | None = None
    added_extension_ids: list[str] | None = None
    removed_extension_ids: list[str] | None = None
    extra: Mapping[str, Any] = extra_field()
