"""What the fake gateway keeps per session and answers to ClientRequest frames."""

from __future__ import annotations

import json
from collections import deque
from datetime import UTC, datetime
from typing import Any

import attrs
from aiohttp import web

from ._http import error_body, iso
from ._subscriptions import SubscriptionRecord, SubscriptionStore, expand_filter, valid_filter

__all__ = ["SUBSCRIPTION", "WsSession", "answer_request", "frame", "ws_subscription_body"]

SUBSCRIPTION = "/restapi/v1.0/subscription"


@attrs.define(eq=False)
class WsSession:
    """One gateway session: what ``wsc`` recovers."""

    token: str
    owner_id: int
    account_id: int
    oauth_session: str
    ws: web.WebSocketResponse | None = None
    transport: Any = None
    sequence: int = 0
    subscription_id: str | None = None
    buffer: deque[str] = attrs.Factory(deque)
    dropped_at: float | None = None
    recoverable: bool = True

    def meta(self, **fields: Any) -> dict[str, Any]:
        self.sequence += 1
        return {**fields, "wsc": {"token": self.token, "sequence": self.sequence}}


def frame(meta: dict[str, Any], body: Any = None) -> str:
    """A ``[meta, body]`` text frame (``[meta]`` without a body)."""
    return json.dumps([meta] if body is None else [meta, body], separators=(",", ":"))


def answer_request(
    store: SubscriptionStore,
    max_subscriptions: int,
    session: WsSession,
    method: str,
    path: str,
    body: list[Any],
    now: float,
) -> tuple[int, Any]:
    """(status, body) of a ClientRequest: create, read, update or delete the session's
    WebSocket subscription (one per connection: a second POST replaces the first)."""
    payload = body[0] if body else None
    base = path.split("?", 1)[0].rstrip("/")
    if method == "POST" and base == SUBSCRIPTION:
        filters, error = _filters(session, payload)
        if error is not None:
            return error
        mine = store.of_owner(session.owner_id)
        if session.subscription_id is not None:  # one per connection: replaced
            store.records.pop(session.subscription_id, None)
        elif len(mine) >= max_subscriptions:
            return 400, error_body("SUB-505", "Subscriptions limit exceeded")
        record = SubscriptionRecord(
            id=store.new_id(),
            owner_id=session.owner_id,
            oauth_session=session.oauth_session,
            event_filters=filters,
            transport="WebSocket",
            created=now,
            expires=now + 86400 * 365,
            expires_in=86400 * 365,
            ws_session=session.token,
        )
        store.records[record.id] = record
        session.subscription_id = record.id
        return 200, ws_subscription_body(record)
    if base.startswith(SUBSCRIPTION + "/"):
        sub_id = base[len(SUBSCRIPTION) + 1 :]
        found: SubscriptionRecord | None = store.records.get(sub_id)
        if found is None or found.ws_session != session.token:
            return 404, error_body(
                "CMN-102", "Resource for parameter [subscriptionId] is not found"
            )
        if method == "PUT":
            filters, error = _filters(session, payload)
            if error is not None:
                return error
            found.event_filters = filters
            return 200, ws_subscription_body(found)
        if method == "GET":
            return 200, ws_subscription_body(found)
        if method == "DELETE":
            store.records.pop(sub_id, None)
            session.subscription_id = None
            return 204, None
    return 404, error_body("CMN-120", f"{method} {base} is not served over the WebSocket")


def _filters(session: WsSession, payload: Any) -> tuple[list[str], tuple[int, Any] | None]:
    if not isinstance(payload, dict):
        return [], (400, error_body("CMN-101", "Request body is missing"))
    mode = payload.get("deliveryMode")
    if not isinstance(mode, dict) or mode.get("transportType") != "WebSocket":
        return [], (
            400,
            error_body("SUB-521", "deliveryMode.transportType must be WebSocket here"),
        )
    raw = payload.get("eventFilters")
    if not isinstance(raw, list) or not raw or not all(valid_filter(f) for f in raw):
        return [], (400, error_body("SUB-508", "Event filters are invalid", "eventFilters"))
    return [expand_filter(f, session.account_id, session.owner_id) for f in raw], None


def ws_subscription_body(record: SubscriptionRecord) -> dict[str, Any]:
    """SubscriptionInfo of a WebSocket subscription."""
    return {
        "id": record.id,
        "uri": f"/restapi/v1.0/subscription/{record.id}",
        "eventFilters": list(record.event_filters),
        "expirationTime": iso(datetime.now(UTC).replace(year=datetime.now(UTC).year + 1)),
        "expiresIn": record.expires_in,
        "status": record.status,
        "creationTime": iso(datetime.now(UTC)),
        "deliveryMode": {"transportType": "WebSocket", "encryption": False},
    }
