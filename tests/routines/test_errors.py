"""Broken routine and fleet files: a typed error with file, line and the fix."""

from pathlib import Path

import pytest

from harness.errors import HarnessError
from harness.routines import (
    BadDateError,
    BadDayError,
    BadProbabilityError,
    BadRangeError,
    BadShareError,
    BadTimeError,
    BadValueError,
    BadZoneError,
    MissingKeyError,
    RoutineError,
    ScenarioFileError,
    UnknownKeyError,
    WrongTypeError,
    YamlSyntaxError,
    load_fleet,
    load_routine,
)
from tests.routines.conftest import WriteFile

GOOD = """\
name: broken
timezone: Europe/Berlin
initial: locked
week:
  weekdays:
    - set: unlocked
      between: [08:50, 09:05]
    - set: locked
      at: 09:12
"""

# (id, text replaced, replacement, error, line, words the message must hold)
ROUTINE_CASES = [
    (
        "a misspelt top-level key",
        "initial:",
        "intial:",
        UnknownKeyError,
        3,
        ["unknown key 'intial'", "(did you mean 'initial'?)"],
    ),
    (
        "a misspelt event key",
        "between:",
        "betwen:",
        UnknownKeyError,
        7,
        ["unknown key 'betwen' in an event", "(did you mean 'between'?)"],
    ),
    (
        "time zone written as two words",
        "timezone:",
        "time zone:",
        UnknownKeyError,
        2,
        ["(did you mean 'timezone'?)"],
    ),
    (
        "a misspelt day name",
        "weekdays:",
        "munday:",
        BadDayError,
        5,
        ["'munday' is not a day", "(did you mean 'monday'?)", "mon-fri"],
    ),
    (
        "a day group that does not exist",
        "weekdays:",
        "workdays:",
        BadDayError,
        5,
        ["(did you mean 'weekdays'?)"],
    ),
    (
        "a misspelt day in a range",
        "weekdays:",
        "mon-fryday:",
        BadDayError,
        5,
        ["'fryday' is not a day", "(did you mean 'friday'?)"],
    ),
    (
        "an hour past 23",
        "08:50",
        "25:00",
        BadTimeError,
        7,
        ["'25:00' is not a time of day", "00:00 to 23:59"],
    ),
    (
        "a time that is not a time",
        "at: 09:12",
        "at: noon",
        BadTimeError,
        9,
        ["'noon' is not a time of day", "HH:MM"],
    ),
    (
        "a range that ends before it starts",
        "[08:50, 09:05]",
        "[09:05, 08:50]",
        BadRangeError,
        7,
        ["from 09:05 to 08:50 does not end after it starts", "earlier time first"],
    ),
    (
        "a probability above 1",
        "at: 09:12",
        "at: 09:12\n      probability: 1.5",
        BadProbabilityError,
        10,
        ["'1.5' is not from 0 to 1", "60%"],
    ),
    (
        "a percentage above 100",
        "at: 09:12",
        "at: 09:12\n      probability: 120%",
        BadProbabilityError,
        10,
        ["'120%' is not from 0 to 1"],
    ),
    (
        "a misspelt time zone",
        "Europe/Berlin",
        "Europe/Berln",
        BadZoneError,
        2,
        ["'Europe/Berln' is not a time zone", "(did you mean 'Europe/Berlin'?)"],
    ),
    (
        "a time zone in the wrong case",
        "Europe/Berlin",
        "europe/berlin",
        BadZoneError,
        2,
        ["(did you mean 'Europe/Berlin'?)"],
    ),
    (
        "a list where days belong",
        "week:\n  weekdays:",
        "week:\n  - weekdays:",
        WrongTypeError,
        5,
        ["week is a list", "key: value lines"],
    ),
    (
        "a range of one time",
        "[08:50, 09:05]",
        "08:50",
        WrongTypeError,
        7,
        ["between is '08:50'", "between: [08:50, 09:05]"],
    ),
    (
        "a name that is a list",
        "name: broken",
        "name: [a, b]",
        WrongTypeError,
        1,
        ["name is a list"],
    ),
    (
        "an event with both at and between",
        "at: 09:12",
        "at: 09:12\n      between: [09:10, 09:15]",
        UnknownKeyError,
        8,
        ["both 'at' and 'between'"],
    ),
    (
        "an event without set",
        "    - set: locked\n      at: 09:12",
        "    - at: 09:12",
        MissingKeyError,
        8,
        ["an event has no 'set'", "set: unlocked"],
    ),
    (
        "no initial value",
        "initial: locked\n",
        "",
        MissingKeyError,
        1,
        ["the routine has no 'initial'"],
    ),
    (
        "a day planned twice",
        "      at: 09:12\n",
        "      at: 09:12\n  friday: []\n",
        BadDayError,
        10,
        ["friday has a plan already", "'weekdays', line 5", "mon-thu and friday"],
    ),
    (
        "a key given twice",
        "initial: locked",
        "initial: locked\ninitial: unlocked",
        UnknownKeyError,
        4,
        ["'initial' appears twice", "first on line 3"],
    ),
    (
        "text and booleans mixed",
        "set: locked",
        "set: false",
        BadValueError,
        3,
        ["mixes true/false with text values"],
    ),
    (
        "a tab in the indentation",
        "  weekdays:",
        "\tweekdays:",
        YamlSyntaxError,
        5,
        ["is not valid YAML", "indentation"],
    ),
    (
        "an unclosed bracket",
        "[08:50, 09:05]",
        "[08:50, 09:05",
        YamlSyntaxError,
        8,
        ["is not valid YAML"],
    ),
]

