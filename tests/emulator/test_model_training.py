"""Training over time: the 6316 warning, retraining a day later, a month and a week.

Each test here runs an emulator of its own, in memory, and moves its clock: a month of
history and a week of daily retraining pass in seconds.
"""

import random
import time
from collections.abc import Iterator
from datetime import datetime
from datetime import time as clock_time
from zoneinfo import ZoneInfo

import pytest

from harness.emulator.launcher import EmulatorInfo
from harness.model import train
from tests.conftest import SAMPLE_ALARM, make_device
from tests.emulator.rule_steps import (
    A_TUESDAY_MIDNIGHT,
    BERLIN,
    DAY_MS,
    HIGH,
    HOUR_MS,
    MINUTE_MS,
    OFFICE_HOURS_SEED,
    QUIET_S,
    alert,
    anomalous,
    create_rule,
    freeze_clock,
    local_date,
    local_ms,
    lock_of,
    mail,
    month_of_office_hours,
    new_model,
    new_user,
    office_hours,
    own_emulator,
    post_history,
    routine_lock,
    rule,
    rules_fired,
    send,
    timetable,
    wait_for_executions,
    wait_until_trained,
)

T = A_TUESDAY_MIDNIGHT
TUESDAY_3AM = T + 3 * HOUR_MS


def weekday_and_time(ts: int) -> str:
    return datetime.fromtimestamp(ts / 1000, ZoneInfo(BERLIN)).strftime("%a %H:%M")


@pytest.fixture
def slow() -> Iterator[EmulatorInfo]:
    """An emulator whose models take one real second to train."""
    with own_emulator("--training-delay-seconds", "1") as emulator:
        yield emulator


def test_fewer_than_three_messages_cannot_train(emulator: EmulatorInfo) -> None:
    now = int(time.time() * 1000)
    with new_user(emulator) as user:
        sparse, enough = lock_of(user, "sparse"), lock_of(user, "enough")
        for number, state in enumerate(["locked", "unlocked", "locked"]):
            send(user, enough.id, ts=now - (number + 1) * HOUR_MS, state=state)
            if number < 2:
                send(user, sparse.id, ts=now - (number + 1) * HOUR_MS, state=state)

        failed = create_rule(user, rule("sparse", anomalous(sparse.id), [mail("a@b")]))
        model = wait_until_trained(user, failed["modelId"])
        warned = user.get(f"/rules/{failed['id']}").json()["data"]["warning"]
        no_table = user.get(f"/ml/models/{model['id']}/timetable")
        fine = wait_until_trained(user, new_model(user, enough.id)["id"])

    assert model["status"] == "error"
    assert "cannot train: 2 message(s)" in model["error"]
    assert "at least 3 are needed" in model["error"]
    assert warned["code"] == 6316
    assert warned["warnings"] == [
        [{"modelId": model["id"], "messages": [model["error"]]}]
    ]
    assert no_table.status_code == 400
    assert "is error" in no_table.json()["error"]["message"]
    assert (fine["status"], fine["messages"]) == ("ready", 3)


def test_a_rule_warns_6316_and_does_not_fire_while_its_model_trains(
    slow: EmulatorInfo,
) -> None:
    admin = freeze_clock(slow, T)
    api, lock = routine_lock(slow)
    phone = make_device(api, SAMPLE_ALARM, "phone")

    start = time.monotonic()
    created = create_rule(api, rule("odd", anomalous(lock.id), [alert(phone.id)]))
    model = api.get(f"/ml/models/{created['modelId']}").json()["data"]
    fired = rules_fired(admin)
    send(api, lock.id, ts=TUESDAY_3AM, state="unlocked")
    still_quiet = rules_fired(admin) == fired
    ready = wait_until_trained(api, created["modelId"])
    took = time.monotonic() - start
    after = api.get(f"/rules/{created['id']}").json()["data"]
    send(api, lock.id, ts=TUESDAY_3AM + MINUTE_MS, state="unlocked")

    assert created["warning"] == {
        "code": 6316,
        "message": "Transformer warnings",
        "warnings": [[{"modelId": created["modelId"], "messages": ["is training"]}]],
    }
    assert model["status"] == "training"
    assert still_quiet
    assert took >= 1.0  # the training delay, in real seconds
    assert ready["status"] == "ready"
    assert after["warning"] is None
    assert after["modelId"] == created["modelId"]
    assert rules_fired(admin) == fired + 1


