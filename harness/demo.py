"""`harness demo`: a lock learns its week, and an anomaly rule judges new events.

On the embedded emulator the demo freezes the clock at a Tuesday's midnight, sends
30 days of the smart-lock sample's office hours, creates an anomaly rule at High
confidence that alerts an alarm, shows the learned timetable, and sends the sample's
events: the anomalies must alert, routine events and the uncertain minutes must not.
Against another server (`--api-url`) it sends the history and reads it back, since
it cannot move that server's clock.
"""

import argparse
import sys
import time
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from typing import Any

from harness.client import ClientError, EmulatorAdmin, UserClient
from harness.client.rulebodies import anomaly_condition, device_action
from harness.emulator.launcher import EmulatorProcess, LaunchError
from harness.routines import RoutineError, find_routine, history

SAMPLE_LOCK = "Sample Virtual Lock"
SAMPLE_ALARM = "Sample Alarm"
ROUTINE = "office-hours"
HIGH = 10
DEADLINE_S = 10.0
QUIET_S = 0.5
DEMO_TUESDAY = date(2026, 12, 1)


@dataclass(frozen=True)
class Probe:
    """An event the demo sends, and whether the rule should alert on it."""

    label: str
    day_offset: int
    at: clock_time
    value: str
    alerts: bool


# Relative to the Tuesday whose midnight the clock is frozen at.
PROBES = (
    Probe("an unlock at 03:00 on a Tuesday", 0, clock_time(3, 0), "unlocked", True),
    Probe("a lock at 08:00, as every morning", 0, clock_time(8, 0), "locked", False),
    Probe(
        "an unlock at 08:57, the usual window", 0, clock_time(8, 57), "unlocked", False
    ),
    Probe("an unlock at 14:00 on a weekday", 0, clock_time(14, 0), "unlocked", True),
    Probe(
        "a lock at 18:30, when it is usually open",
        0,
        clock_time(18, 30),
        "locked",
        True,
    ),
)


def _id_of_type(user: UserClient, name: str) -> str:
    found = user.device_types.id_of(name)
    if found is None:
        raise ClientError(f"the server has no device type named {name!r}")
    return found


def _tuesday_midnight(zone: str) -> datetime:
    # A fixed day, so that the seeded history, and so the demo, are the same on
    # every run: the emulator's clock is set to it.
    return datetime.combine(DEMO_TUESDAY, clock_time(0, 0), zoneinfo.ZoneInfo(zone))


def run(
    api_url: str,
    user_token: str,
    days: int,
    seed: int,
    zone: str,
    admin: EmulatorAdmin | None,
) -> int:
    """Send the routine to a new lock; with the emulator's clock, judge the probes."""
    midnight = _tuesday_midnight(zone) if admin is not None else None
    if admin is not None and midnight is not None:
        admin.set_clock(int(midnight.timestamp() * 1000))
        admin.freeze()
        print(f"emulator clock frozen at {midnight:%A %d %B %Y %H:%M %Z}")

    with UserClient(api_url, user_token) as user:
        lock = user.devices.create(
            _id_of_type(user, SAMPLE_LOCK),
            "demo front door",
            properties={"timezone": zone},
        )
        print(f"lock {lock['name']!r} ({lock['id']}) in {zone}")

        end = midnight or datetime.now(zoneinfo.ZoneInfo(zone))
        routine = find_routine(ROUTINE).in_zone(zone)
        events = history(routine, days, int(end.timestamp() * 1000), seed)
        with user.device_client(lock["id"]) as device:
            for index, (ts, value) in enumerate(events, start=1):
                device.send({"state": value}, ts)
                _progress(index, len(events))

        stored = list(user.messages.iter_all(lock["id"], 0, _ms(end) + 86_400_000))
        _show_last_week(stored, zone)
        if len(stored) != len(events):
            print(f"FAILED: sent {len(events)} messages, read back {len(stored)}")
            return 1
        print(f"{len(events)} messages sent, stored and read back")

        if midnight is None:
            return 0
        return _judge_probes(user, lock, midnight)


