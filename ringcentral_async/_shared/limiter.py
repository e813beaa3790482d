"""``SharedThrottle``: the usage-plan limiter whose windows live in a shared backend.

Same rules as the in-process :class:`~ringcentral_async.Throttle` (a place is held from
admission until one window after the response; probe-first until a group's limits are
known; limits learned from ``X-Rate-Limit-*``; a 429 pauses the group), but the places,
the learned limits, the probe and the pause are kept by a backend (Redis, a SQLite file)
that every process of the same namespace shares.

In front of the backend, a local FIFO per group: only the head waiter talks to the
backend, one round trip per attempt, and when the window is full it sleeps for the time
the backend says the next place frees (bounded), so waiting processes do not poll.

If the backend fails, the throttle either raises :class:`SharedStateError`
(``on_backend_error="raise"``) or falls back to an in-process :class:`Throttle` limited to
``fallback_share`` of each limit, logs that once, and tries the backend again every
``retry_backend_after`` seconds.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import time
from collections.abc import Awaitable, Callable, Hashable, Mapping

from .._config import DEFAULT_RETRY_AFTER_429, check_max_pause
from .._errors import ConfigurationError, RateLimitError, SharedStateError
from .._spec import NO_THROTTLING
from .._throttle import GroupStats
from .._throttle._window import Waiter
from .._throttle.headers import normalise_group
from .fallback import BackendErrorMode, Outage
from .group import LocalGroup
from .operations import SharedOperations
from .slot import SharedSlot
from .state import Admission, Backend, Settlement, is_finite_number
from .table import GroupTable

__all__ = ["BackendErrorMode", "SharedThrottle"]

logger = logging.getLogger("ringcentral_async")

#: While a probe of another process is in flight, the head waiter looks again this often.
PROBE_POLL = 0.02
#: The longest single sleep of a waiter (it then asks the backend again).
SLEEP_MAX = 1.0
#: Sleep this much past a computed free time (float rounding, clocks' resolution).
_EPSILON = 1e-3


class SharedThrottle:
    """A usage-plan limiter shared by every process using the same backend and namespace.

    Use :class:`ringcentral_async.redis.RedisThrottle` or
    :class:`ringcentral_async.FileThrottle`; see their docstrings.
    """

    _kind = "SharedThrottle"
    #: A 429 observed by a slot pauses its group (here and in every other process).
    pauses_groups = True

    def __init__(
        self,
        backend: Backend,
        *,
        namespace: str,
        limits: Mapping[str, tuple[int, float]] | None = None,
        max_pause: float = 300.0,
        grace: float = 30.0,
        calibrate: bool = True,
        probe_first: bool = True,
        default_retry_after: float = DEFAULT_RETRY_AFTER_429,
        fallback_share: float = 0.25,
        on_backend_error: BackendErrorMode = "fallback",
        retry_backend_after: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if not isinstance(namespace, str) or not namespace.strip():
            raise ConfigurationError("namespace must be a non-empty string")
        check_max_pause(max_pause)
        for option, number in (
            ("default_retry_after", default_retry_after),
            ("retry_backend_after", retry_backend_after),
        ):
            if not is_finite_number(number) or number < 0:
                raise ConfigurationError(f"{option} must be a finite number >= 0")
        if not is_finite_number(grace) or grace <= 0:
            raise ConfigurationError("grace must be a finite number of seconds > 0")
        if not is_finite_number(fallback_share) or not 0 < fallback_share <= 1:
            raise ConfigurationError("fallback_share must be a number in (0, 1]")
        if on_backend_error not in ("fallback", "raise"):
            raise ConfigurationError('on_backend_error must be "fallback" or "raise"')
        self._backend = backend
        self.namespace = namespace
        self._max_pause = float(max_pause)
        self._grace = float(grace)
        self._calibrate = calibrate
        self._probe_first = probe_first and calibrate
        self._default_retry_after = float(default_retry_after)
        self._clock = clock
        self._sleep = sleep
        self._groups = GroupTable(limits, grace=self._grace, probe_first=self._probe_first)
        self._app = "-"
        self._user: Callable[[], str | None] = lambda: None
        self._member_prefix = f"{os.getpid()}.{secrets.token_hex(4)}"
        self._members = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self._learned = SharedOperations(  # operation -> reported group, shared
            backend,
            bucket=lambda: f"rcthrottle:{{{_safe(self.namespace)}|{_safe(self._app)}}}",
            clock=clock,
            tasks=self._tasks,
            on_error=lambda exc: self._outage.failed(exc, may_raise=False),
        )
        self._outage = Outage(
            self._kind,
            mode=on_backend_error,
            share=float(fallback_share),
            retry_after=float(retry_backend_after),
            max_pause=self._max_pause,
            default_retry_after=self._default_retry_after,
            clock=clock,
            sleep=sleep,
        )

    def __repr__(self) -> str:
        parts = ", ".join(f"{g.name}={g.limit}/{g.window:g}s" for g in self._groups)
        return f"{self._kind}(namespace={self.namespace!r}, {parts})"

    # -- public ---------------------------------------------------------------------------

    def bind(self, app: str, user: Callable[[], str | None]) -> None:
        """Key the shared state by app (client id) and user (``user()``: the token's owner
        id, None before it is known). Called by the client that uses this throttle."""
        self._app = app
        self._user = user

    def slot(self, group: str | None, *, operation: Hashable | None = None) -> SharedSlot:
        """A place for one request of ``group`` (None / NoThrottling bypass the limiter)."""
        requested = group
        group = self._learned.get(operation) or group
        if group is None or normalise_group(group) == NO_THROTTLING:
            return SharedSlot(self, None, requested, operation)
        return SharedSlot(self, self._get_group(group), requested, operation)

    def penalize(self, group: str, retry_after: float | None) -> None:
        """Admit nothing of ``group`` for ``retry_after`` seconds, in every process."""
        if normalise_group(group) == NO_THROTTLING:
            return
        g = self._get_group(group)
        seconds = self._default_retry_after if retry_after is None else max(0.0, retry_after)
        now = self._clock()
        g.paused_until = max(g.paused_until, now + seconds)
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop: the pause stays local
        how = Settlement("calibrate", retry_after=seconds)
        self._spawn_settle(None, g, [(g, how)], observed_at=now)

    def stats(self) -> dict[str, GroupStats]:
        """Per group: limit, window, remaining places (as of this process's last exchange
        with the shared state), and this process's sent, waited seconds and 429s."""
        return {g.name: g.stats() for g in self._groups}

    def paused_until(self, group: str) -> float | None:
        """The local clock time until which ``group`` is paused, or None."""
        g = self._groups.find(group)
        if g is None or g.paused_until <= self._clock():
            return None
        return g.paused_until

    @property
    def max_pause(self) -> float:
        """The longest pause a server value may impose; a call asked for more raises."""
        return self._max_pause

    def pause_remaining(self, group: str) -> float:
        """Seconds until ``group`` may send again after a 429 (0.0 when not paused)."""
        until = self.paused_until(group)
        return 0.0 if until is None else max(0.0, until - self._clock())

    async def aclose(self) -> None:
        """Wait for the shared-state updates still running, and release what the backend
        opened itself (a Redis client passed in is never closed). The throttle stays
        usable: it reconnects on its next call. The client calls this when it closes."""
        if self._tasks:
            await asyncio.wait(list(self._tasks))
        await self._backend.aclose()

    # -- groups and keys --------------------------------------------------------------------

    def _get_group(self, name: str) -> LocalGroup:
        return self._groups.get(name)

    def _scope(self, g: LocalGroup) -> str:
        """The key prefix of a group's state: namespace, app and user in one hash tag.

        The Auth group is counted per app (token requests come before the user is known);
        other groups per app and user (the token's owner; "-" while it is unknown).
        """
        user = "-" if g.name == "Auth" else (self._user() or "-")
        tag = "|".join(_safe(x) for x in (self.namespace, self._app, user))
        return f"rcthrottle:{{{tag}}}"

    def _learn(self, operation: Hashable | None, requested: str | None, reported: str) -> None:
        if self._learned.report(operation, requested, reported):
            self._groups.wake(operation)  # its waiters move to the group now learned

    # -- admission ----------------------------------------------------------------------------

    async def _acquire(self, slot: SharedSlot) -> None:
        g = slot._group
        assert g is not None
        start = self._clock()
        loop = asyncio.get_running_loop()
        me = Waiter(loop.create_future(), slot._operation)
        g.waiters.append(me)
        try:
            while True:
                if slot._operation is not None and not self._outage.active():
                    try:
                        if await self._learned.refresh():
                            self._groups.wake(None)  # another process learned a group
                    except SharedStateError as exc:
                        self._outage.failed(exc)
                        continue
                me.fut = loop.create_future()
                moved = self._learned.group_of(slot._operation, slot._requested)
                if moved is not None and self._get_group(moved) is not g:
                    g.leave(me)
                    g = slot._group = self._get_group(moved)
                    slot.group = g.name
                    g.waiters.append(me)
                    continue
                if g.waiters[0] is not me:
                    await me.fut
                    continue
                now = self._clock()
                if g.paused_until - now > self._max_pause:
                    raise self._too_long(g, g.paused_until - now)
                if self._outage.active():
                    await self._enter_fallback(slot, g, me, start)
                    return
                slot._scope = self._scope(g)
                self._members += 1
                member = f"{self._member_prefix}.{self._members}"
                try:
                    adm = await self._admit_or_give_back(slot._scope, g, member)
                except SharedStateError as exc:
                    self._outage.failed(exc)
                    continue
                self._outage.ok()
                now = self._clock()
                g.seen(adm.limit, adm.window, adm.occupied, adm.paused, now)
                if adm.admitted:
                    g.waiters.popleft()
                    g.wake_head()
                    slot._member = member
                    self._admitted(slot, g, now, start)
                    return
                if adm.paused > self._max_pause:
                    raise self._too_long(g, adm.paused)
                delay = PROBE_POLL if adm.wait is None else min(adm.wait + _EPSILON, SLEEP_MAX)
                await self._sleep_or_wake(delay, me.fut)
        except BaseException:
            g.leave(me)
            raise

    async def _admit_or_give_back(self, scope: str, g: LocalGroup, member: str) -> Admission:
        """One admission attempt. If the waiter is cancelled while the backend decides, a
        place it was given is handed back (released now) instead of being held until its
        grace runs out."""
        call = asyncio.ensure_future(self._backend.acquire(scope, g.name, member, g.cfg))
        try:
            return await asyncio.shield(call)
        except asyncio.CancelledError:

            def give_back(done: asyncio.Task[Admission]) -> None:
                if done.cancelled() or done.exception() is not None or not done.result().admitted:
                    return
                how = Settlement("abandon", age=0.0)
                task = asyncio.ensure_future(self._settle(scope, member, [(g, how)], self._clock()))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

            call.add_done_callback(give_back)
            raise

    def _admitted(self, slot: SharedSlot, g: LocalGroup, now: float, start: float) -> None:
        slot.admitted_at = now
        slot.waited = now - start
        g.sent += 1
        g.waited_s += now - start

    def _too_long(self, g: LocalGroup, wait: float) -> RateLimitError:
        return RateLimitError(
            429,
            group=g.name,
            retry_after=wait,
            message=f"{g.name} is paused for {wait:.0f} s, longer than max_pause="
            f"{self._max_pause:g} s",
        )

    async def _sleep_or_wake(self, delay: float, fut: asyncio.Future[None]) -> None:
        sleeper = asyncio.ensure_future(self._sleep(delay))
        try:
            await asyncio.wait((sleeper, fut), return_when=asyncio.FIRST_COMPLETED)
        finally:
            if sleeper.done():
                if not sleeper.cancelled():
                    sleeper.result()
            else:
                sleeper.cancel()

    # -- release --------------------------------------------------------------------------------

    def _spawn_settle(
        self,
        slot: SharedSlot | None,
        g: LocalGroup,
        plan: list[tuple[LocalGroup, Settlement]],
        *,
        observed_at: float,
    ) -> asyncio.Task[None]:
        scope = slot._scope if slot is not None else self._scope(g)
        member = slot._member if slot is not None else ""
        task = asyncio.get_running_loop().create_task(
            self._settle(scope, member, plan, observed_at)
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _settle(
        self,
        scope: str,
        member: str,
        plan: list[tuple[LocalGroup, Settlement]],
        observed_at: float,
    ) -> None:
        for g, how in plan:
            elapsed = max(0.0, self._clock() - observed_at)
            if how.mode == "response":
                age = elapsed
            elif how.mode == "abandon":
                age = max(0.0, how.age - elapsed)
            else:
                age = 0.0
            fixed = Settlement(
                how.mode,
                age=age,
                admitted_age=how.admitted_age + elapsed,
                limit=how.limit,
                window=how.window,
                remaining=how.remaining,
                teaches=how.teaches,
                correct=how.correct,
                retry_after=how.retry_after,
            )
            group_scope = scope if how.mode != "calibrate" or not member else self._scope(g)
            try:
                done = await self._backend.settle(group_scope, g.name, member, g.cfg, fixed)
            except SharedStateError as exc:
                # The place expires by itself (grace + window); nothing is lost but speed.
                self._outage.failed(exc, may_raise=False)
                continue
            g.seen(done.limit, done.window, done.occupied, done.paused, self._clock())
            g.wake_head()

    # -- backend failures -------------------------------------------------------------------------

    async def _enter_fallback(
        self, slot: SharedSlot, g: LocalGroup, me: Waiter, start: float
    ) -> None:
        """Take the place from the in-process fallback limiter instead (the backend is down)."""
        g.waiters.popleft()
        g.wake_head()
        local = self._outage.local(self._groups).slot(g.name, operation=slot._operation)
        slot._local_slot = await local.__aenter__()
        slot._local = local
        self._admitted(slot, g, self._clock(), start)


def _safe(part: str) -> str:
    return part.replace("{", "(").replace("}", ")").replace("|", "/")