EXCEPTIONS = "exceptions:\n  - name: holiday\n"

EXCEPTION_CASES = [
    (
        "a date off the calendar",
        "    dates: 2025-13-01\n    like: sunday\n",
        BadDateError,
        12,
        ["'2025-13-01' is not a date on the calendar", "MM-DD"],
    ),
    (
        "a misspelt weekday to follow",
        "    dates: 12-25\n    like: sundy\n",
        BadDayError,
        13,
        ["(did you mean 'sunday'?)"],
    ),
    (
        "a date range that ends before it starts",
        "    from: 2025-12-25\n    to: 2025-12-01\n    away: true\n",
        BadRangeError,
        13,
        ["ends before it starts"],
    ),
    (
        "neither like, away nor events",
        "    dates: 12-25\n",
        MissingKeyError,
        11,
        ["none of like, away and events"],
    ),
    (
        "both like and away",
        "    dates: 12-25\n    like: sunday\n    away: true\n",
        UnknownKeyError,
        11,
        ["more than one of like, away and events"],
    ),
    (
        "away set to false",
        "    dates: 12-25\n    away: no\n",
        BadValueError,
        13,
        ["write away: true"],
    ),
    (
        "no dates",
        "    like: sunday\n",
        MissingKeyError,
        11,
        ["the exception has no dates"],
    ),
]


def check_refusal(
    refused: pytest.ExceptionInfo[ScenarioFileError],
    path: Path,
    line: int | None,
    words: list[str],
) -> None:
    error = refused.value
    message = str(error)

    assert error.file == str(path)
    assert error.line == line
    assert message.startswith(f"{path}, line {line}: " if line else f"{path}: ")
    for word in words:
        assert word in message
    # Bad input is not a crash: the error stands alone, with nothing chained.
    assert isinstance(error, RoutineError) and isinstance(error, HarnessError)
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__
    assert "Traceback" not in message


@pytest.mark.parametrize(
    ("old", "new", "error", "line", "words"),
    [case[1:] for case in ROUTINE_CASES],
    ids=[case[0] for case in ROUTINE_CASES],
)
def test_a_broken_routine_names_the_file_line_and_fix(
    write_file: WriteFile,
    old: str,
    new: str,
    error: type[ScenarioFileError],
    line: int,
    words: list[str],
) -> None:
    assert old in GOOD
    path = write_file("broken.yaml", GOOD.replace(old, new, 1))

    with pytest.raises(error) as refused:
        load_routine(path)

    check_refusal(refused, path, line, words)


