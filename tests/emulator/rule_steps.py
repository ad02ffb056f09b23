"""Steps the tests of rules and ML models share: rules, users, routines, channels."""

import contextlib
import json
import random
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from websockets.sync.client import ClientConnection, connect

from harness.emulator.launcher import EmulatorInfo, EmulatorProcess
from tests.conftest import SAMPLE_LOCK, Api, Lock, make_device
from tests.contract import WORKDAY_TIMETABLE

Found = TypeVar("Found")

MINUTE_MS = 60_000
HOUR_MS = 60 * MINUTE_MS
DAY_MS = 24 * HOUR_MS
DEADLINE_S = 5.0
QUIET_S = 0.3
HIGH = 10
BERLIN = "Europe/Berlin"
THERMOMETER = "Rules Thermometer"

# The office-hours routine of a lock on weekdays: from a local time, a random spread
# in minutes after it, and the state the lock takes. It stays locked at weekends.
OFFICE_HOURS = (
    (clock_time(8, 50), 15, "unlocked"),
    (clock_time(9, 10), 5, "locked"),
    (clock_time(17, 50), 15, "unlocked"),
    (clock_time(19, 10), 5, "locked"),
)

OFFICE_HOURS_TIMETABLE = WORKDAY_TIMETABLE
# A seed whose draws of the routine teach exactly that timetable over the month
# before A_TUESDAY_MIDNIGHT (as 37 of the seeds 0 to 39 do; the others leave an
# edge slot known at High).
OFFICE_HOURS_SEED = 3
A_TUESDAY_MIDNIGHT = 1_796_079_600_000  # 2026-12-01 00:00 in Berlin

_users = iter(range(1, 1_000_000))


def wait_for(
    probe: Callable[[], Found | None], what: str, deadline_s: float = DEADLINE_S
) -> Found:
    """The first result of `probe` that is not None, polled until a deadline."""
    end = time.monotonic() + deadline_s
    while True:
        result = probe()
        if result is not None:
            return result
        if time.monotonic() > end:
            raise AssertionError(f"{what}: not within {deadline_s} s")
        time.sleep(0.02)


@contextlib.contextmanager
def own_emulator(*extra_args: str) -> Iterator[EmulatorInfo]:
    """An emulator of the caller's own, in memory, whose clock it may move."""
    process = EmulatorProcess(db=":memory:", extra_args=extra_args)
    try:
        yield process.start()
    finally:
        process.close()


def freeze_clock(emulator: EmulatorInfo, now: int) -> Api:
    """Freeze the emulator's clock at `now`; answer its emulator-only routes."""
    admin = Api(emulator.emulator_url or "", None)
    admin.post("/clock", json={"now": now, "frozen": True}).raise_for_status()
    return admin


def new_user(emulator: EmulatorInfo) -> Api:
    """A session for a new user of the emulator, who owns nothing yet."""
    with Api(emulator.emulator_url or "", None) as admin:
        created = admin.post("/users", json={"name": f"rules-user-{next(_users)}"})
    created.raise_for_status()
    return Api(emulator.api_url, created.json()["data"]["accessToken"])


def uid_of(api: Api) -> str:
    """The ID of the user whose token a session carries."""
    return str(api.get("/users/self").json()["data"]["id"])


def at_once(
    emulator: EmulatorInfo, api: Api, count: int, request: Callable[[Api], Found]
) -> list[Found]:
    """`count` requests sent together, each on a session of its own as api's user."""

    def one(_: int) -> Found:
        with Api(emulator.api_url, None) as session:
            session.headers["Authorization"] = api.headers["Authorization"]
            return request(session)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def rules_fired(admin: Api) -> int:
    """How often any rule fired: counted before a message's answer is sent."""
    return int(admin.get("/counters").json()["data"]["rulesFired"])


def lock_of(api: Api, name: str = "front door") -> Lock:
    """A new sample lock in Berlin's time zone."""
    return make_device(api, SAMPLE_LOCK, name, BERLIN)


