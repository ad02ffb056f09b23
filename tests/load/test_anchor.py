"""Compressed time: the run's clock, and a lock's events due on it."""

import time
from datetime import datetime
from datetime import time as clock_time
from zoneinfo import ZoneInfo

import pytest

from harness.load.anchor import Anchor, LockSchedule, weekday_at
from harness.routines import events, find_routine

HOUR_MS = 3_600_000
A_TUESDAY_MIDNIGHT = 1_796_079_600_000  # 2026-12-01 00:00 in Berlin


def test_the_run_clock_moves_speed_times_as_fast_as_real_time() -> None:
    anchor = Anchor(real_s=1000.0, now_ms=A_TUESDAY_MIDNIGHT, speed=3600.0)

    assert anchor.now(1001.0) == A_TUESDAY_MIDNIGHT + HOUR_MS
    assert anchor.real_at(A_TUESDAY_MIDNIGHT + 2 * HOUR_MS) == pytest.approx(1002.0)


def test_an_anchor_travels_as_plain_data() -> None:
    anchor = Anchor(real_s=12.5, now_ms=A_TUESDAY_MIDNIGHT, speed=60.0)

    assert Anchor.from_dict(anchor.to_dict()) == anchor


def test_a_lock_posts_its_routine_in_order_from_the_clock_on() -> None:
    routine = find_routine("office-hours")
    anchor = Anchor(time.time(), A_TUESDAY_MIDNIGHT, speed=1_000_000.0)
    schedule = LockSchedule(routine, "seed", anchor)
    expected = events(
        routine, A_TUESDAY_MIDNIGHT, A_TUESDAY_MIDNIGHT + 86_400_000, "seed"
    )

    taken = [schedule.take() for _ in expected]

    assert taken == expected


def test_a_lock_waits_for_its_next_event_in_compressed_time() -> None:
    routine = find_routine("office-hours")
    now = time.time()
    # At midnight the first event is hours of the routine away: seconds at 3600.
    schedule = LockSchedule(routine, "seed", Anchor(now, A_TUESDAY_MIDNIGHT, 3600.0))

    wait = schedule.seconds_to_next()

    assert 8.0 < wait < 10.0


def test_the_wave_falls_on_the_latest_tuesday_at_six_before_a_moment() -> None:
    thursday = datetime(2026, 12, 3, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))

    wave = weekday_at(
        int(thursday.timestamp() * 1000), "Europe/Berlin", 1, clock_time(18)
    )

    expected = datetime(2026, 12, 1, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert wave == int(expected.timestamp() * 1000)
