"""Moments as features write them, resolved in a lock's time zone."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from harness.steps.errors import StepError
from harness.steps.moments import describe, resolve

BERLIN = "Europe/Berlin"
# Tuesday 2026-12-01 00:00 in Berlin.
TUESDAY_MIDNIGHT = int(
    datetime(2026, 12, 1, tzinfo=ZoneInfo(BERLIN)).timestamp() * 1000
)


def berlin(text: str) -> int:
    moment = datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(BERLIN))
    return int(moment.timestamp() * 1000)


@pytest.mark.parametrize(
    "moment, expected",
    [
        ("on Tuesday at 03:00", "2026-11-24 03:00"),
        ("on Monday at 23:59", "2026-11-30 23:59"),
        ("on Tuesday at 00:00", "2026-12-01 00:00"),
        ("on tue at 9:07", "2026-11-24 09:07"),
        ("at 03:00", "2026-11-30 03:00"),
        ("on 2026-10-25 at 02:30", "2026-10-25 02:30"),
        ("10 minutes ago", "2026-11-30 23:50"),
        ("in 2 hours", "2026-12-01 02:00"),
        ("1 day ago", "2026-11-30 00:00"),
    ],
)
def test_a_moment_is_the_latest_such_time_up_to_now(moment: str, expected: str) -> None:
    assert resolve(moment, TUESDAY_MIDNIGHT, BERLIN) == berlin(expected)


def test_now_is_left_for_the_server_to_stamp() -> None:
    assert resolve("now", TUESDAY_MIDNIGHT, BERLIN) is None


def test_a_weekday_is_read_in_the_locks_own_zone() -> None:
    # Berlin's Tuesday midnight is 18:00 on Monday in New York.
    now = resolve("on Monday at 18:00", TUESDAY_MIDNIGHT, "America/New_York")
    later = resolve("on Monday at 18:01", TUESDAY_MIDNIGHT, "America/New_York")

    assert now == TUESDAY_MIDNIGHT
    assert later is not None
    assert describe(later, "America/New_York") == "Monday 2026-11-23 18:01 EST"


@pytest.mark.parametrize(
    "moment, says",
    [
        ("yesterday", "write one of: now; on Tuesday at 03:00"),
        ("on Funday at 03:00", "'funday' is not a day of the week"),
        ("on Tuesday at 25:00", "'25:00' is not a time of day"),
        ("on 2026-02-30 at 08:00", "'2026-02-30' is not a date"),
        ("on 2027-03-28 at 02:30", "does not exist in Europe/Berlin"),
    ],
)
def test_a_bad_moment_says_what_to_write(moment: str, says: str) -> None:
    with pytest.raises(StepError, match=says):
        resolve(moment, TUESDAY_MIDNIGHT, BERLIN)
