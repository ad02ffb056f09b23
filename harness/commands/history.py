"""`harness history`: backfill days of a routine into a lock, or into a fleet."""

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import requests

from harness.client import DeviceClient
from harness.commands.concurrency import PerThread, each_concurrently
from harness.commands.connect import Server, device_token, device_zone, server_from
from harness.commands.edge import CommandError, UsageError, run
from harness.commands.moments import glue_moments, moment
from harness.commands.options import (
    DEVICE_ENV,
    FLEET_ENV,
    FLEET_FILE_ENV,
    ROUTINE_ENV,
    add_concurrency_option,
    add_device_options,
    add_seed_option,
    add_server_options,
    add_timezone_option,
    env_option,
    positive,
)
from harness.commands.progress import Progress
from harness.commands.provisioned import ProvisionedFleet, read_fleet_file
from harness.model import Value
from harness.routines import Routine, Seed, find_fleet, find_routine, history

DAYS_ENV = "HARNESS_HISTORY_DAYS"
END_ENV = "HARNESS_HISTORY_END"
DEFAULT_DAYS = 30


@dataclass(frozen=True)
class Post:
    """One message to post: which device, with which token, what, and when."""

    did: str
    token: str
    field: str
    value: Value
    ts: int


def build_parser(prog: str = "harness history") -> argparse.ArgumentParser:
    """One lock (--device, --routine) or a provisioned fleet (--fleet-file)."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Backfill the last --days days of a routine into a lock through "
        "the API: the value holding at the start, then the routine's seeded events, "
        "sent concurrently. With --fleet and --fleet-file, into every lock of a "
        "provisioned fleet, each with its own routine, time zone and seed.",
    )
    add_device_options(parser)
    env_option(
        parser,
        "--routine",
        ROUTINE_ENV,
        help="the routine's name, such as office-hours, or its file (one lock)",
        metavar="NAME|FILE",
    )
    env_option(
        parser,
        "--days",
        DAYS_ENV,
        convert=positive,
        default=DEFAULT_DAYS,
        help="how many days of history, each 24 hours",
        metavar="N",
    )
    add_seed_option(parser, "0")
    env_option(
        parser,
        "--end",
        END_ENV,
        convert=moment,
        default=moment("now"),
        shown="now",
        help="when the history ends: an ISO date and time, now, -2h, or a weekday "
        "and time such as 'monday 00:00' (in each lock's time zone)",
        metavar="WHEN",
    )
    add_timezone_option(
        parser,
        "one lock: the zone the routine is moved to; default the device's own, "
        "else the routine's",
    )
    add_concurrency_option(parser)
    env_option(
        parser,
        "--fleet",
        FLEET_ENV,
        help="a fleet's name or YAML file, whose routines the fleet file names",
        metavar="NAME|FILE",
    )
    env_option(
        parser,
        "--fleet-file",
        FLEET_FILE_ENV,
        convert=Path,
        help="the JSON file 'harness provision' wrote for the fleet",
        metavar="FILE",
    )
    add_server_options(parser)
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "harness history") -> int:
    """Run `harness history`; its exit code."""
    return run(lambda: build_parser(prog), _run, glue_moments(argv, ["--end"]))


def _run(args: argparse.Namespace) -> int:
    if args.fleet_file is not None:
        if args.device or args.routine:
            raise UsageError(
                "give --device and --routine for one lock, or --fleet and "
                "--fleet-file for a fleet, not both"
            )
        return _fleet(args)

    if not args.device or not args.routine:
        raise UsageError(
            f"give --device (or set {DEVICE_ENV}) and --routine (or set "
            f"{ROUTINE_ENV}), or --fleet and --fleet-file for a fleet"
        )
    return _one_lock(args)


def _one_lock(args: argparse.Namespace) -> int:
    server = server_from(args)
    token = device_token(server, args.device, args.device_token)
    routine = find_routine(args.routine)
    zone = args.timezone or _zone_of(server, args.device, token, routine)
    routine = routine.in_zone(zone.key)
    end_ms = args.end.epoch_ms(zone)

    posts = posts_of(routine, args.days, end_ms, args.seed, args.device, token)
    _send(server, posts, args.concurrency, "messages sent")

    print(
        f"sent {len(posts)} messages of {routine.name} (seed {args.seed}) to "
        f"{args.device} in {zone.key}: {args.days} days up to "
        f"{_iso(end_ms, zone)} (--end {end_ms})"
    )
    return 0


def _fleet(args: argparse.Namespace) -> int:
    if not args.fleet:
        raise UsageError(
            f"--fleet-file needs --fleet (or {FLEET_ENV}): the fleet whose routines "
            "it names"
        )

    provisioned = read_fleet_file(args.fleet_file)
    routines = _routines_by_name(args.fleet, provisioned)
    server = server_from(args, fallback_url=provisioned.api_url)
    posts: list[Post] = []
    for lock in provisioned.locks:
        zone = ZoneInfo(lock.timezone)
        routine = routines[lock.routine].in_zone(lock.timezone)
        end_ms = args.end.epoch_ms(zone)
        posts += posts_of(routine, args.days, end_ms, lock.seed, lock.did, lock.token)

    _send(server, posts, args.concurrency, "messages sent")
    print(
        f"sent {len(posts)} messages to the {len(provisioned.locks)} locks of fleet "
        f"{provisioned.fleet}: {args.days} days up to {args.end.text!r} in each "
        "lock's time zone"
    )
    return 0


def _routines_by_name(
    fleet_name: str, provisioned: ProvisionedFleet
) -> dict[str, Routine]:
    fleet = find_fleet(fleet_name)
    routines = {routine.name: routine for routine, _ in fleet.routines}
    missing = sorted({lock.routine for lock in provisioned.locks} - set(routines))
    if missing:
        raise CommandError(
            f"the fleet file names routines that fleet {fleet.name!r} does not have: "
            f"{', '.join(missing)}; give the fleet it was provisioned from"
        )
    return routines


def posts_of(
    routine: Routine, days: int, end_ms: int, seed: Seed, did: str, token: str
) -> list[Post]:
    """The messages of a routine's history for one lock, as `history` draws it."""
    return [
        Post(did, token, routine.field, value, ts)
        for ts, value in history(routine, days, end_ms, seed)
    ]


def _send(server: Server, posts: list[Post], concurrency: int, what: str) -> None:
    sessions = PerThread(requests.Session)

    def send(post: Post) -> str:
        with DeviceClient(
            server.api_url, post.did, post.token, session=sessions.get()
        ) as device:
            return device.send({post.field: post.value}, post.ts)

    try:
        with Progress(len(posts), what) as progress:
            each_concurrently(posts, send, concurrency, progress)
    finally:
        sessions.close()


def _zone_of(server: Server, did: str, token: str, routine: Routine) -> ZoneInfo:
    found = device_zone(server, did, token)
    return ZoneInfo(found or routine.zone)


def _iso(ts: int, zone: ZoneInfo) -> str:
    return datetime.fromtimestamp(ts / 1000, zone).isoformat(timespec="seconds")
