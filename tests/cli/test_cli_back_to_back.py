"""Two command-line runs back to back share the usage-plan windows (a SQLite file beside
the token): the second one, started inside the window the first one filled, waits instead
of collecting 429s."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from ringcentral_async.testing import FakeRingCentral

ROOT = Path(__file__).resolve().parents[2]
#: Light is what sync-extensions spends per extension (its phone numbers); a long window
#: that one run fills and the next one starts inside of.
LIMITS = {"Light": (10, 4.0), "Medium": (40, 1.0), "Heavy": (10, 1.0), "Auth": (5, 1.0)}


def _env(fake: FakeRingCentral, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RINGCENTRAL_")}
    env.update(
        RINGCENTRAL_SERVER_URL=fake.url,
        RINGCENTRAL_CLIENT_ID=fake.client_id,
        RINGCENTRAL_CLIENT_SECRET=fake.client_secret,
        RINGCENTRAL_JWT=fake.jwt,
        HOME=str(home),
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
    )
    return env


async def _sync(env: dict[str, str], db: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "ringcentral_async",
        "sync-extensions",
        "--db",
        str(db),
        "-q",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, err.decode()


@pytest.mark.timing
async def test_a_second_run_inside_the_first_runs_full_window_gets_no_429(
    tmp_path: Path,
) -> None:
    async with FakeRingCentral(
        extensions=10, call_log_records=10, limits=LIMITS, penalty=1.0
    ) as fake:
        env = _env(fake, tmp_path)
        await _sync(env, tmp_path / "a.sqlite")
        first = [r for r in fake.log if r.group == "Light"]
        assert len(first) == 10  # the window is full now, for 4 s
        seen = len(fake.log)
        await _sync(env, tmp_path / "b.sqlite")
        second = [r for r in fake.log if r.group == "Light"][len(first) :]
        assert len(second) == 10
        started = fake.log[seen].time  # the second run's first request (the extension list)
        assert started < min(r.time for r in first) + 4.0, "not inside the first's window"
        assert fake.count(status=429) == 0
        # the second run waited for the places of the first one, not for a penalty
        assert min(r.time for r in second) >= min(r.time for r in first) + 4.0
        assert fake.count(path="/restapi/oauth/token") == 1  # resumed from the token file
        state = list((tmp_path / ".cache" / "ringcentral-async").glob("*.throttle.sqlite"))
        assert len(state) == 1 and oct(state[0].stat().st_mode & 0o777) == "0o600"


@pytest.mark.timing
async def test_two_concurrent_runs_share_one_login_and_one_window(tmp_path: Path) -> None:
    async with FakeRingCentral(
        extensions=10, call_log_records=10, limits=LIMITS, penalty=1.0
    ) as fake:
        env = _env(fake, tmp_path)
        await asyncio.gather(_sync(env, tmp_path / "a.sqlite"), _sync(env, tmp_path / "b.sqlite"))
        assert fake.count(status=429) == 0
        assert fake.sessions_opened == 1  # the FileTokenStore lock: one logs in, one adopts
        light = sorted(r.time for r in fake.log if r.group == "Light")
        assert len(light) == 20
        assert light[10] - light[0] >= 4.0  # 10 per 4 s, shared by both runs
