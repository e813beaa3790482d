"""rc.call_recording: account call-recording settings."""

from __future__ import annotations

from .._paging import AsyncPaginator
from ..models import (
    CallRecordingCustomGreeting,
    CallRecordingCustomGreetingList,
    CallRecordingExtension,
    CallRecordingSettings,
)
from ._base import Resource, check_choice, operation, query
from ._common import ACCOUNT, RecordingGreetingTypeFilter, account_path

__all__ = ["CallRecordingResource"]

SETTINGS = ACCOUNT + "/call-recording"

READ_SETTINGS = operation(
    "readCallRecordingSettings",
    "GET",
    SETTINGS,
    "call_recording.get_settings",
    legacy_operation_id="loadCallRecordingSettings",
)
LIST_GREETINGS = operation(
    "listCallRecordingCustomGreetings",
    "GET",
    SETTINGS + "/custom-greetings",
    "call_recording.list_custom_greetings",
)
LIST_EXTENSIONS = operation(
    "listCallRecordingExtensions",
    "GET",
    SETTINGS + "/extensions",
    "call_recording.list_extensions",
    legacy_operation_id="listCallRecordingExtensionSettings",
)


class CallRecordingResource(Resource):
    """Account call-recording settings, custom greetings and recorded extensions."""

    async def get_settings(self, *, account_id: str | int = "~") -> CallRecordingSettings:
        """``GET /account/{accountId}/call-recording`` (Light)."""
        return await self._call(READ_SETTINGS, account_path(account_id), CallRecordingSettings)

    async def list_custom_greetings(
        self, *, account_id: str | int = "~", type: str | None = None
    ) -> list[CallRecordingCustomGreeting]:
        """``GET /account/{accountId}/call-recording/custom-greetings`` (Medium; one page)."""
        result = await self._call(
            LIST_GREETINGS,
            account_path(account_id),
            CallRecordingCustomGreetingList,
            params=query(type=check_choice("type", type, RecordingGreetingTypeFilter)),
        )
        return list(result.records or [])

    def list_extensions(
        self, *, account_id: str | int = "~", max_items: int | None = None
    ) -> AsyncPaginator[CallRecordingExtension]:
        """``GET /account/{accountId}/call-recording/extensions`` (Medium), every page."""
        return self._list(
            LIST_EXTENSIONS, account_path(account_id), CallRecordingExtension, max_items=max_items
        )
