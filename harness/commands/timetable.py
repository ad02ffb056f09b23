"""`harness timetable`: a model's learned timetable, or a routine's predicted one."""

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from harness.commands.connect import server_from
from harness.commands.edge import CommandError, UsageError, run
from harness.commands.options import (
    ROUTINE_ENV,
    add_seed_option,
    add_sensitivity_option,
    add_server_options,
    env_option,
    positive,
)
from harness.commands.pictures import (
    Bar,
    WeekPicture,
    WeekRow,
    image_path,
    strip,
    write_image,
)
from harness.model import (
    WEEKDAYS,
    Timetable,
    TimetableRow,
    Value,
    WeekdayTimetable,
)
from harness.routines import PredictedTimetable, find_routine, predict_timetable

MODEL_ENV = "HARNESS_MODEL"
DRAWS_ENV = "HARNESS_TIMETABLE_DRAWS"
DAYS_ENV = "HARNESS_TIMETABLE_DAYS"
IMAGE_ENV = "HARNESS_TIMETABLE_IMAGE"
DEFAULT_DRAWS = 100
DEFAULT_DAYS = 30
UNKNOWN = "unknown"


def build_parser(prog: str = "harness timetable") -> argparse.ArgumentParser:
    """Either --model (from the server) or --routine (computed here)."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Show a weekly timetable as a table and a strip of letters, and "
        "with --image as a picture: what a model on the server has learned "
        "(--model), or what a model will learn from a routine, predicted here by "
        "training on many seeded draws of it (--routine).",
    )
    # Either may come from its variable instead, which argparse cannot see.
    from_env = any(os.environ.get(name) for name in (MODEL_ENV, ROUTINE_ENV))
    source = parser.add_mutually_exclusive_group(required=not from_env)
    env_option(
        parser,
        "--model",
        MODEL_ENV,
        group=source,
        help="the ID of an ML model on the server",
        metavar="MODEL_ID",
    )
    env_option(
        parser,
        "--routine",
        ROUTINE_ENV,
        group=source,
        help="a routine's name or file, to predict its timetable offline",
        metavar="NAME|FILE",
    )
    add_sensitivity_option(parser)
    env_option(
        parser,
        "--draws",
        DRAWS_ENV,
        convert=positive,
        default=DEFAULT_DRAWS,
        help="with --routine: how many seeded histories to train on",
        metavar="N",
    )
    env_option(
        parser,
        "--days",
        DAYS_ENV,
        convert=positive,
        default=DEFAULT_DAYS,
        help="with --routine: days of history in each draw",
        metavar="N",
    )
    add_seed_option(parser, "0")
    env_option(
        parser,
        "--image",
        IMAGE_ENV,
        convert=image_path,
        help="also draw the timetable into this .svg or .png file",
        metavar="FILE",
    )
    add_server_options(parser)
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "harness timetable") -> int:
    """Run `harness timetable`; its exit code."""
    return run(lambda: build_parser(prog), _run, argv)


def _run(args: argparse.Namespace) -> int:
    if args.model and args.routine:
        raise UsageError(
            "give --model or --routine, not both (one may come from "
            f"{MODEL_ENV} or {ROUTINE_ENV})"
        )

    picture = learned(args) if args.model else predicted(args)

    print()
    for line in strip(picture):
        print(line)
    _draw(picture, args.image)
    return 0


def learned(args: argparse.Namespace) -> WeekPicture:
    """Print the timetable a model on the server has learned; its picture."""
    server = server_from(args)
    with server.user() as user:
        answer = user.models.timetable(args.model, args.sensitivity)

    timetable = timetable_from(answer)
    zone = answer.get("timezone") or "its time zone"
    print(f"model {args.model} in {zone}")
    print(timetable.render())
    return learned_picture(timetable, f"model {args.model}", zone)


def predicted(args: argparse.Namespace) -> WeekPicture:
    """Print the timetable predicted for a routine; its picture."""
    routine = find_routine(args.routine)
    if sys.stderr.isatty():
        print(f"training on {args.draws} draws of {args.days} days...", file=sys.stderr)
    prediction = predict_timetable(
        routine, args.sensitivity, draws=args.draws, seed=args.seed, days=args.days
    )
    print(prediction.render())
    return predicted_picture(prediction)


def timetable_from(answer: Mapping[str, Any]) -> Timetable:
    """A `Timetable` from the server's answer: rows of from, to and state."""
    try:
        weekdays = tuple(
            WeekdayTimetable(
                str(day["weekday"]).lower(),
                tuple(_row(row) for row in day["rows"]),
            )
            for day in answer["weekdays"]
        )
        timetable = Timetable(int(answer["sensitivity"]), weekdays)
    except (KeyError, TypeError, ValueError) as problem:
        raise CommandError(
            f"the server's timetable is not in the expected shape ({problem!r}): "
            "rows of from, to and state per weekday"
        ) from None

    if [day.weekday for day in timetable.weekdays] != list(WEEKDAYS):
        raise CommandError("the server's timetable does not list Monday to Sunday")
    return timetable


def _row(row: Mapping[str, Any]) -> TimetableRow:
    state: Value | None = row["state"]
    if state == UNKNOWN:
        state = None
    return TimetableRow(_minute(row["from"]), _minute(row["to"]), state)


def _minute(text: str) -> int:
    hours, minutes = str(text).split(":")
    return int(hours) * 60 + int(minutes)


def learned_picture(timetable: Timetable, title: str, zone: str) -> WeekPicture:
    """A learned timetable as a picture: a full bar per known state."""
    rows = tuple(
        WeekRow(
            day.weekday.capitalize(),
            tuple(
                Bar(row.start_minute, row.end_minute, _label(row.state))
                for row in day.rows
            ),
        )
        for day in timetable.weekdays
    )
    return WeekPicture(
        title=f"{title}: learned timetable",
        subtitle=f"{zone}, sensitivity {timetable.sensitivity}",
        rows=rows,
        states=_states(rows),
    )


def predicted_picture(prediction: PredictedTimetable) -> WeekPicture:
    """A predicted timetable as a picture: paler where fewer draws were sure."""
    rows = tuple(
        WeekRow(
            day.weekday.capitalize(),
            tuple(
                Bar(
                    row.start_minute,
                    row.end_minute,
                    _label(row.state),
                    row.determinate_share,
                    note=f"determinate in {row.determinate_share:.0%} of the draws",
                )
                for row in day.rows
            ),
        )
        for day in prediction.weekdays
    )
    return WeekPicture(
        title=f"{prediction.routine}: predicted timetable",
        subtitle=(
            f"{prediction.zone}, sensitivity {prediction.sensitivity}, "
            f"{prediction.draws} draws of {prediction.days} days"
        ),
        rows=rows,
        states=_states(rows),
        paler="paler: determinate in fewer of the draws",
    )


def _label(state: Value | None) -> str | None:
    if isinstance(state, bool):
        return "true" if state else "false"
    return state


def _states(rows: tuple[WeekRow, ...]) -> tuple[str, ...]:
    found = [bar.state for row in rows for bar in row.bars if bar.state is not None]
    return tuple(sorted(dict.fromkeys(found)))


def _draw(picture: WeekPicture, image: Path | None) -> None:
    if image is None:
        return
    write_image(picture, image)
    print(f"picture: {image}")
