"""call_log_sync and sync_extensions against FakeRingCentral."""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from ringcentral_async import ConfigurationError, PermissionDeniedError, ServerError, Throttle
from ringcentral_async.jobs import DETAILS, call_log_sync, sync_extensions

MakeFake = Any
MakeClient = Any
LIMITS = {"Light": (100, 0.2), "Medium": (40, 0.2), "Heavy": (10, 0.2), "Auth": (5, 0.2)}


async def _setup(make_fake: MakeFake, make_client: MakeClient, **options: Any) -> Any:
    options = {
        "extensions": 40,
        "call_log_records": 400,
        "limits": LIMITS,
        "penalty": 1.0,
        **options,
    }
    fake = await make_fake(**options)
    rc = await make_client(fake, throttle=Throttle(limits=LIMITS))
    return fake, rc


# -- call-log sync --------------------------------------------------------------------------


async def test_sync_resource_fsync_and_isync(make_fake: MakeFake, make_client: MakeClient) -> None:
    fake, rc = await _setup(make_fake, make_client)
    api = rc.call_log
    full = await api.sync_company(record_count=50, view="Detailed")
    assert len(full.records) == 50 and full.sync_info is not None
    assert full.sync_info.sync_type == "FSync" and full.sync_info.sync_token
    fake.add_call_record()
    delta = await api.sync_company(sync_type="ISync", sync_token=full.sync_info.sync_token)
    assert len(delta.records) == 1


async def test_call_log_sync_survives_the_250_overflow(
    make_fake: MakeFake, make_client: MakeClient, tmp_path: Path
) -> None:
    fake, rc = await _setup(make_fake, make_client)
    state = tmp_path / "sync.json"
    first = await call_log_sync(rc, state, extension_id=None)
    assert first.full and first.sync_type == "FSync" and len(first.records) == 250
    assert state.exists()

    added = fake.add_call_record()
    gone = fake.call_records[5]["id"]
    fake.delete_call_record(gone)
    step = await call_log_sync(rc, state, extension_id=None)
    assert not step.full and step.sync_type == "ISync"
    assert [r.id for r in step.records] == [added["id"]]
    assert [r.id for r in step.deleted] == [gone]

    for _ in range(260):  # more than 250 changes: ISync answers 400 CLG-104
        fake.add_call_record()
    overflow = await call_log_sync(rc, state, extension_id=None)
    assert overflow.full and overflow.fallback == "CLG-104" and len(overflow.records) == 250
    assert fake.count(path="/call-log-sync", status=400) == 1

    fake.add_call_record()
    after = await call_log_sync(rc, state, extension_id=None)
    assert after.sync_type == "ISync" and len(after.records) == 1


