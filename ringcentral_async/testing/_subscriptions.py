"""Subscriptions the fake knows (WebSocket and webhook), event-filter expansion and matching.

The platform expands ``~`` in an event filter as it does in REST paths: ``/account/~`` is the
subscriber's account, ``/extension/~`` the subscriber's extension, and a created
subscription lists its filters with the ids filled in (a 2020 community thread shows
``/account/~/extension/~/voicemail`` coming back as
``/account/2460114020/extension/2744114015/voicemail``). The fake stores filters expanded,
returns them expanded, and matches a published event path against them: the paths must be
equal, and every query parameter of the filter must be in the event's (an event may carry
more, e.g. ``?type=SMS&direction=Inbound`` matches the filter ``?type=SMS``).
"""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import attrs

from ._http import iso

__all__ = [
    "SubscriptionRecord",
    "SubscriptionStore",
    "expand_filter",
    "filter_matches",
    "new_notification",
]

_ACCOUNT = re.compile(r"/account/~(?=/|$|\?)")
_EXTENSION = re.compile(r"/extension/~(?=/|$|\?)")
#: What an event filter must look like (the platform answers SUB-508 otherwise).
_FILTER = re.compile(r"^/restapi/v1\.0/[A-Za-z0-9~/_.\-]+(\?[^\s#]*)?$")


def expand_filter(event_filter: str, account_id: int, extension_id: int) -> str:
    """``~`` for the account and the extension replaced by the subscriber's ids."""
    text = _ACCOUNT.sub(f"/account/{account_id}", event_filter)
    return _EXTENSION.sub(f"/extension/{extension_id}", text)


def valid_filter(event_filter: Any) -> bool:
    """An API path under ``/restapi/v1.0/`` (with an optional query), nothing else."""
    return isinstance(event_filter, str) and bool(_FILTER.match(event_filter))


def filter_matches(subscribed: str, event: str) -> bool:
    """Whether the expanded filter ``subscribed`` covers the expanded ``event`` path."""
    sub, ev = urlsplit(subscribed), urlsplit(event)
    if sub.path.rstrip("/") != ev.path.rstrip("/"):
        return False
    have = set(parse_qsl(ev.query, keep_blank_values=True))
    return all(pair in have for pair in parse_qsl(sub.query, keep_blank_values=True))


@attrs.define
class SubscriptionRecord:
    """One subscription: owner, expanded filters, transport and (webhooks) delivery state."""

    id: str
    owner_id: int
    oauth_session: str
    event_filters: list[str]
    transport: str  # "WebSocket" or "WebHook"
    created: float
    expires: float
    expires_in: int
    address: str | None = None
    verification_token: str | None = None
    status: str = "Active"
    failures: int = 0
    #: The WebSocket session (wsc token) the subscription lives in.
    ws_session: str | None = None

    def matches(self, event: str) -> bool:
        """Whether any of its filters covers ``event``."""
        return self.status == "Active" and any(filter_matches(f, event) for f in self.event_filters)


class SubscriptionStore:
    """Every subscription by id; ``new_id`` mints platform-like ids."""

    def __init__(self) -> None:
        self.records: dict[str, SubscriptionRecord] = {}

    def __iter__(self) -> Iterator[SubscriptionRecord]:
        return iter(list(self.records.values()))

    @staticmethod
    def new_id() -> str:
        raw = secrets.token_hex(16)
        return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"

    def of_owner(self, owner_id: int) -> list[SubscriptionRecord]:
        """The owner's subscriptions, oldest first."""
        return [r for r in self.records.values() if r.owner_id == owner_id]


def new_notification(event: str, record: SubscriptionRecord, body: Any) -> dict[str, Any]:
    """The notification payload (the same for a socket and a webhook)."""
    return {
        "uuid": str(uuid.uuid4()),
        "event": event,
        "timestamp": iso(datetime.now(UTC)),
        "subscriptionId": record.id,
        "ownerId": str(record.owner_id),
        "body": body,
    }
