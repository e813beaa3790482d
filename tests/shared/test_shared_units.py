"""RedisThrottle, RedisTokenStore and FileThrottle in one process (real redis-server)."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import socket
from pathlib import Path
from typing import Any

import pytest
import redis.asyncio as aioredis

from ringcentral_async import (
    ConfigurationError,
    FileThrottle,
    FileTokenStore,
    RateLimitError,
    RingCentral,
    SharedStateError,
    Throttle,
    TokenStoreConflict,
)
from ringcentral_async.redis import RedisThrottle, RedisTokenStore
from ringcentral_async.testing import FakeRingCentral

EXT = "/restapi/v1.0/account/~/extension/~"  # Light
LIMITS = {"Light": (20, 1.0), "Medium": (20, 1.0), "Heavy": (5, 1.0), "Auth": (20, 1.0)}


def _client(fake: FakeRingCentral, **kwargs: object) -> RingCentral:
    return RingCentral(fake.client_id, fake.client_secret, server_url=fake.url, **kwargs)  # type: ignore[arg-type]


def _dead_redis_url(password: str = "") -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    auth = f":{password}@" if password else ""
    return f"redis://{auth}127.0.0.1:{port}/0"


async def test_keys_carry_app_and_user_in_one_hash_tag_and_no_secret(
    aredis: aioredis.Redis,
) -> None:
    async with FakeRingCentral(limits=LIMITS) as fake:
        throttle = RedisThrottle(aredis, namespace="billing", limits=LIMITS)
        store = RedisTokenStore(aredis, key="billing:token")
        async with _client(fake, throttle=throttle, token_store=store) as rc:
            await rc.login(jwt=fake.jwt)
            await rc.get(EXT)
            token = rc.token
        await throttle.aclose()
        assert token is not None
    keys = sorted(k.decode() for k in await aredis.keys("rcthrottle:*"))
    user = f"rcthrottle:{{billing|{fake.client_id}|{fake.owner_id}}}"
    assert f"{user}:Light:places" in keys and f"{user}:Light:state" in keys
    assert f"rcthrottle:{{billing|{fake.client_id}|-}}:Auth:places" in keys  # per app
    everything = " ".join(keys) + repr(throttle) + repr(store)
    for secret in (token.access_token, token.refresh_token, fake.client_secret, fake.jwt):
        assert secret and secret not in everything
    assert all(ttl > 0 for ttl in [await aredis.ttl(k) for k in keys])  # none stays forever


async def test_two_clients_refreshing_at_once_send_one_refresh(aredis: aioredis.Redis) -> None:
    async with FakeRingCentral(limits=LIMITS) as fake:
        clients = [
            _client(fake, token_store=RedisTokenStore(aredis, key="t"), throttle=False)
            for _ in range(3)
        ]
        for rc in clients:
            await rc.login(jwt=fake.jwt)
        assert fake.sessions_opened == 1  # the second and third adopted the first's session
        await asyncio.gather(*(rc.refresh() for rc in clients))
        tokens = {rc.token.access_token for rc in clients if rc.token}
        assert len(tokens) == 1
        assert [r.status for r in fake.requests(path="/oauth/token")] == [200, 200]
        for rc in clients:
            assert await rc.get(EXT)
            await rc.aclose()


async def test_a_refresher_that_stalled_past_its_lock_never_overwrites_a_newer_pair(
    aredis: aioredis.Redis,
) -> None:
    async with (
        FakeRingCentral(limits=LIMITS) as fake,
        _client(fake, token_store=RedisTokenStore(aredis, key="t")) as rc,
    ):
        first = await rc.login(jwt=fake.jwt)
    slow = RedisTokenStore(aredis, key="t", lock_ttl=0.2)
    fast = RedisTokenStore(aredis, key="t")
    newer = dataclasses.replace(first, access_token="NEWER-ACCESS", refresh_token="NEWER-RT")
    async with slow.refresh_lock():
        assert (await slow.load()) == first
        await asyncio.sleep(0.3)  # the lock expires under the stalled holder
        async with fast.refresh_lock():
            assert (await fast.load()) == first
            await fast.save(newer)
        stale = dataclasses.replace(first, access_token="STALE-ACCESS", refresh_token="STALE-RT")
        with pytest.raises(TokenStoreConflict) as caught:
            await slow.save(stale)
        assert "STALE" not in str(caught.value)
    assert (await fast.load()) == newer  # the newer pair is still there


async def test_a_stale_save_is_replaced_by_the_stored_pair(aredis: aioredis.Redis) -> None:
    """The client side of a conflict: the Authenticator adopts what is stored."""
    async with FakeRingCentral(limits=LIMITS) as fake:
        store = RedisTokenStore(aredis, key="t")
        async with _client(fake, token_store=store, throttle=False) as rc:
            await rc.login(jwt=fake.jwt)
            newer = rc.token
            real_save = store.save

            async def conflicting(token: object) -> None:
                raise TokenStoreConflict("newer pair stored")

            store.save = conflicting  # type: ignore[method-assign]
            await rc._auth._grant(
                {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": fake.jwt}
            )
            assert rc.token == newer  # the stored (newer) pair won
            store.save = real_save  # type: ignore[method-assign]


async def test_no_refresh_without_the_lock(aredis: aioredis.Redis) -> None:
    async with FakeRingCentral(limits=LIMITS) as fake:
        store = RedisTokenStore(aredis, key="t", lock_wait=0.3, poll=0.05)
        async with _client(fake, token_store=store, throttle=False) as rc:
            await rc.login(jwt=fake.jwt)
            await aredis.set("t:lock", "someone-else", px=10_000)
            with pytest.raises(SharedStateError, match="timed out"):
                await rc.refresh()
            assert fake.count(path="/oauth/token") == 1  # the login only


async def test_redis_errors_are_typed_and_name_no_secret() -> None:
    client = aioredis.Redis.from_url(_dead_redis_url("hunter2-secret"))
    try:
        store = RedisTokenStore(client, key="t", timeout=1.0)
        with pytest.raises(SharedStateError) as caught:
            await store.load()
        assert "hunter2" not in str(caught.value) and "hunter2" not in repr(caught.value)
        async with FakeRingCentral(limits=LIMITS) as fake:
            throttle = RedisThrottle(client, namespace="n", on_redis_error="raise")
            async with _client(fake, throttle=throttle) as rc:
                with pytest.raises(SharedStateError) as caught:
                    await rc.login(jwt=fake.jwt)
                assert fake.count() == 0  # nothing was sent
                assert "hunter2" not in str(caught.value)
    finally:
        await client.aclose()


@pytest.mark.timing
async def test_redis_unreachable_falls_back_to_a_share_of_the_limit_and_says_so_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = aioredis.Redis.from_url(_dead_redis_url())
    try:
        async with FakeRingCentral(limits=LIMITS) as fake:
            throttle = RedisThrottle(
                client, namespace="n", limits=LIMITS, fallback_share=0.25, redis_timeout=0.5
            )
            with caplog.at_level(logging.WARNING, logger="ringcentral_async"):
                async with _client(fake, throttle=throttle) as rc:
                    await rc.login(jwt=fake.jwt)
                    await asyncio.gather(*(rc.get(EXT) for _ in range(8)))
                    light = [r.time for r in fake.log if r.group == "Light"]
                    # 5 places (a quarter of 20) per window: the last three waited a window
                    assert len(light) == 8 and light[5] - light[0] >= 0.9
                    assert throttle.stats()["Light"].sent == 8
            assert fake.count(status=429) == 0
        warnings = [r for r in caplog.records if "shared state unavailable" in r.getMessage()]
        assert len(warnings) == 1
    finally:
        await client.aclose()


async def test_a_pause_longer_than_max_pause_raises_at_once(aredis: aioredis.Redis) -> None:
    async with FakeRingCentral(limits=LIMITS) as fake:
        throttle = RedisThrottle(aredis, namespace="n", limits=LIMITS, max_pause=5.0)
        async with _client(fake, throttle=throttle, max_retries=3) as rc:
            await rc.login(jwt=fake.jwt)
            fake.fail_next(429, group="Light", retry_after=600)
            with pytest.raises(RateLimitError) as caught:
                await rc.get(EXT)
            assert caught.value.retry_after is not None and caught.value.retry_after > 500
            # every process sees the pause: a second throttle on the namespace raises too
            other = RedisThrottle(aredis, namespace="n", limits=LIMITS, max_pause=5.0)
            other.bind(fake.client_id, lambda: str(fake.owner_id))
            with pytest.raises(RateLimitError):
                async with other.slot("Light"):
                    pass
            assert fake.count(group="Light") == 1
            await throttle.aclose()


async def test_a_shorter_retry_after_never_shortens_the_shared_pause(
    aredis: aioredis.Redis,
) -> None:
    throttle = RedisThrottle(aredis, namespace="n", limits=LIMITS)
    throttle.bind("app", lambda: "42")
    throttle.penalize("Light", 30.0)
    await throttle.aclose()
    throttle.penalize("Light", 2.0)
    await throttle.aclose()
    key = "rcthrottle:{n|app|42}:Light:pause"
    assert 28_000 < await aredis.pttl(key) <= 31_000
    fresh = RedisThrottle(aredis, namespace="n", limits=LIMITS, max_pause=10.0)
    fresh.bind("app", lambda: "42")
    with pytest.raises(RateLimitError) as caught:
        async with fresh.slot("Light"):
            pass
    assert caught.value.retry_after is not None and caught.value.retry_after > 25


def test_bad_options_are_configuration_errors(tmp_path: Path) -> None:
    client = aioredis.Redis()
    for kwargs in (
        {"namespace": ""},
        {"namespace": "n", "fallback_share": 0},
        {"namespace": "n", "fallback_share": 1.5},
        {"namespace": "n", "grace": 0},
        {"namespace": "n", "max_pause": -1},
        {"namespace": "n", "on_redis_error": "ignore"},
        {"namespace": "n", "limits": {"Light": (0, 1.0)}},
    ):
        with pytest.raises(ConfigurationError):
            RedisThrottle(client, **kwargs)
    with pytest.raises(ConfigurationError):
        RedisTokenStore(client, key="")
    with pytest.raises(ConfigurationError):
        RingCentral("id", throttle="yes")  # type: ignore[arg-type]


async def test_file_token_store_lets_one_process_refresh(tmp_path: Path) -> None:
    """Two clients, each with its own FileTokenStore on one path (two processes' view)."""
    path = tmp_path / "token.json"
    async with FakeRingCentral(limits=LIMITS) as fake:
        a = _client(fake, token_store=FileTokenStore(path), throttle=False)
        b = _client(fake, token_store=FileTokenStore(path), throttle=False)
        await asyncio.gather(a.login(jwt=fake.jwt), b.login(jwt=fake.jwt))
        assert fake.sessions_opened == 1
        await asyncio.gather(a.refresh(), b.refresh())
        assert a.token == b.token
        assert fake.count(path="/oauth/token") == 2
        for rc in (a, b):
            assert await rc.get(EXT)
            await rc.aclose()


async def test_file_token_store_lock_wait_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "token.json"
    holder = FileTokenStore(path)
    waiter = FileTokenStore(path, lock_wait=0.2)
    async with holder.refresh_lock():
        with pytest.raises(SharedStateError, match="timed out"):
            async with waiter.refresh_lock():
                pass
    async with waiter.refresh_lock():  # free again
        pass


@pytest.mark.timing
async def test_file_throttle_shares_windows_between_instances(tmp_path: Path) -> None:
    state = tmp_path / "throttle.sqlite"
    async with FakeRingCentral(limits=LIMITS) as fake:
        for _ in range(2):  # two consecutive "runs"
            async with _client(fake, throttle=FileThrottle(state, limits=LIMITS)) as rc:
                await rc.login(jwt=fake.jwt)
                await asyncio.gather(*(rc.get(EXT) for _ in range(15)))
        assert fake.count(status=429) == 0
        light = sorted(r.time for r in fake.log if r.group == "Light")
        assert light[20] - light[0] >= 1.0  # the second run waited for the first's window


async def test_file_throttle_unusable_file_raises_or_falls_back(tmp_path: Path) -> None:
    bad = tmp_path / "dir.sqlite"
    bad.mkdir()
    async with FakeRingCentral(limits=LIMITS) as fake:
        async with _client(fake, throttle=FileThrottle(bad, on_error="raise")) as rc:
            with pytest.raises(SharedStateError, match="throttle state file"):
                await rc.login(jwt=fake.jwt)
        async with _client(fake, throttle=FileThrottle(bad, limits=LIMITS)) as rc:
            await rc.login(jwt=fake.jwt)
            assert await rc.get(EXT)


def test_the_in_process_throttle_is_unchanged() -> None:
    assert not isinstance(Throttle(), RedisThrottle)


async def test_a_place_granted_to_a_cancelled_waiter_is_handed_back() -> None:
    from ringcentral_async._shared.limiter import SharedThrottle
    from ringcentral_async._shared.state import Admission, Settled

    settled: list[tuple[str, str]] = []
    decided = asyncio.Event()

    class SlowBackend:
        async def acquire(self, scope: str, group: str, member: str, cfg: Any) -> Admission:
            await decided.wait()  # the decision arrives after the waiter was cancelled
            return Admission(True, 0.0, cfg.limit, cfg.window, 1, 0.0)

        async def settle(self, scope: str, group: str, member: str, cfg: Any, how: Any) -> Settled:
            settled.append((member, how.mode))
            return Settled(cfg.limit, cfg.window, 0, 0.0)

        async def operations(self, bucket: str, known: str | None) -> tuple[str, None]:
            return "", None

        async def set_operation(self, bucket: str, operation: str, group: str | None) -> bool:
            return True

        async def aclose(self) -> None:
            pass

    throttle = SharedThrottle(SlowBackend(), namespace="n")

    async def wait_for_slot() -> None:
        async with throttle.slot("Light"):
            raise AssertionError("never admitted")

    waiter = asyncio.ensure_future(wait_for_slot())
    await asyncio.sleep(0.05)
    waiter.cancel()
    await asyncio.gather(waiter, return_exceptions=True)
    assert waiter.cancelled()
    decided.set()
    await asyncio.sleep(0.05)
    await throttle.aclose()
    assert [mode for _, mode in settled] == ["abandon"]
