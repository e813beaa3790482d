"""Many processes, one app: a throttle and a token store shared through Redis.

``pip install "ringcentral-async[redis]"`` (redis-py >= 5, its asyncio client)::

    import redis.asyncio as redis
    from ringcentral_async import RingCentral
    from ringcentral_async.redis import RedisThrottle, RedisTokenStore

    r = redis.Redis.from_url("redis://localhost:6379/0")
    rc = RingCentral(client_id, client_secret,
                     throttle=RedisThrottle(r, namespace="billing-sync"),
                     token_store=RedisTokenStore(r, key="billing-sync:token"))

Every process (on any host) that uses the same Redis and ``namespace`` shares each
usage-plan group's sliding window, the limits learned from ``X-Rate-Limit-*``, the
calibration probe and the 429 pause; time comes from the Redis server's clock. The token
store holds one pair for all of them, logged in and refreshed by one process at a time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING

from ._auth.token import TokenStoreConflict
from ._config import DEFAULT_RETRY_AFTER_429
from ._errors import SharedStateError
from ._shared.limiter import BackendErrorMode, SharedThrottle
from ._shared.redis_backend import RedisBackend
from ._shared.redis_token import RedisTokenStore

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["RedisThrottle", "RedisTokenStore", "SharedStateError", "TokenStoreConflict"]


class RedisThrottle(SharedThrottle):
    """A usage-plan throttle shared through Redis; behaves like :class:`Throttle`.

    ``namespace`` separates deployments that use one Redis; keys are further split by app
    (client id) and user (the token's owner id), inside one hash tag so a Redis Cluster
    keeps them in one slot: ``rcthrottle:{<namespace>|<client id>|<owner id>}:<group>:*``.

    - ``limits``, ``calibrate``, ``probe_first``, ``default_retry_after``: as for
      :class:`Throttle`. ``max_pause``: a call whose group is paused (by a 429) for longer
      raises :class:`RateLimitError` at once instead of sleeping.
    - ``grace``: a place taken by a process that dies before the response is freed one
      window plus ``grace`` seconds after its admission; keep it at or above the request
      timeout (a live request is counted until its response, or ``grace`` at the latest).
    - ``on_redis_error``: ``"fallback"`` (default) limits this process to
      ``fallback_share`` of each limit in-process, logs that once, and tries Redis again
      every ``retry_redis_after`` seconds; ``"raise"`` raises :class:`SharedStateError`.
      Give ``fallback_share`` about 1 / the number of processes.
    - ``redis_timeout``: the longest wait for one Redis round trip.

    Give each client its own RedisThrottle (the client tells it the app and user it keys
    its state by); processes share state through Redis, not through one object. The Redis
    client is borrowed: close it yourself.
    """

    _kind = "RedisThrottle"

    def __init__(
        self,
        redis_client: Redis,
        *,
        namespace: str,
        limits: Mapping[str, tuple[int, float]] | None = None,
        max_pause: float = 300.0,
        grace: float = 30.0,
        fallback_share: float = 0.25,
        on_redis_error: BackendErrorMode = "fallback",
        retry_redis_after: float = 5.0,
        redis_timeout: float = 2.0,
        calibrate: bool = True,
        probe_first: bool = True,
        default_retry_after: float = DEFAULT_RETRY_AFTER_429,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        super().__init__(
            RedisBackend(redis_client, timeout=redis_timeout),
            namespace=namespace,
            limits=limits,
            max_pause=max_pause,
            grace=grace,
            calibrate=calibrate,
            probe_first=probe_first,
            default_retry_after=default_retry_after,
            fallback_share=fallback_share,
            on_backend_error=on_redis_error,
            retry_backend_after=retry_redis_after,
            clock=clock,
            sleep=sleep,
        )
