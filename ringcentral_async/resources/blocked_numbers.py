"""rc.blocked_numbers: blocked and allowed numbers (caller blocking) and the legacy list."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..models import (
    BlockedAllowedNumber,
    BlockedAllowedNumberRequest,
    BlockedNumber,
    BlockedNumberUpdate,
)
from ._base import Resource, operation
from ._bulk import BulkItem, bulk_get

__all__ = ["BlockedNumbersResource"]

EXTENSION = "/restapi/v1.0/account/{accountId}/extension/{extensionId}"
NUMBERS = EXTENSION + "/caller-blocking/phone-numbers"
NUMBER = NUMBERS + "/{blockedNumberId}"
LEGACY = EXTENSION + "/blocked-number/{blockedNumberId}"

CREATE = operation(
    "createBlockedAllowedNumber",
    "POST",
    NUMBERS,
    "blocked_numbers.create",
    legacy_operation_id="createBlockedAllowedPhoneNumberLists",
)
READ = operation(
    "readBlockedAllowedNumber",
    "GET",
    NUMBER,
    "blocked_numbers.get",
    legacy_operation_id="listBlockedAllowedPhoneNumber",
    bulk_cap=50,
)
UPDATE = operation(
    "updateBlockedAllowedNumber",
    "PUT",
    NUMBER,
    "blocked_numbers.update",
    legacy_operation_id="updateBlockedAllowedPhoneNumber",
)
DELETE = operation(
    "deleteBlockedAllowedNumber",
    "DELETE",
    NUMBER,
    "blocked_numbers.delete",
    legacy_operation_id="deleteBlockedAllowedPhoneNumber",
)
# Legacy operations: in no official spec since 2019; groups from the 2019 documentation.
LEGACY_NOTE = "legacy operation, not in any spec since 2019: group from its 2019 documentation"
LOAD_LEGACY = operation(
    "loadBlockedNumber",
    "GET",
    LEGACY,
    "blocked_numbers.get_legacy",
    group="Light",
    deprecated=True,
    note=LEGACY_NOTE,
    replacement="blocked_numbers.get (GET .../caller-blocking/phone-numbers/{blockedNumberId})",
)
UPDATE_LEGACY = operation(
    "updateBlockedNumber",
    "PUT",
    LEGACY,
    "blocked_numbers.update_legacy",
    group="Medium",
    deprecated=True,
    note=LEGACY_NOTE,
    replacement="blocked_numbers.update (PUT .../caller-blocking/phone-numbers/{blockedNumberId})",
)
UNBLOCK_LEGACY = operation(
    "unblockNumber",
    "DELETE",
    LEGACY,
    "blocked_numbers.delete_legacy",
    group="Medium",
    deprecated=True,
    note=LEGACY_NOTE,
    replacement=(
        "blocked_numbers.delete (DELETE .../caller-blocking/phone-numbers/{blockedNumberId})"
    ),
)

Body = BlockedAllowedNumberRequest | Mapping[str, Any]


def _plain(body: Any) -> Any:
    """A model instance as is, a mapping as a plain dict (the escape hatch)."""
    return dict(body) if isinstance(body, Mapping) else body


class BlockedNumbersResource(Resource):
    """Blocked and allowed phone numbers of an extension (``caller-blocking``).

    Bodies are :class:`~ringcentral_async.models.BlockedAllowedNumberRequest` (or a plain
    camelCase dict). The ``*_legacy`` methods call the old ``.../blocked-number/{id}``
    resource, which no current spec lists: they warn with DeprecationWarning.
    """

    async def create(
        self, body: Body, *, account_id: str | int = "~", extension_id: str | int = "~"
    ) -> BlockedAllowedNumber:
        """``POST .../extension/{extensionId}/caller-blocking/phone-numbers`` (Medium).

        ``createBlockedAllowedNumber``: adds a number to the blocked or the allowed list.
        """
        return await self._call(
            CREATE,
            {"accountId": account_id, "extensionId": extension_id},
            BlockedAllowedNumber,
            json=_plain(body),
        )

    async def get(
        self,
        blocked_number_id: str | int,
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
    ) -> BlockedAllowedNumber:
        """``GET .../caller-blocking/phone-numbers/{blockedNumberId}`` (Light).

        ``readBlockedAllowedNumber``.
        """
        return await self._call(
            READ,
            {
                "accountId": account_id,
                "extensionId": extension_id,
                "blockedNumberId": blocked_number_id,
            },
            BlockedAllowedNumber,
        )

    async def get_many(
        self,
        blocked_number_ids: Sequence[str | int],
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
    ) -> list[BulkItem[BlockedAllowedNumber]]:
        """``GET .../caller-blocking/phone-numbers/{id1,id2,...}`` (Light), bulk.

        ``readBlockedAllowedNumber`` with comma-separated ids, chunks of at most 50 sent
        concurrently; one :class:`BulkItem` per id asked for, in the same order (a repeated id
        is fetched once).
        """
        return await bulk_get(
            self._pipeline,
            READ,
            {"accountId": account_id, "extensionId": extension_id},
            "blockedNumberId",
            blocked_number_ids,
            BlockedAllowedNumber,
        )

    async def update(
        self,
        blocked_number_id: str | int,
        body: Body,
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
    ) -> BlockedAllowedNumber:
        """``PUT .../caller-blocking/phone-numbers/{blockedNumberId}`` (Medium).

        ``updateBlockedAllowedNumber``.
        """
        return await self._call(
            UPDATE,
            {
                "accountId": account_id,
                "extensionId": extension_id,
                "blockedNumberId": blocked_number_id,
            },
            BlockedAllowedNumber,
            json=_plain(body),
        )

    async def delete(
        self,
        blocked_number_id: str | int,
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
    ) -> None:
        """``DELETE .../caller-blocking/phone-numbers/{blockedNumberId}`` (Medium), 204.

        ``deleteBlockedAllowedNumber``.
        """
        await self._call(
            DELETE,
            {
                "accountId": account_id,
                "extensionId": extension_id,
                "blockedNumberId": blocked_number_id,
            },
        )

    # -- legacy ``blocked-number`` resource (deprecated) ---------------------------------

    async def get_legacy(
        self,
        blocked_number_id: str | int,
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
    ) -> BlockedNumber:
        """``GET .../extension/{extensionId}/blocked-number/{blockedNumberId}`` (Light, seed).

        ``loadBlockedNumber``, deprecated: use :meth:`get` (caller-blocking).
        """
        return await self._call(
            LOAD_LEGACY,
            {
                "accountId": account_id,
                "extensionId": extension_id,
                "blockedNumberId": blocked_number_id,
            },
            BlockedNumber,
        )

    async def update_legacy(
        self,
        blocked_number_id: str | int,
        body: BlockedNumberUpdate | Mapping[str, Any],
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
    ) -> BlockedNumber:
        """``PUT .../blocked-number/{blockedNumberId}`` (Medium, seed).

        ``updateBlockedNumber``, deprecated: use :meth:`update` (caller-blocking).
        """
        return await self._call(
            UPDATE_LEGACY,
            {
                "accountId": account_id,
                "extensionId": extension_id,
                "blockedNumberId": blocked_number_id,
            },
            BlockedNumber,
            json=_plain(body),
        )

    async def delete_legacy(
        self,
        blocked_number_id: str | int,
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
    ) -> None:
        """``DELETE .../blocked-number/{blockedNumberId}`` (Medium, seed).

        ``unblockNumber``, deprecated: use :meth:`delete` (caller-blocking).
        """
        await self._call(
            UNBLOCK_LEGACY,
            {
                "accountId": account_id,
                "extensionId": extension_id,
                "blockedNumberId": blocked_number_id,
            },
        )
