"""Subscription: a WebSocket subscription that survives drops (docs/platform.md §11).

``async with rc.subscribe(filters) as sub: async for event in sub`` — behind it:

- every connection takes a fresh wstoken (``POST /restapi/oauth/wstoken``) through the
  request pipeline: the throttle's Auth group, a valid bearer token (behind any refresh in
  flight);
- the subscription is created, updated and deleted with ClientRequest frames on the socket;
- after a drop, a WSG-902/903 or a close, it reconnects with ``&wsc=`` (the token of the
  highest sequence seen) within ``recoveryTimeout``, waiting a jittered backoff band before
  each attempt; replayed events are delivered once (deduplicated by uuid);
- when recovery fails or is too late, the subscription is created again and a
  :class:`~ringcentral_async.models.Gap` is recorded in ``sub.gaps`` and handed to
  ``on_gap`` (awaited by the iterating task, in stream order) so the caller can resync;
- a consumer slower than the events drops the oldest waiting events (``max_queue``) and
  gets an ``overflow`` Gap for them: memory stays bounded, nothing goes silently.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random as _random
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from .._config import check_call_options
from .._errors import (
    ApiError,
    ConfigurationError,
    DecodeError,
    RateLimitError,
    RingCentralError,
    ServerError,
    TransportError,
)
from ..models.subscriptions import DisabledFilter, Gap, Notification
from .backoff import DEFAULT_BANDS, Backoff, check_bands
from .connection import Connection, gateway_target
from .delivery import Delivery, OnGap
from .frames import Frame
from .gateway import SUBSCRIPTION_PATH, check_event_filters, fetch_ws_token, subscription_body

if TYPE_CHECKING:
    from .._pipeline import Pipeline

__all__ = ["DEFAULT_MAX_QUEUE", "OnGap", "Subscription"]

logger = logging.getLogger("ringcentral_async.events")

#: Events waiting for the consumer before the oldest are dropped (see the module docstring).
DEFAULT_MAX_QUEUE = 10_000
#: A connection that lived this long (seconds) resets the backoff to its first band.
STABLE_AFTER = 30.0
_NOT_LIVE = "no live WebSocket connection to update the subscription"
#: The best-effort DELETE on close waits at most this long (seconds).
DELETE_TIMEOUT = 5.0


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _is_fatal(exc: BaseException) -> bool:
    """Errors that another attempt will not cure (permissions, bad filters, a bad gateway)."""
    if isinstance(exc, ConfigurationError | DecodeError):
        return True
    if isinstance(exc, ApiError):
        return not isinstance(exc, RateLimitError | ServerError)
    return False


class Subscription:
    """A WebSocket subscription: an async context manager and an async iterator of events.

    ``id`` is the platform's subscription id (it changes when the subscription had to be
    created again), ``event_filters`` the filters in force, ``disabled_filters`` those the
    platform accepted but disabled (DisabledFilter: filter, reason, message), ``gaps``
    every span of time whose events may be missing (the most recent 1,000).
    ``duplicates`` counts replayed events dropped because they had been delivered
    already, ``reconnects`` the connections opened after the first.
    """

    def __init__(
        self,
        pipeline: Pipeline,
        event_filters: Iterable[str],
        *,
        on_gap: OnGap | None = None,
        max_queue: int = DEFAULT_MAX_QUEUE,
        reconnect_bands: Sequence[Sequence[float]] = DEFAULT_BANDS,
        timeout: float | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        random: Callable[[], float] = _random.random,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.event_filters: tuple[str, ...] = check_event_filters(event_filters)
        if on_gap is not None and not callable(on_gap):
            raise ConfigurationError("on_gap must be an async callable taking a Gap")
        if isinstance(max_queue, bool) or not isinstance(max_queue, int) or max_queue < 1:
            raise ConfigurationError("max_queue must be a positive integer")
        check_call_options(timeout=timeout, max_retries=None)
        self._pipeline = pipeline
        self._on_gap = on_gap
        self._backoff = Backoff(check_bands(reconnect_bands), random=random)
        self._timeout = pipeline.timeout if timeout is None else timeout
        self._sleep = sleep
        self._clock = clock
        self._now = now or (lambda: datetime.now(UTC))
        self.id: str | None = None
        #: Filters the platform accepted but disabled (``disabledFilters``), with the reason.
        self.disabled_filters: list[DisabledFilter] = []
        self.reconnects = 0
        self._delivery = Delivery(max_queue, on_gap, self._now)
        self._queue = self._delivery.queue
        self._wakeup = self._delivery.wakeup
        self._conn: Connection | None = None
        self._ready = asyncio.Event()
        self._supervisor: asyncio.Task[None] | None = None
        self._failure: BaseException | None = None
        self._closing = False
        self._closed = False
        self._wsc_token: str | None = None
        self._wsc_sequence = -1

    @property
    def gaps(self) -> list[Gap]:
        """Every span of time whose events may be missing (the most recent 1,000)."""
        return self._delivery.gaps

    @property
    def duplicates(self) -> int:
        """Replayed events dropped because they had been delivered already."""
        return self._delivery.duplicates

    def __repr__(self) -> str:
        state = "closed" if self._closed else ("live" if self._ready.is_set() else "connecting")
        return (
            f"<Subscription id={self.id!r} filters={len(self.event_filters)} {state} "
            f"gaps={len(self.gaps)}>"
        )

    # -- lifecycle -----------------------------------------------------------------------
    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def start(self) -> None:
        """Connect and create the subscription; errors of this first attempt are raised."""
        if self._supervisor is not None or self._closed:
            raise ConfigurationError("a Subscription can be started once")
        conn, _ = await self._connect(recover=False)
        try:
            await self._create(conn)
        except BaseException:
            await conn.close()
            raise
        self._conn = conn
        self._delivery.last_event_at = self._now()
        self._ready.set()
        self._supervisor = asyncio.get_running_loop().create_task(
            self._supervise(), name="ringcentral-subscription"
        )

    async def aclose(self) -> None:
        """Delete the subscription (best effort, bounded) and close the socket. Idempotent."""
        if self._closed:
            return
        self._closing = True
        self._ready.clear()
        supervisor, self._supervisor = self._supervisor, None
        if supervisor is not None and supervisor is not asyncio.current_task():
            supervisor.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await supervisor
        conn, self._conn = self._conn, None
        if conn is not None:
            if conn.alive and self.id is not None:
                try:
                    await asyncio.wait_for(
                        conn.request("DELETE", SUBSCRIPTION_PATH + self.id),
                        min(self._timeout, DELETE_TIMEOUT),
                    )
                except (RingCentralError, TimeoutError) as exc:
                    logger.info("deleting subscription %s failed: %s", self.id, exc)
            await conn.close()
        self._closed = True
        self._delivery.take_overflow()
        self._wakeup.set()

    # -- iteration -----------------------------------------------------------------------
    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> Notification:
        while True:
            item = await self._delivery.next_item()
            if item is not None:
                return item
            if self._failure is not None:
                failure, self._failure = self._failure, None
                raise failure
            if self._closed or self._closing:
                raise StopAsyncIteration
            if self._supervisor is None:
                raise ConfigurationError(
                    "start the subscription first: async with rc.subscribe([...]) as sub"
                )
            self._wakeup.clear()
            await self._wakeup.wait()

    # -- update --------------------------------------------------------------------------
    async def update(self, event_filters: Iterable[str]) -> None:
        """New event filters for this subscription (a PUT over the same socket).

        Waits (up to the request timeout) for a live connection if it is reconnecting.
        """
        filters = check_event_filters(event_filters)
        if self._closed or self._closing:
            raise ConfigurationError("the subscription is closed")
        try:
            await asyncio.wait_for(self._ready.wait(), self._timeout)
        except TimeoutError:
            raise TransportError(
                "no live WebSocket connection to update the subscription"
            ) from None
        conn = self._conn
        if conn is None or self.id is None:
            raise TransportError("no live WebSocket connection to update the subscription")
        body = await conn.request("PUT", SUBSCRIPTION_PATH + self.id, subscription_body(filters))
        self.event_filters = filters
        self._take_subscription(body)

    # -- the protocol --------------------------------------------------------------------
    def _take_subscription(self, body: Any) -> None:
        if not isinstance(body, dict) or not isinstance(body.get("id"), str) or not body["id"]:
            raise DecodeError("the subscription answer has no id")
        self.id = body["id"]
        disabled = body.get("disabledFilters")
        self.disabled_filters = [
            DisabledFilter(
                filter=_str_or_none(item.get("filter")),
                reason=_str_or_none(item.get("reason")),
                message=_str_or_none(item.get("message")),
            )
            for item in (disabled if isinstance(disabled, list) else [])
            if isinstance(item, dict)
        ]
        if self.disabled_filters:
            logger.warning(
                "the platform disabled event filters: %s",
                "; ".join(f"{d.filter} ({d.reason})" for d in self.disabled_filters)[:500],
            )

    async def _create(self, conn: Connection) -> None:
        body = await conn.request("POST", SUBSCRIPTION_PATH, subscription_body(self.event_filters))
        self._take_subscription(body)

    async def _connect(self, *, recover: bool) -> tuple[Connection, Frame]:
        token, uri = await fetch_ws_token(self._pipeline)
        session = self._pipeline.transport._get_session()
        conn, details = await Connection.open(
            session,
            uri,
            token,
            self._wsc_token if recover else None,
            timeout=self._timeout,
            on_notification=self._delivery.on_notification,
            on_wsc=self._on_wsc,
            secrets=lambda: [self._wsc_token or "", *self._pipeline.auth.known_secrets()],
        )
        if not (recover and conn.details.recovery_state == "Successful"):
            # A new session (first connection, too late, or a failed recovery): its
            # sequences start again, so the old session's highest no longer counts. No
            # await since open(): the reader has not seen a frame yet.
            self._wsc_token, self._wsc_sequence = None, -1
            if details.wsc_token is not None and details.wsc_sequence is not None:
                self._on_wsc(details.wsc_token, details.wsc_sequence)
        logger.debug("connected to %s (recover=%s)", gateway_target(uri), recover)
        return conn, details

    def _on_wsc(self, token: str, sequence: int) -> None:
        """Keep the token of the highest sequence seen on any frame of this session."""
        if sequence > self._wsc_sequence:
            self._wsc_token, self._wsc_sequence = token, sequence

    # -- recovery ------------------------------------------------------------------------
    async def _supervise(self) -> None:
        try:
            while not self._closing:
                conn = self._conn
                assert conn is not None
                reason = await conn.wait_closed()
                if self._closing:
                    return
                self._ready.clear()
                lived = conn.last_received - conn.opened_at
                await conn.close()
                self._conn = None
                logger.info("the WebSocket connection ended (%s): recovering", reason)
                if lived >= STABLE_AFTER:
                    self._backoff.reset()
                await self._recover(conn)
        except asyncio.CancelledError:
            raise
        except BaseException as exc:
            self._failure = exc
            self._closing = True
            self._wakeup.set()

    async def _recover(self, old: Connection) -> None:
        dropped_at = self._delivery.last_event_at or self._now()
        dropped_clock = self._clock()
        window = old.details.recovery_timeout
        while not self._closing:
            await self._sleep(self._backoff.next_delay())
            recover = self._wsc_token is not None and self._clock() - dropped_clock < window
            seen = self._wsc_sequence
            try:
                conn, first = await self._connect(recover=recover)
            except RingCentralError as exc:
                if _is_fatal(exc):
                    raise
                logger.info("reconnecting failed (%s); trying again", exc)
                continue
            try:
                await self._resume(conn, first, recover=recover, seen=seen, dropped_at=dropped_at)
            except RingCentralError as exc:
                await conn.close()
                if _is_fatal(exc):
                    raise
                logger.info("resuming the subscription failed (%s); trying again", exc)
                continue
            except BaseException:
                await conn.close()
                raise
            self._conn = conn
            self.reconnects += 1
            self._ready.set()
            return

    async def _resume(
        self, conn: Connection, first: Frame, *, recover: bool, seen: int, dropped_at: datetime
    ) -> None:
        state = conn.details.recovery_state
        if recover and state == "Successful":
            logger.info("the subscription recovered; missed events are replayed")
            if first.wsc_sequence is not None and seen >= 0:
                self._delivery.replay_check = (seen, first.wsc_sequence, dropped_at)
            return
        reason = "recovery-failed" if recover else "recovery-timeout"
        if recover:
            logger.warning(
                "the gateway could not recover the session (%s): subscribing again",
                conn.details.recovery_error_code or "no code",
            )
        self._delivery.replay_check = None
        await self._create(conn)
        self._delivery.record_gap(dropped_at, self._now(), reason)

    @property
    def live(self) -> bool:
        """True while a connection is up and subscribed."""
        return self._ready.is_set()
