"""The request pipeline every route shares: log, faults, auth, usage-plan limits, headers."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable

from aiohttp import web

from ringcentral_async import usage_plan_group

from ._faults import TRUNCATE, Fault, RequestRecord
from ._http import Reject, error_body, error_response, json_response, reject
from ._oauth import OAuthFailure
from ._routes_oauth import client_of
from ._state import OWNER, PLATFORM, Platform

__all__ = ["HEADERS", "add_headers", "middleware"]

#: Headers the response must carry (applied when it is prepared, streamed or not).
HEADERS = web.RequestKey("rc_headers", dict[str, str])

_DEFAULT_CODES = {
    400: "CMN-101",
    401: "OAU-128",
    403: "CMN-401",
    404: "CMN-102",
    429: "CMN-301",
    500: "CMN-203",
    501: "CMN-202",
    502: "CMN-201",
    503: "CMN-201",
    504: "CMN-201",
}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

#: The one OAuth route that takes a Bearer token (and is counted for its user).
WSTOKEN_PATH = "/restapi/oauth/wstoken"


async def add_headers(request: web.BaseRequest, response: web.StreamResponse) -> None:
    """``on_response_prepare``: RCRequestId and the X-Rate-Limit-* headers, always."""
    if isinstance(request, web.Request):
        response.headers.update(request.get(HEADERS, {}))


def _bearer_owner(platform: Platform, request: web.Request) -> int:
    header = request.headers.get("Authorization")
    if header is None:
        reject(401, "OAU-123", "Authorization header is not specified")
    if header.rstrip() == "Bearer":
        reject(401, "OAU-149", "Access token cannot be parsed")
    if not header.startswith("Bearer "):
        reject(401, "OAU-151", "Authorization method is not supported")
    token = header[len("Bearer ") :]
    if not token or " " in token:
        reject(401, "OAU-149", "Access token cannot be parsed")
    try:
        return platform.auth.owner_of(token)
    except OAuthFailure as failure:
        reject(401, failure.code, failure.description)


def _fault_response(fault: Fault) -> web.Response:
    headers = dict(fault.headers)
    if fault.retry_after is not None:
        headers["Retry-After"] = f"{fault.retry_after:g}"
    if fault.body is not None:
        if isinstance(fault.body, bytes | str):
            raw = fault.body.encode() if isinstance(fault.body, str) else fault.body
            return web.Response(body=raw, status=fault.status, headers=headers)
        return json_response(fault.body, fault.status, headers)
    code = _DEFAULT_CODES.get(fault.status, "CMN-203")
    return json_response(
        error_body(code, f"Injected fault ({fault.status})"), fault.status, headers
    )


def _truncate(response: web.StreamResponse) -> None:
    if isinstance(response, web.Response) and isinstance(response.body, bytes):
        response.body = response.body[: len(response.body) // 2]


@web.middleware
async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Log the request, apply faults, authenticate, count it, then run the route."""
    platform = request.app[PLATFORM]
    request_id = secrets.token_hex(16)
    request[HEADERS] = {"RCRequestId": request_id}
    resource = request.match_info.route.resource
    entry = RequestRecord(
        time=platform.clock(),
        method=request.method,
        path=request.path,
        query=request.query_string,
        group=usage_plan_group(request.method, request.path),
        request_id=request_id,
        route=resource.canonical if resource is not None else None,
    )
    platform.log.append(entry)
    try:
        response = await _dispatch(platform, request, handler, entry)
    except Reject as rejected:
        response = rejected.response
    except web.HTTPException as exc:
        code = "CMN-120" if exc.status == 404 else "CMN-202"
        response = error_response(exc.status, code, exc.reason)
    entry.status = response.status
    return response


async def _dispatch(
    platform: Platform, request: web.Request, handler: Handler, entry: RequestRecord
) -> web.StreamResponse:
    fault = platform.faults.take(request.method, request.path, entry.group)
    entry.fault = fault.kind if fault else None
    if fault is not None and fault.kind == "reset":
        if request.transport is not None:
            request.transport.abort()
        raise asyncio.CancelledError
    if fault is not None and fault.kind == "fail":
        return _fault_response(fault)
    if request.match_info.http_exception is not None:
        return await handler(request)
    if request.path.startswith("/restapi/oauth/") and request.path != WSTOKEN_PATH:
        form = await request.post() if request.method == "POST" else {}
        client = client_of(request, form)
        entry.owner = f"client:{client}" if client else f"ip:{request.remote}"
    else:
        owner = _bearer_owner(platform, request)
        request[OWNER] = owner
        entry.owner = str(owner)
    if entry.group is not None and platform.limiter.throttles(entry.group):
        decision = platform.limiter.arrive(entry.owner, entry.group)
        request[HEADERS].update(decision.headers())
        entry.during_penalty = decision.during_penalty
        if not decision.allowed:
            return error_response(429, "CMN-301", "Request rate exceeded")
    if fault is not None and fault.kind == "delay":
        delay = asyncio.ensure_future(asyncio.sleep(fault.seconds))
        platform.delays.add(delay)
        try:
            await delay
        finally:
            platform.delays.discard(delay)
    if fault is not None and fault.kind == "truncate":
        request[TRUNCATE] = True  # streamed routes stop half-way themselves
    response = await handler(request)
    if fault is not None and fault.kind == "truncate":
        _truncate(response)
    if fault is not None and fault.kind == "lose":
        # Processed (a refresh has rotated the pair, a POST has taken effect), but the
        # answer never reaches the client: the connection drops before the response.
        entry.status = response.status
        if request.transport is not None:
            request.transport.abort()
        raise asyncio.CancelledError
    return response
