"""Reconnect backoff bands (injected random), dedup memory and the bounded event queue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ringcentral_async import ConfigurationError
from ringcentral_async._events.backoff import DEFAULT_BANDS, Backoff, check_bands
from ringcentral_async._events.queue import EventQueue
from ringcentral_async._events.recent import RecentIds
from ringcentral_async.models.subscriptions import Gap, Notification

T0 = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("r", "expected"),
    [
        (0.0, [0.5, 2.0, 10.0, 20.0, 40.0, 80.0, 80.0, 80.0]),
        (1.0, [1.5, 6.0, 20.0, 40.0, 80.0, 120.0, 120.0, 120.0]),
        (0.5, [1.0, 4.0, 15.0, 30.0, 60.0, 100.0, 100.0, 100.0]),
    ],
)
def test_delays_walk_the_bands_then_stay_in_the_last(r: float, expected: list[float]) -> None:
    backoff = Backoff(random=lambda: r)
    assert [backoff.next_delay() for _ in expected] == pytest.approx(expected)


def test_reset_starts_from_the_first_band_again() -> None:
    backoff = Backoff(random=lambda: 0.0)
    for _ in range(4):
        backoff.next_delay()
    backoff.reset()
    assert backoff.next_delay() == 0.5


def test_a_refusing_gateway_costs_a_handful_of_attempts_per_ten_minutes() -> None:
    backoff = Backoff(random=lambda: 0.0)  # the shortest delays of every band
    waited, attempts = 0.0, 0
    while waited < 600:
        waited += backoff.next_delay()
        attempts += 1
    assert attempts <= 12  # about one a minute after the first few, never a storm


def test_default_bands_are_the_documented_ones() -> None:
    assert DEFAULT_BANDS[1:] == ((2, 6), (10, 20), (20, 40), (40, 80), (80, 120))


@pytest.mark.parametrize("bands", [[], [(2, 1)], [(-1, 1)], [(1,)], ["ab"], [(0, float("inf"))]])
def test_bad_bands_are_configuration_errors(bands: list[object]) -> None:
    with pytest.raises(ConfigurationError):
        check_bands(bands)  # type: ignore[arg-type]


def test_recent_ids_remember_a_bounded_number() -> None:
    recent = RecentIds(3)
    assert [recent.add(u) for u in "abc"] == [True, True, True]
    assert recent.add("a") is False
    assert recent.add("d") is True  # forgets "a"
    assert len(recent) == 3 and "a" not in recent
    assert recent.add("a") is True


def _event(n: int) -> Notification:
    return Notification(
        uuid=f"u{n}",
        event="/e",
        timestamp=T0 + timedelta(seconds=n),
        subscription_id="s",
        owner_id="1",
        body=n,
    )


def test_a_full_queue_drops_the_oldest_and_accounts_for_them() -> None:
    queue = EventQueue(3)
    for n in range(10):
        queue.put(_event(n), T0)
    assert len(queue) == 3
    gap = queue.take_overflow()
    assert gap == Gap(since=T0, until=T0 + timedelta(seconds=6), reason="overflow", dropped=7)
    assert queue.take_overflow() is None
    got = [queue.get() for _ in range(3)]
    assert [g.body for g in got if isinstance(g, Notification)] == [7, 8, 9]
    assert queue.get() is None


def test_gap_markers_keep_their_place_and_do_not_count() -> None:
    queue = EventQueue(2)
    marker = Gap(since=T0, until=T0, reason="recovery-failed")
    queue.put(_event(1), T0)
    queue.put_gap(marker)
    queue.put(_event(2), T0)
    queue.put(_event(3), T0)  # drops event 1, not the marker
    assert [queue.get() for _ in range(3)] == [marker, _event(2), _event(3)]
    overflow = queue.take_overflow()
    assert overflow is not None and overflow.dropped == 1
