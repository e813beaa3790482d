"""Numbers and media routes: company number by id (bulk), caller blocking (bulk GET), the
legacy blocked-number resource, greetings (multipart uploads) and profile images.

State lives in ``platform.stores["numbers"]``: blocked/allowed numbers per extension,
uploaded greetings, and profile images per extension (the main user starts with one).
"""

from __future__ import annotations

import json
import random
import re
from typing import Any, NoReturn

import attrs
from aiohttp import BodyPartReader, web

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
_USER_GREETINGS = frozenset(
    {
        "Introductory",
        "Announcement",
        "ConnectingMessage",
        "ConnectingAudio",
        "Voicemail",
        "Unavailable",
        "HoldMusic",
        "TemplateGreeting",
    }
)
_COMPANY_GREETINGS = frozenset(
    {"Company", "StartRecording", "StopRecording", "AutomaticRecording", "TemplateGreeting"}
)
_AUDIO = frozenset({"audio/mpeg", "audio/mp3", "audio/wav", "audio/x-wav"})
_SCALES = frozenset({"original", "90x90", "195x195", "584x584"})
_MAX_UPLOAD = 20 * 1024 * 1024
_PNG = b"\x89PNG\r\n\x1a\n"


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


# -- multipart uploads -----------------------------------------------------------------


async def _form(request: web.Request, file_field: str) -> tuple[dict[str, str], bytes, str]:
    """Text fields, the file part's bytes and its content type (400 CMN-101 when missing)."""
    if not request.content_type.startswith("multipart/form-data"):
        invalid(file_field)
    reader = await request.multipart()
    fields: dict[str, str] = {}
    data: bytes | None = None
    ctype = ""
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader) or part.name is None:
            continue
        if part.filename is not None or part.name == file_field:
            chunks = bytearray()
            while chunk := await part.read_chunk():
                chunks += chunk
                if len(chunks) > _MAX_UPLOAD:
                    reject(413, "CMN-101", "Request body is too large", file_field)
            if part.name == file_field:
                data = bytes(chunks)
                ctype = part.headers.get("Content-Type", "application/octet-stream")
        else:
            text = await part.text()
            if part.headers.get("Content-Type", "").startswith("application/json"):
                text = json.dumps(json.loads(text))
            fields[part.name] = text
    if not data:
        invalid(file_field)
    return fields, data, ctype.split(";")[0].strip()


def _greeting_body(
    platform: Platform, uri: str, gid: str, fields: dict[str, str], ctype: str
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": gid,
        "uri": uri,
        "type": fields["type"],
        "contentType": "audio/wav" if "wav" in ctype else "audio/mpeg",
        "contentUri": f"{uri}/content",
    }
    if "answeringRuleId" in fields:
        body["answeringRule"] = {"id": fields["answeringRuleId"]}
    if "text" in fields:
        body["text"] = fields["text"]
    return body


@route("POST", EXTENSION + "/greeting")
async def create_user_greeting(request: web.Request) -> web.StreamResponse:
    """``createCustomUserGreeting``: form-data ``type``, ``answeringRuleId``, ``binary``."""
    platform, ext_id, store = _extension(request)
    fields, data, ctype = await _form(request, "binary")
    if fields.get("type") not in _USER_GREETINGS:
        invalid("type")
    if not fields.get("answeringRuleId"):
        invalid("answeringRuleId")
    if ctype not in _AUDIO:
        invalid("binary")
    gid = store.new_id()
    uri = f"{platform.directory.extension_path(ext_id)}/greeting/{gid}"
    body = _greeting_body(platform, uri, gid, fields, ctype)
    store.greetings[gid] = {"ext": ext_id, "body": body}
    store.greeting_bytes[gid] = data
    return json_response(with_absolute_uris(body, request.app[BASE_URL]))


def _user_greeting(request: web.Request) -> tuple[str, dict[str, Any]]:
    _, ext_id, store = _extension(request)
    gid = request.match_info["greetingId"]
    found = store.greetings.get(gid)
    if found is None or found["ext"] != ext_id:
        _not_found("greetingId")
    return gid, found["body"]


