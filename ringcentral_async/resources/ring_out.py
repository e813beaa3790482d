"""rc.ring_out: RingOut calls (two-legged calls placed by the platform)."""

from __future__ import annotations

from typing import Any

from ..models import RingOutRequest, RingOutStatus
from ._base import Operation, Resource, operation
from ._common import EXTENSION, extension_path, require_fields

__all__ = ["RingOutResource"]

CURRENT = EXTENSION + "/ring-out"
LEGACY = EXTENSION + "/ringout"
_REQUIRED = {"from_": "from", "to": "to"}

CREATE = operation(
    "createRingOutCall",
    "POST",
    CURRENT,
    "ring_out.create",
    legacy_operation_id="makeRingOutCallNew",
)
READ = operation(
    "readRingOutCallStatus",
    "GET",
    CURRENT + "/{ringoutId}",
    "ring_out.get",
    legacy_operation_id="getRingOutCallStatusNew",
)
DELETE = operation(
    "deleteRingOutCall",
    "DELETE",
    CURRENT + "/{ringoutId}",
    "ring_out.cancel",
    legacy_operation_id="cancelRingOutCallNew",
)
# The dash-less paths are gone from the current spec: groups from the 2022 spec.
LEGACY_NOTE = "dash-less path, gone from the current spec: group from the 2022 spec"
CREATE_LEGACY = operation(
    "createRingOutCallDeprecated",
    "POST",
    LEGACY,
    "ring_out.create_legacy",
    group="Heavy",
    deprecated=True,
    note=LEGACY_NOTE,
    replacement="ring_out.create",
    legacy_operation_id="makeRingOutCall",
)
READ_LEGACY = operation(
    "readRingOutCallStatusDeprecated",
    "GET",
    LEGACY + "/{ringoutId}",
    "ring_out.get_legacy",
    group="Light",
    deprecated=True,
    note=LEGACY_NOTE,
    replacement="ring_out.get",
    legacy_operation_id="getRingOutCallStatus",
)
DELETE_LEGACY = operation(
    "deleteRingOutCallDeprecated",
    "DELETE",
    LEGACY + "/{ringoutId}",
    "ring_out.cancel_legacy",
    group="Heavy",
    deprecated=True,
    note=LEGACY_NOTE,
    replacement="ring_out.cancel",
    legacy_operation_id="cancelRingOutCall",
)


class RingOutResource(Resource):
    """RingOut calls: create, poll the status, cancel.

    ``create`` is a POST: the pipeline never repeats it on a 5xx or a connection error
    (a second call would ring both parties again).
    """

    async def _create(
        self, op: Operation, body: RingOutRequest | dict[str, Any], account_id: Any, ext: Any
    ) -> RingOutStatus:
        require_fields(op.python_name, body, _REQUIRED)
        return await self._call(op, extension_path(account_id, ext), RingOutStatus, json=body)

    async def _status(
        self, op: Operation, ringout_id: str | int, account_id: Any, ext: Any
    ) -> RingOutStatus:
        path = {**extension_path(account_id, ext), "ringoutId": ringout_id}
        return await self._call(op, path, RingOutStatus)

    async def _cancel(
        self, op: Operation, ringout_id: str | int, account_id: Any, ext: Any
    ) -> None:
        await self._call(op, {**extension_path(account_id, ext), "ringoutId": ringout_id})

    async def create(
        self,
        body: RingOutRequest | dict[str, Any],
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
    ) -> RingOutStatus:
        """``POST .../extension/{extensionId}/ring-out`` (Heavy; never retried)."""
        return await self._create(CREATE, body, account_id, extension_id)

    async def get(
        self, ringout_id: str | int, *, account_id: str | int = "~", extension_id: str | int = "~"
    ) -> RingOutStatus:
        """``GET .../ring-out/{ringoutId}`` (Light): the call's current status."""
        return await self._status(READ, ringout_id, account_id, extension_id)

    async def cancel(
        self, ringout_id: str | int, *, account_id: str | int = "~", extension_id: str | int = "~"
    ) -> None:
        """``DELETE .../ring-out/{ringoutId}`` (Heavy)."""
        await self._cancel(DELETE, ringout_id, account_id, extension_id)

    async def create_legacy(
        self,
        body: RingOutRequest | dict[str, Any],
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
    ) -> RingOutStatus:
        """``POST .../ringout`` (Heavy; deprecated: use ``create``)."""
        return await self._create(CREATE_LEGACY, body, account_id, extension_id)

    async def get_legacy(
        self, ringout_id: str | int, *, account_id: str | int = "~", extension_id: str | int = "~"
    ) -> RingOutStatus:
        """``GET .../ringout/{ringoutId}`` (Light; deprecated: use ``get``)."""
        return await self._status(READ_LEGACY, ringout_id, account_id, extension_id)

    async def cancel_legacy(
        self, ringout_id: str | int, *, account_id: str | int = "~", extension_id: str | int = "~"
    ) -> None:
        """``DELETE .../ringout/{ringoutId}`` (Heavy; deprecated: use ``cancel``)."""
        await self._cancel(DELETE_LEGACY, ringout_id, account_id, extension_id)
