"""The public jobs against the independent emulator: a concurrent, sliced call-log harvest
under limits lower than the defaults, with latency jitter, delivers every record exactly once
and provokes no 429 (the emulator filters the call log by dateFrom/dateTo itself)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from _emu_app import MakeEmulator
from conftest import MakeClient
from test_emulator_throttle import SHORT, W, assert_clean, max_in_window

from ringcentral_async.jobs import harvest_call_log

START = datetime(2026, 3, 1, tzinfo=UTC)  # the emulator's newest record


async def test_sliced_harvest_every_record_once_zero_429(
    make_emulator: MakeEmulator, make_client: MakeClient
) -> None:
    emu = await make_emulator(limits=SHORT, penalty=2.0, jitter=0.02, call_log_records=300)
    rc = await make_client(emu)  # throttle=True: believes Heavy 10 per 60 s until told

    oldest = START - timedelta(minutes=7 * 299)
    ids: list[str] = []
    async with harvest_call_log(
        rc, oldest, START + timedelta(seconds=1), per_page=40, slices=4, concurrency=4
    ) as harvest:
        async for record in harvest:
            ids.append(str(record.id))

    assert len(ids) == len(set(ids)) == 300
    assert max_in_window(emu.arrivals(group="Heavy"), W) <= SHORT["Heavy"][0]
    assert_clean(emu)


async def test_call_log_without_dates_covers_the_last_24_hours(
    make_emulator: MakeEmulator, make_client: MakeClient
) -> None:
    """The platform's default range (dateTo = now, dateFrom = now - 24 h): a walk without
    dates returns only the records of the last day, not the whole log."""
    emu = await make_emulator(call_log_records=300)
    rc = await make_client(emu, throttle=False)

    items = await rc.paginate("/restapi/v1.0/account/~/call-log", params={"perPage": 100}).collect()

    assert len(items) == 24 * 60 // 7 + 1  # one call every 7 minutes since now - 24 h
    assert_clean(emu)