def thermometer(api: Api, admin: Api, name: str = "thermometer") -> Lock:
    """A device with one Double field, `temperature`, of a type made on first use."""
    found = api.get("/devicetypes", params={"name": THERMOMETER}).json()
    if not found["data"]["deviceTypes"]:
        admin.post(
            "/devicetypes",
            json={
                "name": THERMOMETER,
                "manifest": {
                    "fields": [{"name": "temperature", "valueClass": "Double"}],
                    "actions": [],
                },
            },
        ).raise_for_status()
    return make_device(api, THERMOMETER, name)


def when(
    sdid: str, field: str, operator: str, value: Any, **extra: Any
) -> dict[str, Any]:
    """A condition: a device's field compared with a value."""
    return {
        "sdid": sdid,
        "field": field,
        "operator": operator,
        "operand": {"value": value},
        **extra,
    }


def anomalous(sdid: str, sensitivity: int = HIGH, verdict: bool = True) -> Any:
    """A condition on a lock's state being anomalous (or expected) at a sensitivity."""
    transformer = {
        "type": "anomalyDetection",
        "parameters": {"anomalyDetectionSensitivity": sensitivity},
    }
    return when(sdid, "state", "=", verdict, transformer=transformer)


def mail(to: str, subject: str = "rule fired", body: str = "") -> dict[str, Any]:
    return {
        "action": "sendEmail",
        "parameters": {"to": to, "subject": subject, "body": body},
    }


def alert(ddid: str, **parameters: Any) -> dict[str, Any]:
    """The alarm's `alert` action."""
    return {"ddid": ddid, "action": "alert", "parameters": parameters}


def rule(
    name: str, condition: Any, then: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    return {"name": name, "rule": {"if": condition, "then": then}, **extra}


def create_rule(api: Api, body: dict[str, Any], **params: str) -> dict[str, Any]:
    """Create a rule and answer it; fail with the emulator's message if refused."""
    answer = api.post("/rules", params=params, json=body)
    assert answer.status_code == 200, answer.text
    return dict(answer.json()["data"])


def executions(api: Api, rule_id: str) -> dict[str, Any]:
    answer = api.get(f"/rules/{rule_id}/executions")
    answer.raise_for_status()
    return dict(answer.json()["data"])


def wait_for_executions(
    api: Api, rule_id: str, count: int, deadline_s: float = DEADLINE_S
) -> dict[str, Any]:
    """The rule's executions once `count` firings are recorded."""

    def recorded() -> dict[str, Any] | None:
        found = executions(api, rule_id)
        return found if found["count"] >= count else None

    return wait_for(recorded, f"rule {rule_id} fired {count} time(s)", deadline_s)


def send(api: Api, sdid: str, ts: int | None = None, **data: Any) -> str:
    """Post one message of a device; answer its mid."""
    message: dict[str, Any] = {"sdid": sdid, "data": data}
    if ts is not None:
        message["ts"] = ts
    answer = api.post("/messages", json=message)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["data"]["mid"])


def post_history(api: Api, sdid: str, events: list[tuple[int, str]]) -> None:
    for ts, state in events:
        send(api, sdid, ts, state=state)


def local_ms(day: date, at: clock_time, zone: str = BERLIN) -> int:
    """Epoch milliseconds of a local wall-clock time on a day."""
    return int(datetime.combine(day, at, ZoneInfo(zone)).timestamp() * 1000)


def local_date(ts: int, zone: str = BERLIN) -> date:
    return datetime.fromtimestamp(ts / 1000, ZoneInfo(zone)).date()


def office_hours(
    rng: random.Random, first: date, days: int, zone: str = BERLIN
) -> list[tuple[int, str]]:
    """The routine's `(ts, state)` events over `days` days from `first`."""
    events = []
    for number in range(days):
        day = first + timedelta(days=number)
        if day.weekday() >= 5:
            continue
        for start, spread_minutes, state in OFFICE_HOURS:
            ts = local_ms(day, start, zone) + rng.randrange(spread_minutes * MINUTE_MS)
            events.append((ts, state))
    return events


