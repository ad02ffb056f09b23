"""Acknowledged means stored: every message that got a mid survives a restart."""

import random
from concurrent.futures import ThreadPoolExecutor

import pytest

from harness.emulator.launcher import EmulatorProcess
from tests.conftest import SAMPLE_LOCK, Api, make_device

MESSAGES = 400
WORKERS = 16


def post_history(api_url: str, lock_id: str, token: str, seed: int) -> set[str]:
    """Post a lock's messages concurrently; answer the mids that were acknowledged."""
    rng = random.Random(seed)
    bodies = [
        {
            "sdid": lock_id,
            "ts": 1_700_000_000_000 + index * 60_000,
            "data": {"state": rng.choice(["locked", "unlocked"])},
        }
        for index in range(MESSAGES)
    ]

    def post(body: dict[str, object]) -> str:
        with Api(api_url, token) as device:
            answer = device.post("/messages", json=body)
            answer.raise_for_status()
            return str(answer.json()["data"]["mid"])

    with ThreadPoolExecutor(WORKERS) as pool:
        return set(pool.map(post, bodies))


def stored_mids(api: Api, lock_id: str) -> set[str]:
    mids: set[str] = set()
    params = {"sdid": lock_id, "startDate": 0, "count": 100}
    while True:
        page = api.get("/messages", params=params)
        page.raise_for_status()
        body = page.json()
        mids.update(message["mid"] for message in body["data"])
        if "next" not in body:
            return mids
        params["offset"] = body["next"]


@pytest.mark.parametrize("kill", [True, False], ids=["killed", "stopped"])
def test_every_acknowledged_message_survives_a_restart(kill: bool) -> None:
    process = EmulatorProcess(extra_args=("--max-past-days", "3650"))
    try:
        info = process.start()
        with Api(info.api_url, info.user_token) as api:
            lock = make_device(api, SAMPLE_LOCK, "back door")
        acknowledged = post_history(info.api_url, lock.id, lock.token, seed=7)

        info = process.restart(kill=kill)

        with Api(info.api_url, info.user_token) as api:
            assert stored_mids(api, lock.id) == acknowledged
            assert api.get("/users/self").json()["data"]["id"] == lock.uid
        with Api(info.api_url, lock.token) as device:
            again = device.post(
                "/messages", json={"sdid": lock.id, "data": {"state": "locked"}}
            )
            assert again.status_code == 200, "the device token survives a restart"
    finally:
        process.close()


def test_a_restart_keeps_the_start_up_user_and_its_token() -> None:
    process = EmulatorProcess()
    try:
        first = process.start()
        second = process.restart()

        assert (second.user_id, second.user_token) == (first.user_id, first.user_token)
    finally:
        process.close()


def test_an_in_memory_emulator_starts_empty_and_serves() -> None:
    process = EmulatorProcess(db=":memory:")
    try:
        info = process.start()
        with Api(info.api_url, info.user_token) as api:
            lock = make_device(api, SAMPLE_LOCK, "shed")
            posted = api.post(
                "/messages", json={"sdid": lock.id, "data": {"state": "unlocked"}}
            )
            assert posted.status_code == 200
            assert len(stored_mids(api, lock.id)) == 1
    finally:
        process.close()
