"""``call_log_sync``: FSync once, then ISync with the stored token; fall back when told to.

The platform's sync API keeps a "sync frame" per token. ISync returns what changed since
the token (at most 250 records; deleted ones carry ``deleted: true``). It fails with a 400
``CLG-104`` when more than 250 changes piled up, and with ``CLG-101``..``CLG-105`` when the
token expired or the log was reset: in every such case the job runs FSync again (the newest
``record_count`` records, ``full=True`` in the report) and stores the new token.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import MutableMapping
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs

from .. import ApiError, BadRequestError, ConfigurationError, RingCentral
from ..models import CallLogRecord, CallLogSyncResult
from ._wire import format_time

__all__ = ["CallLogSyncReport", "call_log_sync"]

#: The most records one FSync may ask for.
FSYNC_MAX = 250
_FALLBACK_CODES = frozenset({"CLG-101", "CLG-102", "CLG-103", "CLG-104", "CLG-105"})
SyncState = str | os.PathLike[str] | MutableMapping[str, Any]


@attrs.define
class CallLogSyncReport:
    """What one ``call_log_sync`` run saw.

    ``full``: an FSync ran (first run or fall-back): ``records`` are the newest records, a
    fresh start rather than a delta. ``fallback``: the error code that forced it, if any.
    """

    sync_type: str
    full: bool
    records: list[CallLogRecord]
    deleted: list[CallLogRecord]
    sync_token: str | None
    sync_time: datetime | None
    fallback: str | None = None


def _needs_full_sync(exc: ApiError) -> str | None:
    codes = {exc.error_code, *(e.error_code for e in exc.errors)}
    for code in codes:
        if code in _FALLBACK_CODES:
            return code
    if "sync record number" in (exc.message or "").lower():
        return exc.error_code or "overflow"
    return None


def _load(state: SyncState) -> dict[str, Any]:
    if isinstance(state, MutableMapping):
        return dict(state)
    try:
        raw = json.loads(Path(state).read_text("utf-8"))
    except FileNotFoundError:
        return {}
    if not isinstance(raw, dict):
        raise ConfigurationError(f"{state}: not a call-log sync state file")
    return raw


def _store(state: SyncState, data: dict[str, Any]) -> None:
    if isinstance(state, MutableMapping):
        state.clear()
        state.update(data)
        return
    target = Path(state)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


async def call_log_sync(
    rc: RingCentral,
    state: SyncState,
    *,
    extension_id: str | int | None = "~",
    record_count: int = 250,
    view: str = "Detailed",
    date_from: datetime | str | None = None,
) -> CallLogSyncReport:
    """One sync step: ISync with the token in ``state`` (FSync the first time or on CLG-10x).

    ``state`` is a JSON file path (written atomically) or a mutable mapping (updated in
    place). ``extension_id=None`` syncs the whole account (``sync_company``, admin only).
    Deleted records come back in ``report.deleted``; new and changed ones in ``records``.
    The new token is stored before the report is returned; to store it only once the
    report has been processed, pass a mapping and persist it yourself afterwards.
    """
    if not 1 <= record_count <= FSYNC_MAX:
        raise ConfigurationError(f"record_count must be 1..{FSYNC_MAX} (the FSync maximum)")
    scope = "account" if extension_id is None else str(extension_id)
    saved = _load(state)
    if saved.get("scope", scope) != scope:
        raise ConfigurationError(f"sync state belongs to {saved['scope']!r}, not {scope!r}")
    api = rc.call_log

    async def run(**params: Any) -> CallLogSyncResult:
        if extension_id is None:
            return await api.sync_company(view=view, **params)
        return await api.sync(extension_id=extension_id, view=view, **params)

    token = saved.get("syncToken")
    fallback: str | None = None
    result: CallLogSyncResult | None = None
    if token:
        try:
            result = await run(sync_type="ISync", sync_token=token, show_deleted=True)
        except BadRequestError as exc:
            fallback = _needs_full_sync(exc)
            if fallback is None:
                raise
    full = result is None
    if result is None:
        result = await run(sync_type="FSync", record_count=record_count, date_from=date_from)
    info = result.sync_info
    new_token = getattr(info, "sync_token", None)
    sync_time = getattr(info, "sync_time", None)
    records = [r for r in result.records if not r.deleted]
    deleted = [r for r in result.records if r.deleted]
    _store(
        state,
        {
            "scope": scope,
            "syncToken": new_token,
            "syncTime": format_time(sync_time) if sync_time else None,
        },
    )
    return CallLogSyncReport(
        sync_type="FSync" if full else "ISync",
        full=full,
        records=records,
        deleted=deleted,
        sync_token=new_token,
        sync_time=sync_time,
        fallback=fallback,
    )
