"""Moments on the command line: ISO, now, shifts, weekdays, in a time zone."""

import argparse
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from harness.commands.moments import glue_moments, moment

BERLIN = ZoneInfo("Europe/Berlin")
# A Wednesday afternoon in Berlin, in winter (UTC+1).
NOW = datetime(2025, 1, 15, 14, 30, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("now", "2025-01-15T14:30:00+01:00", id="now"),
        pytest.param("-2h", "2025-01-15T12:30:00+01:00", id="hours-back"),
        pytest.param("+30m", "2025-01-15T15:00:00+01:00", id="minutes-ahead"),
        pytest.param("-1d12h", "2025-01-14T02:30:00+01:00", id="days-and-hours"),
        pytest.param("-1w", "2025-01-08T14:30:00+01:00", id="a-week"),
        pytest.param("tuesday 03:00", "2025-01-14T03:00:00+01:00", id="last-tuesday"),
        pytest.param("Wed 09:15", "2025-01-15T09:15:00+01:00", id="earlier-today"),
        pytest.param("wednesday 18:00", "2025-01-08T18:00:00+01:00", id="later-today"),
        pytest.param("today 06:00", "2025-01-15T06:00:00+01:00", id="today"),
        pytest.param("yesterday 23:59", "2025-01-14T23:59:00+01:00", id="yesterday"),
        pytest.param("2025-07-01T08:00", "2025-07-01T08:00:00+02:00", id="iso-summer"),
        pytest.param("2025-07-01", "2025-07-01T00:00:00+02:00", id="date"),
        pytest.param("2025-07-01T08:00Z", "2025-07-01T10:00:00+02:00", id="iso-utc"),
        pytest.param("1736899200000", "2025-01-15T01:00:00+01:00", id="epoch-ms"),
    ],
)
def test_a_moment_is_placed_in_the_zone(text: str, expected: str) -> None:
    assert moment(text).at(BERLIN, NOW).isoformat() == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("tomorrow", id="tomorrow"),
        pytest.param("-2x", id="unit"),
        pytest.param("funday 03:00", id="day"),
        pytest.param("tuesday 24:30", id="hour"),
        pytest.param("2025-13-01", id="month"),
    ],
)
def test_a_bad_moment_says_how_to_write_one(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match=repr(text)):
        moment(text)


def test_a_shift_given_as_the_next_argument_is_glued_to_its_option() -> None:
    argv = ["locked", "--at", "-2h", "--device", "d", "--end", "+1h"]

    assert glue_moments(argv, ["--at"]) == [
        "locked",
        "--at=-2h",
        "--device",
        "d",
        "--end",
        "+1h",
    ]
