"""Call-log routes: user and company lists, records by id (bulk) and sync."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web

from ._bulk import bulk_ids, bulk_response
from ._calls import CallRecord
from ._http import (
    BASE_URL,
    absolute,
    enum_values,
    invalid,
    iso,
    json_response,
    log_paging,
    page_number,
    parse_datetime,
    per_page,
    reject,
    route,
    with_absolute_uris,
)
from ._state import Platform, platform_of

__all__: list[str] = []

ACCOUNT = "/restapi/v1.0/account/{accountId}"
USER = ACCOUNT + "/extension/{extensionId}"
SYNC_LIMIT = 250
SYNC_MAX_AGE = timedelta(days=30)
_MISSED = frozenset({"Missed", "Voicemail"})


def _scope(request: web.Request) -> tuple[Platform, int | None]:
    """The platform and the extension whose log is asked for (None: the company log)."""
    platform, owner = platform_of(request)
    platform.account(request.match_info["accountId"])
    if "extensionId" not in request.match_info:
        return platform, None
    return platform, int(platform.extension(request.match_info["extensionId"], owner)["id"])


def _record_uri(platform: Platform, record: CallRecord, ext_id: int | None) -> str:
    base = f"/restapi/v1.0/account/{platform.directory.account_id}"
    if ext_id is not None:
        base += f"/extension/{ext_id}"
    return f"{base}/call-log/{record.id}"


def _view(request: web.Request) -> bool:
    view = request.query.get("view", "Simple")
    if view not in ("Simple", "Detailed"):
        invalid("view")
    return view == "Detailed"


def _bool(request: web.Request, name: str) -> bool | None:
    raw = request.query.get(name)
    if raw is None:
        return None
    if raw.lower() not in ("true", "false"):
        invalid(name)
    return raw.lower() == "true"


def _filters(platform: Platform, request: web.Request) -> list[Any]:
    """Predicates for the list filters other than the date range."""
    query = request.query
    checks: list[Any] = []
    types = enum_values(request, "type", frozenset({"Voice", "Fax"}))
    directions = enum_values(request, "direction", frozenset({"Inbound", "Outbound"}))
    transports = enum_values(request, "transport", frozenset({"PSTN", "VoIP"}))
    kinds = enum_values(request, "recordingType", frozenset({"Automatic", "OnDemand", "All"}))
    if "sessionId" in query and "extensionNumber" in query:
        reject(400, "CLG-110", "sessionId cannot be combined with extensionNumber", "sessionId")
    if types:
        checks.append(lambda r: r.body["type"] in types)
    if directions:
        checks.append(lambda r: r.body["direction"] in directions)
    if transports:
        checks.append(lambda r: r.body.get("transport") in transports)
    if kinds:
        checks.append(
            lambda r: (
                "recording" in r.body and ("All" in kinds or r.body["recording"]["type"] in kinds)
            )
        )
    if not _bool(request, "showDeleted"):  # deleted records only when asked for
        checks.append(lambda r: not r.deleted)
    if _bool(request, "withRecording"):
        checks.append(lambda r: "recording" in r.body)
    for name in ("sessionId", "telephonySessionId"):
        if name in query:
            checks.append(lambda r, n=name: r.body.get(n) == query[n])
    if "extensionNumber" in query:
        number = query["extensionNumber"]
        exts = platform.directory.extensions
        checks.append(lambda r: exts.get(r.ext_id, {}).get("extensionNumber") == number)
    if "phoneNumber" in query:
        phone = "+" + query["phoneNumber"].lstrip("+")
        checks.append(
            lambda r: phone in (r.body["from"].get("phoneNumber"), r.body["to"].get("phoneNumber"))
        )
    return checks


_MATCH_CACHE = "calllog.matching"


def _matching(
    platform: Platform,
    request: web.Request,
    ext_id: int | None,
    date_from: datetime,
    date_to: datetime,
    checks: list[Any],
) -> list[CallRecord]:
    """The records a list query selects; cached per query (pages of one walk share it)."""
    filters = tuple(
        sorted((k, v) for k, v in request.query.items() if k not in ("page", "perPage"))
    )
    key = (platform.calls.version, ext_id, date_from, date_to, filters)
    cache: dict[Any, list[CallRecord]] = platform.stores.setdefault(_MATCH_CACHE, {})
    found = cache.get(key)
    if found is None:
        found = [
            r
            for r in platform.calls.in_range(date_from, date_to)
            if (ext_id is None or r.ext_id == ext_id) and all(check(r) for check in checks)
        ]
        if len(cache) >= 64:
            cache.clear()
        cache[key] = found
    return found


async def _list(request: web.Request) -> web.StreamResponse:
    platform, ext_id = _scope(request)
    detailed = _view(request)
    date_to = parse_datetime(request, "dateTo") or platform.now
    date_from = parse_datetime(request, "dateFrom") or date_to - timedelta(hours=24)
    page, size = page_number(request), per_page(request, allow_max=True)
    checks = _filters(platform, request)
    matching = _matching(platform, request, ext_id, date_from, date_to, checks)
    start = (page - 1) * size
    chunk = matching[start : start + size]
    paging, navigation = log_paging(request, page, size, len(chunk), len(matching))
    body = {
        "uri": absolute(request, request.path_qs),
        "records": [r.render(_record_uri(platform, r, ext_id), detailed=detailed) for r in chunk],
        "paging": paging,
        "navigation": navigation,
    }
    return json_response(with_absolute_uris(body, request.app[BASE_URL]))


route("GET", USER + "/call-log")(_list)
route("GET", ACCOUNT + "/call-log")(_list)


async def _by_id(request: web.Request) -> web.StreamResponse:
    platform, ext_id = _scope(request)
    detailed = _view(request)
    base = request.app[BASE_URL]

    def lookup(record_id: str) -> dict[str, Any]:
        record = platform.calls.records.get(record_id)
        if record is None or record.deleted or (ext_id is not None and record.ext_id != ext_id):
            reject(
                404, "CMN-102", "Resource for parameter [callRecordId] is not found", "callRecordId"
            )
        uri = _record_uri(platform, record, ext_id)
        return dict(with_absolute_uris(record.render(uri, detailed=detailed), base))

    raw = request.match_info["callRecordId"]
    if "," not in raw:
        return json_response(lookup(raw))
    ids = bulk_ids(raw)
    prefix = base + request.path.rsplit("/", 1)[0] + "/"
    return bulk_response(request, ids, lambda i: prefix + i, lookup)


route("GET", USER + "/call-log/{callRecordId}")(_by_id)
route("GET", ACCOUNT + "/call-log/{callRecordId}")(_by_id)


async def _sync(request: web.Request) -> web.StreamResponse:
    platform, ext_id = _scope(request)
    query = request.query
    detailed = _view(request)
    sync_type = query.get("syncType", "FSync")
    if sync_type not in ("FSync", "ISync"):
        invalid("syncType")
    status_group = query.get("statusGroup", "All")
    if status_group not in ("All", "Missed"):
        invalid("statusGroup")
    scope = [r for r in platform.calls.ordered() if ext_id is None or r.ext_id == ext_id]
    if status_group == "Missed":
        scope = [r for r in scope if r.body["result"] in _MISSED]
    date_from = parse_datetime(request, "dateFrom")
    if date_from is not None and date_from < platform.now - SYNC_MAX_AGE:
        invalid("dateFrom")  # the sync range is limited to the last 30 days
    raw_count = query.get("recordCount")
    if raw_count is not None and not (raw_count.isdigit() and 1 <= int(raw_count) <= SYNC_LIMIT):
        invalid("recordCount")
    if sync_type == "FSync":
        if raw_count is None:
            invalid("recordCount")  # mandatory for FSync
        records = [
            r for r in scope if not r.deleted and (date_from is None or r.start >= date_from)
        ]
        records = records[: int(raw_count)]
    else:
        token = query.get("syncToken")
        if not token:
            invalid("syncToken")
        frame = platform.sync_tokens.get(token)
        if frame is None or frame[0] != ext_id:
            reject(400, "CLG-101", "Sync token is invalid or expired", "syncToken")
        show_deleted = bool(_bool(request, "showDeleted"))  # default false, as in the spec
        records = [r for r in scope if r.seq > frame[1] and (show_deleted or not r.deleted)]
        if len(records) > SYNC_LIMIT:
            reject(
                400,
                "CLG-104",
                "Max sync record number limit is exceeded, please perform a full sync",
                "syncToken",
            )
    new_token = secrets.token_urlsafe(12)
    platform.sync_tokens[new_token] = (ext_id, platform.calls.seq)
    body = {
        "uri": absolute(request, request.path_qs),
        "records": [r.render(_record_uri(platform, r, ext_id), detailed=detailed) for r in records],
        "syncInfo": {"syncType": sync_type, "syncToken": new_token, "syncTime": iso(platform.now)},
    }
    return json_response(with_absolute_uris(body, request.app[BASE_URL]))


route("GET", USER + "/call-log-sync")(_sync)
route("GET", ACCOUNT + "/call-log-sync")(_sync)
