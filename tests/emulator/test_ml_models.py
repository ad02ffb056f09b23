"""ML models: made, trained on creation, refused, limited; timetables, predictions."""

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from harness.emulator.launcher import EmulatorInfo
from tests.conftest import Api, Lock
from tests.emulator.rule_steps import (
    A_TUESDAY_MIDNIGHT,
    BERLIN,
    DAY_MS,
    HIGH,
    HOUR_MS,
    MINUTE_MS,
    OFFICE_HOURS_SEED,
    OFFICE_HOURS_TIMETABLE,
    anomalous,
    at_once,
    create_rule,
    freeze_clock,
    lock_of,
    mail,
    month_of_office_hours,
    new_model,
    new_user,
    own_emulator,
    post_history,
    routine_lock,
    rows,
    rule,
    rules_fired,
    send,
    thermometer,
    timetable,
    wait_for_executions,
    wait_until_trained,
    when,
)

T = A_TUESDAY_MIDNIGHT
TUESDAY_3AM = T + 3 * HOUR_MS
SATURDAY_3PM = T + 4 * DAY_MS + 15 * HOUR_MS


@dataclass(frozen=True)
class Trained:
    """An emulator frozen at T; a lock with a month of office hours and its model."""

    emulator: EmulatorInfo
    api: Api
    admin: Api
    lock: Lock
    model: dict[str, Any]


@pytest.fixture(scope="module")
def trained() -> Iterator[Trained]:
    with own_emulator() as emulator:
        admin = freeze_clock(emulator, T)
        api, lock = routine_lock(emulator)
        model = wait_until_trained(api, new_model(api, lock.id)["id"])
        with api, admin:
            yield Trained(emulator, api, admin, lock, model)


def test_a_model_trains_when_it_is_created(trained: Trained) -> None:
    api, lock = routine_lock(trained.emulator)
    created = new_model(api, lock.id)

    ready = wait_until_trained(api, created["id"])

    assert created["status"] == "training"
    assert created["trainedOn"] is None
    assert created["sources"] == [{"sdid": lock.id, "field": "state"}]
    assert created["parameters"]["timezone"] == BERLIN
    assert ready["status"] == "ready"
    assert ready["error"] is None
    assert (ready["trainedOn"], ready["nextTrainingOn"]) == (T, T + DAY_MS)
    assert ready["messages"] == 85  # the first "locked" and 21 weekdays of four
    assert ready["values"] == ["locked", "unlocked"]


