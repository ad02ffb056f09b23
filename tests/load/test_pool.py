"""The lock pool: each lock to one user at a time, whichever worker it runs on."""

import json
from pathlib import Path

import pytest

from harness.commands.provisioned import ProvisionedFleet, ProvisionedLock
from harness.errors import HarnessError
from harness.load.anchor import Anchor
from harness.load.pool import LockPool, base_of, read_fleet
from harness.load.run import LOCKS, LoadRun, answer, free


def pool_of(size: int) -> LockPool:
    return LockPool("locks", [{"name": f"lock-{n}"} for n in range(size)])


def test_users_on_two_workers_never_share_a_lock() -> None:
    pool = pool_of(4)

    taken = [pool.take(worker) for worker in ("a", "b", "a", "b")]

    assert [grant[0] for grant in taken if grant] == [0, 1, 2, 3]
    assert pool.names_by_holder() == {
        "a": ["lock-0", "lock-2"],
        "b": ["lock-1", "lock-3"],
    }


def test_a_user_beyond_the_fleet_gets_no_lock_and_is_counted() -> None:
    pool = pool_of(1)
    pool.take("a")

    assert pool.take("b") is None
    assert pool.refused == 1


def test_a_lock_given_back_goes_to_the_next_user() -> None:
    pool = pool_of(2)
    pool.take("a")
    pool.take("a")

    pool.give_back(0)

    assert pool.take("b") == (0, {"name": "lock-0"})
    assert pool.held == 2


def test_a_missing_fleet_file_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(HarnessError, match="harness provision"):
        read_fleet(tmp_path / "missing.json")


def test_a_fleet_file_without_locks_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fleet.json"
    path.write_text(json.dumps({"api_url": "http://h/v1.1", "locks": []}))

    with pytest.raises(HarnessError, match="no locks"):
        read_fleet(path)


def test_the_server_base_comes_from_the_api_root() -> None:
    assert base_of("http://127.0.0.1:9000/v1.1/") == "http://127.0.0.1:9000"


def a_run(size: int) -> LoadRun:
    locks = tuple(
        ProvisionedLock(f"lock-{n}", "office-hours", "UTC", f"1:{n}", f"d{n}", "t")
        for n in range(size)
    )
    fleet = ProvisionedFleet("http://h/v1.1", "tiny", "1", "dt", locks)
    run = LoadRun(fleet, "http://h", None, options=None)
    run.anchor = Anchor(1.0, 1_796_079_600_000, 60.0)
    run.pools = {LOCKS: LockPool(LOCKS, [{"name": lock.name} for lock in locks])}
    return run


def test_the_owner_answers_with_a_lock_and_the_run_clock() -> None:
    run = a_run(1)

    reply = answer(run, 7, LOCKS, "worker-a")

    assert reply["key"] == 7
    assert reply["lock"] == {"name": "lock-0"}
    assert Anchor.from_dict(reply["anchor"]) == run.anchor


def test_the_owner_says_why_there_is_no_lock() -> None:
    run = a_run(1)
    answer(run, 1, LOCKS, "worker-a")

    reply = answer(run, 2, LOCKS, "worker-b")

    assert reply["lock"] is None
    assert "all 1 locks of the fleet file are taken" in reply["reason"]


def test_a_freed_lock_is_answered_again() -> None:
    run = a_run(1)
    first = answer(run, 1, LOCKS, "worker-a")

    free(run, LOCKS, first["index"])

    assert answer(run, 2, LOCKS, "worker-b")["lock"] == {"name": "lock-0"}


def test_no_lock_is_answered_before_the_run_starts() -> None:
    reply = answer(None, 1, LOCKS, "worker-a")

    assert "has not started" in reply["reason"]
