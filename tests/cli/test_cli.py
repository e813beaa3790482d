"""The ``ringcentral-async`` console script, run as a subprocess against a fake on a free port."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sqlite3
import sys
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from ringcentral_async.testing import FakeRingCentral

LIMITS = {"Light": (100, 0.2), "Medium": (40, 0.2), "Heavy": (10, 0.2), "Auth": (5, 0.2)}
#: The console script pyproject.toml installs next to the interpreter.
SCRIPT = Path(sys.executable).with_name("ringcentral-async")
RANGE = ["--from", "2026-01-01", "--to", "2026-03-01"]
#: Seconds every call-log answer is held back in the interruption tests.
SLOW = 1.5


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


async def _start(env: dict[str, str], *args: str, **pipes: int) -> asyncio.subprocess.Process:
    assert SCRIPT.exists(), f"the console script {SCRIPT} is not installed"
    return await asyncio.create_subprocess_exec(
        str(SCRIPT),
        *args,
        env=env,
        stdout=pipes.get("stdout", asyncio.subprocess.PIPE),
        stderr=pipes.get("stderr", asyncio.subprocess.PIPE),
    )


async def _cli(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    proc = await _start(env, *args)
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    return await proc.wait(), out.decode(), err.decode()


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text().splitlines()]


def _append(path: Path, data: bytes) -> None:
    with open(path, "ab") as fh:
        fh.write(data)


def _records_saved(checkpoint: Path) -> int:
    try:
        return int(json.loads(checkpoint.read_text())["consumer"]["records"])
    except (OSError, ValueError, KeyError):
        return 0  # not written yet (or caught mid-replace on a slow file system)


async def _wait_for_saved_records(checkpoint: Path) -> None:
    """Until the checkpoint accounts for some written records (a slice can be empty)."""
    for _ in range(2_000):
        if _records_saved(checkpoint) > 0:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("no record was checkpointed")


async def test_harvest_progress_summary_and_token_store(
    fake: FakeRingCentral, tmp_path: Path
) -> None:
    env = _env(fake, tmp_path)
    out = tmp_path / "calls.jsonl"
    args = ["harvest-call-log", *RANGE, "--out", str(out)]
    code, stdout, err = await _cli(env, *args)
    assert code == 0, err
    assert "records" in err and "Heavy" in err and "waited" in err  # progress on stderr
    assert "harvest-call-log" in stdout and "Heavy" in stdout and "429s" in stdout  # tables
    expected = {r["id"] for r in fake.call_records}
    assert sorted(_ids(out)) == sorted(expected)
    logins = fake.count(path="/oauth/token")
    assert logins == 1
    # --json for cron: one JSON object on stdout, nothing on stderr
    code, stdout, err = await _cli(env, *args, "--json")
    assert code == 0 and err == "", err
    summary = json.loads(stdout)
    assert summary["records_in_file"] == 2_500 and summary["groups"]["Heavy"]["rejected_429"] == 0
    assert fake.count(path="/oauth/token") == logins  # the stored token: no login
    # --resume over the finished harvest: nothing sent, nothing appended, quiet
    calls = fake.count(path="/call-log")
    code, stdout, err = await _cli(env, *args, "--resume", "--quiet")
    assert code == 0 and stdout == "" and err == "", err
    assert fake.count(path="/call-log") == calls
    assert fake.count(path="/oauth/token") == logins
    assert sorted(_ids(out)) == sorted(expected)


async def test_expired_stored_token_is_refreshed_not_logged_in_again(
    fake: FakeRingCentral, tmp_path: Path
) -> None:
    store = tmp_path / "token.json"
    env = _env(fake, tmp_path)
    args = ["sync-extensions", "--db", str(tmp_path / "x.sqlite"), "--details", ""]
    code, _, err = await _cli(env, *args, "--token-store", str(store))
    assert code == 0, err
    assert oct(store.stat().st_mode & 0o777) == "0o600"
    assert fake.jwt not in store.read_text() and fake.client_secret not in store.read_text()
    fake.expire_access_tokens()  # the platform ends the access token early
    # a wrong JWT now: the run can only succeed through the stored refresh token
    bad = _env(fake, tmp_path, RINGCENTRAL_JWT="not-the-jwt")
    code, _, err = await _cli(bad, *args, "--token-store", str(store))
    assert code == 0, err
    assert fake.count(path="/oauth/token") == 2  # the first login, then one refresh


async def test_dead_stored_session_costs_one_jwt_login(
    fake: FakeRingCentral, tmp_path: Path
) -> None:
    store = tmp_path / "token.json"
    env = _env(fake, tmp_path)
    args = ["sync-extensions", "--db", str(tmp_path / "x.sqlite"), "--token-store", str(store)]
    code, _, err = await _cli(env, *args)
    assert code == 0, err
    assert fake.revoke_refresh_token(json.loads(store.read_text())["refresh_token"])
    fake.expire_access_tokens()  # the session is over: neither token works any more
    code, stdout, err = await _cli(env, *args, "--json")
    assert code == 0, err
    assert json.loads(stdout)["written"] is False
    code, _, err = await _cli(env, *args)  # and the new session was stored
    assert code == 0, err
    # login, failed refresh, JWT login; the third run used the stored token as it was
    assert fake.count(path="/oauth/token") == 3


async def test_killed_harvest_resumes_exactly_once(fake: FakeRingCentral, tmp_path: Path) -> None:
    env = _env(fake, tmp_path)
    expected = {r["id"] for r in fake.call_records}
    out = tmp_path / "again.jsonl"
    args = ["harvest-call-log", *RANGE, "--out", str(out), "--slices", "3", "--concurrency", "1"]
    checkpoint = out.with_name(out.name + ".checkpoint.json")
    # Every call-log answer is late, so when the first slice is done the next one is
    # provably still on the wire (arming the delay only after that races a fast harvest).
    fake.delay_next(SLOW, path="/call-log", count=100)
    proc = await _start(
        env, *args, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
    )
    await _wait_for_saved_records(checkpoint)
    await asyncio.sleep(0.3)
    proc.kill()
    await proc.wait()
    assert 0 < _records_saved(checkpoint) < 2_500  # killed midway
    fake.clear_faults()
    _append(out, b'{"id":"half-written')  # a torn write after the last checkpoint
    code, _, err = await _cli(env, *args, "--resume")
    assert code == 0, err
    got = _ids(out)
    assert len(got) == len(set(got)) == 2_500 and set(got) == expected


async def test_ctrl_c_saves_and_resume_completes(fake: FakeRingCentral, tmp_path: Path) -> None:
    env = _env(fake, tmp_path)
    expected = {r["id"] for r in fake.call_records}
    out = tmp_path / "int.jsonl"
    args = ["harvest-call-log", *RANGE, "--out", str(out), "--slices", "4", "--concurrency", "2"]
    checkpoint = out.with_name(out.name + ".checkpoint.json")
    fake.delay_next(SLOW, path="/call-log", count=100)  # as above: the rest is in flight
    proc = await _start(env, *args, "--quiet", stdout=asyncio.subprocess.DEVNULL)
    await _wait_for_saved_records(checkpoint)
    await asyncio.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    assert proc.stderr is not None
    err = (await asyncio.wait_for(proc.stderr.read(), 30)).decode()
    assert await proc.wait() == 130
    assert err.strip() == "interrupted"
    saved = json.loads(checkpoint.read_text())
    assert saved["consumer"]["outBytes"] == out.stat().st_size  # saved on the way out
    assert saved["consumer"]["records"] == len(_ids(out))
    fake.clear_faults()
    code, stdout, err = await _cli(env, *args, "--resume", "--json")
    assert code == 0, err
    before = saved["consumer"]["records"]
    assert 0 < before < 2_500
    assert json.loads(stdout)["records_this_run"] == 2_500 - before
    union = Counter(_ids(out))
    assert set(union) == expected and max(union.values()) == 1


async def test_resume_refuses_an_output_shorter_than_the_checkpoint(
    fake: FakeRingCentral, tmp_path: Path
) -> None:
    env = _env(fake, tmp_path)
    out = tmp_path / "calls.jsonl"
    args = ["harvest-call-log", *RANGE, "--out", str(out), "--quiet"]
    code, _, err = await _cli(env, *args)
    assert code == 0, err
    out.write_bytes(out.read_bytes()[:1000])
    code, _, err = await _cli(env, *args, "--resume")
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "checkpoint accounts for" in err


async def test_missing_permission_is_named_in_one_line(
    fake: FakeRingCentral, tmp_path: Path
) -> None:
    fake.fail_next(
        403,
        path="/call-log",
        body={
            "errorCode": "InsufficientPermissions",
            "message": "In order to call this API endpoint, user needs to have "
            "[FullCompanyCallLog] permission for requested resource.",
            "permissionName": "FullCompanyCallLog",
            "errors": [
                {
                    "errorCode": "CMN-408",
                    "message": "In order to call this API endpoint, user needs to have "
                    "[FullCompanyCallLog] permission for requested resource.",
                    "permissionName": "FullCompanyCallLog",
                }
            ],
        },
    )
    env = _env(fake, tmp_path)
    out = tmp_path / "calls.jsonl"
    code, stdout, err = await _cli(env, "harvest-call-log", *RANGE, "--out", str(out), "--quiet")
    assert code == 1 and stdout == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: permission FullCompanyCallLog is missing")


async def test_sync_extensions_reports_and_reruns(fake: FakeRingCentral, tmp_path: Path) -> None:
    env = _env(fake, tmp_path)
    db = tmp_path / "ext.sqlite"
    code, stdout, err = await _cli(env, "sync-extensions", "--db", str(db))
    assert code == 0, err
    assert "extensions" in stdout and "written to" in stdout
    assert "extensions" in err and "Medium" in err  # progress
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
    mtime = db.stat().st_mtime_ns
    code, stdout, err = await _cli(env, "sync-extensions", "--db", str(db), "--json")
    assert code == 0, err
    again = json.loads(stdout)
    assert again["written"] is False and db.stat().st_mtime_ns == mtime
    assert all(c["added"] == c["changed"] == c["removed"] == 0 for c in again["tables"].values())


async def test_bad_credentials_exit_non_zero_with_one_line(
    fake: FakeRingCentral, tmp_path: Path
) -> None:
    env = _env(fake, tmp_path, RINGCENTRAL_JWT="not-a-jwt")
    code, _, err = await _cli(env, "sync-extensions", "--db", str(tmp_path / "x.sqlite"))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: authentication failed")
    assert "not-a-jwt" not in err and fake.client_secret not in err
    env = _env(fake, tmp_path)
    del env["RINGCENTRAL_JWT"]
    code, _, err = await _cli(env, "sync-extensions", "--db", str(tmp_path / "x.sqlite"))
    assert code == 2 and err.strip() == "error: set RINGCENTRAL_JWT (environment or --env-file)"


async def test_env_file_and_no_secret_flag(fake: FakeRingCentral, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RINGCENTRAL_")}
    env["HOME"] = str(tmp_path)
    env_file = tmp_path / "rc.env"
    env_file.write_text(
        f"# comment\nexport RINGCENTRAL_SERVER_URL={fake.url}\n"
        f"RINGCENTRAL_CLIENT_ID='{fake.client_id}'\n"
        f'RINGCENTRAL_CLIENT_SECRET="{fake.client_secret}"\nRINGCENTRAL_JWT={fake.jwt}\n'
    )
    db = str(tmp_path / "e.sqlite")
    code, _, err = await _cli(env, "sync-extensions", "--db", db, "--env-file", str(env_file))
    assert code == 0, err
    code, _, err = await _cli(env, "sync-extensions", "--db", db, "--jwt", fake.jwt)
    assert code == 2 and "unrecognized arguments" in err  # secrets never come from flags


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_fake_command_serves_on_a_free_port(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RINGCENTRAL_")}
    env["HOME"] = str(tmp_path)
    server = await _start(
        env,
        "fake",
        "--port",
        str(port),
        "--call-log-records",
        "1200",
        "--window",
        "0.2",
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        assert server.stdout is not None
        printed: dict[str, str] = {}
        while "RINGCENTRAL_JWT" not in printed:
            line = (await asyncio.wait_for(server.stdout.readline(), 30)).decode()
            assert line, "the fake exited"
            if line.startswith("RINGCENTRAL_"):
                name, _, value = line.strip().partition("=")
                printed[name] = value
        assert printed["RINGCENTRAL_SERVER_URL"] == f"http://127.0.0.1:{port}"
        assert set(printed) == {
            "RINGCENTRAL_SERVER_URL",
            "RINGCENTRAL_CLIENT_ID",
            "RINGCENTRAL_CLIENT_SECRET",
            "RINGCENTRAL_JWT",
        }
        out = tmp_path / "calls.jsonl"
        code, stdout, err = await _cli(
            {**env, **printed}, "harvest-call-log", *RANGE, "--out", str(out), "--json"
        )
        assert code == 0, err
        assert json.loads(stdout)["records_in_file"] == 1200 == len(set(_ids(out)))
    finally:
        server.terminate()
        await server.wait()


async def test_demo_exits_zero(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RINGCENTRAL_")}
    code, stdout, err = await _cli(
        env, "demo", "--extensions", "60", "--call-log-records", "1500", "--window", "0.2"
    )
    assert code == 0, err
    assert "429 responses from the platform: 0" in stdout and "OK" in stdout
    assert "sync_extensions" in stdout and "harvest_call_log" in stdout
