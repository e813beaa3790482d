"""The Redis backend of the shared throttle: two Lua scripts, one round trip per call.

Imported only by :mod:`ringcentral_async.redis` (it needs redis-py's asyncio client).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from redis.exceptions import RedisError

from .._errors import SharedStateError
from .._throttle import LEARNED_OPERATIONS_MAX
from .redis_scripts import ACQUIRE, OPS_READ, OPS_WRITE, SETTLE
from .state import (
    LEARNED_LIMIT_MAX,
    LEARNED_WINDOW_RANGE,
    PAUSE_MAX,
    PROBE_RESPONSES,
    Admission,
    GroupConfig,
    Settled,
    Settlement,
)

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["OPERATIONS_TTL_MS", "RedisBackend", "group_keys", "redis_failure"]

#: The shared operation -> group map expires this long after its last change (ms).
OPERATIONS_TTL_MS = 86_400_000


def group_keys(scope: str, group: str) -> list[str]:
    """The keys of one group: places, state, pause, probe (``scope`` holds the hash tag)."""
    base = f"{scope}:{group}"
    return [f"{base}:places", f"{base}:state", f"{base}:pause", f"{base}:probe"]


def redis_failure(what: str, exc: BaseException) -> SharedStateError:
    """A SharedStateError naming the failed step and the error class (never its text,
    which may quote a command's arguments)."""
    return SharedStateError(f"Redis {what} failed ({exc.__class__.__name__})")


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _opt(value: float | int | None) -> str:
    return "" if value is None else repr(float(value))


class RedisBackend:
    """Shared windows in Redis (a ``redis.asyncio.Redis`` client, borrowed, never closed)."""

    def __init__(self, client: Redis, *, timeout: float = 2.0) -> None:
        self._client = client
        self._timeout = timeout
        self._acquire = client.register_script(ACQUIRE)
        self._settle = client.register_script(SETTLE)
        self._ops_read = client.register_script(OPS_READ)
        self._ops_write = client.register_script(OPS_WRITE)

    async def _run(self, what: str, call: Any) -> Any:
        try:
            async with asyncio.timeout(self._timeout):  # no extra task, unlike wait_for
                return await call
        except (RedisError, OSError, TimeoutError) as exc:
            raise redis_failure(what, exc) from exc

    async def acquire(self, scope: str, group: str, member: str, cfg: GroupConfig) -> Admission:
        """See :class:`~.state.Backend`."""
        reply = await self._run(
            "admission",
            self._acquire(
                keys=group_keys(scope, group),
                args=[
                    member,
                    cfg.limit,
                    repr(cfg.window),
                    repr(cfg.grace),
                    "1" if cfg.probe_first else "0",
                ],
            ),
        )
        admitted, wait, limit, window, occupied, paused = reply
        wait_s = _text(wait)
        return Admission(
            admitted=int(admitted) == 1,
            wait=float(wait_s) if wait_s else None,
            limit=int(limit),
            window=float(_text(window)),
            occupied=int(occupied),
            paused=float(_text(paused)),
        )

    async def settle(
        self, scope: str, group: str, member: str, cfg: GroupConfig, how: Settlement
    ) -> Settled:
        """See :class:`~.state.Backend`."""
        mode = {"response": "r", "abandon": "a", "calibrate": "c"}[how.mode]
        reply = await self._run(
            "release",
            self._settle(
                keys=group_keys(scope, group),
                args=[
                    member,
                    mode,
                    repr(max(0.0, how.age)),
                    repr(max(0.0, how.admitted_age)),
                    cfg.limit,
                    repr(cfg.window),
                    "" if how.limit is None else str(how.limit),
                    _opt(how.window),
                    "" if how.remaining is None else str(how.remaining),
                    "1" if how.teaches else "0",
                    "1" if how.correct else "0",
                    _opt(how.retry_after),
                    PROBE_RESPONSES,
                    LEARNED_LIMIT_MAX,
                    repr(LEARNED_WINDOW_RANGE[0]),
                    repr(LEARNED_WINDOW_RANGE[1]),
                    repr(PAUSE_MAX),
                    repr(cfg.grace),
                ],
            ),
        )
        limit, window, occupied, paused = reply
        return Settled(
            limit=int(limit),
            window=float(_text(window)),
            occupied=int(occupied),
            paused=float(_text(paused)),
        )

    async def operations(self, bucket: str, known: str | None) -> tuple[str, dict[str, str] | None]:
        """See :class:`~.operations.OperationStore`."""
        reply = await self._run(
            "operation map read",
            self._ops_read(keys=[f"{bucket}:ops", f"{bucket}:opsv"], args=[known or "-"]),
        )
        version = _text(reply[0])
        if len(reply) < 2:
            return version, None
        flat = [_text(x) for x in reply[1]]
        return version, dict(zip(flat[::2], flat[1::2], strict=True))

    async def set_operation(self, bucket: str, operation: str, group: str | None) -> bool:
        """See :class:`~.operations.OperationStore`."""
        reply = await self._run(
            "operation map write",
            self._ops_write(
                keys=[f"{bucket}:ops", f"{bucket}:opsv"],
                args=[operation, group or "", LEARNED_OPERATIONS_MAX, OPERATIONS_TTL_MS],
            ),
        )
        return int(reply) == 1

    async def aclose(self) -> None:
        """Nothing to do: the Redis client is the caller's."""
