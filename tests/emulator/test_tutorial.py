"""The smart-lock tutorial, end to end over HTTP and WebSocket.

A lock of the sample's device type in Berlin keeps office hours for a month, posting
each change with its device token. Its owner makes an anomaly rule at High confidence
whose action rings an alarm. Then the lock lives on, message by message, on the
emulator's clock: what breaks its week reaches the alarm's WebSocket within a second;
its routine, and whatever happens while the model cannot tell, never does.
"""

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from harness.emulator.launcher import EmulatorInfo
from tests.conftest import SAMPLE_ALARM, SAMPLE_LOCK, Api, Lock, make_device
from tests.emulator.rule_steps import (
    A_TUESDAY_MIDNIGHT,
    BERLIN,
    HIGH,
    OFFICE_HOURS_SEED,
    OFFICE_HOURS_TIMETABLE,
    alert,
    anomalous,
    assert_quiet,
    create_rule,
    device_channel,
    executions,
    freeze_clock,
    month_of_office_hours,
    new_user,
    next_frame,
    own_emulator,
    post_history,
    rows,
    rule,
    rules_fired,
    timetable,
    uid_of,
    wait_for_executions,
    wait_until_trained,
)

ALARM_DEADLINE_S = 1.0
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
# The week after the month of learning, from Tuesday 1 December 2026.
DAYS = {"Tue": 0, "Wed": 1, "Sat": 4}


def at(day: str, hh_mm: str) -> int:
    """Epoch ms of a local time in Berlin in the week after the month of learning."""
    midnight = datetime.fromtimestamp(A_TUESDAY_MIDNIGHT / 1000, ZoneInfo(BERLIN))
    hours, minutes = map(int, hh_mm.split(":"))
    moment = midnight + timedelta(days=DAYS[day], hours=hours, minutes=minutes)
    return int(moment.timestamp() * 1000)


@dataclass(frozen=True)
class Tutorial:
    """Where the tutorial stands once the rule's model is trained."""

    emulator: EmulatorInfo
    owner: Api
    admin: Api
    lock: Lock
    alarm: Lock
    rule: dict[str, Any]


@pytest.fixture(scope="module")
def cloud() -> Iterator[EmulatorInfo]:
    with own_emulator() as emulator:
        yield emulator


@pytest.fixture
def tutorial(cloud: EmulatorInfo) -> Iterator[Tutorial]:
    """The tutorial's steps, up to a rule whose model learnt the month."""
    admin = freeze_clock(cloud, A_TUESDAY_MIDNIGHT)
    owner = new_user(cloud)
    lock = make_device(owner, SAMPLE_LOCK, "front door", BERLIN)
    alarm = make_device(owner, SAMPLE_ALARM, "phone")
    month = month_of_office_hours(random.Random(OFFICE_HOURS_SEED), A_TUESDAY_MIDNIGHT)
    with Api(cloud.api_url, lock.token) as lock_api:
        post_history(lock_api, lock.id, month)

    anomaly_alarm = rule(
        "front door breaks its week",
        anomalous(lock.id, HIGH),
        [
            alert(
                alarm.id,
                message="{{value}} is unusual now; expected {{expected}}",
                sdid="{{sdid}}",
                mid="{{mid}}",
                value="{{value}}",
                ts="{{ts}}",
            )
        ],
    )
    created = create_rule(owner, anomaly_alarm, userId=uid_of(owner))
    wait_until_trained(owner, created["modelId"])
    with owner, admin:
        yield Tutorial(cloud, owner, admin, lock, alarm, created)


def live(tutorial: Tutorial, ts: int, state: str) -> str:
    """The lock changes state at `ts`, now on the emulator's clock; answer the mid."""
    tutorial.admin.post("/clock", json={"now": ts}).raise_for_status()
    with Api(tutorial.emulator.api_url, tutorial.lock.token) as lock_api:
        answer = lock_api.post(
            "/messages", json={"sdid": tutorial.lock.id, "data": {"state": state}}
        )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["data"]["mid"])


