"""WebSocket event subscriptions (layer 5): frames, one connection, recovery, backoff.

``rc.subscribe(...)`` returns a :class:`Subscription`; the public face for webhooks is
``ringcentral_async.webhooks``.
"""

from __future__ import annotations

from .backoff import DEFAULT_BANDS, Backoff
from .gateway import check_event_filters
from .subscription import DEFAULT_MAX_QUEUE, OnGap, Subscription

__all__ = [
    "DEFAULT_BANDS",
    "DEFAULT_MAX_QUEUE",
    "Backoff",
    "OnGap",
    "Subscription",
    "check_event_filters",
]
