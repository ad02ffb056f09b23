"""The routine file format: shipped files, days, times, exceptions, and lookup."""

from datetime import date
from pathlib import Path

import pytest

from harness.routines import (
    ENV_VAR,
    DateRange,
    DayOfYear,
    Event,
    Plan,
    ScenarioNotFoundError,
    find_fleet,
    find_routine,
    fleet_names,
    load_fleet,
    load_routine,
    routine_from_data,
    routine_from_text,
    routine_names,
    routine_path,
)
from harness.routines.wallclock import HOUR_MS, MINUTE_MS
from tests.routines.conftest import WriteFile

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
SHIPPED_ROUTINES = sorted(path for path in SCENARIOS.glob("*.yaml"))
SHIPPED_FLEETS = sorted(path for path in (SCENARIOS / "fleets").glob("*.yaml"))

ROUTINE = """
    name: gym
    timezone: Europe/Berlin
    initial: locked
    week:
      {days}:
        - set: unlocked
          at: 07:30
"""


def clock(hours: int, minutes: int) -> int:
    return hours * HOUR_MS + minutes * MINUTE_MS


@pytest.mark.parametrize("path", SHIPPED_ROUTINES, ids=lambda path: path.stem)
def test_every_shipped_routine_loads_under_its_own_name(path: Path) -> None:
    routine = load_routine(path)

    assert routine.name == path.stem
    assert routine.description
    assert set(routine.values) == {"locked", "unlocked"}
    assert path.read_text().startswith("# "), "a comment says what it models"


@pytest.mark.parametrize("path", SHIPPED_FLEETS, ids=lambda path: path.stem)
def test_every_shipped_fleet_loads_under_its_own_name(path: Path) -> None:
    fleet = load_fleet(path)

    assert fleet.name == path.stem
    assert sum(fleet.routine_counts().values()) == fleet.size


def test_the_shipped_scenarios_are_the_promised_ones() -> None:
    assert set(routine_names()) >= {
        "office-hours",
        "night-shift",
        "school-run",
        "home-all-day",
        "weekend-worker",
    }
    assert set(fleet_names()) >= {"city-block", "mixed-100"}


def test_office_hours_are_the_smart_lock_samples_time_points() -> None:
    routine = find_routine("office-hours")
    expected = (
        Event("unlocked", clock(8, 50), clock(9, 5)),
        Event("locked", clock(9, 10), clock(9, 15)),
        Event("unlocked", clock(17, 50), clock(18, 5)),
        Event("locked", clock(19, 10), clock(19, 15)),
    )

    for weekday in ("monday", "tuesday", "wednesday", "thursday", "friday"):
        assert routine.day(weekday) == Plan(expected), weekday
    assert routine.day("saturday") == Plan()
    assert routine.day("sunday") == Plan()
    assert routine.initial == "locked"
    assert routine.field == "state"
    assert routine.zone == "Europe/Berlin"
    assert routine.exceptions == ()
    assert [event.times for event in expected] == [
        ("08:50", "09:05"),
        ("09:10", "09:15"),
        ("17:50", "18:05"),
        ("19:10", "19:15"),
    ]


DAY_GROUPS = [
    ("weekdays", {0, 1, 2, 3, 4}),
    ("weekend", {5, 6}),
    ("every day", {0, 1, 2, 3, 4, 5, 6}),
    ("monday", {0}),
    ("Mondays", {0}),
    ("sun", {6}),
    ("mon-fri", {0, 1, 2, 3, 4}),
    ("tue-thu", {1, 2, 3}),
    ("fri-mon", {4, 5, 6, 0}),
    ("monday - wednesday", {0, 1, 2}),
    ("mon, wed, fri", {0, 2, 4}),
    ("saturday and sunday", {5, 6}),
    ("weekend, mon", {5, 6, 0}),
]


@pytest.mark.parametrize(
    ("days", "weekdays"), DAY_GROUPS, ids=[case[0] for case in DAY_GROUPS]
)
def test_a_day_group_plans_exactly_its_days(days: str, weekdays: set[int]) -> None:
    routine = routine_from_text(ROUTINE.format(days=days).replace("\n    ", "\n"))

    planned = {day for day in range(7) if routine.week[day].steps}
    assert planned == weekdays


