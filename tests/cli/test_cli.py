"""The console script as a subprocess against a fake served on a free port."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from ringcentral_async.testing import FakeRingCentral

LIMITS = {"Light": (100, 0.2), "Medium": (40, 0.2), "Heavy": (10, 0.2), "Auth": (5, 0.2)}


@pytest.fixture
async def fake() -> AsyncIterator[FakeRingCentral]:
    async with FakeRingCentral(
        extensions=30, call_log_records=2_500, seed=5, limits=LIMITS, penalty=1.0
    ) as f:
        yield f


def _env(fake: FakeRingCentral, tmp_path: Path, **over: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RINGCENTRAL_")}
    env.update(
        RINGCENTRAL_SERVER_URL=fake.url,
        RINGCENTRAL_CLIENT_ID=fake.client_id,
        RINGCENTRAL_CLIENT_SECRET=fake.client_secret,
        RINGCENTRAL_JWT=fake.jwt,
        HOME=str(tmp_path),
    )
    env.update(over)
    return env


async def _cli(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "ringcentral_async",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text().splitlines()]


async def test_harvest_call_log_and_resume(fake: FakeRingCentral, tmp_path: Path) -> None:
    env = _env(fake, tmp_path)
    out = tmp_path / "calls.jsonl"
    args = ["harvest-call-log", "--from", "2026-01-01", "--to", "2026-03-01", "--out", str(out)]
    code, stdout, err = await _cli(env, *args, "--json")
    assert code == 0, err
    summary = json.loads(stdout)
    assert summary["records_in_file"] == 2_500 and summary["groups"]["Heavy"]["rejected_429"] == 0
    expected = {r["id"] for r in fake.call_records}
    assert sorted(_ids(out)) == sorted(expected)
    # the token store spares the second run a login
    logins = fake.count(path="/oauth/token")
    code, stdout, err = await _cli(env, *args, "--resume", "--quiet")
    assert code == 0 and stdout == "", err
    assert fake.count(path="/oauth/token") == logins
    assert sorted(_ids(out)) == sorted(expected)  # complete checkpoint: nothing appended

    # an interrupted run: simulate by cutting the checkpoint back to a half-done state
    out2 = tmp_path / "again.jsonl"
    args2 = [*args[:-1], str(out2)]
    checkpoint = out2.with_name(out2.name + ".checkpoint.json")
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "ringcentral_async",
        *args2,
        "--slices",
        "3",
        "--concurrency",
        "1",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    for _ in range(400):  # once the first slice is saved as done, make the rest hang
        if checkpoint.exists() and '"done":true' in checkpoint.read_text():
            break
        await asyncio.sleep(0.02)
    fake.delay_next(2.0, path="/call-log", count=3)
    await asyncio.sleep(0.3)
    proc.kill()
    await proc.wait()
    fake.clear_faults()
    code, _, err = await _cli(env, *args2, "--slices", "3", "--concurrency", "1", "--resume")
    assert code == 0, err
    got = _ids(out2)
    assert len(got) == len(set(got)) == 2_500 and set(got) == expected


async def test_sync_extensions_reports_and_reruns(fake: FakeRingCentral, tmp_path: Path) -> None:
    env = _env(fake, tmp_path)
    db = tmp_path / "ext.sqlite"
    code, stdout, err = await _cli(env, "sync-extensions", "--db", str(db))
    assert code == 0, err
    assert "extensions" in stdout and "written to" in stdout
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM extensions").fetchone() == (30,)
    con.close()
    fake.add_extension(name="New Person")
    code, stdout, err = await _cli(env, "sync-extensions", "--db", str(db), "--json")
    assert code == 0, err
    report = json.loads(stdout)
    assert report["tables"]["extensions"] == {
        "added": 1,
        "changed": 0,
        "removed": 0,
        "unchanged": 30,
    }
    code, stdout, err = await _cli(env, "sync-extensions", "--db", str(db), "--json")
    assert json.loads(stdout)["written"] is False


async def test_bad_credentials_exit_non_zero_with_one_line(
    fake: FakeRingCentral, tmp_path: Path
) -> None:
    env = _env(fake, tmp_path, RINGCENTRAL_JWT="not-a-jwt")
    code, _, err = await _cli(env, "sync-extensions", "--db", str(tmp_path / "x.sqlite"))
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: authentication failed")
    assert "not-a-jwt" not in err
    env = _env(fake, tmp_path)
    del env["RINGCENTRAL_JWT"]
    code, _, err = await _cli(env, "sync-extensions", "--db", str(tmp_path / "x.sqlite"))
    assert code == 2 and err.strip() == "error: set RINGCENTRAL_JWT (environment or --env-file)"


async def test_demo_exits_zero(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RINGCENTRAL_")}
    code, stdout, err = await _cli(
        env, "demo", "--extensions", "60", "--call-log-records", "1500", "--window", "0.2"
    )
    assert code == 0, err
    assert "429 responses from the platform: 0" in stdout and "OK" in stdout
