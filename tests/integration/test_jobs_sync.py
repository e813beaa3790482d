"""call_log_sync and sync_extensions against FakeRingCentral."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from ringcentral_async import PermissionDeniedError, ServerError, Throttle
from ringcentral_async.jobs import call_log_sync, sync_extensions

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


# -- extension mirror ------------------------------------------------------------------------


def _rows(db: Path, table: str) -> dict[str, str]:
    con = sqlite3.connect(db)
    try:
        return dict(con.execute(f"SELECT key, json FROM {table}").fetchall())
    finally:
        con.close()


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

    again = await sync_extensions(rc, db)
    before = _digest(db)
    assert not again.written
    assert {t: c["unchanged"] for t, c in again.counts().items()} == {
        t: len(_rows(db, t)) for t in ("extensions", "phone_numbers")
    }
    assert all(c["added"] == c["changed"] == c["removed"] == 0 for c in again.counts().values())
    assert _digest(db) == before  # nothing written

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
