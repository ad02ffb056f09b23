"""The emulator's clock: read, set, frozen, advanced, sped up, and what follows it."""

import time
from collections.abc import Iterator

import pytest

from harness.emulator.launcher import EmulatorInfo, EmulatorProcess
from tests.conftest import SAMPLE_LOCK, Api, make_device

DAY_MS = 86_400_000
A_TUESDAY_NOON = 1_797_163_200_000  # 2026-12-15 12:00 UTC


@pytest.fixture
def own_emulator() -> Iterator[EmulatorInfo]:
    """An emulator of the test's own, whose clock the test may move freely."""
    process = EmulatorProcess(db=":memory:")
    try:
        yield process.start()
    finally:
        process.close()


def last_message(api: Api, lock_id: str) -> dict[str, int]:
    answer = api.get("/messages/last", params={"sdids": lock_id, "count": 1})
    answer.raise_for_status()
    return answer.json()["data"][0]


def test_the_clock_follows_real_time_by_default(own_emulator: EmulatorInfo) -> None:
    with Api(own_emulator.emulator_url or "", None) as admin:
        before = time.time() * 1000
        clock = admin.get("/clock").json()["data"]
        after = time.time() * 1000

    assert before - 5 <= clock["now"] <= after + 5
    assert clock["frozen"] is False
    assert clock["speed"] == 1.0


def test_a_frozen_clock_stamps_cts_and_a_missing_ts(own_emulator: EmulatorInfo) -> None:
    with (
        Api(own_emulator.emulator_url or "", None) as admin,
        Api(own_emulator.api_url, own_emulator.user_token) as api,
    ):
        lock = make_device(api, SAMPLE_LOCK, "front door")
        set_to = admin.post("/clock", json={"now": A_TUESDAY_NOON, "frozen": True})
        assert set_to.json()["data"] == {
            "now": A_TUESDAY_NOON,
            "frozen": True,
            "speed": 1.0,
        }

        api.post("/messages", json={"sdid": lock.id, "data": {"state": "locked"}})

        message = last_message(api, lock.id)
        assert message["ts"] == A_TUESDAY_NOON
        assert message["cts"] == A_TUESDAY_NOON


def test_advancing_the_clock_moves_the_bounds_of_ts(own_emulator: EmulatorInfo) -> None:
    with (
        Api(own_emulator.emulator_url or "", None) as admin,
        Api(own_emulator.api_url, own_emulator.user_token) as api,
    ):
        lock = make_device(api, SAMPLE_LOCK, "front door")
        admin.post("/clock", json={"now": A_TUESDAY_NOON, "frozen": True})
        two_days_ahead = {
            "sdid": lock.id,
            "ts": A_TUESDAY_NOON + 2 * DAY_MS,
            "data": {"state": "unlocked"},
        }

        refused = api.post("/messages", json=two_days_ahead)
        admin.post("/clock", json={"advance": 2 * DAY_MS})
        accepted = api.post("/messages", json=two_days_ahead)

        assert refused.status_code == 400
        assert "out of bounds" in refused.json()["error"]["message"]
        assert accepted.status_code == 200
        assert admin.get("/clock").json()["data"]["now"] == A_TUESDAY_NOON + 2 * DAY_MS


def test_a_sped_up_clock_runs_that_many_times_faster(
    own_emulator: EmulatorInfo,
) -> None:
    with Api(own_emulator.emulator_url or "", None) as admin:
        admin.post("/clock", json={"now": A_TUESDAY_NOON, "speed": 3600.0})
        start = time.monotonic()
        deadline = start + 5.0
        while True:
            now = admin.get("/clock").json()["data"]["now"]
            if now >= A_TUESDAY_NOON + 3_600_000 or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        real_elapsed = time.monotonic() - start

    # An hour of emulated time passes in about one real second.
    assert now >= A_TUESDAY_NOON + 3_600_000
    assert real_elapsed < 4.0


@pytest.mark.parametrize(
    "change, fragment",
    [
        ({"speed": 0}, "'speed' must be a positive factor"),
        ({"speed": "fast"}, "'speed' must be a number"),
        ({"frozen": "yes"}, "'frozen' must be true or false"),
        ({"now": -5}, "'now' must be epoch milliseconds"),
        ({"rewind": 5}, "unknown key 'rewind'"),
        ({}, "send at least one of"),
    ],
    ids=["zero-speed", "speed-text", "frozen-text", "negative-now", "unknown", "empty"],
)
def test_a_bad_clock_change_is_refused_and_changes_nothing(
    own_emulator: EmulatorInfo, change: dict[str, object], fragment: str
) -> None:
    with Api(own_emulator.emulator_url or "", None) as admin:
        admin.post("/clock", json={"now": A_TUESDAY_NOON, "frozen": True})

        answer = admin.post("/clock", json=change)

        assert answer.status_code == 400
        assert fragment in answer.json()["error"]["message"]
        assert admin.get("/clock").json()["data"]["now"] == A_TUESDAY_NOON


def test_a_reset_brings_the_clock_back_to_real_time(own_emulator: EmulatorInfo) -> None:
    with Api(own_emulator.emulator_url or "", None) as admin:
        admin.post("/clock", json={"now": A_TUESDAY_NOON, "frozen": True})

        admin.post("/reset")

        clock = admin.get("/clock").json()["data"]
        assert abs(clock["now"] - time.time() * 1000) < 5_000
        assert clock["frozen"] is False
