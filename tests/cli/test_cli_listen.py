"""``ringcentral-async listen`` as a subprocess: JSON lines, recovery and gaps on stderr,
a clean exit (code 0, subscription deleted) on SIGINT."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from ringcentral_async.testing import FakeRingCentral

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = "/restapi/v1.0/account/~/extension/~/message-store"


@pytest.fixture
async def fake() -> AsyncIterator[FakeRingCentral]:
    async with FakeRingCentral(extensions=5, call_log_records=5, seed=5) as f:
        yield f


async def _line(stream: asyncio.StreamReader, timeout: float = 20) -> str:
    line = await asyncio.wait_for(stream.readline(), timeout)
    assert line, "the stream ended"
    return line.decode()


async def _stderr_until(proc: asyncio.subprocess.Process, needle: str, seen: list[str]) -> None:
    assert proc.stderr is not None
    while True:
        line = await _line(proc.stderr)
        seen.append(line)
        if needle in line:
            return


async def test_listen_prints_events_recovers_reports_gaps_and_stops_on_sigint(
    fake: FakeRingCentral, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RINGCENTRAL_")}
    env.update(
        RINGCENTRAL_SERVER_URL=fake.url,
        RINGCENTRAL_CLIENT_ID=fake.client_id,
        RINGCENTRAL_CLIENT_SECRET=fake.client_secret,
        RINGCENTRAL_JWT=fake.jwt,
        HOME=str(tmp_path),
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "ringcentral_async",
        "listen",
        "--filter",
        MESSAGES,
        cwd=ROOT,  # this checkout's package, not an installed one
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    err: list[str] = []
    try:
        await _stderr_until(proc, "Ctrl-C to stop", err)
        for n in range(3):
            assert await fake.publish(MESSAGES, {"n": n}) == 1
        lines = [json.loads(await _line(proc.stdout)) for _ in range(3)]
        assert [line["body"] for line in lines] == [{"n": 0}, {"n": 1}, {"n": 2}]
        assert set(lines[0]) == {"uuid", "event", "timestamp", "subscriptionId", "ownerId", "body"}

        await fake.drop_websockets()
        await fake.publish(MESSAGES, {"n": 3})  # buffered, replayed on recovery
        await _stderr_until(proc, "recovered", err)
        assert json.loads(await _line(proc.stdout))["body"] == {"n": 3}

        await fake.drop_websockets(recoverable=False)
        await _stderr_until(proc, "gap (recovery-failed)", err)
        await fake.publish(MESSAGES, {"n": 4})
        assert json.loads(await _line(proc.stdout))["body"] == {"n": 4}

        proc.send_signal(signal.SIGINT)
        code = await asyncio.wait_for(proc.wait(), 20)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    rest = (await proc.stderr.read()).decode()
    assert code == 0, "".join(err) + rest
    assert "subscription deleted" in rest
    assert await proc.stdout.read() == b""  # nothing printed twice
    assert fake.gateway.store.records == {}  # the DELETE went over the socket
    assert fake.jwt not in "".join(err) + rest