@pytest.mark.parametrize(
    "asked, sensitivity",
    [("High", 10), ("high", 10), ("10", 10), ("Medium", 50), ("Low", 90), ("37", 37)],
    ids=["High", "high", "ten", "Medium", "Low", "37"],
)
def test_the_timetable_answers_each_weekday_at_a_sensitivity(
    trained: Trained, asked: str, sensitivity: int
) -> None:
    model = trained.model

    table = timetable(trained.api, model["id"], asked)

    assert table["sensitivity"] == sensitivity
    assert (table["modelId"], table["timezone"]) == (model["id"], BERLIN)
    assert table["trainedOn"] == T
    days = [day["weekday"] for day in table["weekdays"]]
    assert days == [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
    for day in days:
        cells = rows(table, day)
        assert cells[0][0] == "00:00" and cells[-1][1] == "24:00"
        assert all(a[1] == b[0] for a, b in itertools.pairwise(cells))
    if sensitivity == 10:
        for weekday in days[:5]:
            assert rows(table, weekday) == OFFICE_HOURS_TIMETABLE
        for weekend_day in days[5:]:
            assert rows(table, weekend_day) == [("00:00", "24:00", "locked")]


@pytest.mark.parametrize(
    "asked, fragment",
    [("Highest", "did you mean 'high'"), ("101", "101"), ("-5", "-5"), ("1.5", "1.5")],
    ids=["misspelt", "above", "negative", "fraction"],
)
def test_a_timetable_at_a_bad_sensitivity_is_refused(
    trained: Trained, asked: str, fragment: str
) -> None:
    answer = trained.api.get(
        f"/ml/models/{trained.model['id']}/timetable", params={"sensitivity": asked}
    )

    assert answer.status_code == 400
    assert fragment in answer.json()["error"]["message"]


def test_predict_answers_the_expected_value_and_the_verdict(trained: Trained) -> None:
    model = trained.model
    inputs = [
        {"ts": TUESDAY_3AM, "value": "unlocked"},
        {"ts": T + 9 * HOUR_MS + 7 * MINUTE_MS, "value": "unlocked"},
        {"ts": T + 8 * HOUR_MS + 55 * MINUTE_MS, "value": "locked"},
        {"ts": SATURDAY_3PM},
    ]

    answer = trained.api.post(
        f"/ml/models/{model['id']}/predict",
        json={"inputs": inputs, "sensitivity": "High"},
    )

    assert answer.status_code == 200, answer.text
    data = answer.json()["data"]
    for output in data["outputs"]:
        output.pop("slot")
    assert data == {
        "modelId": model["id"],
        "sensitivity": 10,
        "outputs": [
            {
                "ts": TUESDAY_3AM,
                "value": "unlocked",
                "expected": "locked",
                "verdict": True,
            },
            inputs[1] | {"expected": "unlocked", "verdict": False},
            inputs[2] | {"expected": None, "verdict": None},
            {"ts": SATURDAY_3PM, "expected": "locked"},
        ],
    }


def test_predict_explains_each_verdict_by_its_slot(trained: Trained) -> None:
    model = trained.model
    inputs = [
        {"ts": TUESDAY_3AM, "value": "unlocked"},
        {"ts": T + 8 * HOUR_MS + 55 * MINUTE_MS, "value": "locked"},
    ]

    answer = trained.api.post(
        f"/ml/models/{model['id']}/predict",
        json={"inputs": inputs, "sensitivity": "High"},
    )

    assert answer.status_code == 200, answer.text
    night, edge = (output["slot"] for output in answer.json()["data"]["outputs"])
    assert night == {
        "group": "workdays",
        "from": "03:00",
        "to": "03:05",
        "days": night["days"],
        "minDays": 3,
        "shares": [{"value": "locked", "share": 1.0}],
        "threshold": 0.95,
    }
    assert night["days"] >= 20
    assert edge["from"] == "08:55" and edge["to"] == "09:00"
    assert [share["value"] for share in edge["shares"]] == ["locked", "unlocked"]
    assert edge["shares"][0]["share"] < 0.95


@pytest.mark.parametrize(
    "body, fragment",
    [
        ({"inputs": []}, "'inputs' must list 1 to 1000"),
        ({"inputs": [{"ts": "noon"}]}, "inputs[0] must be {'ts'"),
        ({"inputs": [{"ts": T}], "sensitivity": 500}, "500"),
        ({"inputs": [{"ts": T}], "when": 1}, "unknown key 'when'"),
    ],
    ids=["no-inputs", "ts-text", "sensitivity", "unknown-key"],
)
def test_a_bad_prediction_request_is_refused(
    trained: Trained, body: dict[str, Any], fragment: str
) -> None:
    model_id = trained.model["id"]

    answer = trained.api.post(f"/ml/models/{model_id}/predict", json=body)

    assert answer.status_code == 400
    assert fragment in answer.json()["error"]["message"]


@pytest.mark.parametrize(
    "change, fragment",
    [
        ({"type": "clustering"}, "model type 'clustering' is not one of"),
        ({"parameters": ["slot_minutes", 5]}, "'parameters' must be an object"),
        ({"parameters": "hourly"}, "'parameters' must be an object"),
        ({"parameters": {"slot_minute": 5}}, "did you mean 'slot_minutes'"),
        ({"parameters": {"slot_minutes": 7}}, "does not divide a day"),
        ({"parameters": {"timezone": "Mars/Base"}}, "Mars/Base"),
        ({"sources": []}, "must list exactly one {'sdid', 'field'}"),
        ({"sources": [{"sdid": "x", "field": "state", "n": 1}]}, "a source is"),
        ({"sources": [{"field": "state"}]}, "a source is"),
        ({"name": "door"}, "unknown key 'name'"),
    ],
    ids=[
        "type",
        "parameters-list",
        "parameters-text",
        "misspelt-parameter",
        "slot-minutes",
        "time-zone",
        "no-source",
        "source-key",
        "source-without-device",
        "unknown-key",
    ],
)
def test_a_malformed_model_is_refused_by_name(
    trained: Trained, change: dict[str, Any], fragment: str
) -> None:
    body = {
        "type": "anomalyDetection",
        "sources": [{"sdid": trained.lock.id, "field": "state"}],
    } | change

    answer = trained.api.post("/ml/models", json=body)

    assert answer.status_code == 400, answer.text
    assert fragment in answer.json()["error"]["message"]


def test_a_model_of_a_numeric_field_or_another_users_lock_is_refused(
    trained: Trained,
) -> None:
    thermo = thermometer(trained.api, trained.admin)
    with new_user(trained.emulator) as stranger:
        numeric = trained.api.post(
            "/ml/models",
            json={
                "type": "anomalyDetection",
                "sources": [{"sdid": thermo.id, "field": "temperature"}],
            },
        )
        not_theirs = stranger.post(
            "/ml/models",
            json={
                "type": "anomalyDetection",
                "sources": [{"sdid": trained.lock.id, "field": "state"}],
            },
        )

    assert numeric.status_code == 400
    assert "holds Double values" in numeric.json()["error"]["message"]
    assert not_theirs.status_code in (403, 404)


def test_a_user_has_at_most_ten_models(trained: Trained) -> None:
    with new_user(trained.emulator) as user:
        door = lock_of(user)
        ten = [new_model(user, door.id)["id"] for _ in range(10)]

        eleventh = user.post(
            "/ml/models",
            json={
                "type": "prediction",
                "sources": [{"sdid": door.id, "field": "state"}],
            },
        )
        deleted = user.delete(f"/ml/models/{ten[0]}")
        after_delete = new_model(user, door.id)

    assert eleventh.status_code == 400
    assert "at most 10 ML models" in eleventh.json()["error"]["message"]
    assert deleted.status_code == 200
    assert after_delete["status"] == "training"


def test_models_made_at_the_same_time_never_pass_the_limit(trained: Trained) -> None:
    with new_user(trained.emulator) as user:
        door = lock_of(user)
        body = {
            "type": "anomalyDetection",
            "sources": [{"sdid": door.id, "field": "state"}],
        }

        made = at_once(
            trained.emulator, user, 14, lambda s: s.post("/ml/models", json=body)
        )
        rules = at_once(
            trained.emulator,
            user,
            4,
            lambda s: s.post(
                "/rules", json=rule("odd", anomalous(door.id), [mail("a@b.c")])
            ),
        )

    assert sorted(a.status_code for a in made) == [201] * 10 + [400] * 4
    assert [a.status_code for a in rules] == [400] * 4


def test_a_rules_model_goes_only_with_its_rule(trained: Trained) -> None:
    with new_user(trained.emulator) as user:
        door = lock_of(user)
        created = create_rule(user, rule("odd", anomalous(door.id), [mail("a@b.c")]))

        refused = user.delete(f"/ml/models/{created['modelId']}")
        kept = user.get(f"/ml/models/{created['modelId']}")
        standalone = new_model(user, door.id)
        deleted = user.delete(f"/ml/models/{standalone['id']}")
        gone = user.get(f"/ml/models/{standalone['id']}")

    assert refused.status_code == 400
    assert f"belongs to rule {created['id']!r}" in refused.json()["error"]["message"]
    assert kept.status_code == 200
    assert (deleted.status_code, gone.status_code) == (200, 404)


def fired_on_each(
    trained: Trained, lock: Lock, events: list[tuple[int, str]]
) -> list[bool]:
    """Post each `(ts, state)` of a lock; answer whether its rule fired on it."""
    fired = []
    for ts, state in events:
        before = rules_fired(trained.admin)
        send(trained.api, lock.id, ts=ts, state=state)
        fired.append(rules_fired(trained.admin) > before)
    return fired


def office_lock(trained: Trained) -> Lock:
    """Another lock of the module's user, with the same month of office hours."""
    lock = lock_of(trained.api, "office")
    month = month_of_office_hours(random.Random(OFFICE_HOURS_SEED), T)
    post_history(trained.api, lock.id, month)
    return lock


def test_an_expected_value_rule_fires_on_neither_anomalies_nor_the_unknown(
    trained: Trained,
) -> None:
    lock = office_lock(trained)
    created = create_rule(
        trained.api,
        rule("as usual", anomalous(lock.id, verdict=False), [mail("a@b.c")]),
    )
    wait_until_trained(trained.api, created["modelId"])

    fired = fired_on_each(
        trained,
        lock,
        [
            (TUESDAY_3AM, "locked"),  # expected
            (TUESDAY_3AM + MINUTE_MS, "unlocked"),  # anomalous
            (T + 8 * HOUR_MS + 57 * MINUTE_MS, "unlocked"),  # unknown slot
        ],
    )

    assert fired == [True, False, False]


def test_a_prediction_rule_compares_the_value_expected_later(
    trained: Trained,
) -> None:
    lock = office_lock(trained)
    in_an_hour = {
        "type": "prediction",
        "parameters": {"predictIn": 3600, "sensitivity": HIGH},
    }
    created = create_rule(
        trained.api,
        rule(
            "locked in an hour",
            when(lock.id, "state", "=", "locked", transformer=in_an_hour),
            [mail("a@b.c")],
        ),
    )
    wait_until_trained(trained.api, created["modelId"])

    fired = fired_on_each(
        trained,
        lock,
        [
            (T + 16 * HOUR_MS, "locked"),  # 17:00 is locked
            (T + 17 * HOUR_MS + 30 * MINUTE_MS, "locked"),  # 18:30 is unlocked
            (T + 8 * HOUR_MS, "locked"),  # 09:00 is unknown
        ],
    )

    recorded = wait_for_executions(trained.api, created["id"], 1)
    assert fired == [True, False, False]
    assert recorded["executions"][0]["expected"] == "locked"
