"""rc.grants: extensions a user is granted access to."""

from __future__ import annotations

from collections.abc import Sequence

from .._paging import AsyncPaginator
from ..models import Grant
from ._base import Resource, check_choices, operation, query
from ._common import EXTENSION, GrantExtensionType, extension_path

__all__ = ["GrantsResource"]

LIST_GRANTS = operation("listExtensionGrants", "GET", EXTENSION + "/grant", "grants.list")


class GrantsResource(Resource):
    """Extensions a user is granted access to."""

    def list(
        self,
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
        extension_type: str | Sequence[str] | None = None,
        per_page: int | None = None,
        max_items: int | None = None,
    ) -> AsyncPaginator[Grant]:
        """``GET .../extension/{extensionId}/grant`` (Light), every page.

        ``extension_type`` (one or several) is checked against the platform's closed list.
        """
        params = query(
            extension_type=check_choices("extension_type", extension_type, GrantExtensionType)
        )
        return self._list(
            LIST_GRANTS,
            extension_path(account_id, extension_id),
            Grant,
            params=params,
            per_page=per_page,
            max_items=max_items,
        )
