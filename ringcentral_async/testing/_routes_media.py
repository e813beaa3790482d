"""Call-recording routes: metadata and streamed binary content (with HTTP Range)."""

from __future__ import annotations

import re

from aiohttp import web

from ._faults import TRUNCATE
from ._http import (
    BASE_URL,
    error_response,
    invalid,
    json_response,
    reject,
    route,
    with_absolute_uris,
)
from ._state import Platform, platform_of

__all__: list[str] = []

RECORDING = "/restapi/v1.0/account/{accountId}/recording/{recordingId}"
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_CHUNK = 8192


def _recording(request: web.Request) -> tuple[Platform, str]:
    platform, _ = platform_of(request)
    platform.account(request.match_info["accountId"])
    rec_id = request.match_info["recordingId"]
    if rec_id not in platform.calls.recordings:
        reject(404, "CMN-102", "Resource for parameter [recordingId] is not found", "recordingId")
    return platform, rec_id


@route("GET", RECORDING)
async def read_recording(request: web.Request) -> web.StreamResponse:
    """``readCallRecording``: id, uri, type, contentUri, contentType, duration."""
    platform, rec_id = _recording(request)
    record = platform.calls.recordings[rec_id]
    info = record.body["recording"]
    body = {
        "id": rec_id,
        "uri": info["uri"],
        "type": info["type"],
        "contentUri": info["contentUri"],
        "contentType": "audio/mpeg",
        "duration": record.body["duration"],
    }
    return json_response(with_absolute_uris(body, request.app[BASE_URL]))


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) inclusive for a single ``bytes=`` range; None if unsatisfiable."""
    match = _RANGE.match(header.strip())
    if match is None or match.groups() == ("", ""):
        return None
    first_raw, last_raw = match.groups()
    if first_raw == "":
        length = int(last_raw)
        return (max(0, size - length), size - 1) if length > 0 and size else None
    first = int(first_raw)
    last = min(int(last_raw), size - 1) if last_raw else size - 1
    return (first, last) if first <= last and first < size else None


@route("GET", RECORDING + "/content")
async def read_recording_content(request: web.Request) -> web.StreamResponse:
    """``readCallRecordingContent``: audio/mpeg, streamed; Range gives 206 or 416 CMN-107."""
    platform, rec_id = _recording(request)
    data = platform.calls.recording_bytes(rec_id)
    size = len(data)
    status, first, last = 200, 0, size - 1
    header = request.headers.get("Range")
    if header is not None:
        wanted = _byte_range(header, size)
        if wanted is None:
            return error_response(
                416,
                "CMN-107",
                "Requested range is not satisfiable",
                headers={"Content-Range": f"bytes */{size}"},
            )
        status, (first, last) = 206, wanted
    response = web.StreamResponse(status=status)
    response.content_type = "audio/mpeg"
    response.content_length = last - first + 1
    response.headers["Accept-Ranges"] = "bytes"
    if status == 206:
        response.headers["Content-Range"] = f"bytes {first}-{last}/{size}"
    disposition = request.query.get("contentDisposition")
    if disposition is not None:
        if disposition not in ("Inline", "Attachment"):
            invalid("contentDisposition")
        name = request.query.get("contentDispositionFilename", f"{rec_id}.mp3")
        response.headers["Content-Disposition"] = f'{disposition.lower()}; filename="{name}"'
    end = last + 1
    if request.get(TRUNCATE, False):
        end = first + (last + 1 - first) // 2
    await response.prepare(request)
    for offset in range(first, end, _CHUNK):
        await response.write(data[offset : min(offset + _CHUNK, end)])
    if end <= last:  # a truncate fault: the body stops short of its Content-Length
        if request.transport is not None:
            request.transport.abort()
        return response
    await response.write_eof()
    return response
