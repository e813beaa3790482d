"""rc.active_calls: active calls of an extension or the company (Heavy)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .._paging import AsyncPaginator
from ..models import CallLogRecord
from ._base import Resource, check_choice, check_choices, operation, query
from ._common import ACCOUNT, EXTENSION, ConferenceTypeFilter, account_path, extension_path
from .params import CallDirectionFilter, CallLogView, CallTransportFilter, CallTypeFilter

__all__ = ["ActiveCallsResource"]

LIST_USER = operation(
    "listExtensionActiveCalls", "GET", EXTENSION + "/active-calls", "active_calls.list"
)
LIST_COMPANY = operation(
    "listCompanyActiveCalls", "GET", ACCOUNT + "/active-calls", "active_calls.list_company"
)


def _filters(
    view: str | None,
    direction: str | Sequence[str] | None,
    type: str | Sequence[str] | None,
    transport: str | Sequence[str] | None,
    conference_type: str | Sequence[str] | None,
) -> dict[str, Any]:
    return query(
        view=check_choice("view", view, CallLogView),
        direction=check_choices("direction", direction, CallDirectionFilter),
        type=check_choices("type", type, CallTypeFilter),
        transport=check_choices("transport", transport, CallTransportFilter),
        conference_type=check_choices("conference_type", conference_type, ConferenceTypeFilter),
    )


class ActiveCallsResource(Resource):
    """Active calls of an extension or the company; ``per_page`` is 1..1000 or "max"."""

    def list(
        self,
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
        view: str | None = None,
        direction: str | Sequence[str] | None = None,
        type: str | Sequence[str] | None = None,
        transport: str | Sequence[str] | None = None,
        conference_type: str | Sequence[str] | None = None,
        per_page: int | str | None = None,
        max_items: int | None = None,
    ) -> AsyncPaginator[CallLogRecord]:
        """``GET .../extension/{extensionId}/active-calls`` (Heavy), every page."""
        return self._list(
            LIST_USER,
            extension_path(account_id, extension_id),
            CallLogRecord,
            params=_filters(view, direction, type, transport, conference_type),
            per_page=per_page,
            max_items=max_items,
        )

    def list_company(
        self,
        *,
        account_id: str | int = "~",
        view: str | None = None,
        direction: str | Sequence[str] | None = None,
        type: str | Sequence[str] | None = None,
        transport: str | Sequence[str] | None = None,
        conference_type: str | Sequence[str] | None = None,
        per_page: int | str | None = None,
        max_items: int | None = None,
    ) -> AsyncPaginator[CallLogRecord]:
        """``GET /account/{accountId}/active-calls`` (Heavy), every page."""
        return self._list(
            LIST_COMPANY,
            account_path(account_id),
            CallLogRecord,
            params=_filters(view, direction, type, transport, conference_type),
            per_page=per_page,
            max_items=max_items,
        )