def test_the_model_learns_the_timetable_of_the_contract(tutorial: Tutorial) -> None:
    table = timetable(tutorial.owner, tutorial.rule["modelId"], "High")
    trained_rule = tutorial.owner.get(f"/rules/{tutorial.rule['id']}").json()["data"]

    assert tutorial.rule["warning"]["code"] == 6316
    assert trained_rule["warning"] is None
    assert table["timezone"] == BERLIN
    for weekday in WEEKDAYS:
        assert rows(table, weekday) == OFFICE_HOURS_TIMETABLE, weekday
    for weekend_day in ("saturday", "sunday"):
        assert rows(table, weekend_day) == [("00:00", "24:00", "locked")]


@pytest.mark.parametrize(
    "day, hh_mm, state, expected",
    [
        ("Tue", "03:00", "unlocked", "locked"),
        ("Wed", "14:00", "unlocked", "locked"),
        ("Sat", "15:30", "unlocked", "locked"),
        ("Tue", "18:30", "locked", "unlocked"),
    ],
    ids=[
        "unlocked-tuesday-3am",
        "unlocked-wednesday-2pm",
        "unlocked-saturday-afternoon",
        "locked-tuesday-6-30pm",
    ],
)
def test_what_breaks_the_week_rings_the_alarm_within_a_second(
    tutorial: Tutorial, day: str, hh_mm: str, state: str, expected: str
) -> None:
    with device_channel(tutorial.emulator, tutorial.alarm) as ws:
        start = time.monotonic()
        mid = live(tutorial, at(day, hh_mm), state)
        pushed = next_frame(ws, deadline_s=ALARM_DEADLINE_S)
        took = time.monotonic() - start
    recorded = wait_for_executions(tutorial.owner, tutorial.rule["id"], 1)

    assert took < ALARM_DEADLINE_S
    assert pushed["type"] == "action"
    assert pushed["ddid"] == tutorial.alarm.id
    assert pushed["data"]["actions"] == [
        {
            "name": "alert",
            "parameters": {
                "message": f"{state} is unusual now; expected {expected}",
                "sdid": tutorial.lock.id,
                "mid": mid,
                "value": state,
                "ts": at(day, hh_mm),
            },
        }
    ]
    assert recorded["count"] == 1
    execution = recorded["executions"][0]
    assert (execution["mid"], execution["verdict"]) == (mid, True)
    assert execution["expected"] == expected


@pytest.mark.parametrize(
    "day, hh_mm, state",
    [
        ("Tue", "08:57", "unlocked"),
        ("Tue", "09:12", "locked"),
        ("Tue", "17:57", "unlocked"),
        ("Tue", "19:12", "locked"),
        ("Tue", "09:07", "unlocked"),
        ("Tue", "03:00", "locked"),
        ("Sat", "15:30", "locked"),
        ("Tue", "08:52", "locked"),
        ("Tue", "18:02", "locked"),
    ],
    ids=[
        "routine-morning-unlock",
        "routine-morning-lock",
        "routine-evening-unlock",
        "routine-evening-lock",
        "unlocked-at-work-time",
        "locked-at-night",
        "locked-on-saturday",
        "locked-in-the-unknown-morning",
        "locked-in-the-unknown-evening",
    ],
)
def test_the_routine_and_the_unknown_windows_never_ring_the_alarm(
    tutorial: Tutorial, day: str, hh_mm: str, state: str
) -> None:
    fired = rules_fired(tutorial.admin)

    with device_channel(tutorial.emulator, tutorial.alarm) as ws:
        live(tutorial, at(day, hh_mm), state)
        assert_quiet(ws)

    assert rules_fired(tutorial.admin) == fired
    assert executions(tutorial.owner, tutorial.rule["id"])["count"] == 0


def test_a_day_of_routine_then_a_night_intruder(tutorial: Tutorial) -> None:
    routine = [("08:58", "unlocked"), ("09:11", "locked"), ("17:58", "unlocked")]
    routine += [("19:11", "locked")]

    with device_channel(tutorial.emulator, tutorial.alarm) as ws:
        for hh_mm, state in routine:
            live(tutorial, at("Tue", hh_mm), state)
        assert_quiet(ws)
        intruder = live(tutorial, at("Tue", "23:40"), "unlocked")
        pushed = next_frame(ws, deadline_s=ALARM_DEADLINE_S)

    recorded = wait_for_executions(tutorial.owner, tutorial.rule["id"], 1)
    assert pushed["data"]["actions"][0]["parameters"]["mid"] == intruder
    assert [e["mid"] for e in recorded["executions"]] == [intruder]
