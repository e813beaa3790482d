"""Call-log sync (``rc.call_log.sync`` / ``sync_company``): FSync and ISync, both Heavy.

The sync API is not page-based: FSync returns the newest ``record_count`` (at most 250)
records and a ``syncToken``; ISync with that token returns what changed since (new, updated
and, with ``deleted: true``, deleted records). More than 250 changes make ISync fail with a
400 ``CLG-104``; ``CLG-101``..``CLG-105`` mean "run FSync again". The job
``ringcentral_async.jobs.call_log_sync`` handles those fall-backs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .._errors import ConfigurationError
from ..models.call_log_sync import CallLogSyncResult
from ._base import Resource, check_choice, check_datetime, operation, query
from .params import CallLogView, SyncStatusGroup, SyncType

__all__ = ["SYNC_ACCOUNT_CALL_LOG", "SYNC_USER_CALL_LOG", "CallLogSyncMixin"]

ACCOUNT = "/restapi/v1.0/account/{accountId}"

SYNC_USER_CALL_LOG = operation(
    "syncUserCallLog",
    "GET",
    ACCOUNT + "/extension/{extensionId}/call-log-sync",
    "call_log.sync",
)
SYNC_ACCOUNT_CALL_LOG = operation(
    "syncAccountCallLog", "GET", ACCOUNT + "/call-log-sync", "call_log.sync_company"
)

#: The most records one FSync may ask for (``recordCount``) and one ISync may return.
SYNC_RECORD_LIMIT = 250


def _sync_params(
    *,
    sync_type: str,
    sync_token: str | None,
    date_from: datetime | str | None,
    record_count: int | None,
    status_group: str | None,
    view: str | None,
    show_deleted: bool | None,
) -> dict[str, Any]:
    kind = check_choice("sync_type", sync_type, SyncType)
    if kind == "ISync" and not sync_token:
        raise ConfigurationError("sync_type='ISync' needs sync_token=")
    if record_count is not None and (
        isinstance(record_count, bool)
        or not isinstance(record_count, int)
        or not 1 <= record_count <= SYNC_RECORD_LIMIT
    ):
        raise ConfigurationError(f"record_count={record_count!r}: use 1..{SYNC_RECORD_LIMIT}")
    if show_deleted is not None and kind != "ISync":
        raise ConfigurationError("show_deleted applies to ISync only")
    if kind == "FSync" and record_count is None:
        record_count = SYNC_RECORD_LIMIT  # the platform requires recordCount for FSync
    return query(
        sync_type=kind,
        sync_token=sync_token,
        date_from=check_datetime("date_from", date_from),
        record_count=record_count,
        status_group=check_choice("status_group", status_group, SyncStatusGroup),
        view=check_choice("view", view, CallLogView),
        show_deleted=show_deleted,
    )


class CallLogSyncMixin(Resource):
    """``sync`` (one extension) and ``sync_company`` (the account) of the call log."""

    async def sync(
        self,
        *,
        sync_type: str = "FSync",
        sync_token: str | None = None,
        date_from: datetime | str | None = None,
        record_count: int | None = None,
        status_group: str | None = None,
        view: str | None = None,
        show_deleted: bool | None = None,
        extension_id: str | int = "~",
        account_id: str | int = "~",
    ) -> CallLogSyncResult:
        """``GET .../extension/{extensionId}/call-log-sync`` (``syncUserCallLog``, Heavy).

        FSync: the newest ``record_count`` (1..250, default 250: the platform requires it)
        records since ``date_from`` (at most 30 days back; older is a 400 from the platform).
        ISync (needs ``sync_token``): changes since that token; deleted records carry
        ``deleted=True`` (with ``show_deleted=True``). ``result.sync_info.sync_token`` is the
        next ISync's token.
        """
        params = _sync_params(
            sync_type=sync_type,
            sync_token=sync_token,
            date_from=date_from,
            record_count=record_count,
            status_group=status_group,
            view=view,
            show_deleted=show_deleted,
        )
        return await self._call(
            SYNC_USER_CALL_LOG,
            {"accountId": account_id, "extensionId": extension_id},
            CallLogSyncResult,
            params=params,
        )

    async def sync_company(
        self,
        *,
        sync_type: str = "FSync",
        sync_token: str | None = None,
        date_from: datetime | str | None = None,
        record_count: int | None = None,
        status_group: str | None = None,
        view: str | None = None,
        show_deleted: bool | None = None,
        account_id: str | int = "~",
    ) -> CallLogSyncResult:
        """``GET /account/{accountId}/call-log-sync`` (``syncAccountCallLog``, Heavy).

        The same as :meth:`sync` for every extension of the account (admin only).
        """
        params = _sync_params(
            sync_type=sync_type,
            sync_token=sync_token,
            date_from=date_from,
            record_count=record_count,
            status_group=status_group,
            view=view,
            show_deleted=show_deleted,
        )
        return await self._call(
            SYNC_ACCOUNT_CALL_LOG, {"accountId": account_id}, CallLogSyncResult, params=params
        )
