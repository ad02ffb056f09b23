"""Training benchmark: the timetable model's training against merely sorting.

A fleet of locks each has 30 days of the office-hours routine (four events on each
workday, at random moments in their ranges; locked through the weekend), given in a
random order, as a history may come. The baseline sorts each lock's `(ts, value)`
pairs; the measured run trains each lock's model from the same pairs. Both run in
this process, one after the other in each round, with the garbage collector paused
as timeit does. They are timed in CPU time of this process, so that other work on
the machine disturbs the ratio less, and the best round of each counts. The figure
of merit is training's time over sorting's: training costs a small multiple of the
sort its input needs, whatever the window's length in minutes.

Run from the repository root: `.venv/bin/python bench/training.py --help`.
"""

import argparse
import gc
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from harness.model import Message, ModelParameters, train

ENV_PREFIX = "BENCH_TRAINING_"
TRAINED_ON = date(2025, 6, 16)  # a Monday

# (value, earliest, latest): each event at a uniform moment in [earliest, latest).
WORKDAY_EVENTS = (
    ("unlocked", clock(8, 50), clock(9, 5)),
    ("locked", clock(9, 10), clock(9, 15)),
    ("unlocked", clock(17, 50), clock(18, 5)),
    ("locked", clock(19, 10), clock(19, 15)),
)


def epoch_ms(day: date, moment: clock, zone: ZoneInfo) -> int:
    return int(datetime.combine(day, moment, tzinfo=zone).timestamp() * 1000)


def office_hours(rng: random.Random, days: int, zone: ZoneInfo) -> list[Message]:
    """One lock's history: the days before training plus a few before the window."""
    first = TRAINED_ON - timedelta(days=days + 3)
    history: list[Message] = [(epoch_ms(first, clock(0, 0), zone), "locked")]
    for number in range(days + 3):
        day = first + timedelta(days=number)
        if day.weekday() >= 5:
            continue
        for value, earliest, latest in WORKDAY_EVENTS:
            low, high = epoch_ms(day, earliest, zone), epoch_ms(day, latest, zone)
            history.append((rng.randrange(low, high), value))

    rng.shuffle(history)
    return history


def best_of(rounds: int, runs: Sequence[Callable[[], object]]) -> list[float]:
    """The best time of each run over the rounds, the runs alternating in a round."""
    best = [float("inf")] * len(runs)
    for _ in range(rounds):
        for index, run in enumerate(runs):
            gc.collect()
            gc.disable()
            try:
                started = time.process_time()
                run()
                best[index] = min(best[index], time.process_time() - started)
            finally:
                gc.enable()

    return best


def _env(name: str, default: str) -> str:
    return os.environ.get(ENV_PREFIX + name, default)


def build_parser() -> argparse.ArgumentParser:
    """The options, each defaulting to its BENCH_TRAINING_* environment variable."""
    parser = argparse.ArgumentParser(
        prog="bench/training.py",
        description=(
            "Measure training a fleet's timetable models against sorting their "
            f"histories. Each option also reads {ENV_PREFIX}<OPTION>, for example "
            f"{ENV_PREFIX}LOCKS=5000."
        ),
    )
    options: list[tuple[str, type, str, str]] = [
        ("locks", int, "1000", "locks in the fleet"),
        ("days", int, "30", "days of history in the training window"),
        ("rounds", int, "7", "rounds of both runs; the best of each counts"),
        ("seed", int, "1", "seed of the routine's random moments"),
        ("zone", str, "Europe/Berlin", "the locks' time zone"),
        ("target", float, "10", "train / sort ratio to stay under"),
    ]
    for name, kind, default, text in options:
        env = name.upper()
        parser.add_argument(
            f"--{name}",
            type=kind,
            default=kind(_env(env, default)),
            help=f"{text} (default {default}; {ENV_PREFIX}{env})",
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Build the fleet's histories, time both runs, print the ratio. Exit 0."""
    args = build_parser().parse_args(argv)
    if args.locks < 1 or args.days < 1 or args.rounds < 1:
        print("bench/training.py: --locks, --days and --rounds must be positive")
        return 2

    zone = ZoneInfo(args.zone)
    rng = random.Random(args.seed)
    fleet = [office_hours(rng, args.days, zone) for _ in range(args.locks)]
    at = epoch_ms(TRAINED_ON, clock(0, 0), zone)
    parameters = ModelParameters(window_days=args.days)
    everything = [message for history in fleet for message in history]
    messages = len(everything)

    sort_each, train_each, sort_all = best_of(
        args.rounds,
        [
            lambda: [sorted(history) for history in fleet],
            lambda: [train(history, at, args.zone, parameters) for history in fleet],
            lambda: sorted(everything),
        ],
    )

    ratio = train_each / sort_each
    verdict = "met" if ratio < args.target else "missed"
    per_message = 1e6 / messages
    print(
        f"bench/training.py: {args.locks} locks, {args.days} days of office hours "
        f"in {args.zone}, {messages} messages in random order, "
        f"best of {args.rounds} rounds"
    )
    print(
        f"  sort each lock's pairs   {sort_each * 1e3:9.1f} ms"
        f"  {sort_each * per_message:6.2f} us a message"
    )
    print(
        f"  train each lock          {train_each * 1e3:9.1f} ms"
        f"  {train_each * per_message:6.2f} us a message"
    )
    target = f"target < {args.target:g}: {verdict}"
    print(f"  train / sort             {ratio:9.1f}     {target}")
    print(
        f"  for scale: one sort of all {messages} pairs at once takes "
        f"{sort_all * 1e3:.1f} ms; train / that = {train_each / sort_all:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