def _judge_probes(user: UserClient, lock: dict[str, Any], midnight: datetime) -> int:
    alarm = user.devices.create(_id_of_type(user, SAMPLE_ALARM), "demo phone")
    rule = user.rules.create(
        "front door anomaly",
        {
            "if": anomaly_condition(lock["id"], HIGH),
            "then": [
                device_action(
                    alarm["id"], "alert", message="{{value}} is unusual at this hour"
                )
            ],
        },
    )
    model_id = rule["modelId"]
    _wait_until_trained(user, model_id)

    table = user.models.timetable(model_id, HIGH)
    print("\nlearned at High confidence (the sample's table):")
    for weekday in table["weekdays"]:
        if weekday["weekday"] in ("tuesday", "saturday"):
            print(f"  {weekday['weekday'].capitalize()}")
            for row in weekday["rows"]:
                print(f"    {row['from']} - {row['to']}  {row['state']}")

    print("\nevents, and whether the alarm rang:")
    wrong = 0
    with user.device_client(lock["id"]) as device:
        for probe in PROBES:
            moment = datetime.combine(
                midnight.date() + timedelta(days=probe.day_offset),
                probe.at,
                midnight.tzinfo,
            )
            before = len(user.actions.list(alarm["id"]).items)
            device.send({"state": probe.value}, _ms(moment))
            rang = _alarm_rang(user, alarm["id"], before, probe.alerts)
            verdict = "ALERT" if rang else "quiet"
            mark = "ok" if rang == probe.alerts else "WRONG"
            wrong += rang != probe.alerts
            print(f"  {mark:5} {verdict:5}  {probe.label}")

    if wrong:
        print(f"FAILED: {wrong} events were judged against expectations")
        return 1
    print("ok: anomalies alerted; routine events and uncertain minutes stayed quiet")
    return 0


def _wait_until_trained(user: UserClient, model_id: str) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while user.models.get(model_id)["status"] != "ready":
        if time.monotonic() > deadline:
            raise TimeoutError(f"model {model_id} did not train in {DEADLINE_S:.0f} s")
        time.sleep(0.05)


def _alarm_rang(user: UserClient, alarm_id: str, before: int, expected: bool) -> bool:
    # An expected alert is waited for up to the deadline; silence, a short while.
    deadline = time.monotonic() + (DEADLINE_S if expected else QUIET_S)
    while time.monotonic() < deadline:
        if len(user.actions.list(alarm_id).items) > before:
            return True
        time.sleep(0.05)
    return False


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        end = "\n" if done == total else ""
        sys.stderr.write(f"\rsent {done}/{total} messages{end}")
    elif done == total or done % max(total // 4, 1) == 0:
        sys.stderr.write(f"sent {done}/{total} messages\n")


def _show_last_week(messages: Sequence[dict[str, Any]], zone: str) -> None:
    tz = zoneinfo.ZoneInfo(zone)
    by_day: dict[date, list[str]] = {}
    for message in messages:
        moment = datetime.fromtimestamp(message["ts"] / 1000, tz)
        state = message["data"]["state"]
        by_day.setdefault(moment.date(), []).append(f"{moment:%H:%M} {state}")
    print("the last week of the history:")
    for day, events in sorted(by_day.items())[-7:]:
        print(f"  {day:%a %d %b}  " + "  ".join(events))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="harness demo",
        description=(
            "Teach a lock the smart-lock sample's office hours on the embedded "
            "emulator and let an anomaly rule judge new events; or, given --api-url "
            "and --user-token, send the history to that server and read it back."
        ),
    )
    parser.add_argument("--days", type=int, default=30, help="days of history (30)")
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
                args.api_url, args.user_token, args.days, args.seed, args.timezone, None
            )
        with EmulatorProcess(db=":memory:") as info:
            print(f"emulator started at {info.api_url}")
            assert info.emulator_url is not None
            with EmulatorAdmin(info.base_url) as admin:
                return run(
                    info.api_url,
                    info.user_token,
                    args.days,
                    args.seed,
                    args.timezone,
                    admin,
                )
    except (ClientError, LaunchError, RoutineError, TimeoutError) as error:
        print(f"harness demo: {error}", file=sys.stderr)
        return 1
