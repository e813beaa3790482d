"""rc.forwarding_numbers: forwarding numbers of an extension."""

from __future__ import annotations

from .._paging import AsyncPaginator
from ..models import ForwardingNumber
from ._base import Resource, operation
from ._common import EXTENSION, extension_path

__all__ = ["ForwardingNumbersResource"]

NUMBERS = EXTENSION + "/forwarding-number"

LIST_NUMBERS = operation("listForwardingNumbers", "GET", NUMBERS, "forwarding_numbers.list")
READ_NUMBER = operation(
    "readForwardingNumber",
    "GET",
    NUMBERS + "/{forwardingNumberId}",
    "forwarding_numbers.get",
    legacy_operation_id="getForwardingNumber",
)
DELETE_NUMBER = operation(
    "deleteForwardingNumber",
    "DELETE",
    NUMBERS + "/{forwardingNumberId}",
    "forwarding_numbers.delete",
    legacy_operation_id="deleteExtensionForwardingNumber",
)


class ForwardingNumbersResource(Resource):
    """Forwarding numbers of an extension."""

    def list(
        self,
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
        per_page: int | None = None,
        max_items: int | None = None,
    ) -> AsyncPaginator[ForwardingNumber]:
        """``GET .../extension/{extensionId}/forwarding-number`` (Light), every page."""
        return self._list(
            LIST_NUMBERS,
            extension_path(account_id, extension_id),
            ForwardingNumber,
            per_page=per_page,
            max_items=max_items,
        )

    async def get(
        self,
        forwarding_number_id: str | int,
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
    ) -> ForwardingNumber:
        """``GET .../forwarding-number/{forwardingNumberId}`` (Light)."""
        path = {
            **extension_path(account_id, extension_id),
            "forwardingNumberId": forwarding_number_id,
        }
        return await self._call(READ_NUMBER, path, ForwardingNumber)

    async def delete(
        self,
        forwarding_number_id: str | int,
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
    ) -> None:
        """``DELETE .../forwarding-number/{forwardingNumberId}`` (Medium)."""
        path = {
            **extension_path(account_id, extension_id),
            "forwardingNumberId": forwarding_number_id,
        }
        await self._call(DELETE_NUMBER, path)
