"""Ingest benchmark with rules: an anomaly rule on every lock against no rules at all.

One emulator, started as it starts by default on a real SQLite file, serves a fleet
of locks. Its clock is set to a Tuesday noon in the office-hours routine's time zone
and frozen, and every lock is given the 30 days of that routine before it, so that
the rules' models learn the same history in every run. Each round then loads the
emulator twice with wrk, every lock in turn posting what its routine holds at that
moment, each with its own device token: first without rules, then with an anomaly
rule on every lock, created and trained for the phase and deleted after it. The
rate with rules over the rate without is the figure of merit. Afterwards the
emulator's counters must show every acknowledged message stored.

Run from the repository root: `.venv/bin/python bench/ingest_rules.py --help`; the
README beside this file says how to read the results.
"""

import argparse
import json
import logging
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from errors import BenchError
from fleet import (
    Lock,
    arm,
    backfill,
    disarm,
    expected_verdicts,
    provision,
    wait_until_trained,
)
from ingest import (
    BENCH_USER_TOKEN,
    add_load_options,
    call,
    env_default,
    server_cpu,
    settings_from,
    stored_count,
    wrk_for,
)
from ingest_report import RunReport, Settings, StoredCheck
from ingest_rules_report import (
    WITH_RULES,
    WITHOUT_RULES,
    Fleet,
    Phase,
    report_lines,
    rules_json,
)
from machine import CpuMeter, pin_process
from running import RUN_ERRORS, configure_logging
from wrk import Post, Wrk, require_wrk, write_script

from harness.emulator.launcher import EmulatorInfo, EmulatorProcess
from harness.routines import Routine, find_routine, value_before

logger = logging.getLogger(__name__)

ENV_PREFIX = "BENCH_INGEST_RULES_"
ROUTINE = "office-hours"
# A Tuesday at noon: the office door is locked between the morning and the evening.
FROZEN_DAY = date(2025, 6, 3)
FROZEN_TIME = time(12, 0)


@dataclass(frozen=True)
class Setup:
    """The fleet a run builds before loading the emulator."""

    locks: int
    days: int
    seed: int
    training_deadline_s: float


@dataclass(frozen=True)
class Stage:
    """The emulator under load, its fleet, and what wrk sends it."""

    info: EmulatorInfo
    emulator_url: str
    locks: list[Lock]
    routine: Routine
    now_ms: int
    # Per lock, the value its routine holds at the frozen now: what it posts.
    values: dict[str, Any]
    backfilled: int
    script: Path
    wrk: Wrk


# The runs.


def bench(settings: Settings, setup: Setup, workdir: Path) -> tuple[Fleet, list[Phase]]:
    """Build the fleet on one emulator, then run every round's two phases."""
    routine = find_routine(ROUTINE)
    now = datetime.combine(FROZEN_DAY, FROZEN_TIME, tzinfo=ZoneInfo(routine.zone))
    now_ms = int(now.timestamp() * 1000)
    db = workdir / "rules.db"

    with EmulatorProcess(db=str(db), user_token=BENCH_USER_TOKEN) as info:
        pin_process(info.pid, server_cpu(settings))
        stage = build_stage(settings, setup, workdir, info, routine, now_ms)
        phases = []
        for number in range(1, settings.rounds + 1):
            phases.append(measure(WITHOUT_RULES, number, settings, stage))
            phases.append(measure_with_rules(number, settings, setup, stage))

    fleet = Fleet(
        locks=len(stage.locks),
        owners=len({lock.owner.uid for lock in stage.locks}),
        routine=routine.name,
        days=setup.days,
        backfilled=stage.backfilled,
        now=f"{now:%A %Y-%m-%d %H:%M} {routine.zone}",
        values=tuple(dict.fromkeys(str(value) for value in stage.values.values())),
    )
    return fleet, phases


def build_stage(
    settings: Settings,
    setup: Setup,
    workdir: Path,
    info: EmulatorInfo,
    routine: Routine,
    now_ms: int,
) -> Stage:
    """Freeze the clock at `now_ms`, build and backfill the fleet, and write the
    script with which every lock posts its value at that moment in turn."""
    if info.emulator_url is None:
        raise BenchError("the emulator's /emulator routes are off")
    call("POST", f"{info.emulator_url}/clock", body={"now": now_ms, "frozen": True})

    locks = provision(
        info.api_url, info.emulator_url, setup.locks, routine.zone, setup.seed
    )
    backfilled = backfill(info.api_url, locks, routine, setup.days, now_ms)
    values = {lock.did: value_before(routine, now_ms, lock.seed) for lock in locks}
    posts = [
        Post(message_body(lock.did, routine.field, values[lock.did]), lock.token)
        for lock in locks
    ]
    return Stage(
        info=info,
        emulator_url=info.emulator_url,
        locks=locks,
        routine=routine,
        now_ms=now_ms,
        values=values,
        backfilled=backfilled,
        script=write_script(workdir, posts),
        wrk=wrk_for(settings),
    )


