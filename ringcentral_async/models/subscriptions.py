"""Models: subscriptions (webhook and WebSocket), notifications and delivery gaps."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import attrs

from ringcentral_async.models._base import extra_field

__all__ = [
    "BlacklistedData",
    "DeliveryMode",
    "DisabledFilter",
    "Gap",
    "Notification",
    "SubscriptionInfo",
    "SubscriptionList",
]


@attrs.frozen(kw_only=True, weakref_slot=False)
class DeliveryMode:
    """How notifications travel: ``transport_type`` WebHook (to ``address``) or WebSocket.

    The ``verification_token`` is a shared secret: it is kept out of ``repr``.
    """

    transport_type: str | None = None
    address: str | None = None
    verification_token: str | None = attrs.field(default=None, repr=False)
    encryption: bool | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class DisabledFilter:
    """An event filter the platform accepted but disabled (with the reason)."""

    filter: str | None = None
    reason: str | None = None
    message: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class BlacklistedData:
    """Why and since when a webhook subscription is ``Blacklisted``."""

    blacklisted_at: datetime | None = None
    reason: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class SubscriptionInfo:
    """A subscription as the platform describes it (``POST/GET .../subscription``)."""

    id: str | None = None
    uri: str | None = None
    event_filters: list[str] | None = None
    disabled_filters: list[DisabledFilter] | None = None
    expiration_time: datetime | None = None
    expires_in: int | None = None
    #: ``Active`` or ``Blacklisted`` (kept as a string: the platform may add values).
    status: str | None = None
    creation_time: datetime | None = None
    delivery_mode: DeliveryMode | None = None
    blacklisted_data: BlacklistedData | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class SubscriptionList:
    """``GET /restapi/v1.0/subscription``: every subscription of the app and user."""

    uri: str | None = None
    records: list[SubscriptionInfo] | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class Notification:
    """One event, as a WebSocket ``ServerNotification`` or a webhook delivery carries it.

    ``event`` is the filter that matched, with the ids filled in; ``body`` is the event's
    payload (decoded JSON, as sent); ``timestamp`` is aware (None if the platform sent none
    or an unreadable one).
    """

    uuid: str
    event: str
    timestamp: datetime | None
    subscription_id: str
    owner_id: str
    body: Any = attrs.field(repr=False)

    @classmethod
    def from_body(cls, body: Any) -> Notification:
        """The notification a WebSocket frame or a webhook delivery carries.

        ValueError when ``body`` is not an object with a ``uuid`` and an ``event`` (without
        a uuid an event cannot be deduplicated).
        """
        if not isinstance(body, dict):
            raise ValueError("notification body is not an object")
        uid, event = body.get("uuid"), body.get("event")
        if not isinstance(uid, str) or not uid:
            raise ValueError("notification has no uuid")
        if not isinstance(event, str):
            raise ValueError("notification has no event")
        sub_id, owner = body.get("subscriptionId"), body.get("ownerId")
        return cls(
            uuid=uid,
            event=event,
            timestamp=_timestamp(body.get("timestamp")),
            subscription_id=str(sub_id) if isinstance(sub_id, str | int) else "",
            owner_id=str(owner) if isinstance(owner, str | int) else "",
            body=body.get("body"),
        )


def _timestamp(value: Any) -> datetime | None:
    """An ISO 8601 timestamp as an aware datetime (UTC if it has no zone), else None."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@attrs.frozen(kw_only=True, weakref_slot=False)
class Gap:
    """A span of time whose events may be missing: resync it by REST.

    ``since`` is the timestamp of the newest event received before the trouble (or the
    subscription's start), ``until`` the moment events flowed again (the new subscription
    was created, or the first replayed event). Events stamped inside ``[since, until]``
    may be missing; events outside it were delivered.

    ``reason`` is ``"recovery-failed"`` (the gateway lost the session), ``"recovery-timeout"``
    (the connection could not be recovered within ``recoveryTimeout``),
    ``"recovery-incomplete"`` (more events were missed than the gateway's recovery buffer
    holds) or ``"overflow"`` (the consumer fell behind and the oldest undelivered events
    were dropped; ``dropped`` says how many).
    """

    since: datetime
    until: datetime
    reason: str
    dropped: int | None = None