async def test_call_log_sync_falls_back_on_expired_token(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    _, rc = await _setup(make_fake, make_client)
    state: dict[str, Any] = {"scope": "~", "syncToken": "not-a-token"}
    report = await call_log_sync(rc, state)
    assert report.full and report.fallback == "CLG-101"
    assert state["syncToken"] == report.sync_token


async def test_call_log_sync_checks_arguments_before_sending(
    make_fake: MakeFake, make_client: MakeClient, tmp_path: Path
) -> None:
    fake, rc = await _setup(make_fake, make_client)
    before = fake.count(path="/call-log-sync")
    for bad in (0, 251):
        with pytest.raises(ConfigurationError, match="record_count"):
            await call_log_sync(rc, {}, record_count=bad)
    state = tmp_path / "s.json"
    await call_log_sync(rc, state)  # the logged-in user's log
    with pytest.raises(ConfigurationError, match="belongs to"):
        await call_log_sync(rc, state, extension_id=None)
    assert fake.count(path="/call-log-sync") == before + 1


# -- extension mirror ------------------------------------------------------------------------


def _rows(db: Path, table: str) -> dict[str, str]:
    con = sqlite3.connect(db)
    try:
        return dict(con.execute(f"SELECT key, json FROM {table}").fetchall())
    finally:
        con.close()


def _journals(folder: Path) -> list[str]:
    return [p.name for p in folder.glob("*.sqlite-*")]


def _digest(db: Path) -> str:
    return hashlib.sha256(db.read_bytes()).hexdigest()


async def test_sync_extensions_reports_the_exact_diff(
    make_fake: MakeFake, make_client: MakeClient, tmp_path: Path
) -> None:
    fake, rc = await _setup(make_fake, make_client)
    db = tmp_path / "ext.sqlite"
    first = await sync_extensions(rc, db)
    counts = first.counts()
    assert counts["extensions"]["added"] == 40 and first.written
    assert counts["phone_numbers"]["added"] == sum(1 for _ in _rows(db, "phone_numbers")) > 0
    assert len(_rows(db, "extensions")) == 40

    before = _digest(db)
    mtime = db.stat().st_mtime_ns
    watcher = sqlite3.connect(db)  # PRAGMA data_version moves when another connection commits
    version = watcher.execute("PRAGMA data_version").fetchone()
    again = await sync_extensions(rc, db)
    assert watcher.execute("PRAGMA data_version").fetchone() == version
    watcher.close()
    assert db.stat().st_mtime_ns == mtime
    assert not again.written
    assert {t: c["unchanged"] for t, c in again.counts().items()} == {
        t: len(_rows(db, t)) for t in ("extensions", "phone_numbers")
    }
    assert all(c["added"] == c["changed"] == c["removed"] == 0 for c in again.counts().values())
    assert _digest(db) == before  # nothing written
    assert _journals(tmp_path) == []  # not even a journal was left

    ids = sorted(e["id"] for e in fake.extensions)
    new = fake.add_extension(name="Added Person")
    fake.update_extension(ids[3], contact={"firstName": "Renamed"})
    fake.remove_extension(ids[7])
    third = await sync_extensions(rc, db)
    diff = third.tables["extensions"]
    assert diff.added == [str(new["id"])]
    assert diff.changed == [str(ids[3])]
    assert diff.removed == [str(ids[7])]
    assert diff.unchanged == 38
    assert '"Renamed"' in _rows(db, "extensions")[str(ids[3])]
    numbers = third.tables["phone_numbers"]
    assert all(k.startswith(f"{ids[7]}/") for k in numbers.removed)


async def test_interrupted_sync_leaves_the_snapshot_intact(
    make_fake: MakeFake, make_client: MakeClient, tmp_path: Path
) -> None:
    fake, rc = await _setup(make_fake, make_client)
    db = tmp_path / "ext.sqlite"
    await sync_extensions(rc, db)
    before = _digest(db)
    ids = sorted(e["id"] for e in fake.extensions)
    fake.update_extension(ids[0], contact={"firstName": "Changed"})
    fake.remove_extension(ids[1])
    fake.fail_next(
        403,
        path="/phone-number",
        body={
            "errorCode": "CMN-401",
            "message": "In order to call this API endpoint, user needs "
            "to have [ReadUserPhoneNumbers] permission",
            "errors": [
                {
                    "errorCode": "CMN-401",
                    "message": "denied",
                    "permissionName": "ReadUserPhoneNumbers",
                }
            ],
        },
    )
    with pytest.raises(PermissionDeniedError) as caught:
        await sync_extensions(rc, db)
    assert caught.value.permission_name == "ReadUserPhoneNumbers"
    assert _digest(db) == before
    fake.fail_next(500, count=10, path="/phone-number")  # beyond the client's retries
    with pytest.raises(ServerError):
        await sync_extensions(rc, db, concurrency=1)
    assert _digest(db) == before
    fake.clear_faults()
    report = await sync_extensions(rc, db)
    assert report.tables["extensions"].changed == [str(ids[0])]
    assert report.tables["extensions"].removed == [str(ids[1])]


async def test_sync_extensions_every_detail_and_the_rerun_writes_nothing(
    make_fake: MakeFake, make_client: MakeClient, tmp_path: Path
) -> None:
    fake, rc = await _setup(make_fake, make_client, extensions=12)
    db = tmp_path / "all.sqlite"
    details = tuple(DETAILS)
    first = await sync_extensions(rc, db, details=details)
    assert set(first.tables) == {"extensions", *details}
    con = sqlite3.connect(db)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"extensions", *details}
    for table in details:
        rows = con.execute(f"SELECT key, extension_id, json FROM {table}").fetchall()
        assert first.counts()[table]["added"] == len(rows)
        for key, ext_id, raw in rows:
            assert key == ext_id or key.startswith(f"{ext_id}/")
            assert isinstance(json.loads(raw), dict)  # the record's JSON, kept whole
    assert con.execute("SELECT count(*) FROM caller_id").fetchone() == (12,)
    con.close()
    sent = len(fake.log)
    again = await sync_extensions(rc, db, details=details)
    assert not again.written
    keys = {"added", "changed", "removed", "unchanged"}
    assert all(set(c) == keys for c in again.counts().values())
    assert all(c["unchanged"] == first.counts()[t]["added"] for t, c in again.counts().items())
    # requests: one extension list page, then one request per extension and detail
    assert len(fake.log) - sent == 1 + 12 * len(details)


async def test_failed_write_rolls_the_whole_run_back(
    make_fake: MakeFake, make_client: MakeClient, tmp_path: Path
) -> None:
    """One transaction per run: a failure after some rows were written undoes them all."""
    fake, rc = await _setup(make_fake, make_client, extensions=10)
    db = tmp_path / "ext.sqlite"
    await sync_extensions(rc, db)
    ids = sorted(e["id"] for e in fake.extensions)
    fake.update_extension(ids[0], contact={"firstName": "Changed"})
    fake.add_extension(name="Someone New")
    fake.remove_extension(ids[1])  # deletes run after the inserts in the same transaction
    con = sqlite3.connect(db)
    con.execute(
        "CREATE TRIGGER no_delete BEFORE DELETE ON extensions BEGIN SELECT RAISE(ABORT, 'no'); END"
    )
    con.commit()
    before = dict(con.execute("SELECT key, json FROM extensions").fetchall())
    con.close()
    with pytest.raises(sqlite3.DatabaseError):
        await sync_extensions(rc, db)
    assert _rows(db, "extensions") == before  # the update and the insert were undone too


async def test_cancelled_sync_leaves_the_snapshot_intact(
    make_fake: MakeFake, make_client: MakeClient, tmp_path: Path
) -> None:
    fake, rc = await _setup(make_fake, make_client, extensions=20)
    db = tmp_path / "ext.sqlite"
    await sync_extensions(rc, db)
    before = _digest(db)
    fake.remove_extension(sorted(e["id"] for e in fake.extensions)[2])
    fake.delay_next(5.0, path="/phone-number")  # one detail request hangs
    task = asyncio.create_task(sync_extensions(rc, db))
    while fake.count(path="/phone-number") < 25:  # noqa: ASYNC110 (waiting for progress)
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert _digest(db) == before
