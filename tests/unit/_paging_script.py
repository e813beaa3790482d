"""A scripted fake ``fetch`` and canned bodies for every paging scheme (paging unit tests)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any

HOST = "https://platform.example.com"
EXT = "/restapi/v1.0/account/~/extension"
CALLS = "/restapi/v1.0/account/~/call-log"
CALLS_URL = HOST + CALLS
V2 = "/restapi/v2/accounts/~/phone-numbers"
A2P = "/restapi/v1.0/account/~/a2p-sms/messages"
TM = "/team-messaging/v1/chats"

Call = tuple[str, dict[str, Any]]


def _key(path: str, params: Mapping[str, Any]) -> tuple[str, tuple[tuple[str, str], ...]]:
    # An absolute URL on HOST and its path name the same page (a resumed walk uses the path).
    return path.removeprefix(HOST), tuple(sorted((k, str(v)) for k, v in params.items()))


class Script:
    """A fake ``fetch``: canned bodies keyed by request; records every call in order."""

    def __init__(
        self, pages: list[tuple[Call, Any]], *, delay: Callable[[Call], int] | None = None
    ):
        self.bodies: dict[Any, Any] = {}
        for (path, params), body in pages:
            self.bodies[_key(path, params)] = body
        self.calls: list[Call] = []
        self.delay = delay
        self.active = 0
        self.max_active = 0
        self.cancelled = 0
        self.gate: asyncio.Event | None = None

    async def __call__(self, path: str, params: Mapping[str, Any]) -> Any:
        call = (path, dict(params))
        self.calls.append(call)
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        try:
            for _ in range(self.delay(call) if self.delay else 0):
                await asyncio.sleep(0)
            if self.gate is not None and len(self.calls) > 1:
                await self.gate.wait()
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        finally:
            self.active -= 1
        body = self.bodies.get(_key(path, params))
        if body is None:
            raise AssertionError(f"unexpected request {call}")
        if isinstance(body, BaseException):
            raise body
        return body


def recs(start: int, stop: int) -> list[dict[str, Any]]:
    return [{"id": i} for i in range(start, stop)]


def ids(items: list[Any]) -> list[int]:
    return [item["id"] for item in items]


# --- body builders, one per scheme --------------------------------------------------------


def totals_pages(n: int, per: int, params: dict[str, Any]) -> list[tuple[Call, Any]]:
    """Extension-list style: paging with totals plus navigation."""
    total = max(1, -(-n // per))
    out: list[tuple[Call, Any]] = []
    for page in range(1, total + 1):
        lo, hi = (page - 1) * per, min(n, page * per)
        nav: dict[str, Any] = {"firstPage": {"uri": f"{HOST}{EXT}?page=1"}}
        if page < total:
            nav["nextPage"] = {"uri": f"{HOST}{EXT}?page={page + 1}&perPage={per}"}
        body = {
            "uri": f"{HOST}{EXT}?page={page}",
            "records": recs(lo, hi),
            "paging": {"page": page, "perPage": per, "totalPages": total, "totalElements": n,
                       "pageStart": lo, "pageEnd": hi - 1},
            "navigation": nav,
        }  # fmt: skip
        request = params if page == 1 else {**params, "page": page}
        out.append(((EXT, request), body))
    return out


def calllog_pages(n: int, per: int, *, past_end: bool = False) -> list[tuple[Call, Any]]:
    """Call-log style: no totals; next page only through navigation.nextPage.uri."""
    pages = -(-n // per)
    out: list[tuple[Call, Any]] = []
    for page in range(1, pages + 2):
        lo, hi = (page - 1) * per, min(n, page * per)
        # The URI's query, with the page size the caller asked for kept as given (an int).
        query = {"view": "Simple", "perPage": per, "page": str(page)}
        request: Call = (
            (CALLS, {"view": "Simple", "perPage": per}) if page == 1 else (CALLS_URL, query)
        )
        if page > pages:  # a page past the end: empty records, paging shrunk to page/perPage
            past = {"records": [], "paging": {"page": page, "perPage": per},
                    "navigation": {"firstPage": {"uri": f"{CALLS_URL}?page=1"}}}  # fmt: skip
            out.append((request, past))
            break
        nav: dict[str, Any] = {"firstPage": {"uri": f"{CALLS_URL}?page=1"}}
        if page < pages or past_end:
            nav["nextPage"] = {"uri": f"{CALLS_URL}?view=Simple&perPage={per}&page={page + 1}"}
        body: dict[str, Any] = {
            "records": recs(lo, hi),
            "navigation": nav,
            "paging": {"page": page, "perPage": per, "pageStart": lo, "pageEnd": hi - 1},
        }
        out.append((request, body))
        if page == pages and not past_end:
            break
    return out


def v2_pages(n: int, per: int) -> list[tuple[Call, Any]]:
    """v2 style: paging without navigation and without totals."""
    out: list[tuple[Call, Any]] = []
    page = 1
    while True:
        lo, hi = (page - 1) * per, min(n, page * per)
        request: dict[str, Any] = {"perPage": per} if page == 1 else {"perPage": per, "page": page}
        body = {"records": recs(lo, max(lo, hi)), "paging": {"page": page, "perPage": per}}
        out.append(((V2, request), body))
        if hi - lo < per:
            return out
        page += 1


def token_pages(n: int, per: int, *, team_messaging: bool = False) -> list[tuple[Call, Any]]:
    """Page-token style: paging.nextPageToken, or Team Messaging's navigation.nextPageToken."""
    size = "recordCount" if team_messaging else "perPage"
    path = TM if team_messaging else A2P
    pages = -(-n // per)
    out: list[tuple[Call, Any]] = []
    for page in range(1, pages + 1):
        lo, hi = (page - 1) * per, min(n, page * per)
        params: dict[str, Any] = {"type": "Team", size: per}
        if page > 1:
            params["pageToken"] = f"tok{page}"
        more: dict[str, Any] = {"nextPageToken": f"tok{page + 1}"} if page < pages else {}
        body: dict[str, Any]
        if team_messaging:
            body = {"records": recs(lo, hi), "navigation": {**more}}
        else:
            body = {"records": recs(lo, hi), "paging": {"perPage": per, **more}}
        out.append(((path, params), body))
    return out


def requests_of(pages: list[tuple[Call, Any]]) -> list[Call]:
    return [call for call, _ in pages]


# --- the cases every scheme test walks ---------------------------------------------------

CASES: dict[str, tuple[list[tuple[Call, Any]], str, dict[str, Any], int]] = {
    "totals": (totals_pages(5, 2, {"status": "Enabled", "perPage": 2}), EXT,
               {"params": {"status": "Enabled"}, "per_page": 2}, 5),
    "totals-exact-multiple": (totals_pages(4, 2, {"perPage": 2}), EXT, {"per_page": 2}, 4),
    "totals-single-page": (totals_pages(3, 100, {}), EXT, {}, 3),
    "totals-empty": (totals_pages(0, 100, {}), EXT, {}, 0),
    "calllog-navigation": (calllog_pages(5, 2), CALLS,
                           {"params": {"view": "Simple"}, "per_page": 2}, 5),
    "calllog-page-past-the-end": (calllog_pages(4, 2, past_end=True), CALLS,
                                  {"params": {"view": "Simple"}, "per_page": 2}, 4),
    "v2-short-page": (v2_pages(5, 2), V2, {"per_page": 2}, 5),
    "v2-exact-multiple-then-empty": (v2_pages(4, 2), V2, {"per_page": 2}, 4),
    "page-token": (token_pages(5, 2), A2P, {"params": {"type": "Team"}, "per_page": 2}, 5),
    "page-token-full-last-page": (token_pages(4, 2), A2P,
                                  {"params": {"type": "Team"}, "per_page": 2}, 4),
    "team-messaging-token": (
        token_pages(5, 2, team_messaging=True), TM,
        {"params": {"type": "Team"}, "per_page": 2, "page_size_param": "recordCount",
         "per_page_max": 250}, 5),
    "not-paged": ([((EXT, {}), {"records": recs(0, 3)})], EXT, {}, 3),
}  # fmt: skip
