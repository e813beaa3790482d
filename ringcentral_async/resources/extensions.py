"""rc.extensions: the extension list and extension info."""

from __future__ import annotations

from collections.abc import Sequence

from .._paging import AsyncPaginator
from ..models import Extension
from ._base import check_choices, operation, query
from .generated.extensions import ExtensionsApi
from .params import ExtensionStatusFilter

__all__ = ["ExtensionsResource"]

EXTENSIONS = "/restapi/v1.0/account/{accountId}/extension"

LIST_EXTENSIONS = operation("listExtensions", "GET", EXTENSIONS, "extensions.list")
READ_EXTENSION = operation("readExtension", "GET", EXTENSIONS + "/{extensionId}", "extensions.get")


class ExtensionsResource(ExtensionsApi):
    """Extensions of an account."""

    def list(
        self,
        *,
        account_id: str | int = "~",
        status: str | Sequence[str] | None = None,
        type: str | Sequence[str] | None = None,
        extension_number: str | None = None,
        email: str | Sequence[str] | None = None,
        per_page: int | None = None,
        max_items: int | None = None,
        prefetch: int = 0,
    ) -> AsyncPaginator[Extension]:
        """``GET /account/{accountId}/extension`` (Medium), every page.

        ``status`` is checked against the platform's closed list; ``type`` is left open (the
        platform's guides and spec disagree on some type names).
        """
        params = query(
            status=check_choices("status", status, ExtensionStatusFilter),
            type=type,
            extension_number=extension_number,
            email=email,
        )
        return self._list(
            LIST_EXTENSIONS,
            {"accountId": account_id},
            Extension,
            params=params,
            per_page=per_page,
            max_items=max_items,
            prefetch=prefetch,
        )

    async def get(self, extension_id: str | int = "~", *, account_id: str | int = "~") -> Extension:
        """``GET /account/{accountId}/extension/{extensionId}`` (Light)."""
        return await self._call(
            READ_EXTENSION, {"accountId": account_id, "extensionId": extension_id}, Extension
        )
