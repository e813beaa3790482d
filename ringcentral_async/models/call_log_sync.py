"""Models: call-log sync (``syncUserCallLog`` / ``syncAccountCallLog``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from ringcentral_async.models._base import extra_field
from ringcentral_async.models.call_log import CallLogRecord

__all__ = ["CallLogSyncInfo", "CallLogSyncResult"]


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallLogSyncInfo:
    """``syncInfo`` of a sync response: the type run and the token for the next ISync."""

    sync_type: str | None = None
    sync_token: str | None = None
    sync_time: datetime | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallLogSyncResult:
    """One call-log sync response; records deleted since the last sync have ``deleted``."""

    uri: str | None = None
    records: list[CallLogRecord] = attrs.field(factory=list)
    sync_info: CallLogSyncInfo | None = None
    extra: Mapping[str, Any] = extra_field()
