"""Upload and binary routes: greetings (multipart uploads, content) and profile images.

Their state is the ``NumbersStore`` of ``_routes_numbers`` (one store per platform).
"""

from __future__ import annotations

import json
import random
from typing import Any

from aiohttp import BodyPartReader, web

from ._http import (
    BASE_URL,
    invalid,
    json_response,
    reject,
    route,
    with_absolute_uris,
)
from ._routes_numbers import ACCOUNT, EXTENSION, IMAGE, _extension, _not_found, _store
from ._state import Platform, platform_of

__all__: list[str] = []

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
