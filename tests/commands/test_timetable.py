"""`harness timetable`: a model's learned timetable, or a routine's predicted one."""

import time
import xml.etree.ElementTree as ElementTree
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from harness.client import UserClient
from harness.routines import find_routine, predict_timetable
from tests.commands.conftest import Harness, Lock

SVG = "{http://www.w3.org/2000/svg}"
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
TRAINING_DEADLINE_S = 20


def weekday_rows(image: Path) -> list[str]:
    root = ElementTree.parse(image).getroot()
    return [
        g.get("id", "") for g in root.iter(f"{SVG}g") if g.get("class") == "weekday"
    ]


def test_a_routines_prediction_is_the_table_and_the_picture(
    harness: Harness, tmp_path: Path
) -> None:
    image = tmp_path / "predicted.svg"

    outcome = harness(
        "timetable",
        "--routine",
        "office-hours",
        "--draws",
        "12",
        "--seed",
        "3",
        "--sensitivity",
        "High",
        "--image",
        str(image),
    )

    assert outcome.code == 0, outcome.err
    expected = predict_timetable(find_routine("office-hours"), "high", draws=12, seed=3)
    assert outcome.out.startswith(expected.render() + "\n")
    assert "Saturday   " + "L" * 72 in outcome.out
    assert weekday_rows(image) == [*WEEKDAYS, "sunday"]


def test_a_models_learned_timetable_comes_from_the_server(
    harness: Harness,
    server: list[str],
    lock: Lock,
    user: UserClient,
    tmp_path: Path,
) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    end = datetime.now(berlin).replace(hour=0, minute=0, second=0, microsecond=0)
    backfill = harness(
        "history",
        "--device",
        lock.did,
        "--routine",
        "office-hours",
        "--days",
        "21",
        "--end",
        (end - timedelta(days=1)).isoformat(),
        *server,
    )
    assert backfill.code == 0, backfill.err
    model = user.models.create(
        "anomalyDetection",
        [{"sdid": lock.did, "field": "state"}],
        {"timezone": "Europe/Berlin"},
    )
    wait_until_trained(user, model["id"])
    image = tmp_path / "learned.svg"

    outcome = harness(
        "timetable", "--model", model["id"], "--image", str(image), *server
    )

    assert outcome.code == 0, outcome.err
    lines = outcome.out.splitlines()
    assert lines[:2] == [
        f"model {model['id']} in Europe/Berlin",
        "Timetable at sensitivity 10",
    ]
    assert "Monday     00:00  08:50  locked" in lines
    assert "Saturday   00:00  24:00  locked" in lines
    assert weekday_rows(image) == [*WEEKDAYS, "sunday"]


def wait_until_trained(user: UserClient, model_id: str) -> None:
    deadline = time.monotonic() + TRAINING_DEADLINE_S
    while user.models.get(model_id)["status"] == "training":
        assert time.monotonic() < deadline, "the model did not train in time"
        time.sleep(0.05)


def test_an_unknown_model_is_one_line_and_exit_one(
    harness: Harness, server: list[str]
) -> None:
    outcome = harness("timetable", "--model", "f" * 32, *server)

    assert outcome.code == 1
    [line] = outcome.err_lines
    assert line.startswith("harness timetable: GET ")
    assert "answered 404" in line


@pytest.mark.parametrize(
    ("args", "words"),
    [
        pytest.param([], "one of the arguments --model --routine", id="neither"),
        pytest.param(
            ["--model", "m", "--routine", "office-hours"],
            "not allowed with argument",
            id="both",
        ),
        pytest.param(
            ["--model", "m", "--api-url", "http://127.0.0.1:9/v1.1"],
            "needs a user token",
            id="no-user",
        ),
        pytest.param(["--routine", "r", "--sensitivity", "101"], "0 to 100", id="101"),
        pytest.param(["--routine", "r", "--draws", "0"], "not at least 1", id="draws"),
    ],
)
def test_misuse_is_a_usage_error(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, args: list[str], words: str
) -> None:
    for name in ("HARNESS_MODEL", "HARNESS_ROUTINE", "HARNESS_USER_TOKEN"):
        monkeypatch.delenv(name, raising=False)

    outcome = harness("timetable", *args)

    assert outcome.code == 2
    assert words in outcome.err_lines[-1]


def test_the_routine_may_come_from_the_environment(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HARNESS_ROUTINE", "night-shift")
    monkeypatch.setenv("HARNESS_TIMETABLE_DRAWS", "3")

    outcome = harness("timetable")

    assert outcome.code == 0, outcome.err
    assert outcome.out.startswith("night-shift: predicted timetable at sensitivity 10")
    assert "3 draws of 30 days" in outcome.out
