"""Proactive per-usage-plan-group throttling (layer 3: stdlib only, never aiohttp).

One sliding-window limiter per group. The platform counts requests on *arrival* in a sliding
window and restarts a penalty on every request sent during it (docs/platform.md §1.2), so the
limiter is conservative: a request occupies a place in its group's window from the moment it
is admitted until ``window`` seconds after its response was observed, because its arrival lies
somewhere in between. A request that ends without a response (error, timeout, cancellation)
may still be on its way to the server, so its place is held ``window`` seconds past its exit
plus a grace of the longest recent round trip of its group. At most ``limit`` places are
occupied at any time, so at most ``limit`` requests can arrive in any window, whatever the
network latency; there is no initial burst.

Before a group's limits are known from the server (``X-Rate-Limit-*``), only one request of
the group is in flight at a time (probe-first): the app's real limit may be lower, or its
window longer, than the documented defaults. Probing ends with the first response that
carries the group's rate headers, or after :data:`PROBE_RESPONSES` responses without them
(a server that never sends them is then trusted to follow the configured limits).

Bounded against a hostile or broken server: a pause decided by a server value (``Retry-After``,
or the default when a 429 has none) lasts at most ``max_pause`` seconds (300 by default); a
learned window is at most ``max_pause`` too (or the group's configured window, if longer);
learned limits and windows are clamped (``_config.RATE_*``); at most
:data:`LEARNED_GROUPS_MAX` new group names are taken from responses; and no operation does
work in proportion to a number in a header.

No background task: waiters are futures in a FIFO queue, woken by the coroutines that
acquire, release, calibrate or cancel; the head waiter sleeps (with the injected ``sleep``)
until the next admission time.
"""

from __future__ import annotations

from ._limiter import Slot, Throttle
from ._window import (
    DEFAULT_LIMITS,
    FALLBACK_GROUP,
    LEARNED_GROUPS_MAX,
    LEARNED_OPERATIONS_MAX,
    PROBE_RESPONSES,
    GroupStats,
)
from .protocols import NoThrottle, SlotLike, ThrottleLike

__all__ = [
    "DEFAULT_LIMITS",
    "FALLBACK_GROUP",
    "LEARNED_GROUPS_MAX",
    "LEARNED_OPERATIONS_MAX",
    "PROBE_RESPONSES",
    "GroupStats",
    "Slot",
    "Throttle",
    "NoThrottle",
    "SlotLike",
    "ThrottleLike",
]
