"""Numbers routes: company number by id (bulk), caller blocking (bulk GET) and the legacy
blocked-number resource. Greetings and profile images are in ``_routes_uploads``.

State lives in ``platform.stores["numbers"]``: blocked/allowed numbers per extension,
uploaded greetings, and profile images per extension (the main user starts with one).
"""

from __future__ import annotations

import re
from typing import Any, NoReturn

import attrs
from aiohttp import web

from ._bulk import bulk_ids, bulk_response
from ._http import (
    BASE_URL,
    invalid,
    json_response,
    reject,
    route,
    with_absolute_uris,
)
from ._state import Platform, platform_of

__all__: list[str] = []

ACCOUNT = "/restapi/v1.0/account/{accountId}"
EXTENSION = ACCOUNT + "/extension/{extensionId}"
BLOCKING = EXTENSION + "/caller-blocking/phone-numbers"
LEGACY = EXTENSION + "/blocked-number/{blockedNumberId}"
IMAGE = EXTENSION + "/profile-image"

_E164 = re.compile(r"^\+?[1-9]\d{3,14}$")
_BLOCK_STATUSES = ("Blocked", "Allowed")


@attrs.define
class NumbersStore:
    """Per-platform state of this module."""

    blocked: dict[int, dict[str, dict[str, Any]]] = attrs.Factory(dict)
    greetings: dict[str, dict[str, Any]] = attrs.Factory(dict)
    greeting_bytes: dict[str, bytes] = attrs.Factory(dict)
    images: dict[int, bytes] = attrs.Factory(dict)
    next_id: int = 700_000_000

    def new_id(self) -> str:
        self.next_id += 1
        return str(self.next_id)


def _store(platform: Platform) -> NumbersStore:
    store = platform.stores.get("numbers")
    if store is None:
        store = NumbersStore()
        store.images[platform.directory.owner_id] = b"original"
        platform.stores["numbers"] = store
    assert isinstance(store, NumbersStore)
    return store


def _not_found(parameter: str) -> NoReturn:
    reject(404, "CMN-102", f"Resource for parameter [{parameter}] is not found", parameter)


def _extension(request: web.Request) -> tuple[Platform, int, NumbersStore]:
    platform, owner = platform_of(request)
    platform.account(request.match_info["accountId"])
    ext = platform.extension(request.match_info["extensionId"], owner)
    return platform, int(ext["id"]), _store(platform)


# -- company phone number by id (bulk) -------------------------------------------------


@route("GET", ACCOUNT + "/phone-number/{phoneNumberId}")
async def read_account_number(request: web.Request) -> web.StreamResponse:
    """``readAccountPhoneNumber``; comma-separated ids answer 207 (bulk, at most 50)."""
    platform, _ = platform_of(request)
    platform.account(request.match_info["accountId"])
    base = request.app[BASE_URL]
    by_id = {str(n["id"]): n for n in platform.directory.phone_numbers}

    def lookup(value: str) -> dict[str, Any]:
        if not value.isdigit():
            invalid("phoneNumberId")
        if value not in by_id:
            _not_found("phoneNumberId")
        return dict(with_absolute_uris(by_id[value], base))

    raw = request.match_info["phoneNumberId"]
    if "," not in raw:
        return json_response(lookup(raw))
    prefix = f"{base}/restapi/v1.0/account/{platform.directory.account_id}/phone-number/"
    return bulk_response(request, bulk_ids(raw), lambda i: prefix + i, lookup)


# -- caller blocking -------------------------------------------------------------------


async def _json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError):
        reject(400, "CMN-101", "Request body is not valid JSON")
    if not isinstance(body, dict):
        reject(400, "CMN-101", "Request body must be a JSON object")
    return body


def _checked_entry(body: dict[str, Any], current: dict[str, Any] | None) -> dict[str, Any]:
    entry = dict(current or {"status": "Blocked"})
    if "phoneNumber" in body or current is None:
        phone = body.get("phoneNumber")
        if not isinstance(phone, str) or not _E164.match(phone):
            invalid("phoneNumber")
        entry["phoneNumber"] = phone if phone.startswith("+") else "+" + phone
    if "label" in body:
        label = body["label"]
        if not isinstance(label, str) or len(label) > 60:
            invalid("label")
        entry["label"] = label
    if "status" in body:
        if body["status"] not in _BLOCK_STATUSES:
            invalid("status")
        entry["status"] = body["status"]
    return entry


def _blocked_uri(platform: Platform, ext_id: int, entry_id: str) -> str:
    return f"{platform.directory.extension_path(ext_id)}/caller-blocking/phone-numbers/{entry_id}"


