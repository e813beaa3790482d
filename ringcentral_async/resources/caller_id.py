"""rc.caller_id: caller-ID settings of an extension."""

from __future__ import annotations

from typing import Any

from ..models import CallerIdInfo
from ._base import Resource, operation
from ._common import EXTENSION, extension_path

__all__ = ["CallerIdResource"]

CALLER_ID = EXTENSION + "/caller-id"

READ_CALLER_ID = operation("readExtensionCallerId", "GET", CALLER_ID, "caller_id.get")
UPDATE_CALLER_ID = operation("updateExtensionCallerId", "PUT", CALLER_ID, "caller_id.update")


class CallerIdResource(Resource):
    """Caller-ID settings of an extension."""

    async def get(
        self, *, account_id: str | int = "~", extension_id: str | int = "~"
    ) -> CallerIdInfo:
        """``GET .../extension/{extensionId}/caller-id`` (Light)."""
        return await self._call(
            READ_CALLER_ID, extension_path(account_id, extension_id), CallerIdInfo
        )

    async def update(
        self,
        body: CallerIdInfo | dict[str, Any],
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
    ) -> CallerIdInfo:
        """``PUT .../extension/{extensionId}/caller-id`` (Medium): the updated settings."""
        return await self._call(
            UPDATE_CALLER_ID, extension_path(account_id, extension_id), CallerIdInfo, json=body
        )
