"""rc.phone_numbers: phone numbers of an extension and of the company."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from .._paging import AsyncPaginator
from ..models import (
    CompanyPhoneNumber,
    PaymentType,
    PhoneNumberStatus,
    PhoneNumberUsageType,
    UserPhoneNumber,
)
from ._base import check_choice, check_choices, operation, query
from ._bulk import BulkItems, bulk_get
from .generated.phone_numbers import PhoneNumbersApi

__all__ = ["PhoneNumbersResource"]

ACCOUNT = "/restapi/v1.0/account/{accountId}"

LIST_EXTENSION_NUMBERS = operation(
    "listExtensionPhoneNumbers",
    "GET",
    ACCOUNT + "/extension/{extensionId}/phone-number",
    "phone_numbers.list",
)
LIST_ACCOUNT_NUMBERS = operation(
    "listAccountPhoneNumbers", "GET", ACCOUNT + "/phone-number", "phone_numbers.list_company"
)
READ_ACCOUNT_NUMBER = operation(
    "readAccountPhoneNumber",
    "GET",
    ACCOUNT + "/phone-number/{phoneNumberId}",
    "phone_numbers.get_company",
    legacy_operation_id="loadAccountPhoneNumber",
    bulk_cap=50,
)


class _ExtensionStatus(StrEnum):
    """``extensionStatus`` filter of the company number list (spec ExtensionStatusEnumFull)."""

    ENABLED = "Enabled"
    DISABLED = "Disabled"
    FROZEN = "Frozen"
    NOT_ACTIVATED = "NotActivated"
    UNASSIGNED = "Unassigned"


class PhoneNumbersResource(PhoneNumbersApi):
    """Phone numbers of an extension and of the company.

    Filter values (``usage_type``, ``status``, ``payment_type``, ``extension_status``) are
    checked against the spec's closed lists before sending.
    """

    def list(
        self,
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
        usage_type: str | Sequence[str] | None = None,
        status: str | None = None,
        per_page: int | None = None,
        max_items: int | None = None,
    ) -> AsyncPaginator[UserPhoneNumber]:
        """``GET /account/{accountId}/extension/{extensionId}/phone-number`` (Light), paged.

        ``listExtensionPhoneNumbers``: the numbers of one extension.
        """
        params = query(
            usage_type=check_choices("usage_type", usage_type, PhoneNumberUsageType),
            status=check_choice("status", status, PhoneNumberStatus),
        )
        return self._list(
            LIST_EXTENSION_NUMBERS,
            {"accountId": account_id, "extensionId": extension_id},
            UserPhoneNumber,
            params=params,
            per_page=per_page,
            max_items=max_items,
        )

    def list_company(
        self,
        *,
        account_id: str | int = "~",
        usage_type: str | Sequence[str] | None = None,
        status: str | Sequence[str] | None = None,
        payment_type: str | Sequence[str] | None = None,
        extension_status: str | None = None,
        per_page: int | None = None,
        max_items: int | None = None,
    ) -> AsyncPaginator[CompanyPhoneNumber]:
        """``GET /account/{accountId}/phone-number`` (Heavy), paged.

        ``listAccountPhoneNumbers``: every number of the account.
        """
        params = query(
            usage_type=check_choices("usage_type", usage_type, PhoneNumberUsageType),
            status=check_choices("status", status, PhoneNumberStatus),
            payment_type=check_choices("payment_type", payment_type, PaymentType),
            extension_status=check_choice("extension_status", extension_status, _ExtensionStatus),
        )
        return self._list(
            LIST_ACCOUNT_NUMBERS,
            {"accountId": account_id},
            CompanyPhoneNumber,
            params=params,
            per_page=per_page,
            max_items=max_items,
        )

    async def get_company(
        self, phone_number_id: str | int, *, account_id: str | int = "~"
    ) -> CompanyPhoneNumber:
        """``GET /account/{accountId}/phone-number/{phoneNumberId}`` (Light).

        ``readAccountPhoneNumber``: one number of the account.
        """
        return await self._call(
            READ_ACCOUNT_NUMBER,
            {"accountId": account_id, "phoneNumberId": phone_number_id},
            CompanyPhoneNumber,
        )

    async def get_company_many(
        self, phone_number_ids: Sequence[str | int], *, account_id: str | int = "~"
    ) -> BulkItems[CompanyPhoneNumber]:
        """``GET /account/{accountId}/phone-number/{id1,id2,...}`` (Light), bulk.

        ``readAccountPhoneNumber`` with comma-separated ids: chunks of at most 50 ids sent
        concurrently; one :class:`BulkItem` per id asked for, in the same order (a repeated id
        is fetched once), with a per-id ``error`` (e.g. 404 CMN-102) instead of a value.
        """
        return await bulk_get(
            self._pipeline,
            READ_ACCOUNT_NUMBER,
            {"accountId": account_id},
            "phoneNumberId",
            phone_number_ids,
            CompanyPhoneNumber,
        )