def message_body(did: str, field: str, value: Any) -> str:
    """A lock's message as wrk posts it; the emulator stamps it with its frozen now."""
    return json.dumps({"sdid": did, "data": {field: value}})


def measure_with_rules(
    number: int, settings: Settings, setup: Setup, stage: Stage
) -> Phase:
    """The load with a freshly trained anomaly rule on every lock; the rules are
    deleted afterwards, so that the next phase without rules has none at all."""
    api_url = stage.info.api_url
    rules = arm(api_url, stage.locks, stage.routine.field)
    wait_until_trained(api_url, rules, setup.training_deadline_s)
    expected = expected_verdicts(api_url, rules, stage.now_ms, stage.values)
    logger.info("%d rules trained; %d judge the load expected", len(rules), expected)

    phase = measure(WITH_RULES, number, settings, stage, expected)
    disarm(api_url, rules)
    return phase


def measure(
    name: str,
    number: int,
    settings: Settings,
    stage: Stage,
    expected: int | None = None,
) -> Phase:
    """One phase: a warm-up, then the measured load, its CPU and the counters."""
    logger.info("%s #%d: POST /v1.1/messages", name, number)
    url = f"{stage.info.api_url}/messages"
    wrk = stage.wrk
    if settings.warmup_s > 0:
        wrk.run(url, stage.script, settings.warmup_s)

    before = counters(stage.emulator_url)
    meter = CpuMeter(stage.info.pid, server_cpu(settings))
    load = wrk.run(url, stage.script, settings.duration_s)
    cpu = meter.stop()
    after = counters(stage.emulator_url)

    stored = StoredCheck(load.ok, after["stored"] - before["stored"], wrk.connections)
    run = RunReport(name, load, cpu, stored)
    return Phase(run, number, after["rulesFired"] - before["rulesFired"], expected)


def counters(emulator_url: str) -> dict[str, int]:
    """The emulator's counters, once its stored count stops changing."""
    stored_count(emulator_url)
    found: dict[str, int] = call("GET", f"{emulator_url}/counters")["data"]
    return found


# The command line.


def build_parser() -> argparse.ArgumentParser:
    """The options, each defaulting to its BENCH_INGEST_RULES_* environment variable."""
    parser = argparse.ArgumentParser(
        prog="bench/ingest_rules.py",
        description=(
            "Measure the emulator's POST /v1.1/messages rate with an anomaly rule on "
            "every lock against the rate without rules, on one emulator, with wrk. "
            f"Each option also reads {ENV_PREFIX}<OPTION>, for example "
            f"{ENV_PREFIX}LOCKS=50."
        ),
    )
    add_load_options(parser, ENV_PREFIX, "0.9", "with / without rules rate to reach")
    fleet_numbers: list[tuple[str, type, str, str]] = [
        ("locks", int, "20", "locks, each posting with its own token"),
        ("days", int, "30", f"days of {ROUTINE} each lock is given"),
        ("seed", int, "1", "seed of the locks' routines"),
        ("training-deadline", float, "60", "seconds the rules' models may train"),
    ]
    for name, kind, default, text in fleet_numbers:
        env = name.upper().replace("-", "_")
        parser.add_argument(
            f"--{name}",
            type=kind,
            default=kind(env_default(ENV_PREFIX, env, default)),
            help=f"{text} (default {default}; {ENV_PREFIX}{env})",
        )
    return parser


def setup_from(args: argparse.Namespace) -> Setup:
    """The fleet's settings, checked."""
    if args.locks < 1 or args.days < 1 or args.training_deadline <= 0:
        raise BenchError("--locks, --days and --training-deadline must be positive")
    return Setup(
        locks=args.locks,
        days=args.days,
        seed=args.seed,
        training_deadline_s=args.training_deadline,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Build the fleet, run both phases every round and print the results.

    Exit 0 whether or not the target is met, 1 if an acknowledged message was not
    stored, 2 if the benchmark could not run.
    """
    args = build_parser().parse_args(argv)
    configure_logging(args.verbose)

    try:
        require_wrk()
        settings = settings_from(args)
        setup = setup_from(args)
        with tempfile.TemporaryDirectory(
            prefix="bench-ingest-rules-", dir=args.workdir
        ) as workdir:
            fleet, phases = bench(settings, setup, Path(workdir))
    except RUN_ERRORS as error:
        print(f"bench/ingest_rules.py: {error}", file=sys.stderr)
        return 2

    print("\n".join(report_lines(settings, fleet, phases)))
    if args.json:
        Path(args.json).write_text(
            json.dumps(rules_json(settings, fleet, phases), indent=2)
        )
    lost = any(
        phase.run.stored is not None and not phase.run.stored.holds for phase in phases
    )
    return 1 if lost else 0


if __name__ == "__main__":
    raise SystemExit(main())
