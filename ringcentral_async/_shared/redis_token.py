"""``RedisTokenStore``: one token pair for every process, refreshed by one at a time.

The pair lives in a Redis hash (``token``: the JSON of :meth:`Token.to_dict`, ``gen``: a
generation number raised by every write). The refresh lock is ``SET <key>:lock NX PX``;
its holder re-reads the store, refreshes only if nobody else did, and writes with a
compare-and-set on the generation it read, so a refresher that stalled past its lock can
never overwrite a newer pair (it gets :class:`TokenStoreConflict` and adopts the stored
one). Releasing the lock and every write publish on ``<key>:events``; waiters listen there
and poll as well (pub/sub may drop a message).

Imported only by :mod:`ringcentral_async.redis` (it needs redis-py's asyncio client).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import time
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from redis.exceptions import RedisError

from .._auth.token import Token, TokenStoreConflict
from .._errors import ConfigurationError, SharedStateError
from .redis_backend import redis_failure

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["RedisTokenStore"]

logger = logging.getLogger("ringcentral_async")

#: KEYS: token hash. ARGV: expected generation ('' = any), token JSON ('' = cleared),
#: channel. Returns the new generation, or -1 if the stored generation is not the expected one.
_SAVE = """
local gen = tonumber(redis.call('HGET', KEYS[1], 'gen') or '0')
if ARGV[1] ~= '' and gen ~= tonumber(ARGV[1]) then return -1 end
gen = gen + 1
redis.call('HSET', KEYS[1], 'token', ARGV[2], 'gen', gen)
redis.call('PUBLISH', ARGV[3], 'saved')
return gen
"""

#: KEYS: lock. ARGV: owner, channel. Deletes the lock only if we still own it.
_UNLOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], 'unlocked')
  return 1
end
return 0
"""


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class RedisTokenStore:
    """A token store in Redis shared by every process that uses the same ``key``.

    ``lock_ttl``: the refresh lock expires after this many seconds even if its holder died
    (keep it above the token request timeout). ``lock_wait``: how long a process waits for
    another one's refresh before giving up with :class:`SharedStateError`. ``poll``: how
    often a waiter looks again when no pub/sub message came. The Redis client is borrowed
    (never closed). Errors talking to Redis raise :class:`SharedStateError`; no token value
    ever appears in a key, a log record, a repr or an error.
    """

    def __init__(
        self,
        redis_client: Redis,
        *,
        key: str,
        lock_ttl: float = 60.0,
        lock_wait: float | None = None,
        poll: float = 0.25,
        timeout: float = 5.0,
    ) -> None:
        if not isinstance(key, str) or not key.strip():
            raise ConfigurationError("key must be a non-empty string")
        for name, value in (("lock_ttl", lock_ttl), ("poll", poll), ("timeout", timeout)):
            if not isinstance(value, int | float) or not 0 < value < 86_400:
                raise ConfigurationError(f"{name} must be a number of seconds > 0")
        self._redis = redis_client
        self.key = key
        self.lock_key = f"{key}:lock"
        self.channel = f"{key}:events"
        self.lock_ttl = float(lock_ttl)
        self.lock_wait = float(lock_ttl + 10.0 if lock_wait is None else lock_wait)
        self.poll = float(poll)
        self._timeout = float(timeout)
        self._lock_generation: int | None = None  # read when the lock was taken
        self._save = redis_client.register_script(_SAVE)
        self._unlock = redis_client.register_script(_UNLOCK)

    def __repr__(self) -> str:
        return f"RedisTokenStore(key={self.key!r})"

    async def _run(self, what: str, call: Any) -> Any:
        try:
            async with asyncio.timeout(self._timeout):  # no extra task, unlike wait_for
                return await call
        except (RedisError, OSError, TimeoutError) as exc:
            raise redis_failure(what, exc) from exc

    async def load(self) -> Token | None:
        """The stored pair (None if there is none or it is unreadable)."""
        raw = await self._run("token load", self._redis.hget(self.key, "token"))
        if not raw:
            return None
        try:
            return Token.from_dict(json.loads(_text(raw)))
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            logger.warning(
                "token in Redis key %s is unreadable (%s); starting without a token",
                self.key,
                exc.__class__.__name__,
            )
            return None

    async def save(self, token: Token | None) -> None:
        """Write (None: clear). Inside :meth:`refresh_lock`, only if nobody else wrote since
        the lock was taken (else :class:`TokenStoreConflict`): a holder that stalled past
        its lock never overwrites a newer pair."""
        text = "" if token is None else json.dumps(token.to_dict())
        expected = "" if self._lock_generation is None else str(self._lock_generation)
        gen = await self._run(
            "token save",
            self._save(keys=[self.key], args=[expected, text, self.channel]),
        )
        if int(gen) < 0:
            raise TokenStoreConflict(
                f"Redis key {self.key} holds a newer token than this writer read; not overwritten"
            )
        if self._lock_generation is not None:
            self._lock_generation = int(gen)

    @contextlib.asynccontextmanager
    async def refresh_lock(self) -> AsyncIterator[None]:
        """Hold the cross-process refresh lock (SET NX PX), waiting at most ``lock_wait``."""
        owner = secrets.token_hex(16)
        await self._take(owner)
        try:
            gen = await self._run("token generation", self._redis.hget(self.key, "gen"))
            self._lock_generation = int(_text(gen)) if gen is not None else 0
            yield
        finally:
            self._lock_generation = None
            try:
                await self._run(
                    "lock release", self._unlock(keys=[self.lock_key], args=[owner, self.channel])
                )
            except SharedStateError as exc:  # it expires by itself after lock_ttl
                logger.warning("%s", exc)

    async def _take(self, owner: str) -> None:
        deadline = time.monotonic() + self.lock_wait
        ttl_ms = int(self.lock_ttl * 1000)
        pubsub = None
        try:
            while True:
                if await self._run(
                    "lock", self._redis.set(self.lock_key, owner, nx=True, px=ttl_ms)
                ):
                    return
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SharedStateError(
                        f"timed out after {self.lock_wait:g} s waiting for the token lock "
                        f"{self.lock_key}"
                    )
                if pubsub is None:
                    pubsub = self._redis.pubsub()
                    await self._run("subscribe", pubsub.subscribe(self.channel))
                    continue  # the holder may have finished before we subscribed
                await self._run(
                    "lock wait",
                    pubsub.get_message(
                        ignore_subscribe_messages=True, timeout=min(self.poll, left)
                    ),
                )
        finally:
            if pubsub is not None:
                with contextlib.suppress(RedisError, OSError):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]