@route("POST", BLOCKING)
async def create_blocked(request: web.Request) -> web.StreamResponse:
    """``createBlockedAllowedNumber``: phoneNumber (E.164) required; status default Blocked."""
    platform, ext_id, store = _extension(request)
    entry = _checked_entry(await _json_body(request), None)
    numbers = store.blocked.setdefault(ext_id, {})
    if any(e["phoneNumber"] == entry["phoneNumber"] for e in numbers.values()):
        reject(400, "CMN-101", "Phone number is already in the list", "phoneNumber")
    entry_id = store.new_id()
    entry = {"id": entry_id, "uri": _blocked_uri(platform, ext_id, entry_id), **entry}
    numbers[entry_id] = entry
    return json_response(with_absolute_uris(entry, request.app[BASE_URL]))


def _blocked_entry(store: NumbersStore, ext_id: int, value: str) -> dict[str, Any]:
    entry = store.blocked.get(ext_id, {}).get(value)
    if entry is None:
        _not_found("blockedNumberId")
    return entry


@route("GET", BLOCKING + "/{blockedNumberId}")
async def read_blocked(request: web.Request) -> web.StreamResponse:
    """``readBlockedAllowedNumber``; comma-separated ids answer 207 (bulk)."""
    platform, ext_id, store = _extension(request)
    base = request.app[BASE_URL]

    def lookup(value: str) -> dict[str, Any]:
        return dict(with_absolute_uris(_blocked_entry(store, ext_id, value), base))

    raw = request.match_info["blockedNumberId"]
    if "," not in raw:
        return json_response(lookup(raw))
    prefix = base + _blocked_uri(platform, ext_id, "")
    return bulk_response(request, bulk_ids(raw), lambda i: prefix + i, lookup)


@route("PUT", BLOCKING + "/{blockedNumberId}")
async def update_blocked(request: web.Request) -> web.StreamResponse:
    """``updateBlockedAllowedNumber``: changes phoneNumber/label/status."""
    _, ext_id, store = _extension(request)
    entry = _blocked_entry(store, ext_id, request.match_info["blockedNumberId"])
    entry.update(_checked_entry(await _json_body(request), entry))
    return json_response(with_absolute_uris(entry, request.app[BASE_URL]))


@route("DELETE", BLOCKING + "/{blockedNumberId}")
async def delete_blocked(request: web.Request) -> web.StreamResponse:
    """``deleteBlockedAllowedNumber``: 204."""
    _, ext_id, store = _extension(request)
    value = request.match_info["blockedNumberId"]
    _blocked_entry(store, ext_id, value)
    del store.blocked[ext_id][value]
    return web.Response(status=204)


# -- legacy blocked-number (the same list, blocked entries only) -----------------------


def _legacy(request: web.Request) -> tuple[Platform, int, dict[str, Any]]:
    platform, ext_id, store = _extension(request)
    value = request.match_info["blockedNumberId"]
    entry = store.blocked.get(ext_id, {}).get(value)
    if entry is None or entry["status"] != "Blocked":
        _not_found("blockedNumberId")
    return platform, ext_id, entry


def _legacy_body(
    request: web.Request, platform: Platform, ext_id: int, entry: dict[str, Any]
) -> web.Response:
    body = {
        "id": entry["id"],
        "uri": f"{platform.directory.extension_path(ext_id)}/blocked-number/{entry['id']}",
        "name": entry.get("label", ""),
        "phoneNumber": entry["phoneNumber"],
    }
    return json_response(with_absolute_uris(body, request.app[BASE_URL]))


@route("GET", LEGACY)
async def load_blocked_number(request: web.Request) -> web.StreamResponse:
    """``loadBlockedNumber`` (legacy): id, uri, name (the label), phoneNumber."""
    platform, ext_id, entry = _legacy(request)
    return _legacy_body(request, platform, ext_id, entry)


@route("PUT", LEGACY)
async def update_blocked_number(request: web.Request) -> web.StreamResponse:
    """``updateBlockedNumber`` (legacy): ``name`` and ``phoneNumber`` may change."""
    platform, ext_id, entry = _legacy(request)
    body = await _json_body(request)
    renamed = {"label": body["name"]} if "name" in body else {}
    if "phoneNumber" in body:
        renamed["phoneNumber"] = body["phoneNumber"]
    entry.update(_checked_entry(renamed, entry))
    return _legacy_body(request, platform, ext_id, entry)


@route("DELETE", LEGACY)
async def unblock_number(request: web.Request) -> web.StreamResponse:
    """``unblockNumber`` (legacy): 204."""
    _, ext_id, entry = _legacy(request)
    del _store(platform_of(request)[0]).blocked[ext_id][entry["id"]]
    return web.Response(status=204)