def test_times_read_as_written_with_or_without_quotes() -> None:
    routine = routine_from_text(
        """
name: quotes
timezone: UTC
initial: locked
week:
  monday:
    - {set: unlocked, at: 17:50}
    - {set: locked, at: "18:05"}
    - {set: unlocked, at: 7:30}
    - {set: locked, between: [08:50, "09:05:30"]}
    - {set: unlocked, between: ["23:00", 24:00]}
"""
    )

    times = [event.times for event in routine.day("monday").events()]
    assert times == [
        ("17:50", "17:50"),
        ("18:05", "18:05"),
        ("07:30", "07:30"),
        ("08:50", "09:05:30"),
        ("23:00", "24:00"),
    ]


def test_true_and_false_make_a_boolean_field_and_other_words_stay_text() -> None:
    boolean = routine_from_text(
        "name: b\ntimezone: UTC\nfield: open\ninitial: false\n"
        "week: {weekdays: [{set: true, at: 08:00}, {set: false, at: 09:00}]}\n"
    )
    words = routine_from_text(
        "name: w\ntimezone: UTC\ninitial: off\n"
        "week: {weekdays: [{set: on, at: 08:00}, {set: 'true', at: 09:00}]}\n"
    )

    assert boolean.values == (False, True)
    assert boolean.field == "open"
    assert words.values == ("off", "on", "true")


def test_a_day_and_a_block_may_carry_a_probability() -> None:
    routine = routine_from_text(
        """
name: chances
timezone: UTC
initial: locked
week:
  saturday:
    probability: 0.7
    events:
      - {set: unlocked, at: 10:00, probability: 50%}
      - probability: 0.25
        events:
          - {set: locked, at: 11:00}
"""
    )

    saturday = routine.day("saturday")
    assert saturday.probability == 0.7
    first, block = saturday.steps
    assert isinstance(first, Event) and first.probability == 0.5
    assert isinstance(block, Plan) and block.probability == 0.25


def test_exceptions_take_dates_ranges_and_days_of_every_year() -> None:
    routine = find_routine("school-run")
    christmas, summer, half_term = routine.exceptions

    assert christmas.name == "Christmas at the grandparents'"
    assert christmas.away
    assert christmas.dates == (DateRange(DayOfYear(12, 23), DayOfYear(12, 27)),)
    assert summer.like == 6
    assert half_term.dates == (DateRange(date(2025, 10, 27), date(2025, 10, 31)),)
    assert routine.plan_for(date(2025, 12, 25)) == Plan()
    assert routine.plan_for(date(2031, 8, 5)) == routine.day("sunday")
    assert routine.plan_for(date(2025, 10, 29)) == routine.day("sunday")
    assert routine.plan_for(date(2026, 10, 28)) == routine.day("wednesday")


def test_a_routine_can_be_built_from_plain_data() -> None:
    routine = routine_from_data(
        {
            "name": "from-data",
            "timezone": "America/New_York",
            "initial": "locked",
            "week": {"weekdays": [{"set": "unlocked", "between": ["08:00", "08:30"]}]},
            "exceptions": [{"dates": [date(2025, 7, 4)], "away": True}],
        }
    )

    assert routine.day("friday").steps == (
        Event("unlocked", clock(8, 0), clock(8, 30)),
    )
    assert routine.plan_for(date(2025, 7, 4)) == Plan()


def test_a_name_is_found_in_the_folders_of_harness_scenarios(
    write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_file("mine/office-hours.yaml", ROUTINE.format(days="sunday"))
    monkeypatch.setenv(ENV_VAR, str(path.parent))

    assert find_routine("office-hours").name == "gym"
    assert find_routine(SCENARIOS / "office-hours.yaml").name == "office-hours"


def test_a_name_falls_back_to_the_scenarios_folder_of_the_current_directory(
    write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_file("scenarios/gym.yaml", ROUTINE.format(days="sunday"))
    monkeypatch.chdir(path.parent.parent)

    assert find_routine("gym").name == "gym"
    assert routine_path("office-hours") == SCENARIOS / "office-hours.yaml"


def test_an_unknown_name_says_where_it_looked_and_what_was_meant() -> None:
    with pytest.raises(ScenarioNotFoundError) as missing:
        find_routine("ofice-hours")

    message = str(missing.value)
    assert "no routine 'ofice-hours'" in message
    assert str(SCENARIOS) in message
    assert "(did you mean 'office-hours'?)" in message


def test_a_missing_path_is_not_found_rather_than_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(ScenarioNotFoundError, match="no routine"):
        load_routine(tmp_path / "nothing.yaml")
    with pytest.raises(ScenarioNotFoundError, match="no fleet"):
        find_fleet("nothing-like-it")
