"""rc.call_log: user and company call log, call records."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from .._paging import AsyncPaginator
from ..models import CallLogRecord
from ._base import check_choice, check_choices, check_datetime, operation, query
from ._bulk import BulkItems, bulk_get
from .call_log_sync import CallLogSyncMixin
from .generated.call_log import CallLogApi
from .params import (
    CallDirectionFilter,
    CallLogView,
    CallTransportFilter,
    CallTypeFilter,
    RecordingTypeFilter,
)

__all__ = ["CallLogResource"]

ACCOUNT = "/restapi/v1.0/account/{accountId}"
USER_LOG = ACCOUNT + "/extension/{extensionId}/call-log"

READ_USER_CALL_LOG = operation(
    "readUserCallLog", "GET", USER_LOG, "call_log.list", legacy_operation_id="loadExtensionCallLog"
)
READ_USER_CALL_RECORD = operation(
    "readUserCallRecord",
    "GET",
    USER_LOG + "/{callRecordId}",
    "call_log.get",
    legacy_operation_id="getCallRecords",
    bulk_cap=50,
)
READ_COMPANY_CALL_LOG = operation(
    "readCompanyCallLog",
    "GET",
    ACCOUNT + "/call-log",
    "call_log.list_company",
    legacy_operation_id="loadAccountCallLog",
)


def _filters(
    *,
    date_from: datetime | str | None,
    date_to: datetime | str | None,
    view: str | None,
    type: str | Sequence[str] | None,
    direction: str | Sequence[str] | None,
    recording_type: str | None,
    **others: Any,
) -> dict[str, Any]:
    return query(
        date_from=check_datetime("date_from", date_from),
        date_to=check_datetime("date_to", date_to),
        view=check_choice("view", view, CallLogView),
        type=check_choices("type", type, CallTypeFilter),
        direction=check_choices("direction", direction, CallDirectionFilter),
        recording_type=check_choice("recording_type", recording_type, RecordingTypeFilter),
        **others,
    )


class CallLogResource(CallLogSyncMixin, CallLogApi):
    """Call-log records of one extension or of the whole company (all Heavy)."""

    def list(
        self,
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
        date_from: datetime | str | None = None,
        date_to: datetime | str | None = None,
        view: str | None = None,
        type: str | Sequence[str] | None = None,
        direction: str | Sequence[str] | None = None,
        transport: str | Sequence[str] | None = None,
        recording_type: str | None = None,
        with_recording: bool | None = None,
        show_blocked: bool | None = None,
        show_deleted: bool | None = None,
        phone_number: str | None = None,
        extension_number: str | None = None,
        session_id: str | None = None,
        telephony_session_id: str | None = None,
        per_page: int | str | None = None,
        max_items: int | None = None,
    ) -> AsyncPaginator[CallLogRecord]:
        """``GET .../extension/{extensionId}/call-log``: one extension's records.

        Without dates the platform returns only the last 24 hours. ``date_from`` /
        ``date_to`` are aware datetimes or ISO 8601 strings with a zone (``...Z``); a naive
        value raises ConfigurationError before sending. Paging follows
        ``navigation.nextPage`` (the call log has no totals); ``per_page`` is 1..1000 or "max".
        """
        params = _filters(
            date_from=date_from,
            date_to=date_to,
            view=view,
            type=type,
            direction=direction,
            recording_type=recording_type,
            transport=check_choices("transport", transport, CallTransportFilter),
            with_recording=with_recording,
            show_blocked=show_blocked,
            show_deleted=show_deleted,
            phone_number=phone_number,
            extension_number=extension_number,
            session_id=session_id,
            telephony_session_id=telephony_session_id,
        )
        return self._list(
            READ_USER_CALL_LOG,
            {"accountId": account_id, "extensionId": extension_id},
            CallLogRecord,
            params=params,
            per_page=per_page,
            max_items=max_items,
        )

    def list_company(
        self,
        *,
        account_id: str | int = "~",
        date_from: datetime | str | None = None,
        date_to: datetime | str | None = None,
        view: str | None = None,
        type: str | Sequence[str] | None = None,
        direction: str | Sequence[str] | None = None,
        recording_type: str | None = None,
        with_recording: bool | None = None,
        show_deleted: bool | None = None,
        phone_number: str | None = None,
        extension_number: str | None = None,
        session_id: str | None = None,
        telephony_session_id: str | None = None,
        per_page: int | str | None = None,
        max_items: int | None = None,
    ) -> AsyncPaginator[CallLogRecord]:
        """``GET /account/{accountId}/call-log``: every extension's records (admin only)."""
        params = _filters(
            date_from=date_from,
            date_to=date_to,
            view=view,
            type=type,
            direction=direction,
            recording_type=recording_type,
            with_recording=with_recording,
            show_deleted=show_deleted,
            phone_number=phone_number,
            extension_number=extension_number,
            session_id=session_id,
            telephony_session_id=telephony_session_id,
        )
        return self._list(
            READ_COMPANY_CALL_LOG,
            {"accountId": account_id},
            CallLogRecord,
            params=params,
            per_page=per_page,
            max_items=max_items,
        )

    async def get(
        self,
        call_record_id: str,
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
        view: str | None = None,
    ) -> CallLogRecord:
        """``GET .../call-log/{callRecordId}``: one record of an extension."""
        return await self._call(
            READ_USER_CALL_RECORD,
            {"accountId": account_id, "extensionId": extension_id, "callRecordId": call_record_id},
            CallLogRecord,
            params=query(view=check_choice("view", view, CallLogView)),
        )

    async def get_many(
        self,
        call_record_ids: Sequence[str],
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
        view: str | None = None,
    ) -> BulkItems[CallLogRecord]:
        """``GET .../call-log/{id1,id2,...}`` (Heavy), bulk: many records of an extension.

        ``readUserCallRecord`` with comma-separated ids: chunks of at most 50 ids (the spec's
        ``maxItems``) sent concurrently, each taking a Heavy slot; one :class:`BulkItem` per
        id asked for, in the same order (a repeated id is fetched once), with a per-id
        ``error`` (e.g. 404 CMN-102) instead of a value. An empty list raises
        ConfigurationError before sending.
        """
        return await bulk_get(
            self._pipeline,
            READ_USER_CALL_RECORD,
            {"accountId": account_id, "extensionId": extension_id},
            "callRecordId",
            call_record_ids,
            CallLogRecord,
            params=query(view=check_choice("view", view, CallLogView)),
        )
