"""`harness routine`: check routine and fleet files, and show a routine's week."""

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from harness.commands.edge import FAILED, one_line, run
from harness.commands.options import add_seed_option, env_option
from harness.commands.pictures import image_path, strip, write_image
from harness.commands.usual_week import usual_week, usual_week_picture
from harness.model import WEEKDAYS
from harness.routines import (
    Event,
    Fleet,
    Plan,
    Routine,
    RoutineError,
    ScenarioFileError,
    ScenarioNotFoundError,
    find_routine,
    fleet_path,
    load_fleet,
    load_routine,
    routine_path,
)

IMAGE_ENV = "HARNESS_ROUTINE_IMAGE"
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
FULL_DAY_NAMES = tuple(name.capitalize() for name in WEEKDAYS)
# A fleet file names its routines; a routine file never has this key.
_FLEET_KEY = re.compile(r"^routines\s*:", re.IGNORECASE | re.MULTILINE)


def build_parser(prog: str = "harness routine") -> argparse.ArgumentParser:
    """`routine check FILE...` and `routine show NAME|FILE`."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Check routine and fleet files, or show a routine's week.",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    check = actions.add_parser(
        "check",
        help="validate routine or fleet files; a problem as FILE:LINE: what to fix",
        description="Validate routine and fleet files (or names of shipped ones). "
        "Each problem is one line, FILE:LINE: what is wrong and how to fix it; the "
        "exit code is 1 if any file has one.",
    )
    check.add_argument("files", nargs="+", metavar="FILE")

    show = actions.add_parser(
        "show",
        help="a routine's week as a table, a strip of its usual states, a picture",
        description="Show a routine's week: its events per day as a table, and its "
        "usual week (drawn from a year of weeks) as a strip of letters and, with "
        "--image, as an SVG or PNG picture.",
    )
    show.add_argument(
        "routine",
        metavar="NAME|FILE",
        help="a routine's name, such as office-hours, or the path of its file",
    )
    env_option(
        show,
        "--image",
        IMAGE_ENV,
        convert=image_path,
        help="also draw the usual week into this .svg or .png file",
        metavar="FILE",
    )
    add_seed_option(show, "0")
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "harness routine") -> int:
    """Run `harness routine`; its exit code."""
    return run(lambda: build_parser(prog), _dispatch, argv)


def _dispatch(args: argparse.Namespace) -> int:
    if args.action == "check":
        return check(args.files)

    return show(find_routine(args.routine), args.image, args.seed)


def check(files: Sequence[str]) -> int:
    """Check each file, saying ok or what is wrong; 1 if any is wrong."""
    failed = 0
    for wanted in files:
        try:
            print(f"ok  {wanted}: {_checked(wanted)}")
        except RoutineError as error:
            failed += 1
            print(_problem(wanted, error), file=sys.stderr)

    if failed and len(files) > 1:
        print(f"{failed} of {len(files)} files have problems", file=sys.stderr)
    return FAILED if failed else 0


def _checked(wanted: str) -> str:
    path = _scenario_file(wanted)
    if _FLEET_KEY.search(path.read_text(encoding="utf-8", errors="replace")):
        return _fleet_summary(load_fleet(path))

    return _routine_summary(load_routine(path))


def _scenario_file(wanted: str) -> Path:
    try:
        return routine_path(wanted)
    except ScenarioNotFoundError as missing:
        try:
            return fleet_path(wanted)
        except ScenarioNotFoundError:
            raise missing from None


def _routine_summary(routine: Routine) -> str:
    count = sum(len(list(plan.events())) for plan in routine.week)
    exceptions = len(routine.exceptions)
    return (
        f"routine {routine.name} in {routine.zone}: {count} events a week, "
        f"{exceptions} exception{'' if exceptions == 1 else 's'}"
    )


def _fleet_summary(fleet: Fleet) -> str:
    routines = ", ".join(f"{name} {n}" for name, n in fleet.routine_counts().items())
    zones = ", ".join(zone for zone, _ in fleet.zones) or "each routine's own zone"
    return f"fleet {fleet.name}: {fleet.size} locks ({routines}) in {zones}"


def _problem(wanted: str, error: RoutineError) -> str:
    """One line, FILE:LINE: problem, as editors and CI logs link them."""
    if isinstance(error, ScenarioFileError):
        return one_line(error)

    return f"{wanted}: {one_line(error)}"


def show(routine: Routine, image: Path | None, seed: int | str) -> int:
    """Print the routine's week and its usual states; draw them if asked."""
    for line in week_table(routine):
        print(line)

    picture = usual_week_picture(routine, usual_week(routine, seed))
    print()
    print("The usual week (a column is 20 minutes):")
    for line in strip(picture):
        print(line)

    if image is not None:
        write_image(picture, image)
        print(f"picture: {image}")
    return 0


def week_table(routine: Routine) -> list[str]:
    """The routine as text: its header, a table of each day's events, exceptions."""
    lines = [f"{routine.name}: {routine.description}".rstrip(": ")]
    lines.append(
        f"time zone {routine.zone}, field {routine.field}, "
        f"initially {_value(routine.initial)}"
    )
    rows = [
        (days if number == 0 else "", *cells)
        for days, plan in _day_groups(routine)
        for number, cells in enumerate(_plan_rows(plan))
    ]
    lines += ["", *_table(("days", "time", "sets", "chance"), rows)]

    if routine.exceptions:
        lines += ["", "exceptions:"]
    for exception in routine.exceptions:
        dates = ", ".join(str(dates) for dates in exception.dates)
        if exception.like is not None:
            instead = f"like {FULL_DAY_NAMES[exception.like]}"
        elif exception.away:
            instead = "away, no events"
        else:
            count = len(list(exception.plan.events()))
            instead = f"{count} events of its own"
        name = f"{exception.name}: " if exception.name else ""
        lines.append(f"  {name}{dates}, {instead}")
    return lines


def _day_groups(routine: Routine) -> list[tuple[str, Plan]]:
    groups: list[tuple[int, int, Plan]] = []
    for number, plan in enumerate(routine.week):
        if groups and groups[-1][2] == plan:
            first, _, _ = groups[-1]
            groups[-1] = (first, number, plan)
        else:
            groups.append((number, number, plan))

    return [(_days(first, last), plan) for first, last, plan in groups]


def _days(first: int, last: int) -> str:
    if first == last:
        return FULL_DAY_NAMES[first]
    return f"{DAY_NAMES[first]}-{DAY_NAMES[last]}"


def _plan_rows(plan: Plan, depth: int = 0) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    if depth == 0 and plan.probability < 1:
        rows.append(("", "the day's events:", _chance(plan.probability)))
        depth = 1
    for step in plan.steps:
        indent = "  " * depth
        if isinstance(step, Event):
            start, end = step.times
            when = start if step.is_fixed else f"{start}-{end}"
            rows.append((indent + when, _value(step.value), _chance(step.probability)))
        else:
            rows.append((indent + "together:", "", _chance(step.probability)))
            rows += _plan_rows(step, depth + 1)
    if not rows:
        rows.append(("no events", "", ""))
    return rows


def _chance(probability: float) -> str:
    return "" if probability >= 1 else f"{probability:.0%}"


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    rule = tuple("-" * width for width in widths)
    return [
        "  ".join(
            cell.ljust(width) for cell, width in zip(row, widths, strict=True)
        ).rstrip()
        for row in [header, rule, *rows]
    ]
