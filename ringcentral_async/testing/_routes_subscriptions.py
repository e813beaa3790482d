"""Subscription routes: ``POST /restapi/oauth/wstoken`` and the webhook subscription API.

``/restapi/v1.0/subscription`` serves webhook subscriptions (``transportType: WebHook``):
create (Medium, with the validation handshake), list/get/renew (Light), update/delete
(Medium). The address must be ``https://``, or ``http://`` on a loopback host (the fake's
own tests and local development). WebSocket subscriptions are listed and readable here
but created, updated and deleted only over their socket.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from ._gateway import Gateway
from ._http import absolute, iso, json_response, reject, route
from ._state import PLATFORM, platform_of
from ._subscriptions import SubscriptionRecord, expand_filter, valid_filter
from ._webhooks import WebhookClient
from ._ws_requests import ws_subscription_body

__all__ = ["GATEWAY", "WEBHOOKS"]

GATEWAY = web.AppKey("gateway", Gateway)
WEBHOOKS = web.AppKey("webhooks", WebhookClient)

SUBSCRIPTIONS = "/restapi/v1.0/subscription"
ONE = SUBSCRIPTIONS + "/{subscriptionId}"
#: Webhook lifetime: default 7 days (604800 s), at most 10 years.
DEFAULT_EXPIRES_IN = 604800
MAX_EXPIRES_IN = 315360000
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


@route("POST", "/restapi/oauth/wstoken")
async def ws_token(request: web.Request) -> web.Response:
    """A single-use WebSocket token for the caller's OAuth session (Bearer, Auth group)."""
    platform, owner = platform_of(request)
    token = request.headers.get("Authorization", "")[len("Bearer ") :]
    session = platform.auth._by_access.get(token)
    oauth_session = session.session_id if session is not None else ""
    account = platform.directory.account_id
    return json_response(request.app[GATEWAY].mint_token(owner, account, oauth_session))


def _body(record: SubscriptionRecord, request: web.Request) -> dict[str, Any]:
    if record.transport == "WebSocket":
        body = ws_subscription_body(record)
    else:
        platform = request.app[PLATFORM]
        left = max(0.0, record.expires - platform.clock())
        # As the platform: the verificationToken is never echoed back.
        mode: dict[str, Any] = {
            "transportType": "WebHook",
            "address": record.address,
            "encryption": False,
        }
        body = {
            "id": record.id,
            "uri": f"/restapi/v1.0/subscription/{record.id}",
            "eventFilters": list(record.event_filters),
            "expirationTime": iso(datetime.now(UTC) + timedelta(seconds=left)),
            "expiresIn": round(left),
            "status": record.status,
            "creationTime": iso(datetime.now(UTC)),
            "deliveryMode": mode,
        }
    body["uri"] = absolute(request, body["uri"])
    return body


def _record(request: web.Request) -> SubscriptionRecord:
    _, owner = platform_of(request)
    gateway = request.app[GATEWAY]
    record = gateway.store.records.get(request.match_info["subscriptionId"])
    if record is None or record.owner_id != owner:
        reject(404, "CMN-102", "Resource for parameter [subscriptionId] is not found")
    return record


def _filters(request: web.Request, raw: Any, owner: int) -> list[str]:
    if not isinstance(raw, list) or not raw or not all(valid_filter(f) for f in raw):
        reject(400, "SUB-508", "Event filters are invalid", "eventFilters")
    account = request.app[PLATFORM].directory.account_id
    return [expand_filter(f, account, owner) for f in raw]


def _expires_in(raw: Any) -> int:
    if raw is None:
        return DEFAULT_EXPIRES_IN
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= MAX_EXPIRES_IN:
        reject(400, "CMN-101", "Parameter [expiresIn] value is invalid", "expiresIn")
    return raw


async def _json(request: web.Request) -> dict[str, Any]:
    try:
        data = await request.json()
    except ValueError:
        reject(400, "CMN-101", "Request body is not valid JSON")
    if not isinstance(data, dict):
        reject(400, "CMN-101", "Request body must be an object")
    return data


