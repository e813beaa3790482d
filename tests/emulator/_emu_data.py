"""The emulator's data routes: account, extensions (Medium list, Light record), call log.

Shapes from ``shared/docs/platform.md`` §2, §7 and §8: the call log pages by
``navigation.nextPage`` and gives no totals; the extension list has totals and navigation;
call-log ids are strings, extension ids integers. Each route names its usage-plan group.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

ACCOUNT_ID = "400100200"
OWNER_ID = "400100201"
_BASE = r"/restapi/v1(?:\.0)?/account/(?P<account>[^/]+)"


def json_response(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status)


def error_body(code: str, message: str, **extra: str) -> dict[str, Any]:
    """The platform's error shape: the first error at the top level, plus ``errors[]``."""
    return {
        "errorCode": code,
        "message": message,
        "errors": [{"errorCode": code, "message": message}],
        **extra,
    }


Handler = Callable[[web.Request, dict[str, str]], Awaitable[web.Response]]


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    group: str
    handler: Handler


class Data:
    """Generated records and the handlers that serve them."""

    def __init__(self, call_log_records: int, extensions: int) -> None:
        self.base_url = ""  # set once the server listens: navigation URIs are absolute
        start = datetime(2026, 3, 1, tzinfo=UTC)
        #: The emulator's "now": a request without dates covers the 24 h before it (§7).
        self.now = start + timedelta(seconds=1)
        self.calls = [
            {
                "id": f"Emu{i:06d}Call",
                "uri": f"/restapi/v1.0/account/{ACCOUNT_ID}/call-log/Emu{i:06d}Call",
                "sessionId": str(900000 + i),
                "startTime": (start - timedelta(minutes=7 * i)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "type": "Voice",
                "direction": "Inbound" if i % 2 else "Outbound",
                "action": "Phone Call",
                "result": "Accepted",
                "duration": 30 + i % 50,
            }
            for i in range(call_log_records)
        ]
        self.extensions = [
            {
                "id": int(OWNER_ID) + i,
                "uri": f"/restapi/v1.0/account/{ACCOUNT_ID}/extension/{int(OWNER_ID) + i}",
                "extensionNumber": str(101 + i),
                "name": f"User {i}",
                "type": "User",
                "status": "Enabled",
            }
            for i in range(extensions)
        ]

    def routes(self) -> list[Route]:
        def r(pattern: str, group: str, handler: Handler) -> Route:
            return Route("GET", re.compile(_BASE + pattern), group, handler)

        return [
            r(r"/extension/(?P<ext>[^/]+)/call-log", "Heavy", self.call_log),
            r(r"/call-log", "Heavy", self.call_log),
            r(r"/extension", "Medium", self.extension_list),
            r(r"/extension/(?P<ext>[^/]+)", "Light", self.extension),
            r(r"", "Light", self.account),
        ]

    def _page_link(self, request: web.Request, page: int) -> dict[str, str]:
        query = {k: v for k, v in request.query.items() if k != "page"}
        query["page"] = str(page)
        return {"uri": f"{self.base_url}{request.path}?{urlencode(query)}"}

    @staticmethod
    def _page_args(request: web.Request) -> tuple[int, int]:
        raw = request.query.get("perPage", "100")
        per_page = 1000 if raw == "max" else max(1, min(1000, int(raw)))
        return max(1, int(request.query.get("page", "1"))), per_page

    def _date_range(self, request: web.Request) -> tuple[datetime, datetime] | web.Response:
        """§7: ``dateTo`` defaults to now, ``dateFrom`` to ``dateTo`` minus 24 hours."""
        bounds: dict[str, datetime] = {}
        for name in ("dateFrom", "dateTo"):
            raw = request.query.get(name)
            if raw is None:
                continue
            try:
                value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
            except ValueError:
                value = None
            if value is None or value.tzinfo is None:
                message = f"Parameter [{name}] value is invalid"
                body = error_body("CMN-101", message, parameterName=name)
                return json_response(body, 400)
            bounds[name] = value
        date_to = bounds.get("dateTo", self.now)
        return bounds.get("dateFrom", date_to - timedelta(hours=24)), date_to

    async def call_log(self, request: web.Request, params: dict[str, str]) -> web.Response:
        """§2.3: no totals; ``navigation.nextPage`` while more records exist; newest first."""
        page, per_page = self._page_args(request)
        window = self._date_range(request)
        if isinstance(window, web.Response):
            return window
        date_from, date_to = window
        scope = [
            c
            for c in self.calls
            if date_from
            <= datetime.fromisoformat(str(c["startTime"]).replace("Z", "+00:00"))
            < date_to
        ]
        lo = (page - 1) * per_page
        records = scope[lo : lo + per_page]
        paging: dict[str, int] = {"page": page, "perPage": per_page}
        if records:
            paging.update(pageStart=lo, pageEnd=lo + len(records) - 1)
        navigation = {"firstPage": self._page_link(request, 1)}
        if lo + per_page < len(scope):
            navigation["nextPage"] = self._page_link(request, page + 1)
        if page > 1:
            navigation["previousPage"] = self._page_link(request, page - 1)
        body = {"uri": str(request.url), "records": records, "paging": paging}
        return json_response({**body, "navigation": navigation})

    async def extension_list(self, request: web.Request, params: dict[str, str]) -> web.Response:
        page, per_page = self._page_args(request)
        total = len(self.extensions)
        pages = max(1, -(-total // per_page))
        lo = (page - 1) * per_page
        records = self.extensions[lo : lo + per_page]
        paging = {"page": page, "perPage": per_page, "totalPages": pages, "totalElements": total}
        if records:
            paging.update(pageStart=lo, pageEnd=lo + len(records) - 1)
        navigation = {
            "firstPage": self._page_link(request, 1),
            "lastPage": self._page_link(request, pages),
        }
        if page < pages:
            navigation["nextPage"] = self._page_link(request, page + 1)
        body = {"uri": str(request.url), "records": records, "paging": paging}
        return json_response({**body, "navigation": navigation})

    async def extension(self, request: web.Request, params: dict[str, str]) -> web.Response:
        wanted = OWNER_ID if params["ext"] == "~" else params["ext"]
        for record in self.extensions:
            if str(record["id"]) == wanted:
                return json_response({**record, "account": {"id": ACCOUNT_ID}})
        message = "Resource for parameter [extensionId] is not found"
        return json_response(error_body("CMN-102", message), 404)

    async def account(self, request: web.Request, params: dict[str, str]) -> web.Response:
        uri = f"/restapi/v1.0/account/{ACCOUNT_ID}"
        body = {"id": int(ACCOUNT_ID), "uri": uri, "mainNumber": "+16505550100"}
        return json_response({**body, "status": "Confirmed"})
