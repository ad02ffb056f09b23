"""`harness demo`: a lock's recent weeks of office hours, sent and read back."""

import argparse
import random
import sys
import zoneinfo
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta

from harness.client import ClientError, UserClient
from harness.emulator.launcher import EmulatorProcess, LaunchError

SAMPLE_LOCK = "Sample Virtual Lock"
# The smart-lock sample's weekday: each event at a random moment in its range.
OFFICE_HOURS = (
    ("unlocked", time(8, 50), 15),
    ("locked", time(9, 10), 5),
    ("unlocked", time(17, 50), 15),
    ("locked", time(19, 10), 5),
)


def office_hours(
    days: int, zone: str, seed: int, today: date
) -> Iterator[tuple[int, str]]:
    """`(ts, value)` of the sample's weekday routine over the last `days` days."""
    rng = random.Random(seed)
    tz = zoneinfo.ZoneInfo(zone)
    for offset in range(days, 0, -1):
        day = today - timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for value, start, span_minutes in OFFICE_HOURS:
            moment = datetime.combine(day, start, tz) + timedelta(
                minutes=rng.uniform(0, span_minutes)
            )
            yield int(moment.timestamp() * 1000), value


def run(api_url: str, user_token: str, days: int, seed: int, zone: str) -> int:
    """Send the routine to a new lock and show what the server stored."""
    with UserClient(api_url, user_token) as user:
        dtid = next(
            dt["id"]
            for dt in user.device_types.find(SAMPLE_LOCK).items
            if dt["name"] == SAMPLE_LOCK
        )
        lock = user.devices.create(
            dtid, "demo front door", properties={"timezone": zone}
        )
        print(f"lock {lock['name']!r} ({lock['id']}) in {zone}")

        events = list(office_hours(days, zone, seed, date.today()))
        with user.device_client(lock["id"]) as device:
            for index, (ts, value) in enumerate(events, start=1):
                device.send({"state": value}, ts)
                _progress(index, len(events))

        tomorrow = int((datetime.now().timestamp() + 86_400) * 1000)
        stored = list(user.messages.iter_all(lock["id"], 0, tomorrow))
        _show_week(stored, zone)
        snapshot = user.messages.snapshots(lock["id"])[0]["data"]
        print(f"now: {snapshot['state']['value']}")

    if len(stored) != len(events):
        print(f"FAILED: sent {len(events)} messages, read back {len(stored)}")
        return 1
    print(f"ok: {len(events)} messages sent, stored and read back")
    return 0


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        end = "\n" if done == total else ""
        sys.stderr.write(f"\rsent {done}/{total} messages{end}")
    elif done == total or done % max(total // 4, 1) == 0:
        sys.stderr.write(f"sent {done}/{total} messages\n")


def _show_week(messages: Sequence[dict[str, object]], zone: str) -> None:
    tz = zoneinfo.ZoneInfo(zone)
    by_day: dict[date, list[str]] = {}
    for message in messages:
        ts = message["ts"]
        assert isinstance(ts, int)
        moment = datetime.fromtimestamp(ts / 1000, tz)
        state = message["data"]["state"]  # type: ignore[index]
        by_day.setdefault(moment.date(), []).append(f"{moment:%H:%M} {state}")
    for day, events in sorted(by_day.items()):
        print(f"  {day:%a %d %b}  " + "  ".join(events))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="harness demo",
        description=(
            "Send a lock's office hours (the smart-lock sample's routine) to the "
            "emulator, or to the cloud given --api-url and --user-token, and read "
            "them back."
        ),
    )
    parser.add_argument("--days", type=int, default=14, help="days of history (14)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument("--timezone", default="Europe/Berlin")
    parser.add_argument("--api-url", default=None, help="a server's /v1.1 URL")
    parser.add_argument("--user-token", default=None)
    args = parser.parse_args(argv)
    if not 1 <= args.days <= 365:
        parser.error(f"--days {args.days} is out of range; use 1 to 365")

    try:
        if args.api_url:
            if not args.user_token:
                parser.error("--api-url needs --user-token")
            return run(
                args.api_url, args.user_token, args.days, args.seed, args.timezone
            )
        with EmulatorProcess(db=":memory:") as info:
            print(f"emulator started at {info.api_url}")
            return run(
                info.api_url, info.user_token, args.days, args.seed, args.timezone
            )
    except (ClientError, LaunchError) as error:
        print(f"harness demo: {error}", file=sys.stderr)
        return 1