def month_of_office_hours(
    rng: random.Random, until: int, zone: str = BERLIN
) -> list[tuple[int, str]]:
    """30 days of the routine before `until`, a local midnight; locked at the start."""
    first = local_date(until - 30 * DAY_MS, zone)
    return [(until - 30 * DAY_MS, "locked"), *office_hours(rng, first, 30, zone)]


def routine_lock(
    emulator: EmulatorInfo, until: int = A_TUESDAY_MIDNIGHT
) -> tuple[Api, Lock]:
    """A new user with a lock that kept office hours for the month before `until`."""
    api = new_user(emulator)
    lock = lock_of(api)
    history = month_of_office_hours(random.Random(OFFICE_HOURS_SEED), until)
    post_history(api, lock.id, history)
    return api, lock


def new_model(api: Api, sdid: str, **extra: Any) -> dict[str, Any]:
    """A new anomaly model of a lock's state, as created (still training)."""
    answer = api.post(
        "/ml/models",
        json={"type": "anomalyDetection", "sources": [{"sdid": sdid, "field": "state"}]}
        | extra,
    )
    assert answer.status_code == 201, answer.text
    return dict(answer.json()["data"])


def wait_until_trained(
    api: Api, model_id: str, after: int | None = None, deadline_s: float = DEADLINE_S
) -> dict[str, Any]:
    """The model once it has trained, or failed to (later than `after`, if given)."""

    def ready() -> dict[str, Any] | None:
        model = api.get(f"/ml/models/{model_id}").json()["data"]
        if model["status"] == "training":
            return None
        if after is not None and (model["trainedOn"] or 0) <= after:
            return None
        return dict(model)

    return wait_for(ready, f"model {model_id} trained", deadline_s)


def timetable(api: Api, model_id: str, sensitivity: str | int) -> dict[str, Any]:
    answer = api.get(
        f"/ml/models/{model_id}/timetable", params={"sensitivity": sensitivity}
    )
    assert answer.status_code == 200, answer.text
    return dict(answer.json()["data"])


def rows(table: dict[str, Any], weekday: str) -> list[tuple[str, str, Any]]:
    """A weekday's rows of a timetable answer, as `(from, to, state)`."""
    day = next(d for d in table["weekdays"] if d["weekday"] == weekday)
    return [(row["from"], row["to"], row["state"]) for row in day["rows"]]


@contextlib.contextmanager
def device_channel(emulator: EmulatorInfo, device: Lock) -> Iterator[ClientConnection]:
    """A device's WebSocket channel, registered with its device token."""
    url = emulator.api_url.replace("http://", "ws://") + "/websocket?ack=true"
    with connect(url) as ws:
        ws.send(
            json.dumps(
                {
                    "type": "register",
                    "sdid": device.id,
                    "authorization": f"bearer {device.token}",
                    "cid": "register",
                }
            )
        )
        registered = next_frame(ws)
        assert registered["data"]["code"] == "200", registered
        yield ws


def next_frame(ws: ClientConnection, deadline_s: float = DEADLINE_S) -> dict[str, Any]:
    """The next frame other than a ping, within the deadline."""
    end = time.monotonic() + deadline_s
    while True:
        frame = json.loads(ws.recv(timeout=max(end - time.monotonic(), 0.001)))
        if frame.get("type") != "ping":
            return dict(frame)


def assert_quiet(ws: ClientConnection, quiet_s: float = QUIET_S) -> None:
    """Fail if any frame but a ping arrives within `quiet_s`."""
    end = time.monotonic() + quiet_s
    while (left := end - time.monotonic()) > 0:
        try:
            frame = json.loads(ws.recv(timeout=left))
        except TimeoutError:
            return
        assert frame.get("type") == "ping", f"expected no frame, got {frame}"