def test_the_old_model_answers_while_the_next_one_trains(slow: EmulatorInfo) -> None:
    admin = freeze_clock(slow, T)
    api, lock = routine_lock(slow)
    phone = make_device(api, SAMPLE_ALARM, "phone")
    created = create_rule(api, rule("odd", anomalous(lock.id), [alert(phone.id)]))
    wait_until_trained(api, created["modelId"])

    admin.post("/clock", json={"advance": DAY_MS}).raise_for_status()
    retraining = api.get(f"/ml/models/{created['modelId']}").json()["data"]
    warning = api.get(f"/rules/{created['id']}").json()["data"]["warning"]
    fired = rules_fired(admin)
    send(api, lock.id, ts=T + DAY_MS + 3 * HOUR_MS, state="unlocked")
    judged_by_the_old_model = rules_fired(admin) - fired
    retrained = wait_until_trained(api, created["modelId"], after=T)

    assert (retraining["status"], retraining["trainedOn"]) == ("ready", T)
    assert warning is None
    assert judged_by_the_old_model == 1
    assert retrained["trainedOn"] == T + DAY_MS


def test_a_model_retrains_once_the_clock_has_moved_on_a_day() -> None:
    with own_emulator() as emulator:
        admin = freeze_clock(emulator, T)
        api, lock = routine_lock(emulator)
        model = wait_until_trained(api, new_model(api, lock.id)["id"])

        admin.post("/clock", json={"advance": 23 * HOUR_MS}).raise_for_status()
        time.sleep(QUIET_S)  # a quiet spell: a training started now would end in it
        not_due = api.get(f"/ml/models/{model['id']}").json()["data"]
        admin.post("/clock", json={"advance": HOUR_MS}).raise_for_status()
        retrained = wait_until_trained(api, model["id"], after=T)
        table = timetable(api, model["id"], "High")

    assert model["trainedOn"] == T
    assert not_due["trainedOn"] == T
    assert retrained["trainedOn"] == T + DAY_MS
    assert retrained["nextTrainingOn"] == T + 2 * DAY_MS
    assert table["trainedOn"] == T + DAY_MS


def a_day_of_the_lock(rng: random.Random, midnight: int) -> list[tuple[int, str]]:
    """The routine of the day that ends at `midnight`; on Saturday, a visitor."""
    day = local_date(midnight - DAY_MS)
    if day.weekday() == 5:
        return [
            (local_ms(day, clock_time(14, 0)), "unlocked"),
            (local_ms(day, clock_time(14, 5)), "locked"),
        ]
    return office_hours(rng, day, 1)


def test_a_month_of_learning_and_a_week_of_retraining_pass_in_seconds() -> None:
    start = time.monotonic()
    rng = random.Random(OFFICE_HOURS_SEED)
    history = month_of_office_hours(rng, T)
    with own_emulator() as emulator:
        admin = freeze_clock(emulator, T)
        api = new_user(emulator)
        door = lock_of(api)
        post_history(api, door.id, history)
        created = create_rule(api, rule("odd", anomalous(door.id), [mail("a@b.c")]))
        model_id = created["modelId"]
        wait_until_trained(api, model_id)

        # The harness's own model, trained on the same history, as the referee.
        referee = train(history, T, BERLIN)
        anomalies, trained_on, agreed = [], [], []
        for day in range(1, 8):
            midnight = T + day * DAY_MS  # no daylight-saving change in December
            for ts, state in a_day_of_the_lock(rng, midnight):
                admin.post("/clock", json={"now": ts}).raise_for_status()
                mid = send(api, door.id, state=state)  # live: ts is the clock's now
                history.append((ts, state))
                if referee.judge(ts, state, HIGH):
                    anomalies.append((mid, f"{weekday_and_time(ts)} {state}"))

            admin.post("/clock", json={"now": midnight}).raise_for_status()
            model = wait_until_trained(api, model_id, after=midnight - DAY_MS)
            referee = train(history, midnight, BERLIN)
            trained_on.append(model["trainedOn"])
            table = timetable(api, model_id, HIGH)["weekdays"]
            agreed.append(
                model["messages"] == referee.messages
                and table == referee.timetable(HIGH).to_dict()["weekdays"]
            )

        fired = wait_for_executions(api, created["id"], len(anomalies))
    elapsed = time.monotonic() - start

    assert trained_on == [T + day * DAY_MS for day in range(1, 8)]
    assert agreed == [True] * 7
    # The visitor is anomalous; so is Thursday's unlock at 17:50 to the model that
    # retrained at Thursday's midnight: its window lost an early evening, and the
    # slot from 17:50 to 17:55 became locked at High confidence.
    assert [when for _, when in anomalies] == [
        "Thu 17:50 unlocked",
        "Sat 14:00 unlocked",
    ]
    assert [e["mid"] for e in reversed(fired["executions"])] == [
        mid for mid, _ in anomalies
    ]
    assert elapsed < 15  # 37 days of a lock's life