@route("GET", EXTENSION + "/greeting/{greetingId}")
async def read_user_greeting(request: web.Request) -> web.StreamResponse:
    """``readCustomGreeting``."""
    _, body = _user_greeting(request)
    return json_response(with_absolute_uris(body, request.app[BASE_URL]))


@route("GET", EXTENSION + "/greeting/{greetingId}/content")
async def read_user_greeting_content(request: web.Request) -> web.StreamResponse:
    """``readGreetingContent``: the uploaded audio as is."""
    gid, body = _user_greeting(request)
    data = _store(platform_of(request)[0]).greeting_bytes[gid]
    return web.Response(body=data, content_type=body["contentType"])


@route("POST", ACCOUNT + "/greeting")
async def create_company_greeting(request: web.Request) -> web.StreamResponse:
    """``createCompanyGreeting``: form-data ``type``, optional ``languageId``, ``binary``."""
    platform, _ = platform_of(request)
    platform.account(request.match_info["accountId"])
    store = _store(platform)
    fields, data, ctype = await _form(request, "binary")
    if fields.get("type") not in _COMPANY_GREETINGS:
        invalid("type")
    language = fields.get("languageId")
    if language is not None and not language.isdigit():
        invalid("languageId")
    if ctype not in _AUDIO:
        invalid("binary")
    gid = store.new_id()
    uri = f"/restapi/v1.0/account/{platform.directory.account_id}/greeting/{gid}"
    body = _greeting_body(platform, uri, gid, fields, ctype)
    if language is not None:
        body["language"] = {"id": language, "uri": f"/restapi/v1.0/dictionary/language/{language}"}
    store.greeting_bytes[gid] = data
    return json_response(with_absolute_uris(body, request.app[BASE_URL]))


# -- profile image ---------------------------------------------------------------------


def image_bytes(ext_id: int, scale: str, source: bytes) -> bytes:
    """Deterministic PNG-looking bytes for one extension's image at one scale."""
    rng = random.Random(f"{ext_id}:{scale}:{source.hex()}")
    size = {"original": 4096, "90x90": 512, "195x195": 1024, "584x584": 2048}[scale]
    tag = f"IHDR{scale}".encode()
    return _PNG + tag + rng.randbytes(size - len(_PNG) - len(tag))


@route("GET", IMAGE + "/{scaleSize}")
async def read_scaled_image(request: web.Request) -> web.StreamResponse:
    """``readScaledProfileImage``: image/png; 404 ACT-333 when the extension has none."""
    _, ext_id, store = _extension(request)
    scale = request.match_info["scaleSize"]
    if scale not in _SCALES:
        invalid("scaleSize")
    source = store.images.get(ext_id)
    if source is None:
        reject(404, "ACT-333", "Profile image is not found")
    data = image_bytes(ext_id, scale, source)
    response = web.Response(body=data, content_type="image/png")
    disposition = request.query.get("contentDisposition")
    if disposition is not None:
        if disposition not in ("Inline", "Attachment"):
            invalid("contentDisposition")
        name = request.query.get("contentDispositionFilename", f"{scale}.png")
        response.headers["Content-Disposition"] = f'{disposition.lower()}; filename="{name}"'
    return response


async def _upload_image(request: web.Request) -> web.StreamResponse:
    _, ext_id, store = _extension(request)
    _, data, ctype = await _form(request, "image")
    if not ctype.startswith("image/"):
        invalid("image")
    store.images[ext_id] = data
    return web.Response(status=204)


route("POST", IMAGE)(_upload_image)
route("PUT", IMAGE)(_upload_image)


@route("DELETE", IMAGE)
async def delete_image(request: web.Request) -> web.StreamResponse:
    """``deleteUserProfileImage``: 204 (404 ACT-333 when there is none)."""
    _, ext_id, store = _extension(request)
    if store.images.pop(ext_id, None) is None:
        reject(404, "ACT-333", "Profile image is not found")
    return web.Response(status=204)
