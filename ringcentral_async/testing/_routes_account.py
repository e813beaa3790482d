"""Account, extension and phone-number routes."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ._bulk import bulk_ids, bulk_response
from ._http import (
    BASE_URL,
    enum_values,
    enumerated_page,
    invalid,
    json_response,
    page_number,
    per_page,
    route,
    with_absolute_uris,
)
from ._state import platform_of

__all__: list[str] = []

ACCOUNT = "/restapi/v1.0/account/{accountId}"
EXTENSION = ACCOUNT + "/extension/{extensionId}"
_STATUSES = frozenset({"Enabled", "Disabled", "Frozen", "NotActivated", "Unassigned"})
#: The spec's ``type`` filter enum of ``listExtensions`` (the guides' older names are not in it).
_TYPES = frozenset(
    {
        "User",
        "Department",
        "Announcement",
        "Voicemail",
        "DigitalUser",
        "VirtualUser",
        "FaxUser",
        "PagingOnly",
        "SharedLinesGroup",
        "DelegatedLinesGroup",
        "GroupCallPickup",
        "IvrMenu",
        "ApplicationExtension",
        "ProxyAdmin",
        "RoomConnector",
        "ParkLocation",
        "Limited",
        "Bot",
        "Site",
        "Room",
        "FlexibleUser",
        "TieLine",
        "Unknown",
    }
)


@route("GET", ACCOUNT)
async def read_account(request: web.Request) -> web.StreamResponse:
    """``readAccountInfo``."""
    platform, _ = platform_of(request)
    platform.account(request.match_info["accountId"])
    info = platform.directory.account_info()
    return json_response(with_absolute_uris(info, request.app[BASE_URL]))


@route("GET", ACCOUNT + "/extension")
async def list_extensions(request: web.Request) -> web.StreamResponse:
    """``listExtensions``: paged with totals; repeated ``status``/``type`` filters."""
    platform, _ = platform_of(request)
    platform.account(request.match_info["accountId"])
    query = request.query
    page, size = page_number(request), per_page(request)
    statuses = enum_values(request, "status", _STATUSES)
    types = enum_values(request, "type", _TYPES)
    numbers = set(query.getall("extensionNumber", []))
    if any(len(number) > 8 for number in numbers):
        invalid("extensionNumber")  # at most 8 characters
    emails = {e.lower() for e in query.getall("email", [])}
    records: list[dict[str, Any]] = []
    for ext in sorted(platform.directory.extensions.values(), key=_number_key):
        status = "Unassigned" if not ext.get("extensionNumber") else ext["status"]
        if statuses and status not in statuses and ext["status"] not in statuses:
            continue
        if types and ext["type"] not in types:
            continue
        if numbers and ext.get("extensionNumber") not in numbers:
            continue
        if emails and str(ext["contact"].get("email", "")).lower() not in emails:
            continue
        records.append(ext)
    return json_response(enumerated_page(request, records, page, size))


def _number_key(ext: dict[str, Any]) -> tuple[int, str]:
    number = str(ext.get("extensionNumber", ""))
    return (int(number) if number.isdigit() else 10**9, number)


@route("GET", EXTENSION)
async def read_extension(request: web.Request) -> web.StreamResponse:
    """``readExtension``; comma-separated ids answer 207 (bulk)."""
    platform, owner = platform_of(request)
    platform.account(request.match_info["accountId"])
    base = request.app[BASE_URL]
    raw = request.match_info["extensionId"]

    def lookup(value: str) -> dict[str, Any]:
        record = dict(platform.extension(value, owner))
        record["account"] = {
            "id": str(platform.directory.account_id),  # a string, as the spec declares
            "uri": f"/restapi/v1.0/account/{platform.directory.account_id}",
        }
        return dict(with_absolute_uris(record, base))

    if "," not in raw:
        return json_response(lookup(raw))
    prefix = f"{base}/restapi/v1.0/account/{platform.directory.account_id}/extension/"
    return bulk_response(request, bulk_ids(raw), lambda i: prefix + i, lookup)


@route("GET", EXTENSION + "/phone-number")
async def list_extension_numbers(request: web.Request) -> web.StreamResponse:
    """``listExtensionPhoneNumbers``: paged with totals."""
    platform, owner = platform_of(request)
    platform.account(request.match_info["accountId"])
    ext = platform.extension(request.match_info["extensionId"], owner)
    numbers = platform.directory.numbers_of(int(ext["id"]))
    return json_response(enumerated_page(request, numbers, page_number(request), per_page(request)))


@route("GET", ACCOUNT + "/phone-number")
async def list_account_numbers(request: web.Request) -> web.StreamResponse:
    """``listAccountPhoneNumbers``: paged with totals; ``usageType`` filter."""
    platform, _ = platform_of(request)
    platform.account(request.match_info["accountId"])
    query = request.query
    usage = set(query.getall("usageType", []))
    numbers = [n for n in platform.directory.phone_numbers if not usage or n["usageType"] in usage]
    return json_response(enumerated_page(request, numbers, page_number(request), per_page(request)))
