"""Bulk (comma-separated ids) answers: 207 multipart/mixed or the multipart+json form."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from typing import Any

from aiohttp import web

from ._http import Reject, json_response, reject

__all__ = ["MULTIPART_JSON", "bulk_ids", "bulk_response"]

MULTIPART_JSON = "application/vnd.ringcentral.multipart+json"
_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found"}


def bulk_ids(value: str, limit: int = 50) -> list[str]:
    """The ids of a comma-separated path segment; 400 CMN-106 beyond ``limit``."""
    ids = [part for part in value.split(",") if part]
    if len(ids) > limit:
        reject(400, "CMN-106", f"Batch request is limited to {limit} entries")
    return ids


def bulk_response(
    request: web.Request,
    ids: list[str],
    href: Callable[[str], str],
    lookup: Callable[[str], dict[str, Any]],
) -> web.Response:
    """207 with one part per id; ``lookup`` returns a body or raises Reject."""
    parts: list[tuple[str, int, Any]] = []
    for resource_id in ids:
        try:
            parts.append((resource_id, 200, lookup(resource_id)))
        except Reject as failure:
            raw = failure.response.body
            body = json.loads(raw if isinstance(raw, bytes) else b"{}")
            parts.append((resource_id, failure.response.status, body))
    if MULTIPART_JSON in request.headers.get("Accept", ""):
        array = [{"resourceId": rid, "status": st, "body": body} for rid, st, body in parts]
        response = json_response(array, 207)
        response.content_type = MULTIPART_JSON
        return response
    boundary = "Boundary_" + secrets.token_hex(12)
    summary = {
        "response": [
            {"href": href(rid), "status": st, "responseDescription": _REASONS.get(st, "Error")}
            for rid, st, _ in parts
        ]
    }
    chunks = [summary] + [body for _, _, body in parts]
    text = "".join(
        f"--{boundary}\r\nContent-Type: application/json\r\n\r\n{json.dumps(chunk)}\r\n"
        for chunk in chunks
    )
    text += f"--{boundary}--\r\n"
    return web.Response(
        body=text.encode(),
        status=207,
        headers={"Content-Type": f"multipart/mixed; boundary={boundary}"},
    )