@pytest.mark.parametrize(
    ("exception", "error", "line", "words"),
    [case[1:] for case in EXCEPTION_CASES],
    ids=[case[0] for case in EXCEPTION_CASES],
)
def test_a_broken_exception_names_the_file_line_and_fix(
    write_file: WriteFile,
    exception: str,
    error: type[ScenarioFileError],
    line: int,
    words: list[str],
) -> None:
    path = write_file("broken.yaml", GOOD + EXCEPTIONS + exception)

    with pytest.raises(error) as refused:
        load_routine(path)

    check_refusal(refused, path, line, words)


def test_an_empty_file_says_what_a_routine_starts_with(write_file: WriteFile) -> None:
    path = write_file("empty.yaml", "# nothing yet\n")

    with pytest.raises(MissingKeyError) as refused:
        load_routine(path)

    check_refusal(refused, path, None, ["is empty", "name:"])


def test_a_file_that_is_not_utf8_says_so(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: café\n".encode("latin-1"))

    with pytest.raises(YamlSyntaxError) as refused:
        load_routine(path)

    check_refusal(refused, path, None, ["is not UTF-8 text"])


FLEET = """\
name: broken-fleet
locks: 10
routines:
  office-hours: 60%
  school-run: 40%
timezones:
  Europe/Berlin: 3
  Asia/Seoul: 7
"""

FLEET_CASES = [
    (
        "a misspelt routine",
        "school-run:",
        "scool-run:",
        BadValueError,
        5,
        ["no routine 'scool-run'", "(did you mean 'school-run'?)"],
    ),
    (
        "percentages short of 100%",
        "40%",
        "30%",
        BadShareError,
        4,
        ["percentages of routines add up to 90%, not 100%"],
    ),
    (
        "counts mixed with percentages",
        "40%",
        "4",
        BadShareError,
        4,
        ["routines mixes counts and percentages"],
    ),
    (
        "zone counts short of the locks",
        "Asia/Seoul: 7",
        "Asia/Seoul: 6",
        BadShareError,
        7,
        ["counts of timezones add up to 9, not to the fleet's 10 locks"],
    ),
    (
        "a misspelt zone",
        "Asia/Seoul",
        "Asia/Seul",
        BadZoneError,
        8,
        ["(did you mean 'Asia/Seoul'?)"],
    ),
    (
        "a fraction where a share belongs",
        "40%",
        "0.4",
        BadShareError,
        5,
        ["'0.4' is neither a count nor a percentage"],
    ),
    (
        "percentages without a number of locks",
        "locks: 10\n",
        "",
        MissingKeyError,
        1,
        ["no 'locks'"],
    ),
    (
        "a misspelt fleet key",
        "locks:",
        "lock:",
        UnknownKeyError,
        2,
        ["(did you mean 'locks'?)"],
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "error", "line", "words"),
    [case[1:] for case in FLEET_CASES],
    ids=[case[0] for case in FLEET_CASES],
)
def test_a_broken_fleet_names_the_file_line_and_fix(
    write_file: WriteFile,
    old: str,
    new: str,
    error: type[ScenarioFileError],
    line: int,
    words: list[str],
) -> None:
    assert old in FLEET
    path = write_file("broken-fleet.yaml", FLEET.replace(old, new, 1))

    with pytest.raises(error) as refused:
        load_fleet(path)

    check_refusal(refused, path, line, words)


def test_a_fleet_reports_a_broken_routine_at_the_routines_own_line(
    write_file: WriteFile,
) -> None:
    routine = write_file("bad-hours.yaml", GOOD.replace("08:50", "8:75"))
    fleet = write_file("fleet.yaml", "name: f\nroutines: {bad-hours: 3}\n")

    with pytest.raises(BadTimeError) as refused:
        load_fleet(fleet)

    check_refusal(refused, routine, 7, ["'8:75' is not a time of day"])