@route("POST", SUBSCRIPTIONS)
async def create(request: web.Request) -> web.Response:
    """Create a webhook subscription after the Validation-Token handshake (SUB-525)."""
    platform, owner = platform_of(request)
    data = await _json(request)
    gateway = request.app[GATEWAY]
    mode = data.get("deliveryMode")
    if not isinstance(mode, dict) or mode.get("transportType") != "WebHook":
        reject(400, "SUB-521", "Only WebHook subscriptions are created over HTTP", "deliveryMode")
    address = mode.get("address")
    parts = urlsplit(address) if isinstance(address, str) else None
    if (
        parts is None
        or not parts.hostname
        or not (parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK))
    ):
        reject(400, "SUB-522", "deliveryMode.address must be an https URL", "deliveryMode.address")
    token = mode.get("verificationToken")
    if token is not None and (not isinstance(token, str) or len(token) > 64):
        reject(400, "CMN-101", "Parameter [verificationToken] value is invalid")
    filters = _filters(request, data.get("eventFilters"), owner)
    expires_in = _expires_in(data.get("expiresIn"))
    if len(gateway.store.of_owner(owner)) >= gateway.settings.max_subscriptions:
        reject(400, "SUB-505", "Subscriptions limit exceeded")
    problem = await request.app[WEBHOOKS].validate(str(address))
    if problem is not None:
        reject(400, "SUB-525", f"Subscription creation failed: validation {problem}")
    now = platform.clock()
    record = SubscriptionRecord(
        id=gateway.store.new_id(),
        owner_id=owner,
        oauth_session="",
        event_filters=filters,
        transport="WebHook",
        created=now,
        expires=now + expires_in,
        expires_in=expires_in,
        address=str(address),
        verification_token=token,
    )
    gateway.store.records[record.id] = record
    return json_response(_body(record, request))


@route("GET", SUBSCRIPTIONS)
async def list_all(request: web.Request) -> web.Response:
    """Every subscription of the caller (webhooks and sockets)."""
    _, owner = platform_of(request)
    records = request.app[GATEWAY].store.of_owner(owner)
    body = {
        "uri": absolute(request, SUBSCRIPTIONS),
        "records": [_body(r, request) for r in records],
    }
    return json_response(body)


@route("GET", ONE)
async def read(request: web.Request) -> web.Response:
    """One subscription."""
    return json_response(_body(_record(request), request))


@route("PUT", ONE)
async def update(request: web.Request) -> web.Response:
    """New filters (and lifetime) of a webhook subscription."""
    platform, owner = platform_of(request)
    record = _record(request)
    if record.transport == "WebSocket":
        reject(400, "SUB-526", "A WebSocket subscription is updated over its socket")
    data = await _json(request)
    record.event_filters = _filters(request, data.get("eventFilters"), owner)
    if "expiresIn" in data:
        record.expires_in = _expires_in(data["expiresIn"])
        record.expires = platform.clock() + record.expires_in
    return json_response(_body(record, request))


@route("POST", ONE + "/renew")
async def renew(request: web.Request) -> web.Response:
    """Extend a webhook subscription by its ``expiresIn`` (a blacklisted one stays so)."""
    platform, _ = platform_of(request)
    record = _record(request)
    if record.transport == "WebSocket":
        reject(400, "SUB-526", "A WebSocket subscription renews itself")
    record.expires = platform.clock() + record.expires_in
    return json_response(_body(record, request))


@route("DELETE", ONE)
async def delete(request: web.Request) -> web.Response:
    """Delete a webhook subscription (204)."""
    record = _record(request)
    if record.transport == "WebSocket":
        reject(400, "SUB-526", "A WebSocket subscription is deleted over its socket")
    request.app[GATEWAY].store.records.pop(record.id, None)
    return web.Response(status=204)
